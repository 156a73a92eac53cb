"""The extraction cache and the worker pool: same facts as extracting afresh, invalidated when it must be."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import pickle
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest

from archive import cache as cache_module
from archive.cache import (PACK_FORMAT, ExtractionCache, article_key, load_journal, load_pack, rules_version,
                           write_atomically)
from archive.extract import extract_facts
from archive.model import Article, KeptPage, Page, StagedPage
from archive.pipeline import BuildReport, Extracted, ProjectPaths, Workers, extract_all, generate, read_articles
from archive.registry import Registry, load_registry
from archive.export import exports
from archive.render import Renderer
from archive.write import Stager, write_pages

from conftest import FIXTURES, ROOT


@pytest.fixture
def articles(registry: Registry, seeds_dir: Path) -> list[Article]:
    """The five seeds as read by the pipeline."""
    return read_articles(seeds_dir, registry, BuildReport())


def packs(directory: Path) -> list[Path]:
    return sorted(directory.glob("extract-*.pickle"))


def test_cached_facts_equal_facts_extracted_afresh(tmp_path: Path, registry: Registry, articles: list[Article]) -> None:
    fresh = [extract_facts(article, registry) for article in articles]
    first = ExtractionCache(tmp_path, registry.version)
    assert extract_all(articles, registry, cache=first) == fresh
    first.save()
    second = ExtractionCache(tmp_path, registry.version)
    assert extract_all(articles, registry, cache=second) == fresh
    assert (second.hits, second.misses) == (len(articles), 0)


def test_an_edited_article_alone_is_extracted_again(tmp_path: Path, registry: Registry, articles: list[Article]) -> None:
    cache = ExtractionCache(tmp_path, registry.version)
    extract_all(articles, registry, cache=cache)
    cache.save()
    edited = [dataclasses.replace(articles[0], title=articles[0].title + " (محدث)"), *articles[1:]]
    again = ExtractionCache(tmp_path, registry.version)
    facts = extract_all(edited, registry, cache=again)
    assert (again.hits, again.misses) == (len(articles) - 1, 1)
    assert facts[0].article.title.endswith("(محدث)")


def test_the_key_covers_what_extraction_sees(articles: list[Article]) -> None:
    article = articles[0]
    assert article_key(article) == article_key(dataclasses.replace(article))
    assert article_key(article) != article_key(dataclasses.replace(article, id=article.id + "-2"))
    assert article_key(article) != article_key(dataclasses.replace(article, paragraphs=article.paragraphs[:-1]))


def test_a_registry_edit_invalidates_every_entry(tmp_path: Path, articles: list[Article]) -> None:
    registry_dir = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry_dir)
    before = load_registry(registry_dir)
    cache = ExtractionCache(tmp_path / "cache", before.version)
    extract_all(articles, before, cache=cache)
    cache.save()
    curated = registry_dir / "resolutions.yml"
    curated.write_text(curated.read_text(encoding="utf-8") + "\n# a curator's note\n", encoding="utf-8")
    after = load_registry(registry_dir)
    assert after.version != before.version
    again = ExtractionCache(tmp_path / "cache", after.version)
    extract_all(articles, after, cache=again)
    assert (again.hits, again.misses) == (0, len(articles))


def test_the_version_names_rules_and_registry(tmp_path: Path, registry: Registry) -> None:
    cache = ExtractionCache(tmp_path, registry.version)
    assert cache.version == f"{rules_version()}-{registry.version}"
    assert rules_version() == rules_version()


def test_a_build_with_nothing_new_leaves_the_pack_alone(tmp_path: Path, registry: Registry, articles: list[Article]) -> None:
    cache = ExtractionCache(tmp_path, registry.version)
    extract_all(articles, registry, cache=cache)
    cache.save()
    [pack] = packs(tmp_path)
    stamp = (pack.stat().st_ino, pack.stat().st_mtime_ns)
    again = ExtractionCache(tmp_path, registry.version)
    extract_all(articles, registry, cache=again)
    again.save()
    assert (pack.stat().st_ino, pack.stat().st_mtime_ns) == stamp
    assert [p.name for p in tmp_path.iterdir()] == [pack.name]  # no temporary file left behind


def test_entries_of_deleted_articles_are_dropped(tmp_path: Path, registry: Registry, articles: list[Article]) -> None:
    cache = ExtractionCache(tmp_path, registry.version)
    extract_all(articles, registry, cache=cache)
    cache.save()
    fewer = ExtractionCache(tmp_path, registry.version)
    extract_all(articles[:2], registry, cache=fewer)
    fewer.save()
    assert len(ExtractionCache(tmp_path, registry.version).entries) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(["a list"]), pickle.dumps({"format": 0, "entries": {}})])
def test_a_damaged_pack_counts_as_empty_and_is_replaced(tmp_path: Path, registry: Registry, articles: list[Article],
                                                        damage: bytes) -> None:
    cache = ExtractionCache(tmp_path, registry.version)
    cache.path.write_bytes(damage)
    cache = ExtractionCache(tmp_path, registry.version)
    assert extract_all(articles, registry, cache=cache) == [extract_facts(a, registry) for a in articles]
    cache.save()
    assert len(ExtractionCache(tmp_path, registry.version).entries) == len(articles)


def test_two_builds_saving_at_once_leave_a_whole_pack(tmp_path: Path, registry: Registry, articles: list[Article]) -> None:
    one, other = ExtractionCache(tmp_path, registry.version), ExtractionCache(tmp_path, registry.version)
    extract_all(articles[:3], registry, cache=one)
    extract_all(articles[2:], registry, cache=other)
    one.save()
    other.save()  # the last rename wins; its pack is complete, the other's entries are extracted again later
    assert set(ExtractionCache(tmp_path, registry.version).entries) == {article_key(a) for a in articles[2:]}


def test_a_pack_written_in_the_background_equals_one_written_here(tmp_path: Path, registry: Registry,
                                                                  articles: list[Article]) -> None:
    here, forked = ExtractionCache(tmp_path / "here", registry.version), ExtractionCache(tmp_path / "forked", registry.version)
    extract_all(articles, registry, cache=here)
    extract_all(articles, registry, cache=forked)
    here.save()
    wait = forked.save_in_background()
    wait()
    assert ExtractionCache(tmp_path / "forked", registry.version).entries == ExtractionCache(tmp_path / "here", registry.version).entries
    assert len(ExtractionCache(tmp_path / "forked", registry.version).entries) == len(articles)


def test_a_background_write_that_fails_fails_the_build(tmp_path: Path, registry: Registry, articles: list[Article]) -> None:
    cache = ExtractionCache(tmp_path, registry.version)
    extract_all(articles, registry, cache=cache)
    cache.path.mkdir()  # the rename into place cannot replace a directory
    wait = cache.save_in_background()
    with pytest.raises(OSError, match="could not write the extraction cache"):
        wait()


@pytest.fixture
def another_thread() -> Iterator[None]:
    """A second thread running, as under `mkdocs serve`: no child may be forked."""
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    yield
    release.set()
    thread.join()


def loaded_afresh(directory: Path, registry: Registry) -> ExtractionCache:
    """The cache as another process would load it: from its files, not from this process's memory."""
    cache_module._LOADED.clear()
    return ExtractionCache(directory, registry.version)


def test_where_nothing_can_fork_the_added_entries_go_to_the_journal(tmp_path: Path, registry: Registry,
                                                                    articles: list[Article], another_thread: None) -> None:
    cache = ExtractionCache(tmp_path, registry.version)
    extract_all(articles[:3], registry, cache=cache)
    cache.save()
    pack = cache.path.read_bytes()
    again = loaded_afresh(tmp_path, registry)
    extract_all(articles, registry, cache=again)
    again.save_in_background()()
    assert again.path.read_bytes() == pack  # the pack as it was: only the two new articles were written
    assert set(load_journal(again.journal)) == {article_key(a) for a in articles[3:]}
    third = loaded_afresh(tmp_path, registry)
    assert extract_all(articles, registry, cache=third) == [extract_facts(a, registry) for a in articles]
    assert (third.hits, third.misses) == (len(articles), 0)


def test_a_pack_written_whole_takes_in_its_journal(tmp_path: Path, registry: Registry, articles: list[Article]) -> None:
    cache = ExtractionCache(tmp_path, registry.version)
    extract_all(articles[:3], registry, cache=cache)
    cache.save()
    again = loaded_afresh(tmp_path, registry)
    extract_all(articles, registry, cache=again)
    again.append_to_journal()
    third = loaded_afresh(tmp_path, registry)
    extract_all(articles, registry, cache=third)
    third.save_in_background()()  # this process can fork: the child writes the whole pack
    assert not third.journal.exists()
    assert set(load_pack(third.path)) == {article_key(a) for a in articles}


def test_a_journal_cut_short_keeps_the_records_before_the_cut(tmp_path: Path, registry: Registry,
                                                              articles: list[Article]) -> None:
    cache = ExtractionCache(tmp_path, registry.version)
    extract_all(articles[:2], registry, cache=cache)
    cache.append_to_journal()
    whole = cache.journal.read_bytes()
    extract_all(articles, registry, cache=cache)
    cache.append_to_journal()
    cache.journal.write_bytes(cache.journal.read_bytes()[:-10])  # a build stopped half-way through a record
    kept = load_journal(cache.journal)
    assert set(kept) >= {article_key(a) for a in articles[:2]} and len(whole) < cache.journal.stat().st_size
    assert extract_all(articles, registry, cache=loaded_afresh(tmp_path, registry)) == [extract_facts(a, registry) for a in articles]


def test_a_process_building_again_keeps_the_entries_until_the_files_change(tmp_path: Path, registry: Registry,
                                                                           articles: list[Article]) -> None:
    cache = ExtractionCache(tmp_path, registry.version)
    extract_all(articles, registry, cache=cache)
    cache.save()
    assert ExtractionCache(tmp_path, registry.version).entries is cache.entries  # nothing unpickled
    other = loaded_afresh(tmp_path, registry)  # another build wrote the pack meanwhile
    extract_all(articles[:2], registry, cache=other)
    cache_module._LOADED.clear()
    other.save_in_background()()
    reloaded = ExtractionCache(tmp_path, registry.version)
    assert reloaded.entries is not cache.entries and set(reloaded.entries) == {article_key(a) for a in articles[:2]}


@pytest.mark.parametrize("nothing_new", [False, True])
def test_a_pack_written_in_the_background_or_left_alone_is_not_unpickled_again(tmp_path: Path, registry: Registry,
                                                                              articles: list[Article], nothing_new: bool) -> None:
    """`mkdocs serve` builds first in one thread (the pack written by a forked child, or left alone when
    nothing changed), then again after each edit: that build takes the entries this process holds."""
    if nothing_new:
        written = loaded_afresh(tmp_path, registry)
        extract_all(articles, registry, cache=written)
        written.save()
    cache = loaded_afresh(tmp_path, registry)
    extract_all(articles, registry, cache=cache)
    assert cache.changed is not nothing_new
    cache.save_in_background()()
    again = ExtractionCache(tmp_path, registry.version)
    assert again.entries is cache.entries and set(again.entries) == {article_key(a) for a in articles}


def test_a_check_that_renders_nothing_still_leaves_the_cache(tmp_path: Path, seeds_dir: Path) -> None:
    build = generate(ProjectPaths(seeds=seeds_dir), cache_dir=tmp_path, stream=True)
    build.finish()  # what build.py --check does: no page is consumed
    assert len(packs(tmp_path)) == 1
    stored = ExtractionCache(tmp_path, load_registry(ProjectPaths().registry).version).entries
    assert len(stored) == 2 * len(build.report.pages)  # each article as read, and its facts


def test_old_versions_are_pruned(tmp_path: Path, registry: Registry, articles: list[Article]) -> None:
    for version in ("a", "b", "c", "d", registry.version):
        cache = ExtractionCache(tmp_path, version)
        extract_all(articles[:1], registry, cache=cache)
        cache.save()
    assert len(packs(tmp_path)) == 3
    assert ExtractionCache(tmp_path, registry.version).path in packs(tmp_path)


def test_worker_processes_give_the_serial_result(registry: Registry, seeds_dir: Path, articles: list[Article]) -> None:
    pool = Workers(registry, 2, threshold=1)  # real processes even for five articles
    try:
        report = BuildReport()
        read = read_articles(seeds_dir, registry, report, workers=pool)
        facts = extract_all(read, registry, workers=pool)
    finally:
        pool.close()
    assert read == articles
    assert facts == [extract_facts(a, registry) for a in articles]


@pytest.mark.parametrize("count", [1, 2])
def test_articles_extracted_as_they_are_read_give_the_facts_of_two_steps(tmp_path: Path, registry: Registry, seeds_dir: Path,
                                                                         articles: list[Article], count: int) -> None:
    pool = Workers(registry, count, threshold=1)
    extracted: dict[str, Extracted] = {}
    cache = ExtractionCache(tmp_path, registry.version)
    try:
        read = read_articles(seeds_dir, registry, BuildReport(), workers=pool, extracted=extracted)
        assert sorted(extracted) == sorted(a.file for a in articles)  # every article extracted where it was read
        facts = extract_all(read, registry, cache=cache, workers=pool, extracted=extracted)
    finally:
        pool.close()
    assert read == articles
    assert facts == [extract_facts(a, registry) for a in articles]
    assert (cache.hits, cache.misses) == (0, len(articles))
    assert cache.keys == {a.id: article_key(a) for a in articles}
    cache.save()
    assert extract_all(articles, registry, cache=ExtractionCache(tmp_path, registry.version)) == facts


def test_an_article_renamed_after_reading_is_extracted_again(tmp_path: Path, registry: Registry) -> None:
    body = "قال وزير الخارجية الروسي سيرغي لافروف إن المحادثات ستستمر.\n"  # a role: facts that name their article
    (tmp_path / "talks.md").write_text(f"---\ntitle: محادثات\n---\n{body}", encoding="utf-8")
    (tmp_path / "talks.txt").write_text(f"محادثات\n\n{body}", encoding="utf-8")  # its id taken: renamed talks-2
    extracted: dict[str, Extracted] = {}
    read = read_articles(tmp_path, registry, BuildReport(), extracted=extracted)
    renamed = [a for a in read if a.id.endswith("-2")]
    assert renamed and all(extracted[a.file].article.id != a.id for a in renamed)
    assert all(extract_facts(a, registry).roles for a in read)
    facts = extract_all(read, registry, extracted=extracted)
    assert facts == [extract_facts(a, registry) for a in read]
    assert [f.article.id for f in facts] == [a.id for a in read]


def test_generate_with_a_warm_cache_renders_the_same_pages(tmp_path: Path, seeds_dir: Path) -> None:
    paths = ProjectPaths(seeds=seeds_dir)
    plain = generate(paths)
    cold = generate(paths, cache_dir=tmp_path)
    warm = generate(paths, cache_dir=tmp_path)
    assert plain.pages == cold.pages == warm.pages
    assert len(packs(tmp_path)) == 1


def test_a_file_read_before_is_not_parsed_again_and_gives_the_same_article(tmp_path: Path, registry: Registry,
                                                                          seeds_dir: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_dir, seeds)
    (seeds / "empty.txt").write_bytes(b"")
    first, again = BuildReport(), BuildReport()
    cache = ExtractionCache(tmp_path / "cache", registry.version)
    articles = read_articles(seeds, registry, first, cache=cache)
    cache.save()
    cache = ExtractionCache(tmp_path / "cache", registry.version)
    assert read_articles(seeds, registry, again, cache=cache) == articles
    assert (again.skipped, again.warnings, again.pages) == (first.skipped, first.warnings, first.pages)
    assert not cache.changed


def test_an_article_from_the_cache_brings_its_hash_and_a_renamed_one_is_hashed_again(tmp_path: Path, registry: Registry,
                                                                                     seeds_dir: Path) -> None:
    cache = ExtractionCache(tmp_path, registry.version)
    extract_all(read_articles(seeds_dir, registry, BuildReport(), cache=cache), registry, cache=cache)
    cache.save()
    again = ExtractionCache(tmp_path, registry.version)
    articles = read_articles(seeds_dir, registry, BuildReport(), cache=again)
    assert all("content_hash" in vars(article) for article in articles)  # pickled with it: not hashed again
    renamed = dataclasses.replace(articles[0], id="renamed")
    assert "content_hash" not in vars(renamed) and article_key(renamed) != article_key(articles[0])
    assert renamed.content_hash == hashlib.sha256(repr(renamed).encode("utf-8")).hexdigest()


def test_article_pages_rendered_by_forked_workers_equal_serial_ones(seeds_dir: Path) -> None:
    agg = generate(ProjectPaths(seeds=seeds_dir)).aggregate
    renderer = Renderer(agg, ProjectPaths().templates)
    assert list(renderer.pages_in_parallel(2)) == list(renderer.pages())


def test_exports_made_by_a_forked_process_are_the_pages_a_serial_rendering_makes(seeds_dir: Path) -> None:
    renderer = Renderer(generate(ProjectPaths(seeds=seeds_dir)).aggregate, ProjectPaths().templates)
    serial = {page.path: page for page in renderer.pages()}
    aside = list(renderer.pages_with_exports_aside())
    assert {page.path: page for page in aside} == serial and len(aside) == len(serial)
    exported = exports(renderer.agg)
    assert aside[-len(exported):] == exported  # made aside, handed on last


def test_forked_workers_that_stage_their_own_pages_write_the_docs_a_serial_write_does(tmp_path: Path, seeds_dir: Path) -> None:
    agg = generate(ProjectPaths(seeds=seeds_dir)).aggregate
    renderer = Renderer(agg, ProjectPaths().templates)
    serial = write_pages(renderer.pages(), tmp_path / "serial")
    staged_paths: list[str] = []

    def staged_by_workers(stager: Stager) -> Iterator[Page | KeptPage | StagedPage]:
        for page in renderer.pages_in_parallel(2, stager):
            staged_paths.extend([page.path] if isinstance(page, StagedPage) else [])
            yield page
    forked = write_pages(staged_by_workers, tmp_path / "forked")
    unit_files = {renderer.article(facts).path for facts in agg.articles.values()} | {
        page.path for actor_id in agg.actors for page in renderer.actor_files(actor_id)}
    assert sorted(staged_paths) == sorted(unit_files)  # the article and actor files came back as paths only
    assert sorted(forked.written) == sorted(serial.written)
    assert files_of(tmp_path / "forked") == files_of(tmp_path / "serial")
    again = write_pages(lambda stager: renderer.pages_in_parallel(2, stager), tmp_path / "forked")
    assert again.written == [] and again.unchanged == len(serial.written)  # the workers compared before writing


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("collecting", [True, False])
@pytest.mark.parametrize("pack", ["whole", "truncated"])
def test_loading_a_pack_leaves_garbage_collection_as_it_was(tmp_path: Path, collecting: bool, pack: str) -> None:
    """The pack loads with collection paused (millions of objects, no garbage), and only then."""
    path = tmp_path / "extract.pickle"
    write_atomically(path, {"format": PACK_FORMAT, "entries": {"key": ("facts",)}})
    if pack == "truncated":
        path.write_bytes(path.read_bytes()[:-5])
    (gc.enable if collecting else gc.disable)()
    try:
        assert load_pack(path) == ({"key": ("facts",)} if pack == "whole" else {})
        assert gc.isenabled() == collecting
    finally:
        gc.enable()


@pytest.mark.parametrize("corpus", ["seeds", "articles", "hostile"])
def test_reading_extracting_and_aggregating_leave_no_cyclic_garbage(tmp_path: Path, corpus: str) -> None:
    """generate() runs them with garbage collection paused (archive/pipeline.py): that is free only as
    long as they make no garbage that reference counting cannot free. A change that makes some fails here."""
    seeds = ROOT / "seeds" if corpus == "seeds" else FIXTURES / corpus
    gc.collect()
    gc.disable()
    try:
        build = generate(ProjectPaths(seeds=seeds), cache_dir=tmp_path, workers=1, stream=True)
        assert build.aggregate.articles
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_cache_hands_on_the_article_keys_it_made(tmp_path: Path, seeds_dir: Path) -> None:
    """The up-to-date record uses the keys the cache computed while looking articles up, not its own:
    they must be every article's `article_key`, whether its facts came from the cache or not."""
    for _ in range(2):  # extracted, then from the cache
        build = generate(ProjectPaths(seeds=seeds_dir), cache_dir=tmp_path, workers=1, stream=True)
        assert build.article_keys == {i: article_key(f.article) for i, f in build.aggregate.articles.items()}
        build.finish()
