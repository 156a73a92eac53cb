"""Arabic normalisation for matching: one test per rule; the displayed text is never changed."""

from __future__ import annotations

import pytest

from archive.arabic import _fold, clitic_readings, normalise, normalise_with_offsets, tokenize


@pytest.mark.parametrize(
    ("written", "matching"),
    [
        ("فعّال", "فعال"),  # shadda
        ("مُحَمَّدٌ", "محمد"),  # harakat and tanwin
        ("الإرهـــاب", "الارهاب"),  # tatweel and hamza under alef
        ("أحمد", "احمد"),  # hamza over alef: not ء, unlike pyarabic's normalize_hamza
        ("آمال", "امال"),  # madda
        ("ٱلله", "الله"),  # wasla
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("سورية", "سوريه"),  # teh marbuta
        ("مؤتمر", normalise("مئتمر")),  # ؤ and ئ compare equal
        ("الشوءون", normalise("الشؤون")),  # hamza written apart after its seat
        ("٢١٧٠", "2170"),  # Arabic-Indic digits
        ("۲۱۷۸", "2178"),  # Persian digits
        ("ﻻ", "لا"),  # presentation form ligature (NFKC)
        ("ﺍﻟﻌﺮﺑﻴﺔ", "العربيه"),  # presentation forms
        ("لاف\u200bروف", "لافروف"),  # zero-width space
        ("\u202bلافروف\u202c", "لافروف"),  # bidi embedding controls
        ("\u200fسيرغي\u200e", "سيرغي"),  # bidi marks
        ("کتاب", "كتاب"),  # Persian kaf
    ],
)
def test_normalisation_rule(written: str, matching: str) -> None:
    assert normalise(written) == matching


def test_offsets_map_back_to_the_text_as_written() -> None:
    text = "قال لافـــروف: «الإرهابُ»"
    norm, offsets = normalise_with_offsets(text)
    start = norm.index("لافروف")
    assert text[offsets[start] : offsets[start + len("لافروف")]] == "لافـــروف"


def _offsets_char_by_char(text: str) -> tuple[str, list[int]]:
    """What normalise_with_offsets must give, folded one character at a time."""
    out, offsets = [], []
    for index, char in enumerate(text):
        out.append(_fold(char))
        offsets += [index] * len(out[-1])
    return "".join(out), offsets + [len(text)]


@pytest.mark.parametrize("text", [
    "قال أيضاً إن محمدٌّ، وقال",  # marks that vanish
    "الإرهـــاب ـ قال\u200f لافروف",  # tatweel, an invisible mark
    "النبي ﷺ قال: «ﷲ» [x] ^-\\",  # ligatures that grow, with characters a pattern would read as syntax
    "ً" * 3 + "قال" + "ـ",  # irregular at both ends
    "قال لافروف",  # none
])
def test_offsets_are_those_of_folding_char_by_char(text: str) -> None:
    norm, offsets = normalise_with_offsets(text)
    assert (norm, list(offsets)) == _offsets_char_by_char(text)


def test_tokens_keep_original_spans_and_drop_punctuation() -> None:
    text = "قال لافروف، في «سورية»: ولافروف؟ ٢١٧٠ كـ“داعش”"
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == ["قال", "لافروف", "في", "سوريه", "ولافروف", "2170", "ك", "داعش"]
    assert [text[t.start : t.end] for t in tokens][1] == "لافروف"
    assert text[tokens[3].start : tokens[3].end] == "سورية"


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("قال أيضاً إن", ["قال", "أيضاً", "إن"]),  # a tanween closes its word
        ("محمدٌّ، وقال", ["محمدٌّ", "وقال"]),  # two marks, then a comma
        ("الإرهـــاب ـ قال", ["الإرهـــاب", "قال"]),  # a tatweel inside a word; one alone is no word
        ("لافروف\u200f قال", ["لافروف", "قال"]),  # a bidi mark after a word stays outside it
        ("أيضاً لافروف\u200f قال", ["أيضاً", "لافروف", "قال"]),  # both in one paragraph
        ("النبي ﷺ قال", ["النبي", "ﷺ", "ﷺ", "ﷺ", "ﷺ", "قال"]),  # a ligature of four words: each is all of it
        ("الشوءونُ العامة", ["الشوءونُ", "العامة"]),  # a hamza written after its seat, and a mark
    ],
)
def test_a_word_span_runs_over_the_marks_that_close_it(text: str, spans: list[str]) -> None:
    """Every path of tokenize (no mark, only marks, invisible controls or ligatures) gives the same spans."""
    assert [text[token.start : token.end] for token in tokenize(text)] == spans


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("ولافروف", "لافروف"),
        ("فلافروف", "لافروف"),
        ("بالإرهاب", "الارهاب"),
        ("وبالإرهاب", "الارهاب"),
        ("للأمم", "الامم"),  # ل + ال written لل
        ("كالعادة", "العاده"),
        ("لروسيا", "روسيا"),
    ],
)
def test_clitics_are_seen_through(word: str, stem: str) -> None:
    assert stem in [s for s, _ in clitic_readings(normalise(word))]


def test_the_word_itself_is_always_the_first_reading() -> None:
    assert clitic_readings("وليد")[0] == ("وليد", 0)
