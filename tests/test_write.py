"""The writer: atomic, compare-before-write, stale pages removed, never outside the output."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from archive.model import Page, StagedPage
from archive.write import (MANIFEST, Stager, UnsafePathError, carry_site_entries, link_site_files, site_entry,
                           watch_paths, write_pages)


def pages(**contents: str) -> list[Page]:
    return [Page(path.replace("__", "/") + ".md", text) for path, text in contents.items()]


def test_first_write_writes_everything_and_a_manifest(tmp_path: Path) -> None:
    stats = write_pages(pages(index="home", articles__a="A"), tmp_path)
    assert sorted(stats.written) == ["articles/a.md", "index.md"]
    assert (tmp_path / "articles/a.md").read_text(encoding="utf-8") == "A"
    assert (tmp_path / MANIFEST).read_text(encoding="utf-8").splitlines() == ["articles/a.md", "index.md"]


def test_second_identical_write_touches_no_file(tmp_path: Path) -> None:
    write_pages(pages(index="home", articles__a="A"), tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    stats = write_pages(pages(index="home", articles__a="A"), tmp_path)
    assert stats.written == [] and stats.removed == [] and stats.unchanged == 2
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == before


def test_changed_page_only_is_rewritten(tmp_path: Path) -> None:
    write_pages(pages(index="home", articles__a="A", articles__b="B"), tmp_path)
    stats = write_pages(pages(index="home", articles__a="A2", articles__b="B"), tmp_path)
    assert stats.written == ["articles/a.md"]


def test_pages_of_deleted_articles_disappear_and_hand_written_files_stay(tmp_path: Path) -> None:
    (tmp_path / "about").mkdir()
    (tmp_path / "about/index.md").write_text("hand-written", encoding="utf-8")
    write_pages(pages(index="home", articles__a="A", articles__b="B"), tmp_path)
    stats = write_pages(pages(index="home", articles__a="A"), tmp_path)
    assert stats.removed == ["articles/b.md"]
    assert not (tmp_path / "articles/b.md").exists()
    assert (tmp_path / "about/index.md").read_text(encoding="utf-8") == "hand-written"


def test_new_folders_arrive_whole_and_existing_ones_keep_their_other_files(tmp_path: Path) -> None:
    (tmp_path / "articles/old").mkdir(parents=True)
    (tmp_path / "articles/old/notes.md").write_text("hand-written", encoding="utf-8")
    stats = write_pages(pages(articles__old__index="O", articles__new__index="N", actors__x__index="X"), tmp_path)
    assert sorted(stats.written) == ["actors/x/index.md", "articles/new/index.md", "articles/old/index.md"]
    assert {p.relative_to(tmp_path).as_posix(): p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.md")} == {
        "articles/old/notes.md": "hand-written", "articles/old/index.md": "O", "articles/new/index.md": "N",
        "actors/x/index.md": "X"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".staging")] == []


def test_a_generated_file_where_a_folder_stands_is_an_error_that_writes_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "articles/a.md").mkdir(parents=True)
    (tmp_path / "articles/a.md/keep.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(OSError):
        write_pages(pages(articles__a="A"), tmp_path)
    assert (tmp_path / "articles/a.md/keep.txt").read_text(encoding="utf-8") == "keep"


def test_an_error_halfway_leaves_the_previous_output_intact(tmp_path: Path) -> None:
    write_pages(pages(index="home", articles__a="A"), tmp_path)

    def failing() -> Iterator[Page]:
        yield Page("index.md", "new home")
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError):
        write_pages(failing(), tmp_path)
    assert (tmp_path / "index.md").read_text(encoding="utf-8") == "home"
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, "articles", "index.md"]


def test_pages_a_renderer_staged_itself_are_moved_only_once_all_are_staged(tmp_path: Path) -> None:
    write_pages(pages(index="home", articles__a="A"), tmp_path)

    def staged_then_failing(stager: Stager) -> Iterator[Page | StagedPage]:
        yield stager(Page("articles/a.md", "A2"))  # as a rendering worker hands it over
        yield stager(Page("articles/b.md", "B"))
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError):
        write_pages(staged_then_failing, tmp_path)
    assert (tmp_path / "articles/a.md").read_text(encoding="utf-8") == "A"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [MANIFEST, "articles", "articles/a.md", "index.md"]
    stats = write_pages(lambda stager: [stager(Page("articles/a.md", "A2")), stager(Page("index.md", "home"))], tmp_path)
    assert (stats.written, stats.unchanged, stats.removed) == (["articles/a.md"], 1, [])
    assert (tmp_path / "articles/a.md").read_text(encoding="utf-8") == "A2"


@pytest.mark.parametrize("path", ["../escape.md", "/etc/passwd", "a/../../b.md", "", "a//b.md", "./a.md", MANIFEST, "a\\b.md"])
def test_paths_that_leave_the_output_are_refused(tmp_path: Path, path: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(UnsafePathError):
        write_pages([Page(path, "x")], out)
    assert not (tmp_path / "escape.md").exists()


def test_two_pages_at_one_path_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError, match="two pages"):
        write_pages([Page("a.md", "1"), Page("a.md", "2")], tmp_path)


def test_the_previous_site_is_moved_aside_at_once_and_deleted_later(tmp_path: Path) -> None:
    from archive.write import move_aside, remove_trees
    site = tmp_path / "site"
    (site / "articles" / "a").mkdir(parents=True)
    (site / "articles" / "a" / "index.html").write_text("old", encoding="utf-8")
    (site / "index.html").write_text("old", encoding="utf-8")
    (site / ".git").mkdir()  # hidden entries stay, as MkDocs' own cleaning leaves them
    leftover = tmp_path / ".site-old-interrupted"
    leftover.mkdir()
    aside, leftovers = move_aside(site)
    assert [p.name for p in site.iterdir()] == [".git"]
    assert leftovers == [leftover] and aside is not None
    assert (aside / "articles" / "a" / "index.html").read_text(encoding="utf-8") == "old"
    remove_trees([*leftovers, aside])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert move_aside(site) == (None, []) and move_aside(tmp_path / "absent") == (None, [])


def test_site_files_are_links_to_the_docs_files_just_written(tmp_path: Path) -> None:
    data = [Page("actors/a.json", '{"a": 1}'), Page("articles/b/segments.json", '["ب"]')]
    write_pages(data, tmp_path / "docs")
    (tmp_path / "site/actors").mkdir(parents=True)
    (tmp_path / "site/actors/a.json").write_text("an old site's file (mkdocs build --dirty)", encoding="utf-8")
    link_site_files(data, tmp_path / "docs", tmp_path / "site")
    for page in data:
        linked, source = tmp_path / "site" / page.path, tmp_path / "docs" / page.path
        assert linked.read_text(encoding="utf-8") == page.content
        assert linked.stat().st_ino == source.stat().st_ino


def test_a_site_file_whose_docs_file_is_gone_is_written_from_its_content(tmp_path: Path) -> None:
    link_site_files([Page("actors/a.json", '{"a": 1}')], tmp_path / "docs", tmp_path / "site")
    assert (tmp_path / "site/actors/a.json").read_text(encoding="utf-8") == '{"a": 1}'


def test_a_watcher_of_docs_polls_what_is_hand_written_and_not_the_generated_folders(tmp_path: Path) -> None:
    generated = {"index.md", "articles/a.md", "articles/a/segments.json", "assets/search-entities/0627.json"}
    for path in [*generated, "about/data.md", "about/more/notes.md", "assets/archive.css", "assets/js/search.js"]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    assert watch_paths(tmp_path, generated) == [
        (tmp_path, False), (tmp_path / "about", True), (tmp_path / "assets", False), (tmp_path / "assets/js", True),
        (tmp_path / "empty", True)]
    assert watch_paths(tmp_path, set()) == [(tmp_path, True)]  # never built: docs/ whole, as MkDocs watches it


@pytest.mark.parametrize(("path", "entry"), [
    ("articles/x.md", ("articles", "x")),
    ("articles/x/segments.json", ("articles", "x")),
    ("articles/index.md", ("articles", "index.html")),
    ("actors/x.json", ("actors", "x.json")),
    ("actors/x/page-2.md", ("actors", "x")),
    ("resolutions/sc-242.md", None),
    ("index.md", None),
])
def test_a_generated_file_lands_in_one_entry_of_the_site(path: str, entry: tuple[str, str] | None) -> None:
    assert site_entry(path) == entry


def test_unchanged_entries_are_carried_and_the_rest_deleted(tmp_path: Path) -> None:
    previous, site = tmp_path / "previous", tmp_path / "site"
    for path in ["articles/a/index.html", "articles/a/segments.json", "articles/gone/index.html", "articles/index.html",
                 "articles/edited/index.html", "actors/x/index.html", "actors/x.json", "pagefind/entry.json"]:
        (previous / path).parent.mkdir(parents=True, exist_ok=True)
        (previous / path).write_text(path, encoding="utf-8")
    site.mkdir()
    generated = ["articles/a.md", "articles/a/segments.json", "articles/edited.md", "articles/index.md", "actors/x.md", "actors/x.json"]
    carried = {"articles/a.md", "articles/a/segments.json", "actors/x.md", "actors/x.json"}
    assert carry_site_entries(previous, site, carried, generated) == 3
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        "actors/x.json", "actors/x/index.html", "articles/a/index.html", "articles/a/segments.json"]
    assert (previous / "pagefind" / "entry.json").is_file()  # only the folders of articles and actors are taken
