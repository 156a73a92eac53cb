"""The archive's domain model: frozen dataclasses that every stage passes along.

Text fields keep the article's characters exactly as written; positions
(`start`, `end`) are offsets into `Paragraph.text` so that renderers can mark a
fact in place without altering the text around it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Literal

ActorType = Literal["person", "organization", "place"]
ParagraphKind = Literal["text", "heading"]
StatementKind = Literal["direct", "indirect"]


@dataclass(frozen=True)
class Paragraph:
    """One block of an article body: a paragraph of text or a sub-headline."""

    index: int
    text: str
    kind: ParagraphKind = "text"
    line: int = 0  # 1-based line in the source file, for messages


@dataclass(frozen=True)
class Article:
    """An article as read and cleaned from one file of the seeds directory."""

    id: str
    file: str  # path relative to the seeds directory, with forward slashes
    title: str
    title_derived: bool
    paragraphs: tuple[Paragraph, ...]
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD)
    source: str | None = None
    place: str | None = None
    agency: str | None = None
    url: str | None = None  # the original publication's URL, when known
    furniture: tuple[str, ...] = ()  # lines removed as site furniture
    warnings: tuple[str, ...] = ()

    @property
    def text_paragraphs(self) -> tuple[Paragraph, ...]:
        """Body paragraphs without the section headings."""
        return tuple(p for p in self.paragraphs if p.kind == "text")

    @cached_property
    def content_hash(self) -> str:
        """A hash of everything extraction sees of the article: its repr, deterministic for frozen
        dataclasses all the way down. Kept with the article, and pickled with it into the extraction
        cache: each build asks for it once per article, and hashing 10,000 reprs took half a second."""
        return hashlib.sha256(repr(self).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Role:
    """A title an actor holds, e.g. وزير الخارجية الروسي."""

    title: str
    period: str | None = None
    article: str | None = None  # id of the article where the role was seen


@dataclass(frozen=True)
class Actor:
    """A person, organisation or place with a stable Latin id."""

    id: str
    name: str
    type: ActorType
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    name_en: str | None = None
    wikidata: str | None = None
    reviewed: bool = True  # False for actors discovered by the extractor


@dataclass(frozen=True)
class Mention:
    """A place in an article's text that names an actor."""

    actor_id: str
    paragraph: int
    start: int
    end: int
    surface: str  # the text as written, clitics excluded
    # A body named inside a person's title (زعيم الجمهوريين في الكونغرس، بول راين): that person's id.
    # It is no sentence's subject: the person is.
    title_of: str | None = None


@dataclass(frozen=True)
class Statement:
    """Attributed speech: who said what, where."""

    id: str  # "statement-N", unique within the article, used as the anchor
    speaker: str | None  # actor id, or None when no speaker could be resolved
    kind: StatementKind
    text: str
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class Resolution:
    """A UN resolution, described by the registry or known only by citation."""

    id: str  # e.g. "sc-2170", "ga-194"
    number: int
    organ: str  # "security-council", "general-assembly", ...
    year: int | None = None
    symbol: str | None = None
    title: str | None = None
    link: str | None = None  # the official document
    described: bool = True  # False when cited but absent from the registry

    @property
    def label(self) -> str:
        """How pages name it: its symbol (S/RES/2254 (2015)), or «القرار 2254» without one."""
        return self.symbol or f"القرار {self.number}"


@dataclass(frozen=True)
class Citation:
    """One citation of a resolution in an article."""

    resolution_id: str
    paragraph: int
    start: int
    end: int
    sentence: str


@dataclass(frozen=True)
class Discovery:
    """A name found by pattern, not in the registry: material for the curator."""

    actor_id: str
    name: str
    type: ActorType
    sentence: str
    article: str


@dataclass(frozen=True)
class SearchText:
    """An article's words in search form, as its page gives them to the index (archive.search).

    Two strings, not lists: kept for every article of the archive (and in the cache), a list of
    small strings per word would cost ten times the memory of the text."""

    words: str  # the folded words, space-separated
    segments_json: str  # beside each word the original text it stands for, as HTML-safe JSON (excerpts)


@dataclass(frozen=True)
class ArticleFacts:
    """Everything extracted from one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    statements: tuple[Statement, ...] = ()
    citations: tuple[Citation, ...] = ()
    roles: tuple[tuple[str, Role], ...] = ()  # (actor id, role seen in this article)
    discovered: tuple[Actor, ...] = ()  # actors not in the registry, found here
    discoveries: tuple[Discovery, ...] = ()
    search_text: SearchText | None = None  # per article, so cached with the facts; None: not computed

    @property
    def actor_ids(self) -> tuple[str, ...]:
        """Ids of the actors mentioned, in order of first mention."""
        return tuple(dict.fromkeys(m.actor_id for m in self.mentions))

    @property
    def resolution_ids(self) -> tuple[str, ...]:
        """Ids of the resolutions cited, in order of first citation."""
        return tuple(dict.fromkeys(c.resolution_id for c in self.citations))


@dataclass(frozen=True)
class Skipped:
    """An input file that did not become a page, and why."""

    file: str
    reason: str
    line: int | None = None


@dataclass
class Archive:
    """All facts of all articles, aggregated; the one context renderers read."""

    facts: list[ArticleFacts]
    actors: dict[str, Actor]
    resolutions: dict[str, Resolution]
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    search_file: Path | None = None  # the registry's spelling pairs for search (search.yml); None: the project's


@dataclass(frozen=True)
class Furniture:
    """Compiled site-furniture patterns (see registry/furniture.yml)."""

    lines: tuple[re.Pattern[str], ...] = ()
    lines_with_next: tuple[re.Pattern[str], ...] = ()
    glued: tuple[re.Pattern[str], ...] = ()
    breadcrumbs: tuple[re.Pattern[str], ...] = ()
    credits: tuple[re.Pattern[str], ...] = ()
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """One generated output file: a path relative to the docs dir and its text."""

    path: str
    content: str


def article_unit(article_id: str) -> str:
    """The pages rendered from one article: its page and its excerpt file."""
    return f"article:{article_id}"


def actor_unit(actor_id: str) -> str:
    """The pages rendered from one actor's profile: its page, the further pages of its lists, its JSON file."""
    return f"actor:{actor_id}"


Units = dict[str, list[str]]  # a unit (`article_unit`, `actor_unit`) → the files rendering it gives


@dataclass(frozen=True)
class StagedPage:
    """A generated file a rendering worker handed to the writer itself (archive.write.Stager): written
    into the writer's staging folder (`written`), or found unchanged in the output."""

    path: str
    written: bool


Stage = Callable[[Page], StagedPage]  # what a rendering worker does with each page it renders, when given one


@dataclass(frozen=True)
class KeptPage:
    """A generated file left as the last build wrote it: what it is made from has not changed
    (archive/freshness.py), so it is neither rendered nor compared."""

    path: str
