"""The shared page shell: pages filled into it are byte for byte what the theme renders in full."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from archive.page_shell import MARKER_SETS, PageShell, ShellCache, stand_in
from conftest import FIXTURES, BuiltSite, build_site, html_files


def page(title: str, content: str, url: str = "actors/a/", canonical: str | None = None) -> Any:
    """A stand-in for an MkDocs page with the attributes the shell reads."""
    return SimpleNamespace(title=title, meta={"title": title}, content=content, url=url, canonical_url=canonical)


def theme(p: Any) -> str:
    """A tiny theme that uses every varying part, as Material's base template does."""
    h1 = "" if "<h1" in p.content else f"<h1>{p.title}</h1>"
    canonical = f'<link rel="canonical" href="{p.canonical_url}">' if p.canonical_url else ""
    return f"<title>{p.meta['title']} - site</title>{canonical}<header>{p.title}</header>{h1}{p.content}<footer/>"


@pytest.mark.parametrize("content", ["<h1>عنوان</h1><p>نص</p>", "<p>بلا عنوان</p>"])
@pytest.mark.parametrize("canonical", [None, "https://example.org/actors/a/"])
def test_a_filled_shell_equals_the_full_rendering(content: str, canonical: str | None) -> None:
    markers = MARKER_SETS[0]
    shell = PageShell.from_output(theme(stand_in(page("x", content, canonical=canonical), markers)), markers)
    hostile = page("&lt;script&gt; \x02 {{ 7*7 }}", content, canonical=canonical)
    assert shell.fill(hostile) == theme(hostile)


def test_a_shell_that_does_not_reproduce_the_page_is_refused() -> None:
    # A theme whose output depends on the title's length cannot be filled from markers, whatever
    # the length of the first page's title.
    def by_length(p: Any) -> str:
        return f"<title>{p.title}</title>" + ("<b>long</b>" if len(p.title) > 8 else "") + p.content

    for first_title in ("عنوان طويل جدا", "قصير"):
        cache = ShellCache()
        pages = [page(first_title, "<h1>a</h1>"), page("قصير", "<h1>b</h1>"), page("عنوان طويل جدا", "<h1>c</h1>")]
        assert [cache.render(p, by_length) for p in pages] == [by_length(p) for p in pages]
        assert (cache.filled, cache.rendered) == (0, 3)


def test_pages_in_other_folders_get_their_own_shell() -> None:
    # The theme's links are relative to the page's folder.
    def relative(p: Any) -> str:
        return f'<a href="{"../" if p.url.startswith("actors/") else "../../actors/"}">' + p.title + p.content

    cache = ShellCache()
    pages = [page("a", "<h1>a</h1>", "articles/x/"), page("b", "<h1>b</h1>", "actors/y/"),
             page("c", "<h1>c</h1>", "actors/z/")]
    assert [cache.render(p, relative) for p in pages] == [relative(p) for p in pages]
    assert (cache.filled, cache.rendered) == (1, 2)


def filled_count(site: BuiltSite) -> int:
    match = re.search(r"archive: (\d+) pages filled in a shared page shell", site.mkdocs_log)
    assert match, site.mkdocs_log
    return int(match.group(1))


@pytest.mark.parametrize("seeds", ["seeds", "hostile"])
def test_site_with_shells_is_byte_identical_to_full_rendering(seeds: str, tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "seeds" if seeds == "seeds" else FIXTURES / "hostile"
    shelled = build_site(source, tmp_path / "shelled", strict=seeds == "seeds")
    full = build_site(source, tmp_path / "full", {"ARCHIVE_PAGE_SHELL": "0"}, strict=seeds == "seeds")
    assert filled_count(shelled) > 10, "the shell was not used: this comparison would prove nothing"
    assert filled_count(full) == 0
    assert html_files(shelled.site) == html_files(full.site)


def test_without_a_configured_navigation_every_page_is_rendered_in_full(tmp_path: Path) -> None:
    # MkDocs' automatic navigation gives each page its own menu state: no page may share a shell.
    site = build_site(Path(__file__).resolve().parents[1] / "seeds", tmp_path / "auto-nav", strict=False,
                      extra_config="nav: null\n")
    assert filled_count(site) == 0
    assert (site.site / "articles" / "index.html").is_file()
