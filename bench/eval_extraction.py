"""Precision and recall of extraction against a hand-checked gold file.

    python bench/eval_extraction.py GOLD.yml FACTS.json

GOLD.yml has the format of shared/gold/seeds.yml; FACTS.json is a build's
export (docs/facts.json). Prints one line per fact kind: persons,
organizations, places, resolutions, direct statements (with the right
speaker), indirect statements (recall only: the gold lists examples).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.arabic import normalise  # noqa: E402

ACTOR_KINDS = {"persons": "person", "organizations": "organization", "places": "place"}


@dataclass
class Score:
    """Counts of one fact kind; precision is None where the gold is not exhaustive."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0
    found: int = 0  # gold facts found (recall numerator)
    exhaustive: bool = True

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.predicted if self.exhaustive and self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None


def names_of(entry: Any) -> set[str]:
    """Matching forms of a gold actor: its name and the other forms it is written in."""
    if isinstance(entry, str):
        return {normalise(entry)}
    return {normalise(n) for n in [entry["name"], *(entry.get("also") or [])]}


def actor_names(actor: dict[str, Any]) -> set[str]:
    return {normalise(n) for n in [actor["name"], *actor.get("aliases", [])]}


def score_actors(gold_article: dict[str, Any], article: dict[str, Any], actors: dict[str, dict[str, Any]], scores: dict[str, Score]) -> None:
    """Compare one article's actors of each kind with the gold."""
    for key, kind in ACTOR_KINDS.items():
        gold_entries = [names_of(e) for e in gold_article.get(key) or []]
        predicted = [actors[a] for a in article["actors"] if a in actors and actors[a]["type"] == kind]
        score = scores[key]
        score.gold += len(gold_entries)
        score.predicted += len(predicted)
        score.found += sum(any(names & actor_names(p) for p in predicted) for names in gold_entries)
        score.true_positives += sum(any(actor_names(p) & names for names in gold_entries) for p in predicted)


def score_resolutions(gold_article: dict[str, Any], article: dict[str, Any], score: Score) -> None:
    """Compare cited resolution numbers with the gold."""
    expected = set(gold_article.get("resolutions") or [])
    cited = {int(r.rsplit("-", 1)[1]) for r in article["resolutions"]}
    score.gold += len(expected)
    score.predicted += len(cited)
    score.found += len(expected & cited)
    score.true_positives += len(expected & cited)


def speaker_ids(name: str, actors: dict[str, dict[str, Any]]) -> set[str]:
    """Ids of the actors a gold speaker name may refer to."""
    wanted = normalise(name)
    return {a for a, actor in actors.items() if wanted in actor_names(actor)}


def same_words(text: str, starts: str) -> bool:
    """A statement matches a gold one when its text begins with the gold's first words."""
    norm, head = normalise(text), normalise(starts)
    return head in norm[: len(head) + 12]


def score_statements(gold_article: dict[str, Any], article: dict[str, Any], actors: dict[str, dict[str, Any]],
                     scores: dict[str, Score]) -> None:
    """Direct statements: found with the right speaker, and real; indirect: found."""
    for kind in ("direct", "indirect"):
        gold = [g for g in gold_article.get("statements") or [] if g["kind"] == kind]
        predicted = [s for s in article["statements"] if s["kind"] == kind]
        score = scores[f"{kind} statements"]
        score.gold += len(gold)
        score.predicted += len(predicted)
        score.found += sum(any(same_words(s["text"], g["starts"]) and s["speaker"] in speaker_ids(g["speaker"], actors)
                               for s in predicted) for g in gold)
        score.true_positives += sum(any(same_words(s["text"], g["starts"]) for g in gold) for s in predicted)


def evaluate(gold: dict[str, Any], facts: dict[str, Any]) -> dict[str, Score]:
    """Scores per fact kind over every gold article present in the facts."""
    scores = {key: Score() for key in [*ACTOR_KINDS, "resolutions", "direct statements", "indirect statements"]}
    scores["indirect statements"].exhaustive = False
    actors = {a["id"]: a for a in facts["actors"]}
    by_file = {a["file"]: a for a in facts["articles"]}
    for gold_article in gold["articles"]:
        article = by_file.get(gold_article["file"])
        if article is None:
            continue
        score_actors(gold_article, article, actors, scores)
        score_resolutions(gold_article, article, scores["resolutions"])
        score_statements(gold_article, article, actors, scores)
    return scores


def percent(value: float | None) -> str:
    return "    —" if value is None else f"{value * 100:5.1f}"


def report(scores: dict[str, Score]) -> str:
    """The table printed by the command."""
    lines = [f"{'kind':<22}{'precision':>10}{'recall':>8}   found/gold  right/predicted"]
    for kind, s in scores.items():
        lines.append(f"{kind:<22}{percent(s.precision):>10}{percent(s.recall):>8}   {s.found:>5}/{s.gold:<5}"
                     f"{s.true_positives:>6}/{s.predicted}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="Precision and recall of a build's facts against a gold file.")
    parser.add_argument("gold", type=Path, help="gold YAML (format of shared/gold/seeds.yml)")
    parser.add_argument("facts", type=Path, help="facts.json of a build")
    args = parser.parse_args(argv)
    gold = yaml.safe_load(args.gold.read_text(encoding="utf-8"))
    facts = json.loads(args.facts.read_text(encoding="utf-8"))
    print(report(evaluate(gold, facts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
