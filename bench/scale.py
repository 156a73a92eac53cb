"""Scale benchmark: build an archive of N articles and compare it with the floor any generator pays.

    python bench/scale.py --n 1000
    python bench/scale.py --corpus ../shared/corpus/articles --n 10000 [--profile]

Every measured step runs as its own process, measured the same way (wall clock, user+system
CPU of the process and its workers, peak resident memory of its largest process):

- baseline: a plain Python pass that reads every article and writes one file per article (the
  median of three runs into an emptied folder);
- build.py, cold (empty cache), warm (nothing changed: must write no file) and after editing one
  article (must rewrite only the pages that depend on it);
- mkdocs build of the whole site from scratch as on a fresh clone, which is what `make site` runs
  (no extraction cache, no site/, no generated page in docs/: the hook generates the pages and
  writes them all into docs/ as build.py would: generation, MkDocs,
  Material, and the Pagefind search index the hook builds meanwhile), again with nothing changed
  (pages and search index taken from the last site), and again after editing one article;
- a bare mkdocs build of the same articles as plain Markdown pages with the same small navigation;
- with `--pairs K`, K more (bare build, cold whole site) pairs run one right after the other, so
  each ratio compares two builds of the same minutes: this host's speed drifts by more than the
  ratio's margin within an hour. Their median is the figure to quote.

Nothing is deleted before a measured step: what a step would have deleted (the last run's output)
is moved aside (`discard`) and deleted when the measuring is done (`empty_trash`), and a run starts
only when the last such deletion is SETTLE_SECONDS old (`settle`). On this machine's file system
(ext4 without a journal) a deleted file's inode stays out of reuse for 60 to 360 s, and each file
created meanwhile in its group first steps over every such inode (`recently_deleted`, in the
kernel's fs/ext4/ialloc.c: 86% of the samples of `perf record` over a create). Creating 3,000
files of 4 KB took 27 µs a file, and 400–800 µs in the minutes after 10,000 files were deleted:
deleting before each step made the floor swing from 0.1 to 3.4 s, and a build after it pay 37,000
such creates.

The corpus is copied into `bench/out/scale-N/` (never committed). When the corpus directory has a
`manifest.tsv` beside it, each article becomes a `.md` with front matter (date, source, url), as a
real archive would hold them; without a corpus, a synthetic one is made from `seeds/`.
"""

from __future__ import annotations

import argparse
import csv
import email.utils
import os
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from archive.write import copy_hand_written  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
OUT = ROOT / "bench" / "out"
PYTHON = Path(sys.executable)
MKDOCS = PYTHON.with_name("mkdocs")
NAV_PAGES = ("index.md", "articles/index.md", "actors/index.md", "resolutions/index.md", "statements/index.md",
             "about/index.md")

TRASH = OUT / ".trash"
EMPTIED = OUT / ".trash-emptied"  # its modification time: when the trash was last emptied
SETTLE_SECONDS = 360  # ext4's RECENTCY_MIN (60 s) + RECENTCY_DIRTY (300 s): the longest an inode is held


def discard(path: Path) -> None:
    """Move `path` (if it exists) into the trash, to be deleted by `empty_trash` once nothing is measured."""
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        path.rename(TRASH / f"{time.time_ns()}-{path.name}")


def empty_trash() -> None:
    """Delete what `discard` moved aside and note when (`settle` waits for it to be forgotten)."""
    if TRASH.exists():
        shutil.rmtree(TRASH)
        EMPTIED.touch()


def settle() -> None:
    """Empty a trash left by an interrupted run, then wait until the last emptying is SETTLE_SECONDS old."""
    empty_trash()
    since = time.time() - EMPTIED.stat().st_mtime if EMPTIED.exists() else SETTLE_SECONDS
    if since < SETTLE_SECONDS:
        print(f"waiting {SETTLE_SECONDS - since:.0f} s: files deleted {since:.0f} s ago would slow every file created now",
              file=sys.stderr, flush=True)
        time.sleep(SETTLE_SECONDS - since)


# The floor: read each article, write one file per article; nothing else.
BASELINE = """
import sys
from pathlib import Path
seeds, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for path in sorted(seeds.iterdir()):
    text = path.read_bytes().decode("utf-8")
    (out / (path.stem + ".md")).write_text(text, encoding="utf-8")
"""


@dataclass
class Measure:
    """One process: wall and CPU seconds, peak memory, what it printed."""

    label: str
    wall: float
    cpu: float
    peak_mb: float
    stderr: str

    def row(self, baseline: Measure | None = None, extra: str = "") -> str:
        """A Markdown table row; the ratio is wall time over the baseline's."""
        ratio = f"{self.wall / baseline.wall:.1f}×" if baseline else ""
        return f"| {self.label} | {self.wall:.2f} | {self.cpu:.2f} | {self.peak_mb:.0f} | {ratio} | {extra} |"


def run(label: str, command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> Measure:
    """Run `command` to completion and measure it with wait4 (its workers' CPU is included)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}, cwd=cwd)
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{label} failed ({process.returncode}):\n{stderr[-4000:]}")
    # ru_maxrss is in KiB on Linux; with wait4 it covers the child and its waited-for workers.
    return Measure(label, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stderr)


def measure_baseline(seeds: Path, out: Path, runs: int = 3) -> tuple[Measure, str]:
    """The read-and-write floor, the median of `runs` runs, each into a new folder (the last one's moved aside)."""
    measures = []
    for _ in range(runs):
        discard(out)
        measures.append(run("baseline: read + write one file per article", [str(PYTHON), "-c", BASELINE, str(seeds), str(out)]))
    measures.sort(key=lambda m: m.wall)
    return measures[len(measures) // 2], "–".join(f"{m.wall:.2f}" for m in (measures[0], measures[-1])) + " s"


def manifest_rows(corpus: Path) -> dict[str, dict[str, str]]:
    """The corpus manifest (beside the articles directory), keyed by file name; empty without one."""
    for candidate in (corpus.parent / "manifest.tsv", corpus / "manifest.tsv"):
        if candidate.is_file():
            with candidate.open(encoding="utf-8", newline="") as handle:
                return {Path(row["file"]).name: row for row in csv.DictReader(handle, delimiter="\t")}
    return {}


def iso_date(rfc2822: str) -> str | None:
    """`Mon, 01 Oct 2018 09:11:45 GMT` → `2018-10-01`."""
    try:
        return email.utils.parsedate_to_datetime(rfc2822).date().isoformat()
    except (TypeError, ValueError):
        return None


def as_markdown(text: str, row: dict[str, str]) -> str:
    """An article with the manifest's date, outlet and URL as front matter."""
    meta = {key: value for key, value in (("date", iso_date(row.get("date", ""))), ("source", row.get("publisher")),
                                          ("url", row.get("url"))) if value}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + text


def prepare_corpus(corpus: Path, n: int, seeds: Path) -> None:
    """Copy the first `n` articles (by name) of `corpus` into `seeds`, with front matter when known."""
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")[:n]
    if len(files) < n:
        raise SystemExit(f"{corpus} holds {len(files)} articles, fewer than {n}")
    rows = manifest_rows(corpus)
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.name in rows:
            (seeds / f"{path.stem}.md").write_text(as_markdown(text, rows[path.name]), encoding="utf-8")
        else:
            (seeds / path.name).write_text(text, encoding="utf-8")


def synthetic_corpus(n: int, seeds: Path) -> None:
    """Without a corpus: `n` articles mixed from the paragraphs of seeds/, reproducibly."""
    pool = [line for p in sorted((ROOT / "seeds").glob("*.txt"))
            for line in p.read_text(encoding="utf-8").splitlines() if len(line.split()) > 8]
    rng = random.Random(9)
    for i in range(n):
        body = "\n\n".join(rng.sample(pool, min(len(pool), rng.randint(4, 12))))
        date = f"2018-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        (seeds / f"synthetic-{i:05d}.md").write_text(f"---\ndate: {date}\n---\nخبر رقم {i}\n\n{body}\n", encoding="utf-8")


def fresh_docs(docs: Path, tree: Path = ROOT) -> None:
    """A docs directory holding only the hand-written pages and assets of `tree`: none of the pages
    the last build of seeds/ generated (the search-suggestion shards under assets/ among them)."""
    discard(docs)
    copy_hand_written(tree / "docs", docs)


def bare_docs(seeds: Path, docs: Path) -> None:
    """The same articles as plain Markdown pages, with stub pages for the same small navigation."""
    fresh_docs(docs)
    for page in NAV_PAGES:
        target = docs / page
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("# فهرس\n", encoding="utf-8")
    for path in sorted(seeds.iterdir()):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text.split("\n---\n", 1)[1]
        title, _, body = text.strip().partition("\n")
        (docs / "articles" / f"{path.stem.lower()}.md").write_text(f"# {title}\n\n{body.strip()}\n", encoding="utf-8")


def mkdocs_config(work: Path, docs: Path, site: Path, hook: bool, tree: Path = ROOT) -> Path:
    """A config inheriting the mkdocs.yml of `tree` (this project's by default), with or without its
    generation hook."""
    config = work / ("mkdocs.yml" if hook else "mkdocs-bare.yml")
    hooks = f"hooks:\n  - {tree / 'archive' / 'mkdocs_hook.py'}\n" if hook else "hooks: []\n"
    theme = f"theme:\n  name: material\n  custom_dir: {tree / 'overrides'}\n"
    config.write_text(f"INHERIT: {tree / 'mkdocs.yml'}\ndocs_dir: {docs}\nsite_dir: {site}\n{hooks}{theme}", encoding="utf-8")
    return config


def tree_size(directory: Path) -> tuple[int, int]:
    """(files, bytes) under a directory."""
    files = [p for p in directory.rglob("*") if p.is_file()] if directory.is_dir() else []
    return len(files), sum(p.stat().st_size for p in files)


def search_index_size(site: Path) -> int:
    """Bytes of the search index: MkDocs' search_index.json and/or Pagefind's folder."""
    return tree_size(site / "search")[1] + tree_size(site / "pagefind")[1]


def written_counts(stderr: str) -> str:
    """The writer's summary line of build.py ("N written, M unchanged, K removed")."""
    return next((line.split(": ", 1)[-1] for line in stderr.splitlines() if " written, " in line), "?")


def edit_one_article(seeds: Path) -> str:
    """Append a sentence to the middle article, as an editor would; return its file name."""
    path = sorted(seeds.iterdir())[len(list(seeds.iterdir())) // 2]
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\nوأضاف المحرر جملة للتجربة.\n", encoding="utf-8")
    return path.name


def mb(size: int) -> str:
    """Bytes as MB with one decimal."""
    return f"{size / 1e6:.1f} MB"


def measure_site(work: Path, seeds: Path, docs: Path, cache: Path, env: dict[str, str], baseline: Measure) -> list[str]:
    """mkdocs build from scratch and again unchanged, and the bare build of the same articles."""
    rows = []
    site, bare_site, bare = work / "site", work / "site-bare", work / "docs-bare"
    config = str(mkdocs_config(work, docs, site, True))
    # From scratch, as on a fresh clone: no extraction cache (the hook extracts every article), no
    # site/ (MkDocs would first delete the previous run's 56,000 files, seconds the bare build does not
    # pay), and none of the generated pages in docs/ (the hook writes all 36,000 of them, as `make site`
    # does on a fresh clone, where build.py's runs above had left them all unchanged).
    discard(cache)
    discard(site)
    fresh_docs(docs)
    full = run("mkdocs build (= make site), cold cache (the hook generates)", [str(MKDOCS), "build", "-q", "-f", config], env, work)
    files, size = tree_size(site)
    rows.append(full.row(baseline, f"site {files} files, {mb(size)}; search index {mb(search_index_size(site))}"))
    again = run("mkdocs build, nothing changed (warm cache)", [str(MKDOCS), "build", "-q", "-f", config], env, work)
    rows.append(again.row(baseline))
    edit_one_article(seeds)  # a second `make site` after an editor's edit: Pagefind indexes again
    edited = run("mkdocs build, one article edited", [str(MKDOCS), "build", "-q", "-f", config], env, work)
    rows.append(edited.row(baseline))
    # The hook generates the pages and has Pagefind index them while MkDocs renders: the cold build is the whole site.
    whole_wall, whole_cpu, parts = full.wall, full.cpu, "mkdocs build, cold (generation, pages, search index)"
    bare_docs(seeds, bare)
    discard(bare_site)  # from scratch too
    plain = run("bare mkdocs build of the same articles", [str(MKDOCS), "build", "-q", "-f", str(mkdocs_config(work, bare, bare_site, False))], None, work)
    files, size = tree_size(bare_site)
    rows.append(plain.row(baseline, f"site {files} files, {mb(size)}; search index {mb(search_index_size(bare_site))}"))
    rows.append(f"| whole site: {parts} | {whole_wall:.2f} | {whole_cpu:.2f} | | | "
                f"**{whole_wall / plain.wall:.2f}× the bare build** |")
    return rows


def alternating_pairs(work: Path, docs: Path, cache: Path, env: dict[str, str], pairs: int) -> list[str]:
    """`pairs` more (bare build, cold whole site) pairs, each pair back to back; rows and the median ratio."""
    site, bare_site = work / "site", work / "site-bare"
    whole_config = str(mkdocs_config(work, docs, site, True))
    bare_config = str(mkdocs_config(work, work / "docs-bare", bare_site, False))
    rows = ["", "| pair | bare mkdocs build s | whole site, cold s | whole / bare |", "| ---: | ---: | ---: | ---: |"]
    ratios = []
    for number in range(1, pairs + 1):
        for stale in (bare_site, site, cache):
            discard(stale)
        plain = run("bare mkdocs build", [str(MKDOCS), "build", "-q", "-f", bare_config], None, work)
        fresh_docs(docs)  # as on a fresh clone: the hook writes every generated page
        whole = run("mkdocs build, cold", [str(MKDOCS), "build", "-q", "-f", whole_config], env, work)
        ratios.append(whole.wall / plain.wall)
        rows.append(f"| {number} | {plain.wall:.2f} | {whole.wall:.2f} | {ratios[-1]:.2f}× |")
    rows.append(f"| median | | | **{statistics.median(ratios):.2f}×** |")
    return rows


def profile_mkdocs(work: Path, docs: Path, env: dict[str, str]) -> str:
    """Where a warm `mkdocs build` spends its time: cumulative shares of the big steps, under cProfile."""
    stats_file = work / "mkdocs.prof"
    config = str(mkdocs_config(work, docs, work / "site-profile", True))
    run("mkdocs build under cProfile", [str(PYTHON), "-m", "cProfile", "-o", str(stats_file), str(MKDOCS), "build", "-q", "-f", config], env, work)
    stats = pstats.Stats(str(stats_file)).stats  # type: ignore[attr-defined]
    def cumulative(file_end: str, function: str) -> float:
        return sum(value[3] for (file, _, name), value in stats.items() if file.endswith(file_end) and name == function)
    total = cumulative("mkdocs/commands/build.py", "build")
    steps = [
        ("generation in the hook (on_files: read, cache, aggregate, render)", cumulative("archive/mkdocs_hook.py", "on_files")),
        ("Markdown → HTML (Python-Markdown, raw HTML blocks)", cumulative("markdown/core.py", "convert")),
        ("search plugin: indexing each page's HTML", cumulative("search/plugin.py", "on_page_context")),
        ("theme templates (Material base.html per page)", cumulative("jinja2/environment.py", "render") - cumulative("archive/render.py", "render_pages")),
        ("search plugin: writing the index", cumulative("search/plugin.py", "on_post_build")),
    ]
    lines = ["| warm mkdocs build, profiled | share |", "| --- | ---: |"]
    lines += [f"| {label} | {value / total:.0%} |" for label, value in steps]
    return "\n".join(lines)


def main() -> None:
    """Prepare the corpus, run every measured step, print a Markdown report."""
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="directory of .txt articles")
    options.add_argument("--n", type=int, default=1000, help="number of articles")
    options.add_argument("--skip-mkdocs", action="store_true", help="measure generation only")
    options.add_argument("--profile", action="store_true", help="also profile a warm mkdocs build and print where time goes")
    options.add_argument("--pairs", type=int, default=0, metavar="K",
                         help="K more (bare build, cold whole site) pairs, back to back, and their median ratio")
    args = options.parse_args()

    settle()
    work = OUT / f"scale-{args.n}"
    discard(work)
    seeds, docs, cache = work / "seeds", work / "docs", work / ".cache"
    seeds.mkdir(parents=True)
    if args.corpus.is_dir():
        prepare_corpus(args.corpus, args.n, seeds)
        source = f"{args.corpus} (first {args.n} by name)"
    else:
        synthetic_corpus(args.n, seeds)
        source = f"synthetic, from seeds/ ({args.corpus} is absent)"
    fresh_docs(docs)
    env = {"ARCHIVE_SEEDS": str(seeds)}
    build = [str(PYTHON), str(ROOT / "build.py"), "--seeds", str(seeds), "--docs", str(docs),
             "--report", str(work / "build-report.json")]

    rows: list[str] = []
    baseline, spread = measure_baseline(seeds, work / "baseline")
    rows.append(baseline.row(baseline, f"{args.n} files written; median of 3 runs ({spread})"))
    cold = run("build.py, cold cache", build, env)
    rows.append(cold.row(baseline, written_counts(cold.stderr)))
    warm = run("build.py, nothing changed", build, env)
    rows.append(warm.row(baseline, written_counts(warm.stderr)))
    edited = edit_one_article(seeds)
    one = run("build.py, one article edited", build, env)
    rows.append(one.row(baseline, f"{edited}: {written_counts(one.stderr)}"))
    pages, docs_bytes = tree_size(docs)

    site_rows: list[str] = []
    if not args.skip_mkdocs:
        site_rows = measure_site(work, seeds, docs, cache, env, baseline)
        if args.pairs:
            site_rows += alternating_pairs(work, docs, cache, env, args.pairs)
    if args.profile:
        site_rows.append("\n" + profile_mkdocs(work, docs, env))

    print(f"corpus: {source}; {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    print(f"generated docs/: {pages} files, {mb(docs_bytes)}\n")
    print("| step | wall s | CPU s | peak MB | × baseline | output |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    print("\n".join(rows + site_rows))
    empty_trash()


if __name__ == "__main__":
    main()
