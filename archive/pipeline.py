"""Runs the stages in order: read → extract → aggregate → render. The only place that knows the order."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from archive.aggregate import Aggregate, aggregate
from archive.extract import extract_facts
from archive.extract.resolutions import undescribed_resolution
from archive.model import Actor, Archive, Article, ArticleFacts, Discovery, Page, Skipped
from archive.read import ARTICLE_SUFFIXES, ReadError, article_files, read_article
from archive.registry import Registry, load_registry
from archive.render import render_pages

PROJECT_ROOT = Path(__file__).resolve().parents[1]
Progress = Callable[[str, int, int], None]


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
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


@dataclass
class Build:
    """The result of a build: the aggregated archive, its pages and the report."""

    aggregate: Aggregate
    pages: list[Page]
    report: BuildReport


def _quiet(stage: str, done: int, total: int) -> None:
    """The default progress callback: says nothing."""


def read_articles(seeds_dir: Path, registry: Registry, report: BuildReport, progress: Progress = _quiet) -> list[Article]:
    """Read every file of the seeds directory; what cannot be read is reported, never dropped."""
    if not seeds_dir.is_dir():
        raise FileNotFoundError(f"seeds directory {seeds_dir} does not exist")
    files = article_files(seeds_dir)
    report.inputs = len(files)
    articles = []
    for done, path in enumerate(files, start=1):
        file = path.relative_to(seeds_dir).as_posix()
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            report.skipped.append(Skipped(file, f"not an article: only {' and '.join(ARTICLE_SUFFIXES)} files are read"))
            continue
        try:
            article = read_article(path, seeds_dir, registry.furniture)
        except ReadError as error:
            report.skipped.append(Skipped(file, error.reason, error.line))
            continue
        report.warnings.extend(article.warnings)
        articles.append(article)
        progress("read", done, len(files))
    return unique_ids(articles, report)


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


def extract_all(articles: list[Article], registry: Registry, progress: Progress = _quiet) -> list[ArticleFacts]:
    """Extract the facts of every article."""
    facts = []
    for done, article in enumerate(articles, start=1):
        facts.append(extract_facts(article, registry))
        progress("extract", done, len(articles))
    return facts


def assemble_archive(facts: list[ArticleFacts], registry: Registry, report: BuildReport) -> Archive:
    """Join the registry with what the articles revealed: discovered actors, uncatalogued resolutions."""
    actors: dict[str, Actor] = dict(registry.actors)
    for article_facts in facts:
        for actor in article_facts.discovered:
            actors.setdefault(actor.id, actor)
        report.discoveries.extend(article_facts.discoveries)
    resolutions = dict(registry.resolutions)
    for article_facts in facts:
        for resolution_id in article_facts.resolution_ids:
            if resolution_id not in resolutions:
                resolutions[resolution_id] = undescribed_resolution(resolution_id)
    return Archive(facts, actors, resolutions, list(report.skipped), list(report.warnings))


def generate(paths: ProjectPaths = ProjectPaths(), progress: Progress = _quiet) -> Build:
    """Run the whole pipeline in memory: nothing is written here."""
    registry = load_registry(paths.registry)
    report = BuildReport()
    articles = read_articles(paths.seeds, registry, report, progress)
    facts = extract_all(articles, registry, progress)
    agg = aggregate(assemble_archive(facts, registry, report))
    pages = render_pages(agg, paths.templates)
    return Build(agg, pages, report)
