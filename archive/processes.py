"""Child processes: when forking is safe, and work a child does while the caller goes on."""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import sys
import threading
from pathlib import Path
from typing import Any, Callable

PROJECT_ROOT = str(Path(__file__).resolve().parents[1])  # where the archive package is imported from


def can_fork() -> bool:
    """Forking is cheapest (the child shares the caller's memory), but safe only where fork exists and
    no other thread could hold a lock the child would wait on forever (`mkdocs serve` runs threads)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def process_context() -> multiprocessing.context.BaseContext:
    """fork where `can_fork`, else spawn (the child starts afresh and receives its arguments pickled)."""
    if can_fork():
        return multiprocessing.get_context("fork")
    # A spawned child imports what it runs by module name, on the parent's sys.path. MkDocs loads the
    # hook with the project root on sys.path and takes it off again, so it is put back here.
    if PROJECT_ROOT not in sys.path:
        sys.path.append(PROJECT_ROOT)
    return multiprocessing.get_context("spawn")


# A writer child's niceness: its files are wanted when the build ends, not sooner, so the cores go
# first to what the end waits for (MkDocs in the parent, Pagefind), and the writer fills what they leave.
YIELDING_NICENESS = 10


class Background:
    """`target(*args)` in a child process while the caller goes on; `target` must be importable
    (a module-level function), since a spawned child imports it. A `yielding` child runs at a lower
    priority (YIELDING_NICENESS)."""

    def __init__(self, target: Callable[..., None], *args: Any, yielding: bool = False) -> None:
        self.process = process_context().Process(target=_yielding if yielding else target,
                                                 args=(target, *args) if yielding else args)
        self.process.start()

    def wait(self) -> bool:
        """Wait for the child; False when it failed (it has printed why)."""
        self.process.join()
        return self.process.exitcode == 0

    def stop(self) -> None:
        """End the child now (SIGTERM), and wait for it to be gone."""
        self.process.terminate()
        self.process.join()


def _yielding(target: Callable[..., None], *args: Any) -> None:
    """`target(*args)` at a lower priority (lowering one's own needs no privilege)."""
    os.nice(YIELDING_NICENESS)
    target(*args)
