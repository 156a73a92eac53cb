"""End to end: the seeds built as `make site` builds them (a real `mkdocs build --strict`), checked as HTML."""

from __future__ import annotations

import filecmp
import posixpath
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from archive.render import counted
from conftest import ROOT, BuiltSite


class LinkCollector(HTMLParser):
    """Collects links, element ids and the <html> attributes of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.html_attrs: dict[str, str | None] = {}
        self.body_attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html_attrs = values
        if tag == "body":
            self.body_attrs = values
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") in ("canonical", "alternate")):
                self.links.append(values[name] or "")


def parse(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def target_file(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    """The file a relative link points at, and its fragment; None for external links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
        return None
    base = "/" if parts.path.startswith("/") else page.parent.relative_to(site).as_posix()
    path = posixpath.normpath(posixpath.join(base, unquote(parts.path))).lstrip("/") if parts.path else page.relative_to(site).as_posix()
    target = site / path
    if target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def test_every_page_is_arabic_and_right_to_left(seed_site: BuiltSite) -> None:
    pages = html_pages(seed_site.site)
    assert len(pages) >= 10
    for page in pages:
        collector = parse(page)
        assert collector.html_attrs.get("lang") == "ar", page
        assert collector.body_attrs.get("dir") == "rtl", page


def test_one_page_per_seed(seed_site: BuiltSite, seeds_dir: Path) -> None:
    seeds = sorted(p.stem for p in seeds_dir.glob("*.txt"))
    built = sorted(p.parent.name for p in (seed_site.site / "articles").glob("*/index.html") if not p.parent.name.startswith("page-"))
    assert built == seeds
    assert sorted(a["id"] for a in seed_site.facts["articles"]) == seeds


def test_every_internal_link_resolves(seed_site: BuiltSite) -> None:
    broken = []
    id_cache: dict[Path, set[str]] = {}
    for page in html_pages(seed_site.site):
        for link in parse(page).links:
            resolved = target_file(seed_site.site, page, link)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.is_file():
                broken.append(f"{page.relative_to(seed_site.site)} → {link}")
            elif fragment and target.suffix == ".html" and not fragment.startswith("__"):
                ids = id_cache.setdefault(target, parse(target).ids)
                if fragment not in ids:
                    broken.append(f"{page.relative_to(seed_site.site)} → {link} (no such anchor)")
    assert broken == []


def test_no_request_leaves_the_site(seed_site: BuiltSite) -> None:
    """No fonts, scripts or styles from a CDN: every src and stylesheet is local."""
    for page in html_pages(seed_site.site):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|img|iframe)[^>]+src="https?://', text), page
        assert not re.search(r'<link[^>]+rel="stylesheet"[^>]+href="https?://', text), page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_article_page_shows_metadata_and_body_as_written(seed_site: BuiltSite, seeds_dir: Path) -> None:
    html = (seed_site.site / "articles" / "004_c250db8dfdc2da85" / "index.html").read_text(encoding="utf-8")
    assert "مشتق" in html  # the derived headline says so
    assert "004_c250db8dfdc2da85.txt" in html
    assert html.count('class="archive-section"') == 2
    text = re.sub(r"<[^>]+>", "", html)
    for line in (seeds_dir / "004_c250db8dfdc2da85.txt").read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            assert line.strip() in text


def test_navigation_lists_index_pages_only(seed_site: BuiltSite) -> None:
    html = (seed_site.site / "index.html").read_text(encoding="utf-8")
    tabs = re.findall(r'class="md-tabs__link"[^>]*>\s*([^<]+?)\s*<', html)
    assert tabs == ["الرئيسية", "المقالات", "الفاعلون", "القرارات", "التصريحات", "عن الأرشيف"]
    assert "000_530f177a4472afb0" not in re.sub(r'<main.*</main>', "", html, flags=re.S)


def test_home_page_counts_and_latest_articles(seed_site: BuiltSite) -> None:
    html = (seed_site.site / "index.html").read_text(encoding="utf-8")
    assert "<strong>5</strong> مقالات" in html
    assert html.count('class="article-link"') == 5


def test_facts_json_is_arabic_and_complete(seed_site: BuiltSite) -> None:
    raw = (seed_site.docs / "facts.json").read_text(encoding="utf-8")
    assert "\\u06" not in raw and "لافروف" in raw
    article = next(a for a in seed_site.facts["articles"] if a["id"] == "004_c250db8dfdc2da85")
    assert article["file"] == "004_c250db8dfdc2da85.txt"
    assert article["title_derived"] is True
    assert article["url"] == "articles/004_c250db8dfdc2da85/"
    assert (article["source"], article["place"]) == ("سانا", "موسكو")
    for key in ("actors", "resolutions", "statements"):
        assert isinstance(article[key], list)
    assert (seed_site.site / "facts.json").is_file()


def test_report_accounts_for_every_seed(seed_site: BuiltSite) -> None:
    assert seed_site.report["inputs"] == 5 == seed_site.report["pages"]
    assert seed_site.report["skipped"] == 0


@pytest.mark.parametrize("kind", ["articles", "actors", "resolutions", "statements"])
def test_index_pages_exist(seed_site: BuiltSite, kind: str) -> None:
    assert (seed_site.site / kind / "index.html").is_file()


def tree(directory: Path) -> dict[str, bytes]:
    return {path.relative_to(directory).as_posix(): path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()}


def test_mkdocs_build_writes_the_docs_and_report_build_py_writes(seed_site: BuiltSite, seeds_dir: Path, tmp_path: Path) -> None:
    """`make site` runs mkdocs build alone: its hook must leave docs/ as build.py would."""
    docs = tmp_path / "docs"
    shutil.copytree(seed_site.docs, docs, ignore=shutil.ignore_patterns("articles", "actors", "resolutions", "statements"))
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--seeds", str(seeds_dir), "--docs", str(docs), "--quiet"],
                   check=True, cwd=tmp_path)
    assert (docs / "articles").is_dir() and len(tree(docs)) == len(tree(seed_site.docs))
    assert tree(docs) == tree(seed_site.docs)
    assert filecmp.cmp(tmp_path / "build-report.json", seed_site.root / "build-report.json", shallow=False)


@pytest.mark.parametrize(("n", "noun", "said"), [
    (1, "article", "مقال واحد"), (2, "article", "مقالان"), (3, "article", "3 مقالات"), (10, "article", "10 مقالات"),
    (11, "article", "11 مقالاً"), (99, "statement", "99 تصريحاً"), (100, "article", "100 مقال"),
    (102, "resolution", "102 قرار"), (103, "place", "103 أماكن"), (1015, "person", "1015 شخصاً"), (0, "actor", "0 فاعل"),
])
def test_counts_agree_with_their_noun_as_arabic_says_them(n: int, noun: str, said: str) -> None:
    assert counted(n, noun) == said
    assert "<strong>" in counted(n, noun, strong=True)
