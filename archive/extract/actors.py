"""Actors: find the people, organisations and places an article names."""

from __future__ import annotations

from dataclasses import dataclass

from archive.model import Actor, Article, Discovery, Mention, Role
from archive.registry import Registry


@dataclass(frozen=True)
class ActorFindings:
    """What actor extraction finds in one article."""

    mentions: tuple[Mention, ...] = ()
    roles: tuple[tuple[str, Role], ...] = ()
    discovered: tuple[Actor, ...] = ()
    discoveries: tuple[Discovery, ...] = ()


def extract_mentions(article: Article, registry: Registry) -> ActorFindings:
    """Find every mention of an actor in the article (placeholder: none yet)."""
    return ActorFindings()
