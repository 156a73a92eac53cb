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
from conftest import ROOT, BuiltSite, build_site


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


def broken_links(site: Path) -> list[str]:
    """Every internal link of the built site whose page or anchor does not exist."""
    broken = []
    id_cache: dict[Path, set[str]] = {}
    for page in html_pages(site):
        for link in parse(page).links:
            resolved = target_file(site, page, link)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} → {link}")
            elif fragment and target.suffix == ".html" and not fragment.startswith("__"):
                ids = id_cache.setdefault(target, parse(target).ids)
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site)} → {link} (no such anchor)")
    return broken


def test_every_internal_link_resolves(seed_site: BuiltSite) -> None:
    assert broken_links(seed_site.site) == []


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
    # The seeds are .txt files without a date: the line under each headline says what is unknown.
    assert html.count('<span class="meta-date">تاريخ غير معروف</span>') == 5


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


def test_data_files_are_served_as_the_docs_files_they_link(seed_site: BuiltSite) -> None:
    generated = (seed_site.docs / ".generated").read_text(encoding="utf-8").splitlines()
    data = [path for path in generated if path.startswith(("actors/", "articles/", "assets/search-entities/"))
            and not path.endswith(".md")]
    assert any(p.endswith("segments.json") for p in data) and any(p.startswith("assets/search-entities/") for p in data)
    for path in data:
        served, source = seed_site.site / path, seed_site.docs / path
        assert served.read_bytes() == source.read_bytes(), path
        assert served.stat().st_ino == source.stat().st_ino, f"{path} is a copy, not a link"


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


def test_the_statements_index_is_paginated_by_speaker(seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every speaker on exactly one page, the most quoted first, no page over SPEAKERS_PER_PAGE."""
    from archive import render
    from archive.pipeline import ProjectPaths, generate

    monkeypatch.setattr(render, "SPEAKERS_PER_PAGE", 2)  # the seeds have a handful of speakers, not thousands
    agg = generate(ProjectPaths(seeds=seeds_dir)).aggregate
    pages = {p.path: p.content for p in render.Renderer(agg, ProjectPaths().templates).statements_index()
             if not p.path.startswith("statements/unknown-")}
    speakers = {s.speaker for f in agg.articles.values() for s in f.statements if s.speaker in agg.actors}
    assert len(speakers) > 2 and list(pages)[0] == "statements/index.md"
    assert list(pages)[1:] == [f"statements/page-{n}.md" for n in range(2, len(pages) + 1)]
    on_pages = [re.findall(r'<h2 id="speaker-([^"]+)"', text) for text in pages.values()]
    assert all(len(ids) <= 2 for ids in on_pages)
    assert sorted(i for ids in on_pages for i in ids) == sorted(speakers)
    assert 'aria-label="صفحات التصريحات"' in pages["statements/index.md"]


def test_the_actor_list_items_read_as_the_article_link_and_meta_line_macros(tmp_path: Path, seeds_dir: Path) -> None:
    """_macros.j2 writes article_link and article_meta_line out inside the two actor list macros (a call per
    item cost 7% of rendering): every item, of the seeds and of an article with no date or source, must read
    as the two macros write it, so an edit to one and not the other fails here."""
    from archive.pipeline import ProjectPaths, generate
    from archive.render import RelativeLinks, template_environment

    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_dir, seeds)
    (seeds / "undated.txt").write_text("بيان بلا تاريخ\nوقال الأمين العام للأمم المتحدة أنطونيو غوتيريش إن الحل ممكن.\n",
                                       encoding="utf-8")
    agg = generate(ProjectPaths(seeds=seeds)).aggregate
    probe = template_environment(ProjectPaths().templates).from_string(
        '{% import "_macros.j2" as m with context %}'
        '{% set facts = agg.articles[article_id] %}'
        '{{ m.actor_article_items([article_id], profile) }}\x00{{ m.actor_statement_items(statements) }}\x00'
        '{{ m.article_link(facts) }} <span class="meta">{{ m.article_meta_line(facts) }}</span>\x00'
        ' · {{ m.article_meta_line(facts) }} · <a href="{{ link("articles/" ~ article_id ~ "/") }}#')
    checked = set()
    for profile in agg.actors.values():
        for article_id in profile.articles:
            statements = [(a, s) for a, s in profile.statements if a == article_id]
            items, statement_items, article_item, statement_item = probe.render(
                agg=agg, actors=agg.archive.actors, resolutions=agg.archive.resolutions, link=RelativeLinks("actors/x.md"),
                profile=profile, article_id=article_id, statements=statements).split("\x00")
            assert f"<li>{article_item}" in items
            assert statement_items.count(statement_item) == len(statements)
            checked.add((article_id, bool(statements)))
    undated = next(a for a in agg.articles if a.startswith("undated"))
    assert {(undated, True), (next(iter(agg.articles)), True)} <= checked


def test_statements_without_a_speaker_are_one_link_away(tmp_path: Path) -> None:
    from archive import render
    from archive.pipeline import ProjectPaths, generate

    (tmp_path / "source.txt").write_text("مصدر\nوقال مصدر مطلع إن الاجتماع تأجل إلى الأسبوع المقبل.\n", encoding="utf-8")
    agg = generate(ProjectPaths(seeds=tmp_path)).aggregate
    index = next(p.content for p in render.Renderer(agg, ProjectPaths().templates).statements_index()
                 if p.path == "statements/index.md")
    assert '<a href="unknown-1/">التصريحات بلا قائل محدد</a>' in index


def test_an_actor_named_in_many_articles_has_its_list_on_further_pages(tmp_path: Path) -> None:
    """ACTOR_LIST_PAGE + 1 articles quoting one person: a real site, the newest on the actor's page,
    the oldest on actors/<id>--articles-2/ (and the same for statements), every link resolving."""
    from archive.render import ACTOR_LIST_PAGE

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    count = ACTOR_LIST_PAGE + 1
    for n in range(count):
        (seeds / f"lavrov-{n:03}.md").write_text(
            f"---\ntitle: تصريح رقم {n}\ndate: {2000 + n // 12}-{n % 12 + 1:02}-01\n---\n"
            f"قال وزير الخارجية الروسي سيرغي لافروف إن الحل في سورية سياسي رقم {n}.\n", encoding="utf-8")
    built = build_site(seeds, tmp_path / "out")
    first = (built.site / "actors" / "sergey-lavrov" / "index.html").read_text(encoding="utf-8")
    second = (built.site / "actors" / "sergey-lavrov--articles-2" / "index.html").read_text(encoding="utf-8")
    def listed(html: str) -> list[str]:
        articles = re.search(r'<ol class="actor-articles"[^>]*>(.*?)</ol>', html, re.S)
        return re.findall(r">تصريح رقم (\d+)</a>", articles.group(1) if articles else "")

    assert listed(first) == [str(n) for n in range(count - 1, 0, -1)]  # newest first
    assert listed(second) == ["0"]
    assert "و100 مقال آخر" in first  # the role "وزير الخارجية الروسي", as the other articles give it
    assert (built.site / "actors" / "sergey-lavrov--statements-2" / "index.html").is_file()
    assert 'aria-label="صفحات المقالات"' in first and "101 مقال" in first
    assert broken_links(built.site) == []


def test_a_discovered_name_cut_short_points_at_the_registry_actor(tmp_path: Path) -> None:
    """«كيم جونغ - أون» (a spaced dash) leaves «كيم جونغ» discovered: its page names Kim Jong-un. (Where the
    same article names him in full, the cut name is his: test_extract_actors.)"""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "kim.txt").write_text("القمة\nوقال الزعيم الكوري الشمالي كيم جونغ - أون، إن القمة ناجحة.\n", encoding="utf-8")
    (seeds / "singapore.txt").write_text("الوصول\nوكان كيم جونغ أون قد وصل إلى سنغافورة أمس.\n", encoding="utf-8")
    built = build_site(seeds, tmp_path / "out")
    cut = (built.site / "actors" / "kym-jwngh" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="archive-note fuller-names">[^<]*<a class="actor-link" href="../kim-jong-un/">كيم جونغ أون</a>', cut)
    full = (built.site / "actors" / "kim-jong-un" / "index.html").read_text(encoding="utf-8")
    assert "fuller-names" not in full


def test_the_not_found_page_and_the_footer_speak_arabic(seed_site: BuiltSite) -> None:
    """The theme's 404 page said "404 - Not found" (shown backwards right to left) and every footer
    "Made with Material for MkDocs"."""
    not_found = (seed_site.site / "404.html").read_text(encoding="utf-8")
    assert "<h1>الصفحة غير موجودة (404)</h1>" in not_found and "Not found" not in not_found
    assert 'href="/articles/">المقالات</a>' in not_found  # links from any depth: the 404 page is served there
    for page in (seed_site.site / "index.html", seed_site.site / "404.html"):
        assert "Made with" not in page.read_text(encoding="utf-8")


def test_an_article_page_names_only_what_is_known_and_links_each_statement_to_its_words(seed_site: BuiltSite) -> None:
    places = []
    for page in (seed_site.site / "articles").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        places += re.findall(r"<dt>المكان</dt><dd>([^<]*)</dd>", html)  # a row only where the article gives one
        items = re.findall(r'<li>(.*?)</li>', html.split('class="facts-statements"', 1)[-1].split("</ol>", 1)[0], re.S)
        for item in items if 'class="facts-statements"' in html else []:
            anchor = re.search(r'<a href="#(statement-\d+)">موضعه في النص</a>$', item.strip())
            assert anchor and f'id="{anchor.group(1)}"' in html, item
            assert "statement-" not in re.sub(r"<[^>]+>", "", item)  # no internal id shown as text
    assert places == ["موسكو"]  # the one seed with a dateline; the others have no row saying "unknown"


def test_the_monthly_chart_says_which_articles_it_leaves_out(tmp_path: Path) -> None:
    from archive import render
    from archive.pipeline import ProjectPaths, generate

    for name, date in (("old", "2014-01-05"), ("new", "2018-03-01"), ("undated", None)):
        front = f"---\ndate: {date}\n---\n" if date else ""
        (tmp_path / f"{name}.md").write_text(f"{front}خبر {name}\n\nقال مسؤول إن الوضع هادئ.\n", encoding="utf-8")
    agg = generate(ProjectPaths(seeds=tmp_path)).aggregate
    home = render.Renderer(agg, ProjectPaths().templates).home().content
    assert "ولا يظهر فيه مقال واحد أقدم منها ومقال واحد بلا تاريخ." in home


@pytest.mark.parametrize(("url", "shown"), [
    ("https://www.alarabiya.net/ar/arab-and-world/2018/05/21/بومبيو-يعلن", "alarabiya.net"),
    ("http://example.org", "example.org"),
])
def test_an_original_link_shows_its_site(url: str, shown: str) -> None:
    """A path of Arabic words in a left-to-right line read out of order: the link shows the site."""
    from archive.render import url_host
    assert url_host(url) == shown


def test_the_home_page_title_is_not_the_site_name_twice(seed_site: BuiltSite) -> None:
    html = (seed_site.site / "index.html").read_text(encoding="utf-8")
    assert "<title>الرئيسية - أرشيف الحقائق</title>" in html


def test_statements_without_a_speaker_are_newest_first_with_their_date(tmp_path: Path) -> None:
    from archive import render
    from archive.pipeline import ProjectPaths, generate

    for name, date in (("a-old", "2016-05-01"), ("b-new", "2018-02-03")):
        (tmp_path / f"{name}.md").write_text(f"---\ndate: {date}\n---\nخبر {name}\n\nوقال مصدر مطلع إن الاجتماع تأجل.\n",
                                             encoding="utf-8")
    agg = generate(ProjectPaths(seeds=tmp_path)).aggregate
    page = next(p.content for p in render.Renderer(agg, ProjectPaths().templates).statements_index()
                if p.path == "statements/unknown-1.md")
    assert page.index("خبر b-new") < page.index("خبر a-old")
    assert "3 فبراير 2018" in page  # each statement says when its article was written


def test_a_second_build_replaces_the_site_and_leaves_nothing_beside_it(tmp_path: Path, seeds_dir: Path) -> None:
    """The previous site is moved aside and deleted while the new one is built: the new site is the same
    bytes, MkDocs' rule that hidden entries stay holds, and nothing is left beside the folder."""
    first = build_site(seeds_dir, tmp_path)
    before = {p.relative_to(first.site).as_posix(): p.read_bytes() for p in sorted(first.site.rglob("*")) if p.is_file()}
    (first.site / ".nojekyll").write_text("", encoding="utf-8")  # hidden: a deployment's own file
    (first.site / "stale.html").write_text("from an older build", encoding="utf-8")
    shutil.rmtree(first.docs)  # build_site copies the hand-written docs afresh
    second = build_site(seeds_dir, tmp_path)
    after = {p.relative_to(second.site).as_posix(): p.read_bytes() for p in sorted(second.site.rglob("*")) if p.is_file()}
    assert after.pop(".nojekyll") == b"" and after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_a_listing_page_links_to_the_pages_before_and_after_it(seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from archive import render
    from archive.pipeline import ProjectPaths, generate

    monkeypatch.setattr(render, "LIST_PAGE_SIZE", 2)  # five seeds: three pages of the article listing
    agg = generate(ProjectPaths(seeds=seeds_dir)).aggregate
    pages = {p.path: p.content for p in render.Renderer(agg, ProjectPaths().templates).article_listing()}
    assert list(pages) == ["articles/index.md", "articles/page-2.md", "articles/page-3.md"]
    first, middle, last = pages.values()
    assert 'rel="prev"' not in first and '<a href="page-2/" rel="next">التالية ←</a>' in first
    assert '<a href="../" rel="prev">→ السابقة</a>' in middle and '<a href="../page-3/" rel="next">' in middle
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert first.count('aria-label="صفحات المقالات"') == 2  # above the table and below it
