"""Extraction alone, this code against another commit: CPU per article, instructions, and the same facts.

    python bench/extraction.py --n 2000 --against 9c46696 --rounds 6
    python bench/extraction.py --n 300 --against 9c46696 --instructions

Each measurement is a child process that reads the first N corpus articles (not timed), then
extracts their facts in one process (`archive.extract.extract_facts`, no pool, no cache) and prints
the CPU time per article and a hash of every fact (mentions, statements, citations, roles,
discoveries, search words): an optimisation must leave the hash as it was. The two trees run in
alternating order, so each round compares two runs of the same minutes; the medians are the
figures to quote.

This host's CPU time per article drifts by 2x within an hour. `--instructions` counts instead the
instructions each child executes, under valgrind's cachegrind (50x slower: keep N small), once
with extraction and once reading only, and gives the extraction's share: a count that does not
drift, though it misses what memory costs. Hash randomisation is fixed (PYTHONHASHSEED=0) so that
both trees walk their sets in the same order. `--against` is checked out as a git worktree under
bench/out/ and removed afterwards.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from against import checked_out, comparison_options  # noqa: E402
from scale import OUT, PYTHON, ROOT  # noqa: E402

# Run in a child, with the tree to measure first on sys.path: argv = tree, corpus, n, "extract" or "read".
CHILD = """
import gc, hashlib, pickle, sys, time
from pathlib import Path
tree, corpus, n, step = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, str(tree))
from archive.extract import extract_facts
from archive.read import read_article
from archive.registry import load_registry
registry = load_registry(tree / "registry")
files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")[:n]
articles = [read_article(path, corpus, registry.furniture) for path in files]
gc.disable()  # as in a build: extraction runs with collection paused
start = time.process_time()
facts = [extract_facts(article, registry) for article in articles] if step == "extract" else []
cpu = time.process_time() - start
digest = hashlib.sha256()
for f in facts:
    digest.update(pickle.dumps((f.mentions, f.statements, f.citations, f.roles, f.discovered, f.discoveries, f.search_text)))
print(f"{cpu / n * 1000:.4f} {digest.hexdigest()[:16]}")
"""


def measure(tree: Path, corpus: Path, n: int, step: str = "extract", instructions: bool = False) -> tuple[float, str]:
    """(CPU ms per article, or instructions executed, and the facts' hash) of one child on `tree`."""
    command = [str(PYTHON), "-c", CHILD, str(tree), str(corpus), str(n), step]
    if instructions:
        command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *command]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if result.returncode != 0:
        raise SystemExit(f"{tree}: extraction failed:\n{result.stderr[-3000:]}")
    cpu, digest = result.stdout.split()
    if not instructions:
        return float(cpu), digest
    counted = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if counted is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{result.stderr[-2000:]}")
    return float(counted.group(1).replace(",", "")), digest


def compare_time(trees: dict[str, Path], corpus: Path, n: int, rounds: int) -> dict[str, list[float]]:
    """`rounds` alternating runs of each tree: CPU ms per article, by tree."""
    times: dict[str, list[float]] = {label: [] for label in trees}
    for number in range(rounds):
        for label in (list(trees) if number % 2 == 0 else list(trees)[::-1]):
            cpu, digest = measure(trees[label], corpus, n)
            times[label].append(cpu)
            print(f"round {number + 1}: {label} {cpu:.3f} ms per article, facts {digest}", flush=True)
    return times


def compare_instructions(trees: dict[str, Path], corpus: Path, n: int) -> None:
    """Instructions of each tree with extraction, and of reading alone, as a Markdown table."""
    print(f"\n| tree | instructions, read + extract | read only | extraction | facts |\n| --- | ---: | ---: | ---: | --- |")
    for label, tree in trees.items():
        total, digest = measure(tree, corpus, n, instructions=True)
        reading, _ = measure(tree, corpus, n, "read", instructions=True)
        print(f"| {label} | {total / 1e9:.3f} G | {reading / 1e9:.3f} G | {(total - reading) / 1e9:.3f} G | {digest} |", flush=True)


def main() -> None:
    options = comparison_options(__doc__, 2000, 6, "alternating runs of each tree")
    options.add_argument("--instructions", action="store_true", help="count instructions under valgrind instead")
    args = options.parse_args()
    with checked_out(args.against, OUT / "extraction-against-tree") as against:
        trees = {"this": ROOT, args.against: against}
        if args.instructions:
            compare_instructions(trees, args.corpus, args.n)
            return
        times = compare_time(trees, args.corpus, args.n, args.rounds)
    print(f"\n| tree | median CPU ms per article | runs |\n| --- | ---: | --- |")
    for label, values in times.items():
        print(f"| {label} | {statistics.median(values):.3f} | {', '.join(f'{v:.3f}' for v in values)} |")
    ratios = [mine / theirs for mine, theirs in zip(times["this"], times[args.against])]
    print(f"\nthis / {args.against}, median of rounds: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
