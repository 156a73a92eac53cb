"""The MkDocs adapter: the only module that imports mkdocs.

`mkdocs build` and `mkdocs serve` run the same generation as `build.py`, so a
site is never built from stale pages. Pages are given to MkDocs as generated files in
`on_files`; those of articles and actors whose inputs did not change since the last write into
docs/ are read back from there instead of rendered (archive/freshness.py), the rest are rendered
afresh. `mkdocs build` also writes them into docs/ (with
build-report.json), exactly as build.py does, so `make site` generates once; `mkdocs serve`
does not: writing into the watched docs directory would make it rebuild forever, while
generated files give exactly one rebuild per edit of a seed or registry file.

Child processes started in `on_files` work while MkDocs builds the pages, and
`on_post_build` waits for them: Pagefind indexing the pages' search documents
(archive/search_index.py), started as soon as the archive is aggregated; the writer of the
articles' and actors' data files into the site; the writer of docs/. A second process
rendering half of the pages was measured and dropped: on two cores, with Pagefind on the
second, it made the build slower (23–25 s against 18–21 s at 1,000 articles), the forked
copies paying for every page they touched.

`mkdocs serve` builds again after each edit, and does less than a build: the system tells it of
changes (`use_native_watcher`); the pages of unchanged articles and actors are taken from the last
site (`LastSite`); Pagefind's new index replaces the last one after the browsers have reloaded
(`start_search_aside`). `mkdocs build` (`make site`) takes them from the site/ of the last build too,
and keeps its search index when the search documents are the same, by a record of that build kept
in the cache directory; a site with a `site_url` is built whole, so that its sitemap lists every page.

Moving to another site generator means replacing this module and mkdocs.yml.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

# MkDocs loads hooks by file path, so the project root is not importable by default.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jinja2  # noqa: E402
import watchdog.events  # noqa: E402
import watchdog.observers  # noqa: E402
import watchdog.observers.polling  # noqa: E402
import yaml  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402

from archive.freshness import RenderPlan, hash_versions  # noqa: E402
from archive.model import KeptPage  # noqa: E402
from archive.model import Page as GeneratedPage  # noqa: E402  (mkdocs' Page is another)
from archive.page_shell import ShellCache  # noqa: E402
from archive.pipeline import Build, BuildReport, ProjectPaths, default_cache_dir, default_report_path, generate  # noqa: E402
from archive.progress import ProgressLine, progress_wanted  # noqa: E402
from archive.read import YAML_LOADER  # noqa: E402
from archive.render import search_documents  # noqa: E402
from archive.search import SUGGESTIONS_DIR  # noqa: E402
from archive.search_index import index_digest, write_index  # noqa: E402
from archive.processes import Background  # noqa: E402
from archive.cache import file_stamp  # noqa: E402
from archive.write import (atomic_write, carry_site_entries, move_aside, read_manifest, remove_trees,  # noqa: E402
                           watch_paths, write_docs_and_link, write_site_files)

log = logging.getLogger("mkdocs.plugins.archive")


def project_paths() -> ProjectPaths:
    """Inputs of the build; ARCHIVE_SEEDS and ARCHIVE_REGISTRY override the defaults."""
    defaults = ProjectPaths()
    return ProjectPaths(
        seeds=Path(os.environ.get("ARCHIVE_SEEDS", defaults.seeds)),
        registry=Path(os.environ.get("ARCHIVE_REGISTRY", defaults.registry)),
        templates=defaults.templates,
    )


def on_startup(command: str, dirty: bool) -> None:
    """Remember the command: `mkdocs build` and `gh-deploy` also write the generated pages into docs/,
    as build.py does; `mkdocs serve` does not (see the module's docstring)."""
    COMMAND[0] = command
    DIRTY[0] = dirty


def on_pre_build(config: Any) -> None:
    """Move the previous site aside and delete it in a child process while this one builds: MkDocs'
    own cleaning, which then finds the folder empty, deleted the 54,000 files of a 10,000-article site
    (2–8 s, the longer right after they were written) before anything else could start. `mkdocs serve`
    too builds every time into the one temporary folder it cleans (3–13 s of its rebuild at 10,000);
    there the last site, when its build finished, is kept aside until on_files has taken its unchanged
    pages (`LastSite`); so is the site of the last `mkdocs build` when its record says what it holds."""
    if DIRTY[0]:
        return
    site_dir = Path(config["site_dir"])
    PREVIOUS_SITE[0] = None
    if COMMAND[0] == "serve":
        stop_search()  # the last build's index, if not done yet: outdated, and written into the site moved aside
    else:  # the record is taken once: a build that fails leaves a site to take nothing from
        record = site_record_path(config)
        if reuses_site(config):
            LAST_SITE.load(record, site_dir)
        else:
            LAST_SITE.forget()
        record.unlink(missing_ok=True)
    try:
        aside, old = move_aside(site_dir)
    except OSError as error:  # a folder that cannot be renamed: MkDocs cleans it as usual
        log.info("archive: previous site not moved aside (%s); MkDocs deletes it", error)
        return
    if aside is not None and LAST_SITE.complete:
        PREVIOUS_SITE[0] = aside  # its unchanged pages go into this site; then it is deleted (on_files)
    elif aside is not None:
        old.append(aside)
    LAST_SITE.complete = False  # until this build finishes: one that fails leaves a site to take nothing from
    if old:
        REMOVERS.append(Background(remove_trees, old, yielding=True))


def on_files(files: Files, config: Any) -> Files:
    """Replace generated pages found in docs/ (possibly stale) by freshly generated ones."""
    wait_for_children()  # of a build that failed half-way: mkdocs serve goes on
    gc.unfreeze()  # the same: its archive, frozen below, is garbage now
    paths, docs_dir, site_dir = project_paths(), Path(config["docs_dir"]), Path(config["site_dir"])
    # The extraction cache build.py keeps beside the docs directory: a rebuild re-extracts only edited articles.
    progress = ProgressLine(sys.stderr, progress_wanted(sys.stderr, quiet=False))
    build = generate(paths, progress, cache_dir=default_cache_dir(docs_dir), stream=True)
    # Collections while MkDocs builds need not walk the archive's millions of objects again: in a
    # build at 10,000 articles they took 11.9-13.2 s of the parent, 1.9-3.8 s with these frozen.
    gc.freeze()  # until on_post_build: `mkdocs serve` builds again, and the next archive replaces this one
    progress.finish()
    log_report(build.report)
    serving, previous = COMMAND[0] == "serve" and not DIRTY[0], PREVIOUS_SITE[0]
    documents = search_documents(build.aggregate, paths.templates)
    base, index = (site_base(config), index_digest(documents)) if not DIRTY[0] else ("", "")
    if serving:
        start_search_aside(documents, site_dir, previous, index == LAST_SITE.index)
    elif previous is not None and index == LAST_SITE.index and (previous / "pagefind").is_dir():
        site_dir.mkdir(parents=True, exist_ok=True)
        os.replace(previous / "pagefind", site_dir / "pagefind")
        log.info("archive: the search index of the last site kept: the search documents are the same")
    else:  # the search index takes longest: Pagefind starts on the other core before a page is rendered
        CHILDREN.append(("search index not built: Pagefind failed", Background(write_index, documents, site_dir / "pagefind")))
    del documents
    plan = RenderPlan.of(build.article_keys, build.registry_version, paths.templates, docs_dir, default_cache_dir(docs_dir))
    unchanged = LAST_SITE.unchanged_units if previous is not None and LAST_SITE.base == base else None
    rendered, pages, carried = render_keeping(build, plan, docs_dir, unchanged, written_into_docs=not serving)
    stale = read_manifest(docs_dir) | {page.path for page in pages} | carried
    for file in [f for f in files if f.src_uri in stale]:
        files.remove(file)
    site_files = [page for page in pages if is_page_data(page.path)]
    if not DIRTY[0]:
        LAST_SITE.begin(base, plan.digests, plan.units, index)
    if previous is not None:
        kept = carry_site_entries(previous, site_dir, carried, [page.path for page in rendered])
        log.info("archive: %d entries (an article's or actor's folder or file) of unchanged articles and actors "
                 "taken from the last site unbuilt", kept)
        REMOVERS.append(Background(remove_trees, [previous], yielding=True))
    if serving:
        CHILDREN.append(("data files of articles and actors not written into the site",
                         Background(write_site_files, site_files, site_dir, yielding=True)))
    else:  # the data files are linked from docs/ once written there
        CHILDREN.append(("generated pages not written into docs/, or data files not into the site",
                         Background(write_docs_and_link, rendered, docs_dir, build.report.as_json,
                                    default_report_path(docs_dir), plan.record, site_files, site_dir, yielding=True)))
    add_generated_pages(files, [page for page in pages if not is_page_data(page.path)], config)
    return files


def render_keeping(build: Build, plan: RenderPlan, docs_dir: Path,
                   unchanged: Callable[[Mapping[str, str]], dict[str, list[str]]] | None = None,
                   written_into_docs: bool = False,
                   ) -> tuple[list[GeneratedPage | KeptPage], list[GeneratedPage], set[str]]:
    """The build's pages, those whose inputs are unchanged since the last write into docs/ (by build.py
    or `mkdocs build`) read back from there instead of rendered (archive/freshness.py): as the writer
    takes them (kept ones as `KeptPage`s) and as MkDocs takes them (every one with its text). The units
    `unchanged` gives (from the digests) are in the last site already: their files are neither rendered
    nor read, and are returned apart, as the third value. When docs/ is `written_into_docs` (`mkdocs
    build`), only those docs/ holds too are taken so: the writer keeps their files there."""
    assert build.render is not None, "generate(stream=True) gives a render function"
    reuse, in_site = plan.reusable(build.aggregate, None if written_into_docs else unchanged)
    if written_into_docs and unchanged is not None:
        in_site = {unit: paths for unit, paths in unchanged(plan.digests).items() if reuse.get(unit) == paths}
        reuse = {unit: paths for unit, paths in reuse.items() if unit not in in_site}
    rendered = list(build.render({**reuse, **in_site}, plan.units))
    carried = {path for paths in in_site.values() for path in paths}
    log.info("archive: %d generated files kept from docs/ unrendered", sum(isinstance(p, KeptPage) for p in rendered))
    try:
        # The bytes decoded as they are (read_text would translate line ends): what rendering gives, exactly.
        return rendered, [GeneratedPage(page.path, (docs_dir / page.path).read_bytes().decode("utf-8"))
                          if isinstance(page, KeptPage) else page for page in rendered if page.path not in carried], carried
    except OSError as error:  # a kept file gone since it was checked: render everything, keep nothing
        log.info("archive: a generated file could not be read back (%s); every page is rendered", error)
        plan.units.clear()
        rendered = list(build.render({}, plan.units))
        return rendered, rendered, set()


def add_generated_pages(files: Files, pages: list[Any], config: Any) -> None:
    """Give MkDocs the generated pages, those outside the navigation as `ArchivePage`s."""
    GENERATED.clear()
    # Without a configured navigation MkDocs puts every page in its own, each with its own menu
    # state: then no page can share a shell, and all are built as Markdown pages.
    in_nav = nav_paths(config["nav"]) if config["nav"] is not None else None
    for page in pages:
        file = File.generated(config, page.path, content=page.content)
        files.append(file)
        if page.path.endswith(".md"):
            GENERATED.add(page.path)
            if in_nav is not None and page.path not in in_nav:
                ArchivePage(None, file, config)  # becomes file.page; MkDocs builds it as it is


@dataclass
class LastSite:
    """What the last build put into its site: each article's and actor's digest and files
    (archive/freshness.py), what every page was made with besides (`site_base`), and what its search
    index was made of (`index_digest`). A rebuild takes the pages and data files of the units whose
    digest is unchanged from that site instead of having MkDocs build and write them again: at 10,000
    articles, writing 18,000 pages took a rebuild 5-7 s. `mkdocs serve` keeps it in memory; `mkdocs
    build` in a record beside the extraction cache, with the stamp of the site's sitemap.xml (which
    every build writes), so that a site built, deleted or replaced since is not taken for it."""

    base: str = ""
    digests: Mapping[str, str] = field(default_factory=dict)
    units: Mapping[str, list[str]] = field(default_factory=dict)
    index: str = ""
    complete: bool = False  # the build finished (on_post_build): its site holds every page

    def begin(self, base: str, digests: Mapping[str, str], units: Mapping[str, list[str]], index: str) -> None:
        """This build's record (on_pre_build has cleared `complete`; on_post_build sets it). Each unit's
        files sorted, as the record of docs/ keeps them (archive/freshness.py), so the two compare."""
        self.base, self.digests, self.index = base, dict(digests), index
        self.units = {unit: sorted(paths) for unit, paths in units.items()}

    def forget(self) -> None:
        """Nothing is known of the last site: nothing is taken from it."""
        self.begin("", {}, {}, "")
        self.complete = False

    def save(self, record: Path, site_dir: Path) -> None:
        """Keep the record of a finished build into `site_dir` for the next `mkdocs build`."""
        stamp = file_stamp(site_dir / "sitemap.xml")
        if self.complete and stamp is not None and self.base:
            record.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(record, json.dumps({"site": str(site_dir.resolve()), "stamp": stamp, "base": self.base,
                                             "digests": self.digests, "units": self.units, "index": self.index}))

    def load(self, record: Path, site_dir: Path) -> None:
        """Take the record `save` kept, if it is of the site `site_dir` holds now; else forget."""
        self.forget()
        try:
            kept = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if kept.get("site") == str(site_dir.resolve()) and kept.get("stamp") == file_stamp(site_dir / "sitemap.xml"):
            self.begin(kept["base"], kept["digests"], kept["units"], kept["index"])
            self.complete = True

    def unchanged_units(self, digests: Mapping[str, str]) -> dict[str, list[str]]:
        """The units made from what they were made from for the last site: unit → its files."""
        return {unit: self.units[unit] for unit, digest in digests.items()
                if self.digests.get(unit) == digest and unit in self.units}


def site_record_path(config: Any) -> Path:
    """Where `mkdocs build` keeps the record of the site it built (`LastSite.save`): beside the extraction cache."""
    return default_cache_dir(Path(config["docs_dir"])) / "last-site.json"


def reuses_site(config: Any) -> bool:
    """Whether `mkdocs build` may take pages from the last site. Not with a `site_url`: MkDocs' sitemap
    lists the pages it builds, and a deployment's sitemap must list every page."""
    return not config["site_url"]


def site_base(config: Any) -> str:
    """What a built page is made of besides its own Markdown: the configuration files (and those they
    inherit), the values the command line or the environment may set (`site_url`, `use_directory_urls`,
    the theme), the theme's files of the project (overrides/), and the versions of MkDocs and Material."""
    digest = hashlib.sha256(f"{config['site_url']}\0{config['use_directory_urls']}\0{config['theme'].name}\0".encode())
    # Paths resolved: `mkdocs serve -f FILE` names the configuration file as given at its first build,
    # and absolute at the next ones (with a relative FILE, nothing was ever taken from the last site).
    for config_file in configuration_files(Path(config["config_file_path"]).resolve()):
        digest.update(str(config_file).encode() + b"\0" + config_file.read_bytes() + b"\0")
    custom = config["theme"].custom_dir
    for path in sorted(Path(custom).resolve().rglob("*")) if custom else []:
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    hash_versions(digest, ("mkdocs", "mkdocs-material"))
    return digest.hexdigest()


def configuration_files(config_file: Path) -> list[Path]:
    """The configuration file and those it INHERITs, in order."""
    files = [config_file]
    while (parent := re.search(r"^INHERIT:\s*(\S+)", files[-1].read_text(encoding="utf-8"), re.M)) and len(files) < 10:
        files.append((files[-1].parent / parent.group(1)).resolve())
    return files


def start_search_aside(documents: list[tuple[str, str]], site_dir: Path, previous: Path | None, same: bool) -> None:
    """Under `mkdocs serve`, Pagefind works while the browsers already show the rebuilt pages: the last
    site's index serves the search meanwhile, and Pagefind's new index replaces it when done (it took
    a rebuild at 10,000 articles about 20 s of CPU, on the critical path of every edit). When the
    search documents are the `same` as the last index's, that index stays, and Pagefind does not run."""
    if previous is not None and (previous / "pagefind").is_dir():
        os.replace(previous / "pagefind", site_dir / "pagefind")
        if same:
            return
    SEARCH[:] = [Background(write_index, documents, site_dir / "pagefind", True)]


def stop_search() -> None:
    """Stop the search index that the last `mkdocs serve` build left working (`start_search_aside`), if
    it is not done: a new build or the end of serve makes it outdated (waiting for it took a rebuild
    up to 20 s at 10,000 articles). Stopped, it leaves the last index in place (archive/search_index.py)."""
    for child in SEARCH:
        if child.process.exitcode is None:
            child.stop()
        elif child.process.exitcode != 0:
            log.error("search index not rebuilt: Pagefind failed (see the message above); the site searches the last index")
        if child.process.exitcode != 0:  # the index in place is an older one than LAST_SITE records: never kept as is
            LAST_SITE.index = ""
    SEARCH.clear()


def on_shutdown() -> None:
    """`mkdocs serve` stops, and deletes its site: the search index being made for it is stopped first
    (it could make the deleted folder again)."""
    stop_search()


def wait_for_children() -> bool:
    """Wait for this build's child processes; log what a failure means (an error fails --strict).
    True when none failed."""
    succeeded = True
    for failure, child in CHILDREN:
        if not child.wait():
            log.error("%s (see the message above)", failure)
            succeeded = False
    CHILDREN.clear()
    return succeeded


def log_report(report: BuildReport) -> None:
    """The build report in MkDocs' log: a skipped article is a warning (it fails --strict)."""
    for skipped in report.skipped:
        log.warning("skipped article %s: %s", f"{skipped.file}:{skipped.line}" if skipped.line else skipped.file, skipped.reason)
    for warning in report.warnings:
        log.info("article warning: %s", warning)
    log.info("archive: %d files, %d pages, %d skipped, %d warnings, %d new actors to review",
             report.inputs, len(report.pages), len(report.skipped), len(report.warnings), len(report.discoveries))


def is_page_data(path: str) -> bool:
    """An article's or actor's own data file (actors/x.json, articles/x/segments.json): 18,000 at 10,000
    articles; or a shard of the search box's suggestions (assets/search-entities/, fetched by script).
    A child process puts them into the site while MkDocs builds the pages: nothing in MkDocs reads them,
    and copying them one by one took MkDocs' one core 5–6 s."""
    return path.startswith(("actors/", "articles/", f"{SUGGESTIONS_DIR}/")) and not path.endswith(".md")


def nav_paths(nav: Any) -> set[str]:
    """The page paths named in the configured navigation (a nested list of {title: path})."""
    if isinstance(nav, str):
        return {nav}
    items = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else []
    return set().union(*(nav_paths(item) for item in items))


class ArchivePage(Page):
    """A generated page outside the navigation (article, actor, resolution, listing page).

    Its body is HTML already, escaped by the templates: Python-Markdown would only pass it
    through, slowly (a parser built per page and its raw-HTML pass were most of MkDocs' time).
    It has no table of contents, and the theme's page around it is a shared shell.
    """

    def read_source(self, config: Any) -> None:
        """The body and the title. MkDocs would read the title with PyYAML's pure-Python reader:
        about 0.2 ms a page, 4 s of MkDocs' one core at 10,000 articles. libyaml reads it here."""
        content = self.file.content_string
        match = TITLE_FRONT_MATTER.match(content)
        if match is None:
            super().read_source(config)
            return
        self.markdown, self.meta = content[match.end():].lstrip("\n"), yaml.load(match.group(1), Loader=YAML_LOADER)

    def render(self, config: Any, files: Any) -> None:
        """The body as written: HTML made by the templates."""
        assert self.markdown is not None, "read_source comes first"
        self.content = self.markdown
        self.toc = get_toc([])
        if os.environ.get("ARCHIVE_PAGE_SHELL", "1") != "0":
            self.meta["template"] = SHELL_TEMPLATE


# Generated pages in the navigation (the index pages) are built as Markdown pages whose
# bodies skip Python-Markdown (see ArchivePage) through the three hooks below.
GENERATED: set[str] = set()
CHILDREN: list[tuple[str, Background]] = []  # (what their failure means, child) of this build: see on_files
COMMAND = ["build"]  # build, gh-deploy or serve: see on_startup
DIRTY = [False]  # mkdocs build --dirty keeps the previous site
REMOVERS: list[Background] = []  # deleting the previous site: see on_pre_build
PREVIOUS_SITE: list[Path | None] = [None]  # the last site, moved aside for this build to take pages from
SEARCH: list[Background] = []  # under serve, Pagefind of the last build: see start_search_aside
LAST_SITE = LastSite()  # what the last build put into its site
_BODIES: dict[str, str] = {}


# A generated page's front matter is for readers of docs/ and for tools; MkDocs needs its title
# only, and turning the rest into Python objects cost it about 1 ms a page.
TITLE_FRONT_MATTER = re.compile(r"---\n(title: [^\n]*)\n.*?^---\n", re.S | re.M)


def on_page_read_source(page: Any, config: Any) -> str | None:
    """A generated page with its front matter cut to the title line (written by the YAML dumper)."""
    if page.file.src_uri not in GENERATED:
        return None
    content = page.file.content_string
    match = TITLE_FRONT_MATTER.match(content)
    return f"---\n{match.group(1)}\n---\n{content[match.end():]}" if match else None


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Set a generated index page's HTML body aside so Markdown does not process it."""
    if page.file.src_uri in GENERATED and not isinstance(page, ArchivePage):
        _BODIES[page.file.src_uri] = markdown
        return ""
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Put a generated page's HTML body back in place of the (empty) Markdown output."""
    body = _BODIES.pop(page.file.src_uri, None)
    return html if body is None else body


# overrides/archive-shell.html: a template that only calls archive_page_shell().
SHELL_TEMPLATE = "archive-shell.html"
SHELLS = ShellCache()


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    """Give the shell template its function, with a fresh shell cache for this build."""
    global SHELLS
    SHELLS = ShellCache()
    main = env.get_template("main.html")

    @jinja2.pass_context
    def archive_page_shell(context: jinja2.runtime.Context) -> str:
        values = context.get_all()
        return SHELLS.render(values["page"], lambda page: main.render({**values, "page": page}))

    env.globals["archive_page_shell"] = archive_page_shell
    return env


def on_post_page(output: str, page: Any, config: Any) -> str:
    """A page outside the navigation is written as soon as this returns, and nothing reads it
    again: its texts are let go (at 10,000 articles they are gigabytes). Its title stays in meta."""
    if isinstance(page, ArchivePage):
        page.content, page.markdown, page.file.content_string = None, "", ""
    return output


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Rebuild when an article, a registry file or a template changes, or a hand-written page or asset
    of docs/. MkDocs would watch the whole docs/, with the files a build generated there: only what is
    hand-written is watched (`watch_paths`). And the system tells of changes (`use_native_watcher`)."""
    if os.environ.get("ARCHIVE_WATCH", "native") != "poll":
        use_native_watcher(server)
    paths = project_paths()
    for directory in (paths.seeds, paths.registry, paths.templates):
        server.watch(str(directory))
    docs_dir = Path(config["docs_dir"])
    watched = watch_paths(docs_dir, read_manifest(docs_dir))
    if watched != [(docs_dir, True)]:
        server.unwatch(str(docs_dir))
        for path, recursive in watched:
            server.watch(str(path), recursive=recursive)
    return server


def use_native_watcher(server: Any) -> None:
    """Have the operating system tell `mkdocs serve` of changes (inotify, FSEvents, ReadDirectoryChanges)
    instead of MkDocs' polling, which lists and stats every watched file twice a second: a quarter of a
    core at 10,000 seeds, idle or not, and a thread that takes the GIL from every rebuild. MkDocs polls
    because some file systems tell nothing (a Docker volume from another system, some network
    shares): there, ARCHIVE_WATCH=poll keeps its polling. The watches made so far move over."""
    if watchdog.observers.Observer is watchdog.observers.polling.PollingObserver:  # this system has nothing better
        return
    # MkDocs keeps no public list of its watches: the two dicts of its LiveReloadServer (mkdocs is pinned).
    watched = [(path, server._watched_paths[path], ref.is_recursive) for path, ref in server._watch_refs.items()]
    for path, count, _ in watched:
        for _ in range(count):
            server.unwatch(path)
    server.observer = ChangesObserver()
    for path, count, recursive in watched:
        for _ in range(count):
            server.watch(path, recursive=recursive)
    log.info("archive: changes watched with %s", watchdog.observers.Observer.__name__)


# What a change is. The system also tells of files opened and closed unwritten: a build reads every seed,
# and would start the next one.
CHANGES: list[type[watchdog.events.FileSystemEvent]] = [
    watchdog.events.FileCreatedEvent, watchdog.events.FileModifiedEvent, watchdog.events.FileDeletedEvent,
    watchdog.events.FileMovedEvent, watchdog.events.FileAttribEvent, watchdog.events.DirCreatedEvent,
    watchdog.events.DirDeletedEvent, watchdog.events.DirMovedEvent]


class ChangesObserver(watchdog.observers.Observer):  # type: ignore[misc, valid-type]  # a platform's class
    """The platform's observer, telling of changes only (CHANGES) to the handlers MkDocs schedules."""

    def schedule(self, event_handler: Any, path: Any, *, recursive: bool = False, event_filter: Any = None,
                 follow_symlink: bool = False) -> Any:
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or CHANGES,
                                follow_symlink=follow_symlink)


def on_post_build(config: Any) -> None:
    """Wait for the children of on_files: the static search index (site/pagefind/; not under `mkdocs
    serve`, see `start_search_aside`), the data files, the pages in docs/. A failure of any fails
    `mkdocs build --strict`."""
    log.info("archive: %d pages filled in a shared page shell, %d rendered in full by the theme (%d shells refused)",
             SHELLS.filled, SHELLS.rendered, sum(shell is None for shell in SHELLS.shells.values()))
    LAST_SITE.complete = wait_for_children()  # else the next build takes nothing from this site
    if COMMAND[0] != "serve" and not DIRTY[0] and reuses_site(config):
        LAST_SITE.save(site_record_path(config), Path(config["site_dir"]))
    gc.unfreeze()
    for remover in REMOVERS:
        if not remover.wait():
            log.warning("archive: the previous site, moved aside beside this one, could not be deleted")
    REMOVERS.clear()
