"""Search benchmark: Material's stock search, stock Pagefind and the archive's search, on real articles.

    python bench/search_bench.py --n 1000 10000 [--corpus ../shared/corpus/articles] [--reuse]

For each N, the first N corpus articles (with the manifest's date, outlet and URL, as
bench/scale.py prepares them) are built twice into `bench/out/search-N/` (never committed):

- final: build.py, then `mkdocs build` with the project's config and hook, which runs Pagefind
  on the folded words of each page (archive/search.py, archive/mkdocs_hook.py);
- stock: the same generated pages with the archive's search markup removed, built by MkDocs
  with Material's own header and `plugins: search: lang: ar` (its stock search), then indexed
  by Pagefind with its defaults (stock Pagefind: it detects lang="ar" and stems Arabic).

Then, in Debian's Chromium on localhost (no throttling), each query is typed on a cold page
(new browser context, empty cache) right after the page's load event, and measured:

- first result: from the query being typed to the first result on screen (Material's and the
  archive's search boxes); for stock Pagefind, which has no box in Material's header, from the
  query to its first result's data (import pagefind.js, search, load the first fragment);
- bytes: every search request of the page until then (index, worker, Pagefind chunks, folding
  table), as served by a plain static server and gzipped as a web server would send it.

And which pages each search finds: hits, the pages holding the word by the archive's folding
rules (diacritics, hamza, clitics, spelling pairs), and hits holding no word that contains the
query's letters at all (over-stemming, e.g. فعال finding العالم).

Ratios and timings in the report all come from the same run. Figures are written to
`bench/out/search-results.md` for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from archive.arabic import clitic_readings, normalise, strip_definite_article, tokenize  # noqa: E402
from archive.search_index import pagefind_command  # noqa: E402
from archive.search import fold_word, folding_json, load_spellings  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from scale import DEFAULT_CORPUS, fresh_docs, prepare_corpus  # noqa: E402

OUT = ROOT / "bench" / "out"
PYTHON = Path(sys.executable)
MKDOCS = PYTHON.with_name("mkdocs")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
THINK_S = 1.0  # a reader's moment between the page appearing and typing in its search box
GIVE_UP_S = 120  # a search that shows nothing after two minutes is recorded as such, and not tried again
TIMED_QUERIES = ("الإرهاب", "سورية", "لافروف", "مجلس الأمن", "تنظيم الدولة", "فعال")  # فعال: in no entity name
# (typed, letters one of a page's words must hold for the word to be there at all: the over-stemming check)
RECALL_QUERIES = (("سوريا", "سوري"), ("سورية", "سوري"), ("الارهاب", "ارهاب"), ("إرهاب", "ارهاب"),
                  ("والإرهاب", "ارهاب"), ("فعال", "فعال"), ("داعش", "داعش"), ("أمريكي", "مريكي|ميركي"))
# The requests of each search set-up (the stock site serves Material's search and stock Pagefind side by side).
SEARCH_URLS = {"material": re.compile(r"search|lunr"), "pagefind": re.compile(r"pagefind"),
               "final": re.compile(r"search|pagefind|segments\.json")}  # segments: the excerpts as written
MATERIAL_INDEX = re.compile(r"search_index\.json|workers/search")


@dataclass
class Timing:
    """One query typed on a cold page."""

    query: str
    seconds: float
    raw_bytes: int
    gzip_bytes: int
    first: str


@dataclass
class Variant:
    """One search set-up of one site: its index and its timings."""

    name: str
    index_files: int
    index_bytes: int
    index_gzip: int
    timings: list[Timing] = field(default_factory=list)
    hits: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)  # query → (hits, relevant found, relevant, without the letters)


def run(command: list[str], **kwargs: Any) -> float:
    """Run a command, failing loudly; return its wall time in seconds."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{command[:3]} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def tree(paths: list[Path]) -> tuple[int, int, int]:
    """(files, bytes, gzipped bytes) of the given files."""
    sizes = [(p.stat().st_size, gzipped_size(p)) for p in paths]
    return len(sizes), sum(s for s, _ in sizes), sum(g for _, g in sizes)


def build_final(work: Path, seeds: Path) -> float:
    """build.py, then mkdocs build with the project's config and hook; return mkdocs' wall time."""
    docs = work / "docs"
    fresh_docs(docs)
    run([str(PYTHON), str(ROOT / "build.py"), "--seeds", str(seeds), "--docs", str(docs), "--quiet",
         "--report", str(work / "build-report.json")])  # the extraction cache beside docs/ serves mkdocs' hook too
    config = work / "mkdocs-final.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nsite_dir: {work / 'site-final'}\n"
                      f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n"
                      f"hooks:\n  - {ROOT / 'archive' / 'mkdocs_hook.py'}\n", encoding="utf-8")
    env = {**os.environ, "ARCHIVE_SEEDS": str(seeds), "NO_MKDOCS_2_WARNING": "1"}
    return run([str(MKDOCS), "build", "-q", "-f", str(config)], env=env, cwd=work)


def build_stock(work: Path) -> float:
    """The final build's pages (they carry no search markup: the index's documents are apart), built by
    stock Material search; return its wall time."""
    docs, stock = work / "docs", work / "docs-stock"
    shutil.rmtree(stock, ignore_errors=True)
    shutil.copytree(docs, stock)
    (work / "no-overrides").mkdir(exist_ok=True)
    config = work / "mkdocs-stock.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {stock}\nsite_dir: {work / 'site-stock'}\nhooks: []\n"
                      f"theme:\n  name: material\n  custom_dir: {work / 'no-overrides'}\n"
                      "plugins:\n  - search:\n      lang: ar\nextra_javascript:\n  - assets/js/diagrams.js\n", encoding="utf-8")
    return run([str(MKDOCS), "build", "-q", "-f", str(config)], env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, cwd=work)


def pagefind_files(site: Path) -> list[Path]:
    """Pagefind's search bundle without the UI kits nobody here loads."""
    return [p for p in (site / "pagefind").rglob("*") if p.is_file() and "-ui" not in p.name and "highlight" not in p.name]


class QuietHandler(SimpleHTTPRequestHandler):
    """A static file server that keeps quiet."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Log nothing."""


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve `directory` on a free localhost port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


TYPE_IN_BOX = """(query) => {
  window.__first = undefined;
  const input = document.querySelector('.md-search__input');
  new MutationObserver((changes, observer) => {
    if (document.querySelector('.md-search-result__item')) { window.__first = performance.now(); observer.disconnect(); }
  }).observe(document.body, { childList: true, subtree: true });
  const start = performance.now();
  input.focus();
  input.value = query;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new KeyboardEvent('keyup', { key: 'End', bubbles: true }));
  return start;
}"""

PAGEFIND_API = """async (query) => {
  const start = performance.now();
  const pagefind = await import(new URL('pagefind/pagefind.js', document.baseURI.replace(/[^/]*$/, '')).href);
  const response = await pagefind.search(query);
  const first = response.results.length ? await response.results[0].data() : null;
  return [start, performance.now(), first ? first.url : ''];
}"""


def time_query(browser: Any, site: Path, base_url: str, query: str, kind: str, think: float = 0.0) -> Timing:
    """Type `query` on a cold home page `think` seconds after it loaded; time the first result.

    `kind` is 'material', 'pagefind' or 'final'. The clock starts when the query is typed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    if kind == "pagefind":  # Material's worker would parse its own index meanwhile: keep it out of Pagefind's time
        context.route(MATERIAL_INDEX, lambda route: route.abort())
    page = context.new_page()
    responses: list[Any] = []
    page.on("response", lambda r: responses.append(r) if SEARCH_URLS[kind].search(r.url[len(base_url):]) else None)
    page.goto(base_url, wait_until="load")
    page.wait_for_timeout(think * 1000)
    if kind != "pagefind":
        start = page.evaluate(TYPE_IN_BOX, query)
        try:
            page.wait_for_function("window.__first !== undefined", timeout=GIVE_UP_S * 1000, polling=20)
        except PlaywrightTimeout:
            context.close()
            return Timing(query, math.inf, 0, 0, f"no result within {GIVE_UP_S} s")
        end = page.evaluate("window.__first")
        first = page.locator(".md-search-result__item a").first.get_attribute("href") or ""
    else:
        start, end, first = page.evaluate(PAGEFIND_API, query)
    page.wait_for_load_state("networkidle")
    # Sizes from the files served (the driver cannot carry a 300 MB body back), gzipped as a web server would.
    files = [served_file(site, r.url[len(base_url):]) for r in responses if r.ok]
    context.close()
    return Timing(query, (end - start) / 1000, sum(f.stat().st_size for f in files), sum(map(gzipped_size, files)),
                  first.replace(base_url, "").lstrip("./"))


def served_file(site: Path, path: str) -> Path:
    """The file a site-relative URL path is served from."""
    target = site / urllib.parse.unquote(path.split("?")[0])
    return target / "index.html" if target.is_dir() else target


@functools.lru_cache(maxsize=None)
def gzipped_size(path: Path) -> int:
    """Bytes of a file gzipped at level 6 (Pagefind's chunks are gzip already and stay about the same)."""
    return len(gzip.compress(path.read_bytes(), 6))


def reader_forms(word: str) -> set[str]:
    """The forms a written word stands for by the issue's rules, from archive.arabic's primitives."""
    spellings = load_spellings()
    forms = set()
    for stem, _ in clitic_readings(word):
        for form in (stem, strip_definite_article(stem)):
            form = spellings.words.get(form, form)
            forms.add(next((new + form[len(old):] for old, new in spellings.prefixes if form.startswith(old)), form))
    return forms


def article_words(work: Path, seeds: Path) -> dict[str, set[str]]:
    """Article URL → the normalised words of its headline and body, from the seeds as written."""
    facts = json.loads((work / "docs" / "facts.json").read_text(encoding="utf-8"))
    words = {}
    for article in facts["articles"]:
        text = (seeds / Path(article["file"]).name).read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text.split("\n---\n", 1)[1]
        words[f"articles/{article['id']}/"] = {token.norm for token in tokenize(text)}
    return words


# Every page a query finds: stock Pagefind as typed; the archive's search as its box does it (archive-search.js).
COUNT_HITS = """async ([query, archive]) => {
  const pagefind = await import(new URL('pagefind/pagefind.js', document.baseURI.replace(/[^/]*$/, '')).href);
  const found = archive ? await window.archiveSearch.find(query) : await pagefind.search(query);
  const urls = [];
  for (let i = 0; i < found.results.length; i += 200) {
    const batch = await Promise.all(found.results.slice(i, i + 200).map((r) => r.data()));
    urls.push(...batch.map((d) => d.url));
  }
  return urls;
}"""


def count_hits(browser: Any, base_url: str, words: dict[str, set[str]], final: bool) -> dict[str, tuple[int, int, int, int]]:
    """For each recall query: (article hits, pages holding the word found, pages holding it, hits without its letters)."""
    page = browser.new_page()
    page.goto(base_url)
    counts = {}
    for query, letters in RECALL_QUERIES:
        target = fold_word(normalise(query))
        relevant = {url for url, ws in words.items() if any(target in reader_forms(w) for w in ws)}
        urls = {re.sub(r"^/|index\.html$", "", u) for u in page.evaluate(COUNT_HITS, [query, final])}
        hits = {u for u in urls if u in words}
        lacking = {u for u in hits if not any(re.search(letters, w) for w in words[u])}
        counts[query] = (len(hits), len(hits & relevant), len(relevant), len(lacking))
    page.close()
    return counts


def browser_session() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, offline flags on."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def build(n: int, corpus: Path, reuse: bool, rebuild_archive: bool = False) -> dict[str, float]:
    """Build the final and the stock site of `n` articles (unless reused); return the build times."""
    work = OUT / f"search-{n}"
    seeds = work / "seeds"
    builds: dict[str, float] = {}
    if reuse and rebuild_archive and seeds.is_dir() and (work / "site-stock" / "pagefind").is_dir():
        builds["mkdocs build, final (hook: pages + Pagefind)"] = build_final(work, seeds)
    elif reuse and (work / "site-final" / "pagefind").is_dir() and (work / "site-stock" / "pagefind").is_dir():
        # The search script and styles may have changed since: measure the current ones (the index has not).
        shutil.copytree(ROOT / "docs" / "assets" / "js", work / "site-final" / "assets" / "js", dirs_exist_ok=True)
        (work / "site-final" / "assets" / "search-folding.json").write_text(folding_json(), encoding="utf-8")
    else:
        shutil.rmtree(work, ignore_errors=True)
        seeds.mkdir(parents=True)
        prepare_corpus(corpus, n, seeds)
        builds["mkdocs build, final (hook: pages + Pagefind)"] = build_final(work, seeds)
        builds["mkdocs build, stock search"] = build_stock(work)
        builds["Pagefind, stock (defaults)"] = run(pagefind_command(work / "site-stock")[:5] + ["--silent"])
    return builds


def measure(n: int, rounds: int, archive_only: bool = False, queries: tuple[str, ...] = TIMED_QUERIES) -> dict[str, Variant]:
    """Measure the three search set-ups at `n` articles (only the archive's with `archive_only`)."""
    work = OUT / f"search-{n}"
    seeds = work / "seeds"
    final_site, stock_site = work / "site-final", work / "site-stock"
    material = Variant("Material stock search (lang: ar)", *tree([stock_site / "search" / "search_index.json"]))
    stock_pf = Variant("Pagefind stock", *tree(pagefind_files(stock_site)))
    final = Variant("Archive: Pagefind + Arabic folding", *tree(pagefind_files(final_site)))
    # The archive starts loading Pagefind as its script arrives: typed at once, the query may still wait for that.
    final_later = Variant(f"Archive, typed {THINK_S:.0f} s after the page loaded", *tree(pagefind_files(final_site)))
    words = article_words(work, seeds)
    for browser in browser_session():
        sites = ((stock_site, ((material, "material", 0.0), (stock_pf, "pagefind", 0.0))),
                 (final_site, ((final, "final", 0.0), (final_later, "final", THINK_S))))
        for site, variants in sites[1:] if archive_only else sites:
            server, base_url = serve(site)
            try:
                for variant, kind, think in variants:
                    for _ in range(rounds):
                        for query in queries:
                            if not any(math.isinf(t.seconds) for t in variant.timings):
                                variant.timings.append(time_query(browser, site, base_url, query, kind, think))
                    if variant is final_later:
                        continue
                    if variant is not material and not archive_only:
                        variant.hits = count_hits(browser, base_url, words, variant is final)
            finally:
                server.shutdown()
    return {v.name: v for v in ((final, final_later) if archive_only else (material, stock_pf, final, final_later))}


def mb(size: float) -> str:
    """Bytes as MB with two decimals."""
    return f"{size / 1_000_000:.2f} MB"


def report(results: dict[int, tuple[dict[str, Variant], dict[str, float]]], queries: tuple[str, ...] = TIMED_QUERIES) -> str:
    """The figures as Markdown."""
    lines = ["| articles | search | index files | index size | gzipped | first result (median, range) | bytes for a first query (served / gzipped) |",
             "| ---: | --- | ---: | ---: | ---: | --- | --- |"]
    for n, (variants, _) in results.items():
        for v in variants.values():
            secs = [t.seconds for t in v.timings]
            done = [t for t in v.timings if not math.isinf(t.seconds)]
            raw = statistics.median(t.raw_bytes for t in done) if done else 0
            gz = statistics.median(t.gzip_bytes for t in done) if done else 0
            timing = (f"{statistics.median(secs):.2f} s ({min(secs):.2f}–{max(secs):.2f})" if done
                      else f"no result within {GIVE_UP_S} s")
            lines.append(f"| {n:,} | {v.name} | {v.index_files:,} | {mb(v.index_bytes)} | {mb(v.index_gzip)} | "
                         f"{timing} | {mb(raw)} / {mb(gz) if done else '—'} |")
    lines += ["", "First result per query (seconds, first page shown):", "",
              "| articles | search | " + " | ".join(queries) + " |", "| ---: | --- |" + " --- |" * len(queries)]
    for n, (variants, _) in results.items():
        for v in variants.values():
            cells = []
            for query in queries:
                runs = [t for t in v.timings if t.query == query]
                cells.append(f"{statistics.median(t.seconds for t in runs):.2f} `{runs[0].first}`" if runs and
                             not math.isinf(runs[0].seconds) else "—")
            lines.append(f"| {n:,} | {v.name} | " + " | ".join(cells) + " |")
    lines += ["", "Which article pages are found (hits; pages holding the word by the folding rules found / all of them; "
              "hits without the query's letters anywhere):", "",
              "| articles | query | Pagefind stock | Archive |", "| ---: | --- | --- | --- |"]
    for n, (variants, _) in results.items():
        counted = [v for v in variants.values() if v.hits]
        if len(counted) != 2:
            continue  # --archive-only: nothing to compare
        stock, final = counted
        for query, _letters in RECALL_QUERIES:
            cells = [f"{h:,} hits; {f:,}/{r:,} found; {x:,} without" for h, f, r, x in (stock.hits[query], final.hits[query])]
            lines.append(f"| {n:,} | {query} | {cells[0]} | {cells[1]} |")
    lines += ["", f"Load average of the machine at the end of the run (other work shares its 2 cores): "
              f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1 / 5 / 15 min).", ""]
    lines += ["", "Build times of this run (seconds):", ""]
    for n, (_, builds) in results.items():
        lines += [f"- {n:,} articles: " + "; ".join(f"{k} {v:.1f}" for k, v in builds.items())] if builds else []
    return "\n".join(lines) + "\n"


def main() -> None:
    """Parse options, measure every N, print and save the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="article counts")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="directory of corpus articles")
    parser.add_argument("--queries", nargs="+", metavar="QUERY",
                        help=f"time these queries instead of the default {' '.join(TIMED_QUERIES)}")
    parser.add_argument("--rebuild-archive", action="store_true",
                        help="with --reuse: build the archive's site again from the same articles, keep the stock sites")
    parser.add_argument("--reuse", action="store_true", help="reuse sites built by an earlier run (with today's docs/assets/js)")
    parser.add_argument("--rounds", type=int, default=1, help="cold runs of each timed query")
    parser.add_argument("--build-only", action="store_true", help="build the sites, measure nothing")
    parser.add_argument("--archive-only", action="store_true",
                        help="time only the archive's search (with --reuse: on the sites built before)")
    options = parser.parse_args()
    queries = tuple(options.queries or TIMED_QUERIES)
    builds = {n: build(n, options.corpus, options.reuse, options.rebuild_archive) for n in options.n}
    if options.build_only:
        print(builds)
        return
    results = {}
    for n in options.n:
        results[n] = (measure(n, options.rounds, options.archive_only, queries), builds[n])
        (OUT / "search-results.md").write_text(report(results, queries), encoding="utf-8")  # kept if a later N fails
    text = report(results, queries)
    (OUT / "search-results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
