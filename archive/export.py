"""The archive's data in one file: `facts.json`, the contract other tools read."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from archive.aggregate import Aggregate
from archive.model import Actor, ArticleFacts, Page, Resolution
from archive.search import folding_json, load_spellings

FACTS_VERSION = 1
# Without `indent` the standard library encodes in C; with it, in pure Python (measured: ~5x slower,
# several seconds of a 10,000-article build). `readable_json` lays records out by hand instead.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def article_url(article_id: str) -> str:
    """Site-relative URL of an article page."""
    return f"articles/{article_id}/"


def actor_url(actor_id: str) -> str:
    """Site-relative URL of an actor page."""
    return f"actors/{actor_id}/"


def resolution_url(resolution_id: str) -> str:
    """Site-relative URL of a resolution page."""
    return f"resolutions/{resolution_id}/"


def article_record(facts: ArticleFacts) -> dict[str, Any]:
    """One article of facts.json."""
    article = facts.article
    return {
        "id": article.id,
        "file": article.file,
        "title": article.title,
        "title_derived": article.title_derived,
        "date": article.date,
        "source": article.source,
        "place": article.place,
        "original_url": article.url,
        "url": article_url(article.id),
        "actors": sorted(facts.actor_ids),
        "resolutions": sorted(facts.resolution_ids),
        "statements": [
            {"id": s.id, "speaker": s.speaker, "kind": s.kind, "text": s.text, "paragraph": s.paragraph}
            for s in facts.statements
        ],
    }


def actor_record(actor: Actor, article_ids: list[str]) -> dict[str, Any]:
    """One actor of facts.json."""
    return {
        "id": actor.id,
        "name": actor.name,
        "type": actor.type,
        "name_en": actor.name_en,
        "wikidata": actor.wikidata,
        "aliases": list(actor.aliases),
        "roles": [asdict(role) for role in actor.roles],
        "url": actor_url(actor.id),
        "articles": sorted(article_ids),
        "reviewed": actor.reviewed,
    }


def resolution_record(resolution: Resolution, article_ids: list[str]) -> dict[str, Any]:
    """One resolution of facts.json."""
    return {
        "id": resolution.id,
        "number": resolution.number,
        "organ": resolution.organ,
        "year": resolution.year,
        "symbol": resolution.symbol,
        "title": resolution.title,
        "link": resolution.link,
        "described": resolution.described,
        "url": resolution_url(resolution.id),
        "articles": sorted(article_ids),
    }


def facts_document(agg: Aggregate) -> dict[str, Any]:
    """The whole archive as plain data, sorted for byte-stable output."""
    archive = agg.archive
    return {
        "version": FACTS_VERSION,
        "articles": [article_record(f) for f in sorted(agg.articles.values(), key=lambda f: f.article.id)],
        "actors": [actor_record(p.actor, p.articles) for _, p in sorted(agg.actors.items())],
        "resolutions": [
            resolution_record(archive.resolutions[rid], p.article_ids) for rid, p in sorted(agg.resolutions.items())
        ],
    }


def facts_json(agg: Aggregate) -> Page:
    """`facts.json` as a page: UTF-8 with Arabic written as Arabic."""
    return Page("facts.json", readable_json(facts_document(agg)))


def csv_page(path: str, header: list[str], rows: list[list[Any]]) -> Page:
    """A CSV file in UTF-8 with a BOM, so spreadsheet programs show Arabic correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return Page(path, "\ufeff" + buffer.getvalue())


def actors_csv(agg: Aggregate) -> Page:
    """One row per actor."""
    rows = [[p.actor.id, p.actor.name, p.actor.type, p.actor.name_en, p.actor.wikidata, " | ".join(p.actor.aliases),
             len(p.articles), len(p.statements), p.actor.reviewed, actor_url(p.actor.id)] for _, p in sorted(agg.actors.items())]
    return csv_page("actors.csv", ["id", "name", "type", "name_en", "wikidata", "aliases", "articles", "statements",
                                   "reviewed", "url"], rows)


def statements_csv(agg: Aggregate) -> Page:
    """One row per statement."""
    rows = []
    for facts in sorted(agg.articles.values(), key=lambda f: f.article.id):
        for s in facts.statements:
            speaker = agg.archive.actors.get(s.speaker) if s.speaker else None
            rows.append([facts.article.id, s.id, s.speaker, speaker.name if speaker else None, s.kind, s.text, s.paragraph,
                         facts.article.date, facts.article.source, f"{article_url(facts.article.id)}#{s.id}"])
    return csv_page("statements.csv", ["article", "statement", "speaker", "speaker_name", "kind", "text", "paragraph",
                                       "date", "source", "permalink"], rows)


def citations_csv(agg: Aggregate) -> Page:
    """One row per citation: resolution × article × sentence."""
    rows = []
    for resolution_id, profile in agg.resolutions.items():
        resolution = agg.archive.resolutions[resolution_id]
        for record in profile.citations:
            article = agg.articles[record.article_id].article
            rows.append([resolution_id, resolution.number, resolution.organ, resolution.symbol, record.article_id,
                         article.title, article.date, record.citation.sentence, " | ".join(record.invokers)])
    return csv_page("citations.csv", ["resolution", "number", "organ", "symbol", "article", "title", "date", "sentence",
                                      "invokers"], rows)


def json_page(path: str, document: dict[str, Any]) -> Page:
    """A JSON file, Arabic as Arabic, stable key order."""
    return Page(path, readable_json(document))


def readable_json(document: dict[str, Any]) -> str:
    """`document` as JSON with one key per line and, in a list, one item per line: a record is one
    line, so a diff or grep of the file shows whole records, and the encoding runs at C speed."""
    fields = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            items = ",\n  ".join(map(_ENCODE, value))
            fields.append(f" {_ENCODE(key)}: [\n  {items}\n ]")
        else:
            fields.append(f" {_ENCODE(key)}: {_ENCODE(value)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def actor_json(agg: Aggregate, actor_id: str) -> Page:
    """An actor's own facts, for scripts: `actors/<id>.json`."""
    profile = agg.actors[actor_id]
    document = actor_record(profile.actor, profile.articles) | {
        "roles_seen": [{"title": role.title, "article": article_id} for role, article_id in profile.roles],
        "co_actors": [{"id": other, "count": count} for other, count in profile.co_actors],
        "resolutions": [{"id": rid, "count": count} for rid, count in profile.resolutions],
        "statements": [{"article": article_id, "id": s.id, "kind": s.kind, "text": s.text,
                        "permalink": f"{article_url(article_id)}#{s.id}"} for article_id, s in profile.statements],
    }
    return json_page(f"actors/{actor_id}.json", document)


def resolution_json(agg: Aggregate, resolution_id: str) -> Page:
    """A resolution's own facts, for scripts: `resolutions/<id>.json`."""
    profile = agg.resolutions[resolution_id]
    document = resolution_record(agg.archive.resolutions[resolution_id], profile.article_ids) | {
        "citations": [{"article": r.article_id, "sentence": r.citation.sentence, "invokers": list(r.invokers)}
                      for r in profile.citations],
        "co_cited": [{"id": other, "count": count} for other, count in profile.co_cited],
    }
    return json_page(f"resolutions/{resolution_id}.json", document)


def exports(agg: Aggregate) -> list[Page]:
    """The archive's data files: facts.json, the CSV files, one JSON per resolution (an actor's JSON
    file is rendered with its page: `Renderer.actor_files`)."""
    return [facts_json(agg), actors_csv(agg), statements_csv(agg), citations_csv(agg),
            Page("assets/search-folding.json", folding_json(load_spellings(agg.archive.search_file))),
            *(resolution_json(agg, r) for r in agg.resolutions)]
