"""Statements: who said what."""

from __future__ import annotations

from archive.model import Article, Mention, Statement
from archive.registry import Registry


def extract_statements(article: Article, mentions: tuple[Mention, ...], registry: Registry) -> tuple[Statement, ...]:
    """Find every attributed statement (placeholder: none yet)."""
    return ()
