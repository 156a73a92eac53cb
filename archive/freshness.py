"""Whether docs/ already holds what build.py would write, so that it need not render the pages again.

The generated pages are a pure function of the build's inputs: the articles as read, the registry,
the build report, and the code and templates that render them. After a write, build.py keeps the
hash of those inputs in its cache directory (not in docs/, which holds only the site's sources),
with the size, modification time and inode of every generated file. A later build whose inputs hash
the same, into a docs/ whose generated files are as that write left them, has nothing to render: it
would write the same bytes. A file edited, replaced or deleted by hand, or rewritten by `mkdocs
build` from other inputs, fails the check, and the pages are rendered and compared as before.

When some inputs changed, each article's and each actor's pages (a unit) are kept without rendering
if what they are made from is unchanged (`unit_digests`) and their files are as the last write left
them. The digests cover every value the unit's templates read; the code, the templates and the
registry go into every digest, so an edit of any of them renders everything again. A test edits,
adds and removes articles and compares the result with a build from nothing, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Mapping

from archive.aggregate import Aggregate
from archive.cache import ARCHIVE_DIR, file_stamp, hash_files
from archive.model import Units, actor_unit, article_unit
from archive.write import atomic_write, read_manifest


# The libraries whose output lands in the pages: an upgrade may change a byte anywhere.
RENDERING_LIBRARIES = ("jinja2", "markupsafe", "pyyaml", "pyarabic", "markdown")


@lru_cache(maxsize=8)
def code_version(templates_dir: Path) -> str:
    """A hash of everything that turns facts into pages: the package's source, the templates, and the
    versions of Python and of the libraries that render them."""
    digest = hashlib.sha256(sys.version.encode())
    hash_versions(digest, RENDERING_LIBRARIES)
    hash_files(digest, ARCHIVE_DIR, sorted(ARCHIVE_DIR.rglob("*.py")))
    hash_files(digest, templates_dir, sorted(path for path in templates_dir.rglob("*") if path.is_file()))
    return digest.hexdigest()


def hash_versions(digest: Any, libraries: tuple[str, ...]) -> None:
    """Add the installed version of each library (or its absence) to `digest`."""
    for library in libraries:
        try:
            digest.update(f"{library}=={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} absent\0".encode())


def render_base(registry_version: str, templates_dir: Path) -> str:
    """What every page is made with: the code, the templates and the registry."""
    return _digest(code_version(templates_dir), registry_version)


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def unit_digests(agg: Aggregate, base: str, keys: Mapping[str, str]) -> dict[str, str]:
    """A digest per article unit and actor unit of what its pages are made from (`keys`: `Build.article_keys`).

    An article's pages read its facts (its key and `base`) and, of each actor and resolution it names,
    the record and whether the actor has a page. An actor's pages read its record and profile, made
    from the articles that name it, quote it or give it a role (their keys, in order), and the records
    of its co-actors and resolutions.
    """
    actors = {actor_id: _digest(repr(actor), str(actor_id in agg.actors)) for actor_id, actor in agg.archive.actors.items()}
    resolutions = {resolution_id: _digest(repr(resolution)) for resolution_id, resolution in agg.archive.resolutions.items()}
    units = {}
    for article_id, facts in agg.articles.items():
        named = sorted({*facts.actor_ids, *(m.actor_id for m in facts.mentions), *(s.speaker or "" for s in facts.statements)})
        cited = sorted({*facts.resolution_ids, *(c.resolution_id for c in facts.citations)})
        units[article_unit(article_id)] = _digest(base, keys[article_id], *(actors.get(a, f"absent {a}") for a in named),
                                                  *(resolutions.get(r, f"absent {r}") for r in cited))
    for actor_id, profile in agg.actors.items():
        sources = dict.fromkeys([*profile.articles, *(a for _, a in profile.roles), *(a for a, _ in profile.statements)])
        units[actor_unit(actor_id)] = _digest(base, actors[actor_id], *(keys[a] for a in sources),
                                              *(actors.get(a, f"absent {a}") for a, _ in profile.co_actors),
                                              *(resolutions.get(r, f"absent {r}") for r, _ in profile.resolutions))
    return units


def state_path(cache_dir: Path, docs_dir: Path) -> Path:
    """Where the record of the last write into `docs_dir` is kept: one file per docs directory."""
    return cache_dir / f"generated-{hashlib.sha256(str(docs_dir.resolve()).encode()).hexdigest()[:16]}.json"


def _snapshot(docs_dir: Path, paths: list[str]) -> dict[str, list[int]] | None:
    """Size, modification time and inode of each generated file; None if one is missing."""
    stats: dict[str, list[int]] = {}
    for path in paths:
        stat = file_stamp(docs_dir / path)
        if stat is None:
            return None
        stats[path] = stat
    return stats


def load_state(path: Path) -> dict[str, Any] | None:
    """The record of the last write, or None when there is none (or it cannot be read)."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def up_to_date(state: dict[str, Any] | None, docs_dir: Path, key: str) -> int | None:
    """How many generated files `docs_dir` holds, when they are what a build with inputs `key` would
    write (the last write, recorded in `state`, had the same inputs, and no file was touched since);
    otherwise None."""
    paths = sorted(read_manifest(docs_dir))
    if not state or state.get("inputs") != key or not paths:
        return None
    return len(paths) if _snapshot(docs_dir, paths) == state.get("files") else None


def reusable_units(state: dict[str, Any] | None, docs_dir: Path, base: str, digests: Mapping[str, str]) -> dict[str, list[str]]:
    """The units whose files `docs_dir` holds as the last write (its `state`) left them, made from what
    they are made from now (the same `base` and digest): unit → its files, to keep without rendering."""
    if not state or state.get("base") != base or not isinstance(state.get("units"), dict):
        return {}
    recorded_files, reusable = state.get("files") or {}, {}
    for unit, (digest, paths) in state["units"].items():
        if digests.get(unit) == digest and paths and all(file_stamp(docs_dir / p) == recorded_files.get(p) for p in paths):
            reusable[unit] = paths
    return reusable


def record(state_file: Path, previous: dict[str, Any] | None, docs_dir: Path, key: str, base: str, units: Units,
           digests: Mapping[str, str]) -> None:
    """Keep the inputs of the write just made into `docs_dir`, the state of the files it left, and
    the digest (`unit_digests`) and files of each unit it rendered or kept (unless the `previous`
    record says just that)."""
    files = _snapshot(docs_dir, sorted(read_manifest(docs_dir)))
    state: dict[str, object] = {"inputs": key, "files": files}
    if digests:  # an archive without articles has no units
        state |= {"base": base, "units": {unit: [digests[unit], sorted(paths)] for unit, paths in units.items()}}
    if files is None:
        state_file.unlink(missing_ok=True)
    elif previous != state:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(state_file, json.dumps(state, sort_keys=True))


@dataclass
class RenderPlan:
    """A build's pages against the record of the last write into one docs directory: whether they are
    all there already, which units may be kept, and, once written, the record for the next build.
    It holds no aggregate, so a writer child may take it."""

    docs_dir: Path
    state_file: Path
    registry_version: str
    templates_dir: Path
    keys: dict[str, str]  # each article's `cache.article_key`, in the aggregate's order
    previous: dict[str, Any] | None = None  # the record of the last write (load_state), read once
    digests: dict[str, str] = field(default_factory=dict)  # unit_digests, once `reusable` is asked
    units: Units = field(default_factory=dict)  # each unit's files, filled by the rendering (render_pages)

    @classmethod
    def of(cls, keys: Mapping[str, str], registry_version: str, templates_dir: Path, docs_dir: Path,
           cache_dir: Path) -> RenderPlan:
        """The plan of a build into `docs_dir`, the record kept in `cache_dir`; `keys`: every article's
        `cache.article_key` by id, in the aggregate's order (`Build.article_keys`)."""
        state_file = state_path(cache_dir, docs_dir)
        return cls(docs_dir, state_file, registry_version, templates_dir, dict(keys), load_state(state_file))

    @property
    def base(self) -> str:
        return render_base(self.registry_version, self.templates_dir)

    def inputs(self, report_json: str) -> str:
        """The hash of the build's inputs, what its pages are a function of: the code and templates,
        the registry, the build report and every article."""
        digest = hashlib.sha256()
        for part in (code_version(self.templates_dir), self.registry_version, report_json):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        for key in self.keys.values():
            digest.update(key.encode() + b"\0")
        return digest.hexdigest()

    def up_to_date(self, report_json: str) -> int | None:
        """How many files docs/ holds when they are all as this build would write them (`up_to_date`)."""
        return up_to_date(self.previous, self.docs_dir, self.inputs(report_json))

    def reusable(self, agg: Aggregate, taken: Callable[[Mapping[str, str]], dict[str, list[str]]] | None = None,
                 ) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """The units to keep without rendering: those `taken` gives from their digests (under `mkdocs
        serve`, those already in the last site), then, of the others, those docs/ holds (`reusable_units`).
        The units `taken` gives are not looked for in docs/: at 10,000 articles that is 36,000 files."""
        self.digests = unit_digests(agg, self.base, self.keys)
        taken_units = taken(self.digests) if taken else {}
        rest = {unit: digest for unit, digest in self.digests.items() if unit not in taken_units} if taken_units else self.digests
        return reusable_units(self.previous, self.docs_dir, self.base, rest), taken_units

    def record(self, report_json: str) -> None:
        """Keep the record of the write just made (`record`)."""
        record(self.state_file, self.previous, self.docs_dir, self.inputs(report_json), self.base, self.units, self.digests)
