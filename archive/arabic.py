"""Arabic normalisation for matching only; displayed text is never changed.

Every rule works per character so that a position in the normalised text maps
back to a position in the text as written (see `normalise_with_offsets`): this
is what lets a renderer link a name without touching the characters around it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pyarabic import araby

# Zero-width and bidi controls: invisible, so they must not split or change a word.
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)
# pyarabic's normalize_hamza maps أ to ء, which would make أحمد and احمد differ;
# matching wants every alef form to be a bare alef, so the table is explicit.
LETTER_MAP = {
    "\u0623": "ا", "\u0625": "ا", "\u0622": "ا", "\u0671": "ا", "\u0672": "ا", "\u0673": "ا",
    "\u0649": "ي", "\u06cc": "ي", "\u064a": "ي",
    "\u0629": "ه",
    "\u0624": "و", "\u0626": "ي",
    "\u06a9": "ك",
}
DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ك", "ل")
WORD_RE = re.compile(r"[\w\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]+")


def _fold_char(char: str) -> str:
    """Return the matching form of one character ('' when it is ignored)."""
    if char in INVISIBLE or araby.is_tashkeel(char) or char == araby.TATWEEL:
        return ""
    if char in DIGITS:
        return DIGITS[char]
    return LETTER_MAP.get(char, char)


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise `text` for matching and map each output char to its source index.

    The returned list has one entry more than the normalised string: the
    position just past the end, so a span [i, j) maps to [offsets[i], offsets[j]).
    """
    out: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKC", char):
            folded = _fold_char(part)
            if folded:
                out.append(folded)
                offsets.extend([index] * len(folded))
    offsets.append(len(text))
    return "".join(out), offsets


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Return the matching form of `text`: no diacritics, one alef, ى→ي, ة→ه, ASCII digits.

    A hamza written apart after its seat (الشوءون, موءكدا) folds into the seat.
    """
    return normalise_with_offsets(text)[0].replace("وء", "و").replace("يء", "ي")


@dataclass(frozen=True)
class Token:
    """A word of a text: its matching form and its span in the original text."""

    norm: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split `text` into words, each with its normalised form and original span."""
    norm, offsets = normalise_with_offsets(text)
    return [
        Token(normalise(m.group()), offsets[m.start()], offsets[m.end() - 1] + 1)
        for m in WORD_RE.finditer(norm)
    ]


@lru_cache(maxsize=65536)
def clitic_readings(word: str) -> tuple[tuple[str, int], ...]:
    """Return (stem, clitic length) readings of a normalised word, the word itself first.

    Sees through و ف then ب ك ل, and ل + ال written لل (للامم = ل + الامم).
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


def strip_definite_article(word: str) -> str:
    """Drop a leading ال from a normalised word that is long enough to keep a stem."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


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
