"""The build, top to bottom: load, validate, model, render, write."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.assemble import assemble_site
from site_builder.catalogs import catalog_problems
from site_builder.errors import ContentError, Problem, display_path, sort_problems
from site_builder.load import SourceTree, load_content
from site_builder.model import Site
from site_builder.render import iter_outputs
from site_builder.schema import LANGUAGES
from site_builder.search import BUNDLE_DIR, index_search, reindex_search
from site_builder.validate import validate_tree
from site_builder.write import (
    PENDING_SUFFIX,
    WriteReport,
    commit_changes,
    is_updatable,
    stage_changes,
    staged_output,
    write_files,
)


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What the command line (or the live server) asks of a build."""

    content_dir: Path
    # where content/ is
    output_dir: Path
    # where the site goes
    templates_dir: Path
    # Jinja templates and assets/
    translations_dir: Path
    # gettext catalogs
    base_url: str | None = None
    # overrides site.yaml's base_url
    strict: bool = False
    # warnings are errors
    drafts: bool = False
    # include entries marked draft
    search: bool = True
    # index the written site with Pagefind
    workers: int = 0
    # processes to render with; 0 means one per language, up to the number of cores


@dataclass(frozen=True, slots=True)
class BuildResult:
    site: Site
    # the model (its entry texts may be left out when languages were rendered in other processes)
    paths: tuple[str, ...] = field(repr=False)
    # every file of the site, site-relative (the search bundle aside)
    warnings: list[Problem] = field(default_factory=list)
    # problems that did not stop the build
    written: tuple[str, ...] = field(default=(), repr=False)
    # files new or changed in this build (all of them on a first build)
    removed: tuple[str, ...] = field(default=(), repr=False)
    # files deleted because the site no longer has them


def check_content(options: BuildOptions) -> tuple[SourceTree, list[Problem]]:
    """Load and validate everything; raise ContentError on errors, return the tree and warnings."""
    tree = load_content(options.content_dir)
    problems = sort_problems(validate_tree(tree, options.drafts) + catalog_problems(options.translations_dir))
    if options.strict:
        problems = [problem.with_severity("error") for problem in problems]
    if any(problem.severity == "error" for problem in problems):
        raise ContentError(problems)
    return tree, problems


def check_site(options: BuildOptions) -> tuple[Site, list[Problem]]:
    """Load, validate and model the whole site; raise ContentError on errors."""
    tree, warnings = check_content(options)
    return assemble_site(tree, options.base_url, options.drafts), warnings


def build_site(options: BuildOptions) -> BuildResult:
    """Check the whole site first; only then render it and put it in the output folder."""
    check_output_dir(options)
    tree, warnings = check_content(options)
    output = options.output_dir
    if is_updatable(output):
        report, removed = _update_in_place(tree, options)
        written = report.pending
    else:
        with staged_output(output, index_search if options.search else None) as staging:
            report = render_languages(tree, options, staging, write_files)
        written, removed = report.produced, []
    # The model for the caller: everything but the entry texts, which stayed in the workers.
    site = assemble_site(tree, options.base_url, options.drafts, languages=())
    return BuildResult(site, tuple(report.produced), warnings, tuple(written), tuple(removed))


def _update_in_place(tree: SourceTree, options: BuildOptions) -> tuple[WriteReport, list[str]]:
    output = options.output_dir
    try:
        report = render_languages(tree, options, output, stage_changes)
    except BaseException:
        # A worker that failed took its list of temporary files with it: sweep them all.
        for leftover in output.rglob(f"*{PENDING_SUFFIX}"):
            leftover.unlink(missing_ok=True)
        raise
    removed = commit_changes(output, report, keep=(f"{BUNDLE_DIR}/",))
    pages_changed = any(path.endswith(".html") for path in report.pending + removed)
    if options.search and (pages_changed or not (output / BUNDLE_DIR).is_dir()):
        reindex_search(output)
    return report, removed


Writer = Callable[[Path, Iterable[tuple[str, bytes]]], WriteReport]


def render_languages(tree: SourceTree, options: BuildOptions, folder: Path, writer: Writer) -> WriteReport:
    """Render and write each language in a process of its own when the machine has cores to spare."""
    workers = options.workers or min(len(LANGUAGES), os.cpu_count() or 1)
    report = WriteReport()
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for lang in LANGUAGES:
            report.extend(_render_language(tree, options, folder, writer, lang))
        return report
    # Fork shares the loaded tree with the workers without pickling it; each worker converts
    # only its own language's Markdown and writes its own files.
    global _job
    _job = (tree, options, folder, writer)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part in pool.map(_render_language_job, LANGUAGES, chunksize=1):
                report.extend(part)
    finally:
        _job = None
    return report


_job: tuple[SourceTree, BuildOptions, Path, Writer] | None = None


def _render_language_job(lang: str) -> WriteReport:
    assert _job is not None
    return _render_language(*_job, lang)


def _render_language(tree: SourceTree, options: BuildOptions, folder: Path, writer: Writer,
                     lang: str) -> WriteReport:
    site = assemble_site(tree, options.base_url, options.drafts, languages=(lang,))
    return writer(folder, iter_outputs(site, options.templates_dir, options.translations_dir, languages=(lang,)))


def check_output_dir(options: BuildOptions) -> None:
    """Refuse an output folder that is, or holds, one of the build's inputs: writing replaces it whole."""
    output = options.output_dir.resolve()
    for name, folder in (("content", options.content_dir), ("templates", options.templates_dir),
                         ("translations", options.translations_dir)):
        folder = folder.resolve()
        if output == folder or output in folder.parents:
            raise ContentError([Problem(display_path(options.output_dir), None, "",
                                        f"the output folder would replace the {name} folder {display_path(folder)}",
                                        "choose another --output folder")])
