"""The theme's page around a generated page's body, rendered once and filled in per page.

Article, actor and resolution pages are outside the navigation, have no table of contents
(their bodies skip Markdown) and carry only a title in their metadata: the theme's HTML
around them is the same for every such page in the same folder, but for the title, the
canonical URL and the body. Rendering Material's templates for each of them cost about
7 ms a page, most of a 10,000-article build. So the theme renders one stand-in page whose
varying parts are unique markers; the output, cut at the markers, is the shell that every
other page of that kind fills with its own values.

A shell is used only after two stand-ins with markers of different lengths cut the same, and it
reproduced, byte for byte, the full rendering of the first page it serves (`checked_shell`);
otherwise that kind of page keeps the full rendering. Equality of whole sites built both ways
is tested (tests/test_page_shell.py).
"""

from __future__ import annotations

import copy
import posixpath
import re
from dataclasses import dataclass
from typing import Any, Callable, Hashable

# Unique strings that no template produces, each standing for one varying part of a page, in two
# sets of different lengths: a theme whose output depends on a value (not only places it) is caught.
# The body markers keep "<h1" where the body has a heading, so that the theme adds none.
MARKER_SETS = (
    {"title": "\x02t\x03", "meta_title": "\x02m\x03", "canonical": "\x02c\x03",
     "h1": "<h1 data-archive-shell></h1>", "plain": "<div data-archive-shell></div>"},
    {"title": "\x02archive page shell: title of the page\x03", "meta_title": "\x02archive page shell: meta title\x03",
     "canonical": "\x02archive page shell: canonical address of the page\x03",
     "h1": "<h1 data-archive-shell-second-stand-in></h1>", "plain": "<div data-archive-shell-second-stand-in></div>"},
)


@dataclass(frozen=True)
class PageShell:
    """A rendered page cut at its markers: literal text and, between, the marker each gap stands for."""

    pieces: tuple[str, ...]
    gaps: tuple[str, ...]

    @classmethod
    def from_output(cls, output: str, markers: dict[str, str]) -> PageShell:
        """Cut the theme's rendering of a stand-in page at its markers."""
        names = {marker: name for name, marker in markers.items()}
        pattern = re.compile("|".join(re.escape(marker) for marker in names))
        gaps = tuple(names[marker] for marker in pattern.findall(output))
        return cls(tuple(pattern.split(output)), gaps)

    def fill(self, page: Any) -> str:
        """The page's full HTML: the shell with this page's title, canonical URL and body."""
        values = {"title": page.title, "meta_title": page.meta.get("title"), "canonical": page.canonical_url,
                  "h1": page.content, "plain": page.content}
        parts = [self.pieces[0]]
        for gap, piece in zip(self.gaps, self.pieces[1:]):
            parts.append(str(values[gap]))
            parts.append(piece)
        return "".join(parts)


def optional_parts(page: Any) -> tuple[bool, bool, bool]:
    """Which optional parts a page has: an <h1> in its body, a canonical URL, a title in its meta."""
    return "<h1" in (page.content or ""), page.canonical_url is not None, "title" in page.meta


def shell_key(page: Any) -> Hashable:
    """Pages with equal keys share a shell: the same folder (the theme's links are relative to
    it: actors/a/ links to ../ where articles/b/ links to ../../actors/), the same optional parts."""
    folder = posixpath.dirname(page.url.rstrip("/"))
    return (folder, *optional_parts(page))


def stand_in(page: Any, markers: dict[str, str]) -> Any:
    """A copy of `page` whose varying parts are markers."""
    has_h1, has_canonical, has_title = optional_parts(page)
    marked = copy.copy(page)
    marked.title = markers["title"]
    marked.meta = {**page.meta, **({"title": markers["meta_title"]} if has_title else {})}
    marked.canonical_url = markers["canonical"] if has_canonical else None
    marked.content = markers["h1"] if has_h1 else markers["plain"]
    return marked


def checked_shell(page: Any, full: Callable[[Any], str]) -> tuple[PageShell | None, str]:
    """A shell for pages like `page` and the page's full rendering; None when the shell is unsafe:
    the two stand-ins cut differently, or the shell does not reproduce the page."""
    first, second = (PageShell.from_output(full(stand_in(page, markers)), markers) for markers in MARKER_SETS)
    expected = full(page)
    return (first if first == second and first.fill(page) == expected else None), expected


class ShellCache:
    """Shells by key for one build, each checked against one full rendering before use."""

    def __init__(self) -> None:
        self.shells: dict[Hashable, PageShell | None] = {}  # None: the check failed, render in full
        self.filled = 0  # pages built from a shell
        self.rendered = 0  # pages the theme rendered in full

    def render(self, page: Any, full: Callable[[Any], str]) -> str:
        """The page's HTML; `full(page)` renders a page with the theme's templates."""
        key = shell_key(page)
        if key not in self.shells:
            self.shells[key], expected = checked_shell(page, full)
            self.rendered += 1
            return expected
        shell = self.shells[key]
        if shell is None:
            self.rendered += 1
            return full(page)
        self.filled += 1
        return shell.fill(page)
