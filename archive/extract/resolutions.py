"""Resolutions: find every UN resolution an article cites.

The press cites a resolution in many shapes: القرار 2170، القرار رقم 2170، قرار
مجلس الأمن الدولي رقم 2254، القرارين 2170 و2178، قراري مجلس الأمن 242 و338،
القرار 2254 لعام 2015، 2254 (2015)، S/RES/2254, with Arabic-Indic digits and
clitics (بالقرار، وللقرار، بقراري). A number becomes a resolution only when
resolution wording stands right before it; years, counts and dates that follow
such wording are recognised and left alone.

Matching runs on the normalised text (`normalise_with_offsets`), so hamza forms,
ة/ه and digits are folded, and every span maps back to the text as written.
A later bare "القرار" / "القرار الأممي" / "هذا القرار" is linked to the one
resolution the article cited before it, and only when that is unambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Literal

from archive.arabic import normalise_with_offsets, normalised_paragraph
from archive.model import Article, Citation, Paragraph, Resolution
from archive.registry import ORGAN_PREFIX, Registry, resolution_id

SECURITY_COUNCIL = "security-council"
MAX_NUMBER = 3999  # no organ has numbered a resolution beyond this without a session
FIRST_YEAR, LAST_YEAR = 1945, 2035

# ---------------------------------------------------------------- word lists
# Every list is written as the press writes it and folded by `_fold` below.

ORGAN_NAMES: dict[str, tuple[str, ...]] = {
    "security-council": ("مجلس الأمن",),
    "general-assembly": ("الجمعية العامة", "الجمعية العمومية"),
    "human-rights-council": ("مجلس حقوق الإنسان",),
}
# Words that name the UN without naming an organ: they neither add nor change one.
UN_WORDS = ("الأمم المتحدة", "للأمم المتحدة", "التابع للأمم المتحدة", "التابعة للأمم المتحدة")
ADJECTIVES = ("الدولي", "دولي", "الأممي", "أممي", "الدوليين", "الأمميين", "الأممين", "الدولية", "الأممية")
NUMBER_WORDS = ("رقم", "الرقم", "رقمي", "المرقم", "ذي الرقم", "يحمل الرقم", "تحت رقم", "تحت الرقم")
RELATED = ("ذات الصلة",)
ISSUED_BY = ("الصادر عن", "الصادرة عن", "الصادر من", "الصادرين عن", "من", "عن", "الذي أصدره", "الذي تبناه", "الذي اتخذه")
# Adjectives under which a later bare "القرار" still means the resolution cited before.
ANAPHORIC_ADJECTIVES = ("الأممي", "الدولي", "المذكور")
DEMONSTRATIVES = ("هذا", "ذلك", "ذات", "نفس")
RELATIVES = ("الذي", "والذي")
# A draft is another text than the resolution cited before: مشروع القرار.
DRAFT_WORDS = ("مشروع", "مسودة", "ومشروع")
# "القرار" as part of an idiom names no resolution: صنع القرار، أصحاب القرار.
IDIOM_HEADS = ("صنع", "صناعة", "صناع", "صانعي", "اتخاذ", "متخذي", "أصحاب", "صاحب", "مراكز", "مركز", "دوائر", "استقلالية", "استقلال")

MONTHS = (
    "كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين",
    "يناير", "فبراير", "مارس", "أبريل", "إبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    "الشهر", "الجاري", "الماضي",
)
# Nouns that follow a count, never a resolution number: "177 نائبا", "15 دولة".
COUNTED = (
    "نائب", "نواب", "صوت", "أصوات", "عضو", "أعضاء", "دولة", "دول", "يوم", "أيام", "شخص", "أشخاص",
    "مقعد", "مقاعد", "ألف", "آلاف", "مليون", "ملايين", "مليار", "بالمئة", "بالمائة", "عام", "أعوام", "سنة", "سنوات",
    "شهر", "أشهر", "مرة", "مرات", "قتيل", "جريح", "طفل", "أطفال", "كيلومتر", "دولار",
)
# Words ending in alif that are not the accusative of a counted noun (177 نائبا).
NOT_COUNTED = (
    "كما", "بما", "فيما", "مما", "لما", "بينما", "عندما", "حينما", "ربما", "إنما", "هذا", "إذا", "لذا", "أيضا",
    "أولا", "معا", "وفقا", "طبقا", "تماما", "فورا", "كاملا", "حرفيا", "رسميا", "مجددا", "سابقا", "أساسا", "تحديدا", "خصوصا", "دعا",
)
# Years follow a number as "(2015)", "لعام 2015", "الصادر عام 1948", "لسنة 2015".
YEAR_WORDS = ("لعام", "عام", "العام", "للعام", "لسنة", "سنة", "الصادر عام", "الصادر في عام", "الصادر في العام", "في عام", "في العام")


def _fold(text: str) -> str:
    """The matching form of a word list entry, folded exactly as article text is."""
    return normalise_with_offsets(text)[0]


def _alternatives(phrases: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any white space."""
    folded = sorted({_fold(p) for p in phrases}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in folded) + ")"


def _with_lam(phrase: str) -> str:
    """The phrase after the preposition ل: مجلس الأمن → لمجلس الأمن, الجمعية → للجمعية."""
    return "ل" + phrase[1:] if phrase.startswith("ال") else "ل" + phrase


ORGAN_RES = {organ: _alternatives(names) for organ, names in ORGAN_NAMES.items()}
ANY_ORGAN = _alternatives(n for names in ORGAN_NAMES.values() for n in names)
ORGAN_AFTER_LAM = _alternatives(_with_lam(n) for names in ORGAN_NAMES.values() for n in names)
QUALIFIER = (
    f"(?:{_alternatives(ISSUED_BY)}\\s+)?{ANY_ORGAN}|{_alternatives(UN_WORDS)}|{_alternatives(ADJECTIVES)}"
    f"|{_alternatives(NUMBER_WORDS)}|{_alternatives(RELATED)}"
)

# ---------------------------------------------------------------- patterns
# The resolution word with its clitics: و/ف, then ب/ك/ل, then the article ال (لل after ل).
TRIGGER_RE = re.compile(
    r"(?<![\w])(?P<clitics>[وف]?(?:[بك]?(?=ال)|ل(?=ل)|[بلك])?)(?P<word>(?:ال|ل(?=قرار))?قرار)"
    r"(?P<form>ين|ان|ي|ات)?(?!\w)"
)
# Any other word built on قرار (قراره، قرارا، قرارها): another decision, which
# makes a later bare "القرار" ambiguous.
OTHER_DECISION_RE = re.compile(r"(?<![\w])[وفبلك]{0,2}(?:ال)?قرار(?:ا|ه|ها|هم|هما|ات\w+)(?!\w)")
LABEL_RE = re.compile(_alternatives(NUMBER_WORDS))
QUALIFIERS_RE = re.compile(rf"(?:\s*:?\s+(?:{QUALIFIER})(?!\w))*")
NUMBER_RE = re.compile(r"[\s:]*(?:\(\s*)?(?P<number>\d{1,4})(?![\w/]|[.,٫]\d)(?:\s*\))?")
SEPARATOR_RE = re.compile(r"\s*(?:[،,\-–]\s*(?:و\s*)?|و\s*)(?=\(?\s*\d)")
YEAR_RE = re.compile(
    rf"\s*\(\s*(?P<paren>\d{{4}})\s*\)|\s+{_alternatives(YEAR_WORDS)}\s+(?P<word>\d{{4}})(?!\w)"
)
SESSION_RE = re.compile(r"\s*\(\s*(?:[IVX]+|د\s*-\s*\d+)\s*\)")  # 194 (III): a General Assembly session
NEXT_WORD_RE = re.compile(r"\s*(?P<word>[\w%]+)")
TRAILING_ORGAN_RE = re.compile(
    rf"\s+(?:(?:{_alternatives(ISSUED_BY)}\s+)?(?P<organ>{ANY_ORGAN})|(?P<lam>{ORGAN_AFTER_LAM}))(?!\w)"
)
LEADING_ORGAN_RE = re.compile(rf"(?P<organ>{ANY_ORGAN})(?:\s+{_alternatives(UN_WORDS)})?\s+(?:\S+\s+)?$")
SYMBOL_RE = re.compile(r"(?<![A-Za-z])(?P<organ>[SA])\s*/\s*RES\s*/\s*(?P<number>\d{1,4})(?!\d|\s*/)", re.IGNORECASE)
NUMBER_WITH_YEAR_RE = re.compile(r"(?<![\w/])(?P<number>\d{1,4})\s*\(\s*(?:(?P<year>\d{4})|(?P<session>[IVX]+))\s*\)")
WORDING_RE = re.compile(rf"قرار|{ORGAN_RES[SECURITY_COUNCIL]}|{_alternatives(UN_WORDS)}")
SENTENCE_END_RE = re.compile(r"[!?؟…\n]|\.(?!\d)")

# The first Security Council resolution of some years (approximate, from the UN
# index): a resolution "N لعام Y" far from its year's range is no SC resolution
# (most often a national decree, "القرار رقم 13 لسنة 2018").
SC_FIRST_OF_YEAR = {1946: 1, 1967: 233, 1973: 326, 1980: 461, 1990: 646, 2000: 1284, 2006: 1649,
                    2011: 1963, 2014: 2134, 2016: 2260, 2018: 2397, 2020: 2505, 2025: 2768}
SC_PER_YEAR = 70  # the Council has adopted between about 15 and 95 a year
SC_YEAR_SLACK = 60

FOLDED_ANAPHORIC = frozenset(_fold(w) for w in ANAPHORIC_ADJECTIVES)
FOLDED_DEMONSTRATIVES = frozenset(_fold(w) for w in DEMONSTRATIVES)
FOLDED_RELATIVES = frozenset(_fold(w) for w in RELATIVES)
FOLDED_DRAFT_WORDS = frozenset(_fold(w) for w in DRAFT_WORDS)
FOLDED_IDIOM_HEADS = frozenset(_fold(w) for w in IDIOM_HEADS)
FOLDED_MONTHS = frozenset(_fold(w) for w in MONTHS)
FOLDED_COUNTED = frozenset(_fold(w) for w in COUNTED)
FOLDED_NOT_COUNTED = frozenset(_fold(w) for w in NOT_COUNTED)


# ---------------------------------------------------------------- findings
# cite: a resolution; anaphor: a bare "القرار" that may point back to one;
# other: another decision, which makes a later anaphor ambiguous; neutral: neither.
FindingKind = Literal["cite", "anaphor", "other", "neutral"]


@dataclass(frozen=True)
class Finding:
    """Something found in a paragraph: a citation, an anaphor, another decision.

    Matching works in the normalised text; `paragraph_events` moves the
    positions to the text as written and sets the paragraph.
    """

    kind: FindingKind
    start: int
    end: int
    resolution_id: str | None = None
    paragraph: int = 0


@dataclass(frozen=True)
class Cited:
    """A number read as a resolution, with positions in the normalised text."""

    number: int
    start: int
    end: int
    year: int | None
    session: bool = False  # written with a General Assembly session: 194 (III)


def extract_citations(article: Article, registry: Registry) -> tuple[Citation, ...]:
    """Find every citation of a resolution in the article's paragraphs and headings.

    Each number in a list (القرارين 2170 و2178) is its own citation; a later
    anaphoric "القرار" is a citation of the one resolution cited before it.
    """
    events = [e for paragraph in article.paragraphs for e in paragraph_events(paragraph, registry)]
    texts = {p.index: p.text for p in article.paragraphs}
    citations = [Citation(e.resolution_id, e.paragraph, e.start, e.end, sentence_at(texts[e.paragraph], e.start, e.end))
                 for e in resolve_anaphora(events, texts) if e.resolution_id]
    return tuple(dict.fromkeys(citations))


def undescribed_resolution(resolution_id: str) -> Resolution:
    """A resolution known only by its id (sc-2342, ga-302), for ids missing from the registry."""
    prefix, _, number = resolution_id.rpartition("-")
    organ = {short: organ for organ, short in ORGAN_PREFIX.items()}.get(prefix)
    if organ is None or not number.isdigit() or int(number) == 0:
        raise ValueError(f"{resolution_id!r} is not a resolution id such as sc-2170 or ga-194")
    return Resolution(resolution_id, int(number), organ, described=False)


# ---------------------------------------------------------------- one paragraph
def paragraph_events(paragraph: Paragraph, registry: Registry) -> list[Finding]:
    """Citations, anaphor candidates and other decisions of one paragraph, in order."""
    norm, offsets = normalised_paragraph(paragraph.text)
    found: list[Finding] = []
    # Each pattern needs a string most paragraphs lack, found at C speed before the pattern is tried.
    if "قرار" in norm:  # every resolution word and every other decision is built on it
        for match in TRIGGER_RE.finditer(norm):
            found.extend(trigger_findings(norm, match, registry))
        found.extend(Finding("other", m.start(), m.end()) for m in OTHER_DECISION_RE.finditer(norm))
    if "/" in norm:  # S/RES/2254
        found.extend(symbol_findings(norm))
    if "(" in norm:  # 2254 (2015)
        found.extend(number_with_year_findings(norm, found, registry))
    events = [replace(f, start=offsets[f.start], end=offsets[f.end], paragraph=paragraph.index) for f in found]
    return sorted(events, key=lambda e: (e.start, e.end))


def trigger_findings(norm: str, match: re.Match[str], registry: Registry) -> list[Finding]:
    """What one resolution word leads to: numbered citations, an anaphor, or another decision."""
    qualifiers = QUALIFIERS_RE.match(norm, match.end())
    assert qualifiers is not None  # the pattern can match the empty string
    labelled = LABEL_RE.search(qualifiers.group()) is not None
    numbers, end = numbers_after(norm, qualifiers.end(), plural=bool(match["form"]), labelled=labelled)
    if not numbers:
        return [unnumbered_finding(norm, match, qualifiers)]
    organ = explicit_organ(norm, match.start(), qualifiers.group(), end)
    findings: list[Finding] = []
    for cited in numbers:
        rid = citation_id(cited, organ, registry)
        findings.append(Finding("cite" if rid else "other", cited.start, cited.end, rid))
    return findings


def numbers_after(norm: str, position: int, plural: bool, labelled: bool) -> tuple[list[Cited], int]:
    """The resolution numbers at `position`: one, or a list after a dual or plural word.

    A number labelled by رقم is never a count; any other must not be followed
    by a counted noun or a month.
    """
    numbers: list[Cited] = []
    while (item := NUMBER_RE.match(norm, position)) is not None:
        value, end = int(item["number"]), item.end()
        session = SESSION_RE.match(norm, end)
        year, end = year_after(norm, session.end() if session else end)
        unlabelled = year is None and not session and not labelled
        if not 0 < value <= MAX_NUMBER or (unlabelled and is_count_or_date(norm, item.end("number"), value)):
            break
        numbers.append(Cited(value, item.start("number"), item.end("number"), year, session is not None))
        separator = SEPARATOR_RE.match(norm, end)
        position = end
        if not plural or separator is None:
            break
        position = separator.end()
    return numbers, position


def year_after(norm: str, position: int) -> tuple[int | None, int]:
    """A year written after a resolution number ("(2015)", "لعام 2015"), and where it ends."""
    year = YEAR_RE.match(norm, position)
    if year is None or not FIRST_YEAR <= int(year["paren"] or year["word"]) <= LAST_YEAR:
        return None, position
    return int(year["paren"] or year["word"]), year.end()


def is_count_or_date(norm: str, position: int, number: int) -> bool:
    """Whether the word after `number` makes it a count (177 نائبا) or a date (20 تشرين).

    Arabic grammar tells which noun shape a count takes: after 11-99 (and 111,
    2216...) an indefinite accusative (45 صوتا), after round hundreds and
    thousands a genitive singular (1400 فرنسي). The shape alone is weak evidence,
    so it is trusted only below 1000, where counts are common and resolutions
    rare; above, only the known counted nouns count.
    """
    following = NEXT_WORD_RE.match(norm, position)
    if following is None:
        return False
    word = following["word"]
    readings = {word, word[1:]} if len(word) > 3 and word[0] in "وف" else {word}  # وفقا is one word, و+فقا is not
    if word == "%" or readings & (FOLDED_COUNTED | FOLDED_MONTHS):
        return True
    if number >= 1000 or readings & FOLDED_NOT_COUNTED or any(r.startswith("ال") for r in readings):
        return False
    if number % 100 >= 11:
        return word.endswith("ا") and len(word) >= 3
    return number % 100 <= 2 and word.endswith("ي") and len(word) >= 4 and word[0] not in "ايتن"


# ---------------------------------------------------------------- organ and id
def explicit_organ(norm: str, trigger_start: int, qualifiers: str, list_end: int) -> str | None:
    """The organ the text names around the resolution word, if any."""
    trailing = TRAILING_ORGAN_RE.match(norm, list_end)
    leading = LEADING_ORGAN_RE.search(norm[max(0, trigger_start - 60):trigger_start])
    for text in (qualifiers, trailing and (trailing["organ"] or _without_lam(trailing["lam"])), leading and leading["organ"]):
        for organ, pattern in ORGAN_RES.items():
            if text and re.search(pattern, text):
                return organ
    return None


def _without_lam(phrase: str) -> str:
    """Undo `_with_lam`: لمجلس الأمن → مجلس الأمن, للجمعية → الجمعية."""
    return "ا" + phrase[1:] if phrase.startswith("لل") else phrase[1:]


def citation_id(cited: Cited, organ: str | None, registry: Registry) -> str | None:
    """The id of a cited number, or None when its year shows it is no SC resolution."""
    if organ is not None or cited.session:
        return resolution_id(cited.number, organ or "general-assembly")
    organ = registered_organ(cited.number, cited.year, registry)
    if organ == SECURITY_COUNCIL and cited.year is not None and not plausible_sc_year(cited.number, cited.year):
        return None
    return resolution_id(cited.number, organ)


def registered_organ(number: int, year: int | None, registry: Registry) -> str:
    """The organ of a citation that names none: the Security Council, unless the
    registry knows only another organ's resolution of that number (and year)."""
    candidates = [r for r in registry.resolutions.values() if r.number == number]
    if year is not None:
        candidates = [r for r in candidates if r.year == year] or candidates
    organs = {r.organ for r in candidates}
    if SECURITY_COUNCIL in organs or len(organs) != 1:
        return SECURITY_COUNCIL
    return organs.pop()


def plausible_sc_year(number: int, year: int) -> bool:
    """Whether Security Council resolution `number` could have been adopted in `year`."""
    years = sorted(SC_FIRST_OF_YEAR)
    if not years[0] <= year <= years[-1]:
        return False
    low = max(y for y in years if y <= year)
    high = min((y for y in years if y > year), default=low)
    first = SC_FIRST_OF_YEAR[low] + (SC_FIRST_OF_YEAR[high] - SC_FIRST_OF_YEAR[low]) * (year - low) // max(high - low, 1)
    return first - SC_YEAR_SLACK <= number <= first + SC_PER_YEAR + SC_YEAR_SLACK


# ---------------------------------------------------------------- other forms
def symbol_findings(norm: str) -> list[Finding]:
    """Citations by UN symbol: S/RES/2254 (Security Council), A/RES/194 (General Assembly)."""
    organs = {"s": SECURITY_COUNCIL, "a": "general-assembly"}
    return [Finding("cite", m.start(), m.end(), resolution_id(int(m["number"]), organs[m["organ"].lower()]))
            for m in SYMBOL_RE.finditer(norm) if 0 < int(m["number"]) <= MAX_NUMBER]


def number_with_year_findings(norm: str, found: list[Finding],
                              registry: Registry) -> list[Finding]:
    """Citations written as the UN does, "2254 (2015)" or "194 (III)", without the word قرار.

    Taken only in a sentence with resolution wording, and only when the number
    fits the year; numbers already read after a resolution word are skipped.
    """
    findings: list[Finding] = []
    for m in NUMBER_WITH_YEAR_RE.finditer(norm):
        start, end = m.span("number")
        if any(f.start < end and start < f.end for f in found) or not WORDING_RE.search(sentence_at(norm, start, end)):
            continue
        number = int(m["number"])
        if m["session"]:
            findings.append(Finding("cite", start, end, resolution_id(number, "general-assembly")))
        elif plausible_sc_year(number, int(m["year"])):
            findings.append(Finding("cite", start, end, resolution_id(number, SECURITY_COUNCIL)))
    return findings


# ---------------------------------------------------------------- anaphora
def unnumbered_finding(norm: str, match: re.Match[str], qualifiers: re.Match[str]) -> Finding:
    """A resolution word without a number: an anaphor ("القرار الأممي"), another decision
    (قرار ترامب، مشروع القرار), or a neutral mention (صنع القرار، قرارات مجلس الأمن)."""
    previous = _previous_word(norm, match.start())
    if {previous, previous[1:]} & FOLDED_IDIOM_HEADS or match["form"] or re.search(ANY_ORGAN, qualifiers.group()):
        # An idiom, a plural or a UN organ's unnumbered resolution opens no rival
        # to the resolution cited before: a later "القرار" still points to it.
        return Finding("neutral", match.start(), match.end())
    if previous not in FOLDED_DRAFT_WORDS and is_anaphor(norm, match, qualifiers, previous):
        start = match.start("word") if previous not in FOLDED_DEMONSTRATIVES else norm.rindex(previous, 0, match.start())
        return Finding("anaphor", start, qualifiers.end())
    return Finding("other", match.start(), match.end())


def is_anaphor(norm: str, match: re.Match[str], qualifiers: re.Match[str], previous: str) -> bool:
    """Whether a bare resolution word reads as "the resolution already named".

    Definite, singular, with at most الأممي/الدولي after it; a further adjective
    (القرار الأمريكي) or a relative clause (القرار الذي اتخذته الحكومة) names
    another decision, unless a demonstrative (هذا القرار الذي) points back.
    """
    definite = match["word"].startswith("ال") or match["clitics"].endswith("ل") and match["word"].startswith("ل")
    if not definite or not all(w in FOLDED_ANAPHORIC for w in qualifiers.group().split()):
        return False
    following = NEXT_WORD_RE.match(norm, qualifiers.end())
    next_word = following["word"] if following else ""
    if next_word.isdigit():
        return False
    if next_word in FOLDED_RELATIVES:
        return previous in FOLDED_DEMONSTRATIVES
    return not next_word.startswith("ال") or next_word in FOLDED_ANAPHORIC


def _previous_word(norm: str, position: int) -> str:
    """The word just before `position` in the normalised text ('' at the start)."""
    words = re.findall(r"\w+", norm[max(0, position - 40):position])
    return words[-1] if words else ""


def resolve_anaphora(events: list[Finding], texts: dict[int, str]) -> list[Finding]:
    """Give each anaphor the one resolution cited before it, dropping it when there is none or several.

    Another decision named in between (قرار ترامب، مشروع القرار) makes the
    reference ambiguous until the resolution is cited again.
    """
    cited: set[str] = set()
    ambiguous = False
    sentences_citing: set[tuple[int, str, str]] = set()
    resolved: list[Finding] = []
    for event in sorted(events, key=lambda e: (e.paragraph, e.start)):
        sentence = sentence_at(texts[event.paragraph], event.start, event.end)
        if event.kind == "cite" and event.resolution_id:
            cited.add(event.resolution_id)
            ambiguous = False
            sentences_citing.add((event.paragraph, sentence, event.resolution_id))
            resolved.append(event)
        elif event.kind == "other":
            ambiguous = True
        elif event.kind == "anaphor" and len(cited) == 1 and not ambiguous:
            (only,) = cited
            if (event.paragraph, sentence, only) not in sentences_citing:
                resolved.append(replace(event, kind="cite", resolution_id=only))
    return resolved


# ---------------------------------------------------------------- sentences
def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds the span [start, end), as written."""
    before = [m.end() for m in SENTENCE_END_RE.finditer(text, 0, start)]
    after = SENTENCE_END_RE.search(text, end)
    return text[before[-1] if before else 0:after.end() if after else len(text)].strip()
