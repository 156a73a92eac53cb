"""Shared fixtures: the real registry, the real seeds, the gold file, and temp article files."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import yaml

from archive.model import Article
from archive.read import read_article
from archive.registry import Registry, load_registry
from archive.write import copy_hand_written

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ARCHIVE_SHARED", ROOT.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NAME_A_HUNG_TEST_AFTER = 290  # s: pytest.ini's faulthandler_timeout (300 s) then dumps every thread and ends the run


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Name a test that hangs: faulthandler's dump shows the threads, not which test (a browser test's
    frames live in Playwright's greenlet). A signal, not a thread: forking code under test checks that
    no other thread runs."""
    def name_it(signum: int, frame: object) -> None:
        capture = item.config.pluginmanager.getplugin("capturemanager")  # else the line is captured, and lost
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            sys.stderr.write(f"\n{item.nodeid} still running after {NAME_A_HUNG_TEST_AFTER} s\n")
            sys.stderr.flush()
    previous = signal.signal(signal.SIGALRM, name_it)
    signal.alarm(NAME_A_HUNG_TEST_AFTER)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


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
    if not path.is_file():
        # CI here has ../shared beside the clone (and .ci/run demands it); a fork's CI may not.
        if os.environ.get("ARCHIVE_REQUIRE_SHARED"):
            pytest.fail(f"gold file {path} is missing")
        pytest.skip(f"gold file {path} is not here (set ARCHIVE_SHARED to its folder)")
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


@dataclass
class BuiltSite:
    """A site built for real, as `make site` builds it: mkdocs build --strict into `site`, its hook
    generating the pages and writing them into `docs`."""

    root: Path
    docs: Path
    site: Path
    facts: dict[str, Any]
    report: dict[str, Any]
    mkdocs_log: str


def build_site(seeds: Path, out: Path, extra_env: dict[str, str] | None = None, strict: bool = True,
               extra_config: str = "") -> BuiltSite:
    """Run a real `mkdocs build` (`--strict` unless told) into `out`, as `make site` does;
    `extra_config` is added to the MkDocs configuration. Run again into the same `out`, it builds
    from the docs/ and the cache the first build left there."""
    docs, site = out / "docs", out / "site"
    if not docs.exists():
        copy_hand_written(ROOT / "docs", docs)
    env = {**os.environ, "ARCHIVE_SEEDS": str(seeds), "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    config = out / "mkdocs.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nsite_dir: {site}\n"
                      f"hooks:\n  - {ROOT / 'archive' / 'mkdocs_hook.py'}\ntheme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n"
                      + extra_config, encoding="utf-8")
    command = [str(Path(sys.executable).with_name("mkdocs")), "build", "-f", str(config)] + (["--strict"] if strict else [])
    result = subprocess.run(command,
                            capture_output=True, text=True, env=env, cwd=out)
    assert result.returncode == 0, result.stderr
    return BuiltSite(out, docs, site, json.loads((docs / "facts.json").read_text(encoding="utf-8")),
                     json.loads((out / "build-report.json").read_text(encoding="utf-8")), result.stderr)


def html_files(site: Path) -> dict[str, bytes]:
    """Every HTML page of a built site, by path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> BuiltSite:
    """The five seeds built into a real site, once per test session."""
    return build_site(seeds_dir, tmp_path_factory.mktemp("seed-site"))
