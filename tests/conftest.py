"""Shared fixtures: the real registry, the real seeds, the gold file, and temp article files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from archive.model import Article
from archive.read import read_article
from archive.registry import Registry, load_registry

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ARCHIVE_SHARED", ROOT.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The project's real registry under registry/."""
    return load_registry(ROOT / "registry")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The project's embedded default corpus."""
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    """Hand-checked facts of the five seeds, keyed by file name."""
    path = SHARED / "gold" / "seeds.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {entry["file"]: entry for entry in data["articles"]}


@pytest.fixture(scope="session")
def seed_articles(registry: Registry, seeds_dir: Path) -> dict[str, Article]:
    """The five seeds read with the real reader, keyed by file name."""
    return {p.name: read_article(p, seeds_dir, registry.furniture) for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture
def article_from_text(tmp_path: Path, registry: Registry) -> Callable[..., Article]:
    """Write `text` to a real temp file and read it as an article."""

    def make(text: str, name: str = "article.txt") -> Article:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return read_article(path, tmp_path, registry.furniture)

    return make
