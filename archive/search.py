"""Search folding: one definition of how Arabic is matched, for indexing and for queries.

Pages carry their words in folded form for the static search index (Pagefind),
and `folding_tables()` gives the browser the same rules as JSON, so a query is
folded exactly like the text. Folding is `archive.arabic.normalise` plus:
- the definite article with its clitics (ال، وال، بال، فال، كال، لل) is dropped
  when a stem of three letters or more remains: الإرهاب، والإرهاب، إرهاب → ارهاب;
- spelling pairs of this genre fold together (سوريا/سورية، أميركي/أمريكي);
- a word with a one-letter clitic (ولافروف) is indexed as itself and as its stem,
  so a reader finds it with or without the clitic, without stemming anything else
  (فعال never becomes عال for a query, so it never meets العالم);
- the browser (assets/js/archive-search.js) searches a query word typed with a one-letter clitic
  (ولافروف، بموسكو) also as its stem: instead of the typed word when no indexed word starts with
  it, and besides it when the stem has QUERY_UNION_MIN_STEM letters or more.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from jinja2.utils import htmlsafe_json_dumps

from archive.arabic import CONJUNCTIONS, DIGITS, INVISIBLE, LETTER_MAP, PREPOSITIONS, Token, normalise, tokenize
from archive.model import Article, SearchText
from archive.registry import Registry, load_word_lists, registry_word_lists

SEARCH_FILE = Path(__file__).resolve().parents[1] / "registry" / "search.yml"
ARTICLE_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال")
ONE_LETTER_CLITICS = CONJUNCTIONS + PREPOSITIONS  # و ف ب ك ل
MIN_STEM = 3
# A query word with a one-letter clitic is searched as typed and also as its stem only when the stem
# has this many letters: a shorter one is too often another word (فعال → عال "high", وزير → زير).
QUERY_UNION_MIN_STEM = 4


@dataclass(frozen=True, eq=False)  # compared by identity: one per version of the file
class Spellings:
    """Spelling pairs in matching form, and the index forms of the words met so far (`_index_forms`)."""

    words: dict[str, str]
    prefixes: tuple[tuple[str, str], ...]
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)


NO_SPELLINGS = Spellings({}, ())


def load_spellings(path: Path | None = None) -> Spellings:
    """The spelling pairs of a search.yml (default: the project's registry/search.yml) in matching form,
    read again when the file changes (an editor adding a pair under `mkdocs serve`): a build reads them
    once and passes them on. A registry without the file has no pairs."""
    path = path or SEARCH_FILE
    return load_word_lists(path, spellings_of) if path.is_file() else NO_SPELLINGS


def registry_spellings(registry: Registry) -> Spellings:
    """The spelling pairs of the registry a build reads (build.py --registry, ARCHIVE_REGISTRY), loaded
    once per registry version (the extraction asks for them per article); none without its search.yml."""
    return registry_word_lists(registry, SEARCH_FILE.name, spellings_of, absent=NO_SPELLINGS)


def spellings_of(raw: dict[str, Any]) -> Spellings:
    """The spelling pairs of the parsed YAML file, in matching form."""
    words = {normalise(k): normalise(v) for k, v in (raw.get("words") or {}).items()}
    prefixes = tuple(sorted(((normalise(k), normalise(v)) for k, v in (raw.get("prefixes") or {}).items()),
                            key=lambda kv: -len(kv[0])))
    return Spellings(words, prefixes)


def strip_article(word: str) -> str:
    """Drop ال and the clitics before it when a stem of three letters or more remains."""
    for prefix in ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            return word[len(prefix) :]
    return word


def fold_word(word: str, spellings: Spellings | None = None) -> str:
    """The search form of one word already in matching form."""
    spellings = spellings or load_spellings()
    word = strip_article(word.lower())  # Latin names and acronyms (Trump, CNN) as readers type them
    word = spellings.words.get(word, word)
    for old, new in spellings.prefixes:
        if word.startswith(old):
            return new + word[len(old) :]
    return word


def index_forms(word: str, spellings: Spellings | None = None) -> list[str]:
    """What the index holds for one word: its search form, and its stem behind a one-letter clitic
    (not for a word the spellings list whole, such as بوجدانوف: its ب is no clitic)."""
    spellings = spellings or load_spellings()
    forms = [fold_word(word, spellings)]
    if word[:1] in ONE_LETTER_CLITICS and not word.startswith(ARTICLE_PREFIXES) and len(word) - 1 >= MIN_STEM \
            and word.lower() not in spellings.words:
        stem = fold_word(word[1:], spellings)
        if stem not in forms:
            forms.append(stem)
    return forms


MAX_REMEMBERED_FORMS = 262_144  # words; 58,000 distinct in 2,000 articles


def _index_forms(word: str, spellings: Spellings) -> tuple[str, ...]:
    """`index_forms`, remembered with the spellings it was made with: an archive reuses the same
    words. A plain dict, looked up inline by `search_terms_of_parts`: an lru_cache hit cost twice as much."""
    forms = spellings.forms.get(word)
    if forms is None:
        if len(spellings.forms) >= MAX_REMEMBERED_FORMS:  # `mkdocs serve` runs for days
            spellings.forms.clear()
        forms = spellings.forms[word] = tuple(index_forms(word, spellings))
    return forms


def search_terms(text: str, spellings: Spellings | None = None) -> tuple[list[str], list[str]]:
    """The folded words of `text` for the index, and beside each the original text it stands for.

    The two lists have the same length, so a match at word k of the index is shown
    to the reader as the original segment k (an extra stem form gets an empty segment).
    """
    # A text searched once (an actor's names, a resolution's words) is tokenised past the tokenize
    # cache, where it would only push out the paragraphs the extraction rules share.
    return search_terms_of_parts([text], tokenize.__wrapped__, spellings)


def article_search_text(article: Article, spellings: Spellings | None = None) -> SearchText:
    """`search_terms` of an article's headline and paragraphs: computed with its facts (in the
    extraction workers, cached by article), not again on every rendering of its page."""
    terms, segments = search_terms_of_parts([article.title, *(p.text for p in article.paragraphs)], spellings=spellings)
    # HTML-safe like Jinja's tojson (< > & ' escaped), but Arabic as itself: \uXXXX escapes made the
    # index's biggest field three times larger, and Pagefind's time and memory grow with it.
    return SearchText(" ".join(terms), str(htmlsafe_json_dumps(segments, ensure_ascii=False)) if segments else "")


def search_terms_of_parts(parts: list[str], tokens: Callable[[str], Sequence[Token]] = tokenize,
                          spellings: Spellings | None = None) -> tuple[list[str], list[str]]:
    """`search_terms("\\n".join(parts))`, each part tokenised on its own, by default through the
    tokenize cache: the extraction rules have just tokenised the same paragraphs (no word spans a
    line break)."""
    text, spellings = "\n".join(parts), spellings or load_spellings()
    terms: list[str] = []
    segments: list[str] = []
    previous = offset = 0
    remembered = spellings.forms
    for part in parts:
        for norm, _, end in tokens(part):
            end += offset
            forms = remembered.get(norm) or _index_forms(norm, spellings)
            terms += forms
            segments.append(text[previous:end])
            if len(forms) > 1:  # a stem form shows no text of its own
                segments += [""] * (len(forms) - 1)
            previous = end
        offset += len(part) + 1
    if segments:
        segments[-1] += text[previous:]
    return terms, segments


# Actor and resolution names for suggestions shown while Pagefind is still loading (archive-search.js):
# one file per first two letters of a folded name word, so a query fetches a few kilobytes.
SUGGESTIONS_DIR = "assets/search-entities"
# A discovered actor is suggested once two articles name it: three in four discovered at 10,000 articles
# are named once, and among them are most of the rules' mistakes (بعدما فعلت); Pagefind still finds them.
SUGGEST_MIN_ARTICLES = 2


@dataclass(frozen=True)
class EntityName:
    """An actor or resolution page as the search box suggests it."""

    url: str  # site-relative, e.g. actors/sergey-lavrov/
    title: str  # as written; the browser escapes it
    kind: str  # shown beside the title (شخص، منظمة، قرار)
    articles: int  # how many articles name it: ranks suggestions
    names: tuple[str, ...]  # the name and aliases a reader may type


def suggestion_key(word: str) -> str:
    """The shard of a folded word: its first two characters as hex code points (ASCII file names)."""
    return "".join(f"{ord(char):04x}" for char in word[:2])


def name_words(name: str, spellings: Spellings) -> list[str]:
    """The folded words of a name, without the stems behind one-letter clitics the index adds: the
    browser tries a typed word's stem itself, and لافروف must not be suggested for افروف."""
    return [_index_forms(token.norm, spellings)[0] for token in tokenize.__wrapped__(name)]


def entity_suggestions(entities: Sequence[EntityName], spellings: Spellings | None = None) -> dict[str, list[list[Any]]]:
    """Shard key → entries `[url, title, kind, articles, [folded words of each name]]`, an entity in the
    shard of each of its words, most named first; words shorter than two letters start no suggestion."""
    shards: dict[str, list[list[Any]]] = {}
    spellings = spellings or load_spellings()  # once, not once a name: it looks at the file's time stamp
    for entity in sorted(entities, key=lambda e: (-e.articles, e.url)):
        names = [list(words) for words in dict.fromkeys(tuple(name_words(name, spellings)) for name in entity.names)]
        entry = [entity.url, entity.title, entity.kind, entity.articles, names]
        for key in sorted({suggestion_key(word) for words in names for word in words if len(word) >= 2}):
            shards.setdefault(key, []).append(entry)
    return shards


def entity_weight(articles: int, reviewed: bool) -> int:
    """How much an actor or resolution page's names count in the index (Pagefind weights 1–10).

    A curated entry counts fully; a discovered one by how many articles name it, so a name
    found once in one article never outranks the actor a reader is looking for."""
    if reviewed:
        return 10
    return min(10, 4 + round(1.5 * math.log2(1 + articles)))


def folding_tables(spellings: Spellings | None = None) -> dict[str, Any]:
    """The folding rules as data for the browser's query folding (assets/search-folding.json)."""
    spellings = spellings or load_spellings()
    return {
        "letters": LETTER_MAP,
        "digits": DIGITS,
        "invisible": "".join(sorted(INVISIBLE)),
        "articlePrefixes": list(ARTICLE_PREFIXES),
        "clitics": "".join(ONE_LETTER_CLITICS),
        "minStem": MIN_STEM,
        "unionMinStem": QUERY_UNION_MIN_STEM,
        "words": spellings.words,
        "prefixes": [list(pair) for pair in spellings.prefixes],
    }


def folding_json(spellings: Spellings | None = None) -> str:
    """`folding_tables()` as the JSON file the search script loads."""
    return json.dumps(folding_tables(spellings), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
