"""Incremental builds through the real build.py: nothing changed writes nothing; an edit rewrites what depends on it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

Stamps = dict[str, tuple[int, int]]  # relative path → (inode, mtime): a rename or a write changes one of them


def build(seeds: Path, docs: Path, *options: str) -> str:
    """Run the real build.py; return what it printed."""
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--seeds", str(seeds), "--docs", str(docs), *options],
                            capture_output=True, text=True, env={**os.environ, "CI": "1"})
    assert result.returncode == 0, result.stderr
    return result.stderr


def stamps(directory: Path) -> Stamps:
    """Identity and modification time of every file under `directory`."""
    return {p.relative_to(directory).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in directory.rglob("*") if p.is_file()}


def rewritten(before: Stamps, after: Stamps) -> set[str]:
    """Files that were written, created or removed between two stamps."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


@pytest.fixture
def site(tmp_path: Path, seeds_dir: Path) -> tuple[Path, Path]:
    """A copy of seeds/ and a docs directory built from it once (cache beside it)."""
    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    shutil.copytree(seeds_dir, seeds)
    build(seeds, docs)
    return seeds, docs


def article_page(seeds: Path, docs: Path, name: str) -> str:
    """The generated page of the seed file `name`."""
    [page] = [p for p in (docs / "articles").glob(f"{Path(name).stem}*.md")]
    return page.relative_to(docs).as_posix()


def append_and_build(seeds: Path, docs: Path, index: int, sentence: str) -> tuple[str, set[str], str]:
    """Append a paragraph to the `index`-th seed and rebuild: (seed name, files rewritten, what build.py printed)."""
    name = sorted(p.name for p in seeds.iterdir())[index]
    before = stamps(docs)
    with (seeds / name).open("a", encoding="utf-8") as article:
        article.write(f"\n{sentence}\n")
    printed = build(seeds, docs)
    return name, rewritten(before, stamps(docs)), printed


def test_a_second_build_writes_no_file(site: tuple[Path, Path]) -> None:
    seeds, docs = site
    before_docs, before_cache = stamps(docs), stamps(docs.parent / ".cache")
    printed = build(seeds, docs)
    assert " 0 written, " in printed and " 0 removed" in printed
    assert "(up to date: nothing rendered)" in printed
    assert rewritten(before_docs, stamps(docs)) == set()
    assert rewritten(before_cache, stamps(docs.parent / ".cache")) == set()


@pytest.mark.parametrize("touch", ["edited", "deleted", "same bytes written again"])
def test_a_generated_page_touched_by_hand_is_written_again(site: tuple[Path, Path], touch: str) -> None:
    """The up-to-date check trusts nothing it cannot see: a page that is not as the last build left it
    makes the next build render and compare every page again."""
    seeds, docs = site
    page = docs / article_page(seeds, docs, sorted(p.name for p in seeds.iterdir())[0])
    original = page.read_bytes()
    if touch == "edited":
        page.write_bytes(original.replace("\n".encode(), "\n\n".encode(), 1))
    elif touch == "deleted":
        page.unlink()
    else:
        page.unlink()
        page.write_bytes(original)
    printed = build(seeds, docs)
    assert "up to date" not in printed
    assert page.read_bytes() == original
    assert (" 0 written, " if touch == "same bytes written again" else " 1 written, ") in printed
    assert "(up to date: nothing rendered)" in build(seeds, docs)


def test_without_a_cache_every_build_renders(site: tuple[Path, Path]) -> None:
    seeds, docs = site
    for _ in range(2):
        printed = build(seeds, docs, "--no-cache")
        assert " 0 written, " in printed and "up to date" not in printed


def test_the_inputs_of_a_build_include_its_templates(tmp_path: Path) -> None:
    """A template edited by an editor changes every page that uses it: no build may count as up to date."""
    from archive.freshness import code_version
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    before = code_version(templates)
    with (templates / "article.md.j2").open("a", encoding="utf-8") as template:
        template.write("\n")
    code_version.cache_clear()
    assert code_version(templates) != before


def test_an_edit_of_body_text_rewrites_only_that_article_page(site: tuple[Path, Path]) -> None:
    seeds, docs = site
    name, changed, printed = append_and_build(seeds, docs, 1, "وأضاف المحرر جملة لا تذكر أحداً.")
    page = article_page(seeds, docs, name)
    # The page and, beside it, its words as written for search excerpts.
    assert changed == {page, page.removesuffix(".md") + "/segments.json"}
    assert " 2 written, " in printed


def test_a_new_citation_rewrites_the_article_and_the_pages_that_cite_it(site: tuple[Path, Path]) -> None:
    seeds, docs = site
    name, changed, _ = append_and_build(seeds, docs, 2, "ودعا البيان إلى تطبيق قرار مجلس الأمن رقم 2254 بشأن سوريا.")
    assert {article_page(seeds, docs, name), "resolutions/sc-2254.md", "resolutions/index.md", "facts.json"} <= changed
    page = article_page(seeds, docs, name)
    other_articles = {p for p in stamps(docs) if p.startswith("articles/") and not p.startswith(page.removesuffix(".md"))
                      and not p.startswith(("articles/index", "articles/page-"))}
    assert not changed & other_articles, "pages of other articles must not be rewritten"


def test_an_edit_is_extracted_again_and_the_rest_comes_from_the_cache(site: tuple[Path, Path], tmp_path: Path) -> None:
    seeds, docs = site
    name = sorted(p.name for p in seeds.iterdir())[0]
    (seeds / name).write_text((seeds / name).read_text(encoding="utf-8").replace("2178", "2199"), encoding="utf-8")
    build(seeds, docs)
    fresh = tmp_path / "fresh"
    build(seeds, fresh / "docs", "--no-cache")
    assert {p: (docs / p).read_bytes() for p in stamps(docs)} == {p: (fresh / "docs" / p).read_bytes() for p in stamps(fresh / "docs")}
    assert not (fresh / ".cache").exists()
