"""What the benchmarks that compare this tree with another commit share (bench/edits.py, bench/extraction.py):
their common options, and the other commit checked out beside this tree."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
from pathlib import Path
from typing import Iterator

from scale import DEFAULT_CORPUS, ROOT


def comparison_options(doc: str, n: int, rounds: int, rounds_help: str) -> argparse.ArgumentParser:
    """A parser described by the first paragraph of `doc`, with --corpus, --n, --against and --rounds."""
    options = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    options.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="directory of .txt articles")
    options.add_argument("--n", type=int, default=n, help="number of articles")
    options.add_argument("--against", required=True, help="the commit to compare with (any git revision)")
    options.add_argument("--rounds", type=int, default=rounds, help=rounds_help)
    return options


@contextlib.contextmanager
def checked_out(revision: str, where: Path) -> Iterator[Path]:
    """`revision` as a git worktree at `where` (under bench/out/), removed when the block ends."""
    shutil.rmtree(where, ignore_errors=True)
    subprocess.run(["git", "worktree", "add", "--detach", str(where), revision], cwd=ROOT, check=True, capture_output=True)
    try:
        yield where
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(where)], cwd=ROOT, check=False)
