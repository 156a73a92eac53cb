"""bench/speakers.py: its child extracts a real sample with the tree it is given, and the comparison
reports exactly the statements whose speaker changed."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import speakers  # noqa: E402  (bench/ is not a package)


def test_a_sample_is_extracted_by_the_tree_given(seeds_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt"))[:3]:
        (corpus / seed.name).write_bytes(seed.read_bytes())
    found = speakers.extract_sample(speakers.ROOT, corpus, 3, seed=1)
    assert sorted(found) == sorted(path.name for path in corpus.iterdir())
    statements, with_speaker, _, _ = speakers.summary(found)
    assert statements >= with_speaker > 0
    lavrov = [s for article in found.values() for s in article["statements"] if s[2] == "سيرغي لافروف"]
    assert lavrov and all(isinstance(words, str) for *_, words in lavrov)


def test_only_the_statements_both_trees_found_are_compared() -> None:
    before = {"a.txt": {"statements": [[0, 5, "لافروف", "…"], [1, 9, None, "وقال"], [2, 0, "بيسكوف", "…"]], "discovered": []}}
    after = {"a.txt": {"statements": [[0, 5, "لافروف", "…"], [1, 9, "زاخاروفا", "وقال"], [3, 0, "بيسكوف", "…"]],
                       "discovered": []}}
    assert speakers.changed_speakers(before, after) == [("a.txt", "وقال", None, "زاخاروفا")]
