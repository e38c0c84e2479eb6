"""The build, top to bottom: load, validate, model, render, write.

Before all that, a rebuild asks the cache (buildcache, quick) whether it can take a
shortcut: nothing changed, or only the bodies of some entries. Otherwise it loads
and checks the whole content, then renders only the files the edit changed (partial)
or, when that is most of the site, everything; and it leaves what it saw in the
cache for the next build.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from site_builder.build.cache import (
    BuildCache,
    BuildState,
    Stat,
    cache_folder,
    generator_key,
    snapshot_content,
    snapshot_folder,
    without_body,
)
from site_builder.build.depends import output_digests
from site_builder.build.options import BuildOptions, BuildResult
from site_builder.build.search import BUNDLE_DIR, index_search, refresh_search
from site_builder.build.write import (
    PENDING_SUFFIX,
    WriteReport,
    commit_changes,
    is_updatable,
    stage_changes,
    staged_output,
    write_files,
)
from site_builder.content.catalogs import catalog_problems
from site_builder.content.languages import LANGUAGES
from site_builder.content.load import SourceTree, load_content
from site_builder.content.validate import defined_keys, validate_tree
from site_builder.errors import ContentError, Problem, display_path, sort_problems
from site_builder.model.assemble import assemble_site
from site_builder.model.indexes import build_index
from site_builder.model.site import EntryText, Site
from site_builder.render.outputs import iter_outputs, plan_outputs
from site_builder.render.pages import list_pages

__all__ = ["BuildOptions", "BuildResult", "build_site", "check_content", "check_site"]

# Texts as the render workers send them back: (kind, key) -> language -> text without its body.
Texts = dict[tuple[str, str], dict[str, EntryText]]


def check_content(options: BuildOptions) -> tuple[SourceTree, list[Problem]]:
    """Load and validate everything; raise ContentError on errors, return the tree and warnings."""
    tree = load_content(options.content_dir)
    return tree, fatal_or_warnings(find_problems(tree, options), options.strict)


def find_problems(tree: SourceTree, options: BuildOptions) -> list[Problem]:
    """Every problem of the content and the catalogs, errors and warnings, in report order."""
    return sort_problems(validate_tree(tree, options.drafts) + catalog_problems(options.translations_dir))


def fatal_or_warnings(problems: list[Problem], strict: bool) -> list[Problem]:
    """Raise ContentError if any problem is an error (every one is, with --strict); else return the warnings."""
    if strict:
        problems = [problem.with_severity("error") for problem in problems]
    if any(problem.severity == "error" for problem in problems):
        raise ContentError(problems)
    return problems


def check_site(options: BuildOptions) -> tuple[Site, list[Problem]]:
    """Load, validate and model the whole site; raise ContentError on errors."""
    tree, warnings = check_content(options)
    return assemble_site(tree, options.base_url, options.drafts), warnings


def build_site(options: BuildOptions) -> BuildResult:
    """Check the whole site first; only then render it and put it in the output folder."""
    from site_builder.build.partial import partial_update
    from site_builder.build.quick import quick_update

    check_output_dir(options)
    cache = BuildCache(cache_folder(options.output_dir)) if options.cache else None
    state = None
    if cache is not None:
        started_ns = time.time_ns()
        inputs = snapshot_inputs(options)
        key = cache_key(options)
        state = cache.load_state(key) if is_updatable(options.output_dir) else None
        # An output file changed behind our back: only the full build puts it right.
        if state is not None and snapshot_folder(options.output_dir.resolve(), relative=True) != state.outputs:
            state = None
        if state is not None:
            result = quick_update(options, cache, state, inputs, started_ns)
            if result is not None:
                return result
    tree = load_content(options.content_dir, cache.load_parsed(key, inputs) if cache is not None else None)
    problems = find_problems(tree, options)
    # Bad content stops the build here, the output folder untouched: the state still describes it.
    warnings = fatal_or_warnings(problems, options.strict)
    if state is not None:
        result = partial_update(options, cache, state, inputs, started_ns, tree, problems, warnings)
        if result is not None:
            return result
    if cache is not None:
        # From here on the output folder may change: a state left behind would describe the old one.
        cache.forget()
    output = options.output_dir
    if is_updatable(output):
        report, texts, removed = _update_in_place(tree, options)
        written = report.pending
    else:
        with staged_output(output, index_search if options.search else None) as staging:
            report, texts = render_languages(tree, options, staging, write_files)
        written, removed = report.produced, []
    # The model for the caller and the cache: the workers' texts, without the bodies they rendered.
    site = with_texts(assemble_site(tree, options.base_url, options.drafts, languages=()), texts)
    if cache is not None:
        index = build_index(site)
        plan = plan_outputs(site, list_pages(site, index), options.templates_dir)
        digests = output_digests(site, index, plan, options.templates_dir, options.translations_dir)
        cache.save(state_after(tree, options, key, started_ns, inputs, problems, site, report.produced, digests),
                   site, tree.parsed)
    return BuildResult(site, tuple(report.produced), warnings, tuple(written), tuple(removed), len(site.entries))


def compiled_templates(options: BuildOptions) -> Path | None:
    """Where Jinja keeps compiled templates between builds (in the cache, when there is one)."""
    return cache_folder(options.output_dir) / "templates" if options.cache else None


def snapshot_inputs(options: BuildOptions) -> dict[str, Stat]:
    """Size and modification time of every file a build reads."""
    return {**snapshot_content(options.content_dir), **snapshot_folder(options.templates_dir),
            **snapshot_folder(options.translations_dir)}


def cache_key(options: BuildOptions) -> str:
    """The generator key for these settings: a cache made with other settings is not used."""
    return generator_key(str(options.content_dir.resolve()), str(options.templates_dir.resolve()),
                         str(options.translations_dir.resolve()), options.base_url, options.drafts)


def state_after(tree: SourceTree, options: BuildOptions, key: str, started_ns: int, inputs: dict[str, Stat],
                problems: list[Problem], site: Site, paths: list[str], digests: dict[str, str]) -> BuildState:
    """What a build that wrote the whole site leaves in the cache for the next one."""
    entry_files = [entry for entry in tree.entries if entry.kind != "pages" and entry.file is not None]
    return BuildState(
        key=key, started_ns=started_ns, inputs=inputs,
        outputs=snapshot_folder(options.output_dir.resolve(), relative=True),
        fronts={str(entry.file): entry.front_digest for entry in entry_files},
        entry_keys={str(entry.file): (entry.kind, entry.key) for entry in entry_files},
        problems=problems, defined=defined_keys(tree, options.drafts), paths=tuple(paths),
        entry_count=len(site.entries), digests=digests,
    )


def with_texts(site: Site, texts: Texts) -> Site:
    """The model with these texts for its entries and free pages, by (kind, key)."""
    entries = {key: replace(entry, texts=texts[(entry.kind, key)]) for key, entry in site.entries.items()}
    pages = {key: replace(page, texts=texts[("pages", key)]) for key, page in site.pages.items()}
    return replace(site, entries=entries, pages=pages)


def _update_in_place(tree: SourceTree, options: BuildOptions) -> tuple[WriteReport, Texts, list[str]]:
    output = options.output_dir
    with sweep_pending(output):
        report, texts = render_languages(tree, options, output, stage_changes)
    removed = commit_changes(output, report, keep=(f"{BUNDLE_DIR}/",))
    if options.search:
        refresh_search(output, report.pending + removed)
    return report, texts, removed


@contextmanager
def sweep_pending(output: Path) -> Iterator[None]:
    """On failure, delete the temporary files of an update in place (a failed worker took its list along)."""
    try:
        yield
    except BaseException:
        for leftover in output.rglob(f"*{PENDING_SUFFIX}"):
            leftover.unlink(missing_ok=True)
        raise


Writer = Callable[[Path, Iterable[tuple[str, bytes]]], WriteReport]


def render_languages(tree: SourceTree, options: BuildOptions, folder: Path,
                     writer: Writer) -> tuple[WriteReport, Texts]:
    """Render and write each language in a process of its own when the machine has cores to spare."""
    workers = options.workers or min(len(LANGUAGES), os.cpu_count() or 1)
    report, texts = WriteReport(), {}
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        parts = [_render_language(tree, options, folder, writer, lang) for lang in LANGUAGES]
    else:
        # Fork shares the loaded tree with the workers without pickling it; each worker converts
        # only its own language's Markdown and writes its own files.
        global _job
        _job = (tree, options, folder, writer)
        # Keep the collector of each worker off the inherited objects: walking them would copy their
        # memory pages into the worker, and it finds no garbage among them.
        gc.freeze()
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_render_language_job, LANGUAGES, chunksize=1)
        finally:
            _job = None
            gc.unfreeze()
    for lang, (part, part_texts) in zip(LANGUAGES, parts, strict=True):
        report.extend(part)
        for group, text in part_texts.items():
            texts.setdefault(group, {})[lang] = text
    return report, texts


_job: tuple[SourceTree, BuildOptions, Path, Writer] | None = None


def _render_language_job(lang: str) -> tuple[WriteReport, dict[tuple[str, str], EntryText]]:
    assert _job is not None
    return _render_language(*_job, lang)


def _render_language(tree: SourceTree, options: BuildOptions, folder: Path, writer: Writer,
                     lang: str) -> tuple[WriteReport, dict[tuple[str, str], EntryText]]:
    site = assemble_site(tree, options.base_url, options.drafts, languages=(lang,))
    report = writer(folder, iter_outputs(site, options.templates_dir, options.translations_dir, languages=(lang,),
                                         compiled_dir=compiled_templates(options)))
    texts = {(entry.kind, key): without_body(entry.texts[lang]) for key, entry in site.entries.items()}
    texts.update({("pages", key): without_body(page.texts[lang]) for key, page in site.pages.items()})
    return report, texts


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
