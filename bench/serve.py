"""Editing under `mkdocs serve`: how long after one article is saved the served site has the edit,
and what an idle `mkdocs serve` costs.

    python bench/serve.py --n 10000 --edits 3 [--against REV]

For each tree (this one, then `--against` checked out as a git worktree under bench/out/), the N
corpus articles (as bench/scale.py prepares them) are built once with `mkdocs build`, which fills
docs/ and the extraction cache as `make site` does; then `mkdocs serve` starts on them. Measured:
the CPU the serve process takes in 10 idle seconds; then, for each of K edits of one article (a
sentence appended, then taken out again, in turn), the wall seconds from the save to MkDocs'
"Reloading browsers" line, logged as the rebuild returns, and the CPU of the serve process and of
the children it waited for over that time. The baseline, measured just before each tree's serve: a bare `mkdocs build` of the
same articles as plain pages, what rebuilding a plain MkDocs site of that size costs (MkDocs' serve
rebuilds the whole site after every change). This host's speed drifts by up to 2x within an hour:
read each rebuild against the baseline of its own tree's minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))

from against import checked_out  # noqa: E402
from edits import toggle_edit  # noqa: E402
from scale import DEFAULT_CORPUS, MKDOCS, OUT, ROOT, bare_docs, discard, empty_trash, fresh_docs, mkdocs_config, prepare_corpus, run, settle  # noqa: E402

BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Rebuild:
    """One rebuild of `mkdocs serve` after an edit."""

    file: str
    wall: float  # from the save to the "Reloading browsers" line
    reported: float  # what MkDocs said it took
    cpu: float  # of the serve process
    children_cpu: float  # of the children it waited for (Pagefind, writers)


def options() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="directory of .txt articles")
    parser.add_argument("--n", type=int, default=1000, help="number of articles")
    parser.add_argument("--edits", type=int, default=3, help="edits of one article, each waited for")
    parser.add_argument("--against", help="another commit to measure the same way (any git revision)")
    return parser


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds of a process, and of its children it has waited for (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    user, system, children_user, children_system = (int(value) for value in fields[11:15])
    return (user + system) / TICKS, (children_user + children_system) / TICKS


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def builds_logged(log: Path) -> list[float]:
    return [float(seconds) for seconds in BUILT.findall(log.read_text(encoding="utf-8", errors="replace"))]


def rebuilds_logged(log: Path) -> int:
    """Rebuilds done: MkDocs logs "Reloading browsers" as each returns. Not "Documentation built in …",
    which MkDocs drops when the same text was logged before (DuplicateFilter): a rebuild as fast as
    an earlier build would never be seen done."""
    return log.read_text(encoding="utf-8", errors="replace").count("Reloading browsers")


def wait_for_build(log: Path, count: int, server: subprocess.Popen[bytes], limit: float = 1800,
                   done: Callable[[Path], int] = lambda log: len(builds_logged(log))) -> None:
    """Wait until the log shows `count` builds `done` (by default: "Documentation built" lines)."""
    deadline = time.monotonic() + limit
    while done(log) < count:
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"mkdocs serve stopped or never finished a build:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)


@contextlib.contextmanager
def serving(tree: Path, config: Path, seeds: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`mkdocs serve` of `tree` on `config`, its first build done; stopped with Ctrl-C afterwards."""
    env = {**os.environ, "ARCHIVE_SEEDS": str(seeds), "CI": "1", "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        server = subprocess.Popen([str(MKDOCS), "serve", "-a", f"127.0.0.1:{free_port()}", "-f", str(config)],
                                  cwd=tree, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # even if run with &
    try:
        wait_for_build(log, 1, server)
        while "Serving on" not in log.read_text(encoding="utf-8", errors="replace"):
            time.sleep(0.1)
        yield server
    finally:
        server.send_signal(signal.SIGINT)  # MkDocs cleans its temporary site on Ctrl-C, not on SIGTERM
        try:
            server.wait(120)
        except subprocess.TimeoutExpired:
            server.kill()


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1)) / 1024  # type: ignore[union-attr]


def idle_cpu(pid: int, seconds: float = 10) -> float:
    """CPU seconds the process takes while nothing changes."""
    before = cpu_seconds(pid)[0]
    time.sleep(seconds)
    return cpu_seconds(pid)[0] - before


def rebuilds(server: subprocess.Popen[bytes], seeds: Path, log: Path, count: int) -> list[Rebuild]:
    """`count` edits, each waited for until the site is rebuilt."""
    done = []
    for _ in range(count):
        builds = rebuilds_logged(log)
        before = cpu_seconds(server.pid)
        start = time.perf_counter()
        name = toggle_edit(seeds)
        wait_for_build(log, builds + 1, server, done=rebuilds_logged)
        wall = time.perf_counter() - start
        after = cpu_seconds(server.pid)
        done.append(Rebuild(name, wall, builds_logged(log)[-1], after[0] - before[0], after[1] - before[1]))
        time.sleep(2)  # the browsers reloaded, the watcher settled
    return done


def measure_tree(label: str, tree: Path, seeds: Path, out: Path, edits: int) -> list[str]:
    """The rows of one tree: its baseline, its serve's first build, idle CPU and rebuilds."""
    work = out / label.replace("/", "_")
    discard(work)
    work.mkdir(parents=True)
    fresh_docs(work / "docs", tree)
    config = mkdocs_config(work, work / "docs", work / "site", True, tree)
    env = {"ARCHIVE_SEEDS": str(seeds), "CI": "1"}
    run(f"{label}: mkdocs build (fills docs/ and the cache)", [str(MKDOCS), "build", "-q", "-f", str(config)], env, tree)
    bare = work / "docs-bare"
    bare_docs(seeds, bare)
    bare_config = mkdocs_config(work, bare, work / "site-bare", False, tree)
    baseline = run("bare mkdocs build", [str(MKDOCS), "build", "-q", "-f", str(bare_config)], None, tree)
    log = work / "serve.log"
    with serving(tree, config, seeds, log) as server:
        first = builds_logged(log)[0]
        idle = idle_cpu(server.pid)
        done = rebuilds(server, seeds, log, edits)
        peak = peak_memory_mb(server.pid)
    rows = [f"| {label} | bare mkdocs build (baseline) | {baseline.wall:.2f} | {baseline.cpu:.2f} | 1.00× |",
            f"| {label} | serve: first build | {first:.2f} | | {first / baseline.wall:.2f}× |",
            f"| {label} | serve: idle, CPU in 10 s | | {idle:.2f} | |"]
    for number, rebuild in enumerate(done, 1):
        rows.append(f"| {label} | serve: edit {number} ({rebuild.file}), save to site rebuilt | {rebuild.wall:.2f} | "
                    f"{rebuild.cpu:.2f} + {rebuild.children_cpu:.2f} children | {rebuild.wall / baseline.wall:.2f}× |")
    median = statistics.median(r.wall for r in done)
    rows.append(f"| {label} | serve: peak memory of the serve process after the edits: {peak:.0f} MB | | | |")
    rows.append(f"| {label} | serve: median of the edits | {median:.2f} | | **{median / baseline.wall:.2f}×** |")
    print("\n".join(rows), flush=True)
    return rows


def main() -> None:
    args = options().parse_args()
    settle()
    out = OUT / f"serve-{args.n}"
    discard(out)
    seeds = out / "seeds"
    seeds.mkdir(parents=True)
    prepare_corpus(args.corpus, args.n, seeds)
    header = ["| tree | step | wall s | CPU s | × the bare build |", "| --- | --- | ---: | ---: | ---: |"]
    rows = measure_tree("this", ROOT, seeds, out, args.edits)
    if args.against:
        with checked_out(args.against, out / "against-tree") as against:
            rows += measure_tree(args.against, against, seeds, out, args.edits)
    print("\n" + "\n".join(header + rows))
    empty_trash()


if __name__ == "__main__":
    main()
