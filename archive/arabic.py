"""Arabic normalisation for matching only; displayed text is never changed.

Every rule works per character so that a position in the normalised text maps
back to a position in the text as written (see `normalise_with_offsets`): this
is what lets a renderer link a name without touching the characters around it.

Rules (each one is tested in tests/test_arabic.py):
- diacritics (harakat, shadda, sukun, superscript alef, Quranic marks) and
  tatweel are dropped;
- أ إ آ ٱ → ا (pyarabic's `normalize_hamza` maps أ to ء, which would make
  أحمد and احمد differ, so the table here is explicit);
- ى → ي, Persian ی → ي, Persian ک → ك;
- ة → ه (the press writes both at the end of a word);
- ؤ and ئ → ء, and a hamza written apart after its seat (الشوءون, شاطىء)
  folds into that seat, so مسؤول, مسئول and موءكدا-style typos compare equal;
- Arabic-Indic and Persian digits → ASCII;
- NFKC first, so presentation forms (ﻻ, ﺍ) become ordinary letters and a
  non-breaking space becomes a space;
- zero-width and bidi controls are ignored (they never split a word).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple, Sequence

from pyarabic import araby

# Zero-width and bidi controls: invisible, so they must not split or change a word.
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)
HAMZA = "\u0621"
LETTER_MAP = {
    "\u0623": "ا", "\u0625": "ا", "\u0622": "ا", "\u0671": "ا", "\u0672": "ا", "\u0673": "ا",
    "\u0649": "ي", "\u06cc": "ي",
    "\u0629": "ه",
    "\u0624": HAMZA, "\u0626": HAMZA,
    "\u06a9": "ك",
}
# A combining hamza written after its seat (و + ٔ instead of ؤ) is a hamza of that seat.
COMBINING_HAMZA = frozenset("\u0654\u0655")
DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
# The seat letters a separately written hamza folds into (الشوءون = الشؤون, شاطىء = شاطئ).
SEATED_HAMZA_RE = re.compile("[وي]" + HAMZA)
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ك", "ل")
WORD_RE = re.compile(r"[^\W_]+")  # letters and digits only: ، ؛ ؟ and quotation marks end a word


@lru_cache(maxsize=None)
def is_ignored(char: str) -> bool:
    """Whether a character vanishes for matching: a diacritic, tatweel or invisible control (cached per character)."""
    if char in INVISIBLE or char == araby.TATWEEL or araby.is_tashkeel(char):
        return True
    # pyarabic's tashkeel list misses the superscript alef and Quranic marks;
    # every non-spacing mark is a diacritic for matching purposes.
    return unicodedata.category(char) == "Mn" and char not in COMBINING_HAMZA


def _fold_char(char: str) -> str:
    """Return the matching form of one character ('' when it is ignored)."""
    if is_ignored(char):
        return ""
    if char in COMBINING_HAMZA:
        return HAMZA
    if char in DIGITS:
        return DIGITS[char]
    return LETTER_MAP.get(char, char)


class _FoldTable(dict[int, str]):
    """`str.translate` table of `_fold`, filled as characters are met; it notes the characters
    that do not fold to exactly one character (diacritics, tatweel, ligatures)."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold(chr(code))
        if len(folded) != 1:
            self.irregular.add(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def normalise_with_offsets(text: str) -> tuple[str, Sequence[int]]:
    """Normalise `text` for matching and map each output char to its source index.

    The returned sequence has one entry more than the normalised string: the
    position just past the end, so a span [i, j) maps to [offsets[i], offsets[j]).
    Hamza seats are not merged here (that would shift offsets); `normalise` does it.
    """
    folded = text.translate(_FOLD_TABLE)
    if _FOLD_TABLE.irregular.isdisjoint(text):  # one character for one: offsets are the identity
        return folded, range(len(text) + 1)
    # Identity runs between the irregular characters, each run translated and mapped at C speed;
    # the irregular characters found by a pattern, not by a loop over every character.
    out: list[str] = []
    offsets: list[int] = []
    start = 0
    for match in _irregular_pattern(len(_FOLD_TABLE.irregular)).finditer(text):
        index = match.start()
        out.append(text[start:index].translate(_FOLD_TABLE))
        offsets.extend(range(start, index))
        out.append(_fold(match.group()))
        offsets.extend([index] * len(out[-1]))
        start = index + 1
    out.append(text[start:].translate(_FOLD_TABLE))
    offsets.extend(range(start, len(text) + 1))
    return "".join(out), offsets


@lru_cache(maxsize=None)
def _irregular_pattern(known: int) -> re.Pattern[str]:
    """A pattern of the `known` irregular characters met so far (the set only grows: its size names it)."""
    return re.compile("[" + "".join(re.escape(char) for char in sorted(_FOLD_TABLE.irregular)) + "]")


@lru_cache(maxsize=1024)
def normalised_paragraph(text: str) -> tuple[str, Sequence[int]]:
    """`normalise_with_offsets` of a paragraph, cached: the word and the resolution rules both read it.
    The offsets are shared: never change them."""
    return normalise_with_offsets(text)


@lru_cache(maxsize=None)
def _fold(char: str) -> str:
    """The matching form of one character as written, NFKC included (cached: a text has few distinct characters)."""
    return "".join(_fold_char(part) for part in unicodedata.normalize("NFKC", char))


_new_token = tuple.__new__  # Token(...) without NamedTuple's Python-level __new__ (tokenize's inner loop)


def _seat_hamza(word: str) -> str:
    """`normalise` of a word that is already folded: only a hamza written after its seat remains to merge."""
    return SEATED_HAMZA_RE.sub(HAMZA, word) if HAMZA in word else word


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Return the matching form of `text` (see the module docstring for the rules)."""
    return SEATED_HAMZA_RE.sub(HAMZA, normalise_with_offsets(text)[0])


class Token(NamedTuple):
    """A word of a text: its matching form and its span in the original text."""

    # A NamedTuple, not a frozen dataclass: an archive makes millions of them and a frozen
    # dataclass's __init__ costs three object.__setattr__ calls each (measured: 2 s at 10,000 articles).
    norm: str
    start: int
    end: int


@lru_cache(maxsize=1024)
def tokenize(text: str) -> tuple[Token, ...]:
    """Split `text` into words, each with its normalised form and original span.

    A span ends after any diacritic or tatweel that closes the word, so linking
    a name never leaves its last vowel mark outside the link. Cached: the actor,
    statement and resolution rules each read the same paragraphs.
    """
    norm, offsets = normalised_paragraph(text)
    if SEATED_HAMZA_RE.search(norm):
        return tuple(Token(_seat_hamza(norm), start, end) for norm, start, end in _spans(text, norm, offsets))
    return _spans(text, norm, offsets)  # most paragraphs: no hamza written after its seat


def _spans(text: str, norm: str, offsets: Sequence[int]) -> tuple[Token, ...]:
    """The words of the normalised `norm` of `text`, with their spans in `text` (`offsets` maps them)."""
    if isinstance(offsets, range):
        # No character of the text vanishes or changes length: spans are the matches' own, and no
        # diacritic can follow a word. Most paragraphs take this path.
        return tuple([_new_token(Token, (match.group(), *match.span())) for match in WORD_RE.finditer(norm)])
    irregular = _FOLD_TABLE.irregular.intersection(text)
    if all(is_ignored(char) and char not in INVISIBLE for char in irregular):
        # What vanishes is only marks (a tanween, a shadda, a tatweel), which close the word before
        # them: a word ends where the next character that stays begins.
        return tuple([_new_token(Token, (match.group(), offsets[match.start()], offsets[match.end()]))
                      for match in WORD_RE.finditer(norm)])
    tokens = []
    for match in WORD_RE.finditer(norm):
        end = offsets[match.end() - 1] + 1
        while end < len(text) and is_ignored(text[end]) and text[end] not in INVISIBLE:
            end += 1
        tokens.append(_new_token(Token, (match.group(), offsets[match.start()], end)))
    return tuple(tokens)


def matching_words(text: str) -> tuple[str, ...]:
    """The matching forms of the words of `text`: a name, an alias or a title, compared word by word.

    Past the tokenize cache: a short text read once would push out the paragraphs the rules share."""
    return tuple(token.norm for token in tokenize.__wrapped__(text))


@lru_cache(maxsize=65536)
def name_words(name: str) -> tuple[str, ...]:
    """`matching_words` of an actor's name or a mention's surface, cached: the same names come back in
    article after article (دونالد ترامب، وزارة الخارجية الروسية), and the rules compare them per article."""
    return matching_words(name)


@lru_cache(maxsize=65536)
def clitic_readings(word: str) -> tuple[tuple[str, int], ...]:
    """Return (stem, clitic length) readings of a normalised word, the word itself first.

    Sees through و ف then ب ك ل, and ل + ال written لل (للامم = ل + الامم):
    وبالارهاب → بالارهاب, الارهاب; ولافروف → لافروف.
    """
    readings = [(word, 0)]
    rest, cut = word, 0
    if len(rest) > 2 and rest[0] in CONJUNCTIONS:
        rest, cut = rest[1:], 1
        readings.append((rest, cut))
    if len(rest) > 2 and rest[0] in PREPOSITIONS:
        if rest.startswith("لل") and len(rest) > 3:
            readings.append(("ا" + rest[1:], cut + 1))
        readings.append((rest[1:], cut + 1))
    return tuple(dict.fromkeys(readings))


def stem_of(word: str, words: frozenset[str]) -> str | None:
    """The clitic reading of `word` that is in `words`, if any (بيان، وبيان، لبيان all read بيان)."""
    return next((stem for stem, _ in clitic_readings(word) if stem in words), None)


def strip_definite_article(word: str) -> str:
    """Drop a leading ال from a normalised word that is long enough to keep a stem."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def is_definite(word: str) -> bool:
    """Whether a normalised word carries the article ال, possibly behind clitics (والدولي, للقوات)."""
    return any(stem.startswith("ال") and len(stem) > 3 for stem, _ in clitic_readings(word))


TRANSLITERATION = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "w", "ي": "y", "ء": "", "پ": "p", "چ": "ch", "گ": "g", "ڤ": "v",
}


def transliterate(text: str) -> str:
    """Spell Arabic letters in Latin for ids and file names (lossy; not for display)."""
    folded = normalise(text)
    return "".join(TRANSLITERATION.get(c, c) for c in folded)


def slug(text: str) -> str:
    """A Latin id from any text: transliterated, lowercase, [a-z0-9] words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", transliterate(text).lower()).strip("-")
