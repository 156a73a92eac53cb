"""Property-based: random Unicode headlines and bodies always build and round-trip through front matter;
every relative link leads where it points."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.pipeline import ProjectPaths, generate
from archive.render import RelativeLinks, page_url, relative_url

# Bidi controls, zero-width characters and Arabic presentation forms, mixed into any Unicode.
TRICKY = list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u200b\u200c\u200d\u061c\ufeff"
              "\ufefb\ufdf2\ufe8d\ufe91\ufb50ـًٌٍَُِّْ«»“”<>&\"'#:-{}%")
CHARACTERS = st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(TRICKY))
LINE = st.text(CHARACTERS, min_size=1, max_size=80).filter(lambda s: s.strip() and "\x00" not in s)


def front_matter(text: str) -> dict[str, object]:
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=LINE, body=st.lists(LINE, min_size=1, max_size=4))
def test_random_article_builds_and_round_trips(tmp_path_factory, title: str, body: list[str]) -> None:
    seeds = tmp_path_factory.mktemp("seeds")
    meta = yaml.safe_dump({"title": title}, allow_unicode=True)
    # What the front matter says: PyYAML's Python dumper writes a NEL (U+0085) raw in a quoted scalar,
    # where YAML reads it as a line break folded into a space ('0\x850' is written as meaning '0 0').
    title = yaml.safe_load(meta)["title"]
    (seeds / "random.md").write_text(f"---\n{meta}---\n" + "\n\n".join(body) + "\n", encoding="utf-8", newline="")
    build = generate(ProjectPaths(seeds=seeds))
    report = build.report
    assert report.inputs == len(report.pages) + len(report.skipped) == 1
    if report.skipped:  # only an article whose body is blank once split into lines may be skipped
        assert "no body text" in report.skipped[0].reason or "white space" in report.skipped[0].reason
        return
    page = next(p for p in build.pages if p.path == "articles/random.md")
    meta_out = front_matter(page.content)
    assert meta_out["headline"] == title.strip()
    assert html.unescape(str(meta_out["title"])) == title.strip()
    article = build.aggregate.articles["random"].article
    # Links to actors and statements wrap words of the text: without tags, the text is there as written.
    text = re.sub(r"<[^>]*>", "", page.content).replace("&#34;", '"').replace("&#39;", "'")
    for paragraph in article.paragraphs:
        assert html.escape(paragraph.text, quote=False) in text


SEGMENT = st.sampled_from(["articles", "actors", "a-b", "x", "index", "statements", "page-2", "resolutions"])
PAGE_PATH = st.lists(SEGMENT, min_size=1, max_size=3).map(lambda parts: "/".join(parts) + ".md")
SITE_URL = st.one_of(st.just(""), st.lists(SEGMENT, min_size=1, max_size=3).flatmap(  # "": the home page
    lambda parts: st.sampled_from(["/".join(parts) + "/", "/".join(parts) + ".json", "/".join(parts) + "/data.csv"])))


def _relpath_link(page: str, target: str) -> str:
    """The link posixpath.relpath makes, with the target's closing slash kept: what RelativeLinks gives."""
    link = posixpath.relpath(target or ".", page_url(page) or ".")
    return link + "/" if target.endswith("/") and link != "." else (link if link != "." else "./")


@settings(max_examples=300, deadline=None)
@given(page=PAGE_PATH, target=st.one_of(SITE_URL, st.lists(SEGMENT, min_size=1, max_size=2).map("/".join)))
def test_a_relative_link_is_the_one_relpath_makes(page: str, target: str) -> None:
    """The short way into another top folder (RelativeLinks) gives the same link, a bare folder («articles») too."""
    assert RelativeLinks(page)(target) == _relpath_link(page, target)


@settings(max_examples=300, deadline=None)
@given(page=PAGE_PATH, targets=st.lists(SITE_URL, min_size=1, max_size=5))
def test_a_relative_link_leads_from_its_page_to_its_target(page: str, targets: list[str]) -> None:
    links = RelativeLinks(page)  # one page's links, made by the object the templates call
    here = "https://archive.example/site/" + page_url(page)
    for target in targets:
        assert urljoin(here, links(target)) == urljoin("https://archive.example/site/", target)
        assert links(target) == relative_url(page, target)
