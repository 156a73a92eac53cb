"""Where a cold whole-site build spends its time: one `mkdocs build` with a line per stage.

    python bench/timeline.py [--n 10000]

Builds the archive `bench/scale.py --n N` prepared (bench/out/scale-N: its seeds, docs and
mkdocs.yml) from scratch (no extraction cache, no site/), as the scale benchmark's cold whole
site does, and prints to stdout, as each stage starts and ends: the wall time since the start,
the CPU time (user + system) of this process and of its children waited for so far, and minor
page faults. Each child the hook starts (Pagefind's, the writers') reports its own when it ends.
The figures are of one run: the machine's speed varies between runs (see RESULTS.md).
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import archive.pipeline as pipeline  # noqa: E402
import archive.processes as processes  # noqa: E402
import archive.render as render  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from scale import discard, empty_trash, settle  # noqa: E402

START = time.perf_counter()


def usage(who: int) -> str:
    """CPU seconds (user+system) and minor page faults of `who` (RUSAGE_SELF or RUSAGE_CHILDREN)."""
    used = resource.getrusage(who)
    return f"{used.ru_utime:6.1f}+{used.ru_stime:4.1f} s, {used.ru_minflt // 1000:5d}k faults"


def stamp(event: str) -> None:
    """One line: wall time, this process's and its waited-for children's usage, the event."""
    print(f"{time.perf_counter() - START:6.1f} s | self {usage(resource.RUSAGE_SELF)} | "
          f"children {usage(resource.RUSAGE_CHILDREN)} | {event}", flush=True)


def timed_stage(module: Any, name: str) -> None:
    """Wrap `module.name` to stamp its start and end."""
    function = getattr(module, name)

    @functools.wraps(function)
    def stage(*args: Any, **kwargs: Any) -> Any:
        stamp(f"{name} starts")
        result = function(*args, **kwargs)
        stamp(f"{name} ends")
        return result
    setattr(module, name, stage)


def child_report(target: Callable[..., None], *args: Any) -> None:
    """Run a Background child's target, then print its own wall time and usage."""
    began = time.perf_counter()
    target(*args)
    print(f"{time.perf_counter() - START:6.1f} s | child {target.__name__} ended after {time.perf_counter() - began:.1f} s: "
          f"self {usage(resource.RUSAGE_SELF)}, its children {usage(resource.RUSAGE_CHILDREN)}", flush=True)


def instrument() -> None:
    """Stamp the pipeline's stages, the rendering, MkDocs' events and the children's ends."""
    for name in ("read_articles", "extract_all", "aggregate"):
        timed_stage(pipeline, name)
    timed_stage(render, "search_documents")
    plain_render = pipeline.render_pages

    def render_pages(*args: Any, **kwargs: Any) -> Any:
        pages = plain_render(*args, **kwargs)

        def counted() -> Any:
            count = 0
            for page in pages:
                if count == 0:
                    stamp("first page rendered")
                count += 1
                yield page
            stamp(f"rendering ends: {count} files")
        return counted()
    pipeline.render_pages = render_pages
    plain_background = processes.Background.__init__

    def background(self: Any, target: Callable[..., None], *args: Any, **kwargs: Any) -> None:
        plain_background(self, child_report, target, *args, **kwargs)
    processes.Background.__init__ = background  # type: ignore[method-assign]

    from mkdocs.plugins import PluginCollection
    plain_event = PluginCollection.run_event

    def run_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        if name in ("files", "nav", "env", "post_build") or name not in seen:
            stamp(f"MkDocs event {name}")
            seen.add(name)
        return plain_event(self, name, item, **kwargs)
    seen: set[str] = set()
    PluginCollection.run_event = run_event  # type: ignore[method-assign]


def main() -> None:
    """Build bench/out/scale-N cold under the instruments."""
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--n", type=int, default=10000, help="the archive bench/scale.py --n N prepared")
    work = ROOT / "bench" / "out" / f"scale-{options.parse_args().n}"
    if not (work / "mkdocs.yml").is_file():
        raise SystemExit(f"{work} has no mkdocs.yml: run bench/scale.py with the same --n first")
    settle()
    for stale in (work / ".cache", work / "site"):
        discard(stale)  # deleted after the build: deleting before slows every file it creates (bench/scale.py)
    global START
    START = time.perf_counter()  # from here: deleting the last run's site took seconds
    os.environ["ARCHIVE_SEEDS"] = str(work / "seeds")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    instrument()
    from mkdocs.__main__ import cli
    sys.argv = ["mkdocs", "build", "-q", "-f", str(work / "mkdocs.yml")]
    try:
        cli()
    finally:
        stamp("exit")
        empty_trash()


if __name__ == "__main__":
    main()
