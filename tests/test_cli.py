"""The command line: documented options, exit codes, the build report."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from archive.cli import alias_parser, not_a_name_parser, parser
from archive.registry import WORD_LIST_FILES

from conftest import ROOT

OPTIONS = sorted({option for action in parser()._actions for option in action.option_strings})


def run_build(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, cwd=cwd)


def test_there_are_options_to_check() -> None:
    assert {"--seeds", "--docs", "--help"} <= set(OPTIONS)


@pytest.mark.parametrize("option", OPTIONS)
def test_every_option_is_in_help(option: str) -> None:
    assert option in run_build("--help").stdout


@pytest.mark.parametrize("option", OPTIONS)
def test_every_option_is_in_the_readme(option: str) -> None:
    assert f"`{option}" in (ROOT / "README.md").read_text(encoding="utf-8")


ENVIRONMENT_READ = sorted({name for path in (ROOT / "archive").rglob("*.py")
                           for name in re.findall(r"environ\.get\(\"(ARCHIVE_[A-Z_]+)\"", path.read_text(encoding="utf-8"))})


def test_the_environment_is_read_somewhere() -> None:
    assert {"ARCHIVE_SEEDS", "ARCHIVE_REGISTRY", "ARCHIVE_WATCH"} <= set(ENVIRONMENT_READ)


@pytest.mark.parametrize("variable", ENVIRONMENT_READ)
def test_every_environment_variable_is_in_the_readme(variable: str) -> None:
    assert f"| `{variable}` |" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_build_writes_pages_facts_and_report(tmp_path: Path, seeds_dir: Path) -> None:
    result = run_build("--seeds", str(seeds_dir), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "docs" / "facts.json").is_file()
    assert len(list((tmp_path / "docs" / "articles").glob("0*.md"))) == 5
    report = json.loads((tmp_path / "build-report.json").read_text(encoding="utf-8"))
    assert report["inputs"] == report["pages"] == 5


def test_second_build_writes_nothing(tmp_path: Path, seeds_dir: Path) -> None:
    run_build("--seeds", str(seeds_dir), "--docs", str(tmp_path / "docs"))
    result = run_build("--seeds", str(seeds_dir), "--docs", str(tmp_path / "docs"))
    assert " 0 written" in result.stderr


def test_skipped_file_fails_only_under_strict(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text("عنوان\n\nنص المقال.\n", encoding="utf-8")
    (seeds / "empty.txt").write_bytes(b"")
    docs = str(tmp_path / "docs")
    relaxed = run_build("--seeds", str(seeds), "--docs", docs)
    strict = run_build("--seeds", str(seeds), "--docs", docs, "--strict")
    assert relaxed.returncode == 0 and strict.returncode == 1
    assert "empty.txt: empty file" in strict.stderr


def test_missing_seeds_directory_exits_2(tmp_path: Path) -> None:
    result = run_build("--seeds", str(tmp_path / "nowhere"), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 2 and "nowhere" in result.stderr


def test_check_writes_no_pages(tmp_path: Path, seeds_dir: Path) -> None:
    result = run_build("--seeds", str(seeds_dir), "--docs", str(tmp_path / "docs"), "--check")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "docs").exists()


REGISTRY = """\
# People: editors add entries here.
- id: sergey-lavrov
  name: سيرغي لافروف
  aliases: [لافروف]  # the press's spellings
- id: dmitry-peskov
  name: ديميتري بيسكوف
  aliases:
    - بيسكوف
- id: no-aliases
  name: اسم بلا صيغ
"""


@pytest.fixture
def small_registry(tmp_path: Path) -> Path:
    registry = tmp_path / "registry"
    (registry / "actors").mkdir(parents=True)
    (registry / "actors" / "persons.yml").write_text(REGISTRY, encoding="utf-8")
    for word_list in WORD_LIST_FILES:  # the rules' word lists, as the project has them
        shutil.copyfile(ROOT / "registry" / word_list, registry / word_list)
    return registry


@pytest.mark.parametrize("actor_id", ["sergey-lavrov", "dmitry-peskov", "no-aliases"])
def test_add_alias_keeps_comments_and_is_loaded(small_registry: Path, actor_id: str) -> None:
    result = run_build("add-alias", actor_id, "صيغة: جديدة", "--registry", str(small_registry))
    assert result.returncode == 0, result.stderr
    text = (small_registry / "actors" / "persons.yml").read_text(encoding="utf-8")
    assert "# People: editors add entries here." in text and "# the press's spellings" in text
    from archive.registry import load_registry
    assert "صيغة: جديدة" in load_registry(small_registry).actors[actor_id].aliases


def test_add_alias_refuses_an_alias_of_another_actor(small_registry: Path) -> None:
    before = (small_registry / "actors" / "persons.yml").read_text(encoding="utf-8")
    result = run_build("add-alias", "dmitry-peskov", "لافروف", "--registry", str(small_registry))
    assert result.returncode == 2 and "already claimed by 'sergey-lavrov'" in result.stderr
    assert (small_registry / "actors" / "persons.yml").read_text(encoding="utf-8") == before


def test_add_alias_names_an_unknown_actor(small_registry: Path) -> None:
    result = run_build("add-alias", "nobody", "س", "--registry", str(small_registry))
    assert result.returncode == 2 and "no actor with id 'nobody'" in result.stderr


@pytest.mark.parametrize(("command", "usage", "command_parser"),
                         [("add-alias", "add-alias ACTOR-ID", alias_parser), ("not-a-name", "not-a-name WORD", not_a_name_parser)])
def test_registry_commands_and_their_options_are_documented(command: str, usage: str,
                                                            command_parser: Callable[[], argparse.ArgumentParser]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert usage in readme and command in run_build("--help").stdout
    for action in command_parser()._actions:
        for option in action.option_strings:
            assert f"`{option}" in readme or f"[{option}" in readme


# «منسق مراسم»: the rules take two common nouns after a title (مساعد) for a name.
JUNK_NAME = "وأكد مساعد منسق مراسم الحج رينيه طرابلسي أن نحو 400 زائر وصلوا."


def discovered_names(registry_dir: Path, tmp_path: Path) -> list[str]:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / "visit.txt").write_text(f"زيارة\n{JUNK_NAME}\n", encoding="utf-8")
    report = tmp_path / "report.json"
    result = run_build("--check", "--seeds", str(seeds), "--registry", str(registry_dir), "--report", str(report))
    assert result.returncode == 0, result.stderr
    return [found["name"] for found in json.loads(report.read_text(encoding="utf-8"))["new_actors"]]


def test_not_a_name_stops_the_next_build_making_names_with_the_word(small_registry: Path, tmp_path: Path) -> None:
    before = (small_registry / "patterns.yml").read_text(encoding="utf-8")
    assert "منسق مراسم" in discovered_names(small_registry, tmp_path)
    result = run_build("not-a-name", "مراسم", "--registry", str(small_registry))
    assert result.returncode == 0 and "added «مراسم» in not_names" in result.stderr
    after = (small_registry / "patterns.yml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")) and after.endswith("  - مراسم\n")  # comments and layout kept
    assert "منسق مراسم" not in discovered_names(small_registry, tmp_path)
    again = run_build("not-a-name", "مراسم", "--registry", str(small_registry))
    assert again.returncode == 0 and "already lists" in again.stderr
    assert (small_registry / "patterns.yml").read_text(encoding="utf-8") == after


@pytest.mark.parametrize("words", [["سلاح الجو"], ["مراسم", "قائد سلاح"], [""]])
def test_not_a_name_takes_single_words_and_writes_nothing_otherwise(small_registry: Path, words: list[str]) -> None:
    before = (small_registry / "patterns.yml").read_text(encoding="utf-8")
    result = run_build("not-a-name", *words, "--registry", str(small_registry))
    assert result.returncode == 2 and "is not one word" in result.stderr
    assert (small_registry / "patterns.yml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("a:\n  - x\n# note\nb:\n  - y\n", "a", "a:\n  - x\n  - z\n# note\nb:\n  - y\n"),
        ("a:\n    - x # why\n\n    - w", "a", "a:\n    - x # why\n\n    - w\n    - z\n"),
        ("b: 1\n", "a", "b: 1\na:\n  - z\n"),
        ("a:\n", "a", "a:\n  - z\n"),
    ],
)
def test_a_list_item_goes_after_the_last_item_of_its_list(text: str, key: str, expected: str) -> None:
    from archive.curate import insert_list_item
    assert insert_list_item(text, key, "z") == expected


@pytest.mark.parametrize(("word", "written"), [("مراسم", "مراسم"), ("yes", '"yes"'), ("#x", '"#x"'), ("2254", '"2254"')])
def test_a_word_is_written_bare_unless_yaml_would_read_it_otherwise(word: str, written: str) -> None:
    from archive.curate import yaml_scalar
    assert yaml_scalar(word) == written
