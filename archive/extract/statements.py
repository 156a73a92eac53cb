"""Statements: who said what.

Each text paragraph is read for three shapes of attributed speech:

* marked quotations («…», “…”, "…") introduced by a speech verb before them
  (وقال لافروف: «…») or followed by one («…»، قال لافروف);
* unmarked quotations after a speech verb and ".." or ":" (وأضاف وزير الخارجية
  الروسي.. نبذل قصارى جهودنا …), the convention of Syrian and Iraqi agencies;
* indirect speech: the clause after أن/إن of a speech verb (أكد لافروف أن …).

The speaker is the actor mentioned as the verb's subject (the mentions come from
actor extraction, so roles and bodies already resolve to actors). A verb with no
subject of its own carries on with the last speaker, when it agrees with the verb
that introduced them (وقالت الوزارة …. وأضاف …: someone else); a participle
(مضيفا، مشيرا) speaks for its sentence's subject. Unresolvable speakers stay None.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Mapping, Sequence

from archive.arabic import CONJUNCTIONS, PREPOSITIONS, Token, normalise, stem_of, strip_definite_article, tokenize
from archive.model import Actor, Article, Mention, Paragraph, Statement, StatementKind
from archive.registry import Registry, derived, load_word_lists, registry_word_lists

LEXICON_PATH = Path(__file__).parents[2] / "registry" / "statements.yml"

OPENERS_CLOSERS = (("«", "»"),)  # directional marks: the shape says which end it is
SYMMETRIC_MARKS = ("“”", '"')  # marks whose role is read from their neighbours
QUOTE_MARKS = "«»“”\""
# A full stop ends a sentence unless it is part of "..", "..." or a number (2.5).
FULL_STOP_RE = re.compile(r"(?<!\.)\.(?!\.)|[!؟?]")
SPEECH_PUNCTUATION = ("..", ":")  # what opens unmarked speech after a verb
PHRASE_BREAKS = re.compile(r"[:.،,؛;()\[\]«»“”\"/\-–—]")
COMMAS = "،,"
LOCATING = frozenset({"في", "من", "داخل"})  # before a place: where someone is
ADVERBIAL_WINDOW = 8  # words an adverbial before a verb runs over (وفي وقت لاحق من عطلة نهاية الأسبوع)
HARD_BREAKS = re.compile(r"[:.؛;()\[\]«»“”\"/\-–—]")  # the same without commas, for appositions
CLOSING_PUNCTUATION = re.compile(r"^\s*[.،,؛;:!؟?]")
TYPE_RANK = {"person": 0, None: 1, "organization": 2, "place": 3}  # None: discovered, type unknown

CueKind = Literal["verb", "participle", "reported"]
How = Literal["named", "previous", "anaphor", "subject", "unknown"]  # anaphor: «وأضاف البيان», the last speaker


@dataclass(frozen=True)
class Lexicon:
    """The word lists of registry/statements.yml, in matching form."""

    verbs: frozenset[str]
    conjoined_verbs: frozenset[str]
    participles: frozenset[str]
    reported: frozenset[str]
    according_to: frozenset[str]
    bare_complementizers: frozenset[str]
    pronoun_complementizers: frozenset[str]
    not_clause_after: frozenset[str]
    barriers: frozenset[str]  # the relative pronouns included
    relative_pronouns: frozenset[str]
    continuations: frozenset[str]
    sources: frozenset[str]
    source_links: frozenset[str]
    addressees: frozenset[str]  # behind ل: the one spoken to (للصحيفة، لوكالة)
    speech_nouns: frozenset[str]  # before ل + a name: that name's words (بيان لوزارة الخارجية)
    sites: frozenset[str]  # before a place: the place of a thing, which does not speak (مطار بروكسل)
    relations: frozenset[str]  # before a person: someone of theirs, who speaks (صديق كافانو، محامي ترامب)
    affiliations: frozenset[str]  # before ل + a name: what is loyal to it speaks, not the name (الموالية لأنقرة)
    prepositions: frozenset[str]
    anaphors: frozenset[str]
    body_anaphors: frozenset[str]  # المنظمة، الوزارة: the body last named with that head (`named_body_before`)
    person_anaphors: frozenset[str]  # المتحدث، الوزيرة: the last speaker, when a person
    name_markers: frozenset[str]
    min_quote_words: int
    clause_window: int
    speaker_window: int
    complementizers: frozenset[str] = frozenset()  # every form of أن/إن that opens a reported clause
    # The speech-word kind of each word met (`_cue_kind`): asked of every word of every paragraph.
    cue_kinds: dict[str, CueKind | None] = field(default_factory=dict, compare=False, repr=False)


def _words(raw: object) -> frozenset[str]:
    return frozenset(normalise(str(word)) for word in raw or [])  # type: ignore[union-attr]


def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Load the speech verbs, markers and limits that statement extraction uses (registry/statements.yml)."""
    return load_word_lists(path, lexicon_of)


def lexicon_of(raw: dict[str, Any]) -> Lexicon:
    """The word lists of the parsed YAML file, in matching form."""
    complementizers = raw.get("complementizers") or {}
    bare, with_pronoun = _words(complementizers.get("bare")), _words(complementizers.get("with_pronoun"))
    return Lexicon(
        verbs=_words(raw.get("verbs")), conjoined_verbs=_words(raw.get("conjoined_verbs")),
        participles=_words(raw.get("participles")), reported=_words(raw.get("reported")),
        according_to=_words(raw.get("according_to")),
        bare_complementizers=bare, pronoun_complementizers=with_pronoun, complementizers=bare | with_pronoun,
        not_clause_after=_words(raw.get("not_clause_after")),
        barriers=_words(raw.get("barriers")) | _words(raw.get("relative_pronouns")),
        relative_pronouns=_words(raw.get("relative_pronouns")),
        continuations=_words(raw.get("continuations")), sources=_words(raw.get("sources")),
        source_links=_words(raw.get("source_links")), addressees=_words(raw.get("addressees")),
        speech_nouns=_words(raw.get("speech_nouns")), sites=_words(raw.get("sites")), relations=_words(raw.get("relations")),
        affiliations=_words(raw.get("affiliations")),
        prepositions=_words(raw.get("prepositions")),
        anaphors=_words(raw.get("anaphors")) | _words(raw.get("person_anaphors")),
        body_anaphors=_words(raw.get("body_anaphors")), person_anaphors=_words(raw.get("person_anaphors")),
        name_markers=_words(raw.get("name_markers")), min_quote_words=int(raw.get("min_quote_words", 4)),
        clause_window=int(raw.get("clause_window", 20)), speaker_window=int(raw.get("speaker_window", 12)),
    )


# --- A paragraph prepared for matching ------------------------------------------------


@dataclass(frozen=True)
class Quote:
    """A pair of quotation marks: positions of the opening and the closing mark."""

    open: int
    close: int


@dataclass(frozen=True)
class Passage:
    """One paragraph with its words, quotations, sentences and actor mentions."""

    paragraph: Paragraph
    tokens: tuple[Token, ...]
    quotes: tuple[Quote, ...]
    sentence_starts: tuple[int, ...]
    mentions: tuple[Mention, ...]
    quoted: frozenset[int]  # indexes of the tokens inside quotation marks
    token_starts: tuple[int, ...]

    @property
    def text(self) -> str:
        return self.paragraph.text

    def sentence(self, position: int) -> int:
        """Index of the sentence holding a character position."""
        return bisect.bisect_right(self.sentence_starts, position) - 1

    def sentence_end(self, position: int) -> int:
        """Position just past the sentence holding `position`."""
        index = self.sentence(position) + 1
        return self.sentence_starts[index] if index < len(self.sentence_starts) else len(self.text)

    def gap(self, index: int) -> str:
        """The characters between token `index` and the token before it."""
        start = self.tokens[index - 1].end if index > 0 else self.sentence_starts[self.sentence(self.tokens[index].start)]
        return self.text[start:self.tokens[index].start]

    def same_sentence(self, first: int, second: int) -> bool:
        """Whether two tokens sit in one sentence."""
        return self.sentence(self.tokens[first].start) == self.sentence(self.tokens[second].start)


def _mark_role(text: str, index: int) -> str:
    """Whether a symmetric quotation mark opens, closes, or could do either."""
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    opens = (before.isspace() or not before.isalnum() or before in "بلكوفـ") and not after.isspace()
    closes = not before.isspace() and (after.isspace() or not after.isalnum())
    return "both" if opens == closes else ("open" if opens else "close")


def _positions(text: str, chars: str) -> list[int]:
    """Positions of any of `chars` in `text`."""
    return [m.start() for m in _MARK_PATTERNS[chars].finditer(text)]


# One pattern for each set of marks `_positions` is asked for: both ends of a directional pair, or symmetric marks.
_MARK_PATTERNS = {chars: re.compile(f"[{re.escape(chars)}]") for chars in (*map("".join, OPENERS_CLOSERS), *SYMMETRIC_MARKS)}
ANY_QUOTE_MARK = re.compile(f"[{re.escape(''.join(_MARK_PATTERNS))}]")


def _symmetric_quotes(text: str, marks: str) -> list[Quote]:
    """Pair symmetric marks in order, dropping a stray mark that cannot close."""
    quotes, pending = [], None
    for index in _positions(text, marks):
        role = _mark_role(text, index)
        if pending is not None and role != "open" and index > pending + 1:
            quotes.append(Quote(pending, index))
            pending = None
        elif role != "close":
            pending = index
    return quotes


def _directional_quotes(text: str, opener: str, closer: str) -> list[Quote]:
    """Pair « with the next », ignoring nesting."""
    quotes, pending = [], None
    for index in _positions(text, opener + closer):
        char = text[index]
        if char == opener and pending is None:
            pending = index
        elif char == closer and pending is not None:
            quotes.append(Quote(pending, index))
            pending = None
    return quotes


def find_quotes(text: str) -> tuple[Quote, ...]:
    """Every quotation in `text`; a quotation inside or across another is dropped."""
    if not ANY_QUOTE_MARK.search(text):
        return ()
    found = [q for pair in OPENERS_CLOSERS for q in _directional_quotes(text, *pair)]
    found += [q for marks in SYMMETRIC_MARKS for q in _symmetric_quotes(text, marks)]
    kept: list[Quote] = []
    for quote in sorted(found, key=lambda q: q.open):
        if not kept or quote.open > kept[-1].close:
            kept.append(quote)
    return tuple(kept)


def sentence_starts(text: str, quotes: tuple[Quote, ...]) -> tuple[int, ...]:
    """Start positions of the sentences of `text`; full stops inside quotations do not count."""
    starts = [0]
    for match in FULL_STOP_RE.finditer(text):
        at = match.start()
        inside = any(q.open < at < q.close for q in quotes)
        in_number = 0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit()
        if not inside and not in_number:
            starts.append(match.end())
    return tuple(dict.fromkeys(starts))


def _passage(paragraph: Paragraph, mentions: tuple[Mention, ...]) -> Passage:
    text = paragraph.text
    quotes = find_quotes(text)
    tokens = tokenize(text)  # letters and digits only: ، ؛ ؟ and quotation marks end a word
    starts = tuple(t.start for t in tokens)
    # The words starting inside a quotation: a run of the (ordered) starts between its marks.
    quoted = frozenset(i for q in quotes for i in range(bisect.bisect_right(starts, q.open), bisect.bisect_left(starts, q.close)))
    own = tuple(sorted((m for m in mentions if m.paragraph == paragraph.index), key=lambda m: m.start))
    return Passage(paragraph, tokens, quotes, sentence_starts(text, quotes), own, quoted, starts)


# --- Speech verbs and their speakers ---------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """A speech word: a finite verb, a participle, or قوله after عن."""

    token: int
    kind: CueKind


@dataclass(frozen=True)
class Attribution:
    """How a statement's speaker is known, before the article is read in order."""

    how: How
    actor: str | None = None
    feminine: bool | None = None  # the speech word's gender, where it shows (قالت، مضيفة; قال، مضيفا)
    head: str | None = None  # of a body anaphor (المنظمة → منظمه): the body last named with that head speaks
    person: bool = False  # a person anaphor (المتحدث، الوزيرة): the last speaker if a person, else no one


def _without_conjunction(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in CONJUNCTIONS else word


def _conjoined_in(word: str, words: frozenset[str]) -> bool:
    """Whether `word` is و or ف glued to one of `words`, short ones too (وفي، ومع), which
    `_without_conjunction` leaves whole lest it cut a three-letter word (وزن، فرض)."""
    return word[:1] in CONJUNCTIONS and word[1:] in words


def _cue_kind(word: str, lexicon: Lexicon) -> CueKind | None:
    """The kind of speech word `word` is (seen through a leading و/ف), or None; remembered per lexicon."""
    try:
        return lexicon.cue_kinds[word]
    except KeyError:
        kind = lexicon.cue_kinds[word] = _read_cue_kind(word, lexicon)
        return kind


def cue_gender(word: str, kind: CueKind, lexicon: Lexicon) -> bool | None:
    """True for a feminine speech word (أضافت، تقول، رأت، مضيفة), False for a masculine one (أضاف،
    يقول، رأى، مضيفا), None where it does not show (قوله after عن is the quoted person's). The lists
    give both forms: a feminine verb is the masculine with ت, a feminine participle ends with ة."""
    base = _without_conjunction(word)
    if kind == "participle":
        return base.endswith("ه")  # ة is ه in matching form
    verbs = lexicon.verbs | lexicon.conjoined_verbs
    if kind != "verb" or base not in verbs and word not in verbs:
        return None
    return (base.endswith("ت") and (base[:-1] in verbs or base[:-1] + "ي" in verbs)) \
        or (base[:1] == "ت" and "ي" + base[1:] in verbs)


def _read_cue_kind(word: str, lexicon: Lexicon) -> CueKind | None:
    base = _without_conjunction(word)
    if word in lexicon.verbs or base in lexicon.verbs or (base != word and base in lexicon.conjoined_verbs):
        return "verb"
    if base in lexicon.participles:
        return "participle"
    return "reported" if base in lexicon.reported else None


def find_cues(passage: Passage, lexicon: Lexicon) -> tuple[Cue, ...]:
    """The speech words of a paragraph, outside quotations."""
    cues = []
    for index, token in enumerate(passage.tokens):
        kind = None if index in passage.quoted else _cue_kind(token.norm, lexicon)
        if kind:
            cues.append(Cue(index, kind))
    return tuple(cues)


def _ends_phrase(passage: Passage, index: int, cue: int, lexicon: Lexicon, links: frozenset[str], commas: bool) -> bool:
    """Whether token `index` is past the subject of the verb at token `cue`."""
    word = passage.tokens[index].norm
    breaks = HARD_BREAKS if commas else PHRASE_BREAKS
    if index in passage.quoted or not passage.same_sentence(cue, index) or breaks.search(passage.gap(index)):
        return True
    if word in lexicon.complementizers or _cue_kind(word, lexicon):
        return True
    if word in links:
        return False
    # A prepositional word right after the verb (للصحفيين، بالقول) means no subject follows; the one
    # spoken to ends the subject's words (وقال مسؤول للصحيفة).
    first = index == cue + 1 and word.startswith(("لل", "بال"))
    base = _without_conjunction(word)
    if _addressee(base, lexicon):
        return True
    barrier = base in lexicon.barriers or word in lexicon.barriers
    # «علي» written with ي is the name Ali where a name was found (وقال علي لاريجاني), not «على».
    return first or barrier and not _mention_starts_at(passage, index)


def _addressee(word: str, lexicon: Lexicon) -> bool:
    """Whether `word` is ل + one spoken to: لصحيفة، لوكالة، للصحيفة (ل + ال written لل)."""
    return word[:1] == "ل" and (word[1:] in lexicon.addressees or word.startswith("لل") and "ا" + word[1:] in lexicon.addressees)


def _mention_starts_at(passage: Passage, index: int) -> bool:
    """Whether an actor's mention starts at token `index`."""
    start = passage.tokens[index].start
    return any(m.start == start for m in passage.mentions)


def speaker_phrase(passage: Passage, cue: int, lexicon: Lexicon, links: frozenset[str] = frozenset(),
                   commas: bool = False) -> tuple[int, int]:
    """Token range [first, stop) of the words after a verb that name its subject.

    `links` are barrier words the phrase may run through (مصدر في وزارة …);
    with `commas` it runs through an apposition (قال وزير الخارجية، عادل الجبير، إن).
    """
    stop, limit = cue + 1, min(len(passage.tokens), cue + 1 + lexicon.speaker_window)
    while stop < limit and not _ends_phrase(passage, stop, cue, lexicon, links, commas):
        stop += 1
    return cue + 1, stop


def _span(passage: Passage, first: int, stop: int) -> tuple[int, int]:
    """Character span of tokens [first, stop); empty at the verb when there are none."""
    if stop <= first:
        at = passage.tokens[first - 1].end
        return at, at
    return passage.tokens[first].start, passage.tokens[stop - 1].end


def best_mention(passage: Passage, start: int, end: int, types: dict[str, str], lexicon: Lexicon | None = None) -> str | None:
    """The actor named in [start, end): a person before a body before a place, then the first; not a
    place where something is («مصادر طبية في غزة»، «مسؤول بدمشق»: a source there, not the city); with
    `lexicon`, not one spoken to (`_addressed`). A body named in a person's title stands for that
    person, named after it beyond the span («وقال مراسل بي بي سي في الخرطوم محمد عثمان»: the span ends at في)."""
    sites = lexicon.sites if lexicon else frozenset()
    inside = [m for m in passage.mentions if start <= m.start < end and not _location(passage, m, types, sites)
              and not (lexicon and (_addressed(passage, m, lexicon) or _related(passage, m, lexicon, types)))]
    if not inside:
        return None
    best = min(inside, key=lambda m: (TYPE_RANK.get(types.get(m.actor_id), 1), m.start))
    return best.title_of or best.actor_id


def _addressed(passage: Passage, mention: Mention, lexicon: Lexicon) -> bool:
    """Whether `mention` is behind a glued ل that says to whom, not whose: the one spoken to, not the
    speaker («وقال مسؤول أمني لرويترز»، «قالت لبي بي سي»، «قال السليتي، لفرانس برس»). After a noun of
    speech (بيان لوزارة الخارجية), or a definite word outside a name, which ends a title
    (الأمين العام لحلف شمال الأطلسي، المتحدث الرسمي لوزارة), the ل says whose; after a word of
    affiliation (الموالية لأنقرة، التابع لهيئة), the one named is not the speaker either. The word
    lists end the speaker's words at «لصحيفة» already (`addressees`); a medium named alone needs this."""
    index = _behind_l(passage, mention)
    if index is None:
        return False
    if index < 1 or passage.gap(index).strip():
        return True
    before = passage.tokens[index - 1]
    if before.norm in lexicon.affiliations:
        return True  # «الفصائل الموالية لأنقرة»، «المرصد التابع لهيئة المسح»: not the one named
    in_name = any(m.start <= before.start < m.end for m in passage.mentions)
    return not (_speech_noun_before(passage, index, lexicon) or (before.norm.startswith("ال") and not in_name))


def _speech_noun_before(passage: Passage, index: int, lexicon: Lexicon) -> bool:
    """Whether a noun of speech stands before token `index`, an adjective allowed between
    (تقرير جديد للأمم المتحدة)."""
    return any(stem_of(t.norm, lexicon.speech_nouns) for t in passage.tokens[max(0, index - 2) : index])


def _said_by(passage: Passage, mention: Mention, lexicon: Lexicon) -> bool:
    """Whether `mention` is behind a glued ل after a noun of speech: whose words they are («وفي تعقيب
    لوزارة الخارجية الروسية قالت»), though ل governs it."""
    index = _behind_l(passage, mention)
    return index is not None and _speech_noun_before(passage, index, lexicon)


def _token_of(passage: Passage, mention: Mention) -> int:
    """The index of the token `mention` starts in (after a clitic glued before it: بدمشق، لرويترز)."""
    return bisect.bisect_right(passage.token_starts, mention.start) - 1


def _behind_l(passage: Passage, mention: Mention) -> int | None:
    """The index of the token `mention` starts in, when a ل is glued before it (لرويترز، للأمم المتحدة:
    ل + ال is written لل, which the mention keeps); else None."""
    index = _token_of(passage, mention)
    glued = passage.text[passage.tokens[index].start : mention.start] if index >= 0 else ""
    return index if glued.endswith("ل") or normalise(mention.surface).startswith("لل") else None


def _related(passage: Passage, mention: Mention, lexicon: Lexicon, types: dict[str, str]) -> bool:
    """Whether `mention` is a person someone of theirs is named by (صديق كافانو، محامي ترامب، صديق
    طفولة كافانو): that someone speaks, not the person."""
    if types.get(mention.actor_id) != "person":
        return False
    index = _token_of(passage, mention)
    if index < 1 or passage.tokens[index].start != mention.start or passage.gap(index).strip():
        return False
    return stem_of(passage.tokens[index - 1].norm, lexicon.relations) is not None


def _location(passage: Passage, mention: Mention, types: dict[str, str], sites: frozenset[str] = frozenset()) -> bool:
    """Whether `mention` is a place behind في، من or a glued ب: where someone is, not who speaks; or
    behind one of `sites`, the place of a thing (مطار بروكسل، ريال مدريد), which does not speak either."""
    if types.get(mention.actor_id) != "place":
        return False
    index = _token_of(passage, mention)
    glued = passage.text[passage.tokens[index].start : mention.start]  # a clitic before it: بدمشق
    if glued:
        return glued.endswith("ب")
    before = passage.tokens[index - 1].norm if index > 0 else ""
    return before in LOCATING or _conjoined_in(before, LOCATING) or stem_of(before, sites) is not None


def _mention_before(passage: Passage, cue: int, governed_by: Lexicon | None = None, through: str = "",
                    kin: tuple[Lexicon, dict[str, str]] | None = None) -> str | None:
    """The actor named right before the verb (بيسكوف أكد), for subject-first sentences; with `governed_by`,
    not a name a preposition of its lexicon governs (للأمم المتحدة، إلى الخارجية الروسية); `through`:
    punctuation that may stand between; with `kin` (lexicon, types), not a person someone of theirs is
    named by (لكن صديق كافانو قال), nor a place where something is or whose thing it names («هجوما على
    منطقة عفرين تقول»)."""
    mention = _near_mention_before(passage, cue, through)
    if mention is None:
        return None
    excluded = (governed_by and _governed(passage, mention, governed_by) and not _said_by(passage, mention, governed_by)) \
        or (kin and (_related(passage, mention, *kin) or _location(passage, mention, kin[1], kin[0].sites)))
    return None if excluded else mention.actor_id


def _near_mention_before(passage: Passage, cue: int, through: str = "") -> Mention | None:
    """The last mention before token `cue`, when only spaces (and `through`) stand between, in its sentence."""
    start = passage.tokens[cue].start
    for mention in reversed(passage.mentions):
        if mention.end <= start:
            between = passage.text[mention.end:start]
            near = not "".join(between.split()).strip(through) and passage.sentence(mention.start) == passage.sentence(start)
            return mention if near else None
    return None


# A one-letter preposition before ال, as a mention keeps it: ل + ال is written لل and has no clean split.
PREPOSITION_ARTICLES = tuple("لل" if letter == "ل" else letter + "ال" for letter in PREPOSITIONS)


def _governed(passage: Passage, mention: Mention, lexicon: Lexicon) -> bool:
    """Whether a preposition governs a mention: a clitic left outside it, one kept inside it before ال,
    or a preposition word right before it (registry/statements.yml: prepositions)."""
    if mention.start > 0 and passage.text[mention.start - 1].isalpha():
        return True
    if normalise(mention.surface).startswith(PREPOSITION_ARTICLES):
        return True
    index = _token_at(passage, mention.start) - 1
    return index >= 0 and passage.tokens[index].norm in lexicon.prepositions


def _verb_subject(passage: Passage, cue: int, lexicon: Lexicon, types: dict[str, str]) -> Attribution:
    """Who speaks through a finite verb: its subject, a source's body, or the last speaker."""
    first, stop = speaker_phrase(passage, cue, lexicon)
    named = best_mention(passage, *_span(passage, first, stop), types, lexicon)
    if not named and stop > first:
        named = best_mention(passage, *_span(passage, *speaker_phrase(passage, cue, lexicon, commas=True)), types, lexicon)
    named = named or _title_holder(passage, cue, stop)
    if named:
        return Attribution("named", named)
    content = _subject_words(passage, first, stop, lexicon)
    if not content:
        before = _mention_before(passage, cue, governed_by=lexicon, kin=(lexicon, types))
        if before:
            return Attribution("named", before)
        if _near_mention_before(passage, cue):  # someone of the person named there (صديق كافانو قال): unnamed
            return Attribution("unknown")
        return _subject_before(passage, cue, lexicon, types) or Attribution("previous")
    # A person or body right before the verb is its subject (بيسكوف أكد) even when words follow the verb
    # ("غير أن ترامب قال دفاعا عن محاميه …"). Not when a definite noun follows the verb, the subject then
    # ("التي أعدتها حكومة الحريري قال الدبلوماسي الفرنسي"); nor a place, which ends a fronted adverbial
    # ("وحول التطورات بالحديدة أوضح الشرفي"); nor a name behind a preposition ("رسالة إلى الوكالات التابعة
    # للأمم المتحدة شددت فيها"), nor one before وقال, which ends the clause before (التقى بوتين ترامب وقال).
    if not content[0].startswith("ال") and passage.tokens[cue].norm[0] not in CONJUNCTIONS:
        before = _mention_before(passage, cue, governed_by=lexicon, kin=(lexicon, types))
        if before and types.get(before) in ("person", "organization"):
            return Attribution("named", before)
    if content[0] in lexicon.sources:
        # قال مصدر رسمي في وزارة الخارجية السورية: the body after the source speaks.
        first, stop = speaker_phrase(passage, cue, lexicon, lexicon.source_links)
        named = best_mention(passage, *_span(passage, first, stop), types, lexicon)
        return Attribution("named", named) if named else Attribution("unknown")
    if content[0] in lexicon.body_anaphors and len(content) == 1:  # not «الوزارة الروسية»: another body
        return Attribution("anaphor", head=strip_definite_article(content[0]))
    if content[0] in lexicon.person_anaphors:
        return Attribution("anaphor", person=True)
    return Attribution("anaphor" if content[0] in lexicon.anaphors else "unknown")


def _subject_before(passage: Passage, cue: int, lexicon: Lexicon, types: dict[str, str]) -> Attribution | None:
    """The subject written before a verb that has none after it, when it names no actor right there:
    a definite noun (بعض المشرعين يقولون إن …) is someone unnamed, not the last speaker; a relative
    pronoun's subject is the actor just before it, if any (ترامب الذي قال …، التقارير التي أشارت …).
    None when nothing stands there: the verb goes on with the last speaker. A verb with و or ف starts
    a clause of its own, and a noun after a preposition is no subject (وعن شعوره وقت الحادث أوضح)."""
    before = cue - 1
    if before < 0 or passage.tokens[cue].norm[0] in CONJUNCTIONS or not passage.same_sentence(before, cue) \
            or PHRASE_BREAKS.search(passage.gap(cue)):
        return None
    word = passage.tokens[before].norm
    if word in lexicon.relative_pronouns:
        if not _agrees_in_number(word, passage.tokens[cue].norm):
            return None  # الأشقاء الذين أكد أنهم …: the relative is the verb's object; its subject is before
        named = _mention_before(passage, before, governed_by=lexicon, through=COMMAS)  # "ترامب، الذي قال"
        return Attribution("named", named) if named and types.get(named) != "place" else Attribution("unknown")
    if word.startswith("ال") and word not in lexicon.anaphors and not _fronted_adverbial(passage, before, lexicon):
        return Attribution("unknown")
    return None


def _fronted_adverbial(passage: Passage, index: int, lexicon: Lexicon) -> bool:
    """Whether token `index` ends a phrase that a preposition opens, at the start of its clause or after
    و/ف (وعن شعوره وقت الحادث أوضح …، متوعك وفي وقت لاحق من عطلة نهاية الأسبوع قال …): an adverbial
    put before the verb, not its subject. ومع أن … opens a clause of its own."""
    k = index
    while k >= max(0, index - ADVERBIAL_WINDOW):
        word = passage.tokens[k].norm
        clause_start = k == 0 or not passage.same_sentence(k - 1, k) or bool(PHRASE_BREAKS.search(passage.gap(k)))
        opens = (clause_start and word in lexicon.prepositions) or _conjoined_in(word, lexicon.prepositions)
        if opens:
            return not (k < index and passage.tokens[k + 1].norm in lexicon.bare_complementizers)
        if clause_start:
            return False
        k -= 1
    return False


def _agrees_in_number(relative: str, verb: str) -> bool:
    """Whether a verb can have the relative pronoun before it as its subject: a plural one (الذين) takes
    a plural verb (قالوا، يقولون); a singular or dual one any verb (التي for things takes the singular)."""
    return not relative.endswith("ين") or verb.endswith(("وا", "ون"))


def _title_holder(passage: Passage, cue: int, stop: int) -> str | None:
    """The person whose title is the verb's subject, when the speaker phrase (ending at token `stop`)
    stopped at a word (في، لدى) before a body named in that title: "وقالت المندوبة الأمريكية في مجلس
    الأمن نيكي هيلي، إن …" (the Security Council's mention is marked as Haley's title: Mention.title_of)."""
    if stop + 1 >= len(passage.tokens) or not passage.same_sentence(cue, stop + 1):
        return None
    verb_end, body_start = passage.tokens[cue].end, passage.tokens[stop + 1].start
    following = next((m for m in passage.mentions if m.start >= verb_end), None)
    return following.title_of if following and following.start <= body_start else None


def _subject_words(passage: Passage, first: int, stop: int, lexicon: Lexicon) -> list[str]:
    """The words of a speaker phrase [first, stop) that can name someone (not وأضاف's continuations)."""
    return [t.norm for t in passage.tokens[first:stop] if _without_conjunction(t.norm) not in lexicon.continuations]


def _participle_speaker(passage: Passage, cue: Cue, lexicon: Lexicon, types: dict[str, str], cues: tuple[Cue, ...]) -> Attribution:
    """A participle speaks for its sentence's subject. When a speech verb comes before it in the sentence,
    that verb's named speaker, or its unnamed source ("وذكرت مصادر عسكرية أن القوات تقدمت نحو معقل زعيم
    الحوثيين، مضيفة أن …": not al-Houthi); otherwise the first actor the sentence names."""
    verb = next((c for c in reversed(cues) if c.kind == "verb" and c.token < cue.token
                 and passage.same_sentence(c.token, cue.token)), None)
    if verb is not None:
        said = _verb_subject(passage, verb.token, lexicon, types)
        words = _subject_words(passage, *speaker_phrase(passage, verb.token, lexicon), lexicon)
        if said.how == "named" or (words and words[0] in lexicon.sources):
            return said
    return Attribution("subject", _subject_without_places(passage, cue.token, types))


def _is_quoted(passage: Passage, position: int) -> bool:
    return any(q.open < position < q.close for q in passage.quotes)


def _reported_speaker(passage: Passage, cue: int, types: dict[str, str]) -> Attribution:
    """The speaker of "نقلت الوكالة عن لافروف قوله": named between عن and قوله."""
    window = range(cue - 1, max(-1, cue - 12), -1)
    source = next((i for i in window if passage.tokens[i].norm == "عن" and passage.same_sentence(i, cue)), None)
    if source is None:
        return Attribution("unknown")
    named = best_mention(passage, passage.tokens[source].end, passage.tokens[cue].start, types)
    return Attribution("named", named) if named else Attribution("unknown")


def attribute(passage: Passage, cue: Cue, lexicon: Lexicon, types: dict[str, str], cues: tuple[Cue, ...] = ()) -> Attribution:
    """How the speaker of a statement introduced by `cue` is found (`cues`: the paragraph's speech
    words), with the gender of the speech word."""
    if cue.kind == "participle":
        found = _participle_speaker(passage, cue, lexicon, types, cues)
    elif cue.kind == "reported":
        found = _reported_speaker(passage, cue.token, types)
    else:
        found = _verb_subject(passage, cue.token, lexicon, types)
    return replace(found, feminine=cue_gender(passage.tokens[cue.token].norm, cue.kind, lexicon))


def _subject_without_places(passage: Passage, cue: int, types: dict[str, str]) -> str | None:
    """The sentence subject, skipping places named in an opening adverbial (وبشأن الوضع في الموصل)."""
    start = passage.sentence_starts[passage.sentence(passage.tokens[cue].start)]
    for mention in passage.mentions:
        outside = not _is_quoted(passage, mention.start)
        modifier = types.get(mention.actor_id) == "place" or mention.title_of  # the person whose title names it speaks
        if start <= mention.start < passage.tokens[cue].start and outside and not modifier:
            return mention.actor_id
    return None


# --- The three shapes of speech --------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A statement found in a paragraph, its speaker not yet resolved in reading order."""

    kind: StatementKind
    paragraph: int
    sentence: int
    start: int
    end: int
    attribution: Attribution
    marked: bool


def _candidate(passage: Passage, kind: StatementKind, start: int, end: int, attribution: Attribution, marked: bool) -> Candidate | None:
    """A candidate over the trimmed span [start, end), or None when nothing is left."""
    text = passage.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".،,؛;:" and not marked):
        end -= 1
    if end <= start:
        return None
    return Candidate(kind, passage.paragraph.index, passage.sentence(start), start, end, attribution, marked)


def _token_at(passage: Passage, position: int) -> int:
    """Index of the first token starting at or after `position`."""
    return bisect.bisect_left(passage.token_starts, position)


def _names_something(passage: Passage, quote: Quote, lexicon: Lexicon) -> bool:
    """Whether a quotation is a name or label: after تنظيم، ما سمي…, or wholly an actor's name."""
    index = _token_at(passage, quote.open) - 1
    while index >= 0 and len(passage.tokens[index].norm) == 1:  # بـ"…"، لـ"…"
        index -= 1
    if index >= 0 and stem_of(passage.tokens[index].norm, lexicon.name_markers):
        return True
    inner = passage.text[quote.open + 1:quote.close]
    start = quote.open + 1 + len(inner) - len(inner.lstrip())
    end = quote.close - (len(inner) - len(inner.rstrip()))
    return any(m.start <= start and m.end >= end for m in passage.mentions)


def _word_count(passage: Passage, quote: Quote) -> int:
    return sum(1 for t in passage.tokens if quote.open < t.start < quote.close)


def _opens_speech(passage: Passage, quote: Quote, cue: Cue, lexicon: Lexicon) -> bool:
    """Whether a quotation is what its verb says: after ':' or '..', or right after the subject and إن."""
    inside = _token_at(passage, quote.open)
    lead = passage.text[(passage.tokens[inside - 1].end if inside else 0):quote.open]
    if any(p in lead for p in SPEECH_PUNCTUATION):
        return inside - cue.token <= lexicon.clause_window
    _, stop = speaker_phrase(passage, cue.token, lexicon)
    rest = [t.norm for t in passage.tokens[stop:inside]]
    return len(rest) == 1 and rest[0] in lexicon.complementizers


def _closes_clause(passage: Passage, quote: Quote, cues: tuple[Cue, ...]) -> bool:
    """Whether a quotation ends its clause: punctuation, the paragraph's end, or a speech word."""
    after = passage.text[quote.close + 1:]
    if not after.strip() or CLOSING_PUNCTUATION.match(after):
        return True
    following = _token_at(passage, quote.close)
    return any(c.token == following for c in cues)


def _speech_opens_after(passage: Passage, index: int, lexicon: Lexicon) -> bool:
    """Whether speech opens (أن/إن or ':') within a few words from token `index` on."""
    for at in range(index, min(len(passage.tokens), index + 8)):
        gap = passage.gap(at)
        # The first gap holds the quotation's own closing mark; a later mark is another quotation.
        if not passage.same_sentence(index, at) or (at > index and any(mark in gap for mark in QUOTE_MARKS)):
            return False
        if _cue_kind(passage.tokens[at].norm, lexicon):
            return False  # a new speech word: what came before was speech already
        if ":" in gap or passage.tokens[at].norm in lexicon.complementizers:
            return True
    return False


def _in_speaker_phrase(passage: Passage, quote: Quote, cue: Cue, lexicon: Lexicon) -> bool:
    """Whether a quotation names who or where, before the speech opens (قال تلفزيون "سي إن إن ترك" إن …)."""
    inside = _token_at(passage, quote.open)
    between = range(cue.token + 1, inside)
    if any(passage.tokens[i].norm in lexicon.complementizers for i in between):
        return False
    lead = passage.text[passage.tokens[cue.token].end:quote.open]
    if any(p in lead for p in SPEECH_PUNCTUATION):
        return False
    after = _token_at(passage, quote.close)
    return after < len(passage.tokens) and _speech_opens_after(passage, after, lexicon)


def _introducer(passage: Passage, quote: Quote, cues: tuple[Cue, ...], lexicon: Lexicon) -> Cue | None:
    """The speech word before a quotation in its sentence that makes it a statement."""
    sentence = passage.sentence(quote.open)
    before = [c for c in cues if passage.tokens[c.token].end <= quote.open
              and passage.sentence(passage.tokens[c.token].start) == sentence]
    if not before:
        return None
    cue = ([c for c in before if not _in_relative_clause(passage, c, lexicon)] or before)[-1]
    if _in_speaker_phrase(passage, quote, cue, lexicon):
        return None
    if _word_count(passage, quote) >= lexicon.min_quote_words:
        return cue
    direct = _opens_speech(passage, quote, cue, lexicon) and _closes_clause(passage, quote, cues)
    return cue if direct else None


def _in_relative_clause(passage: Passage, cue: Cue, lexicon: Lexicon) -> bool:
    """Whether a speech word follows a relative pronoun whose antecedent names no actor: a clause about a
    thing («موقفه الذي اعتبر متساهلا»), not the verb that introduces a quotation («ترامب، الذي قال: …»)."""
    index = cue.token - 1
    if index < 1 or passage.tokens[index].norm not in lexicon.relative_pronouns:
        return False
    return _mention_before(passage, index, through=COMMAS) is None


def _according_to(passage: Passage, index: int, cues: tuple[Cue, ...], lexicon: Lexicon) -> Cue | None:
    """A cue for "…"، بحسب بيان للوزارة / حسبما قال X at token `index`: the phrase after it names the speaker."""
    if index >= len(passage.tokens) or _without_conjunction(passage.tokens[index].norm) not in lexicon.according_to:
        return None
    verb = next((c for c in cues if c.token in (index + 1, index + 2) and c.kind == "verb"), None)
    return verb or Cue(index, "verb")


def _follower(passage: Passage, quote: Quote, cues: tuple[Cue, ...], lexicon: Lexicon) -> Cue | None:
    """A finite verb (or بحسب) right after a quotation («…»، قال لافروف) that makes it a statement."""
    following = _token_at(passage, quote.close)
    cue = next((c for c in cues if c.token == following and c.kind == "verb"), None)
    cue = cue or _according_to(passage, following, cues, lexicon)
    if cue is None or passage.text[quote.close + 1:passage.tokens[following].start].strip(" ،,"):
        return None
    sentence_start = passage.sentence_starts[passage.sentence(quote.open)]
    opening = not passage.text[sentence_start:quote.open].strip(" :")
    return cue if opening or _word_count(passage, quote) >= lexicon.min_quote_words else None


def marked_quotations(passage: Passage, cues: tuple[Cue, ...], lexicon: Lexicon, types: dict[str, str]) -> list[Candidate]:
    """Quotations in marks that a speech verb introduces or follows."""
    found = []
    for quote in passage.quotes:
        if _names_something(passage, quote, lexicon):
            continue
        cue = _introducer(passage, quote, cues, lexicon) or _follower(passage, quote, cues, lexicon)
        if cue is not None:
            candidate = _candidate(passage, "direct", quote.open + 1, quote.close, attribute(passage, cue, lexicon, types, cues), True)
            found += [candidate] if candidate else []
    return found


def _is_label(passage: Passage, index: int, cue: Cue, lexicon: Lexicon) -> bool:
    """Whether quoted token `index` is in a name on the way to the speech: in the speaker
    phrase, or short and announced by no ':' or '..'."""
    at = passage.tokens[index].start
    quote = next(q for q in passage.quotes if q.open < at < q.close)
    if _in_speaker_phrase(passage, quote, cue, lexicon):
        return True
    first = _token_at(passage, quote.open)
    lead = passage.text[(passage.tokens[first - 1].end if first else 0):quote.open]
    announced = any(p in lead for p in SPEECH_PUNCTUATION)
    return not announced and _word_count(passage, quote) < lexicon.min_quote_words


def _speech_start(passage: Passage, cue: Cue, cues: tuple[Cue, ...], lexicon: Lexicon) -> tuple[int, str] | None:
    """Where speech after a verb begins (token index) and how: after أن ("clause") or after '..'/':' ("plain")."""
    limit = min(len(passage.tokens), cue.token + 1 + lexicon.clause_window)
    cue_tokens = {c.token for c in cues}
    for index in range(cue.token + 1, limit):
        gap = passage.gap(index)
        if index in passage.quoted and _is_label(passage, index, cue, lexicon):
            continue  # وقال تلفزيون "سي إن إن ترك" إن …: a short quoted name on the way
        if index in passage.quoted or index in cue_tokens or not passage.same_sentence(cue.token, index):
            return None
        if passage.tokens[index].norm in lexicon.complementizers:
            previous = passage.tokens[index - 1].norm
            return None if _without_conjunction(previous) in lexicon.not_clause_after else (index, "clause")
        if any(p in gap for p in SPEECH_PUNCTUATION):
            return index, "plain"
    return None


def _speech_end(passage: Passage, first: int, cues: tuple[Cue, ...]) -> int:
    """End of speech starting at token `first`: its sentence's end or the next speech word."""
    end = passage.sentence_end(passage.tokens[first].start)
    later = [passage.tokens[c.token].start for c in cues if c.token > first]
    return min([end, *[at for at in later if at < end]])


def spoken_clauses(passage: Passage, cues: tuple[Cue, ...], lexicon: Lexicon, types: dict[str, str]) -> list[Candidate]:
    """Reported clauses (أكد X أن …) and unmarked quotations (وأضاف X.. …) after each speech word."""
    found = []
    for cue in cues:
        start = _speech_start(passage, cue, cues, lexicon)
        if start is None:
            continue
        index, how = start
        if how == "clause" and passage.tokens[index].norm in lexicon.bare_complementizers:
            index += 1  # the clause starts after a bare أن; a glued pronoun (أنه) is part of it
        if index >= len(passage.tokens) or not passage.same_sentence(cue.token, index):
            continue
        kind: StatementKind = "indirect" if how == "clause" else "direct"
        end = _speech_end(passage, index, cues)
        candidate = _candidate(passage, kind, passage.tokens[index].start, end, attribute(passage, cue, lexicon, types, cues), False)
        found += [candidate] if candidate else []
    return found


# --- Reading order ---------------------------------------------------------------------


def _speaker(candidate: Candidate, last: str | None, earlier: list[tuple[Candidate, str | None]],
             last_feminine: bool | None = None, bodies: Sequence[tuple[int, int, str, str]] = (),
             types: Mapping[str, str] | None = None) -> str | None:
    """Resolve an attribution given the speakers already read (`last_feminine`: the gender of the speech
    word that introduced the last speaker, where it showed; `bodies`: see `named_body_before`; `types`:
    actor id → type, for a person anaphor)."""
    how, actor = candidate.attribution.how, candidate.attribution.actor
    if how == "named":
        return actor
    if how == "anaphor" and candidate.attribution.head:
        return named_body_before(bodies, candidate, candidate.attribution.head)
    if how == "anaphor" and candidate.attribution.person:  # «وقال الوزير» after a ministry, «وقالت الوزيرة» after him
        person = types is not None and types.get(last or "") == "person"
        return last if person and _same_gender(candidate.attribution.feminine, last_feminine) else None
    if how == "anaphor":
        return last  # the verb agrees with البيان or المصدر, not with the speaker: no gender to compare
    if how == "previous":
        # «وقالت الوزارة …. وأضاف …», «قالت ميركل …. وقال …»: the verb has another subject, unnamed.
        return last if _same_gender(candidate.attribution.feminine, last_feminine) else None
    if how == "subject":
        place = (candidate.paragraph, candidate.sentence)
        same = [s for c, s in earlier if (c.paragraph, c.sentence) == place and s]
        return same[-1] if same else actor or last
    return None


def _same_gender(feminine: bool | None, last_feminine: bool | None) -> bool:
    """Whether two speech words may have one subject: their genders agree, or one does not show."""
    return None in (feminine, last_feminine) or feminine == last_feminine


def named_body_before(bodies: Sequence[tuple[int, int, str, str]], candidate: Candidate, head: str) -> str | None:
    """The body named last before `candidate` whose name has `head` («وقالت المنظمة» after «منظمة العفو
    الدولية»): `bodies` are (paragraph, position, head, actor id) of the article's bodies, in order."""
    at = bisect.bisect_left(bodies, (candidate.paragraph, candidate.start))
    return next((actor for _, _, h, actor in reversed(bodies[:at]) if h == head), None)


def resolve_speakers(candidates: list[Candidate], subjects: Sequence[tuple[int, int, str]] = (),
                     bodies: Sequence[tuple[int, int, str, str]] = (),
                     types: Mapping[str, str] | None = None) -> list[tuple[Candidate, str | None]]:
    """Read candidates in order, carrying the last speaker into continuations; a person made the
    subject of a sentence since (`subjects`: paragraph, position, actor) is the last speaker then.
    After someone unnamed speaks (قال مندوب الكويت …), a continuation (وأضاف) is theirs: unnamed, not
    the last one named before them."""
    resolved: list[tuple[Candidate, str | None]] = []
    last: str | None = None
    last_feminine: bool | None = None  # the gender of the speech word that introduced `last`
    spoken = False  # whether anyone, named or not, has spoken yet
    pending = sorted(subjects)
    for candidate in sorted(candidates, key=lambda c: (c.paragraph, c.start, c.end)):
        while pending and pending[0][:2] < (candidate.paragraph, candidate.start):
            paragraph, _, subject = pending.pop(0)
            if spoken and paragraph == candidate.paragraph:  # a subject only in the paragraph it goes on in
                last, last_feminine = subject, None
        speaker = _speaker(candidate, last, resolved, last_feminine, bodies, types)
        resolved.append((candidate, speaker))
        if speaker:
            said = candidate.attribution.feminine
            last_feminine = said if said is not None or speaker != last else last_feminine
            last, spoken = speaker, True
        elif candidate.attribution.how == "unknown" or candidate.attribution.person or candidate.attribution.head:
            last, last_feminine, spoken = None, candidate.attribution.feminine, True  # someone unnamed spoke
    return resolved


def sentence_subjects(passage: Passage, lexicon: Lexicon, types: dict[str, str]) -> list[tuple[int, int, str]]:
    """Persons and bodies named right after a sentence's first word (وانتقدت سيفوينتس …، وحمل قرقاش …،
    وكان المرصد السوري قد قال …): the subject of the verb that opens it, whom a later «وقالت» or «وأضاف»
    goes on with. Not after a preposition."""
    found = []
    for mention in passage.mentions:
        index = _token_at(passage, mention.start)
        if not 0 < index < len(passage.tokens) or passage.tokens[index].start != mention.start \
                or index in passage.quoted or types.get(mention.actor_id) not in ("person", "organization"):
            continue
        opener = index - 1
        starts_sentence = opener == 0 or not passage.same_sentence(opener - 1, opener)
        word = passage.tokens[opener].norm
        preposition = word in lexicon.prepositions or _conjoined_in(word, lexicon.prepositions)  # في، وفي، وبعد
        if starts_sentence and not passage.gap(index).strip() and not preposition:
            found.append((passage.paragraph.index, mention.start, mention.actor_id))
    return found


def _overlaps(one: Candidate, other: Candidate) -> bool:
    return one.paragraph == other.paragraph and one.start < other.end and other.start < one.end


def drop_repeats(resolved: list[tuple[Candidate, str | None]]) -> list[tuple[Candidate, str | None]]:
    """Drop reported clauses and unmarked quotations that repeat a quotation in marks."""
    marked = [c for c, _ in resolved if c.marked]
    direct = [c for c, _ in resolved if c.kind == "direct"]
    kept = []
    for candidate, speaker in resolved:
        rivals = direct if candidate.kind == "indirect" else ([] if candidate.marked else marked)
        if not any(_overlaps(candidate, rival) for rival in rivals):
            kept.append((candidate, speaker))
    return kept


def _actor_types(registry: Registry) -> dict[str, str]:
    """Actor id → type of the registry's actors, made once per registry version (not per article)."""
    return derived(registry, "actor types", lambda registry: {actor_id: actor.type for actor_id, actor in registry.actors.items()})


def named_bodies(mentions: tuple[Mention, ...], registry: Registry, discovered: tuple[Actor, ...]) -> list[tuple[int, int, str, str]]:
    """(paragraph, position, head, actor id) of each mention of a body, in order (`named_body_before`): the
    head is its name's first word without ال, as a body anaphor's (منظمة العفو الدولية → منظمه ← المنظمة)."""
    names = {actor.id: actor.name for actor in discovered if actor.type == "organization"}
    heads = {actor_id: strip_definite_article(normalise(name.split()[0])) for actor_id, name in names.items()}
    for m in mentions:
        actor = registry.actors.get(m.actor_id)
        if actor is not None and actor.type == "organization":
            heads[m.actor_id] = strip_definite_article(normalise(actor.name.split()[0]))
    return sorted((m.paragraph, m.start, heads[m.actor_id], m.actor_id) for m in mentions if m.actor_id in heads)


def extract_statements(article: Article, mentions: tuple[Mention, ...], registry: Registry,
                       discovered: tuple[Actor, ...] = ()) -> tuple[Statement, ...]:
    """Find every attributed statement of an article, numbered in reading order.

    Pure: depends only on the article, its actor mentions, the registry's actor
    types and the word lists of registry/statements.yml.
    """
    lexicon, types = registry_word_lists(registry, "statements.yml", lexicon_of), _actor_types(registry)
    if discovered:  # the persons the article's own names found (sentence_subjects)
        types = types | {actor.id: actor.type for actor in discovered if actor.type == "person"}
    candidates: list[Candidate] = []
    subjects: list[tuple[int, int, str]] = []
    for paragraph in article.text_paragraphs:
        passage = _passage(paragraph, mentions)
        cues = find_cues(passage, lexicon)
        candidates += marked_quotations(passage, cues, lexicon, types) + spoken_clauses(passage, cues, lexicon, types)
        subjects += sentence_subjects(passage, lexicon, types)
    kept = drop_repeats(resolve_speakers(candidates, subjects, named_bodies(mentions, registry, discovered), types))
    texts = {p.index: p.text for p in article.paragraphs}
    return tuple(
        Statement(f"statement-{n}", speaker, c.kind, texts[c.paragraph][c.start:c.end], c.paragraph, c.start, c.end)
        for n, (c, speaker) in enumerate(kept, 1)
    )
