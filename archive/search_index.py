"""The static search index (Pagefind), built from the search documents of the generated pages.

Each article, actor and resolution page has a search document (folded words, weights, result
meta: templates/search_document.html.j2), made from the aggregate. Pagefind indexes them in a
process of its own, started before the pages are rendered: it works on the second core while
the pages are rendered and MkDocs builds them, instead of parsing every finished page afterwards.

Pagefind's own Arabic stemmer is kept out (the index is built as a language without one)
because it over-stems: فعال would meet العالم. The browser folds queries with the same tables.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, Iterator, Sequence

from archive.freshness import hash_versions

MEMORY_SCRATCH = Path("/dev/shm")  # a tmpfs on Linux; absent elsewhere
PAGE_BYTES = 4096  # what a small file takes of a tmpfs at least
PAGEFIND_LANGUAGE = "zz"  # no stemmer exists for it: the index holds our folded words as they are
SIGNATURE = b"pagefind_dcd"  # what every decompressed Pagefind file starts with


def pagefind_command(site: Path, output: Path | None = None) -> list[str]:
    """The Pagefind run that indexes the HTML under `site` into `output` (default: site/pagefind)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", PAGEFIND_LANGUAGE, "--silent"]
    return command + (["--output-path", str(output)] if output else [])


def write_index(documents: Sequence[tuple[str, str]], output: Path, replace: bool = False) -> None:
    """Write Pagefind's bundle for (page URL path such as `articles/x/`, search document) pairs into `output`.
    `replace`: `output` may hold an index in use (`mkdocs serve`): the new one is made beside it and
    put in its place when complete, so a search meets one index or the other, never half of one."""
    target = output.with_name(f".{output.name}-new") if replace else output
    try:
        with tempfile.TemporaryDirectory(prefix="archive-search-", dir=scratch_parent(documents)) as scratch:
            root = Path(scratch)
            with ended_by_sigterm() as running:
                for url, document in documents:
                    page = root / url / "index.html"
                    page.parent.mkdir(parents=True, exist_ok=True)
                    page.write_text(document, encoding="utf-8")
                shutil.rmtree(target, ignore_errors=True)
                running.append(subprocess.Popen(pagefind_command(root, target.resolve()), stdout=subprocess.PIPE,
                                                stderr=subprocess.STDOUT, text=True))
                said, _ = running[0].communicate()
                if running[0].returncode != 0:
                    raise SystemExit(f"Pagefind failed: {said.strip()[:500]}")
                canonical_filters(target)
    except SystemExit:
        shutil.rmtree(target, ignore_errors=True)
        raise
    if replace:
        put_in_place(target, output)


def index_digest(documents: Sequence[tuple[str, str]]) -> str:
    """What an index is a function of: Pagefind's version, this module (its options, its rewriting of
    the filters) and the documents. A build whose digest is the last site's keeps that site's index."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    hash_versions(digest, ("pagefind", "pagefind_bin_extended"))
    for url, document in documents:
        digest.update(url.encode("utf-8", "surrogatepass") + b"\0" + document.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


@contextlib.contextmanager
def ended_by_sigterm() -> Iterator[list[subprocess.Popen[str]]]:
    """A SIGTERM (`Background.stop`, when `mkdocs serve` stops) ends this work as an exception, which
    kills the processes put into the list given (Pagefind) and deletes the temporary files as it
    unwinds: a Pagefind left running would write into a site being deleted, and make its folder again.
    (Pagefind's Python entry point execs the binary: one process to kill.)"""
    running: list[subprocess.Popen[str]] = []
    if threading.current_thread() is not threading.main_thread():  # only the main thread takes signals
        yield running
        return

    def end(signum: int, frame: Any) -> None:
        for process in running:
            process.kill()
            process.wait()
        raise SystemExit(f"search index not built: stopped by signal {signum}")
    previous = signal.signal(signal.SIGTERM, end)
    try:
        yield running
    finally:
        signal.signal(signal.SIGTERM, previous)


def put_in_place(new: Path, output: Path) -> None:
    """Replace the folder `output` (if any) by `new`: two renames, the old folder deleted after."""
    old = output.with_name(f".{output.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    # A SIGTERM (`Background.stop`) between the two renames would leave no index in place: it waits.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        if output.exists():
            os.replace(output, old)
        os.replace(new, output)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    shutil.rmtree(old, ignore_errors=True)


def scratch_parent(documents: Sequence[tuple[str, str]], memory: Path = MEMORY_SCRATCH) -> Path | None:
    """Where Pagefind's input is written: in memory when `memory` (/dev/shm) has room for twice the
    documents, else (None) the system's temporary folder. On this project's disk, 18,000 small files
    (10,000 articles) cost 4-5 s of system time to write and 2 s to delete; in memory, under 1 s."""
    needed = sum(PAGE_BYTES * (1 + 3 * len(document) // PAGE_BYTES) for _, document in documents)  # ≤ 3 bytes a char
    try:
        room = os.statvfs(memory)
    except OSError:
        return None
    fits = room.f_bavail * room.f_frsize >= 2 * needed and os.access(memory, os.W_OK | os.X_OK)
    return memory if fits else None


def canonical_filters(output: Path) -> None:
    """Give Pagefind's filter files one byte order, so the same archive gives the same site.

    Pagefind writes a filter's values in hash-map order, which changes from run to run (with two
    values, every other build), and names each file, the metadata and the entry by hashes of
    what they hold. The values are sorted here, and the filter files and the metadata renamed
    by a hash of their new bytes; the new names have the old names' length, so they replace the
    old ones inside the CBOR of the metadata without changing any length there.
    """
    entry_path = output / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = output / f"pagefind.{language['hash']}.pf_meta"
        meta = pagefind_bytes(meta_path)
        for path in sorted((output / "filter").glob(f"{PAGEFIND_LANGUAGE}_*.pf_filter")):
            body = sorted_filter(pagefind_bytes(path))
            name = rehashed(path.stem, body)
            meta = meta.replace(path.stem.encode(), name.encode())
            path.unlink()
            write_pagefind_bytes(path.with_name(f"{name}.pf_filter"), body)
        meta_path.unlink()
        language["hash"] = rehashed(language["hash"], meta)
        write_pagefind_bytes(output / f"pagefind.{language['hash']}.pf_meta", meta)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def sorted_filter(body: bytes) -> bytes:
    """A filter file's CBOR, `[name, [[value, [page numbers]], ...]]`, its values in the order of their text."""
    head = len(SIGNATURE)
    if body[head] != 0x82:  # an array of two
        raise ValueError("unexpected Pagefind filter file: not [name, values]")
    values_at = cbor_end(body, head + 1)  # past the filter's name
    if body[values_at] >> 5 != 4:
        raise ValueError("unexpected Pagefind filter file: values are not an array")
    count, first = cbor_head(body, values_at)
    items, at = [], first
    for _ in range(count):
        end = cbor_end(body, at)
        items.append(body[at:end])
        at = end
    return body[:first] + b"".join(sorted(items, key=value_name)) + body[at:]


def value_name(pair: bytes) -> bytes:
    """The value of a filter file's `[value, [page numbers]]` pair (a CBOR text), its bytes in UTF-8."""
    length, start = cbor_head(pair, 1)
    return pair[start : start + length]


def cbor_head(data: bytes, at: int) -> tuple[int, int]:
    """The argument of the CBOR item at `at` (a length, a count or a number) and where its content starts."""
    info = data[at] & 0x1F
    if info < 24:
        return info, at + 1
    if info > 27:
        raise ValueError(f"unsupported CBOR item at byte {at}")
    size = 1 << (info - 24)
    return int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


def cbor_end(data: bytes, at: int) -> int:
    """Where the CBOR item starting at `at` ends (the subset Pagefind writes: no indefinite lengths)."""
    major = data[at] >> 5
    argument, content = cbor_head(data, at)
    if major in (2, 3):  # byte and text strings
        return content + argument
    if major in (4, 5, 6):  # arrays, maps (two items an entry), tags (one item)
        for _ in range(argument * 2 if major == 5 else 1 if major == 6 else argument):
            content = cbor_end(data, content)
    return content


def rehashed(name: str, body: bytes) -> str:
    """`name` (zz_ and hexadecimal digits) with its digits replaced by as many of `body`'s SHA-256."""
    prefix, digits = name.rsplit("_", 1)
    return f"{prefix}_{hashlib.sha256(body).hexdigest()[: len(digits)]}"


def pagefind_bytes(path: Path) -> bytes:
    """A Pagefind file's content: gzip-compressed, starting with SIGNATURE."""
    body = gzip.decompress(path.read_bytes())
    if not body.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    return body


def write_pagefind_bytes(path: Path, body: bytes) -> None:
    """Compress as Pagefind does, with no time stamp: the same bytes give the same file."""
    path.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
