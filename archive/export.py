"""The archive's data in one file: `facts.json`, the contract other tools read."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from archive.aggregate import Aggregate
from archive.model import Actor, ArticleFacts, Page, Resolution

FACTS_VERSION = 1


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
    text = json.dumps(facts_document(agg), ensure_ascii=False, indent=1, sort_keys=False)
    return Page("facts.json", text + "\n")
