"""The command line: documented options, exit codes, the build report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from archive.cli import parser

from conftest import ROOT

OPTIONS = sorted({option for action in parser()._actions for option in action.option_strings})


def run_build(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, cwd=cwd)


def test_there_are_options_to_check() -> None:
    assert {"--seeds", "--docs", "--help"} <= set(OPTIONS)


@pytest.mark.parametrize("option", OPTIONS)
def test_every_option_is_in_help(option: str) -> None:
    assert option in run_build("--help").stdout


@pytest.mark.parametrize("option", OPTIONS)
def test_every_option_is_in_the_readme(option: str) -> None:
    assert f"`{option}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_build_writes_pages_facts_and_report(tmp_path: Path, seeds_dir: Path) -> None:
    result = run_build("--seeds", str(seeds_dir), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "docs" / "facts.json").is_file()
    assert len(list((tmp_path / "docs" / "articles").glob("0*.md"))) == 5
    report = json.loads((tmp_path / "build-report.json").read_text(encoding="utf-8"))
    assert report["inputs"] == report["pages"] == 5


def test_second_build_writes_nothing(tmp_path: Path, seeds_dir: Path) -> None:
    run_build("--seeds", str(seeds_dir), "--docs", str(tmp_path / "docs"))
    result = run_build("--seeds", str(seeds_dir), "--docs", str(tmp_path / "docs"))
    assert " 0 written" in result.stderr


def test_skipped_file_fails_only_under_strict(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text("عنوان\n\nنص المقال.\n", encoding="utf-8")
    (seeds / "empty.txt").write_bytes(b"")
    docs = str(tmp_path / "docs")
    relaxed = run_build("--seeds", str(seeds), "--docs", docs)
    strict = run_build("--seeds", str(seeds), "--docs", docs, "--strict")
    assert relaxed.returncode == 0 and strict.returncode == 1
    assert "empty.txt: empty file" in strict.stderr


def test_missing_seeds_directory_exits_2(tmp_path: Path) -> None:
    result = run_build("--seeds", str(tmp_path / "nowhere"), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 2 and "nowhere" in result.stderr


def test_check_writes_no_pages(tmp_path: Path, seeds_dir: Path) -> None:
    result = run_build("--seeds", str(seeds_dir), "--docs", str(tmp_path / "docs"), "--check")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "docs").exists()
