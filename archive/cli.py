"""Command line: `python build.py [--seeds DIR] [--docs DIR] ...`.

Exit codes: 0 built; 1 built but `--strict` found warnings or skipped files
(or `--check` found a problem); 2 the build could not run (bad registry,
missing seeds directory).
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path
from typing import Sequence, TextIO

from archive.curate import CurationError, add_alias, add_not_a_name, one_word
from archive.freshness import RenderPlan
from archive.pipeline import PROJECT_ROOT, Build, BuildReport, ProjectPaths, default_cache_dir, default_report_path, generate
from archive.progress import ProgressLine, progress_wanted
from archive.read import ReadError
from archive.registry import RegistryError
from archive.write import WriteStats, write_pages

EXIT_OK, EXIT_PROBLEMS, EXIT_FAILED = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    """The argument parser; every option here is documented in the README (a test checks)."""
    p = argparse.ArgumentParser(prog="build.py", description="Build the fact archive: seeds → facts → docs/ pages and facts.json.",
                                epilog="Registry commands: build.py add-alias ACTOR-ID ALIAS [--registry DIR] adds a spelling to an actor; "
                                       "build.py not-a-name WORD... [--registry DIR] stops new names being made with common words.")
    p.add_argument("--seeds", type=Path, default=PROJECT_ROOT / "seeds", help="directory of articles (.txt, .md); default: seeds/")
    p.add_argument("--docs", type=Path, default=PROJECT_ROOT / "docs", help="MkDocs docs directory to write pages into; default: docs/")
    p.add_argument("--registry", type=Path, default=PROJECT_ROOT / "registry", help="directory of the YAML registries; default: registry/")
    p.add_argument("--report", type=Path, default=None, help="where to write build-report.json; default: beside the docs directory")
    p.add_argument("--check", action="store_true", help="validate articles and registries and print the report without writing pages")
    p.add_argument("--strict", action="store_true", help="exit non-zero when any file is skipped or any warning is given (for CI)")
    p.add_argument("--quiet", action="store_true", help="print only problems, no progress or summary")
    p.add_argument("--cache", type=Path, default=None, metavar="DIR",
                   help="where extraction results are kept between builds; default: .cache/ beside the docs directory")
    p.add_argument("--no-cache", action="store_true", help="extract every article again, reading and writing no cache")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="processes for reading and extraction; default: one per core; 1 runs everything in one process")
    return p


def print_report(report: BuildReport, stream: TextIO, quiet: bool) -> None:
    """The build report on the terminal: skipped files, warnings, new actors for the curator."""
    for skipped in report.skipped:
        where = f"{skipped.file}:{skipped.line}" if skipped.line else skipped.file
        print(f"skipped {where}: {skipped.reason}", file=stream)
    for warning in report.warnings:
        print(f"warning {warning}", file=stream)
    if quiet:
        return
    if report.discoveries:
        print(f"\nNew actors for the curator ({len(report.discoveries)}); add them to registry/actors/:", file=stream)
        for found in report.discoveries[:50]:
            print(f"  {found.actor_id} ({found.type}) «{found.name}» in {found.article}: {found.sentence[:120]}", file=stream)
    print(f"\n{report.inputs} files: {len(report.pages)} pages, {len(report.skipped)} skipped, {len(report.warnings)} warnings", file=stream)


def alias_parser() -> argparse.ArgumentParser:
    """The parser of `build.py add-alias`."""
    p = argparse.ArgumentParser(prog="build.py add-alias", description="Add a spelling of an actor's name to the registry.")
    p.add_argument("actor_id", metavar="ACTOR-ID", help="the actor's id, e.g. sergey-lavrov")
    p.add_argument("alias", metavar="ALIAS", help="the spelling to add, e.g. سيرجي لافروف")
    p.add_argument("--registry", type=Path, default=PROJECT_ROOT / "registry", help="directory of the YAML registries; default: registry/")
    return p


def add_alias_command(argv: Sequence[str]) -> int:
    """`build.py add-alias ACTOR-ID ALIAS`: grow the registry from the curator's report."""
    args = alias_parser().parse_args(argv)
    try:
        path = add_alias(args.registry, args.actor_id, args.alias)
    except (CurationError, RegistryError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{path}: added «{args.alias.strip()}» to {args.actor_id}", file=sys.stderr)
    return EXIT_OK


def not_a_name_parser() -> argparse.ArgumentParser:
    """The parser of `build.py not-a-name`."""
    p = argparse.ArgumentParser(prog="build.py not-a-name",
                                description="Add common words to registry/patterns.yml (not_names): no new name is made with them.")
    p.add_argument("words", metavar="WORD", nargs="+", help="a word the curator's report shows inside a wrong name, e.g. ولاية")
    p.add_argument("--registry", type=Path, default=PROJECT_ROOT / "registry", help="directory of the YAML registries; default: registry/")
    return p


def not_a_name_command(argv: Sequence[str]) -> int:
    """`build.py not-a-name WORD...`: the curator's report showed names that are not names."""
    args = not_a_name_parser().parse_args(argv)
    try:
        words = [one_word(word) for word in args.words]  # all checked before any is written
        for word in words:
            path, added = add_not_a_name(args.registry, word)
            print(f"{path}: {'added' if added else 'already lists'} «{word}» in not_names", file=sys.stderr)
    except CurationError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def write_unless_up_to_date(build: Build, report_json: str, docs_dir: Path, templates_dir: Path, cache_dir: Path | None,
                            progress: ProgressLine) -> tuple[WriteStats, bool]:
    """Write the build's pages into `docs_dir`, or render none when it holds them already from the
    same inputs, and otherwise only the articles' and actors' pages whose inputs changed
    (archive/freshness.py, recorded in the cache directory); return what was written and whether it
    was up to date."""
    if cache_dir is None or build.render is None:
        return write_pages(build.pages, docs_dir, progress), False
    plan = RenderPlan.of(build.article_keys, build.registry_version, templates_dir, docs_dir, cache_dir)
    generated = plan.up_to_date(report_json)
    if generated is not None:
        return WriteStats(unchanged=generated, kept=generated), True
    render, (reuse, _) = build.render, plan.reusable(build.aggregate)
    # The rendering workers stage their pages themselves: they need not travel to this process.
    stats = write_pages(lambda stager: render(reuse, plan.units, stager), docs_dir, progress)
    plan.record(report_json)
    return stats, False


def main(argv: Sequence[str] | None = None) -> int:
    """Run the build (or a registry command); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["add-alias"]:
        return add_alias_command(argv[1:])
    if argv[:1] == ["not-a-name"]:
        return not_a_name_command(argv[1:])
    args = parser().parse_args(argv)
    progress = ProgressLine(sys.stderr, progress_wanted(sys.stderr, args.quiet))
    paths = ProjectPaths(seeds=args.seeds, registry=args.registry)
    cache_dir = None if args.no_cache else args.cache or default_cache_dir(args.docs)
    try:
        # Streamed: pages are rendered as the writer takes them, and --check, writing none, renders none.
        build = generate(paths, progress, cache_dir=cache_dir, workers=args.workers, stream=True)
        # The archive lives until the process ends: collections while the pages are rendered and written
        # need not walk its millions of objects again (nor touch them in the forked renderers' memory).
        gc.freeze()
    except (RegistryError, ReadError, FileNotFoundError) as error:
        progress.finish()
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    report = build.report
    report_json = report.as_json() if not args.check or args.report else ""  # --check alone writes none
    if not args.check:
        stats, fresh = write_unless_up_to_date(build, report_json, args.docs, paths.templates, cache_dir, progress)
    build.finish()
    progress.finish()
    if not args.check:
        if not args.quiet:
            print(f"{args.docs}: {len(stats.written)} written, {stats.unchanged} unchanged, {len(stats.removed)} removed"
                  + (" (up to date: nothing rendered)" if fresh else f" ({stats.kept} kept unrendered)" if stats.kept else ""),
                  file=sys.stderr)
    report_path = args.report or default_report_path(args.docs)
    if not args.check or args.report:
        report_path.write_text(report_json, encoding="utf-8")
    print_report(report, sys.stderr, args.quiet)
    problems = bool(report.skipped) or (args.strict and bool(report.warnings))
    return EXIT_PROBLEMS if problems and (args.strict or args.check) else EXIT_OK
