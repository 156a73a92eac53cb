"""The MkDocs adapter: the only module that imports mkdocs.

`mkdocs build` and `mkdocs serve` run the same generation as `build.py`, so a
site is never built from stale pages. Pages are added as generated files in
`on_files` rather than written into docs/ from `on_pre_build`: writing into the
watched docs directory makes `mkdocs serve` rebuild forever, while generated
files give exactly one rebuild per edit of a seed or registry file.

Moving to another site generator means replacing this module and mkdocs.yml.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

# MkDocs loads hooks by file path, so the project root is not importable by default.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.structure.files import File, Files  # noqa: E402

from archive.pipeline import ProjectPaths, default_cache_dir, generate  # noqa: E402
from archive.write import read_manifest  # noqa: E402

log = logging.getLogger("mkdocs.plugins.archive")


def project_paths() -> ProjectPaths:
    """Inputs of the build; ARCHIVE_SEEDS and ARCHIVE_REGISTRY override the defaults."""
    defaults = ProjectPaths()
    return ProjectPaths(
        seeds=Path(os.environ.get("ARCHIVE_SEEDS", defaults.seeds)),
        registry=Path(os.environ.get("ARCHIVE_REGISTRY", defaults.registry)),
        templates=defaults.templates,
    )


def on_files(files: Files, config: Any) -> Files:
    """Replace generated pages found in docs/ (possibly stale) by freshly generated ones."""
    # The extraction cache build.py keeps beside the docs directory: a rebuild re-extracts only edited articles.
    build = generate(project_paths(), cache_dir=default_cache_dir(Path(config["docs_dir"])))
    for skipped in build.report.skipped:
        log.warning("skipped article %s: %s", f"{skipped.file}:{skipped.line}" if skipped.line else skipped.file, skipped.reason)
    for warning in build.report.warnings:
        log.info("article warning: %s", warning)
    stale = read_manifest(Path(config["docs_dir"])) | {page.path for page in build.pages}
    for file in [f for f in files if f.src_uri in stale]:
        files.remove(file)
    GENERATED.clear()
    for page in build.pages:
        files.append(File.generated(config, page.path, content=page.content))
        if page.path.endswith(".md"):
            GENERATED.add(page.path)
    return files


# Generated pages are HTML already (escaped by the templates): Python-Markdown would only pass
# the blocks through, slowly (its raw-HTML parser dominated the build). Their bodies skip it.
GENERATED: set[str] = set()
_BODIES: dict[str, str] = {}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Set a generated page's HTML body aside so Markdown does not process it."""
    if page.file.src_uri in GENERATED:
        _BODIES[page.file.src_uri] = markdown
        return ""
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Put a generated page's HTML body back in place of the (empty) Markdown output."""
    return _BODIES.pop(page.file.src_uri, html)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Rebuild when an article, a registry file or a template changes."""
    paths = project_paths()
    for directory in (paths.seeds, paths.registry, paths.templates):
        server.watch(str(directory))
    return server


# Pagefind indexes the built site: only the folded words each page carries in its
# `data-pagefind-body` block (archive/search.py). Its own Arabic stemmer is kept out
# (the index is built as a language without one) because it over-stems: فعال would
# meet العالم. The browser folds queries with the same tables.
PAGEFIND_LANGUAGE = "zz"  # no stemmer exists for it: the index holds our folded words as they are


def pagefind_command(site: Path) -> list[str]:
    """The Pagefind run that indexes a built site (the hook's, and the search benchmark's)."""
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", PAGEFIND_LANGUAGE, "--silent"]


def on_post_build(config: Any) -> None:
    """Build the static search index into site/pagefind/; a failure fails `mkdocs build --strict`."""
    result = subprocess.run(pagefind_command(Path(config["site_dir"])), capture_output=True, text=True)
    if result.returncode != 0:
        log.error("search index not built: %s", (result.stderr or result.stdout).strip()[:500])
