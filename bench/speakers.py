"""Who said what, this code against another commit: speakers found, and the attributions that changed.

    python bench/speakers.py --n 2000 --against 5f7ee71
    python bench/speakers.py --n 2000 --against 5f7ee71 --sample 30

Both trees extract the facts of the same random sample of corpus articles (`--seed`), each in a
child process on its own code and registry. Printed for each tree: statements, statements with a
speaker, distinct discovered persons and organisations. Then every statement whose speaker
changed, with the words before it, the old speaker and the new one (`--sample K`: K of them, drawn
at random). Read those sentences to judge a rule: the counts say how many more statements have a
speaker, not that the speakers are right. `--against` is checked out as a git worktree under
bench/out/ and removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from against import checked_out  # noqa: E402
from scale import DEFAULT_CORPUS, OUT, PYTHON, ROOT  # noqa: E402

# Run in a child with the tree to measure first on sys.path: argv = tree, corpus, n, seed.
CHILD = """
import json, random, sys
from pathlib import Path
tree, corpus, n, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, str(tree))
from archive.extract import extract_facts
from archive.read import read_article
from archive.registry import load_registry
registry = load_registry(tree / "registry")
files = random.Random(seed).sample(sorted(p for p in corpus.iterdir() if p.suffix == ".txt"), n)
found = {}
for path in files:
    article = read_article(path, corpus, registry.furniture)
    facts = extract_facts(article, registry)
    names = {**{a.id: a.name for a in registry.actors.values()}, **{a.id: a.name for a in facts.discovered}}
    texts = {p.index: p.text for p in article.paragraphs}
    found[path.name] = {
        "statements": [[s.paragraph, s.start, names.get(s.speaker), texts[s.paragraph][max(0, s.start - 90):s.start]]
                       for s in facts.statements],
        "discovered": [[a.name, a.type] for a in facts.discovered],
    }
json.dump(found, sys.stdout, ensure_ascii=False)
"""


def extract_sample(tree: Path, corpus: Path, n: int, seed: int) -> dict[str, Any]:
    """Statements (paragraph, offset, speaker's name, words before) and discoveries per article, by `tree`'s code."""
    run = subprocess.run([str(PYTHON), "-c", CHILD, str(tree), str(corpus), str(n), str(seed)],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def summary(found: dict[str, Any]) -> tuple[int, int, int, int]:
    """(statements, with a speaker, distinct discovered persons, distinct discovered organisations)."""
    statements = [s for article in found.values() for s in article["statements"]]
    discovered = {tuple(d) for article in found.values() for d in article["discovered"]}
    return (len(statements), sum(1 for s in statements if s[2]),
            sum(1 for _, kind in discovered if kind == "person"), sum(1 for _, kind in discovered if kind == "organization"))


def changed_speakers(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, str, str | None, str | None]]:
    """(article, words before the statement, old speaker, new speaker) of statements found by both trees."""
    changes = []
    for name, article in after.items():
        old = {(s[0], s[1]): s[2] for s in before[name]["statements"]}
        for paragraph, start, speaker, words in article["statements"]:
            if (paragraph, start) in old and old[paragraph, start] != speaker:
                changes.append((name, words, old[paragraph, start], speaker))
    return changes


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="directory of .txt articles")
    options.add_argument("--n", type=int, default=2000, help="number of articles, drawn at random")
    options.add_argument("--seed", type=int, default=3, help="the random draw of articles")
    options.add_argument("--against", required=True, help="the commit to compare with (any git revision)")
    options.add_argument("--sample", type=int, default=0, help="print this many changed attributions, drawn at random (0: all)")
    args = options.parse_args()
    with checked_out(args.against, OUT / f"speakers-{args.against}") as other:
        before = extract_sample(other, args.corpus, args.n, args.seed)
    after = extract_sample(ROOT, args.corpus, args.n, args.seed)
    print("| tree | statements | with a speaker | discovered persons | discovered organisations |\n| --- | ---: | ---: | ---: | ---: |")
    for label, found in (("this", after), (args.against, before)):
        print(f"| {label} | " + " | ".join(f"{count:,}" for count in summary(found)) + " |")
    changes = changed_speakers(before, after)
    shown = random.Random(args.seed).sample(changes, args.sample) if 0 < args.sample < len(changes) else changes
    print(f"\n{len(changes)} statements changed speaker; {len(shown)} shown (article | words before | {args.against} → this):")
    for name, words, old, new in shown:
        print(f"{name} | …{words[-70:]} | {old} → {new}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
