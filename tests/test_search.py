"""Search folding: the rules, and one definition shared by the index (Python) and the query (JavaScript)."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.arabic import normalise, tokenize
from archive.pipeline import ProjectPaths, generate
from archive.processes import Background
from archive.render import search_documents
from archive.search_index import SIGNATURE, scratch_parent, sorted_filter, write_index
from archive.search import (EntityName, article_search_text, entity_suggestions, entity_weight, fold_word, folding_tables,
                            index_forms, search_terms, search_terms_of_parts, suggestion_key)

from conftest import ROOT, BuiltSite


def fold(text: str) -> list[str]:
    return [fold_word(normalise(w)) for w in text.split()]


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("الإرهاب", "الارهاب"),  # hamza
        ("والإرهاب", "إرهاب"),  # وال
        ("بالإرهاب", "الإرهاب"),  # بال
        ("للأمم", "الأمم"),  # لل
        ("فعّال", "فعال"),  # shadda
        ("سورية", "سوريا"),  # spelling pair
        ("الأميركية", "الأمريكية"),  # spelling pair by prefix
        ("٢١٧٠", "2170"),  # digits
        ("لافـــروف", "لافروف"),  # tatweel
        ("مستشفى", "مستشفي"),  # alef maqsura
    ],
)
def test_what_readers_type_folds_like_what_was_written(written: str, typed: str) -> None:
    assert fold(written) == fold(typed)


@pytest.mark.parametrize(("one", "other"), [("فعال", "العالم"), ("الله", "له"), ("سورية", "السوري")])
def test_no_over_stemming(one: str, other: str) -> None:
    assert fold(one) != fold(other)


def test_a_word_behind_a_one_letter_clitic_is_indexed_with_its_stem() -> None:
    assert index_forms(normalise("ولافروف")) == ["ولافروف", "لافروف"]
    assert index_forms(normalise("سيرغي")) == ["سيرغي"]
    assert index_forms(normalise("لافروف")) == ["لافروف", "افروف"]  # the index cannot know ل is no clitic here
    assert index_forms(normalise("والإرهاب")) == ["ارهاب"]


def test_terms_and_original_segments_stay_aligned() -> None:
    text = "قال ولافروف: «الإرهاب» (داعش) في سوريا."
    terms, segments = search_terms(text)
    assert len(terms) == len(segments)
    assert "".join(segments) == text
    assert terms[segments.index(": «الإرهاب")] == "ارهاب"


@pytest.mark.parametrize("text", ["عنوان\n\nقال «المتحدث» إن <script>alert('x')</script> & \"غدا\" </span>",
                                  "عنوان\n\nنص", "عنوان\n\n٢١٧٠ ﻻ لافـــروف"])
def test_cached_search_text_holds_the_words_and_safe_segments(text: str, article_from_text) -> None:
    article = article_from_text(text)
    terms, segments = search_terms("\n".join([article.title, *(p.text for p in article.paragraphs)]))
    cached = article_search_text(article)
    assert cached.words == " ".join(terms)
    assert json.loads(cached.segments_json) == segments
    # Placed in a page unescaped: nothing in it may open or close markup.
    assert not any(c in cached.segments_json for c in "<>&'")
    assert "عنوان" in cached.segments_json  # Arabic as itself, not \uXXXX (three times the bytes)


ARABIC_TEXT = st.text(alphabet="ابتسلمهويةىءأإآ ًٌَُِّْـ«»،.:()0123456789٢\u200f ", max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(ARABIC_TEXT, min_size=1, max_size=6))
def test_terms_of_parts_equal_terms_of_the_joined_text(parts: list[str]) -> None:
    # The article's search words are computed part by part through the tokenize cache.
    assert search_terms_of_parts(parts) == search_terms("\n".join(parts))


def test_folding_tables_are_json_for_the_browser() -> None:
    tables = json.loads(json.dumps(folding_tables(), ensure_ascii=False))
    assert tables["letters"]["أ"] == "ا" and tables["digits"]["٢"] == "2"
    assert "وال" in tables["articlePrefixes"] and tables["words"][normalise("سوريا")] == normalise("سورية")


PARITY = ["الإرهاب", "والإرهاب", "بالإرهاب", "فعّال", "سوريا", "الأميركية", "٢١٧٠", "لافـــروف", "ﻻ", "الشوءون",
          "\u202bمستشفى\u202c", "للأمم المتحدة", "كـ“داعش”", "تنظيم الدولة الإسلامية", "ولافروف", "بموسكو", "وزير",
          "فالإرهاب", "لل", "وفعال"]


@pytest.mark.browser
def test_the_browser_folds_queries_exactly_like_the_index(seed_site: BuiltSite) -> None:
    """Runs the site's own archive-search.js folding in Chromium and compares it with Python's."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    script = (ROOT / "docs" / "assets" / "js" / "archive-search.js").read_text(encoding="utf-8")
    body = script[script.index("function foldChars") : script.index("function escapeHtml")]
    tables = (seed_site.site / "assets" / "search-folding.json").read_text(encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        folded = page.evaluate(f"(words) => {{ const tables = {tables}; {body}; "
                               f"return words.map((w) => [foldQuery(w, false), foldQuery(w, true)]); }}", PARITY)
        browser.close()
    # As typed, and with one-letter clitics taken off: the stem the index holds beside such a word.
    python = [[" ".join(fold_word(t.norm) for t in tokenize(w)), " ".join(index_forms(t.norm)[-1] for t in tokenize(w))]
              for w in PARITY]
    assert folded == python


@pytest.mark.parametrize(("fewer", "more"), [(1, 2), (2, 8), (8, 100)])
def test_a_discovered_entity_named_in_more_articles_weighs_at_least_as_much(fewer: int, more: int) -> None:
    assert 1 <= entity_weight(fewer, False) <= entity_weight(more, False) <= 10
    assert entity_weight(1, False) < entity_weight(100, False)


@pytest.fixture(scope="module")
def seed_search_documents(seeds_dir: Path) -> dict[str, str]:
    """URL → search document of every page the seeds' index holds."""
    return dict(search_documents(generate(ProjectPaths(seeds=seeds_dir), stream=True).aggregate, ProjectPaths().templates))


def test_a_reviewed_entity_weighs_fully_in_its_search_document(seed_search_documents: dict[str, str]) -> None:
    assert entity_weight(0, True) == 10
    assert '<span data-pagefind-weight="10">سيرغي لافروف ' in seed_search_documents["actors/sergey-lavrov/"]


def test_the_index_holds_every_article_actor_and_resolution_page_and_nothing_else(seed_site: BuiltSite,
                                                                                 seed_search_documents: dict[str, str]) -> None:
    entry = json.loads((seed_site.site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    facts = seed_site.facts
    assert indexed == len(seed_search_documents) == len(facts["articles"]) + len(facts["actors"]) + len(facts["resolutions"])
    built = {page.parent.relative_to(seed_site.site).as_posix() + "/" for page in seed_site.site.glob("*/*/index.html")}
    assert set(seed_search_documents) <= built  # each result leads to a page
    for page in seed_site.site.glob("*/*/index.html"):
        assert "data-pagefind-body" not in page.read_text(encoding="utf-8"), page  # the index has them, not the pages


LAVROV = EntityName("actors/sergey-lavrov/", "سيرغي لافروف", "شخص", 5, ("سيرغي لافروف", "لافروف"))
PUTIN = EntityName("actors/vladimir-putin/", "فلاديمير بوتين", "شخص", 9, ("فلاديمير بوتين",))
SYRIA = EntityName("actors/syria/", "سوريا", "مكان", 2, ("سوريا", "سورية"))


def test_an_entity_is_in_the_shard_of_each_of_its_words_and_nowhere_else() -> None:
    shards = entity_suggestions([LAVROV, PUTIN])
    assert set(shards) == {suggestion_key(word) for word in ("سيرغي", "لافروف", "فلاديمير", "بوتين")}
    assert [entry[0] for entry in shards[suggestion_key("لافروف")]] == ["actors/sergey-lavrov/"]
    # The index adds stems behind one-letter clitics (لافروف → افروف); suggestions must not: افروف is not a name.
    assert suggestion_key("افروف") not in shards and suggestion_key("وتين") not in shards


def test_suggestion_entries_hold_folded_names_most_named_first() -> None:
    shards = entity_suggestions([SYRIA, PUTIN, LAVROV, EntityName("actors/x/", "سوريون", "شخص", 7, ("سوريون",))])
    entries = shards[suggestion_key("سوريا")]
    assert [entry[0] for entry in entries] == ["actors/x/", "actors/syria/"]
    assert entries[1] == ["actors/syria/", "سوريا", "مكان", 2, [["سوريه"]]]  # سورية folds to the same name: once


def test_suggestion_shard_names_are_ascii_and_cover_digits() -> None:
    key = suggestion_key(fold_word(normalise("٢١٧٠")))
    assert key == "00320031" and key.isascii()


def test_the_site_suggests_curated_and_recurring_actors_and_every_resolution(seed_site: BuiltSite) -> None:
    shards = seed_site.site / "assets" / "search-entities"
    suggested = {entry[0] for shard in shards.glob("0*.json")
                 for entry in json.loads(shard.read_text(encoding="utf-8"))["entities"]}
    actors = {actor["id"]: actor for actor in seed_site.facts["actors"]}
    once = {f"actors/{a}/" for a, actor in actors.items() if not actor["reviewed"] and len(actor["articles"]) < 2}
    assert once and not once & suggested  # a name the rules found in one article only is not suggested
    assert {"actors/sergey-lavrov/", "actors/isis/", "actors/syria/"} <= suggested
    assert {f"resolutions/{r['id']}/" for r in seed_site.facts["resolutions"]} <= suggested
    listed = json.loads((shards / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert sorted(path.stem for path in shards.glob("0*.json")) == listed


def cbor_text(text: str) -> bytes:
    data = text.encode()
    assert len(data) < 24
    return bytes([0x60 | len(data)]) + data


def cbor_pair(value: str, pages: list[int]) -> bytes:
    assert len(pages) < 24 and all(page < 24 for page in pages)
    return b"\x82" + cbor_text(value) + bytes([0x80 | len(pages), *pages])


def test_a_filters_values_get_one_order_whatever_order_pagefind_wrote() -> None:
    article, entity = cbor_pair("article", [3, 4]), cbor_pair("entity", [0, 1, 2])
    written = [SIGNATURE + b"\x82" + cbor_text("group") + b"\x82" + pair for pair in (article + entity, entity + article)]
    assert sorted_filter(written[0]) == sorted_filter(written[1]) == written[0]


def test_the_same_documents_give_the_same_search_index(seed_search_documents: dict[str, str], tmp_path: Path) -> None:
    """Pagefind writes a filter's values in hash-map order: every other run differed before they were sorted."""
    bundles = []
    for run in range(4):
        write_index(sorted(seed_search_documents.items()), tmp_path / str(run))
        bundles.append({path.relative_to(tmp_path / str(run)).as_posix(): path.read_bytes()
                        for path in sorted((tmp_path / str(run)).rglob("*")) if path.is_file()})
    assert all(bundle == bundles[0] for bundle in bundles[1:])
    assert len(list((tmp_path / "0" / "filter").glob("*.pf_filter"))) == 1


class LongDocument(str):
    """A search document that says it has 10^13 characters: more than any disk here holds twice."""

    def __len__(self) -> int:
        return 10**13


@pytest.mark.parametrize(("memory", "documents", "in_memory"), [
    ("tmp", [("articles/a/", "<p>كلمة</p>")], True),
    ("tmp", [("articles/a/", LongDocument("<p>كلمة</p>"))], False),  # no room for twice its size
    ("absent", [("articles/a/", "<p>كلمة</p>")], False),  # no /dev/shm (macOS, Windows)
])
def test_pagefind_input_is_written_in_memory_only_where_it_fits(tmp_path: Path, memory: str, documents: list[tuple[str, str]],
                                                               in_memory: bool) -> None:
    folder = tmp_path if memory == "tmp" else tmp_path / "absent"
    assert scratch_parent(documents, folder) == (folder if in_memory else None)


def test_a_word_the_spellings_list_whole_has_no_clitic_stem() -> None:
    """بوجدانوف is a spelling of بوغدانوف, not ب + وجدانوف; a word that is not listed keeps its stem."""
    assert index_forms("بوجدانوف") == ["بوغدانوف"]
    assert index_forms("بموسكو") == ["بموسكو", "موسكو"]


def test_latin_words_fold_to_lower_case() -> None:
    assert fold_word("Trump") == fold_word("TRUMP") == "trump"


def test_an_edit_to_the_spelling_pairs_is_seen_by_the_next_build_in_the_same_process(tmp_path: Path) -> None:
    """An editor adds a pair under `mkdocs serve`: the next build folds with it (read once per process before)."""
    from archive.search import load_spellings
    search_file = tmp_path / "search.yml"
    search_file.write_text("words:\n  سوريا: سورية\n", encoding="utf-8")
    assert index_forms("ترمب", load_spellings(search_file)) == ["ترمب"]
    search_file.write_text("words:\n  سوريا: سورية\n  ترمب: ترامب\n", encoding="utf-8")
    assert index_forms("ترمب", load_spellings(search_file)) == ["ترامب"]


def registry_with_pair(tmp_path: Path, written: str, folded: str) -> Path:
    """A copy of the project's registry whose search.yml folds `written` to `folded` as well."""
    registry = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry)
    pairs = yaml.safe_load((registry / "search.yml").read_text(encoding="utf-8"))
    pairs["words"][written] = folded
    (registry / "search.yml").write_text(yaml.safe_dump(pairs, allow_unicode=True), encoding="utf-8")
    return registry


@pytest.mark.parametrize("own_pair", [True, False])
def test_the_build_folds_with_the_spelling_pairs_of_the_registry_it_reads(tmp_path: Path, seeds_dir: Path,
                                                                           own_pair: bool) -> None:
    """build.py --registry DIR (or ARCHIVE_REGISTRY): the index and the browser's folding use DIR/search.yml."""
    registry = registry_with_pair(tmp_path, "موسكو", "موسكوفيا") if own_pair else ROOT / "registry"
    build = generate(ProjectPaths(seeds=seeds_dir, registry=registry))
    documents = search_documents(build.aggregate, ROOT / "templates")
    for kind in ("articles/", "actors/"):  # words of articles (extracted), names of actors (rendered)
        words = re.sub("<[^>]*>", " ", " ".join(document for url, document in documents if url.startswith(kind))).split()
        assert ("موسكوفيا" in words) is own_pair, kind
    folding = json.loads(next(page.content for page in build.pages if page.path == "assets/search-folding.json"))
    assert (folding["words"].get("موسكو") == "موسكوفيا") is own_pair


def test_a_search_index_stopped_half_way_leaves_the_index_in_use_and_nothing_else(seed_search_documents: dict[str, str],
                                                                                  tmp_path: Path) -> None:
    documents = sorted(seed_search_documents.items())
    output = tmp_path / "site" / "pagefind"
    write_index(documents, output)
    in_use = {path.name: path.read_bytes() for path in output.iterdir() if path.is_file()}
    many = [(f"copy-{n}/{url}", document) for n in range(400) for url, document in documents]  # seconds of work
    scratch_before = set(Path(tempfile.gettempdir()).glob("archive-search-*")) | set(Path("/dev/shm").glob("archive-search-*"))
    child = Background(write_index, many, output, True)
    time.sleep(1.0)
    child.stop()
    assert child.process.exitcode != 0  # stopped, not finished
    assert sorted(path.name for path in (tmp_path / "site").iterdir()) == ["pagefind"]  # no half-made index beside it
    assert {path.name: path.read_bytes() for path in output.iterdir() if path.is_file()} == in_use
    assert set(Path(tempfile.gettempdir()).glob("archive-search-*")) | set(Path("/dev/shm").glob("archive-search-*")) == scratch_before
    time.sleep(1.0)
    assert sorted(path.name for path in (tmp_path / "site").iterdir()) == ["pagefind"]  # and no Pagefind still writing
