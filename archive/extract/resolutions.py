"""Resolutions: find every UN resolution an article cites."""

from __future__ import annotations

from archive.model import Article, Citation
from archive.registry import Registry


def extract_citations(article: Article, registry: Registry) -> tuple[Citation, ...]:
    """Find every citation of a resolution (placeholder: none yet)."""
    return ()
