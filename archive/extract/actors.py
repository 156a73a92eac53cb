"""Actors: find the people, organisations and places an article names.

Three passes over each paragraph's tokens (matching forms, original offsets):
1. registry aliases, longest first, seeing through clitics; a title before a
   name (وزير الخارجية الروسي سيرغي لافروف), a speech verb before a name and
   organisation heads find names the registry does not know yet;
2. short forms of the people named in full (بيسكوف → ديميتري بيسكوف);
3. titles used as stand-ins for the person this article named with them
   (وزير الخارجية الإيطالي → أنجيلينو الفانو), including "نظيره الإيطالي";
4. a body's head alone for the body of that head named last before it
   (وقالت الوزارة → وزارة الخارجية الروسية، وذكرت الوكالة → وكالة الأنباء المركزية الكورية).
The word lists live in registry/patterns.yml. Pure: no file access but the
cached, immutable word lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Sequence

from archive.arabic import (CONJUNCTIONS, PREPOSITIONS, Token, clitic_readings, matching_words, name_words, normalise,
                            normalise_with_offsets, stem_of, tokenize, transliterate)
from archive.model import Actor, ActorType, Article, Discovery, Mention, Role
from archive.registry import Registry, derived, load_word_lists, registry_word_lists

PATTERNS_FILE = Path(__file__).resolve().parents[2] / "registry" / "patterns.yml"
SENTENCE_END = re.compile(r"[.!?؟]\s")
MAX_TITLE_WORDS = 14
COMPOUND_SECOND = frozenset({"الدين", "الله", "الرحمن", "العزيز"})  # صلاح الدين، عبد الله
SERVANT = "عبد"  # عبد + one word is one first name (عبد الله): shared by too many people to stand alone
# Particles that open a name as its subject (عبد الحميد غل، أبو محمد الجولاني); أبي and أم open one only
# behind a preposition (عن أبي بكر), or are words of their own (أبي: my father).
NAME_OPENERS = frozenset({SERVANT, "ابو"})
JOINED_SERVANT = re.compile(SERVANT + "(?=ال)")
ALI = "علي"  # the name, written with ي; the preposition على is written with ى, and matching folds both into علي
PRONOUN_SUFFIXES = ("ها", "هم", "هما", "ته", "كم")  # مسؤوليتها، خارجيته: a word with a pronoun is no name
COMMAS = frozenset({"،", ","})
HASHTAG_GAPS = frozenset({" #", "_"})  # between words of a hashtag, or before one: #كيم_جونغ_أون
TANWEEN = frozenset("\u064b\u064c\u064d")  # ً ٌ ٍ: أيضاً، حاضراً. News Arabic never writes them on a name.
ONE_LETTER_CLITICS = frozenset(CONJUNCTIONS + PREPOSITIONS)
HAMZA_ALEFS = frozenset("أإآ")  # begin a word, so a letter before one is a clitic: وأراد، لإيران، بأن
NOUN_LIKE_VERBS = frozenset({"راي", "رات"})  # رأى reads as رأي (opinion) once normalised: no cue for a name


@dataclass(frozen=True)
class ActorFindings:
    """What actor extraction finds in one article."""

    mentions: tuple[Mention, ...] = ()
    roles: tuple[tuple[str, Role], ...] = ()
    discovered: tuple[Actor, ...] = ()
    discoveries: tuple[Discovery, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """The word lists of registry/patterns.yml in matching form."""

    role_heads: dict[str, tuple[tuple[str, ...], ...]]
    descriptors: frozenset[str]
    counterparts: frozenset[str]
    role_links: frozenset[str]
    nationalities: frozenset[str]
    verbs: frozenset[str]
    org_named: frozenset[str]
    org_qualified: frozenset[str]
    org_foreign: frozenset[str]
    org_heads: frozenset[str]  # the three lists of organisation heads together
    particles: frozenset[str]
    prefixes: frozenset[str]
    stop_words: frozenset[str]
    not_names: frozenset[str]
    names_like_nouns: frozenset[str]  # توفيق، السادات: names of a verbal noun's or a plural's shape (`noun_form`)
    names_like_verbs: frozenset[str]  # يلدز، يزبك: names of an imperfect verb's shape (`verb_form`)
    names_with_waw: frozenset[str]  # وسام، وحيد: names that begin with و before a consonant (`conjoined`)
    kin: frozenset[str]  # خطيبة، محامية: who someone is to another, as a title after a name (`titled_after_comma`)
    other_holder: frozenset[str]  # السابق، الراحل: after a title, it is not its holder's today
    short_heads: frozenset[str]  # وزارة: a head the press drops once the body is named (الخارجية الروسية)


def _words(raw: list[str] | None) -> frozenset[str]:
    return frozenset(normalise(w) for w in raw or [])


def _nationality_forms(raw: list[str]) -> frozenset[str]:
    """الروسي gives الروسيه, روسي and روسيه too; الكوري الشمالي gives الكوريه الشماليه."""
    forms = set()
    for word in _words(raw):
        for form in (word, " ".join(part + "ه" for part in word.split())):
            forms |= {form, form[2:] if form.startswith("ال") else form}
    return frozenset(forms)


def load_lexicon(path: Path = PATTERNS_FILE) -> Lexicon:
    """Load and normalise the word lists of registry/patterns.yml (or of the registry at `path`)."""
    return load_word_lists(path, lexicon_of)


def lexicon_of(raw: dict[str, Any]) -> Lexicon:
    """The word lists of the parsed YAML file, in matching form."""
    heads: dict[str, list[tuple[str, ...]]] = {}
    for head in raw.get("role_heads") or []:
        words = tuple(normalise(w) for w in head.split())
        heads.setdefault(words[0], []).append(words)
    org = raw.get("organization_heads") or {}
    named, qualified, foreign = _words(org.get("named")), _words(org.get("qualified")), _words(org.get("foreign_name"))
    return Lexicon(
        role_heads={k: tuple(sorted(v, key=len, reverse=True)) for k, v in heads.items()},
        descriptors=_words(raw.get("descriptors")), counterparts=_words(raw.get("counterparts")),
        role_links=_words(raw.get("role_links")), nationalities=_nationality_forms(raw.get("nationalities") or []),
        verbs=_words((raw.get("speech_verbs") or []) + (raw.get("meeting_verbs") or [])),
        org_named=named, org_qualified=qualified, org_foreign=foreign, org_heads=named | qualified | foreign,
        particles=_words(raw.get("name_particles")),
        prefixes=_words(raw.get("name_prefixes")), stop_words=_words(raw.get("stop_words")),
        not_names=_words(raw.get("not_names")), names_like_nouns=_words(raw.get("names_like_nouns")),
        names_like_verbs=_words(raw.get("names_like_verbs")), names_with_waw=_words(raw.get("names_with_waw")),
        kin=_words(raw.get("kin")),
        other_holder=frozenset(form for word in _words(raw.get("other_holder")) for form in (word, word + "ه")),
        short_heads=_words(raw.get("organization_short_form")),
    )


AliasIndex = dict[str, tuple[tuple[tuple[str, ...], str], ...]]


def _alias_index(registry: Registry) -> AliasIndex:
    """First word of every alias → (alias words, actor id), longest alias first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for actor in registry.actors.values():
        for alias in {actor.name, *actor.aliases}:
            for words in servant_spellings(matching_words(alias)):
                index.setdefault(words[0], []).append((words, actor.id))
    return {k: tuple(sorted(set(v), key=lambda e: (-len(e[0]), e[1]))) for k, v in index.items()}


def servant_spellings(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """A name with «عبد ال…» as the press writes it either way: «عبد الله» and «عبدالله», «عبدالفتاح
    السيسي» and «عبد الفتاح السيسي». The registry then needs one spelling, and a new name one page."""
    if not words or not any(w.startswith(SERVANT) for w in words):
        return {words} if words else set()
    split = tuple(part for w in words for part in (
        (SERVANT, w[len(SERVANT):]) if w.startswith(SERVANT + "ال") and len(w) > len(SERVANT) + 2 else (w,)))
    joined: list[str] = []
    for w in split:
        if joined and joined[-1] == SERVANT and w.startswith("ال"):
            joined[-1] += w
        else:
            joined.append(w)
    return {words, split, tuple(joined)}


def alias_index(registry: Registry) -> AliasIndex:
    """The alias index of a registry, built once per registry version (never mutated after)."""
    return derived(registry, "alias index", _alias_index)


@dataclass
class Paragraph:
    """A paragraph's tokens, and where punctuation separates them."""

    index: int
    text: str
    tokens: tuple[Token, ...]
    breaks: set[int]  # i in breaks: punctuation between token i and i + 1
    hashtags: set[int]  # the breaks that are only a hashtag's mark (رجب طيب #أردوغان)
    commas: set[int]  # the breaks that are only a comma (زعيم الجمهوريين، بول راين، الاثنين)
    # The first break at or after each token, and the first that is not a hashtag's mark: `joined` is
    # asked for every rule at every candidate word, so it answers without walking the span.
    next_break: list[int] = field(default_factory=list)
    next_hard_break: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.next_break = _next_in(self.breaks, len(self.tokens))
        self.next_hard_break = _next_in(self.breaks - self.hashtags, len(self.tokens))

    def joined(self, i: int, n: int, through_hashtags: bool = False) -> bool:
        """True when tokens i .. i+n-1 exist and no punctuation falls between them (but a hashtag's
        mark, when told: a known name reads through it; a new name is not made across it)."""
        return i + n <= len(self.tokens) and (self.next_hard_break if through_hashtags else self.next_break)[i] >= i + n - 1

    def norm(self, i: int) -> str:
        return self.tokens[i].norm if i < len(self.tokens) else ""


def _next_in(positions: set[int], length: int) -> list[int]:
    """For each index below `length`, the first of `positions` at or after it (`length` if none)."""
    # A run of one value per position up to it: a paragraph has a few breaks and a hundred words.
    following: list[int] = []
    for position in sorted(p for p in positions if p < length):
        following += [position] * (position + 1 - len(following))
    return following + [length] * (length - len(following))


def paragraph_tokens(index: int, text: str) -> Paragraph:
    """Tokenise a paragraph and note the punctuation between its words.

    A hyphen between two letters is part of a name (كيم جونغ-أون، جان-إيف), not a break. A hashtag's
    mark (رجب طيب #أردوغان) and the underscore that joins a hashtag's words (#بشار_الأسد) are breaks,
    but a registry name reads through them (`Paragraph.joined`)."""
    tokens = tokenize(text)
    gaps = [text[before[2] : after[1]] for before, after in zip(tokens, tokens[1:])]  # (norm, start, end)
    breaks = {i for i, gap in enumerate(gaps) if gap != " " and gap.strip() and gap != "-"}  # most are one space
    return Paragraph(index, text, tokens, breaks, {i for i in breaks if gaps[i] in HASHTAG_GAPS},
                     {i for i in breaks if gaps[i].strip() in COMMAS})


def clitic_start(token: Token, text: str, cut: int) -> int:
    """Original offset where a word starts once `cut` normalised clitic letters are skipped."""
    if cut == 0:
        return token.start
    _, offsets = normalise_with_offsets(text[token.start : token.end])
    return token.start + offsets[min(cut, len(offsets) - 1)]


def match_alias(par: Paragraph, i: int, index: AliasIndex) -> tuple[str, int, int] | None:
    """The longest registry alias starting at token i: (actor id, tokens, clitic cut)."""
    best: tuple[str, int, int] | None = None
    for stem, cut in clitic_readings(par.norm(i)):
        for words, actor_id in index.get(stem, ()):
            n = len(words)
            if (best is None or n > best[1]) and par.joined(i, n, True) and all(par.norm(i + k) == words[k] for k in range(1, n)):
                # ل + ال written لل has no clean split: link the whole word.
                best = (actor_id, n, 0 if stem.startswith("ال") and par.norm(i).startswith("لل") else cut)
    return best


def role_head_at(par: Paragraph, i: int, lex: Lexicon) -> tuple[int, int]:
    """(length, clitic cut) of the role head (وزير، رئيس الوزراء) starting at token i; (0, 0) if none."""
    for stem, cut in clitic_readings(par.norm(i)):
        for words in lex.role_heads.get(stem, ()):
            if par.joined(i, len(words)) and all(par.norm(i + k) == words[k] for k in range(1, len(words))):
                return len(words), cut
    return 0, 0


def definite(word: str) -> bool:
    """A word with ال, possibly behind a clitic (والدول، للقوات، بالعراق).

    ف + ال and ك + ال are not believed (فاليري، فالس، كالين are names; «كالعادة» is rare where a name
    stands), nor و + a short stem (والتر).
    """
    if word.startswith("ال"):
        return True
    for stem, cut in clitic_readings(word)[1:]:
        prefix = word[:cut]
        if stem.startswith("ال") and not prefix.startswith(("ف", "ك")) and not (prefix == "و" and len(stem) < 5):
            return True
    return False


def title_end(par: Paragraph, i: int, head: int, lex: Lexicon, places: frozenset[str] = frozenset(),
              body_at: Callable[[int], int] = lambda k: 0) -> int:
    """Index just past a title: the head, then words with ال, nationalities, links, further heads,
    places with في/لدى between them (سفير سورية في موسكو), and registry bodies as the title names them
    (زعيم الجمهوريين في الكونغرس، رئيس لجنة العلاقات الخارجية بمجلس الشيوخ الأميركي): `body_at(k)` is
    the length of a registry body named at token k, 0 for none."""
    j = i + head
    while j < len(par.tokens) and j - i < MAX_TITLE_WORDS and (j - 1) not in par.breaks:
        word = par.norm(j)
        linked = word in ("في", "لدي") and j not in par.breaks
        if word in places or (linked and par.norm(j + 1) in places):
            j += 1 if word in places else 2
            continue
        body = body_at(j + 1) if linked else body_at(j)
        if body:
            j += body + (1 if linked else 0)
            continue
        stem = word[2:] if word.startswith("ال") else word
        title_word = (definite(word) and word not in COMPOUND_SECOND and not hamza_initial(par, j)) or word in lex.role_links \
            or word in lex.nationalities or role_head_at(par, j, lex)[0] or stem in lex.org_qualified or stem in lex.org_named
        if not title_word or word in lex.stop_words:
            break
        j += 1
    return j


def name_word(word: str, lex: Lexicon) -> bool:
    """Could this word be part of a person's name?"""
    clitic_definite = definite(word) and not word.startswith("ال")  # والقوات، للأمم: never inside a name
    common = any(stem in lex.stop_words or stem in lex.not_names for stem, _ in clitic_readings(word))
    return (len(word) >= 2 and word.isalpha() and not common
            and word not in lex.verbs and word not in lex.nationalities and not role_head_is(word, lex)
            and not clitic_definite and word not in lex.org_heads
            and not (len(word) > 3 and word.endswith(PRONOUN_SUFFIXES)))


def name_word_at(par: Paragraph, j: int, lex: Lexicon) -> bool:
    """`name_word` of token j, which knows how it is written: «علي» with ي is the name Ali (علي لاريجاني،
    علي يونسي), not the preposition «على» that matching makes of it. Only a name's first word: as its
    second (محمد علي جعفري) it is a father's name before a surname the rules would cut off, and every
    «محمد علي» would be one page."""
    return name_word(par.norm(j), lex) or written_ali(par, j)


def role_head_is(word: str, lex: Lexicon) -> bool:
    return any(len(h) == 1 for h in lex.role_heads.get(word, ()))


def written_as_common(par: Paragraph, j: int) -> bool:
    """Whether token j, as written, cannot be part of a name: it carries a tanween, or it is a one-letter
    clitic before a word's hamza (وأندرو is "and Andrew"). Normalising for matching drops both signs."""
    token = par.tokens[j]
    written = par.text[token.start : token.end]
    return not TANWEEN.isdisjoint(written) or (len(written) > 2 and written[0] in ONE_LETTER_CLITICS and written[1] in HAMZA_ALEFS)


def conjoined(word: str, lex: Lexicon) -> bool:
    """Whether a word is "and" + a word (أندرو وسارة، مادورو ومؤيديه، الرئيس الأميركي وفيليب ماي), not a name
    that starts with W, which Arabic writes و before a vowel letter or ل (وايت، ويلسون، وودز، وليامز), nor
    an Arabic name in و the lexicon knows (names_with_waw: وسام، وحيد). "and" + a title's head is "and"
    whatever its letters (الملك عبد الله وولي العهد)."""
    return len(word) > 3 and word[0] == "و" and (word[1] not in "اويل" and word not in lex.names_with_waw
                                                  or word[1:] in lex.role_heads)


def hamza_initial(par: Paragraph, j: int) -> bool:
    """Whether token j is written with a hamza on its first alef: ألكسندر، إليزابيث read «ال…» once
    normalised, but the article ال is never written with a hamza."""
    return par.text[par.tokens[j].start : par.tokens[j].start + 1] in ("أ", "إ") if j < len(par.tokens) else False


def name_length(par: Paragraph, j: int, lex: Lexicon, person: bool = True) -> int:
    """How many tokens from j form a person's name (0: none). Two words, more with particles. A body's
    name (`person` False) may hold "and" (وكالة حج وعمرة)."""
    first = par.norm(j)
    if not name_word_at(par, j, lex) or (first.startswith("ال") and not hamza_initial(par, j)) \
            or (first in lex.particles and first not in NAME_OPENERS) \
            or written_as_common(par, j) \
            or (person and (verb_form(par, j, lex) or conjoined(first, lex) or noun_form(par, j, lex, FIRST_NOUN_FORMS))):
        return 0
    n = 1
    limit = 4
    while n < limit and par.joined(j, n + 1) and name_word(par.norm(j + n), lex) and not written_as_common(par, j + n) \
            and not (person and (conjoined(par.norm(j + n), lex) or noun_form(par, j + n, lex) or verb_form(par, j + n, lex))):
        word, previous = par.norm(j + n), par.norm(j + n - 1)
        extends = n == 1 or previous in lex.particles or previous in lex.prefixes or previous in COMPOUND_SECOND \
            or word in lex.particles or (n == 2 and par.norm(j) in lex.prefixes)
        if not extends:
            break
        n += 1
    while n > 1 and par.norm(j + n - 1) in lex.particles:
        n -= 1
    if person and n == 1 and written_ali(par, j + 1) and surname_ends_name(par, j + 2, lex):
        return 3  # محمد علي جعفري، — a father's name «علي» inside a name that plainly ends after it
    return 3 if person and n == 2 and surname_ends_name(par, j + 2, lex) else n


# Shapes of verbal nouns and plurals, written as the press writes them: a later word of a person's name
# never has one (الرئيس تكثيف العقوبات، مسألة التوصل، دونالد الانسحاب). Measured on the 5,054 persons
# discovered in 10,000 corpus articles: 69 later words of the first four shapes, 64 of them no name (of
# the five names, names_like_nouns keeps three: السادات، توفيق twice); 23 more ending in يين or يات, none a name.
NOUN_FORMS = re.compile(
    r"ال(?:ان..ا.|ا.[تطد].ا.|ات.ا.|است..ا.)"  # the verbal noun of verb forms VII, VIII, X: الانسحاب، الاجتماع، الاستيراد
    r"|الت(?:...|.ا..)"  # forms V and VI: التوصل، التنافس
    r"|(?:ال)?ت..ي."  # form II: تصدير، التقسيم
    r"|ال...+ات"  # a plural in ات: العقوبات، المفاوضات
    r"|.{3,}(?:يين|يات)"  # a plural of a word in ي (nationalities above all): كولومبيين، الإيرانيين، صحافيات
)


# The same for a name's first word, which has no ال: a verbal noun of forms VII, VIII and X, a noun in
# مفعلة or مفاعلة, a plural in ات, each of them behind ب or ل too, and behind them the verbal nouns of
# forms II, V and VI. On the 4,819 persons discovered in 10,000 corpus articles: 105 first words of
# these shapes, 96 of them no name (افتتاح جادة، مؤشرات أولية، ممارسة الجنس، باستقبال رسمي، لتغطية
# المباراة); names_like_nouns keeps the names (ابتسام، انتصار، اشتياق، استيبان، بتينا).
FIRST_NOUN_FORMS = re.compile(
    r"[بل]?(?:ان..ا.|ا.[تطد].ا.|است..ا.|م.[^ي].ة|م.ا..ة|.{4,}ات)"  # انهيار، افتتاح، استطلاعات، مدرسة، ممارسة
    r"|[بل](?:ت...|ت.ا..|ت..ي.|ت...ة)"  # بتحرك، بتعديل، لتغطية
)


def noun_form(par: Paragraph, k: int, lex: Lexicon, shapes: re.Pattern[str] = NOUN_FORMS) -> bool:
    """Whether token k, as written, has the shape of a verbal noun or of a plural (NOUN_FORMS, or
    FIRST_NOUN_FORMS for a first word) and is not a name of that shape the lexicon knows (names_like_nouns:
    توفيق، السادات، ابتسام). As written: the article's alef carries no hamza (الانسحاب), a name's first
    alef does (الأنصاري)."""
    token = par.tokens[k]
    return shapes.fullmatch(par.text[token.start : token.end]) is not None and token.norm not in lex.names_like_nouns


# Shapes of an imperfect verb, as written, and of the verbs in ت: no word of a person's name has one
# (الرئيس الأميركي يبحث إسناد، الملك فيليبي يتابع، الكابتن زهاري تجنب). A name of four letters in ي has a
# long vowel (يوسف، يونس، ياسر، يحيى). Measured on the 4,962 persons discovered in 10,000 corpus articles:
# 58 have a word of the shapes in ي, 52 of them no name; names_like_verbs keeps the six names (يلدز twice،
# يلمز، يزبك، يتكين، ينسن). Then on 4,723: 22 with a word of the shapes in ت, none a name; names_like_verbs
# keeps ترمب، ترامب and تماضر, which have that shape.
VERB_FORMS = re.compile(
    r"ي[^اويى]{3}"  # form I: يقتل، يعرف، يطلب، يؤمن
    r"|يت...|يت.ا.."  # forms V and VI: يتحدث، يتولى، يتابع، يتقاعد
    r"|ي.ا[^ي]{2}|ي[^اوي]ت.."  # forms III and VIII: يصادق، يحاول، يلتقط، ينتقد
    r"|يست..."  # form X: يستطيع، يستبعد
    r"|ت[^اويىش][^اويى]{2}|ت[^اويىش]ا[^اويى]{2}"  # in ت: تعمل، تظهر، تجنب; تحارب، تراجع (not تش: تشانغ)
)


def verb_form(par: Paragraph, k: int, lex: Lexicon) -> bool:
    """Whether token k, as written, has the shape of an imperfect verb (VERB_FORMS) and is not a name of
    that shape the lexicon knows (names_like_verbs: يلدز، يزبك)."""
    token = par.tokens[k]
    return VERB_FORMS.fullmatch(par.text[token.start : token.end]) is not None and token.norm not in lex.names_like_verbs


def written_ali(par: Paragraph, k: int) -> bool:
    """Whether token k is «علي» written with ي: the name Ali, where «على» (on) is written with ى."""
    return k < len(par.tokens) and par.norm(k) == ALI and par.text[par.tokens[k].end - 1] == "ي"


def surname_ends_name(par: Paragraph, k: int, lex: Lexicon) -> bool:
    """Whether token k, after a two-word name, is its third word: a word that could be a name's, after
    which the name plainly ends, at punctuation or before a title (محمود أحمدي نجاد، — ميك أحمد خان،
    المتحدث — حبيب شاه أنصاري رئيس إدارة الصحة). A word with ال or a one-letter clitic is not taken
    (أفيغدور ليبرمان التحقيق، — جون كيري لرويترز،): a third word missed costs less than a name made longer
    with a common word. Nor one ending in ه, which is more often a pronoun (الملك عبدالله الثاني حديثه،
    جون بولتون مكانه) than a name's (رضا جعفر زاده)."""
    if not par.joined(k - 2, 3):
        return False
    word, written = par.norm(k), par.text[par.tokens[k].start : par.tokens[k].end]
    common = word.startswith("ال") or written[0] in ONE_LETTER_CLITICS or written.endswith("ه") or word in lex.particles \
        or word in lex.prefixes or written_as_common(par, k) or not name_word(word, lex)
    title_next = role_head_at(par, k + 1, lex)
    ends = k in par.breaks or k == len(par.tokens) - 1 or (title_next[0] > 0 and not title_next[1])  # not «قلده للرئيس»
    return not common and ends


def name_between_commas(par: Paragraph, j: int, lex: Lexicon) -> int:
    """How many tokens from j form a name set off by commas after its title (0: none), as the press writes
    a subject: "ودعا زعيم الجمهوريين في الكونغرس، بول راين، الاثنين، ترمب إلى ..."."""
    if (j - 1) not in par.commas or conjoined(par.norm(j), lex):  # «…، وزوران زايف»: a list goes on
        return 0
    n = name_length(par, j, lex)
    return n if n and (j + n - 1) in par.commas else 0


TITLE_WORDS_BEFORE_COMMA = 6  # words of a title the rules do not read, before the name set off by commas


def title_then_name_between_commas(par: Paragraph, end: int, lex: Lexicon) -> tuple[int, int]:
    """(start, length) of a name set off by commas after the rest of a title the rules could not read
    («الناطق الرسمي باسم جهاز مكافحة الإرهاب، سفيان السليتي،»، «مدير مطار تشوك، جيمي إميليو،»), or
    (end, 0). The words before the comma must be a title's: no function word or verb (إن، أن، قال)
    among them, and at most TITLE_WORDS_BEFORE_COMMA of them."""
    comma = next((k for k in range(end, min(end + TITLE_WORDS_BEFORE_COMMA, len(par.tokens))) if k in par.breaks), None)
    if comma is None or comma not in par.commas or comma == end - 1:
        return end, 0
    if any(par.norm(k) in lex.stop_words or par.norm(k) in lex.verbs for k in range(end, comma + 1)):
        return end, 0
    n = name_between_commas(par, comma + 1, lex)
    return (comma + 1, n) if n else (end, 0)


def sentence_of(text: str, start: int) -> str:
    """The sentence of `text` around offset `start`."""
    begin = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    end = SENTENCE_END.search(text, start)
    return text[begin : end.start() + 1 if end else len(text)].strip()


# Quotation marks a name may open inside its span (وكالة "فرانس برس"): opener → closer.
QUOTES = {'"': '"', "«": "»", "“": "”", "(": ")", "[": "]"}  # and brackets: وفي مقابلة مع قناة (سي.إن.إن.


def open_quotes(span: str) -> list[str]:
    """The quotation marks `span` opens and does not close."""
    return [opener for opener, closer in QUOTES.items()
            if (span.count(opener) % 2 if opener == closer else span.count(opener) - span.count(closer)) > 0]


def closing_quote_end(text: str, start: int, end: int) -> int:
    """`end`, moved past the quotation mark that closes one the span opened, where it follows at once:
    a name ends at its last word, and وكالة "فرانس برس would otherwise keep its opening mark alone."""
    for opener in open_quotes(text[start:end]):
        if text.startswith(QUOTES[opener], end):
            return end + len(QUOTES[opener])
    return end


def without_open_quotes(name: str) -> str:
    """A discovered name without the quotation marks it opens and never closes (صحيفة "وول ستريت:
    the rules stop before the name does), so no page title shows a dangling mark."""
    for opener in open_quotes(name):
        name = " ".join(name.replace(opener, " ").split())
    return name


def discovered_id(name: str, registry: Registry, short_heads: frozenset[str] = frozenset()) -> str:
    """A stable Latin id for a name the registry does not know. A body's name without a head the press
    drops (`short_heads`: وزارة) is the same body: «وزارة الخارجية المصرية» and «الخارجية المصرية»
    share one id, so one page."""
    words = name.split()
    if len(words) > 2 and normalise(words[0]) in short_heads:
        name = " ".join(words[1:])
    name = JOINED_SERVANT.sub(SERVANT + " ", name)  # «عبدالله الثاني» is «عبد الله الثاني»: one page
    slug = re.sub(r"[^a-z0-9]+", "-", transliterate(name).lower()).strip("-") or "actor"
    return f"{slug}-new" if slug in registry.actors or slug.startswith("list-") or slug == "index" else slug


@dataclass
class Finder:
    """The state of one article's extraction: mentions, roles, discoveries so far."""

    article: Article
    registry: Registry
    lex: Lexicon
    index: AliasIndex
    mentions: list[Mention]
    roles: list[tuple[str, Role]]
    discovered: dict[str, Actor]
    discoveries: list[Discovery]
    titles: dict[tuple[str, ...], str]  # title words → actor named with it in this article
    last_role: tuple[tuple[str, ...], list[str]] | None = None  # (matching words, words as written)

    def add(self, par: Paragraph, actor_id: str, i: int, n: int, cut: int = 0, title_of: str | None = None) -> None:
        start = clitic_start(par.tokens[i], par.text, cut)
        end = closing_quote_end(par.text, start, par.tokens[i + n - 1].end)
        self.mentions.append(Mention(actor_id, par.index, start, end, par.text[start:end], title_of))

    def person(self, par: Paragraph, j: int, n: int, kind: ActorType = "person", cut: int = 0) -> str | None:
        """The actor named by tokens j..j+n-1: a registry actor, a discovery, or None for one unknown word."""
        found = match_alias(par, j, self.index)
        if found:
            self.add(par, found[0], j, found[1], found[2])
            # A registry name followed by a third word that looked like a surname: the name is the registry's
            # (الملك عبدالله الثاني حديثه، رجب طيب أرودغان).
            surname = n == 3 and found[1] == 2 and surname_ends_name(par, j + 2, self.lex)
            return found[0] if found[1] >= n or surname else None
        inner_actor = kind == "person" and any(match_alias(par, k, self.index) for k in range(j + 1, j + n))
        if n < 2 or inner_actor:  # one unknown word after a title is too often not a name (منصب وزير الداخلية منتصف 2012)
            return None
        start = clitic_start(par.tokens[j], par.text, cut)
        name = without_open_quotes(par.text[start : closing_quote_end(par.text, start, par.tokens[j + n - 1].end)])
        if cut and par.norm(j)[cut - 1 :].startswith("لل"):
            # ل + ال is written لل (للبرلمان العراقي): the name takes its alef back; the link keeps the لل whole.
            name, cut = "ا" + name, cut - 1
        actor_id = discovered_id(name, self.registry, self.lex.short_heads if kind == "organization" else frozenset())
        if actor_id not in self.discovered:
            self.discovered[actor_id] = Actor(actor_id, name, kind, reviewed=False)
            self.discoveries.append(Discovery(actor_id, name, kind, sentence_of(par.text, par.tokens[j].start), self.article.id))
        self.add(par, actor_id, j, n, cut)
        return actor_id

    def record_title(self, par: Paragraph, i: int, cut: int, end: int, actor_id: str) -> None:
        """Remember "title → person" for stand-ins later in the article, and the role seen."""
        start = clitic_start(par.tokens[i], par.text, cut)
        words = (clitic_readings(par.norm(i))[[c for _, c in clitic_readings(par.norm(i))].index(cut)][0],
                 *(par.norm(k) for k in range(i + 1, end)))
        # ل + ال is written لل (للزعيم): the title as the reader knows it takes its alef back (الزعيم).
        alef = "ا" if words[0].startswith("ال") and not normalise(par.text[start : par.tokens[i].end]).startswith("ال") else ""
        originals = [alef + par.text[start : par.tokens[i].end]] + [par.text[par.tokens[k].start : par.tokens[k].end] for k in range(i + 1, end)]
        self.roles.append((actor_id, Role(alef + par.text[start : par.tokens[end - 1].end], article=self.article.id)))
        self.titles.setdefault(words, actor_id)
        self.last_role = (words, originals)
        for k in range(i + 1, end):  # a body named inside the title (رئيس حزب الشعوب الديمقراطي التركي)
            found = match_alias(par, k, self.index)
            if found and kind_of(self, found[0]) == "organization" and k + found[1] <= end:
                self.add(par, found[0], k, found[1], found[2], title_of=actor_id)


def scan(finder: Finder, par: Paragraph) -> None:
    """Pass 1: registry aliases and the patterns that find new names."""
    lex, next_free = finder.lex, 0
    starts = scan_triggers(finder.registry, lex, finder.index)
    # Most words start nothing: passed after one look (in a comprehension) instead of scan_at's five.
    for i in [k for k, token in enumerate(par.tokens) if starts[token.norm]]:
        if i >= next_free:
            next_free = scan_at(finder, par, i, lex)


class _Triggers(dict[str, bool]):
    """Word → whether scan_at can start from it (one of its clitic readings is a trigger word),
    filled as words are met: an archive repeats its words."""

    def __init__(self, words: frozenset[str]) -> None:
        super().__init__()
        self.words = words

    def __missing__(self, word: str) -> bool:
        starts = self[word] = any(stem in self.words for stem, _ in clitic_readings(word))
        return starts


def scan_triggers(registry: Registry, lex: Lexicon, index: AliasIndex) -> _Triggers:
    """Every word scan_at can start from: role heads, alias first words, counterparts, speech and
    meeting verbs, descriptors, organisation heads. A word none of whose clitic readings is one of
    them makes scan_at look at every rule and move on by one token, so it is not looked at. The memo
    grows with every word an archive has: one per registry version (`derived`, patterns.yml included)."""
    return derived(registry, "scan triggers", lambda _: _Triggers(frozenset().union(
        lex.role_heads, index, lex.counterparts, lex.verbs, lex.descriptors, lex.org_heads)))


def scan_at(finder: Finder, par: Paragraph, i: int, lex: Lexicon) -> int:
    """Look for an actor at token i; return the index to continue from."""
    head, cut = role_head_at(par, i, lex)
    if head:
        end = title_end(par, i, head, lex, place_words(finder.registry), lambda k: registered_body(finder, par, k))
        n = name_length(par, end, lex) if (end - 1) not in par.breaks else name_between_commas(par, end, lex)
        # One unknown word before a comma ends the title (المتحدثة باسم أكواريوس، لوران كينغ، …).
        if not n or (n == 1 and end in par.commas and not match_alias(par, end, finder.index)):
            end, n = title_then_name_between_commas(par, end, lex)
        registered = match_alias(par, end, finder.index) if n else None
        if registered and kind_of(finder, registered[0]) != "person":
            return end  # وزير خارجية بريطانيا: a place, not the holder of the title
        actor_id = finder.person(par, end, n) if n else None
        if actor_id:
            finder.record_title(par, i, cut, end, actor_id)
            return end + n
    found = match_alias(par, i, finder.index)
    if found:
        finder.add(par, found[0], i, found[1], found[2])
        end = i + found[1]
        if kind_of(finder, found[0]) == "person":
            return appositive_title(finder, par, end, found[0], lex)
        return end
    return scan_patterns(finder, par, i, lex)


def appositive_title(finder: Finder, par: Paragraph, j: int, actor_id: str, lex: Lexicon) -> int:
    """A title right after a person's name is theirs: "ديميتري بيسكوف الناطق باسم الرئاسة الروسية"."""
    head, cut = role_head_at(par, j, lex) if (j - 1) not in par.breaks and j < len(par.tokens) else (0, 0)
    if not head or cut:
        return j
    end = title_end(par, j, head, lex, place_words(finder.registry), lambda k: registered_body(finder, par, k))
    # "كيم جونغ أون الرئيس الكوري الجنوبي مون جيه-إن": a title followed by a person's name is that
    # person's; unless a second title inside it is (غرينبلات مبعوث الرئيس الأميركي دونالد ترامب).
    following = match_alias(par, end, finder.index) if (end - 1) not in par.breaks else None
    if following and kind_of(finder, following[0]) == "person" \
            and not any(role_head_at(par, k, lex)[0] for k in range(j + head, end)):
        return j
    finder.record_title(par, j, 0, end, actor_id)
    return end


def place_words(registry: Registry) -> frozenset[str]:
    """One-word names of registry places, in matching form (built once per registry version)."""
    return derived(registry, "place words", lambda registry: frozenset(
        words[0] for a in registry.actors.values() if a.type == "place"
        for words in map(matching_words, (a.name, *a.aliases)) if len(words) == 1))


def scan_patterns(finder: Finder, par: Paragraph, i: int, lex: Lexicon) -> int:
    """Counterparts, descriptors, speech verbs and organisation heads before a new name."""
    word = par.norm(i)
    if stem_of(word, lex.counterparts) and finder.last_role and i not in par.breaks:
        return counterpart(finder, par, i, lex)
    verb = stem_of(word, lex.verbs)
    after_cue = word in lex.descriptors or (verb and verb not in NOUN_LIKE_VERBS)
    if after_cue and i not in par.breaks:
        n = name_length(par, i + 1, lex)
        # After a verb the subject is often a common noun (قالت متظاهرة، قال محامي الدفاع): stricter.
        feminine_noun = par.text[par.tokens[i + 1].start : par.tokens[i + 1].end].endswith("ة") if n else False
        # عبد الحميد، سعد الدين: the ال is the name's, not a noun's; آل (محمد آل جابر) reads «ال» once normalised.
        compound = par.norm(i + 1) in lex.prefixes or par.norm(i + 2) in lex.particles
        if n and verb and (feminine_noun or (par.norm(i + 2).startswith("ال") and not compound)) \
                and not match_alias(par, i + 1, finder.index) and not titled_after_comma(par, i + n, lex):
            return i + 1
        actor_id = finder.person(par, i + 1, n) if n else None
        if actor_id:
            return appositive_title(finder, par, i + 1 + n, actor_id, lex) if kind_of(finder, actor_id) == "person" else i + 1 + n
    return organisation(finder, par, i, lex)


def titled_after_comma(par: Paragraph, k: int, lex: Lexicon) -> bool:
    """Whether token k is followed by a comma and a title (a role head, a descriptor, or who someone is
    to another): the words before it are a name, though shaped as a noun and its adjective («وقالت
    فاطمة الزهراء، المتحدثة باسم الوزارة، إن», «قالت خديجة جنكيز، خطيبة خاشقجي، إن»)."""
    if k not in par.commas or k + 1 >= len(par.tokens):
        return False
    title = par.norm(k + 1)
    return role_head_at(par, k + 1, lex)[0] > 0 or title in lex.descriptors or title in lex.kin


def counterpart(finder: Finder, par: Paragraph, i: int, lex: Lexicon) -> int:
    """"نظيره الإيطالي أنجيلينو الفانو": the same office as the last titled person, another country."""
    nationality = par.norm(i + 1)
    n = name_length(par, i + 2, lex) if nationality in lex.nationalities and par.joined(i, 3) else 0
    if not n or finder.last_role is None:
        return i + 1
    actor_id = finder.person(par, i + 2, n)
    if actor_id is None:
        return i + 1
    words, originals = finder.last_role
    kept = [k for k, w in enumerate(words) if w not in lex.nationalities]
    written = par.text[par.tokens[i + 1].start : par.tokens[i + 1].end]
    finder.titles.setdefault((*(words[k] for k in kept), nationality), actor_id)
    finder.roles.append((actor_id, Role(" ".join([*(originals[k] for k in kept), written]), article=finder.article.id)))
    return i + 2 + n


def organisation(finder: Finder, par: Paragraph, i: int, lex: Lexicon) -> int:
    """حزب ...، منظمة ...، وزارة ... الروسية، وكالة تاس: bodies the registry does not know."""
    word = par.norm(i)
    head, cut = next(((stem, c) for stem, c in clitic_readings(word) if stem in lex.org_heads), (None, 0))
    if head is None:
        return i + 1
    j = i + 1
    while j < len(par.tokens) and j - i < 6 and (j - 1) not in par.breaks and par.norm(j).startswith("ال") \
            and par.norm(j) not in lex.stop_words:
        j += 1
    if j == i + 1 and head in lex.org_foreign and name_length(par, j, lex, person=False):
        j += name_length(par, j, lex, person=False)
    if head not in lex.org_named and head not in lex.org_foreign:
        j = nationality_end(par, i, j, head, lex)
    if j == i + 1:
        return i + 1
    quoted = any(mark in par.text[par.tokens[i].end : par.tokens[i + 1].start] for mark in QUOTES)
    known = match_alias(par, i + 1, finder.index) if quoted else None
    if known and i + 1 + known[1] == j and kind_of(finder, known[0]) == "organization":
        # وكالة "فرانس برس": a registry body behind its head and a quotation mark, not a new one.
        finder.add(par, known[0], i, j - i, cut)
        return j
    finder.person(par, i, j - i, "organization", cut)
    return j


def nationality_end(par: Paragraph, i: int, j: int, head: str, lex: Lexicon) -> int:
    """Where a generic body's name (tokens i..j-1) ends: after its first nationality, which must agree
    (`agrees`), and the nationalities right after it (الجيش العربي السوري). i + 1 when there is no body:
    "وزير الخارجية اليمني المجتمع الدولي" holds none, though «الدولي» agrees with «المجتمع»."""
    first = next((k for k in range(i + 1, j) if par.norm(k) in lex.nationalities), j)
    if first == j or not agrees(par.norm(first), (head, par.norm(first - 1)), lex):
        return i + 1
    end = first + 1
    while end < j and (f"{par.norm(end - 1)} {par.norm(end)}" in lex.nationalities  # الكورية الجنوبية
                       or (par.norm(end) in lex.nationalities and par.norm(end).endswith("ه") == par.norm(first).endswith("ه"))):
        end += 1
    return end


def agrees(nationality: str, nouns: Sequence[str], lex: Lexicon) -> bool:
    """Whether `nationality` can qualify a body named by `nouns` (its head, then the word before the
    nationality): a nationality in the gender of either. A feminine or plural noun takes a feminine one
    (وزارة … الروسية), a masculine noun a masculine one (مجلس … الأمريكي، قوات النظام السوري), so the
    «الخارجية الروسي» inside the title «وزير الخارجية الروسي» names no body."""
    feminine = nationality.endswith("ه")  # ة is ه in matching form
    return nationality in lex.nationalities and any(noun.endswith(("ه", "ات")) == feminine for noun in nouns)


def merge_partial_names(finder: Finder) -> None:
    """A new name that begins or ends another person's name in the article is that person, not one more:
    «الملك عبد الله» is «عبد الله الثاني», «ويقول عبد العظيم» is «سمير عبد العظيم». Pass 1 finds both
    where a title or a speech verb stands before each; left to pass 2, the shorter would have its page."""
    new_people = [(new_id, name_words(actor.name)) for new_id, actor in finder.discovered.items() if actor.type == "person"]
    if not new_people:
        return
    forms: dict[str, set[tuple[str, ...]]] = {}
    for m in finder.mentions:
        if kind_of(finder, m.actor_id) == "person":
            forms.setdefault(m.actor_id, set()).add(name_words(m.surface))
    for new_id, words in new_people:
        holders = {other for other, names in forms.items() if other != new_id and any(
            len(name) > len(words) and words in (name[: len(words)], name[-len(words):]) for name in names)}
        if len(holders) == 1:
            merge_into(finder, new_id, holders.pop())
        elif len(words) == 2 and words[0] == SERVANT:
            forget(finder, new_id)  # «الملك عبد الله» alone: which one, the article does not say


def forget(finder: Finder, new_id: str) -> None:
    """Drop a discovered name the article does not make a person of, with its mentions and roles."""
    finder.mentions = [m for m in finder.mentions if m.actor_id != new_id]
    finder.roles = [(who, role) for who, role in finder.roles if who != new_id]
    finder.titles = {words: who for words, who in finder.titles.items() if who != new_id}
    del finder.discovered[new_id]
    finder.discoveries = [d for d in finder.discoveries if d.actor_id != new_id]


def merge_into(finder: Finder, new_id: str, actor_id: str) -> None:
    """Make every mention, role and title of the discovered `new_id` the actor's, and forget `new_id`."""
    finder.mentions = [replace(m, actor_id=actor_id) if m.actor_id == new_id else m for m in finder.mentions]
    finder.roles = [(actor_id if who == new_id else who, role) for who, role in finder.roles]
    finder.titles = {words: actor_id if who == new_id else who for words, who in finder.titles.items()}
    forget(finder, new_id)


def short_forms(finder: Finder, pars: list[Paragraph]) -> None:
    """Pass 2: a surname alone (بيسكوف، دو فيلييه) stands for the person this article named in full."""
    people = {m.actor_id for m in finder.mentions if kind_of(finder, m.actor_id) == "person"}
    forms: dict[tuple[str, ...], set[str]] = {}
    for m in finder.mentions:
        words = name_words(m.surface)
        if m.actor_id in people and len(words) >= 2:
            for k in range(1, len(words)):
                if words[k] not in finder.lex.particles:
                    forms.setdefault(words[k:], set()).add(m.actor_id)
    unique = {w: ids.pop() for w, ids in forms.items() if len(ids) == 1}
    add_standins(finder, pars, standins_of(unique))


def registered_body(finder: Finder, par: Paragraph, k: int) -> int:
    """How many tokens from k name a registry organisation joined to the word before it (0: none)."""
    found = match_alias(par, k, finder.index) if 0 < k < len(par.tokens) and (k - 1) not in par.breaks else None
    return found[1] if found and kind_of(finder, found[0]) == "organization" else 0


def actor_of(finder: Finder, actor_id: str) -> Actor | None:
    """The registry's actor of that id, or the one this article discovered."""
    return finder.registry.actors.get(actor_id) or finder.discovered.get(actor_id)


def kind_of(finder: Finder, actor_id: str) -> str | None:
    actor = actor_of(finder, actor_id)
    return actor.type if actor else None


@dataclass(frozen=True)
class Standins:
    """Stand-in forms (word sequences → actor) ready to look up: by first word, longest first, and
    every way a first word may be written (`_with_clitics`)."""

    by_first: dict[str, list[tuple[int, tuple[str, ...], str]]]
    written: set[str]


def standins_of(forms: dict[tuple[str, ...], str]) -> Standins:
    """`forms` ranked longest first and indexed by first word."""
    by_first: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
    for rank, (words, actor_id) in enumerate(sorted(forms.items(), key=lambda f: -len(f[0]))):
        by_first.setdefault(words[0], []).append((rank, words, actor_id))
    return Standins(by_first, _with_clitics(by_first))


def add_standins(finder: Finder, pars: list[Paragraph], standins: Standins,
                 excluded: Collection[tuple[str, ...]] = ()) -> None:
    """Mention the stand-in forms wherever they stand outside existing mentions, but those `excluded`.

    The longest form wins where several start at a token. Forms are looked up by their first
    word, so the cost is per token, not per token and form."""
    by_first, written = standins.by_first, standins.written
    if not by_first:
        return
    covered = mention_spans(finder)
    for par in pars:
        spans = covered.get(par.index, [])
        for i in [k for k, token in enumerate(par.tokens) if token.norm in written]:
            token = par.tokens[i]
            cuts: dict[str, int] = {}
            for stem, c in clitic_readings(token.norm):
                if stem in by_first:
                    cuts.setdefault(stem, c)
            if not cuts or any(s <= token.start < e for s, e in spans):
                continue
            for _, words, actor_id in sorted(f for stem in cuts for f in by_first[stem]):
                if words in excluded:
                    continue  # as if it were not a form at all
                if par.joined(i, len(words)) and all(par.norm(i + k) == words[k] for k in range(1, len(words))):
                    if not name_continues(par, i + len(words), finder.lex) and not held_before(par, i + len(words), finder.lex):
                        finder.add(par, actor_id, i, len(words), cuts[words[0]])
                    break


def body_heads(name: str, lex: Lexicon) -> set[str]:
    """The words with ال that stand for a body once it is named: its head (الوزارة for وزارة الخارجية
    الروسية, الشرطة for الشرطة البريطانية) and, after a head the press drops, the next word (الخارجية)."""
    words = name_words(name)
    bare = ["ال" + (w[2:] if w.startswith("ال") else w) for w in words[:2]]
    found = {bare[0]} if bare[0] in lex.org_heads or bare[0][2:] in lex.org_heads else set()
    if found and len(bare) > 1 and (words[0] in lex.short_heads or bare[0][2:] in lex.short_heads):
        found.add(bare[1])
    return found


def body_references(finder: Finder, pars: list[Paragraph]) -> None:
    """Pass 4: «وقالت الوزارة»، «وذكرت الوكالة»: a body's head alone is the body of that head the article
    named last before it (`body_heads`); not where a nationality makes it another body (الشرطة الفرنسية),
    nor inside the title of a person named after it."""
    named: dict[str, list[tuple[tuple[int, int], str]]] = {}
    for m in finder.mentions:
        actor = actor_of(finder, m.actor_id)
        for head in body_heads(actor.name, finder.lex) if actor and actor.type == "organization" else ():
            named.setdefault(head, []).append(((m.paragraph, m.start), m.actor_id))
    if not named:
        return
    for places in named.values():
        places.sort()
    written, covered = _with_clitics(named), mention_spans(finder)
    people: dict[int, list[int]] = {}
    for m in finder.mentions:
        if kind_of(finder, m.actor_id) == "person":
            people.setdefault(m.paragraph, []).append(m.start)
    for par in pars:
        for i in [k for k, token in enumerate(par.tokens) if token.norm in written]:
            token = par.tokens[i]
            head, cut = next(((stem, c) for stem, c in clitic_readings(token.norm) if stem in named), ("", 0))
            before = [actor for place, actor in named.get(head, ()) if place < (par.index, token.start)]
            if before and not any(s <= token.start < e for s, e in covered.get(par.index, ())) \
                    and not another_nationality(par, i, before[-1], finder) \
                    and not titles_a_person(par, i, people):
                finder.add(par, before[-1], i, 1, cut)


def another_nationality(par: Paragraph, i: int, actor_id: str, finder: Finder) -> bool:
    """Whether the nationality after token i is not the body's: «الوزارة الروسية» is no ministry named
    «… الأمريكية», while «الصحيفة العبرية» may well be «يديعوت أحرونوت»."""
    if not (par.joined(i, 2) and par.norm(i + 1) in finder.lex.nationalities):
        return False
    actor = actor_of(finder, actor_id)
    named = [word for word in name_words(actor.name) if word in finder.lex.nationalities] if actor else []
    return bool(named) and par.norm(i + 1) not in named


def titles_a_person(par: Paragraph, i: int, people: dict[int, list[int]]) -> bool:
    """Whether token i is inside the title of a person named right after it, with no break but a comma
    between («وزير الدولة للشؤون الخارجية أنور قرقاش»، «المتحدث باسم الجيش، العميد أحمد المسماري»):
    the title is theirs. `people`: paragraph → where its person mentions start."""
    for k in range(i + 1, min(i + 4, len(par.tokens))):
        if (k - 1) in par.breaks and (k - 1) not in par.commas:
            return False
        if any(par.tokens[k].start <= start < par.tokens[k].end for start in people.get(par.index, ())):
            return True
        if not par.norm(k).startswith("ال"):  # the title runs on over words with ال only (الخارجية الصينية لو كانغ)
            return False
    return False


def mention_spans(finder: Finder) -> dict[int, list[tuple[int, int]]]:
    """Paragraph → (start, end) of every mention found so far."""
    covered: dict[int, list[tuple[int, int]]] = {}
    for m in finder.mentions:
        covered.setdefault(m.paragraph, []).append((m.start, m.end))
    return covered


def _with_clitics(stems: Iterable[str]) -> set[str]:
    """Every word whose clitic readings (`clitic_readings`) may include one of `stems`: the stem, behind
    و or ف, then ب ك ل, and لل for ل + ال. A superset, so a word outside it need not be read."""
    bare = set(stems) | {"ل" + stem[1:] for stem in stems if stem.startswith("ال")}
    with_preposition = bare | {clitic + word for clitic in PREPOSITIONS for word in bare}
    return with_preposition | {clitic + word for clitic in CONJUNCTIONS for word in with_preposition}


def held_before(par: Paragraph, j: int, lex: Lexicon) -> bool:
    """A title that goes on with السابق or الراحل at token j is someone else's than its holder's today."""
    return j < len(par.tokens) and (j - 1) not in par.breaks and par.norm(j) in lex.other_holder


def name_continues(par: Paragraph, j: int, lex: Lexicon) -> bool:
    """A title followed by a name is not a stand-in: the name says who it is."""
    return (j - 1) not in par.breaks and name_length(par, j, lex) > 0 and par.norm(j) not in lex.stop_words


YEAR_RANGE = re.compile(r"(\d{4})\s*[–-]\s*(\d{4})?")
RoleIndex = dict[tuple[str, ...], tuple[tuple[str, tuple[tuple[int, int | None], ...]], ...]]


def role_index(registry: Registry) -> RoleIndex:
    """Registry titles (in matching words) → (person, periods as year ranges); built once per registry version."""
    return derived(registry, "role index", _role_index)


def _role_index(registry: Registry) -> RoleIndex:
    index: dict[tuple[str, ...], list[tuple[str, tuple[tuple[int, int | None], ...]]]] = {}
    for actor in registry.actors.values():
        for role in actor.roles:
            ranges = tuple((int(a), int(b) if b else None) for a, b in YEAR_RANGE.findall(role.period or ""))
            words = matching_words(role.title)
            if actor.type == "person" and ranges and len(words) >= 2:
                index.setdefault(words, []).append((actor.id, ranges))
    return {k: tuple(v) for k, v in index.items()}


def registry_standins(article: Article, registry: Registry) -> Standins:
    """Titles that stand for the one registry person holding them when the article was written.

    With a date, the role's period must include its year; without one, only a current
    (open-ended) period counts. (A title the article gave to someone else wins: `extract_mentions`
    excludes it.) Made once per registry version and year: a thousand titles, the same for every
    article of that year.
    """
    year = int(article.date[:4]) if article.date else None
    return derived(registry, ("stand-ins", year), lambda registry: standins_of(holders_in(role_index(registry), year)))


def holders_in(roles: RoleIndex, year: int | None) -> dict[tuple[str, ...], str]:
    """Title → the one person holding it in `year` (without a year: now, an open-ended period)."""
    forms = {}
    for words, holders in roles.items():
        fitting = {actor for actor, ranges in holders if any(
            (year is None and end is None) or (year is not None and start <= year <= (end or 9999)) for start, end in ranges)}
        if len(fitting) == 1:
            forms[words] = fitting.pop()
    return forms


def extract_mentions(article: Article, registry: Registry) -> ActorFindings:
    """Find every mention of an actor in the article, with roles and new names."""
    finder = Finder(article, registry, registry_word_lists(registry, "patterns.yml", lexicon_of), alias_index(registry),
                    [], [], {}, [], {})
    pars = [paragraph_tokens(p.index, p.text) for p in article.paragraphs]
    for par in pars:
        scan(finder, par)
    merge_partial_names(finder)
    short_forms(finder, pars)
    add_standins(finder, pars, standins_of({words: actor for words, actor in finder.titles.items() if len(words) >= 2}))
    add_standins(finder, pars, registry_standins(article, registry), excluded=finder.titles)
    body_references(finder, pars)
    mentions = sorted(set(finder.mentions), key=lambda m: (m.paragraph, m.start, -m.end, m.actor_id))
    return ActorFindings(tuple(drop_overlaps(mentions)), tuple(finder.roles), tuple(finder.discovered.values()),
                         tuple(finder.discoveries))


def drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the first, longest mention where two overlap; a body named inside a title
    (الأمين العام للأمم المتحدة) stays as a mention of its own."""
    kept: list[Mention] = []
    outer: Mention | None = None
    for mention in mentions:
        if outer is None or mention.paragraph != outer.paragraph or mention.start >= outer.end:
            kept.append(mention)
            outer = mention
        elif mention.end <= outer.end and mention.actor_id != outer.actor_id:
            kept.append(mention)
    return kept
