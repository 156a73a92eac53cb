"""Jinja2 templates (`templates/`) → pages of Markdown with YAML front matter.

Article text is data: every template autoescapes, bodies are emitted as HTML
blocks (so Markdown syntax in an article is never interpreted), and front
matter is written by a YAML dumper. Rendering decides no facts; it only places
what extraction found.
"""

from __future__ import annotations

import contextlib
import html
import json
import multiprocessing
import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from archive.aggregate import Aggregate, date_key
from archive.export import actor_json, actor_url, article_url, exports, resolution_url
from archive.arabic import matching_words
from archive.model import Actor, ArticleFacts, KeptPage, Page, SearchText, Stage, StagedPage, Units, actor_unit, article_unit
from archive.processes import can_fork
from archive.search import (SUGGEST_MIN_ARTICLES, SUGGESTIONS_DIR, EntityName, Spellings, article_search_text,
                            entity_suggestions, entity_weight, load_spellings, search_terms)

MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")
ACTOR_TYPE_LABELS = {"person": "شخص", "organization": "منظمة أو هيئة", "place": "مكان"}
ACTOR_TYPE_PLURALS = {"person": "الأشخاص", "organization": "المنظمات والهيئات", "place": "الأماكن"}
PART_TITLES = {"statements": "التصريحات", "articles": "المقالات"}
ORGAN_LABELS = {"security-council": "مجلس الأمن", "general-assembly": "الجمعية العامة", "human-rights-council": "مجلس حقوق الإنسان"}
SCHEMA_TYPES = {"person": "Person", "organization": "Organization", "place": "Place"}
LIST_PAGE_SIZE = 200
INDEX_TOP = 100  # actors of each type shown on the actors index; the rest on list pages
ACTOR_LIST_PAGE = 100  # statements or articles on an actor's page, newest first; the rest on further pages
SPEAKERS_PER_PAGE = 50  # speakers on a page of the statements index, each with their latest ten statements
PARALLEL_MIN_ARTICLES = 500  # below this, forking workers costs more than rendering here
PARALLEL_MIN_ACTORS = 1000  # the same for actors' pages, when articles' pages are kept (a full render has ~1.3 per article)
ARTICLE_CHUNK = 100  # article or actor pages per task sent to a worker


# A counted noun agrees with its number (CLDR's plural categories for Arabic): one, two, 3–10 by the
# hundred (plural), 11–99 by the hundred (singular, accusative), the rest (0, 100–102: singular).
COUNTED_NOUNS = {
    "article": ("مقال واحد", "مقالان", "مقالات", "مقالاً", "مقال"),
    "actor": ("فاعل واحد", "فاعلان", "فاعلين", "فاعلاً", "فاعل"),
    "person": ("شخص واحد", "شخصان", "أشخاص", "شخصاً", "شخص"),
    "organization": ("هيئة واحدة", "هيئتان", "هيئات", "هيئةً", "هيئة"),
    "place": ("مكان واحد", "مكانان", "أماكن", "مكاناً", "مكان"),
    "resolution": ("قرار واحد", "قراران", "قرارات", "قراراً", "قرار"),
    "statement": ("تصريح واحد", "تصريحان", "تصريحات", "تصريحاً", "تصريح"),
    "other_article": ("مقال آخر", "مقالين آخرين", "مقالات أخرى", "مقالاً آخر", "مقال آخر"),
    "page": ("صفحة واحدة", "صفحتين", "صفحات", "صفحة", "صفحة"),
    "speaker": ("قائل واحد", "قائلين اثنين", "قائلين", "قائلاً", "قائل"),
}


def counted(n: int, noun: str, strong: bool = False) -> Markup:
    """`n` and its noun as Arabic says it: مقال واحد، مقالان، 5 مقالات، 15 مقالاً، 100 مقال."""
    one, two, few, many, other = COUNTED_NOUNS[noun]
    if n in (1, 2):
        return Markup("<strong>{}</strong>").format(one if n == 1 else two) if strong else Markup(one if n == 1 else two)
    word = few if 3 <= n % 100 <= 10 else many if 11 <= n % 100 <= 99 else other
    return Markup("<strong>{}</strong> {}" if strong else "{} {}").format(n, word)


def paginate(items: list[Any], size: int, path_of: Callable[[int], str], first: str | None = None
             ) -> list[tuple[str, list[Any]]]:
    """`items` in pages of `size`: (path, items) of page 1, 2, …, page n at `path_of(n)`. Page 1 is at
    `first` when given (an index page, an actor's own page), and is there even with no items."""
    pages = [(path_of(i // size + 1), items[i : i + size]) for i in range(0, len(items), size)]
    return pages if first is None else [(first, items[:size]), *pages[1:]]


def arabic_date(iso: str | None) -> str:
    """One documented convention: day, Arabic month name, year in the article's digits (13 نوفمبر 2015)."""
    if not iso:
        return "غير معروف"
    year, month, day = iso[:10].split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def page_url(path: str) -> str:
    """Site-relative URL of a page path with directory URLs (articles/x.md → articles/x/)."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


def relative_url(from_path: str, to_url: str) -> str:
    """A link from the page at `from_path` to the site-relative `to_url`, as a relative URL."""
    return RelativeLinks(from_path)(to_url)


class RelativeLinks:
    """`relative_url(from_path, ·)` for the links of one page: the page's own folder is split once,
    not once a link (an actor's page has hundreds)."""

    def __init__(self, from_path: str) -> None:
        base = page_url(from_path) or "."
        self.base = base
        self.base_parts = [part for part in base.split("/") if part not in ("", ".")]
        self.plain = ".." not in self.base_parts and not base.startswith("/")
        self.up = "../" * len(self.base_parts)
        self.first = self.base_parts[0] if self.plain and self.base_parts else None

    def __call__(self, to_url: str) -> str:
        if self.first and to_url[:1].isalnum() and to_url.partition("/")[0] != self.first and "/." not in to_url \
                and "//" not in to_url:
            return self.up + to_url  # into another top folder (most links): no part in common, nothing to fold
        link = self._relpath(to_url or ".")
        return link + "/" if to_url.endswith("/") and link != "." else (link if link != "." else "./")

    def _relpath(self, target: str) -> str:
        """posixpath.relpath for site-relative paths, without its two abspath calls."""
        target_parts = [part for part in target.split("/") if part not in ("", ".")]
        if not self.plain or ".." in target_parts or target.startswith("/"):
            return posixpath.relpath(target, self.base)
        common, base_parts = 0, self.base_parts
        for mine, theirs in zip(target_parts, base_parts):
            if mine != theirs:
                break
            common += 1
        return "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."


def safe_href(url: str | None) -> str | None:
    """An article's original URL, only when it is plain http(s): never a `javascript:` link."""
    # str.split() splits on exactly the characters str.isspace() accepts: one part means no inner space.
    if url and url.strip().lower().startswith(("http://", "https://")) and len(url.split()) == 1:
        return url.strip()
    return None


def url_host(url: str) -> str:
    """The site an article's URL is on (alarabiya.net), what its link shows: a path of Arabic words written
    in a left-to-right line reads out of order, and the whole address is the link's target and title."""
    host = urlsplit(url.strip()).hostname or url
    return host.removeprefix("www.")


def searchable_names(actor: Actor) -> tuple[str, ...]:
    """The names a reader may type for an actor: its name, its aliases and its English name."""
    return (actor.name, *actor.aliases, *([actor.name_en] if actor.name_en else []))


def front_matter(meta: dict[str, Any], body: str) -> str:
    """Prefix `body` with YAML front matter, each value written as JSON (which YAML reads as written),
    never by templating: a list of records one per line. PyYAML's dumper made a third of an article
    page's rendering time (its representer is Python even with libyaml's emitter)."""
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            lines.append(f"{key}:")
            lines.extend(f"- {yaml_json(item)}" for item in value)
        else:
            lines.append(f"{key}: {yaml_json(value)}")
    return "\n".join(lines) + "\n---\n\n" + body


# JSON leaves these raw, where YAML reads a line break (NEL, LS, PS) or rejects the character
# (DEL, the C1 controls, U+FFFE/U+FFFF); a byte-order mark is escaped too, so no reader strips it.
YAML_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def yaml_json(value: Any) -> str:
    """`value` (text, number, bool, None, lists and dicts of them) as JSON that YAML reads back unchanged."""
    text = json.dumps(value, ensure_ascii=False)
    return YAML_UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def mermaid_label(text: str) -> str:
    """A name made safe inside a quoted Mermaid label: no quotes, brackets, directives or links."""
    return re.sub(r'[\"\[\]{}()<>|;#%&`\\\n\r]', " ", text).strip()[:60] or "؟"


def search_text_of(facts: ArticleFacts, spellings: Spellings) -> SearchText:
    """An article's search words: as extracted and cached with its facts, or computed now for
    facts made without them."""
    return facts.search_text or article_search_text(facts.article, spellings)


def page_title(text: str) -> str:
    """Titles reach the theme unescaped, so they are stored HTML-escaped."""
    return html.escape(text, quote=True)


@dataclass(frozen=True)
class Span:
    """A marked stretch of a paragraph: an outer statement anchor or an inner link."""

    start: int
    end: int
    open: str
    close: str
    outer: bool


def _non_overlapping(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.end > span.start and (not kept or span.start >= kept[-1].end):
            kept.append(span)
    return kept


def annotate(text: str, spans: list[Span]) -> Markup:
    """Escape `text` and wrap the given spans; inner links never cross a statement boundary."""
    outer = _non_overlapping([s for s in spans if s.outer])
    inner = [s for s in _non_overlapping([s for s in spans if not s.outer])
             if not any(o.start < s.end and s.start < o.end and not (o.start <= s.start and s.end <= o.end) for o in outer)]
    events = sorted(
        [(s.start, 2 if s.outer else 3, s.open) for s in outer + inner]
        + [(s.end, 1 if s.outer else 0, s.close) for s in outer + inner],
        key=lambda e: (e[0], e[1]),
    )
    parts, position = [], 0
    for at, _, tag in events:
        parts.append(str(escape(text[position:at])))
        parts.append(tag)
        position = at
    parts.append(str(escape(text[position:])))
    return Markup("".join(parts))


def template_environment(templates_dir: Path) -> Environment:
    """The Jinja environment of the templates as they are now: one per version of the files, so a
    build again in the same process (`mkdocs serve`, the search documents of `mkdocs build`) does not
    compile them again (15 templates, 0.1-0.3 s), and an edited template is compiled afresh."""
    stats = ((p.name, p.stat()) for p in templates_dir.iterdir() if p.is_file())
    return _environment(templates_dir, tuple(sorted((name, st.st_mtime_ns, st.st_size) for name, st in stats)))


@lru_cache(maxsize=2)
def _environment(templates_dir: Path, stamps: tuple[tuple[str, int, int], ...]) -> Environment:
    env = Environment(loader=FileSystemLoader(templates_dir), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      auto_reload=False)  # `stamps` stand for the version: no stat per page
    env.filters.update(arabic_date=arabic_date, safe_href=safe_href, mermaid_label=mermaid_label, counted=counted,
                       url_host=url_host)
    env.globals.update(type_labels=ACTOR_TYPE_LABELS, type_plurals=ACTOR_TYPE_PLURALS, organ_labels=ORGAN_LABELS,
                       part_titles=PART_TITLES)
    return env


class Renderer:
    """Renders every page of the archive from an `Aggregate`."""

    def __init__(self, agg: Aggregate, templates_dir: Path, reuse: Mapping[str, list[str]] | None = None,
                 units: Units | None = None) -> None:
        """`reuse`: units whose files are as the last build left them, to keep, not render
        (archive/freshness.py). `units` is filled with the files of every unit, rendered or kept."""
        self.agg = agg
        self.reuse = reuse or {}
        self.units = units if units is not None else {}
        self.env = template_environment(templates_dir)
        self._fuller_names: dict[tuple[str, ...], list[str]] | None = None

    @cached_property
    def spellings(self) -> Spellings:
        """The spelling pairs of the registry the build read, for the search words made here."""
        return load_spellings(self.agg.archive.search_file)

    def page(self, path: str, template: str, meta: dict[str, Any], **context: Any) -> Page:
        """Render one template to a page at `path`, with links made relative to it."""
        body = self.env.get_template(template).render(link=RelativeLinks(path), agg=self.agg, actors=self.agg.archive.actors,
                                                      resolutions=self.agg.archive.resolutions, **context)
        return Page(path, front_matter(meta, body))

    def pages(self, with_exports: bool = True) -> Iterator[Page | KeptPage]:
        """Every generated page: home and indexes, resolutions and data files, then one page per
        article and per actor (the order `pages_in_parallel` gives too, with no unit kept)."""
        yield from self.index_pages()
        yield from self.resolution_and_data_pages(with_exports)
        for article_id in self.agg.articles:
            yield from self.kept(article_unit(article_id)) or self.recorded(article_unit(article_id), [
                self.article(self.agg.articles[article_id])])
        for actor_id in self.agg.actors:
            yield from self.kept(actor_unit(actor_id)) or self.recorded(actor_unit(actor_id), self.actor_files(actor_id))

    def kept(self, unit: str) -> list[KeptPage]:
        """The files of `unit` as the last build left them, when it is to be reused; otherwise none."""
        paths = self.reuse.get(unit, [])
        if paths:
            self.units[unit] = list(paths)
        return [KeptPage(path) for path in paths]

    def recorded(self, unit: str, pages: list[Page | StagedPage]) -> list[Page | StagedPage]:
        """`pages`, rendered for `unit`, their paths noted in `units`."""
        self.units.setdefault(unit, []).extend(page.path for page in pages)
        return pages

    def index_pages(self) -> Iterator[Page]:
        """Home, the article listing and the indexes of actors, resolutions and statements."""
        yield self.home()
        yield from self.article_listing()
        yield from self.actors_index()
        yield self.resolutions_index()
        yield from self.statements_index()

    def actor_files(self, actor_id: str) -> list[Page]:
        """An actor's pages and its data file (`actors/<id>.json`), rendered together in one worker."""
        return [*self.actor_pages(actor_id), actor_json(self.agg, actor_id)]

    def actor_pages(self, actor_id: str) -> Iterator[Page]:
        """An actor's page, then the further pages of its statements and of its articles, newest first,
        ACTOR_LIST_PAGE a page (at 10,000 articles one page of all 2,034 statements and 4,000 articles
        of the most named was 2.4 MB). They sit beside the actor pages (actors/<id>--articles-2.md), so
        the theme's page around them is the folder's (archive/page_shell.py); no id holds "--"."""
        profile = self.agg.actors[actor_id]
        lists = {part: paginate(items[::-1], ACTOR_LIST_PAGE, lambda n, part=part: f"actors/{actor_id}--{part}-{n}.md",
                                first=f"actors/{actor_id}.md")
                 for part, items in (("statements", profile.statements), ("articles", profile.articles))}
        urls = {part: [page_url(path) for path, _ in pages] for part, pages in lists.items()}
        yield self.actor(actor_id, {part: pages[0][1] for part, pages in lists.items()}, urls)
        for part, pages in lists.items():
            for number, (path, items) in enumerate(pages[1:], start=2):
                yield self.page(path, "actor_part.md.j2", {"title": page_title(f"{profile.actor.name}: {PART_TITLES[part]}"),
                                                           "kind": "index", "id": actor_id}, profile=profile,
                                actor=profile.actor, part=part, items=items, number=number,
                                pages=urls[part], page_size=ACTOR_LIST_PAGE)

    def resolution_and_data_pages(self, with_exports: bool = True) -> Iterator[Page]:
        """One page per resolution, then the data files (`exports`, unless made elsewhere) and the search excerpts."""
        for resolution_id in self.agg.resolutions:
            yield self.resolution(resolution_id)
        yield from exports(self.agg) if with_exports else ()
        yield from self.excerpt_files()
        yield from self.suggestion_files()

    def suggestion_files(self) -> Iterator[Page]:
        """The search box's entity suggestions (archive.search.entity_suggestions), one file per shard,
        and the list of shards, so the browser never asks for one that does not exist: every curated
        actor, every discovered one named in SUGGEST_MIN_ARTICLES articles, every resolution."""
        entities = [EntityName(actor_url(actor_id), p.actor.name, ACTOR_TYPE_LABELS[p.actor.type], len(p.articles),
                               searchable_names(p.actor)) for actor_id, p in self.agg.actors.items()
                    if p.actor.reviewed or len(p.articles) >= SUGGEST_MIN_ARTICLES]
        for resolution_id, profile in self.agg.resolutions.items():
            resolution = self.agg.archive.resolutions[resolution_id]
            entities.append(EntityName(resolution_url(resolution_id), resolution.label, "قرار", len(profile.article_ids),
                                       (resolution.label, f"القرار {resolution.number}",
                                        *([resolution.title] if resolution.title else []))))
        shards = entity_suggestions(entities, self.spellings)
        for key, entries in sorted(shards.items()):
            yield Page(f"{SUGGESTIONS_DIR}/{key}.json", json.dumps({"entities": entries}, ensure_ascii=False) + "\n")
        yield Page(f"{SUGGESTIONS_DIR}/shards.json", json.dumps({"shards": sorted(shards)}) + "\n")

    def excerpt_files(self) -> Iterator[Page]:
        """Beside each article page, its words as written (`articles/<id>/segments.json`): a search
        result fetches them to show its excerpt as the article wrote it. They stay out of the search
        index, where Pagefind would index them as words (three times the index, twice the time)."""
        for article_id, facts in self.agg.articles.items():
            if article_unit(article_id) in self.reuse:
                continue  # kept with the article's page
            text = search_text_of(facts, self.spellings)
            if text.segments_json:
                yield from self.recorded(article_unit(article_id),
                                         [Page(f"articles/{article_id}/segments.json", text.segments_json + "\n")])

    def pages_in_parallel(self, workers: int, stage: Stage | None = None,
                          fresh: dict[str, list[str]] | None = None) -> Iterator[Page | KeptPage | StagedPage]:
        """`pages()`, article and actor pages rendered by forked processes while this one renders the rest.

        Article and actor pages are most of the work and each depends only on the aggregate, which
        forked workers inherit without pickling; only the finished pages travel back, and they are
        handed on chunk by chunk, so a consumer that writes them never holds the whole site. With
        `stage` (a writer's `Stager`), the workers stage their pages themselves and send back their
        paths: at 10,000 articles 300 MB of pages no longer cross to this process. `fresh`: the
        caller's `fresh_units()`, if it has them.
        """
        fresh = fresh or self.fresh_units()
        chunks = [(kind, ids[i : i + ARTICLE_CHUNK]) for kind, ids in fresh.items() for i in range(0, len(ids), ARTICLE_CHUNK)]
        with _forked_pool(self, workers, stage) as pool:
            rendered = pool.map(_render_chunk, chunks)
            # This process renders the rest while the workers render theirs: left to the end,
            # facts.json and the exports were seconds of one busy core and one idle one.
            yield from self.index_pages()
            yield from self.resolution_and_data_pages()
            for article_id in self.agg.articles:
                yield from self.kept(article_unit(article_id))
            for actor_id in self.agg.actors:
                yield from self.kept(actor_unit(actor_id))
            for (kind, ids), chunk in zip(chunks, rendered):  # articles, then actors, in order
                unit = article_unit if kind == "article" else actor_unit
                for unit_id, pages in zip(ids, chunk):
                    yield from self.recorded(unit(unit_id), pages)

    def pages_with_exports_aside(self) -> Iterator[Page | KeptPage]:
        """`pages()`, the data exports (facts.json, the CSV files) made by a forked process meanwhile:
        when few articles changed they are a third of what is rendered (1.25 s of 3.6 s at 10,000)."""
        with _forked_pool(self, 1) as pool:
            exported = pool.submit(_render_exports)
            yield from self.pages(with_exports=False)
            yield from exported.result()

    def fresh_units(self) -> dict[str, list[str]]:
        """The ids of the articles and of the actors whose pages are to be rendered, not kept."""
        return {"article": [i for i in self.agg.articles if article_unit(i) not in self.reuse],
                "actor": [i for i in self.agg.actors if actor_unit(i) not in self.reuse]}

    def counts(self) -> dict[str, int]:
        """Headline figures of the archive."""
        return {
            "articles": len(self.agg.articles),
            "actors": len(self.agg.actors),
            "resolutions": len(self.agg.resolutions),
            "statements": sum(len(f.statements) for f in self.agg.articles.values()),
        }

    def home(self) -> Page:
        """The home page: what the archive is, its counts and latest articles."""
        latest = sorted(self.agg.articles.values(), key=lambda f: (f.article.date or "", f.article.id), reverse=True)[:10]
        # Titled «الرئيسية», as in the navigation: the theme adds the site's name («… - أرشيف الحقائق»).
        return self.page("index.md", "home.md.j2", {"title": "الرئيسية", "kind": "home"},
                         counts=self.counts(), latest=latest)

    def article_listing(self) -> Iterator[Page]:
        """The articles index, split into pages of LIST_PAGE_SIZE articles, newest first."""
        ordered = sorted(self.agg.articles.values(), key=date_key, reverse=True)
        pages = paginate(ordered, LIST_PAGE_SIZE, lambda n: f"articles/page-{n}.md", first="articles/index.md")
        urls = [page_url(path) for path, _ in pages]
        for number, (path, chunk) in enumerate(pages, start=1):
            yield self.page(path, "articles_index.md.j2", {"title": "المقالات", "kind": "index"},
                            articles=chunk, number=number, pages=urls, total=len(ordered))

    def article(self, facts: ArticleFacts) -> Page:
        """One article: headline, metadata, body as written with facts marked, facts box."""
        article = facts.article
        path = f"articles/{article.id}.md"
        meta = {
            "title": page_title(article.title), "kind": "article", "id": article.id, "headline": article.title,
            "title_derived": article.title_derived, "file": article.file, "date": article.date,
            "source": article.source, "place": article.place, "agency": article.agency, "url": article.url,
            "actors": sorted(facts.actor_ids), "resolutions": sorted(facts.resolution_ids),
            "statements": [{"id": s.id, "speaker": s.speaker, "kind": s.kind, "text": s.text} for s in facts.statements],
        }
        bodies = self.paragraph_html(facts, RelativeLinks(path))
        by_type = {kind: [a for a in facts.actor_ids if a in self.agg.actors and self.agg.actors[a].actor.type == kind]
                   for kind in ACTOR_TYPE_LABELS}
        return self.page(path, "article.md.j2", meta, facts=facts, article=article, bodies=bodies, actors_by_type=by_type,
                         jsonld=self.article_jsonld(facts, RelativeLinks(path)))

    def actor_jsonld(self, actor_id: str, link: Any) -> dict[str, Any]:
        """schema.org Person, Organization or Place for an actor."""
        actor = self.agg.archive.actors[actor_id]
        data: dict[str, Any] = {"@type": SCHEMA_TYPES[actor.type], "name": actor.name, "url": link(actor_url(actor_id))}
        if actor.name_en:
            data["alternateName"] = actor.name_en
        if actor.wikidata:
            data["sameAs"] = f"https://www.wikidata.org/wiki/{actor.wikidata}"
        return data

    def article_jsonld(self, facts: ArticleFacts, link: Any) -> dict[str, Any]:
        """schema.org NewsArticle with its mentions and Quotations."""
        article = facts.article
        data: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
                                "inLanguage": "ar",
                                "mentions": [self.actor_jsonld(a, link) for a in facts.actor_ids if a in self.agg.actors]}
        if article.date:
            data["datePublished"] = article.date
        if article.source:
            data["publisher"] = {"@type": "Organization", "name": article.source}
        if safe_href(article.url):
            data["isBasedOn"] = safe_href(article.url)
        data["hasPart"] = [{"@type": "Quotation", "text": s.text, "url": f"#{s.id}",
                            **({"creator": self.actor_jsonld(s.speaker, link)} if s.speaker in self.agg.actors else {})}
                           for s in facts.statements]
        return data

    def paragraph_html(self, facts: ArticleFacts, link: Any) -> list[Markup]:
        """Each paragraph escaped, with statements anchored and first mentions and citations linked."""
        spans: dict[int, list[Span]] = {p.index: [] for p in facts.article.paragraphs}
        seen: set[str] = set()
        for mention in facts.mentions:
            if mention.actor_id not in seen and mention.actor_id in self.agg.actors:
                seen.add(mention.actor_id)
                href = escape(link(actor_url(mention.actor_id)))
                spans[mention.paragraph].append(Span(mention.start, mention.end, f'<a class="actor-link" href="{href}">', "</a>", False))
        for citation in facts.citations:
            href = escape(link(resolution_url(citation.resolution_id)))
            spans[citation.paragraph].append(Span(citation.start, citation.end, f'<a class="resolution-link" href="{href}">', "</a>", False))
        for statement in facts.statements:
            spans[statement.paragraph].append(Span(statement.start, statement.end,
                                                   f'<span class="statement statement-{statement.kind}" id="{statement.id}">', "</span>", True))
        return [annotate(p.text, spans[p.index]) for p in facts.article.paragraphs]

    def actor(self, actor_id: str, first: dict[str, list[Any]], pages: dict[str, list[str]]) -> Page:
        """One actor: identity, roles, the first page of its statements and of its articles with
        sentences (`first`, with the URLs of all their `pages`), co-actors, resolutions."""
        profile = self.agg.actors[actor_id]
        actor = profile.actor
        meta = {"title": page_title(actor.name), "kind": "actor", "id": actor.id, "name": actor.name,
                "type": actor.type, "name_en": actor.name_en, "reviewed": actor.reviewed, "articles": len(profile.articles)}
        path = f"actors/{actor.id}.md"
        jsonld = {"@context": "https://schema.org", **self.actor_jsonld(actor_id, RelativeLinks(path))}
        return self.page(path, "actor.md.j2", meta, profile=profile, actor=actor, jsonld=jsonld,
                         statements=first["statements"], articles=first["articles"], pages=pages,
                         fuller=self.fuller_registry_names(actor))

    def fuller_registry_names(self, actor: Actor) -> list[str]:
        """Registry actors of which a discovered actor's name is the first words of a spelling (كيم جونغ →
        كيم جونغ أون): the rules may have cut the name short. Shown on its page for readers and editors."""
        if actor.reviewed:
            return []
        if self._fuller_names is None:
            index: dict[tuple[str, ...], set[str]] = {}
            for known in self.agg.archive.actors.values():
                for spelling in (known.name, *known.aliases) if known.reviewed else ():
                    words = matching_words(spelling)
                    for n in range(2, len(words)):
                        index.setdefault(words[:n], set()).add(known.id)
            self._fuller_names = {words: sorted(ids) for words, ids in index.items()}
        return self._fuller_names.get(matching_words(actor.name), [])

    def resolution(self, resolution_id: str) -> Page:
        """One resolution: what it is, who cited it where, and what was cited alongside."""
        profile = self.agg.resolutions[resolution_id]
        resolution = self.agg.archive.resolutions[resolution_id]
        meta = {"title": page_title(resolution.label), "kind": "resolution", "id": resolution.id, "number": resolution.number,
                "organ": resolution.organ, "year": resolution.year, "described": resolution.described}
        return self.page(f"resolutions/{resolution_id}.md", "resolution.md.j2", meta, profile=profile,
                         resolution=resolution)

    def search_documents(self) -> Iterator[tuple[str, str]]:
        """(page URL, HTML) for the static search index, one per article, actor and resolution page:
        the page's words in search form, weighted for entity names, and the result's title and kind.
        Made from the aggregate, not cut from the rendered pages, so the index is built beside them."""
        template = self.env.get_template("search_document.html.j2")
        for facts in self.agg.articles.values():
            text = search_text_of(facts, self.spellings)
            search = {"words": text.words, "weighted": [], "title": facts.article.title, "kind": "مقال"}
            yield article_url(facts.article.id), template.render(search=search)
        for actor_id, profile in self.agg.actors.items():
            actor = profile.actor
            names = " ".join(dict.fromkeys([*searchable_names(actor), *(r.title for r in actor.roles)]))
            search = {"words": "", "weighted": search_terms(names, self.spellings)[0], "kind": ACTOR_TYPE_LABELS[actor.type],
                      "title": actor.name, "weight": entity_weight(len(profile.articles), actor.reviewed)}
            yield actor_url(actor_id), template.render(search=search)
        for resolution_id, cited in self.agg.resolutions.items():
            resolution = self.agg.archive.resolutions[resolution_id]
            words = f"القرار {resolution.number} {resolution.symbol or ''} {resolution.title or ''}"
            search = {"words": "", "weighted": search_terms(words, self.spellings)[0], "kind": "قرار", "title": resolution.label,
                      "weight": entity_weight(len(cited.citations), resolution.described)}
            yield resolution_url(resolution_id), template.render(search=search)

    def actors_index(self) -> Iterator[Page]:
        """People, organisations and places by number of articles: the most named on the index,
        every actor on list pages of LIST_PAGE_SIZE per type."""
        groups = {kind: sorted((p for p in self.agg.actors.values() if p.actor.type == kind),
                               key=lambda p: (-len(p.articles), p.actor.id)) for kind in ACTOR_TYPE_LABELS}
        lists = {kind: paginate(members, LIST_PAGE_SIZE, lambda n, kind=kind: f"actors/list-{kind}-{n}.md")
                 for kind, members in groups.items()}
        urls = {kind: [page_url(path) for path, _ in pages] for kind, pages in lists.items()}
        yield self.page("actors/index.md", "actors_index.md.j2", {"title": "الفاعلون", "kind": "index"}, groups=groups,
                        shown=INDEX_TOP, lists=urls)
        for kind, pages in lists.items():
            if len(groups[kind]) <= INDEX_TOP:
                continue
            for number, (path, chunk) in enumerate(pages, start=1):
                yield self.page(path, "actors_list.md.j2", {"title": ACTOR_TYPE_PLURALS[kind], "kind": "index"},
                                kind=kind, profiles=chunk, number=number, pages=urls[kind], total=len(groups[kind]))

    def resolutions_index(self) -> Page:
        """Resolutions by number, with organ, year, subject and citation count."""
        return self.page("resolutions/index.md", "resolutions_index.md.j2", {"title": "القرارات", "kind": "index"},
                         profiles=list(self.agg.resolutions.values()))

    def statements_index(self) -> Iterator[Page]:
        """Statements grouped by speaker, most quoted first, SPEAKERS_PER_PAGE speakers a page (at 10,000
        articles one page of all 3,262 speakers was 4.7 MB); a speaker's full list is on their page,
        statements without a resolved speaker are listed on pages of LIST_PAGE_SIZE."""
        groups: dict[str | None, list[tuple[ArticleFacts, Any]]] = {}
        for facts in self.agg.articles.values():
            for statement in facts.statements:
                speaker = statement.speaker if statement.speaker in self.agg.actors else None
                groups.setdefault(speaker, []).append((facts, statement))
        # Newest first, as every other list (the reverse sort keeps an article's statements in order).
        unknown = sorted(groups.pop(None, []), key=lambda item: (item[0].article.date or "", item[0].article.id), reverse=True)
        ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
        unknown_pages = paginate(unknown, LIST_PAGE_SIZE, lambda n: f"statements/unknown-{n}.md")
        unknown_urls = [page_url(path) for path, _ in unknown_pages]
        speaker_pages = paginate(ordered, SPEAKERS_PER_PAGE, lambda n: f"statements/page-{n}.md", first="statements/index.md")
        speaker_urls = [page_url(path) for path, _ in speaker_pages]
        total = sum(len(items) for _, items in ordered) + len(unknown)
        for number, (path, speakers) in enumerate(speaker_pages, start=1):
            yield self.page(path, "statements_index.md.j2", {"title": "التصريحات", "kind": "index"},
                            groups=speakers, unknown=len(unknown), unknown_pages=unknown_urls, total=total,
                            speakers_total=len(ordered), number=number, pages=speaker_urls,
                            first_rank=(number - 1) * SPEAKERS_PER_PAGE + 1)
        for number, (path, chunk) in enumerate(unknown_pages, start=1):
            yield self.page(path, "statements_unknown.md.j2", {"title": "تصريحات بلا قائل محدد", "kind": "index"},
                            items=chunk, number=number, pages=unknown_urls)


_inherited: Renderer | None = None  # in a forked worker: the parent's renderer, aggregate included
_stage: Stage | None = None  # in a forked worker: what to do with each page rendered, if anything


@contextlib.contextmanager
def _forked_pool(renderer: Renderer, workers: int, stage: Stage | None = None) -> Iterator[ProcessPoolExecutor]:
    """A pool of `workers` processes forked from this one, which inherit `renderer` (and `stage`) without
    pickling them; the two are forgotten once the pool is shut down."""
    global _inherited, _stage
    _inherited, _stage = renderer, stage
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            yield pool
    finally:
        _inherited = _stage = None


def _render_chunk(chunk: tuple[str, list[str]]) -> list[list[Page]] | list[list[StagedPage]]:
    """The pages of each article or actor of a chunk, a list per id; staged, when told to."""
    assert _inherited is not None, "only called in a worker of _forked_pool"
    kind, ids = chunk
    if kind == "article":
        rendered = [[_inherited.article(_inherited.agg.articles[article_id])] for article_id in ids]
    else:
        rendered = [_inherited.actor_files(actor_id) for actor_id in ids]
    stage = _stage
    return [[stage(page) for page in pages] for pages in rendered] if stage else rendered


def _render_exports() -> list[Page]:
    """The archive's data exports, in a worker forked by Renderer.pages_with_exports_aside."""
    assert _inherited is not None, "only called in a worker of _forked_pool"
    return exports(_inherited.agg)


def render_pages(agg: Aggregate, templates_dir: Path, workers: int = 1, reuse: Mapping[str, list[str]] | None = None,
                 units: Units | None = None, stage: Stage | None = None) -> Iterator[Page | KeptPage | StagedPage]:
    """Every page of the archive, rendered as it is asked for, with `workers` processes when there is
    enough to render to pay; the units in `reuse` kept as `KeptPage`s (see `Renderer`); the workers'
    pages handed to `stage` by them, when given."""
    renderer = Renderer(agg, templates_dir, reuse, units)
    fresh = renderer.fresh_units()
    enough = len(fresh["article"]) >= PARALLEL_MIN_ARTICLES or len(fresh["actor"]) >= PARALLEL_MIN_ACTORS
    if workers < 2 or not can_fork():
        return renderer.pages()
    if not enough:
        return renderer.pages_with_exports_aside() if len(agg.articles) >= PARALLEL_MIN_ARTICLES else renderer.pages()
    return renderer.pages_in_parallel(workers, stage, fresh)


def search_documents(agg: Aggregate, templates_dir: Path) -> list[tuple[str, str]]:
    """(page URL, HTML) of every page the static search index holds (`Renderer.search_documents`)."""
    return list(Renderer(agg, templates_dir).search_documents())
