"""Reading and cleaning articles: against the gold file and fixture files named by scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from archive.model import Article
from archive.read import ReadError, article_id, read_article
from archive.registry import Registry

from conftest import FIXTURES

GOLD_FILES = [
    "000_530f177a4472afb0.txt",
    "001_8c87d7248a5dab15.txt",
    "002_bc64007392f385e7.txt",
    "003_3d39ae72756f47f4.txt",
    "004_c250db8dfdc2da85.txt",
]


def read_fixture(name: str, registry: Registry) -> Article:
    """Read a fixture article from tests/fixtures/articles."""
    directory = FIXTURES / "articles"
    return read_article(directory / name, directory, registry.furniture)


def body_text(article: Article) -> str:
    return "\n".join(p.text for p in article.paragraphs)


@pytest.mark.parametrize("file", GOLD_FILES)
def test_headline_matches_gold(file: str, seed_articles: dict[str, Article], gold: dict[str, Any]) -> None:
    article, expected = seed_articles[file], gold[file]
    if expected["title"] is None:
        assert article.title_derived
        assert article.title and article.title not in expected["not_body"]
        assert expected["dateline"] is None or article.title != f"{expected['dateline']['place']}-{expected['dateline']['agency']}"
    else:
        assert not article.title_derived
        assert article.title == expected["title"]


@pytest.mark.parametrize("file", GOLD_FILES)
def test_source_and_dateline_match_gold(file: str, seed_articles: dict[str, Article], gold: dict[str, Any]) -> None:
    article, expected = seed_articles[file], gold[file]
    assert article.source == expected["source"]
    if expected["dateline"]:
        assert (article.place, article.agency) == (expected["dateline"]["place"], expected["dateline"]["agency"])
    else:
        assert article.agency is None


@pytest.mark.parametrize("file", GOLD_FILES)
def test_furniture_is_not_body(file: str, seed_articles: dict[str, Article], gold: dict[str, Any]) -> None:
    article = seed_articles[file]
    lines = {p.text for p in article.paragraphs}
    for furniture in gold[file]["not_body"]:
        assert furniture not in lines
        assert not any(line.startswith(furniture) or line.endswith(furniture) for line in lines)


@pytest.mark.parametrize("file", GOLD_FILES)
def test_sections_match_gold(file: str, seed_articles: dict[str, Article], gold: dict[str, Any]) -> None:
    headings = [p.text for p in seed_articles[file].paragraphs if p.kind == "heading"]
    assert headings == gold[file]["sections"]


@pytest.mark.parametrize("file", GOLD_FILES)
def test_body_keeps_every_paragraph_as_written(file: str, seed_articles: dict[str, Article], seeds_dir: Path, gold: dict[str, Any]) -> None:
    """Nothing is dropped or reordered: every non-furniture line of the file is in the body, in order."""
    article = seed_articles[file]
    removed = set(gold[file]["not_body"]) | set(article.furniture) | {article.title}
    source_lines = [line.strip() for line in (seeds_dir / file).read_text(encoding="utf-8").splitlines() if line.strip()]
    expected = [line for line in source_lines if line not in removed and not any(f in line for f in gold[file]["not_body"])]
    assert [p.text for p in article.paragraphs] == expected


def test_dateline_first_and_no_headline(registry: Registry) -> None:
    article = read_fixture("article_with_dateline_no_headline.txt", registry)
    assert (article.place, article.agency, article.source) == ("دمشق", "سانا", "سانا")
    assert article.title_derived
    assert article.title.startswith("أكد وزير الخارجية أن الحل السياسي")
    assert "دمشق-سانا" not in body_text(article)


def test_furniture_lines_and_breadcrumb_source(registry: Registry) -> None:
    article = read_fixture("article_with_furniture.txt", registry)
    assert article.title == "اتفاق على استئناف المفاوضات في جنيف"
    assert article.source == "صحيفة الثورة"
    assert body_text(article) == "قال المبعوث الدولي إن الجولة المقبلة ستبدأ الشهر المقبل."


def test_front_matter_wins_over_inference(registry: Registry) -> None:
    article = read_fixture("article_with_front_matter.md", registry)
    assert article.title == "عنوان من الترويسة: مع نقطتين"
    assert (article.date, article.source, article.url, article.place) == (
        "2015-11-13", "صحيفة البعث", "https://example.org/news/1", "دمشق")
    assert not article.title_derived
    # With a title in the front matter, the first line of the body is body text.
    assert article.paragraphs[0].text.startswith("عنوان في النص")


def test_crlf_line_ends_are_repaired_with_a_warning(registry: Registry) -> None:
    assert b"\r\n" in (FIXTURES / "articles" / "article_with_crlf.txt").read_bytes()
    article = read_fixture("article_with_crlf.txt", registry)
    assert [p.text for p in article.paragraphs] == ["الفقرة الأولى.", "الفقرة الثانية."]
    assert all("\r" not in p.text for p in article.paragraphs)
    assert any("CR" in w for w in article.warnings)


def test_bom_is_removed_with_a_warning(registry: Registry) -> None:
    article = read_fixture("article_with_bom.txt", registry)
    assert article.title == "عنوان بعلامة ترتيب البايتات"
    assert any("byte-order mark" in w for w in article.warnings)


def test_section_heading_and_trailing_credit(registry: Registry) -> None:
    article = read_fixture("article_with_section_and_credit.txt", registry)
    assert article.source == "وكالات"
    assert [p.kind for p in article.paragraphs] == ["text", "heading", "text"]
    assert "وكالات" not in body_text(article)


@pytest.mark.parametrize("after, credited", [("", True), ("تابعونا على تويتر", True), ("وقال الوزير إن العمل مستمر.", False)])
def test_a_credit_line_counts_only_when_nothing_but_furniture_follows(article_from_text: Callable[..., Article],
                                                                      after: str, credited: bool) -> None:
    article = article_from_text("لقاء في موسكو\nبحث الجانبان سبل تعزيز التعاون بين البلدين.\nوكالات\n" + after)
    assert (article.source == "وكالات") == credited
    assert ("وكالات" in body_text(article)) != credited


def test_paragraph_lines_point_into_the_file(registry: Registry) -> None:
    article = read_fixture("article_with_front_matter.md", registry)
    lines = (FIXTURES / "articles" / "article_with_front_matter.md").read_text(encoding="utf-8").splitlines()
    for paragraph in article.paragraphs:
        assert lines[paragraph.line - 1].strip() == paragraph.text


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("000_530f177a4472afb0.txt", "000_530f177a4472afb0"),
        ("lavrov-2015.md", "lavrov-2015"),
    ],
)
def test_article_id_keeps_safe_names(path: str, expected: str) -> None:
    assert article_id(path) == expected


@pytest.mark.parametrize("path", ["my article.txt", "../x.txt", ".hidden.txt", "مقال لافروف.txt", "a;rm -rf $HOME.txt", "a?b#c.txt", "Upper.txt", "index.txt"])
def test_article_id_is_safe_and_distinct(path: str) -> None:
    derived = article_id(path)
    assert derived and all(c.isascii() and (c.isalnum() or c in "-_") for c in derived)
    assert derived != article_id(path + "x")
    assert derived != "index"


def test_empty_file_is_an_error_naming_the_file(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(ReadError, match="empty.txt: empty file"):
        read_article(tmp_path / "empty.txt", tmp_path, registry.furniture)
