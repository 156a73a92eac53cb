"""Statement extraction: the gold of the five seeds, and one fixture per convention.

The seed tests run the real actor extraction, so speakers are the actors it finds.
The convention fixtures give the extractor their mentions as plain data (where
the names sit in the text), so that each one tests statement logic alone.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from archive.arabic import normalise
from archive.extract.actors import ActorFindings, extract_mentions
from archive.extract.statements import find_quotes, load_lexicon
from archive.extract.statements import extract_statements
from archive.model import Article, Mention, Statement
from archive.registry import Registry

SEEDS = [
    "000_530f177a4472afb0.txt",
    "001_8c87d7248a5dab15.txt",
    "002_bc64007392f385e7.txt",
    "003_3d39ae72756f47f4.txt",
    "004_c250db8dfdc2da85.txt",
]


# --- Gold of the seeds -----------------------------------------------------------------


def _gold_forms(entry: dict[str, Any], name: str) -> set[str]:
    """The written forms of a gold actor: its name and the forms in `also`."""
    for actor in entry["persons"] + entry["organizations"]:
        if actor["name"] == name:
            return {normalise(form) for form in (actor["name"], *actor["also"])}
    return {normalise(name)}


def _actor_id(name: str, entry: dict[str, Any], registry: Registry, found: ActorFindings) -> str | None:
    """Map a gold speaker name to an actor id: registry or discovered names first, then mention surfaces."""
    forms = _gold_forms(entry, name)
    for actor in [*registry.actors.values(), *found.discovered]:
        if forms & {normalise(n) for n in (actor.name, *actor.aliases)}:
            return actor.id
    return next((m.actor_id for m in found.mentions if normalise(m.surface) in forms), None)


def _starts(statement: Statement, words: str) -> bool:
    return normalise(statement.text).startswith(normalise(words))


@pytest.fixture(scope="module")
def seed_results(seed_articles: dict[str, Article], registry: Registry, gold: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    """Per seed: its statements, the gold statements with speakers as actor ids."""
    results = {}
    for name, article in seed_articles.items():
        found = extract_mentions(article, registry)
        statements = extract_statements(article, found.mentions, registry)
        expected = [(g["kind"], _actor_id(g["speaker"], gold[name], registry, found), g["starts"])
                    for g in gold[name]["statements"]]
        results[name] = (statements, expected)
    return results


def test_direct_statements_found_with_right_speaker(seed_results: dict[str, tuple[Any, ...]]) -> None:
    expected = [(s, e) for s, exp in seed_results.values() for e in exp if e[0] == "direct"]
    right = [e for statements, e in expected
             if any(s.kind == "direct" and _starts(s, e[2]) and e[1] is not None and s.speaker == e[1] for s in statements)]
    missed = [e for _, e in expected if e not in right]
    assert len(right) >= 0.9 * len(expected), f"{len(right)}/{len(expected)}; missed or wrong speaker: {missed}"


def test_direct_statements_found_are_real(seed_results: dict[str, tuple[Any, ...]]) -> None:
    found = [(s, exp) for statements, exp in seed_results.values() for s in statements if s.kind == "direct"]
    real = [s for s, exp in found if any(k == "direct" and _starts(s, words) for k, _, words in exp)]
    spurious = [s.text for s, _ in found if s not in real]
    assert found and len(real) >= 0.9 * len(found), f"{len(real)}/{len(found)} real; spurious: {spurious}"


def test_every_indirect_example_is_found(seed_results: dict[str, tuple[Any, ...]]) -> None:
    for statements, expected in seed_results.values():
        for kind, speaker, words in (e for e in expected if e[0] == "indirect"):
            matches = [s for s in statements if s.kind == "indirect" and _starts(s, words)]
            assert matches, f"indirect statement not found: {words}"
            assert speaker is not None and matches[0].speaker == speaker, f"{words}: {matches[0].speaker} != {speaker}"


@pytest.mark.parametrize("name", SEEDS)
def test_seed_statements_are_numbered_and_anchored(name: str, seed_results: dict[str, tuple[Any, ...]],
                                                   seed_articles: dict[str, Article]) -> None:
    statements = seed_results[name][0]
    paragraphs = {p.index: p for p in seed_articles[name].paragraphs}
    assert [s.id for s in statements] == [f"statement-{n}" for n in range(1, len(statements) + 1)]
    assert [(s.paragraph, s.start) for s in statements] == sorted((s.paragraph, s.start) for s in statements)
    for statement in statements:
        assert paragraphs[statement.paragraph].text[statement.start:statement.end] == statement.text


# --- One fixture per convention --------------------------------------------------------

LAVROV, PESKOV, ALFANO, JUBEIR = "sergey-lavrov", "dmitry-peskov", "angelino-alfano", "adel-al-jubeir"
RUSSIAN_MFA, SYRIAN_MFA, TASS = "russian-foreign-ministry", "syrian-foreign-ministry", "tass"
NAMES = {
    "سيرغي لافروف": LAVROV, "لافروف": LAVROV, "وزير الخارجية الروسي": LAVROV,
    "بيسكوف": PESKOV, "وزير الخارجية الإيطالي": ALFANO, "الخارجية الروسية": RUSSIAN_MFA,
    "وزارة الخارجية السورية": SYRIAN_MFA, "وكالة تاس": TASS, "عادل الجبير": JUBEIR,
}

# (convention, body, expected statements as (kind, speaker, first words)): the complete list.
CONVENTIONS = [
    ("guillemets", "وقال لافروف في مؤتمر صحفي: «إن روسيا مستعدة للتعاون مع جميع الأطراف».",
     [("direct", LAVROV, "إن روسيا مستعدة للتعاون")]),
    ("curly quotes", "وقال بيسكوف: “ليست لدينا أي معلومات حول هذه المزاعم”.",
     [("direct", PESKOV, "ليست لدينا أي معلومات")]),
    ("straight quotes and a body", 'وقالت الخارجية الروسية في بيان لها أمس "إن موسكو تدعم الحل السياسي للأزمة".',
     [("direct", RUSSIAN_MFA, "إن موسكو تدعم الحل")]),
    ("two dots then marks", "وقال لافروف في موسكو اليوم.. “نبذل جهودنا لمساعدة العراق في مكافحة الإرهاب”.",
     [("direct", LAVROV, "نبذل جهودنا لمساعدة العراق")]),
    ("two dots without marks and a role",
     "وأضاف وزير الخارجية الروسي.. نبذل قصارى جهودنا لمساعدة العراق مشددا على التعاون مع “الأصدقاء العراقيين”.",
     [("direct", LAVROV, "نبذل قصارى جهودنا لمساعدة العراق")]),
    ("verb after the quotation", "«إن الإرهاب لا يعرف حدودا ولا يعترف بها»، قال لافروف أمس.",
     [("direct", LAVROV, "إن الإرهاب لا يعرف حدودا")]),
    ("according to, after the quotation",
     "«تركيا لا تزال تشكل المعبر الرئيسي لتسلل الإرهابيين»، بحسب بيان لوزارة الخارجية السورية.",
     [("direct", SYRIAN_MFA, "تركيا لا تزال")]),
    ("split by the verb", "وأضاف لافروف ان هجوم باريس «نفذه من تدرب مع الجماعات المسلحة»، وقال: «إن هناك تفهما من قبل الجميع».",
     [("direct", LAVROV, "نفذه من تدرب"), ("direct", LAVROV, "إن هناك تفهما")]),
    ("continuation", "وقال بيسكوف: “ليست لدينا معلومات حول الحوادث”.\n\nوأضاف: “الكرملين لم يطلع بعد على التقرير الجديد”.",
     [("direct", PESKOV, "ليست لدينا معلومات"), ("direct", PESKOV, "الكرملين لم يطلع")]),
    ("continuation after من جهته", "وقال لافروف: «إن روسيا لن تتخلى عن حلفائها في المنطقة».\n\n"
     "من جهته قال: «نحن ندعم الحوار السوري دون تدخل خارجي».",
     [("direct", LAVROV, "إن روسيا لن تتخلى"), ("direct", LAVROV, "نحن ندعم الحوار")]),
    ("participle after a quotation", "وقال بيسكوف “ليست لدينا أي معلومات حول الحوادث” مضيفا إن “الكرملين لم يطلع حتى الآن على التقرير”.",
     [("direct", PESKOV, "ليست لدينا أي"), ("direct", PESKOV, "الكرملين لم يطلع")]),
    ("role speaker", "من جهته قال وزير الخارجية الإيطالي: “إن إيطاليا تعتبر روسيا شريكا استراتيجيا”.",
     [("direct", ALFANO, "إن إيطاليا تعتبر روسيا")]),
    ("speaker in apposition", "قال وزير الخارجية السعودي، عادل الجبير، إن أزمة قطر مسألة صغيرة في أجندة المباحثات.",
     [("indirect", JUBEIR, "أزمة قطر مسألة صغيرة")]),
    ("source phrase", "وقال مصدر رسمي في وزارة الخارجية السورية إن «تركيا لا تزال تشكل المعبر الرئيسي للإرهابيين».\n\n"
     "وأضاف المصدر أن هذا التصريح يشكل اعترافا رسميا.",
     [("direct", SYRIAN_MFA, "تركيا لا تزال"), ("indirect", SYRIAN_MFA, "هذا التصريح يشكل")]),
    ("reported by an agency", "ونقلت وكالة تاس عن لافروف قوله: «إن موسكو مستعدة لاستضافة جولة جديدة من المحادثات».",
     [("direct", LAVROV, "إن موسكو مستعدة لاستضافة")]),
    ("unresolved speaker", "وقال شاهد عيان: «رأينا الطائرات تقصف الحي طوال الليل».",
     [("direct", None, "رأينا الطائرات")]),
    ("scare quotes ignored", "وأشار لافروف إلى أن مكافحة الإرهاب يجب أن تستند إلى “قاعدة متينة” بعيدا عن تنظيم “داعش” "
     "وما سمي “المعارضة المعتدلة”.",
     [("indirect", LAVROV, "مكافحة الإرهاب يجب")]),
    ("quoted name in the speaker phrase", 'وقال تلفزيون "سي إن إن ترك الإخبارية" إن الشرطة اعتقلت المهاجم.',
     [("indirect", None, "الشرطة اعتقلت المهاجم")]),
    ("indirect up to a participle", "وأكد سيرغي لافروف أن روسيا ستواصل دعم سورية مشيرا إلى أن الحل سياسي.",
     [("indirect", LAVROV, "روسيا ستواصل دعم سورية"), ("indirect", LAVROV, "الحل سياسي")]),
    ("indirect with the name before the verb", "يذكر أن بيسكوف أكد قبل يومين أن العملية تجري وفق القانون الدولي.",
     [("indirect", PESKOV, "العملية تجري")]),
    ("indirect not repeating a quotation", "وقال لافروف إنه “آن الأوان لنجمع قوانا في محاربة الإرهاب”.",
     [("direct", LAVROV, "آن الأوان لنجمع")]),
    # A participle speaks for its sentence's speech verb: not for the first actor the sentence names.
    ("participle of an unnamed source", "وذكرت مصادر عسكرية أن القوات تقدمت نحو مقر لافروف في المدينة، مضيفة أن الهجوم سيستمر.",
     [("indirect", None, "القوات تقدمت نحو مقر"), ("indirect", None, "الهجوم سيستمر")]),
    # A name right before the verb is its subject, even with words after the verb; not one a preposition
    # governs, nor one before a definite noun after the verb (the subject then).
    ("name before the verb, words after it", 'غير أن بيسكوف قال دفاعا عن القرار "إن الكرملين لم يطلع على التقرير".',
     [("direct", PESKOV, "إن الكرملين لم يطلع")]),
    ("name before the verb, then its subject", "وعن الخطة التي أعدتها الخارجية الروسية قال الدبلوماسي الفرنسي إن الخطة جاهزة.",
     [("indirect", None, "الخطة جاهزة")]),
    ("name after a preposition before the verb", "ووجه الموظفون رسالة إلى الخارجية الروسية شددت فيها على أن الإضراب سيستمر.",
     [("indirect", None, "الإضراب سيستمر")]),
    ("participle of the verb's named subject", "وردا على بيسكوف، نفت الخارجية الروسية هذه الاتهامات، قائلة إن الاتهامات بلا أساس.",
     [("indirect", RUSSIAN_MFA, "الاتهامات بلا أساس")]),
    # A name after a relative pronoun is in the relative clause, not the verb's subject.
    ("name in a relative clause after the verb", "وقال لافروف إن المحادثات مستمرة.\n\n"
     "وقالت المرأة التي اتهمت بيسكوف قبل عامين، إنها تصر على اتهامها.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", None, "إنها تصر على اتهامها")]),
    # A subject written before the verb that names no one is someone unnamed, not the last speaker.
    ("unnamed subject before the verb", "وقال لافروف إن المحادثات مستمرة.\n\nلكن الشرطة المحلية قالت إن الطريق مغلق.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", None, "الطريق مغلق")]),
    ("relative pronoun before the verb, after a name", "وقال لافروف إن المحادثات مستمرة.\n\n"
     "وجاء ذلك بعد تصريحات بيسكوف، الذي قال إن الكرملين لم يطلع على التقرير.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", PESKOV, "الكرملين لم يطلع")]),
    ("relative pronoun before the verb, no name", "وقال لافروف إن المحادثات مستمرة.\n\n"
     "ونفى الكرملين التقارير التي أشارت إلى أن الاجتماع ألغي.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", None, "الاجتماع ألغي")]),
    # …but not a plural relative before a singular verb (its object), nor a phrase a preposition opens.
    ("plural relative before a singular verb", "وقال لافروف إن المحادثات مستمرة.\n\n"
     "وأشاد بدور الأشقاء الذين أكد أنهم يدعمون الحل.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", LAVROV, "أنهم يدعمون الحل")]),
    # A person a sentence opens with (ورد لافروف …) is the one a later «وأضاف» of the paragraph goes on with;
    # not from another paragraph, nor from inside a quotation.
    ("subject of a sentence goes on", "وقال لافروف إن المحادثات مستمرة.\n\nورد بيسكوف على الانتقادات. وأضاف أن الحل سياسي.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", PESKOV, "الحل سياسي")]),
    ("subject of another paragraph", "وقال لافروف إن المحادثات مستمرة.\n\nورد بيسكوف على الانتقادات.\n\nوأضاف أن الحل سياسي.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", LAVROV, "الحل سياسي")]),
    ("subject inside a quotation", "وقال لافروف: «نرحب بالزيارة». «ويصل بيسكوف غدا إلى موسكو»، وأضاف أن الحل سياسي.",
     [("direct", LAVROV, "نرحب بالزيارة"), ("direct", LAVROV, "ويصل بيسكوف غدا"), ("indirect", LAVROV, "الحل سياسي")]),
    ("adverbial before the verb", "وقال لافروف إن المحادثات مستمرة.\n\nوعن شعوره وقت الاجتماع أوضح أنه كان متفائلا.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", LAVROV, "أنه كان متفائلا")]),
    # A verb without a subject goes on with the last speaker in the gender of the word that introduced
    # them: «وقالت الخارجية …. وأضاف» is someone else, unnamed; «وأضافت» is the ministry. But «وأضاف
    # البيان» agrees with البيان, not with the speaker.
    ("a verb of the other gender", "وقالت الخارجية الروسية إن المحادثات مستمرة.\n\nوأضاف أن الحل سياسي.",
     [("indirect", RUSSIAN_MFA, "المحادثات مستمرة"), ("indirect", None, "الحل سياسي")]),
    ("a verb of the same gender", "وقالت الخارجية الروسية إن المحادثات مستمرة.\n\nوأضافت أن الحل سياسي.",
     [("indirect", RUSSIAN_MFA, "المحادثات مستمرة"), ("indirect", RUSSIAN_MFA, "الحل سياسي")]),
    ("a feminine verb after a masculine one", "وقال لافروف إن المحادثات مستمرة.\n\nوقالت إن الحل سياسي.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", None, "الحل سياسي")]),
    # After someone unnamed speaks, a verb without a subject goes on with them, not with the last one named.
    ("an unnamed speaker goes on", "وقال لافروف إن المحادثات مستمرة.\n\nوقال مصدر مسؤول إن الادعاءات كاذبة.\n\n"
     "وأضاف أن الحل سياسي.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", None, "الادعاءات كاذبة"), ("indirect", None, "الحل سياسي")]),
    ("a subject after an unnamed speaker", "وقال مصدر مسؤول إن الادعاءات كاذبة.\n\nورد بيسكوف على الانتقادات. "
     "وأضاف أن الحل سياسي.",
     [("indirect", None, "الادعاءات كاذبة"), ("indirect", PESKOV, "الحل سياسي")]),
    ("a body opens the sentence", "وقال لافروف إن المحادثات مستمرة.\n\nوكانت الخارجية الروسية قد قالت إن الحل سياسي.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", RUSSIAN_MFA, "الحل سياسي")]),
    # «المتحدث», «الوزيرة» … are the last speaker when a person of their gender, else someone unnamed, whom
    # a later verb goes on with.
    ("a minister after a ministry", "وقالت الخارجية الروسية إن المحادثات مستمرة.\n\nوقال الوزير إن الحل سياسي.\n\n"
     "وأضاف أن الزيارة مهمة.",
     [("indirect", RUSSIAN_MFA, "المحادثات مستمرة"), ("indirect", None, "الحل سياسي"), ("indirect", None, "الزيارة مهمة")]),
    ("a minister of the other gender", "وقال لافروف إن المحادثات مستمرة.\n\nوقالت الوزيرة إن الحل سياسي.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", None, "الحل سياسي")]),
    ("the minister again", "وقال لافروف إن المحادثات مستمرة.\n\nوقال الوزير إن الحل سياسي.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", LAVROV, "الحل سياسي")]),
    # A pronoun behind في or ل names no one: the verb goes on with the last speaker; so after a time.
    ("in which he said", "وقال لافروف إن المحادثات مستمرة.\n\nوأصدر بيانا قال فيه إن الحل سياسي.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", LAVROV, "الحل سياسي")]),
    ("said to me", "وقال لافروف إن المحادثات مستمرة.\n\nوقال لي إن الحل سياسي.",
     [("indirect", LAVROV, "المحادثات مستمرة"), ("indirect", LAVROV, "الحل سياسي")]),
    # The one spoken to, behind ل, did not speak.
    ("an agency spoken to", "وقال مصدر لوكالة تاس إن المحادثات مستمرة.",
     [("indirect", None, "المحادثات مستمرة")]),
    ("a speaker and the agency spoken to", "وقال لافروف لوكالة تاس إن المحادثات مستمرة.",
     [("indirect", LAVROV, "المحادثات مستمرة")]),
    ("the statement goes on", "وقالت الخارجية الروسية في بيان إن المحادثات مستمرة.\n\nوأضاف البيان أن الحل سياسي.",
     [("indirect", RUSSIAN_MFA, "المحادثات مستمرة"), ("indirect", RUSSIAN_MFA, "الحل سياسي")]),
]


def _mentions(article: Article) -> tuple[Mention, ...]:
    """Mentions of the fixture names wherever they are written, longest name first."""
    found: list[Mention] = []
    for paragraph in article.paragraphs:
        for surface in sorted(NAMES, key=len, reverse=True):
            start = paragraph.text.find(surface)
            while start >= 0:
                end = start + len(surface)
                if not any(m.paragraph == paragraph.index and m.start < end and start < m.end for m in found):
                    found.append(Mention(NAMES[surface], paragraph.index, start, end, surface))
                start = paragraph.text.find(surface, end)
    return tuple(sorted(found, key=lambda m: (m.paragraph, m.start)))


@pytest.mark.parametrize(("convention", "body", "expected"), CONVENTIONS, ids=[c[0] for c in CONVENTIONS])
def test_convention(convention: str, body: str, expected: list[tuple[str, str | None, str]],
                    article_from_text: Callable[..., Article], registry: Registry) -> None:
    article = article_from_text(f"عنوان الخبر\n\n{body}\n")
    statements = extract_statements(article, _mentions(article), registry)
    got = [(s.kind, s.speaker, s.text) for s in statements]
    assert len(statements) == len(expected), got
    for statement, (kind, speaker, words) in zip(statements, expected):
        assert (statement.kind, statement.speaker) == (kind, speaker), got
        assert _starts(statement, words), got
        paragraph = next(p for p in article.paragraphs if p.index == statement.paragraph)
        assert paragraph.text[statement.start:statement.end] == statement.text


def test_a_person_the_rules_found_speaks_before_a_registry_person_named_after_him(
        article_from_text: Callable[..., Article], registry: Registry) -> None:
    """McCain is no registry actor; Trump, whom he criticised, is: the speaker is still McCain."""
    from archive.extract import extract_facts
    article = article_from_text("عنوان الخبر\n\nوقال السيناتور الجمهوري جون ماكين منتقدا ترامب إن المؤتمر الصحفي كان مشينا.\n")
    facts = extract_facts(article, registry)
    names = {actor.id: actor.name for actor in facts.discovered}
    assert [names.get(s.speaker, s.speaker) for s in facts.statements] == ["جون ماكين"]


def test_unmarked_quotation_ends_before_the_next_speech_word(article_from_text: Callable[..., Article],
                                                              registry: Registry) -> None:
    article = article_from_text("عنوان\n\nوأضاف لافروف.. نبذل قصارى جهودنا لمساعدة العراق مشددا على التعاون العسكري.\n")
    (statement,) = extract_statements(article, _mentions(article), registry)
    assert statement.text == "نبذل قصارى جهودنا لمساعدة العراق"


@pytest.mark.parametrize(("text", "quoted"), [
    ("كـ “داعش” و”جبهة النصرة” وباقي", ["داعش", "جبهة النصرة"]),
    ('قال "نعم" ثم "لا"', ["نعم", "لا"]),
    ("وقال: «إن هناك تفهما» وأضاف «أن ذلك مهم»", ["إن هناك تفهما", "أن ذلك مهم"]),
    ('بـ"استغلال" المحكمة', ["استغلال"]),
])
def test_quotation_marks_pair_up(text: str, quoted: list[str]) -> None:
    assert [text[q.open + 1:q.close] for q in find_quotes(text)] == quoted


def test_word_lists_load_in_matching_form() -> None:
    lexicon = load_lexicon()
    assert {normalise(w) for w in ("قال", "أكد", "أضاف")} <= lexicon.verbs
    assert normalise("مؤكداً") in lexicon.participles
    assert lexicon.min_quote_words >= 2
