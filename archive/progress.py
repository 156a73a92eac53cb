"""The progress display of long builds, for build.py and `mkdocs build` alike."""

from __future__ import annotations

import os
import time
from typing import TextIO


class ProgressLine:
    """A one-line progress display on a terminal: articles read, extracted, pages written.

    Silent when stderr is not a terminal or in CI (env CI set): logs get no carriage returns.
    Redrawn at most every REDRAW_SECONDS so a fast stage does not spend its time printing.
    """

    LABELS = {"read": "read", "extract": "extracted", "write": "pages"}
    REDRAW_SECONDS = 0.1

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream, self.enabled, self.last = stream, enabled, ""
        self.counts: dict[str, tuple[int, int]] = {}
        self.drawn_at = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        self.counts[stage] = (done, total)
        now = time.monotonic()
        if done != total and now - self.drawn_at < self.REDRAW_SECONDS:
            return
        self.drawn_at = now
        line = " · ".join(f"{self.LABELS.get(name, name)} {d}/{t}" for name, (d, t) in self.counts.items() if name != "written")
        if "written" in self.counts:
            line += f" ({self.counts['written'][0]} written)"
        # Pad with spaces so a shorter line fully covers the previous one.
        self.stream.write("\r" + line.ljust(len(self.last)))
        self.stream.flush()
        self.last = line

    def finish(self) -> None:
        """End the progress line so the summary starts on a fresh line."""
        if self.enabled and self.last:
            self.stream.write("\n")
            self.last = ""


def progress_wanted(stream: TextIO, quiet: bool) -> bool:
    """Progress only for a person at a terminal: not under --quiet, in CI, or into a pipe or file."""
    return stream.isatty() and not quiet and not os.environ.get("CI")
