"""The static search index (Pagefind), built from the generated pages' search blocks.

Each generated page carries its search block (folded words, weights, result meta) between
`<!-- search index -->` markers (templates/search_terms.j2). Pagefind indexes those blocks,
each as a tiny HTML document, in a process of its own started as soon as the pages exist: it
works on the second core while MkDocs renders the site, instead of parsing every finished
page afterwards. The built pages then leave the block out.

Pagefind's own Arabic stemmer is kept out (the index is built as a language without one)
because it over-stems: فعال would meet العالم. The browser folds queries with the same tables.
"""

from __future__ import annotations

import multiprocessing
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterable

PAGEFIND_LANGUAGE = "zz"  # no stemmer exists for it: the index holds our folded words as they are
SEARCH_BLOCK = re.compile(r"<!-- search index -->(.*?)<!-- /search index -->\n?", re.S)


def search_document(content: str) -> str | None:
    """The HTML Pagefind indexes for one generated page, or None when the page has no search block."""
    block = SEARCH_BLOCK.search(content)
    return f'<!doctype html><html lang="ar"><body>{block.group(1)}</body></html>' if block else None


def without_search_block(html: str) -> str:
    """A page's HTML without its search block (the index has it; readers never see it)."""
    return SEARCH_BLOCK.sub("", html)


def pagefind_command(site: Path, output: Path | None = None) -> list[str]:
    """The Pagefind run that indexes the HTML under `site` into `output` (default: site/pagefind)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", PAGEFIND_LANGUAGE, "--silent"]
    return command + (["--output-path", str(output)] if output else [])


def write_index(documents: Iterable[tuple[str, str]], output: Path) -> None:
    """Write Pagefind's bundle for (page URL path such as `articles/x/`, search document) pairs into `output`."""
    with tempfile.TemporaryDirectory(prefix="archive-search-") as scratch:
        root = Path(scratch)
        for url, document in documents:
            target = root / url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(document, encoding="utf-8")
        shutil.rmtree(output, ignore_errors=True)
        result = subprocess.run(pagefind_command(root, output.resolve()), capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"Pagefind failed: {(result.stderr or result.stdout).strip()[:500]}")


class BackgroundIndex:
    """A Pagefind index written by a child process while the caller goes on."""

    def __init__(self, documents: list[tuple[str, str]], output: Path) -> None:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.process = multiprocessing.get_context(method).Process(target=write_index, args=(documents, output))
        self.process.start()

    def wait(self) -> bool:
        """Wait until the index is written; False when it could not be."""
        self.process.join()
        return self.process.exitcode == 0
