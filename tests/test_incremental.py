"""Incremental builds through the real build.py: nothing changed writes nothing; an edit rewrites what depends on it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive.cli import write_unless_up_to_date
from archive.pipeline import ProjectPaths, generate
from archive.progress import ProgressLine
from conftest import FIXTURES, ROOT, build_site

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


def test_an_up_to_date_build_aggregates_nothing(site: tuple[Path, Path]) -> None:
    """Its inputs are known before the aggregate (the report, the articles' keys): none is made."""
    seeds, docs = site
    paths = ProjectPaths(seeds=seeds, registry=ROOT / "registry", templates=ROOT / "templates")
    build_ = generate(paths, cache_dir=docs.parent / ".cache", workers=1, stream=True)
    stats, fresh = write_unless_up_to_date(build_, build_.report.as_json(), docs, paths.templates, docs.parent / ".cache",
                                           ProgressLine(sys.stderr, False))
    build_.finish()
    assert fresh and not stats.written
    assert build_.aggregated.cache_info().currsize == 0  # type: ignore[attr-defined]  # functools.cache
    assert list(build_.aggregate.articles) == list(build_.article_keys)  # made on first use, in the keys' order


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


def _seed(seeds: Path, index: int) -> Path:
    return seeds / sorted(p.name for p in seeds.iterdir())[index]


def _edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _date_an_article(seeds: Path) -> None:
    """The same article as .md with a date: it moves to the front of every list that holds it."""
    article = _seed(seeds, 2)
    title, _, body = article.read_text(encoding="utf-8").partition("\n")
    article.unlink()
    # As JSON, a YAML string: the title holds a colon.
    article.with_suffix(".md").write_text(f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndate: 2001-01-01\n---\n{body}",
                                          encoding="utf-8")


def _touch_a_kept_page(seeds: Path) -> None:
    """A page left by hand not as the build wrote it, beside an edit of another article."""
    page = next((seeds.parent / "docs" / "actors").glob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\nedited by hand\n", encoding="utf-8")
    _edit_text(_seed(seeds, 3), "\n", "\nوأضاف المحرر جملة لا تذكر أحداً.\n")


EDITS = {
    "a statement by someone not quoted before": lambda seeds: _seed(seeds, 0).open("a", encoding="utf-8").write(
        "\nوقال الأمين العام للأمم المتحدة أنطونيو غوتيريش إن الوضع خطير.\n"),
    "a headline changed": lambda seeds: _edit_text(_seed(seeds, 1), "\n", " (محدث)\n"),
    "a person no longer named": lambda seeds: _edit_text(_seed(seeds, 0), "فالس", "المسؤول"),
    "an article removed": lambda seeds: _seed(seeds, 3).unlink(),
    "an article added before the others": lambda seeds: shutil.copy(_seed(seeds, 1), seeds / "000_copy.txt"),
    # The first article to find a name gives its record: this one spells it with a hamza (الأمريكية) where
    # an unchanged article spelt it without, and its pages and its co-actors' pages must show the new name.
    "a found name spelt otherwise in an article added before the others": lambda seeds: (seeds / "000_new.txt").write_text(
        "خبر قصير\n\nوانسحبت قوات الاحتلال الأمريكية من القاعدة أمس.\n", encoding="utf-8"),
    "an article renamed": lambda seeds: _seed(seeds, 4).rename(seeds / "009_renamed.txt"),
    "an article given a date": _date_an_article,
    "a kept page edited by hand": _touch_a_kept_page,
}


@pytest.mark.parametrize("edit", EDITS)
def test_an_edit_renders_only_what_changed_and_leaves_docs_as_a_build_from_nothing(
        site: tuple[Path, Path], tmp_path: Path, edit: str) -> None:
    """Pages whose inputs did not change are kept without rendering (archive/freshness.py): each edit
    here changes what other pages show (lists, order, links, names), and the docs/ it leaves must be
    byte for byte what a build from nothing writes."""
    seeds, docs = site
    EDITS[edit](seeds)
    printed = build(seeds, docs)
    kept = int(printed.split(" kept unrendered")[0].rsplit("(", 1)[1]) if "kept unrendered" in printed else 0
    generated = len((docs / ".generated").read_text(encoding="utf-8").splitlines())
    assert 0 < kept < generated, printed
    fresh = tmp_path / "fresh" / "docs"
    build(seeds, fresh, "--no-cache")
    assert {p: (docs / p).read_bytes() for p in stamps(docs)} == {p: (fresh / p).read_bytes() for p in stamps(fresh)}


def test_a_registry_edit_renders_every_page_again(site: tuple[Path, Path], tmp_path: Path) -> None:
    """The registry goes into every unit's digest: a new alias may link a name on any page."""
    seeds, docs = site
    registry = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry)
    build(seeds, docs, "--registry", str(registry))
    subprocess.run([sys.executable, str(ROOT / "build.py"), "add-alias", "manuel-valls", "المسؤول الفرنسي",
                    "--registry", str(registry)], check=True, capture_output=True)
    printed = build(seeds, docs, "--registry", str(registry))
    assert "kept unrendered" not in printed and "up to date" not in printed
    fresh = tmp_path / "fresh" / "docs"
    build(seeds, fresh, "--no-cache", "--registry", str(registry))
    assert {p: (docs / p).read_bytes() for p in stamps(docs)} == {p: (fresh / p).read_bytes() for p in stamps(fresh)}


def generated_files(docs: Path) -> dict[str, bytes]:
    """The files a build generated into `docs` (its manifest), with their bytes."""
    return {p: (docs / p).read_bytes() for p in (docs / ".generated").read_text(encoding="utf-8").splitlines()}


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but its search index, by path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.relative_to(site).parts[0] != "pagefind"}


def taken_from_last_site(mkdocs_log: str) -> int:
    """How many entries of unchanged articles and actors a `mkdocs build` took from the last site."""
    match = re.search(r"archive: (\d+) entries \(.*?\) of unchanged articles and actors taken", mkdocs_log)
    return int(match.group(1)) if match else 0


@pytest.mark.parametrize("corpus, edit", [*(("seeds", edit) for edit in EDITS),
                                          ("hostile", "a statement by someone not quoted before")])
def test_mkdocs_build_keeps_unchanged_pages_and_builds_the_site_a_build_from_nothing_does(
        tmp_path: Path, seeds_dir: Path, corpus: str, edit: str) -> None:
    """`make site` after an edit reads the pages whose inputs are unchanged back from docs/ instead of
    rendering them, and takes their built pages from the last site instead of building them; the site
    and docs/ it leaves are those of a build from nothing (the hostile files too: carriage returns,
    bidi controls, markup kept as text)."""
    seeds = tmp_path / "kept" / "seeds"  # beside the docs/ a kept page is edited in
    shutil.copytree(seeds_dir if corpus == "seeds" else FIXTURES / "hostile", seeds)
    strict = corpus == "seeds"  # hostile files are skipped with a warning
    build_site(seeds, tmp_path / "kept", strict=strict)
    EDITS[edit](seeds)
    kept = build_site(seeds, tmp_path / "kept", strict=strict)
    match = re.search(r"archive: (\d+) generated files kept from docs/ unrendered", kept.mkdocs_log)
    assert match and int(match.group(1)) > 0, kept.mkdocs_log
    assert taken_from_last_site(kept.mkdocs_log) > 0, kept.mkdocs_log
    fresh = build_site(seeds, tmp_path / "fresh", strict=strict)
    assert site_files(kept.site) == site_files(fresh.site)
    assert generated_files(kept.docs) == generated_files(fresh.docs)
    assert "(up to date: nothing rendered)" in build(seeds, kept.docs)  # build.py trusts what mkdocs build wrote



def test_the_templates_are_compiled_once_per_version_in_a_process(tmp_path: Path) -> None:
    """A build again in the same process (`mkdocs serve`) takes the compiled templates; an edited
    template is compiled afresh, and its edit shows."""
    from archive.render import template_environment
    (tmp_path / "page.md.j2").write_text("قبل {{ name }}", encoding="utf-8")
    first = template_environment(tmp_path)
    assert template_environment(tmp_path) is first
    assert first.get_template("page.md.j2").render(name="س") == "قبل س"
    (tmp_path / "page.md.j2").write_text("بعد التعديل {{ name }}", encoding="utf-8")
    assert template_environment(tmp_path).get_template("page.md.j2").render(name="س") == "بعد التعديل س"


def test_mkdocs_build_with_nothing_changed_takes_every_page_and_the_search_index_from_the_last_site(
        tmp_path: Path, seeds_dir: Path) -> None:
    first = build_site(seeds_dir, tmp_path)
    built = site_files(first.site)
    index = {p.name: p.read_bytes() for p in (first.site / "pagefind").rglob("*") if p.is_file()}
    again = build_site(seeds_dir, tmp_path)
    assert "the search index of the last site kept" in again.mkdocs_log
    assert taken_from_last_site(again.mkdocs_log) >= len(list((first.site / "articles").iterdir()))
    assert {p.name: p.read_bytes() for p in (again.site / "pagefind").rglob("*") if p.is_file()} == index
    assert site_files(again.site) == built


def test_mkdocs_build_takes_nothing_from_a_site_it_did_not_leave(tmp_path: Path, seeds_dir: Path) -> None:
    """The record of the last build names its site by the stamp of its sitemap: a site built over since
    (another tool, a --dirty build) or replaced is built whole."""
    first = build_site(seeds_dir, tmp_path)
    sitemap = first.site / "sitemap.xml"
    sitemap.write_bytes(sitemap.read_bytes())
    again = build_site(seeds_dir, tmp_path)
    assert taken_from_last_site(again.mkdocs_log) == 0 and "search index of the last site kept" not in again.mkdocs_log
    assert site_files(again.site) == site_files(build_site(seeds_dir, tmp_path / "fresh").site)


def test_mkdocs_build_with_a_site_url_builds_every_page_into_the_sitemap(tmp_path: Path, seeds_dir: Path) -> None:
    """A deployment's sitemap lists every page, and MkDocs' lists those it builds: nothing is taken."""
    env = {"SITE_URL": "https://example.org/archive/"}
    first = build_site(seeds_dir, tmp_path, extra_env=env)
    again = build_site(seeds_dir, tmp_path, extra_env=env)
    assert taken_from_last_site(again.mkdocs_log) == 0
    locations = re.findall(r"<loc>(.*?)</loc>", (again.site / "sitemap.xml").read_text(encoding="utf-8"))
    folders = {page.parent.relative_to(again.site).as_posix() for page in again.site.rglob("index.html")}
    pages = {"https://example.org/archive/" + ("" if folder == "." else f"{folder}/") for folder in folders}
    assert "https://example.org/archive/actors/sergey-lavrov/" in pages and pages <= set(locations)
    assert site_files(again.site) == site_files(first.site)
