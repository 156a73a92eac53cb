"""Per-article extraction: a pure function of (article, registry), safe to run in a pool."""

from __future__ import annotations

from archive.extract.actors import extract_mentions
from archive.extract.resolutions import extract_citations
from archive.extract.statements import extract_statements
from archive.model import Article, ArticleFacts
from archive.registry import Registry
from archive.search import article_search_text, registry_spellings


def extract_facts(article: Article, registry: Registry) -> ArticleFacts:
    """Extract every kind of fact from one article."""
    found = extract_mentions(article, registry)
    citations = extract_citations(article, registry)
    statements = extract_statements(article, found.mentions, registry, found.discovered)
    return ArticleFacts(
        article=article,
        mentions=found.mentions,
        statements=statements,
        citations=citations,
        roles=found.roles,
        discovered=found.discovered,
        discoveries=found.discoveries,
        search_text=article_search_text(article, registry_spellings(registry)),
    )
