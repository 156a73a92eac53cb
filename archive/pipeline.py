"""Runs the stages in order: read → extract → aggregate → render. The only place that knows the order."""

from __future__ import annotations

import dataclasses
import functools
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from archive.aggregate import Aggregate, aggregate, in_date_order
from archive.cache import ExtractionCache, Stored, article_key, attach, collection_paused, detach, file_key
from archive.extract import extract_facts
from archive.export import readable_json
from archive.extract.resolutions import undescribed_resolution
from archive.model import (Actor, Archive, Article, ArticleFacts, Discovery, KeptPage, Page, Skipped, Stage, StagedPage,
                           Units)
from archive.processes import process_context
from archive.read import ARTICLE_SUFFIXES, ReadError, article_files, read_article
from archive.registry import Registry, load_registry
from archive.render import render_pages
from archive.search import SEARCH_FILE

PROJECT_ROOT = Path(__file__).resolve().parents[1]
Progress = Callable[[str, int, int], None]
POOL_THRESHOLD = 200  # fewer items than this run in this process: a pool would cost more than it saves


@dataclass(frozen=True)
class ProjectPaths:
    """Where the inputs of a build live."""

    seeds: Path = PROJECT_ROOT / "seeds"
    registry: Path = PROJECT_ROOT / "registry"
    templates: Path = PROJECT_ROOT / "templates"


@dataclass
class BuildReport:
    """Accounts for every input file: a page written, or skipped with its reason."""

    inputs: int = 0
    pages: dict[str, str] = field(default_factory=dict)  # file → article id
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    discoveries: list[Discovery] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        """Counts in = pages + skipped, always."""
        return self.inputs == len(self.pages) + len(self.skipped)

    def as_json(self) -> str:
        """The report as JSON (build-report.json), sorted and stable."""
        document: dict[str, Any] = {
            "inputs": self.inputs,
            "pages": len(self.pages),
            "skipped": len(self.skipped),
            "articles": [{"file": f, "id": i} for f, i in sorted(self.pages.items())],
            "skipped_files": [dataclasses.asdict(s) for s in sorted(self.skipped, key=lambda s: s.file)],
            "warnings": self.warnings,
            "new_actors": [dataclasses.asdict(d) for d in self.discoveries],
        }
        # One record a line, at C speed: `indent` takes the pure-Python encoder (a second and more at
        # 10,000 articles, on the core MkDocs then waits for).
        return readable_json(document)


@dataclass
class Build:
    """The result of a build: the aggregated archive, its pages and the report."""

    # The aggregate, made at the first use of `aggregate`: a build.py whose docs/ holds what it would
    # write needs none (1.1-1.3 s of its 4 s at 10,000 articles), as its inputs are known before it.
    aggregated: Callable[[], Aggregate]
    pages: Iterable[Page]  # a list, or with generate(stream=True) an iterator to consume once (no KeptPage in it)
    report: BuildReport
    # Waits for the extraction cache being written meanwhile: called once the pages are consumed,
    # and by a caller that consumes none (build.py --check) before it exits. Idempotent.
    finish: Callable[[], None] = lambda: None
    registry_version: str = ""  # with the articles and the code, what the pages are a function of
    # With stream=True: the pages again, rendered afresh but for the units given to keep as the last
    # build left them, the files of every unit noted in the `Units` given (archive/freshness.py), and
    # the pages of the rendering workers handed to the `Stage` given, if any. Use `pages` or this, once.
    render: Callable[..., Iterator[Page | KeptPage | StagedPage]] | None = None  # (reuse, units, stage=None)
    article_keys: dict[str, str] = field(default_factory=dict)  # id → `cache.article_key`, every article in the aggregate's order

    @property
    def aggregate(self) -> Aggregate:
        """The aggregated archive (made once, on first use)."""
        return self.aggregated()


@dataclass(frozen=True)
class Extracted:
    """An article read and extracted in one worker step: its facts travel without it (`cache.detach`)."""

    article: Article
    key: str  # its `cache.article_key`
    facts: Stored


def default_cache_dir(docs_dir: Path) -> Path:
    """`.cache/` beside the docs directory: build.py and `mkdocs build` of one site share it."""
    return docs_dir.resolve().parent / ".cache"


def default_report_path(docs_dir: Path) -> Path:
    """`build-report.json` beside the docs directory, where build.py and `mkdocs build` write it."""
    return docs_dir.resolve().parent / "build-report.json"


def _quiet(stage: str, done: int, total: int) -> None:
    """The default progress callback: says nothing."""


def read_articles(seeds_dir: Path, registry: Registry, report: BuildReport, progress: Progress = _quiet,
                  workers: Workers | None = None, cache: ExtractionCache | None = None,
                  extracted: dict[str, Extracted] | None = None) -> list[Article]:
    """Read every file of the seeds directory; what cannot be read is reported, never dropped.

    With a cache, a file whose name and bytes are unchanged is not parsed again. With `extracted`,
    each file read is also extracted in the same step, and its facts are put there by file name for
    `extract_all`: the article then crosses between processes once, and its facts without it.
    """
    if not seeds_dir.is_dir():
        raise FileNotFoundError(f"seeds directory {seeds_dir} does not exist")
    files = article_files(seeds_dir)
    report.inputs = len(files)
    articles = []
    outcomes = _read_outcomes(files, seeds_dir, registry, workers or Workers(registry, 1), cache, extracted, progress)
    for done, outcome in enumerate(outcomes, start=1):
        if isinstance(outcome, Skipped):
            report.skipped.append(outcome)
        else:
            report.warnings.extend(outcome.warnings)
            articles.append(outcome)
        progress("read", done, len(files))
    return unique_ids(articles, report)


def _read_outcomes(files: list[Path], seeds_dir: Path, registry: Registry, workers: Workers, cache: ExtractionCache | None,
                   extracted: dict[str, Extracted] | None, progress: Progress) -> Iterator[Article | Skipped]:
    """What reading each file gives, in order: the cache's outcome, else the workers' (who extract it
    too, into `extracted`, when given)."""
    keys = [cached_file_key(path, seeds_dir) if cache else None for path in files]
    known = [cache.read_outcome(key) if cache and key else None for key in keys]
    missing = [(path, seeds_dir) for path, outcome in zip(files, known) if outcome is None]
    fresh = iter(workers.map(_read_job if extracted is None else _read_and_extract_job, missing))
    for key, outcome in zip(keys, known):
        if outcome is None:
            outcome = next(fresh)
            if isinstance(outcome, Extracted) and extracted is not None:  # as asked: `extracted` is given
                extracted[outcome.article.file] = outcome
                outcome = outcome.article
                progress("extract", len(extracted), len(files))
            if cache and key:
                cache.remember_read(key, outcome)
        yield outcome


def cached_file_key(path: Path, seeds_dir: Path) -> str | None:
    """The cache key of an article file, or None for files that are not read at all."""
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        return None
    try:
        return file_key(path.relative_to(seeds_dir).as_posix(), path.read_bytes())
    except OSError:
        return None  # reading it again will report why


def read_file(path: Path, seeds_dir: Path, registry: Registry) -> Article | Skipped:
    """One file as an article, or the reason it is skipped (a value, so it crosses process boundaries)."""
    file = path.relative_to(seeds_dir).as_posix()
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        return Skipped(file, f"not an article: only {' and '.join(ARTICLE_SUFFIXES)} files are read")
    try:
        return read_article(path, seeds_dir, registry.furniture)
    except ReadError as error:
        return Skipped(file, error.reason, error.line)


def unique_ids(articles: list[Article], report: BuildReport) -> list[Article]:
    """Two files whose names give the same id (a.txt, a.md) are both kept, the later one renamed."""
    seen: set[str] = set()
    unique = []
    for article in articles:
        article_id = article.id
        if article_id in seen:
            suffix = 2
            while f"{article.id}-{suffix}" in seen:
                suffix += 1
            article_id = f"{article.id}-{suffix}"
            report.warnings.append(f"{article.file}: id {article.id!r} already taken by another file; page id {article_id!r}")
            article = dataclasses.replace(article, id=article_id)
        seen.add(article_id)
        unique.append(article)
        report.pages[article.file] = article_id
    return unique


def extract_all(articles: list[Article], registry: Registry, progress: Progress = _quiet,
                cache: ExtractionCache | None = None, workers: Workers | None = None,
                extracted: Mapping[str, Extracted] | None = None) -> list[ArticleFacts]:
    """Extract the facts of every article: from `extracted` (`read_articles` made them), else from the
    cache when the article and the rules are unchanged, else here."""
    # With each article, its key as `get` just made it, so that `put` need not hash the article again.
    looked_up = [_already_extracted(article, extracted or {}, cache) or
                 ((cache.get(article), cache.keys[article.id]) if cache else (None, None)) for article in articles]
    missing = [article for article, (facts, _) in zip(articles, looked_up) if facts is None]
    done = len(articles) - len(missing)
    progress("extract", done, len(articles))
    fresh = iter((workers or Workers(registry, 1)).map(_extract_job, missing))
    facts = []
    for hit, key in looked_up:
        if hit is None:
            hit = next(fresh)
            if cache:
                cache.put(hit, key)
            done += 1
            progress("extract", done, len(articles))
        facts.append(hit)
    return facts


def _already_extracted(article: Article, extracted: Mapping[str, Extracted],
                       cache: ExtractionCache | None) -> tuple[ArticleFacts, str] | None:
    """The facts a reading worker extracted from this very article (not from one `unique_ids` renamed
    since), with its key; added to the cache."""
    made = extracted.get(article.file)
    if made is None or made.article is not article:
        return None
    if cache:
        return cache.add(article, made.key, made.facts), made.key
    return attach(article, made.facts), made.key


def assemble_archive(facts: list[ArticleFacts], registry: Registry, report: BuildReport) -> Archive:
    """Join the registry with what the articles revealed: discovered actors, uncatalogued resolutions."""
    actors: dict[str, Actor] = dict(registry.actors)
    for article_facts in facts:
        for actor in article_facts.discovered:
            # Names of one id differ in spelling or by a dropped head (الخارجية المصرية): the fullest names it.
            if actor.id not in actors or actor.id not in registry.actors and len(actor.name) > len(actors[actor.id].name):
                actors[actor.id] = actor
        report.discoveries.extend(article_facts.discoveries)
    resolutions = dict(registry.resolutions)
    for article_facts in facts:
        for resolution_id in article_facts.resolution_ids:
            if resolution_id not in resolutions:
                resolutions[resolution_id] = undescribed_resolution(resolution_id)
    return Archive(facts, actors, resolutions, list(report.skipped), list(report.warnings), registry.directory / SEARCH_FILE.name)


class Workers:
    """A process pool for per-article work, started on first use and only where it pays.

    Extraction and reading are pure per article, so chunks of articles go to worker processes
    that received the registry once. Below POOL_THRESHOLD items, starting processes and
    pickling articles costs more than it saves, so the work runs in this process.
    """

    def __init__(self, registry: Registry, count: int | None = None, threshold: int = POOL_THRESHOLD) -> None:
        self.registry = registry
        self.count = max(1, count if count is not None else os.cpu_count() or 1)
        self.threshold = threshold
        self.pool: ProcessPoolExecutor | None = None

    def map(self, function: Callable[[Registry, Any], Any], items: list[Any]) -> Iterator[Any]:
        """`function(registry, item)` over `items`, results in the order of `items`."""
        if self.count == 1 or len(items) < self.threshold:
            return (function(self.registry, item) for item in items)
        if self.pool is None:
            self.pool = ProcessPoolExecutor(self.count, mp_context=process_context(),
                                            initializer=_init_worker, initargs=(self.registry,))
        # Small chunks keep progress moving and both cores busy to the end; 16+ items amortise the pickling.
        chunk = max(16, min(64, len(items) // (self.count * 8)))
        return self.pool.map(functools.partial(_with_worker_registry, function), items, chunksize=chunk)

    def close(self) -> None:
        """Stop the worker processes."""
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None


_worker_registry: Registry | None = None  # the registry of a worker process, received once at its start


def _init_worker(registry: Registry) -> None:
    global _worker_registry
    _worker_registry = registry


def _with_worker_registry(function: Callable[[Registry, Any], Any], item: Any) -> Any:
    assert _worker_registry is not None, "called outside a worker started by Workers"
    return function(_worker_registry, item)


def _read_job(registry: Registry, job: tuple[Path, Path]) -> Article | Skipped:
    return read_file(job[0], job[1], registry)


def _extract_job(registry: Registry, article: Article) -> ArticleFacts:
    return extract_facts(article, registry)


def _read_and_extract_job(registry: Registry, job: tuple[Path, Path]) -> Extracted | Skipped:
    outcome = read_file(job[0], job[1], registry)
    if isinstance(outcome, Skipped):
        return outcome
    return Extracted(outcome, article_key(outcome), detach(extract_facts(outcome, registry)))


def generate(paths: ProjectPaths = ProjectPaths(), progress: Progress = _quiet, cache_dir: Path | None = None,
             workers: int | None = None, stream: bool = False) -> Build:
    """Run the whole pipeline in memory: nothing is written here but the extraction cache.

    `cache_dir`: where extraction results are kept between builds (None: no cache).
    `workers`: processes for reading and extraction (None: one per core; 1: no pool).
    `stream`: pages are rendered as the consumer asks for them (a writer then never holds the
    whole site in memory); otherwise they are rendered here, into a list.
    """
    registry = load_registry(paths.registry)
    report = BuildReport()
    pool = Workers(registry, workers)
    cache = ExtractionCache(cache_dir, registry.version) if cache_dir else None
    # Reading, extraction and aggregation make millions of objects to keep and no cyclic garbage
    # (tests/test_cache.py checks), so no collection runs: each would walk all of them again.
    with collection_paused():
        try:
            extracted: dict[str, Extracted] = {}
            articles = read_articles(paths.seeds, registry, report, progress, pool, cache, extracted)
            facts = extract_all(articles, registry, progress, cache, pool, extracted)
        finally:
            pool.close()
        finish = once(cache.save_in_background() if cache else lambda: None)
        archive = assemble_archive(facts, registry, report)

    @functools.cache
    def aggregated() -> Aggregate:
        with collection_paused():
            return aggregate(archive)

    def render(reuse: Mapping[str, list[str]] | None = None, units: Units | None = None,
               stage: Stage | None = None) -> Iterator[Page | KeptPage | StagedPage]:
        yield from then(render_pages(aggregated(), paths.templates, pool.count, reuse, units, stage), finish)
    pages = render()  # a generator: nothing is aggregated or rendered until it is consumed
    keys = {f.article.id: (cache.keys.get(f.article.id) if cache else None) or article_key(f.article)
            for f in in_date_order(archive.facts)}
    return Build(aggregated, pages if stream else list(pages), report, finish, registry.version, render if stream else None, keys)


def once(function: Callable[[], None]) -> Callable[[], None]:
    """`function`, run by the first call only (a failure too is reported once)."""
    calls: list[None] = []

    def first_call_only() -> None:
        if not calls:
            calls.append(None)
            function()
    return first_call_only


def then(pages: Iterable[Page | KeptPage], finish: Callable[[], None]) -> Iterator[Page | KeptPage]:
    """`pages`, then `finish()` once they are all consumed (or the consumer stops early)."""
    try:
        yield from pages
    finally:
        finish()
