"""Resolution citations: every form the press writes, every trap, the seeds, the registry."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from archive.extract.resolutions import extract_citations, plausible_sc_year, undescribed_resolution
from archive.model import Article, Citation, Paragraph, Resolution
from archive.registry import Registry

HEADLINE = "خبر عن قرارات الأمم المتحدة\n"
MakeArticle = Callable[..., Article]


def cited(article: Article, registry: Registry) -> list[tuple[str, str]]:
    """(resolution id, linked text as written) of every citation, in order."""
    texts = {p.index: p.text for p in article.paragraphs}
    return [(c.resolution_id, texts[c.paragraph][c.start:c.end]) for c in extract_citations(article, registry)]


# ---------------------------------------------------------------- seeds
def test_seed_000_cites_exactly_2170_and_2178(seed_articles: dict[str, Article], registry: Registry) -> None:
    article = seed_articles["000_530f177a4472afb0.txt"]
    citations = extract_citations(article, registry)
    assert [(c.resolution_id, article.paragraphs[c.paragraph].text[c.start:c.end]) for c in citations] == [
        ("sc-2170", "2170"), ("sc-2178", "2178")]
    assert all(c.sentence.endswith("وبخاصة القرارين 2170 و2178.") for c in citations)


@pytest.mark.parametrize("file", [
    "000_530f177a4472afb0.txt", "001_8c87d7248a5dab15.txt", "002_bc64007392f385e7.txt",
    "003_3d39ae72756f47f4.txt", "004_c250db8dfdc2da85.txt",
])
def test_seeds_match_the_gold(file: str, seed_articles: dict[str, Article], registry: Registry,
                              gold: dict[str, Any]) -> None:
    """Exactly the gold's resolutions; none of its trap numbers is ever read as one."""
    citations = extract_citations(seed_articles[file], registry)
    numbers = {int(c.resolution_id.split("-")[1]) for c in citations}
    assert sorted(numbers) == sorted(gold[file]["resolutions"])
    assert not numbers & set(gold[file]["not_resolutions"])
    assert all(c.resolution_id.startswith("sc-") for c in citations)


# ---------------------------------------------------------------- forms
FORMS = {
    "bare": ("أكد البيان ضرورة تطبيق القرار 2170 دون إبطاء.", [("sc-2170", "2170")]),
    "raqm": ("ودعا إلى الالتزام بالقرار رقم 2170 بشأن المقاتلين.", [("sc-2170", "2170")]),
    "organ and raqm": ("وطالب بتنفيذ قرار مجلس الأمن الدولي رقم 2254 بكل بنوده.", [("sc-2254", "2254")]),
    "dual": ("في انتهاك فاضح للقرارين 2170 و2178 الصادرين عن المجلس.", [("sc-2170", "2170"), ("sc-2178", "2178")]),
    "plural list": ("وذكّر بالقرارات 2170 و2178 و2199 المتعلقة بداعش.",
                    [("sc-2170", "2170"), ("sc-2178", "2178"), ("sc-2199", "2199")]),
    "dual with organ": ("وشدد على قراري مجلس الأمن 242 و338 أساساً للتسوية.", [("sc-242", "242"), ("sc-338", "338")]),
    "un notation": ("ودعا مجلس الأمن إلى تطبيق 2254 (2015) كاملاً.", [("sc-2254", "2254")]),
    "year after": ("وأشار إلى القرار 2254 لعام 2015 الذي رسم خريطة الحل.", [("sc-2254", "2254")]),
    "year in brackets": ("طبقاً للفقرة 14 من قرار مجلس الأمن 2216 (2015).", [("sc-2216", "2216")]),
    "symbol": ("وأحال البيان إلى الوثيقة S/RES/2254 (2015) الصادرة عن المجلس.", [("sc-2254", "S/RES/2254")]),
    "arabic-indic digits": ("وتمسك بقرار مجلس الأمن ٢٢٥٤ والمبادرة الخليجية.", [("sc-2254", "٢٢٥٤")]),
    "clitic bi": ("وأشاد بالقرار 2216 الذي يحظر توريد السلاح.", [("sc-2216", "2216")]),
    "clitic wa-li": ("وللقرار 2231 أهمية خاصة في الملف النووي.", [("sc-2231", "2231")]),
    "clitic dual": ("عملاً بقراري مجلس الأمن 2216 و 2231 ، قد سمح بذلك.", [("sc-2216", "2216"), ("sc-2231", "2231")]),
    "clitic li organ": ("وهذا انتهاك لقرار مجلس الأمن 478 بشأن القدس.", [("sc-478", "478")]),
    "bracketed list": ("في تحد واضح للقرارين الأممين (2216) و(2231) بهدف التهديد.", [("sc-2216", "2216"), ("sc-2231", "2231")]),
    "dash list": ("بانتهاكها القرارين (2231 - 2216) وأحكام القانون.", [("sc-2231", "2231"), ("sc-2216", "2216")]),
    "comma list": ("وقرارات مجلس الأمن ذات الصلة (2216، 2231)، بهدف التهديد.", [("sc-2216", "2216"), ("sc-2231", "2231")]),
    "two singulars": ("لخرق القرار الأممي (2216) والقرار (2231) بهدف التهديد.", [("sc-2216", "2216"), ("sc-2231", "2231")]),
    "yahmil al-raqm": ("الاتفاق النووي الذي صادق عليه قرار أممي يحمل الرقم 2231. وفي أيار خلصت الوكالة.",
                       [("sc-2231", "2231")]),
    "labelled, never a count": ("وصادق عليه قرار مجلس الأمن رقم 2231 صيفاً.", [("sc-2231", "2231")]),
    "adverb after": ("إن تطبيق القرار 2216 وفقا للفصل السابع يمكننا من الحل.", [("sc-2216", "2216")]),
    "relative after": ("تنفيذاً لقرار مجلس الأمن رقم 2216 والذي حدد آلية للرقابة.", [("sc-2216", "2216")]),
    "counted year": ("والفقرة رقم 19 من القرار رقم 1973 لعام 2011 بشأن ليبيا.", [("sc-1973", "1973")]),
    "diacritics": ("وأيّد القرارَ ٢١٧٨ بالإجماع.", [("sc-2178", "٢١٧٨")]),
    "general assembly": ("ويستند إلى قرار الجمعية العامة رقم 194 بشأن اللاجئين.", [("ga-194", "194")]),
    "general assembly by registry": ("يضاف إلى ذلك القرار الأممي رقم 194 الصادر عام 1948 بشأن العودة.", [("ga-194", "194")]),
    "general assembly symbol": ("وفق الوثيقة A/RES/194 (III) الخاصة باللاجئين.", [("ga-194", "A/RES/194")]),
    "general assembly session": ("ويطالب بتطبيق القرار 194 (III) بشأن اللاجئين.", [("ga-194", "194")]),
    "organ after": ("وطالب بتطبيق القرار 181 الصادر عن الجمعية العامة بشأن التقسيم.", [("ga-181", "181")]),
    "organ before": ("وكانت الجمعية العامة للأمم المتحدة تبنت القرار 181 عام 1947.", [("ga-181", "181")]),
    "issued by organ": ("التي تشكلت بقرار من الجمعية العامة الأمم المتحدة رقم 302 لعام 1949.", [("ga-302", "302")]),
    "human rights council": ("وأشار إلى قرار مجلس حقوق الإنسان رقم 19 بشأن التحقيق.", [("hrc-19", "19")]),
    "unregistered": ("وأكد تقرير الخبراء المكلف بموجب قرار مجلس الأمن 2342 (2017) ذلك.", [("sc-2342", "2342")]),
    "anaphor al-qarar al-umami": (
        "وطالب بتنفيذ القرار 2254 لعام 2015 دون تأخير.\nوقال الوزير إن القرار الأممي يرسم طريق الحل.",
        [("sc-2254", "2254"), ("sc-2254", "القرار الأممي")]),
    "anaphor hadha": (
        "ودعا إلى التطبيق الكامل لقرار مجلس الأمن الدولي رقم 2401 لعام 2018. هذا القرار يطالب بوقف القتال.",
        [("sc-2401", "2401"), ("sc-2401", "هذا القرار")]),
    "anaphor bare": (
        "وطالب الحوثيين بتنفيذ القرار 2216 والانسحاب من المدن.\nكما ينص القرار على تيسير إيصال المساعدات.",
        [("sc-2216", "2216"), ("sc-2216", "القرار")]),
    "anaphor after generic plural": (
        "وطالب بتنفيذ القرار 2216 دون شروط.\nوذكر بقرارات مجلس الأمن ذات الصلة، وقال إن القرار الدولي واضح.",
        [("sc-2216", "2216"), ("sc-2216", "القرار الدولي")]),
    "organs kept apart": (
        "وذكر بقرار الجمعية العامة رقم 242 وبقرار مجلس الأمن رقم 242 معاً.",
        [("ga-242", "242"), ("sc-242", "242")]),
}


@pytest.mark.parametrize("body, expected", FORMS.values(), ids=FORMS.keys())
def test_each_form_is_cited(body: str, expected: list[tuple[str, str]], article_from_text: MakeArticle,
                            registry: Registry) -> None:
    assert cited(article_from_text(HEADLINE + body), registry) == expected


# ---------------------------------------------------------------- traps
TRAPS = {
    "count": "وأكد أن هناك 1400 فرنسي أو مقيم في البلاد سافروا للقتال.",
    "count accusative": "وقال إن نحو 70 فرنسياً قتلوا في سورية والعراق.",
    "year": "وتضاعف العدد منذ عام 2012 بشكل كبير.",
    "date": "وعقد الاجتماع في 20 تشرين الأول الماضي في موسكو.",
    "aircraft": "وأسقطت قاذفة روسية من طراز سو24 في الأجواء السورية.",
    "five plus one": "وأكد ضرورة إنجاح المفاوضات بين إيران ومجموعة 5 زائد 1 في موعدها.",
    "votes after resolution word": "وصوت لصالح القرار 177 نائبا في البرلمان المؤلف من 240 مقعدا.",
    "members after resolution word": "ونال القرار 45 صوتا من أصل 99 في المجلس.",
    "date after resolution word": "وصدر القرار 20 تشرين الأول بعد نقاش طويل.",
    "national decree": "ونشرت الجريدة الرسمية القرار رقم 13 لسنة 2018 بتنظيم الاستيراد.",
    "year of related resolutions": "وفق قرارات الأمم المتحدة ذات الصلة لسنة 2015 والمبادرة الخليجية.",
    "resolutions of a year": "وطالب بتطبيق قرارات الأمم المتحدة التي تعود لعام 1967 بحذافيرها.",
    "another decision with count": "وجاء قرار لندن طرد 23 دبلوماسيا روسيا ردا على الهجوم.",
    "indefinite decision": "لأنهم اتخذوا قرارا بعدم التعامل مع القوات المسلحة السورية.",
    "decision with days": "وأصدرت النيابة قرارا بحبسه 15 يوما احتياطيا.",
    "iqrar and istiqrar": "وتم إقرار موازنة العام 2018 لضمان الاستقرار 2019 في البلاد.",
    "year without wording": "ووقع الاتفاق 2254 (2015) في جنيف بين الطرفين.",
    "number far from its year": "ودعا مجلس الأمن إلى احترام 2254 (2012) حسب البيان.",
    "anaphor with nothing before": "وقال الوزير إن القرار الأممي يجب أن يطبق فوراً.",
    "hadha al-qarar with nothing before": "ورفض الوزير هذا القرار جملة وتفصيلا.",
    "decision-making idiom": "وتحدث عن صنع القرار في الدول الكبرى وأصحاب القرار فيها.",
}


@pytest.mark.parametrize("body", TRAPS.values(), ids=TRAPS.keys())
def test_trap_is_not_cited(body: str, article_from_text: MakeArticle, registry: Registry) -> None:
    assert cited(article_from_text(HEADLINE + body), registry) == []


ANAPHORA_TRAPS = {
    "two resolutions before": (
        "وفي انتهاك للقرارين 2170 و2178 عبر المقاتلون الحدود.\nوقال إن القرار يلزم الدول بمنع ذلك.",
        [("sc-2170", "2170"), ("sc-2178", "2178")]),
    "a draft in between": (
        "وأكد انتهاك إيران لقرار مجلس الأمن رقم 2216.\nوتناول الدبلوماسيون مشروع قرار يجدد العقوبات.\n"
        "ولم يتضح موقف روسيا من هذا القرار بعد.",
        [("sc-2216", "2216")]),
    "another decision named": (
        "وكان الاتفاق النووي قد أقره القرار 2231.\nووبخ روحاني قرار ترامب بإعادة فرض العقوبات.\n"
        "وقال إن القرار سيضر بالجميع.",
        [("sc-2231", "2231")]),
    "another adjective": (
        "وكان الاتفاق النووي قد أقره القرار 2231.\nوأعربت برلين عن خيبة أملها إزاء القرار الأمريكي.",
        [("sc-2231", "2231")]),
    "relative clause": (
        "وكان الاتفاق النووي قد أقره القرار 2231.\nوانتقد القرار الذي اتخذته الحكومة أمس.",
        [("sc-2231", "2231")]),
    "same sentence": (
        "ونص القرار 2216 على حظر الأسلحة، وانتهاك القرار مستمر.",
        [("sc-2216", "2216")]),
}


@pytest.mark.parametrize("body, expected", ANAPHORA_TRAPS.values(), ids=ANAPHORA_TRAPS.keys())
def test_ambiguous_anaphor_is_not_cited(body: str, expected: list[tuple[str, str]], article_from_text: MakeArticle,
                                        registry: Registry) -> None:
    assert cited(article_from_text(HEADLINE + body), registry) == expected


# ---------------------------------------------------------------- positions and sentences
def test_citation_keeps_positions_and_sentence_as_written(article_from_text: MakeArticle, registry: Registry) -> None:
    body = "جاء ذلك في المؤتمر. وأكّد الوزيرُ التمسّك بالقرارِ رقم ٢٢١٦ (2015)، وطالب بتنفيذه! ثم غادر."
    article = article_from_text(HEADLINE + body)
    (citation,) = extract_citations(article, registry)
    text = article.paragraphs[citation.paragraph].text
    assert text[citation.start:citation.end] == "٢٢١٦"
    assert citation.sentence == "وأكّد الوزيرُ التمسّك بالقرارِ رقم ٢٢١٦ (2015)، وطالب بتنفيذه!"


def test_headings_are_searched(article_from_text: MakeArticle, registry: Registry) -> None:
    body = "وصل المبعوث إلى دمشق صباح اليوم.\nتطبيق القرار 2254 أولاً\nوقال المبعوث إن الحل يمر عبر جنيف بلا شروط."
    article = article_from_text(HEADLINE + body)
    (citation,) = extract_citations(article, registry)
    assert article.paragraphs[citation.paragraph].kind == "heading"
    assert citation.resolution_id == "sc-2254"


def test_paragraphs_keep_their_index(registry: Registry) -> None:
    paragraphs = (Paragraph(0, "مقدمة بلا أرقام."), Paragraph(1, "بيان", "heading"), Paragraph(2, "وأيد القرار 2401 بالإجماع."))
    article = Article("a", "a.txt", "عنوان", False, paragraphs)
    assert extract_citations(article, registry) == (
        Citation("sc-2401", 2, 12, 16, "وأيد القرار 2401 بالإجماع."),)


# ---------------------------------------------------------------- undescribed resolutions
@pytest.mark.parametrize("resolution_id, expected", [
    ("sc-2342", Resolution("sc-2342", 2342, "security-council", described=False)),
    ("ga-302", Resolution("ga-302", 302, "general-assembly", described=False)),
    ("hrc-19", Resolution("hrc-19", 19, "human-rights-council", described=False)),
])
def test_undescribed_resolution_is_built_from_its_id(resolution_id: str, expected: Resolution) -> None:
    assert undescribed_resolution(resolution_id) == expected


@pytest.mark.parametrize("resolution_id", ["sc-", "xx-12", "2170", "sc-0", "sc-12a"])
def test_undescribed_resolution_rejects_a_bad_id(resolution_id: str) -> None:
    with pytest.raises(ValueError):
        undescribed_resolution(resolution_id)


# ---------------------------------------------------------------- registry
SHIPPED = [242, 338, 1559, 1701, 1970, 1973, 2042, 2043, 2118, 2139, 2140, 2165, 2170, 2178, 2191,
           2199, 2216, 2231, 2235, 2249, 2253, 2254, 2268, 2334, 2401]


def test_registry_ships_the_resolutions_the_genre_cites(registry: Registry) -> None:
    assert {f"sc-{n}" for n in SHIPPED} <= set(registry.resolutions)
    assert registry.resolutions["ga-194"] == Resolution(
        "ga-194", 194, "general-assembly", 1948, "A/RES/194 (III)", registry.resolutions["ga-194"].title,
        "https://undocs.org/A/RES/194(III)")


@pytest.mark.parametrize("number, year", [(242, 1967), (338, 1973), (1559, 2004), (1701, 2006), (1970, 2011),
                                          (1973, 2011), (2042, 2012), (2043, 2012), (2118, 2013), (2170, 2014),
                                          (2178, 2014), (2199, 2015), (2216, 2015), (2231, 2015), (2254, 2015),
                                          (2268, 2016), (2334, 2016), (2401, 2018)])
def test_registry_years(number: int, year: int, registry: Registry) -> None:
    assert registry.resolutions[f"sc-{number}"].year == year


def test_every_registered_resolution_is_complete(registry: Registry) -> None:
    for resolution in registry.resolutions.values():
        assert resolution.title and resolution.described, resolution.id
        if resolution.organ == "security-council":
            assert resolution.year and plausible_sc_year(resolution.number, resolution.year), resolution.id
            assert resolution.symbol == f"S/RES/{resolution.number} ({resolution.year})"
            assert resolution.link == f"https://undocs.org/S/RES/{resolution.number}({resolution.year})"
