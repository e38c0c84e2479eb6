"""The command line: build, check, serve, new, i18n. Exit 0 ok, 1 content errors, 2 usage errors."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from site_builder.build.pagefindrun import SearchIndexError
from site_builder.build.pipeline import BuildOptions, build_site, check_site
from site_builder.build.write import ForeignOutputError
from site_builder.content.schema import Check, Url
from site_builder.errors import ContentError, Problem, display_path, file_problem, format_problem, format_summary

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None, leftovers: list[object] | None = None) -> int:
    """Run one command and return its exit code; never let a traceback reach an editor. `leftovers`: where a
    build leaves what it worked with, for a process that ends rather than frees it (process.py)."""
    parser = _parser()
    args = parser.parse_args(argv)
    args.leftovers = leftovers
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except ContentError as exc:
        _report(exc.problems, strict=getattr(args, "strict", False))
        return 1
    except (SearchIndexError, ForeignOutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except TemplateError as exc:
        print(format_problem(_template_problem(exc)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        # A file or folder that cannot be read or written (permissions, a full disk): name it, say what to do.
        print(format_problem(file_problem(exc)), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the last guard: one clear line, traceback only on request
        if os.environ.get("SITE_BUILDER_DEBUG"):
            raise
        print(f"error: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("  hint: rerun with SITE_BUILDER_DEBUG=1 for the details, and report it", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the 蒙粤合作简报 bilingual briefing site.")
    commands = parser.add_subparsers(dest="command")

    build = commands.add_parser("build", help="build the site into the output folder")
    _site_options(build)
    build.add_argument("--output", type=Path, default=PROJECT_ROOT / "output", help="output folder (default output/)")
    build.add_argument("--no-search", dest="search", action="store_false", help="skip the Pagefind search index")
    build.add_argument("--no-cache", dest="cache", action="store_false",
                       help="build everything afresh, without reading or writing .cache/")
    build.add_argument("--no-pdf", dest="pdf", action="store_false",
                       help="skip the briefing's PDFs (and remove those an earlier build wrote)")
    build.set_defaults(run=_run_build)

    check = commands.add_parser("check", help="validate the content and report; write nothing")
    _site_options(check)
    check.set_defaults(run=_run_check)

    serve = commands.add_parser("serve", help="live preview: rebuild on change and reload the browser")
    _site_options(serve)
    serve.add_argument("--output", type=Path, default=PROJECT_ROOT / ".cache" / "preview",
                       help="preview folder, apart from the published output/ (default .cache/preview/)")
    serve.add_argument("--search", action="store_true",
                       help="index the preview for search after every rebuild (slow on large sites)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.set_defaults(run=_run_serve)

    new = commands.add_parser("new", help="write both language files of a new entry")
    new.add_argument("kind", choices=["article", "viewpoint"])
    new.add_argument("key", help="the entry key: lowercase letters, digits and hyphens")
    new.add_argument("--content", type=Path, default=PROJECT_ROOT / "content", help="content folder")
    new.set_defaults(run=_run_new)

    fields = commands.add_parser("fields", help="regenerate the field reference in content/README.md")
    fields.add_argument("--content", type=Path, default=PROJECT_ROOT / "content", help="content folder")
    fields.set_defaults(run=_run_fields)

    mark = commands.add_parser("mark-translated", help="record that translation files are up to date with the Chinese")
    mark.add_argument("keys", nargs="*", help="entry or page keys (default: none; use --all)")
    mark.add_argument("--all", action="store_true", help="stamp every translation file")
    mark.add_argument("--lang", choices=["en", "zh-Hant"],
                      help="stamp only this language's files (default: English and hand-made Traditional Chinese)")
    mark.add_argument("--content", type=Path, default=PROJECT_ROOT / "content", help="content folder")
    mark.set_defaults(run=_run_mark_translated)

    i18n = commands.add_parser("i18n", help="gettext catalogs: extract, update or compile UI strings")
    i18n.add_argument("action", choices=["extract", "update", "compile"])
    i18n.set_defaults(run=_run_i18n)

    bench = commands.add_parser("bench", help="time clean, no-op and one-entry builds of generated corpora")
    bench.add_argument("--entries", default="200,1000,10000", help="corpus sizes (default 200,1000,10000)")
    bench.add_argument("--runs", type=int, default=3, help="runs of each build; medians are reported (default 3)")
    bench.add_argument("--keep", type=Path, help="keep corpora and outputs in this folder (default: a temporary one)")
    bench.add_argument("--no-search", dest="search", action="store_false", help="do not time the Pagefind indexer")
    bench.add_argument("--vs", default="", metavar="hugo,pelican",
                       help="also build each corpus with these generators, where installed, and compare")
    bench.add_argument("--reload", action="store_true",
                       help="instead: time the live preview from a save to the page showing it (needs Playwright), "
                            "on the shipped content and on corpora of --reload-entries sizes")
    bench.add_argument("--reload-entries", default="", help="corpus sizes for --reload (default: none)")
    bench.set_defaults(run=_run_bench)
    return parser


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content", help="content folder")
    parser.add_argument("--base-url", type=_base_url,
                        help="absolute URL the site is published at (overrides site.yaml)")
    parser.add_argument("--strict", action="store_true", help="treat warnings (missing translation, …) as errors")
    parser.add_argument("--drafts", action="store_true", help="include entries marked draft")


def _base_url(value: str) -> str:
    # The same check as site.yaml's base_url: a javascript: address would reach every canonical link.
    check = Check()
    Url().check(value, (), check)
    if check.errors:
        raise argparse.ArgumentTypeError(check.errors[0][1])
    return value


def options_from(args: argparse.Namespace) -> BuildOptions:
    """Turn parsed arguments into build options."""
    return BuildOptions(
        content_dir=args.content, output_dir=getattr(args, "output", PROJECT_ROOT / "output"),
        templates_dir=PROJECT_ROOT / "templates", translations_dir=PROJECT_ROOT / "translations",
        base_url=args.base_url, strict=args.strict, drafts=args.drafts, search=getattr(args, "search", True),
        cache=getattr(args, "cache", True), pdf=getattr(args, "pdf", False),
    )


def _run_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = build_site(options_from(args), leftovers=args.leftovers)
    _report(result.warnings, strict=False)
    pages = sum(1 for path in result.paths if path.endswith(".html"))
    for notice in result.notices:
        print(notice, file=sys.stderr)
    print(f"Built {result.entry_count} entries into {display_path(args.output)}/: "
          f"{pages} pages, {len(result.paths)} files ({result.rendered} rendered, {len(result.written)} written, "
          f"{len(result.removed)} removed) in {time.perf_counter() - started:.2f} s.")
    return 0


def _run_check(args: argparse.Namespace) -> int:
    site, warnings = check_site(options_from(args))
    _report(warnings, strict=False)
    print(f"Checked {len(site.entries)} entries, {len(site.events)} events, {len(site.figures)} figures: "
          f"no errors, {len(warnings)} warning{'s' if len(warnings) != 1 else ''}.")
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from site_builder.commands.serve import serve

    # Editors preview their drafts; the published build leaves them out.
    return serve(replace(options_from(args), drafts=True), args.host, args.port)


def _run_new(args: argparse.Namespace) -> int:
    from site_builder.commands.scaffold import UsageError, scaffold_entry

    try:
        written = scaffold_entry(args.content, args.kind, args.key)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {display_path(path)}")
    return 0


def _run_fields(args: argparse.Namespace) -> int:
    from site_builder.commands.fieldref import update_readme

    readme = args.content / "README.md"
    old = readme.read_text(encoding="utf-8") if readme.exists() else ""
    new = update_readme(old)
    if new != old:
        readme.write_text(new, encoding="utf-8")
        print(f"updated the field reference in {display_path(readme)}")
    else:
        print(f"{display_path(readme)} is up to date")
    return 0


def _run_mark_translated(args: argparse.Namespace) -> int:
    from site_builder.content.languages import DEFAULT_LANGUAGE
    from site_builder.content.load import load_content
    from site_builder.content.translations import fingerprint, stamp_translation

    if not args.keys and not args.all:
        print("error: name the keys to mark, or use --all", file=sys.stderr)
        return 2
    tree = load_content(args.content)
    sources = {(e.kind, e.key): e for e in tree.entries if e.lang == DEFAULT_LANGUAGE}
    known = {e.key for e in tree.entries}
    unknown = [key for key in args.keys if key not in known]
    if unknown:
        print(f"error: unknown key{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}", file=sys.stderr)
        return 2
    for entry in tree.entries:
        source = sources.get((entry.kind, entry.key))
        wanted = args.all or entry.key in args.keys
        if entry.lang != DEFAULT_LANGUAGE and source is not None and wanted and entry.file is not None \
                and args.lang in (None, entry.lang):
            if stamp_translation(entry.file, fingerprint(source)):
                print(f"marked {entry.path} as translated from the current Chinese text")
    return 0


def _run_i18n(args: argparse.Namespace) -> int:
    from site_builder.commands.i18n import run_catalog_command

    return run_catalog_command(args.action, PROJECT_ROOT)


def _run_bench(args: argparse.Namespace) -> int:
    from site_builder.bench.child import BenchError
    from site_builder.bench.peers import parse_peers
    from site_builder.bench.report import format_json, format_table
    from site_builder.bench.run import parse_sizes, run_bench

    try:
        sizes = parse_sizes(args.entries)
    except ValueError as exc:
        print(f"error: --entries: {exc}", file=sys.stderr)
        return 2
    if args.runs < 1:
        print("error: --runs must be at least 1", file=sys.stderr)
        return 2
    try:
        peers = tuple(parse_peers(args.vs))
    except ValueError as exc:
        print(f"error: --vs: {exc}", file=sys.stderr)
        return 2
    if args.reload:
        from site_builder.bench.reload import format_reload_table, run_reload_bench
        from site_builder.bench.targets import format_verdicts, preview_verdicts

        sizes = parse_sizes(args.reload_entries) if args.reload_entries else []
        shown = run_reload_bench(sizes, args.runs, lambda line: print(line, file=sys.stderr))
        print(format_reload_table(shown))
        if verdicts := format_verdicts(preview_verdicts(shown)):
            print(verdicts)
        return 0
    results, status = [], 0
    try:
        for result in run_bench(sizes, args.runs, args.keep, args.search, vs=peers):
            results.append(result)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        status = 1
    if results:  # the sizes measured before a failure are still worth reporting
        print(format_table(results))
        print(format_json(results, args.runs))
    return status


def _report(problems: list[Problem], strict: bool) -> None:
    for problem in problems:
        print(format_problem(problem), file=sys.stderr)
    if any(p.severity == "error" for p in problems) or (strict and problems):
        print(format_summary(problems, strict), file=sys.stderr)


def _template_problem(exc: TemplateError) -> Problem:
    if isinstance(exc, TemplateSyntaxError):
        path = exc.filename or f"templates/{exc.name}"
        return Problem(display_path(path), exc.lineno, "", f"template error: {exc.message}")
    return Problem("templates", None, "", f"template error: {exc}")
