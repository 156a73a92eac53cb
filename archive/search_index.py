"""The static search index (Pagefind), built from the search documents of the generated pages.

Each article, actor and resolution page has a search document (folded words, weights, result
meta: templates/search_document.html.j2), made from the aggregate. Pagefind indexes them in a
process of its own, started before the pages are rendered: it works on the second core while
the pages are rendered and MkDocs builds them, instead of parsing every finished page afterwards.

Pagefind's own Arabic stemmer is kept out (the index is built as a language without one)
because it over-stems: فعال would meet العالم. The browser folds queries with the same tables.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterable

PAGEFIND_LANGUAGE = "zz"  # no stemmer exists for it: the index holds our folded words as they are


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
