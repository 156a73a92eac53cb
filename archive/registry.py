"""Loads and validates the YAML registries that editors curate.

`registry/actors/*.yml` (one file per actor type), `registry/resolutions.yml`
and `registry/furniture.yml`. Errors name the file and line of the entry.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Hashable, TypeVar

import yaml

from archive.arabic import normalise
from archive.model import Actor, Furniture, Resolution, Role
from archive.read import YAML_LOADER

ACTOR_TYPES = {"persons": "person", "organizations": "organization", "places": "place"}
WORD_LIST_FILES = ("patterns.yml", "statements.yml")  # read by archive/extract/actors.py and statements.py
ACTOR_KEYS = {"id", "name", "type", "aliases", "roles", "name_en", "wikidata"}
RESOLUTION_KEYS = {"number", "organ", "year", "symbol", "title", "link"}
ORGAN_PREFIX = {"security-council": "sc", "general-assembly": "ga", "human-rights-council": "hrc"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_ID = re.compile(r"^(index|list-.*)$")  # names of the listing pages beside the actor pages


class RegistryError(Exception):
    """An invalid registry file; the message names the file and line."""

    def __init__(self, file: str, reason: str, line: int | None = None) -> None:
        self.file, self.reason, self.line = file, reason, line
        super().__init__(f"{file}:{line}: {reason}" if line else f"{file}: {reason}")


@dataclass(frozen=True)
class Registry:
    """Everything curated: actors, resolutions, furniture, and a version for caches."""

    actors: dict[str, Actor]
    resolutions: dict[str, Resolution]
    furniture: Furniture
    version: str
    directory: Path  # where the word lists of the rules are read too (patterns.yml, statements.yml)


class _LineLoader(YAML_LOADER):  # type: ignore[misc,valid-type]
    """A YAML loader that records the line of each mapping as `__line__`.

    libyaml's parser when PyYAML has it: the registries are parsed on every build, and the pure
    Python parser took 0.2 s of a 0.7 s build with nothing to do."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def load_yaml(path: Path, root: Path) -> Any:
    """Parse a YAML file, turning syntax errors into `RegistryError` with the line."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise RegistryError(name, f"not valid YAML: {getattr(error, 'problem', error)}", mark.line + 1 if mark else None) from None
    except UnicodeDecodeError:
        raise RegistryError(name, "not UTF-8") from None


def resolution_id(number: int, organ: str) -> str:
    """The id of a resolution: organ prefix and number, e.g. sc-2170, ga-194."""
    return f"{ORGAN_PREFIX.get(organ, organ)}-{number}"


def load_registry(directory: Path) -> Registry:
    """Load and validate every registry file under `directory`."""
    files = sorted(p for p in directory.rglob("*.yml") if p.is_file())
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes())
    actors = load_actors(directory / "actors", directory.parent)
    resolutions = load_resolutions(directory / "resolutions.yml", directory.parent)
    furniture = load_furniture(directory / "furniture.yml", directory.parent)
    for name in WORD_LIST_FILES:
        if not (directory / name).is_file():
            raise RegistryError(f"{directory.name}/{name}", "missing: the extraction rules read their word lists from it")
    return Registry(actors, resolutions, furniture, digest.hexdigest()[:16], directory)


def load_actors(directory: Path, root: Path) -> dict[str, Actor]:
    """Load actors from one YAML list per type; ids and aliases must be unique."""
    actors: dict[str, Actor] = {}
    alias_owner: dict[str, str] = {}
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
        name = path.relative_to(root).as_posix()
        entries = load_yaml(path, root) or []
        if not isinstance(entries, list):
            raise RegistryError(name, "must be a YAML list of actors", 1)
        for entry in entries:
            actor = _actor(entry, ACTOR_TYPES.get(path.stem), name)
            line = entry.get("__line__")
            if actor.id in actors:
                raise RegistryError(name, f"duplicate actor id {actor.id!r}", line)
            for alias in {normalise(a) for a in (actor.name, *actor.aliases)}:
                owner = alias_owner.setdefault(alias, actor.id)
                if owner != actor.id:
                    raise RegistryError(name, f"alias {alias!r} of {actor.id!r} is already claimed by {owner!r}", line)
            actors[actor.id] = actor
    return actors


def _actor(entry: Any, default_type: str | None, file: str) -> Actor:
    if not isinstance(entry, dict):
        raise RegistryError(file, "each actor must be a mapping with id and name")
    line = entry.get("__line__")
    unknown = set(entry) - ACTOR_KEYS - {"__line__"}
    if unknown:
        raise RegistryError(file, f"unknown keys {sorted(unknown)}", line)
    actor_id, name, kind = entry.get("id"), entry.get("name"), entry.get("type", default_type)
    if isinstance(actor_id, str) and RESERVED_ID.match(actor_id):
        raise RegistryError(file, f"id {actor_id!r} is reserved for a listing page", line)
    if not isinstance(actor_id, str) or not ID_RE.match(actor_id):
        raise RegistryError(file, f"id {actor_id!r} must be lowercase Latin words joined by '-'", line)
    if not isinstance(name, str) or not name.strip():
        raise RegistryError(file, f"actor {actor_id!r} needs an Arabic name", line)
    if kind not in ACTOR_TYPES.values():
        raise RegistryError(file, f"actor {actor_id!r} has type {kind!r}; use person, organization or place", line)
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise RegistryError(file, f"aliases of {actor_id!r} must be a list of strings", line)
    return Actor(actor_id, name.strip(), kind, tuple(a.strip() for a in aliases), _roles(entry.get("roles"), actor_id, file, line),
                 entry.get("name_en"), entry.get("wikidata"), True)


def _roles(raw: Any, actor_id: str, file: str, line: int | None) -> tuple[Role, ...]:
    roles = []
    for item in raw or []:
        if isinstance(item, str):
            roles.append(Role(item))
        elif isinstance(item, dict) and isinstance(item.get("title"), str):
            period = item.get("period")
            roles.append(Role(item["title"], str(period) if period is not None else None))
        else:
            raise RegistryError(file, f"a role of {actor_id!r} must be text or a mapping with title", line)
    return tuple(roles)


def load_resolutions(path: Path, root: Path) -> dict[str, Resolution]:
    """Load the resolutions registry; one entry per organ and number."""
    if not path.is_file():
        return {}
    name = path.relative_to(root).as_posix()
    entries = load_yaml(path, root) or []
    if not isinstance(entries, list):
        raise RegistryError(name, "must be a YAML list of resolutions", 1)
    resolutions: dict[str, Resolution] = {}
    for entry in entries:
        resolution = _resolution(entry, name)
        if resolution.id in resolutions:
            raise RegistryError(name, f"duplicate resolution {resolution.id!r}", entry.get("__line__"))
        resolutions[resolution.id] = resolution
    return resolutions


def _resolution(entry: Any, file: str) -> Resolution:
    if not isinstance(entry, dict):
        raise RegistryError(file, "each resolution must be a mapping with number and organ")
    line = entry.get("__line__")
    unknown = set(entry) - RESOLUTION_KEYS - {"__line__"}
    if unknown:
        raise RegistryError(file, f"unknown keys {sorted(unknown)}", line)
    number, organ, year = entry.get("number"), entry.get("organ", "security-council"), entry.get("year")
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        raise RegistryError(file, f"resolution number {number!r} must be a positive whole number", line)
    if organ not in ORGAN_PREFIX:
        raise RegistryError(file, f"organ {organ!r} must be one of {sorted(ORGAN_PREFIX)}", line)
    if year is not None and not (isinstance(year, int) and 1945 <= year <= 2100):
        raise RegistryError(file, f"year {year!r} of resolution {number} is not a year", line)
    symbol = entry.get("symbol") or (f"S/RES/{number} ({year})" if organ == "security-council" and year else None)
    link = entry.get("link") or (f"https://undocs.org/S/RES/{number}({year})" if organ == "security-council" and year else None)
    return Resolution(resolution_id(number, organ), number, organ, year, symbol, entry.get("title"), link, True)


def load_furniture(path: Path, root: Path) -> Furniture:
    """Compile the furniture patterns; a bad regular expression names its entry."""
    if not path.is_file():
        return Furniture()
    name = path.relative_to(root).as_posix()
    raw = load_yaml(path, root) or {}

    def compiled(key: str) -> tuple[re.Pattern[str], ...]:
        patterns = []
        for pattern in raw.get(key) or []:
            try:
                patterns.append(re.compile(str(pattern)))
            except re.error as error:
                raise RegistryError(name, f"{key}: bad pattern {pattern!r}: {error}") from None
        return tuple(patterns)

    return Furniture(compiled("lines"), compiled("lines_with_next"), compiled("glued"), compiled("breadcrumbs"),
                     compiled("credits"), tuple(str(a) for a in raw.get("agencies") or []))


T = TypeVar("T")


def load_word_lists(path: Path, parse: Callable[[dict[str, Any]], T]) -> T:
    """`parse` of a YAML file of word lists (patterns.yml, statements.yml), read again only when the
    file changes: a build sees an editor's edit, even the next build in the same process (`mkdocs serve`)."""
    stat = path.stat()
    return _parsed_word_lists(path, stat.st_mtime_ns, stat.st_size, parse)


_DERIVED: dict[tuple[str, Hashable], Any] = {}


def derived(registry: Registry, key: Hashable, build: Callable[[Registry], T]) -> T:
    """`build(registry)`, made once per registry version and `key`: what the rules read per article or
    per word (alias and title indexes, word lists) is a function of the registry, whose version hashes
    every file of it. One version at a time: under `mkdocs serve` every registry edit makes a new one."""
    try:
        return _DERIVED[registry.version, key]
    except KeyError:
        if any(version != registry.version for version, _ in _DERIVED):
            _DERIVED.clear()
        value = _DERIVED[registry.version, key] = build(registry)
        return value


def registry_word_lists(registry: Registry, name: str, parse: Callable[[dict[str, Any]], T], absent: T | None = None) -> T:
    """`load_word_lists` of the registry's file `name` (patterns.yml, statements.yml, search.yml), read
    once per registry version (`derived`): extraction asks per article. `absent`: what a registry
    without the file gives (None: the file must be there)."""
    def read(registry: Registry) -> T:
        path = registry.directory / name
        return absent if absent is not None and not path.is_file() else load_word_lists(path, parse)
    return derived(registry, ("word lists", name, parse), read)


@lru_cache(maxsize=8)
def _parsed_word_lists(path: Path, mtime_ns: int, size: int, parse: Callable[[dict[str, Any]], T]) -> T:
    return parse(yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) or {})
