"""Across articles: what the archive holds on each actor and each resolution.

Everything here is linear in the number of facts: each article is visited once
and its own actors are paired (a handful per article), so co-mention counts
never compare every article with every other.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from archive.model import Actor, Archive, ArticleFacts, Citation, Role, Statement

SENTENCE_BREAK = re.compile(r"(?<=[.!?؟])\s+")


@dataclass
class ActorProfile:
    """Everything the archive holds on one actor."""

    actor: Actor
    articles: list[str] = field(default_factory=list)  # ids in date order
    sentences: dict[str, str] = field(default_factory=dict)  # article id → sentence of first mention
    roles: list[tuple[Role, str]] = field(default_factory=list)  # (role, article id)
    co_actors: list[tuple[str, int]] = field(default_factory=list)
    resolutions: list[tuple[str, int]] = field(default_factory=list)
    statements: list[tuple[str, Statement]] = field(default_factory=list)  # (article id, statement)

    @property
    def roles_seen(self) -> dict[str, list[str]]:
        """Each title the articles give the actor, with the articles that give it, in order."""
        # Ordered dicts as ordered sets: a list membership test made this quadratic for much-named actors.
        grouped: dict[str, dict[str, None]] = {}
        for role, article_id in self.roles:
            grouped.setdefault(role.title, {})[article_id] = None
        return {title: list(article_ids) for title, article_ids in grouped.items()}


@dataclass
class CitationRecord:
    """A citation with the article it stands in and the actors who invoked it."""

    article_id: str
    citation: Citation
    invokers: tuple[str, ...]


@dataclass
class ResolutionProfile:
    """Every citation of one resolution."""

    resolution_id: str
    citations: list[CitationRecord] = field(default_factory=list)
    co_cited: list[tuple[str, int]] = field(default_factory=list)

    @property
    def article_ids(self) -> list[str]:
        """Citing articles in date order, each once."""
        return list(dict.fromkeys(record.article_id for record in self.citations))


@dataclass
class Aggregate:
    """The archive seen from its actors and resolutions; what page renderers read."""

    archive: Archive
    articles: dict[str, ArticleFacts]  # in date order
    actors: dict[str, ActorProfile]
    resolutions: dict[str, ResolutionProfile]


def date_key(facts: ArticleFacts) -> tuple[int, str, str]:
    """Sort key: dated articles oldest first, then undated ones, ties by id."""
    date = facts.article.date
    return (0 if date else 1, date or "", facts.article.id)


def in_date_order(facts: Iterable[ArticleFacts]) -> list[ArticleFacts]:
    """Articles' facts in the archive's order (`date_key`): the aggregate's, and its articles' keys'."""
    return sorted(facts, key=date_key)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that contains the span [start, end)."""
    begin = 0
    for match in SENTENCE_BREAK.finditer(text):
        if match.start() >= end:
            return text[begin : match.start()].strip()
        if match.end() <= start:
            begin = match.end()
    return text[begin:].strip()


def aggregate(archive: Archive) -> Aggregate:
    """Build actor and resolution profiles from all articles' facts."""
    ordered = in_date_order(archive.facts)
    articles = {facts.article.id: facts for facts in ordered}
    actors = {actor_id: ActorProfile(archive.actors[actor_id]) for actor_id in mentioned_actor_ids(ordered, archive)}
    co_counts: dict[str, Counter[str]] = defaultdict(Counter)
    resolution_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for facts in ordered:
        add_article_to_actors(facts, actors, co_counts, resolution_counts)
    for actor_id, profile in actors.items():
        profile.co_actors = ranked(co_counts[actor_id])
        profile.resolutions = ranked(resolution_counts[actor_id])
    return Aggregate(archive, articles, actors, resolution_profiles(ordered))


def mentioned_actor_ids(ordered: list[ArticleFacts], archive: Archive) -> list[str]:
    """Ids of actors that some article mentions or quotes, sorted."""
    ids = {m.actor_id for facts in ordered for m in facts.mentions}
    ids |= {s.speaker for facts in ordered for s in facts.statements if s.speaker}
    return sorted(i for i in ids if i in archive.actors)


def ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Counts sorted by frequency, then id, for stable output."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def add_article_to_actors(facts: ArticleFacts, actors: dict[str, ActorProfile],
                          co_counts: dict[str, Counter[str]], resolution_counts: dict[str, Counter[str]]) -> None:
    """Record one article on the profile of every actor it names or quotes."""
    present = [a for a in dict.fromkeys([*facts.actor_ids, *(s.speaker for s in facts.statements if s.speaker)]) if a in actors]
    paragraphs = facts.article.paragraphs
    first_mention = {m.actor_id: m for m in reversed(facts.mentions)}
    for actor_id in present:
        profile = actors[actor_id]
        profile.articles.append(facts.article.id)
        mention = first_mention.get(actor_id)
        if mention:
            profile.sentences[facts.article.id] = sentence_around(paragraphs[mention.paragraph].text, mention.start, mention.end)
        co_counts[actor_id].update(other for other in present if other != actor_id)
        resolution_counts[actor_id].update(facts.resolution_ids)
    for actor_id, role in facts.roles:
        if actor_id in actors:
            actors[actor_id].roles.append((role, facts.article.id))
    for statement in facts.statements:
        if statement.speaker in actors:
            actors[statement.speaker].statements.append((facts.article.id, statement))


def citation_invokers(facts: ArticleFacts, citation: Citation) -> tuple[str, ...]:
    """The speaker when the citation lies inside a statement, else the actors of its sentence."""
    for statement in facts.statements:
        inside = statement.paragraph == citation.paragraph and statement.start <= citation.start < statement.end
        if inside and statement.speaker:
            return (statement.speaker,)
    text = facts.article.paragraphs[citation.paragraph].text
    begin = text.find(citation.sentence)
    end = begin + len(citation.sentence) if begin >= 0 else len(text)
    return tuple(dict.fromkeys(
        m.actor_id for m in facts.mentions
        if m.paragraph == citation.paragraph and begin <= m.start < end
    ))


def resolution_profiles(ordered: list[ArticleFacts]) -> dict[str, ResolutionProfile]:
    """Profiles of every cited resolution, citations in date order."""
    profiles: dict[str, ResolutionProfile] = {}
    co_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for facts in ordered:
        cited = facts.resolution_ids
        for citation in facts.citations:
            profile = profiles.setdefault(citation.resolution_id, ResolutionProfile(citation.resolution_id))
            profile.citations.append(CitationRecord(facts.article.id, citation, citation_invokers(facts, citation)))
        for resolution_id in cited:
            co_counts[resolution_id].update(other for other in cited if other != resolution_id)
    for resolution_id, profile in profiles.items():
        profile.co_cited = ranked(co_counts[resolution_id])
    return dict(sorted(profiles.items(), key=lambda item: resolution_sort_key(item[0])))


def resolution_sort_key(resolution_id: str) -> tuple[str, int]:
    """Sort resolutions by organ, then number (sc-242 before sc-2170)."""
    organ, _, number = resolution_id.rpartition("-")
    return (organ, int(number) if number.isdigit() else 0)
