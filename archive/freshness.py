"""Whether docs/ already holds what build.py would write, so that it need not render the pages again.

The generated pages are a pure function of the build's inputs: the articles as read, the registry,
the build report, and the code and templates that render them. After a write, build.py keeps the
hash of those inputs in its cache directory (not in docs/, which holds only the site's sources),
with the size, modification time and inode of every generated file. A later build whose inputs hash
the same, into a docs/ whose generated files are as that write left them, has nothing to render: it
would write the same bytes. A file edited, replaced or deleted by hand, or rewritten by `mkdocs
build` from other inputs, fails the check, and the pages are rendered and compared as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from archive.aggregate import Aggregate
from archive.cache import ARCHIVE_DIR, article_key, hash_files
from archive.write import atomic_write, read_manifest


# The libraries whose output lands in the pages: an upgrade may change a byte anywhere.
RENDERING_LIBRARIES = ("jinja2", "markupsafe", "pyyaml", "pyarabic", "markdown")


@lru_cache(maxsize=8)
def code_version(templates_dir: Path) -> str:
    """A hash of everything that turns facts into pages: the package's source, the templates, and the
    versions of Python and of the libraries that render them."""
    digest = hashlib.sha256(sys.version.encode())
    for library in RENDERING_LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} absent\0".encode())
    hash_files(digest, ARCHIVE_DIR, sorted(ARCHIVE_DIR.rglob("*.py")))
    hash_files(digest, templates_dir, sorted(path for path in templates_dir.rglob("*") if path.is_file()))
    return digest.hexdigest()


def inputs_key(agg: Aggregate, registry_version: str, report_json: str, templates_dir: Path) -> str:
    """The hash of a build's inputs: what its pages are a function of."""
    digest = hashlib.sha256()
    for part in (code_version(templates_dir), registry_version, report_json):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for facts in agg.articles.values():
        digest.update(article_key(facts.article).encode() + b"\0")
    return digest.hexdigest()


def state_path(cache_dir: Path, docs_dir: Path) -> Path:
    """Where the record of the last write into `docs_dir` is kept: one file per docs directory."""
    return cache_dir / f"generated-{hashlib.sha256(str(docs_dir.resolve()).encode()).hexdigest()[:16]}.json"


def _snapshot(docs_dir: Path, paths: list[str]) -> dict[str, list[int]] | None:
    """Size, modification time and inode of each generated file; None if one is missing."""
    stats: dict[str, list[int]] = {}
    for path in paths:
        try:
            stat = os.stat(docs_dir / path)
        except OSError:
            return None
        stats[path] = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
    return stats


def _state(path: Path) -> dict[str, object] | None:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def up_to_date(state_file: Path, docs_dir: Path, key: str) -> int | None:
    """How many generated files `docs_dir` holds, when they are what a build with inputs `key` would
    write (the last write had the same inputs, and no file was touched since); otherwise None."""
    state = _state(state_file)
    paths = sorted(read_manifest(docs_dir))
    if not state or state.get("inputs") != key or not paths:
        return None
    return len(paths) if _snapshot(docs_dir, paths) == state.get("files") else None


def record(state_file: Path, docs_dir: Path, key: str) -> None:
    """Keep the inputs of the write just made into `docs_dir`, and the state of the files it left."""
    files = _snapshot(docs_dir, sorted(read_manifest(docs_dir)))
    state = {"inputs": key, "files": files}
    if files is None:
        state_file.unlink(missing_ok=True)
    elif _state(state_file) != state:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(state_file, json.dumps(state, sort_keys=True))
