"""Resolutions: find every UN resolution an article cites."""

from __future__ import annotations

from archive.model import Article, Citation, Resolution
from archive.registry import Registry


def extract_citations(article: Article, registry: Registry) -> tuple[Citation, ...]:
    """Find every citation of a resolution (placeholder: none yet)."""
    return ()


def undescribed_resolution(resolution_id: str) -> Resolution:
    """A resolution cited in an article but absent from the registry (placeholder)."""
    prefix, _, number = resolution_id.rpartition("-")
    organ = {"sc": "security-council", "ga": "general-assembly", "hrc": "human-rights-council"}.get(prefix, prefix)
    return Resolution(resolution_id, int(number), organ, described=False)
