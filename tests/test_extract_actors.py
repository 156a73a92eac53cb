"""Actors: gold recall and precision on the seeds, and one fixture per pattern."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable

import pytest

from archive.export import facts_document
from archive.extract.actors import extract_mentions
from archive.extract.statements import extract_statements
from archive.model import Article
from archive.pipeline import ProjectPaths, generate
from archive.registry import Registry, load_registry

from bench_eval import evaluate
from conftest import ROOT

Make = Callable[..., Article]


@pytest.fixture(scope="module")
def seed_scores(gold: dict[str, Any], seeds_dir) -> dict[str, Any]:
    facts = facts_document(generate(ProjectPaths(seeds=seeds_dir)).aggregate)
    return evaluate({"articles": list(gold.values())}, facts)


def test_every_person_of_the_gold_is_found(seed_scores: dict[str, Any]) -> None:
    assert seed_scores["persons"].recall == 1.0


def test_person_precision_at_least_95_percent(seed_scores: dict[str, Any]) -> None:
    assert seed_scores["persons"].precision >= 0.95


def test_every_organisation_of_the_gold_is_found(seed_scores: dict[str, Any]) -> None:
    assert seed_scores["organizations"].recall == 1.0


def test_places_are_found(seed_scores: dict[str, Any]) -> None:
    assert seed_scores["places"].recall == 1.0


def mentions_by_actor(article: Article, registry: Registry) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for m in extract_mentions(article, registry).mentions:
        found.setdefault(m.actor_id, []).append(m.surface)
    return found


def one_paragraph(make: Make, text: str) -> Article:
    return make(f"عنوان الخبر\n{text}\n")


def test_mentions_slice_the_text_as_written(seed_articles: dict[str, Article], registry: Registry) -> None:
    for article in seed_articles.values():
        for m in extract_mentions(article, registry).mentions:
            assert article.paragraphs[m.paragraph].text[m.start : m.end] == m.surface


@pytest.mark.parametrize(
    ("text", "actor", "surface"),
    [
        ("وأكد ولافروف أن الحل سياسي.", "sergey-lavrov", "لافروف"),
        ("دعا الأمين العام للأمم المتحدة إلى الحوار.", "united-nations", "للأمم المتحدة"),
        ("وبالعراق تستمر المعارك.", "iraq", "العراق"),
        ("قال سيرجي لافروف إن الحل سياسي.", "sergey-lavrov", "سيرجي لافروف"),
        ("قاتلوا تنظيم الدولة الإسلامية في الموصل.", "isis", "تنظيم الدولة الإسلامية"),
        ("الوضع في سوريا صعب.", "syria", "سوريا"),
        ("قال غوتيريـش إن الوضع خطير.", "antonio-guterres", "غوتيريـش"),
        # A hyphen between two letters joins a name's words; the link keeps it as written.
        ("التقى الزعيم الكوري الشمالي كيم جونغ-أون نظيره.", "kim-jong-un", "كيم جونغ-أون"),
        ("وقال الرئيس مون جاي-إن إن القمة ناجحة.", "moon-jae-in", "مون جاي-إن"),
        ("وقال جان-إيف لودريان إن الحل سياسي.", "jean-yves-le-drian", "جان-إيف لودريان"),
        ("وقال جان - إيف لودريان إن الحل سياسي.", "jean-yves-le-drian", "لودريان"),  # spaced: a dash, a break
        # A registry name reads through a hashtag's mark.
        ("أعلن الرئيس التركي رجب طيب #أردوغان الأحد أن بلاده مستعدة.", "recep-tayyip-erdogan", "رجب طيب #أردوغان"),
        # ... and through the underscores that join a hashtag's words.
        ("وقال الرئيس السوري #بشار_الأسد إن الحرب انتهت.", "bashar-al-assad", "بشار_الأسد"),
        ("والتقى ترامب #كيم_جونغ_أون في سنغافورة.", "kim-jong-un", "كيم_جونغ_أون"),
        # A registry body behind an organisation's head and a quotation mark is that body, not a new one.
        ('نقلت وكالة "فرانس برس" عن مصدر أن الاجتماع تأجل.', "afp", 'وكالة "فرانس برس"'),
        # Kin of a person whose surname alone is an alias (ترامب، نتنياهو), named in full, are their own
        # actor: the whole name is their mention, so the surname is not his (what she said not his words).
        ("وقالت إيفانكا ترامب إن الحل ممكن.", "ivanka-trump", "إيفانكا ترامب"),
        ("وقال ترامب الابن إن الحل ممكن.", "donald-trump-jr", "ترامب الابن"),
        ("وقالت سارة نتانياهو إن الحل ممكن.", "sara-netanyahu", "سارة نتانياهو"),
        # A title that names a registry body, then the name (was no name, and the speaker another).
        ("قال الناطق باسم مفوضية شؤون اللاجئين، ويليام سبيندلر، إن مليون شخص غادروا البلاد.", "unhcr", "مفوضية شؤون اللاجئين"),
    ],
)
def test_registry_aliases_through_clitics_and_spellings(article_from_text: Make, registry: Registry,
                                                         text: str, actor: str, surface: str) -> None:
    assert surface in mentions_by_actor(one_paragraph(article_from_text, text), registry).get(actor, [])


def discovered(article: Article, registry: Registry) -> dict[str, str]:
    return {a.name: a.type for a in extract_mentions(article, registry).discovered}


def speaker_names(article: Article, registry: Registry) -> list[str | None]:
    """The names of the article's speakers in order (registry or discovered), None for none."""
    found = extract_mentions(article, registry)
    names = {actor.id: actor.name for actor in (*registry.actors.values(), *found.discovered)}
    return [names[s.speaker] if s.speaker else None for s in extract_statements(article, found.mentions, registry, found.discovered)]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("أكد وزير الخارجية البرازيلي ماورو فييرا أن بلاده تدعم الحوار.", "ماورو فييرا", "person"),
        ("وقال خوسيه مانويل إن الاتفاق صامد.", "خوسيه مانويل", "person"),
        ("وأعلن حزب البعث العربي الاشتراكي تأييده للقرار.", "حزب البعث العربي الاشتراكي", "organization"),
        ("وقالت وزارة الداخلية التونسية في بيان إن الحادث معزول.", "وزارة الداخلية التونسية", "organization"),
        ("نقلت صحيفة واشنطن بوست عن مسؤولين قولهم إن القرار نهائي.", "صحيفة واشنطن بوست", "organization"),
        # A registry country inside the title, not the first word of the name («كندا كريستيا»).
        ("وقالت وزيرة خارجية كندا كريستيا فريلاند إن بلادها قلقة.", "كريستيا فريلاند", "person"),
        # Names that meet a common word through a clitic letter: باول is not ب + أول, آنا not أنا.
        ("وقال شارلي باول، مدير مركز الرصد الجوي، إن العاصفة قادمة.", "شارلي باول", "person"),
        ("وقالت آنا غالاند إن العائلات ما زالت تنتظر.", "آنا غالاند", "person"),
        # A name set off by commas after its title, as the press writes a subject.
        ("وقال وزير الدفاع الإسرائيلي، موشيه يعلون، إن الرد سيكون قاسيا.", "موشيه يعلون", "person"),
        # A hamza on the first alef: ألكسندر is a name, not ال + كسندر (it was swallowed by the title).
        ("وقال نائب وزير الخارجية الروسي ألكسندر غروشكو إن الحلف يتوسع.", "ألكسندر غروشكو", "person"),
        # ل + ال written لل: the body's name takes its alef back (was «لبرلمان العراقي»).
        ("وقدم الوزير تقريره للبرلمان الليبي أمس.", "البرلمان الليبي", "organization"),
        ("وأرسل رسالة وللحكومة المصرية أيضا.", "الحكومة المصرية", "organization"),
        # A surname with W, which Arabic writes و before a vowel letter or ل, is no "and".
        ("وقال وزير الدفاع البريطاني غافين ويليامسون إن بلاده مستعدة.", "غافين ويليامسون", "person"),
        ("وقالت مايا وانغ إن السلطات تراقب السكان.", "مايا وانغ", "person"),
        # A body's name may hold "and".
        ("وقالت شركة استيراد وتصدير محلية إن الشحنة وصلت.", "شركة استيراد وتصدير", "organization"),
        # Bodies the press names by their definite head and a nationality.
        ("وقال الجيش الإسرائيلي في بيان إنه سيرد.", "الجيش الإسرائيلي", "organization"),
        ("وقالت الرئاسة السورية في بيان إن الهجوم فشل.", "الرئاسة السورية", "organization"),
        ("أعلن البنك المركزي التركي أن البنوك ستتلقى السيولة.", "البنك المركزي التركي", "organization"),
        ("وقالت الخارجية البريطانية إن القرار نهائي.", "الخارجية البريطانية", "organization"),
        # Names that open with عبد or أبو, after a title (set off by commas or not) or a speech verb.
        ("قال وزير العدل التركي، عبد الحميد غل، إن التحقيق مستمر.", "عبد الحميد غل", "person"),
        ("وقال وزير الداخلية الليبي عبد السلام عاشور إن التحقيق مستمر.", "عبد السلام عاشور", "person"),
        ("وقال عبد الحميد الدبيبة إن الانتخابات ستجري في موعدها.", "عبد الحميد الدبيبة", "person"),
        ("وقال سعد السراحنة إن صحة الرئيس تتحسن.", "سعد السراحنة", "person"),
        # ك before ال is rarely "as the" where a name stands: كالفو, كالين are surnames.
        ("وقالت نائبة رئيس الوزراء الإسباني كارمن كالفو إن الضريح سينقل.", "كارمن كالفو", "person"),
        # A generic body's name ends with its nationalities, two-word ones included.
        ("وأعلنت وزارة الدفاع الكورية الجنوبية في بيان أن التدريبات ألغيت.", "وزارة الدفاع الكورية الجنوبية", "organization"),
        ("وقال الجيش الإسرائيلي اليوم إن قواته تقدمت.", "الجيش الإسرائيلي", "organization"),
        # «علي» written with ي opens a name (Ali); «على» written with ى is the preposition (see below).
        ("وقال مدير الأوقاف التركي علي عرباس إن المسجد مفتوح.", "علي عرباس", "person"),
        # The nationality agrees with the noun before it, not the plural head (قوات … العربي).
        ("وقالت قوات التحالف العربي إن الصاروخ اعترض.", "قوات التحالف العربي", "organization"),
        # Names of a noun's shape the lexicon knows (names_like_nouns); a name's hamza is no article's alef.
        ("وقال المتحدث طارق توفيق إن الوزارة مستعدة.", "طارق توفيق", "person"),
        ("وقال الرئيس المصري الراحل أنور السادات إن السلام ممكن.", "أنور السادات", "person"),
        ("وقال الوزير محمد الأنصاري إن الحل ممكن.", "محمد الأنصاري", "person"),
        ("وقال الوزير خالد الاحمد إن الحل ممكن.", "خالد الاحمد", "person"),
        # Names of a verb's shape the lexicon knows (names_like_verbs); a ي-name with a long vowel is no verb.
        ("وقال وزير الداخلية التركي إبراهيم يلدز إن التحقيق مستمر.", "إبراهيم يلدز", "person"),
        ("وقال الكاتب مراد يتكين إن الحل ممكن.", "مراد يتكين", "person"),
        ("كما برز تعيين الدكتورة تماضر بنت يوسف الرماح نائبا لوزير العمل.", "تماضر بنت يوسف", "person"),
        ("وقال المتحدث علاء يوسف إن الوزارة مستعدة.", "علاء يوسف", "person"),
        ("وقالت المتحدثة أماني يحيى إن الوزارة مستعدة.", "أماني يحيى", "person"),
        # First names of a verbal noun's shape the lexicon knows (names_like_nouns).
        ("وقالت الوزيرة ابتسام الكتبي إن الحل ممكن.", "ابتسام الكتبي", "person"),
        ("وقالت الصحفية بتينا لوشر إن الحل ممكن.", "بتينا لوشر", "person"),
        # Arabic names in و before a consonant the lexicon knows (names_with_waw), first or later.
        ("وقال المدير العام لشبكة الجزيرة الإخبارية، وضاح خنفر، إن الحل ممكن.", "وضاح خنفر", "person"),
        ("وقال المتحدث كريم وحيد إن الحل ممكن.", "كريم وحيد", "person"),
        # After a speech verb, a name shaped as a noun and its adjective (a first name in ة, a surname in
        # ال) is a name when a title follows it after a comma: a role head, a descriptor, or kin.
        ("وقالت خديجة جنكيز، خطيبة خاشقجي، إن التصريحات غير مقنعة.", "خديجة جنكيز", "person"),
        ("قالت سارة ثورنتون، عضوة مجلس رؤساء الشرطة، إن الوضع خطير.", "سارة ثورنتون", "person"),
        ("وقال يوسف المحمود، الناطق باسم الحكومة الفلسطينية، إن الوفد وصل.", "يوسف المحمود", "person"),
        # One unknown word before a comma ends a title; the name set off by commas after it is the holder.
        ("من جانبها، قالت المتحدثة باسم أكواريوس، لوران كينغ، إن المولود بحالة جيدة.", "لوران كينغ", "person"),
        # A body's name may hold a plural: NOUN_FORMS is for persons.
        ("وأعلنت هيئة الاتصالات السعودية في بيان أن الخدمة عادت.", "هيئة الاتصالات السعودية", "organization"),
    ],
)
def test_new_names_are_discovered_by_pattern(article_from_text: Make, registry: Registry, text: str, name: str, kind: str) -> None:
    assert discovered(one_paragraph(article_from_text, text), registry).get(name) == kind


@pytest.mark.parametrize(
    ("text", "name", "surface"),
    [
        ('نقلت وكالة "إنترفاكس" عن مصدر أن الاجتماع تأجل.', 'وكالة "إنترفاكس"', 'وكالة "إنترفاكس"'),
        ("نقلت صحيفة «واشنطن بوست» عن مسؤولين أن القرار نهائي.", "صحيفة «واشنطن بوست»", "صحيفة «واشنطن بوست»"),
        # The rules stop before the name does: the page title drops the mark; the link in the text is as written.
        ('ونشرت صحيفة "وول ستريت جورنال" التقرير.', "صحيفة وول ستريت", 'صحيفة "وول ستريت'),
        # Nor a bracket (the rules stop at the dot inside سي.إن.إن).
        ("وفي مقابلة مع قناة (سي.إن.إن.) قال الوزير إن الحل ممكن.", "قناة سي", "قناة (سي"),
    ],
)
def test_a_discovered_name_never_shows_a_quotation_mark_it_does_not_close(article_from_text: Make, registry: Registry,
                                                                           text: str, name: str, surface: str) -> None:
    found = extract_mentions(one_paragraph(article_from_text, text), registry)
    assert [actor.name for actor in found.discovered] == [name]
    assert [m.surface for m in found.mentions if m.actor_id == found.discovered[0].id] == [surface]


@pytest.mark.parametrize(
    "text",
    [
        "وقال مصدر مطلع إن الاجتماع تأجل.",
        "كانوا ثلاثين عندما توليت منصب وزير الداخلية منتصف 2012 واليوم أصبحوا 1400.",
        "وأكد بيان صادر عن الاجتماع ضرورة الحل.",
        "إن تنظيم داعش الارهابي يتراجع والقوات المسلحة تتقدم.",
        # Common words after a title (registry/patterns.yml, not_names), each read as a name on the corpus.
        "وكشف قائد سلاح الجو الإسرائيلي صورة المقاتلة.",
        "ووقع حاكم ولاية فلوريدا مشروع القانون.",
        "وأظهر المتحدث عدة أدلة على ذلك.",
        "الرئيس الأمريكي أثار جدلا كبيرا في أوروبا.",
        "اعتذر المدير التنفيذي لشركة فيس بوك أمام النواب.",
        # What normalising drops: a tanween (never on a name) and a clitic before a hamza (وأراد = و + أراد).
        "وزار الأمير وليام مخيماً للاجئين في الأردن.",
        "وقال الرئيس عباس مستعداً للحوار.",
        "وحاول الوزير وأراد الهرب من البلاد.",
        # Between commas after a title, but not a name: a time, a clause, a list.
        "وقال وزير الخارجية، اليوم الأحد، إن الحوار ممكن.",
        "وأعلن المتحدث، الذي رفض الكشف عن اسمه، أن الاجتماع تأجل.",
        # "and" is no part of one person's name (أندرو وسارة، مادورو ومؤيديه), nor an age (جورج البالغ).
        "وقال الأمير أندرو وسارة فيرغسون إنهما سعيدان.",
        "واتهم الرئيس مادورو ومؤيديه المعارضة بالتآمر.",
        "وقال المواطن جورج البالغ من العمر 40 عاما إنه رأى الحادث.",
        # عبد + one word is a first name many share (which king?); "and" + a title's head is no W-name.
        "وقال الملك عبد الله إن الحوار ممكن.",
        "التقى المسؤولان الملك عبد الله وولي عهد السعودية.",
        "وقال الرئيس على هامش القمة إن الحل ممكن.",
        "وقال محمد علي إن الحل ممكن.",
        # After a comma, «و» goes on with a list: no name set off by commas.
        "والتقى رئيس الوزراء المقدوني، وزوران زايف، أمس.",
        # A later word with the shape of a verbal noun or a plural (NOUN_FORMS): each was a name on the corpus.
        "بحث مع الرئيس المصري مسألة التوصل إلى هدنة.",
        "من الضروري على الرئيس تكثيف العقوبات على الحكومة الروسية.",
        "وانتقد قرار الرئيس الأمريكي دونالد الانسحاب من الاتفاق.",
        "وقال ناطق باسم منظمي المزادات الفرنسية إن البيع تم.",
        "وأعلن المتحدث بتهمة التآمر على الدولة.",
        "وقال المتحدث ولي العهد حسبما نقلت رويترز إن الحل ممكن.",
        "اتهمت صحافيات روسيات في الأيام الأخيرة نوابا وموظفين كبارا.",
        "لمقايضة رئيس حزب الاتحاد الديمقراطي الكردي بمواطنين تشيكيين معتقلين في تركيا.",
        # A noun and its adjective after a speech verb, with no title after a comma, stay a noun.
        "وقالت موظفة سابقة، عملت في مكتب المنظمة، إن الوضع خطير.",
        "وقالت متظاهرة شابة إن الشرطة أطلقت النار.",
        # A word with the shape of an imperfect verb (VERB_FORMS), first or later: each was a name on the corpus.
        "وقال مصدر مطلع إن الرئيس الأميركي يبحث إسناد المهمة إلى السفيرة.",
        "وكان خوان كارلوس والد الملك فيليبي يتابع المشهد المتوتر.",
        "وقال الأمير تشارلز يقدم تعازيه إلى الأسر.",
        "وقال المتحدث إن الرئيس يتولى منصبه في يناير.",
        "وأكد الوزير ماي يستبعد إمكانية الاتفاق.",
        "وقال الرئيس الأميركي يلتقي كيم في سنغافورة.",
        "وذكر المدرب أن الكابتن زهاري تجنب بطريقة ذكية الكشف عن مسار الطائرة.",
        "حسب ما قال عضو ميليشيا تحارب المسلحين في المنطقة.",
        # After a title, «و» + a word goes on with a list: no name begins with it (each was one on the corpus).
        "شاركت ميلانيا ترامب زوجة الرئيس الأميركي وفيليب ماي زوج رئيسة الحكومة البريطانية.",
        "وأضاف أنه عندما وصل مدير المدرسة وحاول فتح الباب بمفتاح سمع دوي طلق.",
        # A first word with the shape of a verbal noun, a noun in مفعلة or a plural, alone or behind ب or ل
        # (FIRST_NOUN_FORMS): each was a name on the corpus.
        "وحظي الزعيم الإثيوبي باستقبال رسمي وشعبي حافل.",
        "ومن بين المعتقلين في مولدوفا، مدير مدرسة آفاق رضا دوغان.",
        "وكشف انهيار نانبرغ أثناء عدة لقاءات تلفزيونية وقائع جديدة.",
        # Adverbs and verbs in not_names: each was a name's later word on the corpus.
        "وكان الأمير وليام وصل الأحد إلى الأردن.",
        "وقام الأمير وليام صباحا بزيارة النصب.",
        "وشغل منصب نائب عن الحزب الحاكم طيلة عشر سنوات.",
    ],
)
def test_ordinary_words_are_not_discovered_as_names(article_from_text: Make, registry: Registry, text: str) -> None:
    assert [n for n, k in discovered(one_paragraph(article_from_text, text), registry).items() if k == "person"] == []


@pytest.mark.parametrize(
    "text",
    [
        # «الخارجية الروسي» inside the title: the masculine nationality is the minister's, not a body's.
        "وقال وزير الخارجية الروسي إن الحوار ممكن.",
        "وأكد مدير الشرطة الفرنسي أن التحقيق مستمر.",
        # The first nationality decides: «الدولي» agrees with «المجتمع», but «اليمني» not with «الخارجية».
        "وطالب وزير الخارجية اليمني المجتمع الدولي بالتحرك.",
    ],
)
def test_a_nationality_of_another_gender_names_no_body(article_from_text: Make, registry: Registry, text: str) -> None:
    assert [n for n, k in discovered(one_paragraph(article_from_text, text), registry).items() if k == "organization"] == []


@pytest.mark.parametrize(
    ("text", "person", "short"),
    [
        ("التقى الملك عبد الرحمن الثالث الوفد. وقال الملك عبد الرحمن إن الحوار ممكن.", "عبد الرحمن الثالث", "عبد الرحمن"),
        ("وقال الملك عبد الرحمن إن الحوار ممكن. والتقى الملك عبد الرحمن الثالث الوفد.", "عبد الرحمن الثالث", "عبد الرحمن"),
        ("قال المرشح سمير عبد العظيم إن الحوار ممكن. ويقول عبد العظيم إن الانتخابات نزيهة.", "سمير عبد العظيم",
         "عبد العظيم"),
    ],
)
def test_a_name_that_begins_or_ends_another_is_that_person(article_from_text: Make, registry: Registry,
                                                             text: str, person: str, short: str) -> None:
    """Both found by pattern, one after a title, one after a verb: one person, both mentions theirs."""
    found = extract_mentions(one_paragraph(article_from_text, text), registry)
    assert [actor.name for actor in found.discovered] == [person]
    assert short in [m.surface for m in found.mentions if m.actor_id == found.discovered[0].id]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A third word where the name plainly ends: punctuation, or a title right after it.
        ("وقال الرئيس الإيراني السابق محمود أحمدي نجاد، إن الأمر مهم.", "محمود أحمدي نجاد"),
        ("وقال مالك احمد خان المتحدث باسم حكومة البنجاب إن الحادث معزول.", "مالك احمد خان"),
        ("وأوضح حبيب شاه أنصاري رئيس إدارة الصحة في خوست أنه تأكد مقتل 17 شخصاً.", "حبيب شاه أنصاري"),
        ("وقالت المتحدثة باسم الخارجية الصينية، هوا شون يينغ، في بيان إن بكين تعارض العقوبات.", "هوا شون يينغ"),
        # Set off by commas after a title the rules cannot read to its end.
        ("وقال الناطق الرسمي باسم جهاز مكافحة الإرهاب، سفيان السليتي، إن التحقيق مستمر.", "سفيان السليتي"),
        ("وقال مدير مطار تشوك، جيمي إميليو، إن الركاب بخير.", "جيمي إميليو"),
        # «علي» with ي as a father's name inside such a name; alone after a first name it makes none.
        ("وقال قائد الحرس الثوري محمد علي جعفري، إن الرد سيكون قاسيا.", "محمد علي جعفري"),
        ("اعتبر مندوب إيران الدائم في الأمم المتحدة غلام علي خوشرو، أن القرار باطل.", "غلام علي خوشرو"),
        # Not a third word: ال, a clitic, a pronoun's ه, a time, a title behind a clitic, or no end in sight.
        ("وقال موشيه يعلون التحقيق، إن الأمر انتهى.", "موشيه يعلون"),
        ("وقال جون سميث لرويترز، إن الأمر مهم.", "جون سميث"),
        ("وقال جون سميث أمس، إن الأمر مهم.", "جون سميث"),
        ("وقال جون كيلي مكانه، إن الأمر مهم.", "جون كيلي"),
        ("كان الرئيس الفرنسي السابق جاك شيراك قلده للرئيس وساما.", "جاك شيراك"),
        ("وقال خوان مانويل سانتوس في بيان إن الاتفاق صامد.", "خوان مانويل"),
        # Kin before a name are not a name's third word.
        ("وكان زعيمه شهباز شريف شقيق رئيس الوزراء السابق قد أعلن الفوز.", "شهباز شريف"),
    ],
)
def test_a_third_word_is_a_name_s_where_the_name_then_ends(article_from_text: Make, registry: Registry,
                                                            text: str, name: str) -> None:
    assert [n for n, k in discovered(one_paragraph(article_from_text, text), registry).items() if k == "person"] == [name]


def test_a_name_with_abd_written_joined_or_apart_is_one_actor(article_from_text: Make, registry: Registry) -> None:
    """«عبدالله» and «عبد الله»: one new page, and a registry alias matches both spellings."""
    text = ("وقال العاهل الإسباني الملك عبدالرحمن الثالث إن الحوار ممكن. وأكد الملك عبد الرحمن الثالث أن الحل قريب. "
            "وقال عبد الملك الحوثي إن الحرب مستمرة.")
    found = extract_mentions(one_paragraph(article_from_text, text), registry)
    king = {m.actor_id for m in found.mentions if "الثالث" in m.surface}
    assert len(king) == 1 and [a.id for a in found.discovered] == list(king)
    houthi = [m.actor_id for m in found.mentions if "الحوثي" in m.surface]
    assert houthi and houthi[0] in registry.actors


def test_a_new_name_that_begins_a_registry_name_in_the_article_is_that_actor(article_from_text: Make,
                                                                             registry: Registry) -> None:
    text = "وقال الزعيم الكوري الشمالي كيم جونغ - أون، إن القمة ناجحة. وكان كيم جونغ أون قد وصل إلى سنغافورة."
    found = extract_mentions(one_paragraph(article_from_text, text), registry)
    assert found.discovered == ()
    assert "كيم جونغ" in [m.surface for m in found.mentions if m.actor_id == "kim-jong-un"]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # (The leader quoted by the agency is not named: nobody.)
        ("ونقلت وكالة الأنباء المركزية الكورية عن الزعيم قوله إن القمة ناجحة. وذكرت الوكالة أن الزيارة انتهت.",
         [None, "وكالة الأنباء المركزية الكورية"]),
        ("اعتبرت وزارة الخارجية الأمريكية أن المشروع خطير. وقالت الوزارة في بيان إن القرار نهائي.",
         ["وزارة الخارجية الأمريكية", "وزارة الخارجية الأمريكية"]),
        # No body of that head before it: nobody; the last one of them before it.
        ("وقالت الوزارة إن القرار نهائي. واعتبرت وزارة الخارجية الأمريكية أن المشروع خطير.",
         [None, "وزارة الخارجية الأمريكية"]),
        # Inside the title of a person named after it, the title is the person's.
        ("أعلن الجيش الوطني الليبي أن القوات تقدمت. وقال المتحدث باسم الجيش، العميد أحمد المسماري، إن المعارك"
         " مستمرة.", ["الجيش الوطني الليبي", "أحمد المسماري"]),
        # A head the mentions do not read (اللجنة) is the body of that head named last, past another speaker.
        ("قالت اللجنة الدولية للصليب الأحمر إن القصف مستمر. وقال لافروف إن الحوار ممكن. وأضافت اللجنة أن القتلى مدنيون.",
         ["اللجنة الدولية للصليب الأحمر", "سيرغي لافروف", "اللجنة الدولية للصليب الأحمر"]),
        # Another nationality is another body.
        ("اعتبرت وزارة الخارجية الأمريكية أن المشروع خطير. وقالت الوزارة الروسية إن الزيارة مهمة.",
         ["وزارة الخارجية الأمريكية", None]),
    ],
)
def test_a_head_alone_stands_for_the_body_named_last_before_it(article_from_text: Make, registry: Registry,
                                                                 text: str, speakers: list[str | None]) -> None:
    """«وقالت الوزارة»، «وذكرت الوكالة»: the press names a body once, then by its head."""
    assert speaker_names(one_paragraph(article_from_text, text), registry) == speakers


def test_a_ministry_with_and_without_its_head_is_one_body(tmp_path: Path) -> None:
    """«الخارجية المصرية» is «وزارة الخارجية المصرية» with its head dropped: one id, one page, named in full
    whichever article comes first."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("الحوار\nوقالت الخارجية المصرية إن الحوار ممكن.\n", encoding="utf-8")
    (seeds / "b.txt").write_text("السلام\nوقالت وزارة الخارجية المصرية إن السلام قريب. وأضافت الخارجية المصرية أن"
                                 " الاتفاق وشيك.\n", encoding="utf-8")
    archive = generate(ProjectPaths(seeds=seeds)).aggregate.archive
    bodies = {actor.name for actor in archive.actors.values() if not actor.reviewed and actor.type == "organization"}
    assert bodies == {"وزارة الخارجية المصرية"}
    speakers = {s.speaker for facts in archive.facts for s in facts.statements}
    assert len(speakers) == 1 and None not in speakers


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("وقالت موسكو في بيان إن الحوار ممكن.", ["موسكو"]),  # a capital for its government
        ("وقالت مصادر ميدانية في دمشق إن الحوار ممكن.", [None]),  # sources there, not the city
        ("وقال مسؤول بدمشق إن الحوار ممكن.", [None]),
        ("ونقلت الوكالة عن مصادر طبية في غزة قولها إن الحوار ممكن.", [None]),
        # Nor the place of a thing (registry/statements.yml: sites): the airport spoke.
        ("وأوضح مطار بروكسل في بيان أن الرحلات ستستأنف.", [None]),
        ("وقال مسؤول بمطار الخرطوم إن الرحلات ستستأنف.", [None]),
        # Before the verb too: «… على منطقة عفرين تقول» is not Afrin speaking, nor «في غزة تؤكد» Gaza.
        ("وشنت القوات هجوما على منطقة عفرين تقول إنه دفاع عن النفس.", [None]),
        ("غير أن الفصائل المختلفة في غزة تؤكد أن الهدنة صامدة.", [None]),
        # Nor a place in a title of its affairs or envoy: the one who holds it speaks.
        ("وقال سفير فرنسا في منطقة الساحل إن العملية مستمرة.", [None]),
        ("ويقول محرر شؤون الشرق الأوسط في الخدمة العالمية إن الاستراتيجية فشلت.", [None]),
    ],
)
def test_a_place_where_a_source_is_does_not_speak(article_from_text: Make, registry: Registry,
                                                  text: str, speakers: list[str | None]) -> None:
    assert speaker_names(one_paragraph(article_from_text, text), registry) == speakers


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # The person whose title names a body speaks, even when a place in the title ends the speaker's words.
        ("وقال مراسل بي بي سي في الخرطوم محمد عثمان إن الوضع هادئ.", ["محمد عثمان"]),
        ("وقال اللفتنانت كولونيل جوناثان كونريكوس المتحدث باسم الجيش الإسرائيلي إن قوات بلاده ردت.", ["جوناثان كونريكوس"]),
        # A medium behind ل is spoken to; after a title or a noun of speech, ل says whose words they are.
        ("وقال مسؤول أمني لرويترز إن الانفجار وقع ليلا.", [None]),
        ("وقالت لبي بي سي إن الانفجار وقع ليلا.", [None]),
        ("وأكد الأمين العام لحلف شمال الأطلسي أن الحلف متماسك.", ["حلف شمال الأطلسي"]),
        ("أفاد تقرير جديد للأمم المتحدة بأن الوضع سيء في المخيمات.", ["الأمم المتحدة"]),
        ("وذكر بلاغ لوزارة الداخلية المغربية أن الموقوفين أحيلوا إلى القضاء.", ["وزارة الداخلية المغربية"]),
        ("وفي تعقيب لوزارة الخارجية الروسية قالت إن التقرير كاذب.", ["وزارة الخارجية الروسية"]),
        # What is loyal or attached to a name speaks, not the name.
        ("فيما أعلنت الفصائل السورية الموالية لأنقرة في بيان أن الهجوم بدأ.", [None]),
        ("وكانت وزارة الأوقاف التابعة للحوثيين أكدت أن الرحلة ألغيت.", [None]),
        # A family name with آل after a verb is a name (آل reads «ال» once normalised).
        ("قال محمد آل جابر، سفير المملكة العربية السعودية في اليمن، إن الأمر مهم.", ["محمد آل جابر"]),
        # Someone of a person's (registry/statements.yml: relations) speaks, not the person.
        ("وقال الرئيس ترامب إن الحفلة لم تقع. لكن صديق ترامب قال إنه لا يتذكرها.", ["دونالد ترامب", None]),
        ("وقالت أسرة ترامب إن الحفلة لم تقع.", [None]),
        ("وقال صهر أردوغان إن الانتخابات ممكنة.", [None]),
        # A speech word in a relative clause about a thing does not introduce the quotation after it.
        ('وقال ترامب الذي يواجه انتقادات بسبب موقفه الذي اعتبر متساهلا مع بوتين، "نحن نبلي بلاء حسنا مع روسيا".',
         ["دونالد ترامب"]),
        # The person named first in the subject speaks, not the one his title names (registry: Mike Pence).
        ("ألقى مايك بنس، نائب الرئيس الأمريكي دونالد ترامب، خطابا قويا، مشيرا إلى أن الصين تتدخل في الانتخابات.",
         ["مايك بنس"]),
        ("وقد أوضح أحد مستشاري أردوغان أن الانتخابات ممكنة.", [None]),
        ("وحذر مساعد الأمين العام للأمم المتحدة للشؤون السياسية من أن الوضع قد يتدهور في الأيام المقبلة.", [None]),
    ],
)
def test_who_speaks_through_a_title_and_behind_l(article_from_text: Make, registry: Registry,
                                                  text: str, speakers: list[str | None]) -> None:
    assert speaker_names(one_paragraph(article_from_text, text), registry) == speakers


def test_ali_speaks(article_from_text: Make, registry: Registry) -> None:
    """The statements' rules stop a speaker phrase at «على»; not at «علي» where a name starts."""
    assert speaker_names(one_paragraph(article_from_text, "وقال علي يونسي إن السلطات أخطأت."), registry) == ["علي يونسي"]


def test_short_form_resolves_to_the_full_name(article_from_text: Make, registry: Registry) -> None:
    article = article_from_text("عنوان\nالتقى وزير الخارجية البرازيلي ماورو فييرا نظراءه.\nوقال فييرا إن اللقاء مثمر.\n")
    found = mentions_by_actor(article, registry)
    [actor_id] = [a for a, surfaces in found.items() if "ماورو فييرا" in surfaces]
    assert "فييرا" in found[actor_id]


def test_role_stands_in_for_the_person_named_with_it(article_from_text: Make, registry: Registry) -> None:
    article = article_from_text("عنوان\nاستقبل وزير الخارجية البرازيلي ماورو فييرا الوفد.\n"
                                "ثم قال وزير الخارجية البرازيلي إن الزيارة ناجحة.\n")
    found = mentions_by_actor(article, registry)
    [actor_id] = [a for a, surfaces in found.items() if "ماورو فييرا" in surfaces]
    assert "وزير الخارجية البرازيلي" in found[actor_id]


def test_counterpart_takes_the_office_of_the_last_titled_person(seed_articles: dict[str, Article], registry: Registry) -> None:
    article = seed_articles["002_bc64007392f385e7.txt"]
    findings = extract_mentions(article, registry)
    assert ("angelino-alfano", "وزير الخارجية الإيطالي") in [(a, r.title) for a, r in findings.roles]
    last = article.paragraphs[-1]
    stand_in = [m for m in findings.mentions if m.paragraph == last.index and m.surface == "وزير الخارجية الإيطالي"]
    assert [m.actor_id for m in stand_in] == ["angelino-alfano"]


def test_roles_seen_are_recorded_with_their_article(seed_articles: dict[str, Article], registry: Registry) -> None:
    article = seed_articles["004_c250db8dfdc2da85.txt"]
    roles = {(a, r.title, r.article) for a, r in extract_mentions(article, registry).roles}
    assert ("dmitry-peskov", "الناطق باسم الرئاسة الروسية", article.id) in roles or \
        ("selahattin-demirtas", "رئيس حزب الشعوب الديمقراطي التركي", article.id) in roles


def test_discoveries_carry_their_sentence(article_from_text: Make, registry: Registry) -> None:
    article = one_paragraph(article_from_text, "بدأ الاجتماع صباحاً. وأكد وزير الخارجية البرازيلي ماورو فييرا دعم بلاده. وانتهى مساءً.")
    [found] = extract_mentions(article, registry).discoveries
    assert found.sentence == "وأكد وزير الخارجية البرازيلي ماورو فييرا دعم بلاده."
    assert found.article == article.id


@pytest.mark.parametrize(
    ("date", "expected"),
    [("2015-06-01", "john-kerry"), ("2018-06-01", None), (None, None)],  # 2018: Tillerson then Pompeo
)
def test_registry_title_stands_for_its_holder_at_the_article_date(article_from_text: Make, registry: Registry,
                                                                   date: str | None, expected: str | None) -> None:
    front = f"---\ntitle: عنوان\ndate: {date}\n---\n" if date else "---\ntitle: عنوان\n---\n"
    article = article_from_text(front + "وقال وزير الخارجية الأمريكي إن المحادثات مستمرة.\n", name="dated.md")
    holders = [a for a, surfaces in mentions_by_actor(article, registry).items() if "وزير الخارجية الأمريكي" in surfaces]
    assert holders == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("وقال الرئيس الروسي السابق دميتري ميدفيديف إن الحوار ممكن.", "dmitry-medvedev"),
        ("وقال وزير الخارجية الروسي السابق إن الحوار ممكن.", None),  # someone unnamed, not Lavrov
    ],
)
def test_a_former_holder_is_not_the_title_holder_of_today(article_from_text: Make, registry: Registry,
                                                           sentence: str, speaker: str | None) -> None:
    """"الرئيس الروسي السابق" is not "الرئيس الروسي": the stand-in for Putin must not take Medvedev's words."""
    article = article_from_text(f"---\ntitle: عنوان\ndate: 2018-06-01\n---\n{sentence}\n", name="dated.md")
    found = extract_mentions(article, registry)
    assert not {"vladimir-putin", "sergey-lavrov"} & {m.actor_id for m in found.mentions}
    assert [s.speaker for s in extract_statements(article, found.mentions, registry, found.discovered)] == [speaker]


def test_current_title_holder_without_a_date(article_from_text: Make, registry: Registry) -> None:
    article = one_paragraph(article_from_text, "وأضاف وزير الخارجية الروسي أن موسكو مستعدة للحوار.")
    assert "وزير الخارجية الروسي" in mentions_by_actor(article, registry).get("sergey-lavrov", [])


@pytest.mark.parametrize(
    ("file", "actor", "title"),
    [
        ("004_c250db8dfdc2da85.txt", "dmitry-peskov", "الناطق باسم الرئاسة الروسية"),  # title after the name
        ("000_530f177a4472afb0.txt", "riad-haddad", "سفير سورية في موسكو"),  # places inside the title
        ("000_530f177a4472afb0.txt", "mikhail-bogdanov",
         "الممثل الخاص للرئيس الروسي لشؤون الشرق الأوسط والدول الأفريقية نائب وزير الخارجية"),
    ],
)
def test_titles_seen_in_the_seeds(seed_articles: dict[str, Article], registry: Registry, file: str, actor: str, title: str) -> None:
    roles = {(a, r.title) for a, r in extract_mentions(seed_articles[file], registry).roles}
    assert (actor, title) in roles


@pytest.mark.parametrize(
    ("text", "holder", "not_holder", "title"),
    [
        # A title between two names is the second's: Moon's office, not Kim's.
        ("دعا زعيم كوريا الشمالية كيم جونغ أون الرئيس الكوري الجنوبي مون جيه-إن إلى زيارة بيونغيانغ.",
         "moon-jae-in", "kim-jong-un", "الرئيس الكوري الجنوبي"),
        # Unless a second title inside it names the second person: the envoy is the first.
        ("وقال جيسون غرينبلات مبعوث الرئيس الأميركي دونالد ترامب إن الخطة جاهزة.",
         "jyswn-ghrynblat", "donald-trump", "مبعوث الرئيس الأميركي"),
    ],
)
def test_a_title_between_two_names_goes_to_the_right_one(article_from_text: Make, registry: Registry, text: str,
                                                          holder: str, not_holder: str, title: str) -> None:
    roles = {(a, r.title) for a, r in extract_mentions(one_paragraph(article_from_text, text), registry).roles}
    assert (holder, title) in roles and (not_holder, title) not in roles


def test_a_title_written_with_lil_takes_its_alef_back(article_from_text: Make, registry: Registry) -> None:
    """ل + ال is written لل: the title the reader sees is الزعيم, not لزعيم."""
    text = "قال إنه لا مشكلة لديه بالتحدث للزعيم الكوري الشمالي كيم جونغ أون قريباً."
    roles = {(a, r.title) for a, r in extract_mentions(one_paragraph(article_from_text, text), registry).roles}
    assert roles == {("kim-jong-un", "الزعيم الكوري الشمالي")}


def test_a_new_name_is_not_made_across_a_hashtag(article_from_text: Make, registry: Registry) -> None:
    found = discovered(one_paragraph(article_from_text, "وطالب بملف #بريكست وقال فتح الله #غولن إن الاتهام باطل."), registry)
    assert not [name for name in found if "#" in name]


def test_an_edit_to_the_word_lists_is_seen_by_the_next_build_in_the_same_process(article_from_text: Make,
                                                                                  tmp_path: Path) -> None:
    """`mkdocs serve` builds again in its own process: the rules must read the registry's patterns.yml
    as it is now, not as the first build found it, nor the project's when the registry is elsewhere."""
    registry_dir = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry_dir)
    article = one_paragraph(article_from_text, "وأكد مساعد منسق مراسم الحج رينيه طرابلسي أن الزوار وصلوا.")
    assert "منسق مراسم" in discovered(article, load_registry(registry_dir))
    with (registry_dir / "patterns.yml").open("a", encoding="utf-8") as patterns:
        patterns.write("  - مراسم\n")
    assert "منسق مراسم" not in discovered(article, load_registry(registry_dir))
    assert "منسق مراسم" in discovered(article, load_registry(ROOT / "registry"))


def test_the_subject_set_off_by_commas_is_the_speaker_not_the_person_addressed(article_from_text: Make,
                                                                                registry: Registry) -> None:
    """The review found this statement on Trump's page; its speaker is the minister who addressed him."""
    from archive.extract import extract_facts
    article = one_paragraph(article_from_text, "ووجه وزير الدولة البريطاني للجامعات والعلوم، سام جييما، تساؤلا للرئيس "
                                               'الأميركي دونالد ترمب عبر تويتر قائلا "أين اللياقة يا سيادة الرئيس؟".')
    facts = extract_facts(article, registry)
    speaker = {actor.id: actor.name for actor in facts.discovered}.get(facts.statements[0].speaker)
    assert speaker == "سام جييما"
    assert any(role.title == "وزير الدولة البريطاني للجامعات والعلوم" for _, role in facts.roles)


@pytest.mark.parametrize(("text", "speaker", "title"), [
    # The review found Paul Ryan's words on Trump's page: «في الكونغرس» had ended the title before his name.
    ('ودعا زعيم الجمهوريين في الكونغرس، بول راين، الاثنين، ترمب إلى الحذر، لافتاً إلى أنه "ليس هناك تكافؤ '
     'أخلاقي بين الولايات المتحدة وروسيا التي ما زالت معادية لقيمنا".', "بول راين", "زعيم الجمهوريين في الكونغرس"),
    # A body behind a clitic (بمجلس), and the senate it names is not the speaker.
    ("من جانبه، قال الرئيس الجمهوري للجنة العلاقات الخارجية بمجلس الشيوخ الأميركي، بوب كوركر، إن تصريحات "
     "ترمب جعلت الولايات المتحدة تبدو ضعيفة.", "بوب كوركر", "الرئيس الجمهوري للجنة العلاقات الخارجية بمجلس الشيوخ الأميركي"),
])
def test_a_title_reads_through_a_registry_body_to_the_name_after_it(article_from_text: Make, registry: Registry,
                                                                     text: str, speaker: str, title: str) -> None:
    from archive.extract import extract_facts
    facts = extract_facts(one_paragraph(article_from_text, text), registry)
    names = {actor.id: actor.name for actor in facts.discovered}
    assert [names.get(s.speaker) for s in facts.statements] == [speaker]
    assert (next(i for i, n in names.items() if n == speaker), title) in [(i, r.title) for i, r in facts.roles]
    body = next(m for m in facts.mentions if m.actor_id in ("us-congress", "us-senate"))
    assert body.title_of == next(i for i, n in names.items() if n == speaker)


def test_the_speaker_is_the_holder_of_the_title_that_names_a_body(article_from_text: Make, registry: Registry) -> None:
    """The speaker phrase stops at في; the Security Council named after it is in Haley's title."""
    from archive.extract import extract_facts
    facts = extract_facts(one_paragraph(article_from_text, "وقالت المندوبة الأمريكية في مجلس الأمن نيكي هيلي، إن "
                                                           "واشنطن تقف في تضامن مطلق مع بريطانيا."), registry)
    assert [s.speaker for s in facts.statements] == ["nikki-haley"]
