"""Per-article cache: what reading and extraction made of an article, kept until it or the rules change.

Two kinds of entry: an article as read, keyed by a hash of its file name and bytes (so a build
with nothing changed reads bytes but parses nothing), and its extracted facts, keyed by a hash of
the article as read (its id, text, metadata: everything extraction sees). Entries live in one pack
file per *version*: the version hashes the source of the rules (archive/read.py,
archive/extract/*.py, archive/arabic.py and what they build on) and `Registry.version` (every
registry file), so editing a rule or a registry file selects a new, empty pack and nothing stale
is ever served.

A pack is a pickle written to a temporary file and renamed into place, so a reader sees the old
pack or the new one, never half of one. Two builds running at once each write a complete pack;
the last rename wins and the other's new entries are simply extracted again next time. A pack
that cannot be read (truncated, from another Python) counts as empty. The cache holds only what
this project wrote into `.cache/`; delete the folder at any time.

Where no child can be forked to write the pack (`mkdocs serve`, whose threads make forking unsafe),
a build appends the entries it added to the pack's journal instead, a few records after an edit,
and the next build that can fork folds them into the pack. A process that builds again and again
(`mkdocs serve`) keeps the entries in memory while the files on disk are as it left them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from archive.model import Article, ArticleFacts, Skipped
from archive.processes import Background, can_fork

ARCHIVE_DIR = Path(__file__).resolve().parent
# Sources whose change can change what extraction returns, or the shape of what is stored.
RULE_SOURCES = ("read.py", "extract/*.py", "arabic.py", "model.py", "registry.py", "search.py")
PACK_FORMAT = 2
PACKS_KEPT = 3  # packs of other versions kept, e.g. while switching between two registries
FACT_FIELDS = tuple(f.name for f in dataclasses.fields(ArticleFacts) if f.name != "article")

Stored = tuple[Any, ...]  # the fields of ArticleFacts except the article, in FACT_FIELDS order
Entry = Stored | Article | Skipped


@functools.lru_cache(maxsize=1)
def rules_version() -> str:
    """A hash of the source of the extraction rules and the model they fill."""
    digest = hashlib.sha256()
    for pattern in RULE_SOURCES:
        hash_files(digest, ARCHIVE_DIR, sorted(ARCHIVE_DIR.glob(pattern)))
    return digest.hexdigest()[:16]


def hash_files(digest: Any, root: Path, paths: Iterable[Path]) -> None:
    """Add each file's path under `root` and its bytes to `digest`, in the order given."""
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def article_key(article: Article) -> str:
    """The key of an article's facts: a hash of everything extraction sees of it (`Article.content_hash`)."""
    return "facts:" + article.content_hash


def file_key(file: str, raw: bytes) -> str:
    """A hash of a seed file's name (it gives the article id) and bytes."""
    return "read:" + hashlib.sha256(file.encode("utf-8", "surrogatepass") + b"\0" + raw).hexdigest()


def detach(facts: ArticleFacts) -> Stored:
    """The facts without their article, which is stored already as the seed file."""
    return tuple(getattr(facts, name) for name in FACT_FIELDS)


def attach(article: Article, stored: Stored) -> ArticleFacts:
    """Facts from the cache joined to the article just read."""
    return ArticleFacts(article, **dict(zip(FACT_FIELDS, stored)))


class ExtractionCache:
    """Articles and facts seen before, for one version of the rules and the registry."""

    def __init__(self, directory: Path, registry_version: str) -> None:
        self.directory = directory
        self.version = f"{rules_version()}-{registry_version}"
        self.path = directory / f"extract-{self.version}.pickle"
        self.journal = self.path.with_suffix(".journal")
        self.entries: dict[str, Entry] = load_entries(self.path, self.journal)
        self.added: dict[str, Entry] = {}  # entries new or replaced since loaded, for the journal
        self.used: set[str] = set()
        self.changed = False  # an entry was added or replaced
        self.hits = self.misses = 0  # of facts
        self.keys: dict[str, str] = {}  # article id → its `article_key`, as `get` made it this build

    def read_outcome(self, key: str) -> Article | Skipped | None:
        """What reading the file of `file_key` gave last time, or None when it must be read."""
        self.used.add(key)
        outcome = self.entries.get(key)
        return outcome if isinstance(outcome, (Article, Skipped)) else None

    def remember_read(self, key: str, outcome: Article | Skipped) -> None:
        """Remember what reading a file gave."""
        self.used.add(key)
        if self.entries.get(key) != outcome:
            self.entries[key] = self.added[key] = outcome
            self.changed = True

    def get(self, article: Article) -> ArticleFacts | None:
        """The cached facts of `article`, or None when it must be extracted."""
        key = self.keys[article.id] = article_key(article)
        self.used.add(key)
        stored = self.entries.get(key)
        if not isinstance(stored, tuple):
            self.misses += 1
            return None
        self.hits += 1
        return attach(article, stored)

    def add(self, article: Article, key: str, stored: Stored) -> ArticleFacts:
        """Remember facts extracted elsewhere (where the article was read), a miss of this build; `key`:
        the article's `article_key`."""
        self.keys[article.id] = key
        self.misses += 1
        self._store(key, stored)
        return attach(article, stored)

    def put(self, facts: ArticleFacts, key: str | None = None) -> None:
        """Remember freshly extracted facts; `key`: their article's `article_key`, when `get` made it."""
        self._store(key or article_key(facts.article), detach(facts))

    def _store(self, key: str, stored: Stored) -> None:
        self.used.add(key)
        self.entries[key] = self.added[key] = stored
        self.changed = True

    def save(self) -> None:
        """Write the pack with exactly the entries this build used, when that differs from what is stored."""
        self._write_pack(fork=False)()

    def save_in_background(self) -> Callable[[], None]:
        """`save` in a forked child while this process goes on; returns the function that waits for it.

        At 10,000 articles pickling the pack takes 2–3 s that aggregation need not wait for: the child
        works on the core the extraction workers just left. Where forking is unsafe (other threads
        running, as under `mkdocs serve`) or unavailable, the entries added are appended to the journal
        here (`append_to_journal`): pickling the whole pack took a serve rebuild 3–6 s after each edit.
        """
        if not can_fork():
            self.append_to_journal()
            return lambda: None
        return self._write_pack(fork=True)

    def append_to_journal(self) -> None:
        """Append the entries added since loaded to the journal, and remember what the files now hold."""
        if self.added:
            self.directory.mkdir(parents=True, exist_ok=True)
            records = b"".join(pickle.dumps((PACK_FORMAT, key, entry), protocol=pickle.HIGHEST_PROTOCOL)
                               for key, entry in self.added.items())
            with open(self.journal, "ab") as stream:
                stream.write(records)
            self.added, self.changed = {}, False
        remember_loaded(self.path, self.journal, self.entries)

    def _write_pack(self, fork: bool) -> Callable[[], None]:
        kept = {key: self.entries[key] for key in self.used if key in self.entries}
        if not self.changed and kept.keys() == self.entries.keys() and self.path.is_file() and not self.journal.exists():
            # Nothing new and nothing stale: the file is left alone, and what it holds is held here, so a
            # build again in this process (`mkdocs serve`) does not unpickle it again (1.5-2 s at 10,000).
            remember_loaded(self.path, self.journal, self.entries)
            return lambda: None
        self.directory.mkdir(parents=True, exist_ok=True)
        document = {"format": PACK_FORMAT, "entries": kept}
        self.entries, self.added, self.changed = kept, {}, False
        prune_packs(self.directory, keep=self.path)
        _LOADED.pop(self.path, None)  # the files change: the next build loads them
        if not fork:
            write_pack(self.path, self.journal, document)
            remember_loaded(self.path, self.journal, kept)
            return lambda: None
        return functools.partial(wait_for_writer, Background(write_pack, self.path, self.journal, document, yielding=True),
                                 self.path, self.journal, kept)


def wait_for_writer(writer: Background, path: Path, journal: Path, entries: dict[str, Entry]) -> None:
    """Wait for the child writing `path`; its failure is this build's, as if the write had been here.
    Once written, the pack holds `entries`, which this process then holds as it (`remember_loaded`)."""
    if not writer.wait():
        raise OSError(f"could not write the extraction cache {path}")
    remember_loaded(path, journal, entries)


def write_pack(path: Path, journal: Path, document: Any) -> None:
    """Write a pack that holds its journal's entries (`document` was made from both), then drop the journal."""
    write_atomically(path, document)
    journal.unlink(missing_ok=True)


# Per pack: the signature of the pack and journal files as this process last read or wrote them, and
# their entries. `mkdocs serve` builds again after every edit: unpickling the pack of 10,000 articles
# took each rebuild 2–5 s.
_LOADED: dict[Path, tuple[tuple[list[int] | None, ...], dict[str, Entry]]] = {}


def load_entries(path: Path, journal: Path) -> dict[str, Entry]:
    """The entries of a pack and its journal: those this process holds already when neither file
    changed since it read or wrote them (`remember_loaded`), else read from them."""
    held = _LOADED.get(path)
    if held is not None and held[0] == files_signature(path, journal):
        return held[1]
    entries = load_pack(path)
    entries.update(load_journal(journal))
    return entries


def remember_loaded(path: Path, journal: Path, entries: dict[str, Entry]) -> None:
    """Hold `entries` as what the pack and journal hold now, for the next `load_entries` in this process."""
    _LOADED.clear()  # one pack held at a time: a registry switch lets the old one go
    _LOADED[path] = (files_signature(path, journal), entries)


def files_signature(*paths: Path) -> tuple[list[int] | None, ...]:
    """`file_stamp` of each file."""
    return tuple(file_stamp(path) for path in paths)


def file_stamp(path: Path) -> list[int] | None:
    """Size, modification time and inode of a file, or None when it cannot be read: a file replaced or
    touched since has another (a list, as the JSON record of archive/freshness.py keeps it)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def load_journal(journal: Path) -> dict[str, Entry]:
    """The entries appended to a journal, in order (a later one for a key wins); reading stops at the
    first record that cannot be read, such as one half-written when a build was stopped."""
    entries: dict[str, Entry] = {}
    try:
        with journal.open("rb") as handle, collection_paused():
            while True:
                record = pickle.load(handle)
                if not (isinstance(record, tuple) and len(record) == 3 and record[0] == PACK_FORMAT):
                    break
                entries[record[1]] = record[2]
    except Exception:  # noqa: BLE001 - absent, ended, truncated or foreign: what was read stands
        pass
    return entries


def load_pack(path: Path) -> dict[str, Entry]:
    """The entries of a pack; an absent or unreadable pack is empty (the cache is only ever a shortcut)."""
    try:
        with path.open("rb") as handle, collection_paused():
            document = pickle.load(handle)
    except FileNotFoundError:
        return {}
    except Exception:  # noqa: BLE001 - truncated, foreign or outdated pickles all mean "extract again"
        return {}
    if not isinstance(document, dict) or document.get("format") != PACK_FORMAT or not isinstance(document.get("entries"), dict):
        return {}
    return document["entries"]


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """No garbage collection inside: unpickling or aggregating makes millions of objects, none of them
    garbage, and each collection the allocations trigger walks them all (the pack of 10,000 articles
    loads in 1.6 s instead of 3.5 s; aggregation takes 1.9 s instead of 2.2–3.0 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_atomically(path: Path, document: Any) -> None:
    """Pickle `document` beside `path` and rename it into place: readers never see a partial file.

    Pickled straight into the file: at 10,000 articles a pickle in memory would be ~100 MB more peak.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(document, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def prune_packs(directory: Path, keep: Path) -> None:
    """Remove packs of old versions beyond the few most recent ones."""
    packs = sorted((p for p in directory.glob("extract-*.pickle") if p != keep), key=modified, reverse=True)
    for stale in packs[PACKS_KEPT - 1 :]:
        stale.unlink(missing_ok=True)  # another build may have removed it already
        stale.with_suffix(".journal").unlink(missing_ok=True)


def modified(path: Path) -> float:
    """Modification time, or 0 for a file another build removed meanwhile."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
