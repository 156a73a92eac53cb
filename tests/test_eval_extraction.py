"""bench/eval_extraction.py on a small hand-made gold file and export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from bench_eval import evaluate

from conftest import ROOT

GOLD = {"articles": [{
    "file": "a.txt",
    "persons": [{"name": "سيرغي لافروف", "also": ["لافروف"]}, {"name": "رياض حداد", "also": []}],
    "organizations": [{"name": "مجلس الأمن", "also": []}],
    "places": ["سورية"],
    "resolutions": [2170, 2178],
    "statements": [
        {"speaker": "سيرغي لافروف", "kind": "direct", "starts": "إن هناك تفهماً"},
        {"speaker": "سيرغي لافروف", "kind": "direct", "starts": "نبذل قصارى جهودنا"},
        {"speaker": "مجلس الأمن", "kind": "indirect", "starts": "الوضع خطير"},
    ],
}]}
FACTS = {
    "articles": [{
        "id": "a", "file": "a.txt", "actors": ["sergey-lavrov", "bashar-al-assad", "syria", "un-security-council"],
        "resolutions": ["sc-2170"],
        "statements": [
            {"id": "statement-1", "speaker": "sergey-lavrov", "kind": "direct", "text": "إن هناك تفهما من قبل الجميع", "paragraph": 0},
            {"id": "statement-2", "speaker": None, "kind": "direct", "text": "نبذل قصارى جهودنا لمساعدة العراق", "paragraph": 1},
            {"id": "statement-3", "speaker": "sergey-lavrov", "kind": "direct", "text": "داعش", "paragraph": 1},
        ],
    }],
    "actors": [
        {"id": "sergey-lavrov", "name": "سيرغي لافروف", "type": "person", "aliases": ["لافروف"]},
        {"id": "bashar-al-assad", "name": "بشار الأسد", "type": "person", "aliases": []},
        {"id": "syria", "name": "سورية", "type": "place", "aliases": ["سوريا"]},
        {"id": "un-security-council", "name": "مجلس الأمن", "type": "organization", "aliases": []},
    ],
    "resolutions": [],
}


def test_scores_count_what_was_found_and_what_was_right() -> None:
    scores = evaluate(GOLD, FACTS)
    assert (scores["persons"].recall, scores["persons"].precision) == (0.5, 0.5)
    assert (scores["organizations"].recall, scores["organizations"].precision) == (1.0, 1.0)
    assert scores["places"].recall == 1.0
    assert (scores["resolutions"].recall, scores["resolutions"].precision) == (0.5, 1.0)
    direct = scores["direct statements"]
    assert direct.recall == 0.5  # the second has no speaker
    assert round(direct.precision, 3) == round(2 / 3, 3)  # "داعش" is not a real statement
    assert scores["indirect statements"].recall == 0.0 and scores["indirect statements"].precision is None


def test_command_prints_one_line_per_kind(tmp_path: Path) -> None:
    (tmp_path / "gold.yml").write_text(yaml.safe_dump(GOLD, allow_unicode=True), encoding="utf-8")
    (tmp_path / "facts.json").write_text(json.dumps(FACTS, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "eval_extraction.py"), str(tmp_path / "gold.yml"),
                             str(tmp_path / "facts.json")], capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[1:]] == ["persons", "organizations", "places", "resolutions", "direct", "indirect"]
    assert "50.0" in lines[1]
