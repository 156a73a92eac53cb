"""Child processes: a writer child yields the cores to what the build's end waits for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archive.processes import YIELDING_NICENESS, Background


def write_niceness(out: Path) -> None:
    out.write_text(str(os.nice(0)), encoding="utf-8")


@pytest.mark.parametrize(("yielding", "increment"), [(False, 0), (True, YIELDING_NICENESS)])
def test_a_yielding_child_runs_at_a_lower_priority(tmp_path: Path, yielding: bool, increment: int) -> None:
    out = tmp_path / "niceness"
    assert Background(write_niceness, out, yielding=yielding).wait()
    assert int(out.read_text(encoding="utf-8")) == min(19, os.nice(0) + increment)


def test_a_failing_child_is_reported(tmp_path: Path) -> None:
    assert not Background(write_niceness, tmp_path / "missing" / "niceness", yielding=True).wait()
