"""One-article edits, this code against another commit, in alternating rounds.

    python bench/edits.py --n 10000 --against 1f8bb7b --rounds 4

Both trees build the same N corpus articles (as bench/scale.py prepares them) into docs folders and
caches of their own, cold, once. Then each round edits one article (a sentence appended, then taken
out again, in turn) and runs build.py of each tree, in alternating order, and the read-and-write
floor of bench/scale.py: so the two builds of a round see the same edit in the same minutes, and
each is read against the floor of those minutes. This host's speed drifts by 2x within an hour; the
medians of the rounds are the figures to quote. `--against` is checked out as a git worktree under
bench/out/ and removed afterwards.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from against import checked_out, comparison_options  # noqa: E402
from scale import OUT, PYTHON, ROOT, Measure, discard, empty_trash, measure_baseline, prepare_corpus, run, settle, written_counts  # noqa: E402

SENTENCE = "\n\nوأضاف المحرر جملة للتجربة.\n"


def toggle_edit(seeds: Path) -> str:
    """Append SENTENCE to the middle article, or take it out if it is there; return the file name."""
    path = sorted(seeds.iterdir())[len(list(seeds.iterdir())) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: -len(SENTENCE)] if text.endswith(SENTENCE) else text.rstrip("\n") + SENTENCE, encoding="utf-8")
    return path.name


def build(tree: Path, seeds: Path, work: Path, label: str) -> Measure:
    """build.py of `tree` into `work`/docs, with its cache in `work`/.cache."""
    return run(label, [str(PYTHON), str(tree / "build.py"), "--seeds", str(seeds), "--docs", str(work / "docs"),
                       "--cache", str(work / ".cache")], env={"CI": "1"}, cwd=tree)


def rounds(trees: dict[str, Path], seeds: Path, out: Path, count: int) -> list[dict[str, float]]:
    """`count` rounds of one edit built by each tree: wall seconds of each, and of the floor."""
    results = []
    for number in range(count):
        name = toggle_edit(seeds)
        order = list(trees) if number % 2 == 0 else list(trees)[::-1]
        times = {label: build(trees[label], seeds, out / label, label) for label in order}
        floor, _ = measure_baseline(seeds, out / "baseline", runs=1)
        print(f"round {number + 1} ({name}): floor {floor.wall:.2f} s; "
              + "; ".join(f"{label} {m.wall:.2f} s ({written_counts(m.stderr)})" for label, m in times.items()), flush=True)
        results.append({"floor": floor.wall, **{label: m.wall for label, m in times.items()}})
    return results


def main() -> None:
    args = comparison_options(__doc__, 1000, 4, "edits, each built by both trees").parse_args()
    settle()
    out = OUT / f"edits-{args.n}"
    discard(out)
    seeds = out / "seeds"
    seeds.mkdir(parents=True)
    prepare_corpus(args.corpus, args.n, seeds)
    with checked_out(args.against, out / "against-tree") as against:
        trees = {"this": ROOT, args.against: against}
        for label, tree in trees.items():
            print(f"{label}: cold build {build(tree, seeds, out / label, label).wall:.2f} s", flush=True)
        results = rounds(trees, seeds, out, args.rounds)
    print(f"\n| tree | median one-edit s | × floor (median of rounds) |\n| --- | ---: | ---: |")
    for label in trees:
        print(f"| {label} | {statistics.median(r[label] for r in results):.2f} | "
              f"{statistics.median(r[label] / r['floor'] for r in results):.1f}× |")
    print(f"\nthis / {args.against}, median of rounds: {statistics.median(r['this'] / r[args.against] for r in results):.2f}")
    empty_trash()


if __name__ == "__main__":
    main()
