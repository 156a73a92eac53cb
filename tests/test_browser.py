"""The built site in a real browser: Debian's Chromium driven by Playwright, on localhost, offline."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import threading
import warnings
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from conftest import ROOT, BuiltSite

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google's hosts at start.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "tests" / "screenshots"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def base_url(seed_site: BuiltSite) -> Iterator[str]:
    """The seed site served on a free localhost port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(seed_site.site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


CLOSE_WITHIN = 60  # s: closing Chromium and Playwright's driver takes under a second


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it")
    playwright = playwright_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
    finally:
        # Twice in some dozens of full runs the close never returned: Playwright's driver waited on a Chromium
        # that did not exit, and the suite sat idle until CI's limit. After CLOSE_WITHIN seconds the
        # processes this test run started are killed, which ends the close with an error, reported here.
        watchdog = threading.Timer(CLOSE_WITHIN, kill_descendants)
        watchdog.start()
        try:
            playwright.stop()  # closes the browser too
        except Exception as error:  # noqa: BLE001 - the driver killed by the watchdog
            warnings.warn(f"Chromium did not close within {CLOSE_WITHIN} s and was killed: {error}", stacklevel=1)
        finally:
            watchdog.cancel()


def kill_descendants() -> None:
    """SIGKILL every process this one started, directly or not (Playwright's driver, Chromium's processes)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    ours, changed = {os.getpid()}, True
    while changed:
        found = {pid for pid, parent in parents.items() if parent in ours} - ours
        ours |= found
        changed = bool(found)
    for pid in ours - {os.getpid()}:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


class Watched:
    """A page whose requests and console errors are recorded."""

    def __init__(self, page: object, base_url: str) -> None:
        self.page, self.base_url = page, base_url
        self.outside: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: None if r.url.startswith((base_url, "data:", "blob:")) else self.outside.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)


@pytest.fixture
def watched(browser: object, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    watcher = Watched(page, base_url)
    yield watcher
    context.close()
    assert watcher.outside == [], "requests left localhost"
    assert watcher.errors == [], "console errors"


def search(watched: Watched, query: str) -> list[str]:
    """Type a query in the header's search box and return the result URLs, best first."""
    page = watched.page
    page.goto(watched.base_url)
    box = page.locator("[data-archive-search-input]")
    box.click()
    box.fill(query)
    box.press("End")  # fill() fires no keyup; the search listens to input, a key makes it explicit
    # Results are shown one by one as their fragments arrive: wait until none is pending.
    page.wait_for_function("""() => {
        const meta = document.querySelector('[data-archive-search-meta]').textContent;
        const list = document.querySelector('[data-archive-search-list]');
        return meta.includes('لا نتائج') || (/نتيج|نتائج/.test(meta) && list.dataset.pending === '0');
    }""")
    return [href.replace(watched.base_url, "") for href in
            page.locator(".archive-search-result a").evaluate_all("links => links.map(a => a.href)")]


A000, A001, A002, A003, A004 = (f"articles/{name}/" for name in ("000_530f177a4472afb0", "001_8c87d7248a5dab15",
                                 "002_bc64007392f385e7", "003_3d39ae72756f47f4", "004_c250db8dfdc2da85"))
# Each normalisation rule, with a page that must be found (and, where it matters, one that must not).
QUERIES = [
    ("الارهاب", A000, None),  # hamza: the articles write الإرهاب
    ("الإرْهاب", A000, None),  # diacritics typed by the reader
    ("إرهاب", A004, None),  # ال and وال: والإرهاب، الإرهاب
    ("والإرهاب", A002, None),  # وال typed by the reader
    ("بالإرهاب", A000, None),  # بال typed by the reader
    ("للأمم المتحدة", "actors/united-nations/", None),  # لل
    ("قصاري", A003, None),  # ى/ي: the article writes قصارى
    ("الاسلحه", A001, None),  # ة/ه: the article writes الأسلحة
    ("عودتهم", A000, None),  # و written: وعودتهم
    ("انتظام", A001, None),  # ب written: بانتظام
    ("تسلل", A000, None),  # ل written: لتسلل
    ("وبوغدانوف", A000, None),  # و typed by the reader
    ("فبوغدانوف", A000, None),  # ف typed by the reader
    ("كداعش", A003, None),  # ك typed by the reader
    ("سوريا", A004, None),  # spelling pair: the articles write سورية
    ("الأميركية", A002, None),  # أميركي/أمريكي
    ("فعال", A001, A002),  # shadda (فعّال); never العالم
    ("داعش", A003, None),  # /داعش/ and (داعش) glued to punctuation
    ("٢١٧٠", "resolutions/sc-2170/", None),  # Arabic-Indic digits
    ("لافـــروف", "actors/sergey-lavrov/", None),  # tatweel
    ("بوجدانوف", A000, None),  # spelling pair (registry/search.yml): the article writes بوغدانوف
    ("وبوجدانوف", A000, None),  # the pair behind a clitic
    ("lavrov", "actors/sergey-lavrov/", None),  # an actor's English name, in any case
    ("LAVROV", "actors/sergey-lavrov/", None),
]


@pytest.mark.parametrize(("query", "must_find", "must_not_find"), QUERIES)
def test_arabic_queries_find_what_readers_mean(watched: Watched, query: str, must_find: str, must_not_find: str | None) -> None:
    results = search(watched, query)
    assert must_find in results, results
    if must_not_find:
        assert must_not_find not in results


@pytest.mark.parametrize(("query", "first"), [("لافروف", "actors/sergey-lavrov/"), ("تنظيم الدولة", "actors/isis/"),
                                              ("2170", "resolutions/sc-2170/")])
def test_actor_and_resolution_pages_rank_first(watched: Watched, query: str, first: str) -> None:
    assert search(watched, query)[0] == first


@pytest.mark.parametrize(("query", "first"), [("لافروف", "actors/sergey-lavrov/"), ("ولافروف", "actors/sergey-lavrov/"),
                                              ("تنظيم الدولة", "actors/isis/"), ("٢١٧٠", "resolutions/sc-2170/")])
def test_actor_and_resolution_pages_are_suggested_before_pagefind_answers(browser: object, base_url: str, query: str,
                                                                          first: str) -> None:
    """Pagefind's files are held back, as on a cold page whose WebAssembly and index are still loading."""
    context = browser.new_context(locale="ar")
    held: list[object] = []
    context.route("**/pagefind/**", lambda route: held.append(route))  # never answered while the test looks
    page = context.new_page()
    try:
        page.goto(base_url)
        box = page.locator("[data-archive-search-input]")
        box.click()
        box.fill(query)
        suggested = page.locator(".archive-search-result[data-suggested] a")
        suggested.first.wait_for()
        links = [href.replace(base_url, "") for href in suggested.evaluate_all("links => links.map(a => a.href)")]
        assert links[0] == first, links
        assert held, "Pagefind was asked for and held back"
    finally:
        context.close()


@pytest.mark.parametrize(("query", "suggested"), [
    ("لافروف", ["actors/sergey-lavrov/"]),
    ("بلافروف", ["actors/sergey-lavrov/"]),  # a clitic typed before a stem long enough to be no other word
    ("فسور", []),  # ف + سور: too short a stem to stand for سورية (as فعال must never reach العال)
    ("سور", ["actors/syria/"]),  # the start of a name, as it is typed
])
def test_suggestions_follow_the_clitic_rule_of_the_search(watched: Watched, query: str, suggested: list[str]) -> None:
    watched.page.goto(watched.base_url)
    found = watched.page.evaluate("(query) => window.archiveSearch.suggest(query)", query)
    assert (found[: len(suggested)] if suggested else found) == suggested, found


def test_suggestions_stay_first_once_pagefind_answers_and_are_not_repeated(watched: Watched) -> None:
    links = search(watched, "لافروف")
    assert links[0] == "actors/sergey-lavrov/" and links.count("actors/sergey-lavrov/") == 1, links
    assert watched.page.locator(".archive-search-result[data-suggested]").count() >= 1


def test_the_count_of_results_agrees_with_its_noun(watched: Watched) -> None:
    search(watched, "فعال")  # three pages: فعّال، فعالة، بفعالية
    assert watched.page.locator("[data-archive-search-meta]").text_content() == "3 نتائج"


def test_results_show_the_original_text_with_the_match_marked(watched: Watched) -> None:
    search(watched, "الارهاب")
    marked = watched.page.locator(".archive-search-result mark").all_inner_texts()
    assert "الإرهاب" in marked  # as written, hamza and all


def test_pagefind_is_ready_before_the_reader_types(watched: Watched) -> None:
    """A cold page fetches Pagefind's metadata, WebAssembly and filter file on its own, on the main thread."""
    page = watched.page
    fetched: list[str] = []
    page.on("requestfinished", lambda r: fetched.append(r.url.split("?")[0]))
    page.goto(watched.base_url + "actors/sergey-lavrov/")
    page.wait_for_load_state("networkidle")
    kinds = {url.rsplit(".", 1)[-1] for url in fetched if "/pagefind/" in url}
    assert {"pf_meta", "pagefind", "pf_filter"} <= kinds, fetched
    assert "pf_index" not in kinds, "an index chunk before any query"
    assert not [url for url in fetched if url.endswith("pagefind-worker.js")], "Pagefind's worker was started"


def test_layout_is_right_to_left(watched: Watched) -> None:
    page = watched.page
    page.goto(watched.base_url)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    tabs = page.locator(".md-tabs__link")
    first, last = tabs.first.bounding_box(), tabs.last.bounding_box()
    assert first["x"] > last["x"], "the first tab (الرئيسية) stands on the right"
    logo = page.locator(".md-header__button.md-logo").bounding_box()
    assert logo["x"] > 1280 / 2, "the logo and title stand on the right"
    counts = [box for box in (li.bounding_box() for li in page.locator(".archive-counts li").all()) if box]
    assert len(counts) == 4 and len({round(box["y"]) for box in counts}) == 1, "the home's counts stand in one row"
    assert counts[0]["x"] > counts[-1]["x"], "the first count (articles) stands on the right"


def test_arabic_font_is_served_by_the_site(watched: Watched) -> None:
    page = watched.page
    page.goto(watched.base_url + "articles/000_530f177a4472afb0/")
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert page.evaluate("document.fonts.check('16px \"Archive Naskh\"', 'لافروف')")


def test_click_from_article_to_actor_to_another_article(watched: Watched) -> None:
    page = watched.page
    page.goto(watched.base_url + A002)
    page.locator(".archive-body a.actor-link[href*='sergey-lavrov']").first.click()
    assert page.url == watched.base_url + "actors/sergey-lavrov/"
    others = page.locator(".actor-articles a.article-link:not([href*='002_bc64007392f385e7'])")
    assert others.count() >= 3  # Lavrov is named in every seed
    target = others.first.get_attribute("href")
    others.first.click()
    assert page.url.startswith(watched.base_url + "articles/") and "002_bc64007392f385e7" not in page.url
    assert page.url.endswith(target.split("/")[-2] + "/")
    assert page.locator(".archive-body a.actor-link[href*='sergey-lavrov']").count() == 1  # its first mention links back


def test_click_from_resolution_to_citing_article(watched: Watched) -> None:
    page = watched.page
    page.goto(watched.base_url + "resolutions/sc-2170/")
    page.locator(".resolution-citations a.article-link").first.click()
    assert page.url.endswith("articles/000_530f177a4472afb0/")
    assert page.locator(".archive-body a.resolution-link").count() == 2


def test_statement_permalink_points_at_the_words(watched: Watched) -> None:
    page = watched.page
    page.goto(watched.base_url + "articles/004_c250db8dfdc2da85/#statement-2")
    assert page.locator("#statement-2").inner_text().startswith("إن روسيا وخلال مشاركتها")
    assert page.evaluate("document.querySelector(':target').id") == "statement-2"
    # The words are below the header and the "back to top" button, not under them.
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert page.evaluate("document.querySelector('#statement-2').getBoundingClientRect().top") >= header + 40


def draw_diagrams(page: object) -> None:
    """Scroll each diagram into view (Mermaid loads only then) and wait until it is drawn."""
    for diagram in page.locator(".archive-diagram").all():
        diagram.scroll_into_view_if_needed()
        diagram.locator("svg").wait_for(timeout=15_000)


def test_diagrams_are_drawn_from_local_mermaid_when_near(watched: Watched) -> None:
    page = watched.page
    mermaid: list[str] = []
    page.on("request", lambda r: mermaid.append(r.url) if "mermaid" in r.url else None)
    page.goto(watched.base_url + "actors/sergey-lavrov/")
    page.wait_for_load_state("networkidle")
    assert mermaid == [], "Mermaid (3.5 MB) is loaded before any diagram is near the screen"
    color = "e => getComputedStyle(e).color"
    assert page.locator(".archive-diagram").first.evaluate(color) == "rgba(0, 0, 0, 0)"  # no raw source meanwhile
    draw_diagrams(page)
    assert page.locator(".archive-diagram").first.evaluate(color) != "rgba(0, 0, 0, 0)"
    assert mermaid == [watched.base_url + "assets/js/vendor/mermaid.min.js"]
    assert "سيرغي لافروف" in page.locator(".archive-diagram svg").text_content()


def test_diagram_labels_from_articles_cannot_inject_mermaid(watched: Watched) -> None:
    """Hostile names through the real diagram template: drawn as text, no link, no extra node.

    The page is answered by a browser route, not written into the session's shared site."""
    from types import SimpleNamespace

    from archive.render import Renderer

    hostile = 'x"] --> evil["pwn"]; click me "javascript:alert(1)" <img src=x onerror=alert(2)> %%{init: {}}%%'
    template = Renderer(None, ROOT / "templates").env.get_template("diagram_actor.j2")  # type: ignore[arg-type]
    html = template.render(actor=SimpleNamespace(name=hostile), profile=SimpleNamespace(co_actors=[("b", 3)]),
                           actors={"b": SimpleNamespace(name="ب]; linkStyle 0 stroke:red")})
    document = (f'<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8"><link rel="icon" href="data:,"><body>{html}'
                '<script src="../assets/js/diagrams.js"></script></body></html>')
    page = watched.page
    page.route(watched.base_url + "diagram-check/", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=document))
    page.goto(watched.base_url + "diagram-check/")
    draw_diagrams(page)
    svg = page.locator(".archive-diagram svg")
    assert svg.locator("g.node").count() == 2
    assert svg.locator("a, img, [onerror]").count() == 0
    assert "evil" in svg.text_content() and "pwn" in svg.text_content()  # the words stay, as text of one label


@pytest.mark.parametrize(("name", "path"), [("home", ""), ("article", "articles/002_bc64007392f385e7/"),
                                            ("actor", "actors/sergey-lavrov/"), ("resolution", "resolutions/sc-2170/")])
def test_screenshots_for_review(watched: Watched, name: str, path: str) -> None:
    page = watched.page
    page.goto(watched.base_url + path)
    draw_diagrams(page)
    page.evaluate("window.scrollTo(0, 0)")
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000


@pytest.fixture(scope="module")
def sub_path_url(seed_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed site served under a sub-path, as on a project's GitHub Pages (https://host/archive/)."""
    top = tmp_path_factory.mktemp("sub-path")
    (top / "archive").symlink_to(seed_site.site, target_is_directory=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(top)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/archive/"
    server.shutdown()


def test_search_under_a_sub_path_links_and_excerpts_within_it(browser: object, sub_path_url: str) -> None:
    context = browser.new_context(locale="ar")
    watched = Watched(context.new_page(), sub_path_url)
    try:
        links = search(watched, "الارهاب")
        assert links and all(link.startswith("articles/") or link.startswith("actors/") or link.startswith("resolutions/")
                             for link in links), links
        assert "الإرهاب" in watched.page.locator(".archive-search-result mark").all_inner_texts()
        assert watched.errors == [] and watched.outside == []
    finally:
        context.close()


def test_a_number_in_no_page_finds_nothing(watched: Watched) -> None:
    """Pagefind answers a word that starts no indexed word with a shorter one it starts with: القرار 2171
    found the pages of 217 or 21. A fact-checker must read "no results"."""
    assert search(watched, "القرار 2171") == []
    assert watched.page.locator("[data-archive-search-meta]").text_content() == "لا نتائج"
    assert search(watched, "القرار 2170")[0] == "resolutions/sc-2170/"


def test_every_result_can_be_shown_ten_at_a_time(watched: Watched) -> None:
    first = search(watched, "وزير")  # 12 pages: actors with a minister's title, and articles
    page = watched.page
    assert len(first) == 10 and page.locator("[data-archive-search-meta]").text_content() == "12 نتيجة"
    more = page.locator(".archive-search-more button")
    assert more.inner_text() == "عرض النتائج 11–12 من 12"
    more.click()
    page.wait_for_function("document.querySelector('[data-archive-search-list]').dataset.pending === '0'")
    links = page.locator(".archive-search-result a").evaluate_all("links => links.map(a => a.href)")
    assert len(links) == len(set(links)) == 12 and page.locator(".archive-search-more").count() == 0


def test_the_results_are_reached_with_the_keyboard(watched: Watched) -> None:
    page = watched.page
    page.goto(watched.base_url)
    page.keyboard.press("/")  # opens the search from anywhere, as Material's own does
    assert page.evaluate("document.activeElement.matches('[data-archive-search-input]')")
    results = search(watched, "وزير")
    box = page.locator("[data-archive-search-input]")
    for key in ("ArrowDown", "ArrowDown", "ArrowDown", "ArrowUp"):
        box.press(key)
    chosen = page.locator(".archive-search-selected")
    assert chosen.count() == 1 and chosen.locator("a").get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url(watched.base_url + results[1])


def test_the_article_listing_gives_a_phone_the_headlines_width(browser: object, base_url: str) -> None:
    shown = "document.querySelector('.articles-table th:nth-child(2)') && getComputedStyle(document.querySelector('.articles-table th:nth-child(2)')).display"
    for width, display in ((1280, "table-cell"), (390, "none")):  # the source column, on a desktop and a phone
        context = browser.new_context(viewport={"width": width, "height": 844}, locale="ar")
        page = context.new_page()
        page.goto(base_url + "articles/")
        assert page.evaluate(shown) == display
        context.close()


def test_an_article_is_cited_with_its_full_address_and_copied(browser: object, base_url: str) -> None:
    context = browser.new_context(locale="ar", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    watcher = Watched(page, base_url)
    page.goto(base_url + A002)
    page.locator(".archive-cite summary").click()
    cite = page.locator("[data-archive-cite]")
    # The templates write the site-relative path; the page knows the address it is served at.
    assert cite.inner_text().startswith("«لافروف: تشكيل جبهة موحدة لمحاربة الإرهاب")
    assert cite.inner_text().endswith(f"في: أرشيف الحقائق، {base_url}{A002}.")
    page.locator(".archive-cite-copy").click()
    page.wait_for_function("document.querySelector('.archive-cite-copy').textContent === 'نُسخ'")
    assert page.evaluate("navigator.clipboard.readText()") == cite.inner_text().strip()
    context.close()
    assert watcher.outside == [] and watcher.errors == []


@pytest.mark.parametrize(("path", "section"), [(A002, "articles/"), ("actors/sergey-lavrov/", "actors/"),
                                               ("resolutions/sc-2170/", "resolutions/")])
def test_a_generated_page_leads_back_to_its_section_and_home(watched: Watched, path: str, section: str) -> None:
    page = watched.page
    page.goto(watched.base_url + path)
    trail = page.locator(".archive-breadcrumbs a")
    assert trail.count() == 2
    trail.nth(1).click()
    assert page.url == watched.base_url + section
    page.goto(watched.base_url + path)
    page.locator(".archive-breadcrumbs a").first.click()
    assert page.url == watched.base_url
