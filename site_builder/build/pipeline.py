"""The build, top to bottom: one list of steps over one build context, for every build and rebuild.

A rebuild runs the same steps as a clean build. What differs is only what the plan
finds to do: the files whose recorded reads changed (plan.py), or nothing at all when
no input and no output file changed since the last build's state (state.py). Nothing
touches the output folder before every page has rendered, and the state is written
last, once the search index too is in place.
"""

from __future__ import annotations

import functools
import gc
import os
import shutil
import time
from collections.abc import Callable

from site_builder.build.checks import check_content, check_output_dir, check_site, fatal_or_warnings
from site_builder.build.context import BuildContext, BuildMemory
from site_builder.build.inputs import digests, look_at_inputs
from site_builder.build.loading import keep_made_records, keep_parsed, read_instead, refuse_record, reuse_parsed
from site_builder.build.memo import GroupMemo, RecordMemo, grouped, kept_records
from site_builder.build.options import BuildOptions, BuildResult
from site_builder.build.outputscan import scan_updated
from site_builder.build.pdf import pdf
from site_builder.build.plan import OutputChoice, unchanged_since
from site_builder.build.rechecks import validated
from site_builder.build.renderer import RenderJob, keep_breaks, known_breaks, render_and_stage
from site_builder.build.scanapart import OutputScan
from site_builder.build.search import BUNDLE_DIR, SearchLayout, bundles_to_make, index_search, remove_search
from site_builder.build.state import BuildState, CacheFolder, cache_folder, generator_key
from site_builder.build.write import MARKER, check_replaceable, commit, is_ours, new_staging
from site_builder.content.load import PHRASES_FILE, load_content
from site_builder.content.phrases import unused_phrases
from site_builder.errors import sort_problems
from site_builder.model.assemble import assemble_with_sources
from site_builder.model.bodies import BodyMemo
from site_builder.model.entries import entry_kinds, record_is_current
from site_builder.model.hant import OPENCC_VERSION, phrase_summary
from site_builder.model.indexes import build_index
from site_builder.model.records import RecordError, RefusedRecordError
from site_builder.render.compiled import user_secret
from site_builder.render.outputs import plan_outputs
from site_builder.render.pages import list_pages
from site_builder.render.reads import ModelPaths

__all__ = ["BuildMemory", "BuildOptions", "BuildResult", "build_site", "check_content", "check_site"]


def build_site(options: BuildOptions, memory: BuildMemory | None = None,
               leftovers: list[object] | None = None) -> BuildResult:
    """Check the whole site first; only then render what changed and put it in the output folder.

    `memory`, kept by a process that builds again and again (the live preview), holds the last build's state.
    `leftovers` takes what the build worked with (model, plan, tables) instead of freeing it as it returns:
    10,000 entries' worth takes 0.15 s to free, which a process about to end or to reload need not wait for.
    """
    context = BuildContext(options, memory)
    # Python's cycle collector walks every live object each time their number grows by a quarter: a third of a
    # rebuild's time at 10,000 entries. What a build makes lives until it ends and is freed by reference counting;
    # the collector is off while it runs (and in the processes it forks), on after; serve.py collects between builds.
    collecting = gc.isenabled()
    gc.disable()
    try:
        run_steps(context)
    finally:
        if context.output_scan is not None:
            context.output_scan.close()
        if collecting:
            gc.enable()
        if context.staging is not None and not options.cache:
            shutil.rmtree(context.staging.folder, ignore_errors=True)
        if context.cache is not None:
            # What was parsed and converted holds whatever became of the build: keep it for the next one.
            context.cache.values.commit()
            context.cache.values.close()
        if leftovers is not None:
            leftovers.append(context)
    return context.result()


def run_steps(context: BuildContext) -> None:
    """Every step in turn; from load again, reading its files, when a kept record proves wrong as filled."""
    at = 0
    while at < len(STEPS):
        step, at = STEPS[at], at + 1
        try:
            if not context.up_to_date or step in (prepare, scan):
                step(context)
        except RefusedRecordError as refused:
            refuse_record(context, refused, written=STEPS.index(step) > STEPS.index(pdf))
            at = STEPS.index(load)


def prepare(context: BuildContext) -> None:
    """Refuse an output folder that is an input or not ours; find the last build's state; clear old staging."""
    options = context.options
    check_output_dir(options)
    check_replaceable(options.output_dir)
    context.started_ns = time.time_ns()
    if not options.cache:
        context.staging = new_staging(options.output_dir, None)
        return
    context.generator = generator_key()
    context.cache = CacheFolder(cache_folder(options.output_dir), context.generator)
    context.staging = new_staging(options.output_dir, context.cache.folder / "staging")
    settings = options.settings()
    memory = context.memory
    if memory is not None and (remembered := memory.last_state()) is not None and remembered.settings == settings:
        context.state = remembered
    elif is_ours(options.output_dir):
        context.state = context.cache.load(context.generator, settings, context.notices)


def scan(context: BuildContext) -> None:
    """Snapshot every input by content and the output folder; nothing changed means nothing to do. The output
    is scanned in a process of its own meanwhile (scanapart.py), and while the content loads if there is work."""
    options, state = context.options, context.state
    output = options.output_dir.resolve()
    if is_ours(output):
        known = (state.outputs, state.folders, len(state.inputs)) if state is not None else ({}, {}, 0)
        context.output_scan = OutputScan(output, *known)
    previous = (state.inputs, state.build_id, *context.heard_since()) if state else ({}, 0, None, None)
    context.content_files, context.inputs = look_at_inputs(options, *previous)
    if context.output_scan is None or state is None or state.search != options.search \
            or digests(state.inputs) != digests(context.inputs):
        if context.output_scan is not None:
            context.output_scan.go_on_apart()  # something to do: the plan is the first step that needs it
        return
    context.outputs_before, context.folders_before = context.output_scan.result()
    if state.outputs == context.outputs_before:
        context.up_to_date = True
        context.warnings = fatal_or_warnings(list(state.problems), options.strict)


def load(context: BuildContext) -> None:
    """Read every content file, parsing only those no earlier build parsed as they are now, and leaving out
    the files of the entries an earlier build recorded as they are now (assemble takes those as recorded)."""
    memory, options = context.memory, context.options
    context.groups = GroupMemo(context.store_of(lambda kept: kept.groups),
                               memory.groups if memory is not None else None)
    context.grouped = grouped(context.content_files, context.inputs, os.getcwd(), memory.grouped if memory else None)
    context.members, context.group_keys = context.grouped.members, context.grouped.keys
    # What shapes every record besides its files: the base URL, site.yaml (languages among it), the phrase
    # table and the converter of the Traditional Chinese texts.
    settings = [options.base_url or "", OPENCC_VERSION] + [
        found.digest if (found := context.inputs.get(os.path.join(str(options.content_dir), name))) else ""
        for name in ("site.yaml", PHRASES_FILE)]
    store, values = context.store_of(lambda kept: kept.records), context.store_of(lambda kept: kept.record_values)
    context.records = RecordMemo(store, values, memory.records if memory is not None else None, "\0".join(settings),
                                 user_secret() if store is not None else None)
    context.kept = kept_records(context.records, context.groups, context.group_keys, context.refused)
    skip = frozenset(path for group in context.kept for path in context.members[group])
    listed = [path for path in context.content_files if path not in skip]
    reuse = reuse_parsed(context, listed)
    context.tree = load_content(options.content_dir, reuse, skip)
    keep_parsed(context, listed, reuse)


def validate(context: BuildContext) -> None:
    """Find every problem; stop on errors, before anything is rendered or written. An entry or data file that an
    earlier build checked as it is now is not checked again, nor what spans entries when the entries that
    changed name what they named (build/rechecks.py)."""
    context.checked = context.problems = validated(context)
    context.warnings = fatal_or_warnings(context.problems, context.options.strict)


def assemble(context: BuildContext) -> None:
    """Make the site model, converting only the Markdown bodies no earlier build converted."""
    options, memory, cache = context.options, context.memory, context.cache
    counts, converted = (cache.body_counts, cache.bodies) if cache is not None else (None, None)
    context.bodies = BodyMemo(counts, converted, memory.bodies if memory is not None else None)
    tree, kept = context.loaded(), context.kept
    # A record whose links now lead to entries of another kind, or whose bodies' HTML is gone: read its files.
    kinds = entry_kinds(tree, kept, options.drafts)
    read_instead(context, [group for group, record in kept.items()
                            if not record_is_current(record, kinds) or not context.bodies.adopt(record["bodies"])])
    while True:
        try:
            assembled = assemble_with_sources(tree, options.base_url, options.drafts, context.bodies, context.kept,
                                              context.typeset)
            break
        except RecordError as error:  # a damaged record: its files say what it should have held
            read_instead(context, [error.group])
    context.site, context.sources, context.made = assembled.site, assembled.sources, assembled.records
    # Which viewpoints each article has comes from the viewpoints' files alone, drafts included (a draft's
    # files make it leave the list): every article page reads its own key of it.
    context.sources[("index", ".viewpoints_by_article")] = frozenset(
        path for group, paths in context.members.items() if group[0] == "viewpoints" for path in paths)
    if assembled.hant is not None:
        # Which terms of the phrase table the Traditional texts used: a term none used is worth a warning.
        context.problems = sort_problems([*context.problems, *unused_phrases(context.loaded().phrases,
                                                                            assembled.hant.used)])
        context.warnings = fatal_or_warnings(context.problems, options.strict)
        if assembled.hant.table:
            context.notices.append(phrase_summary(assembled.hant))
    keep_made_records(context, assembled.records)
    context.index = build_index(context.site)
    context.paths = ModelPaths({"site": context.site, "index": context.index})


def plan(context: BuildContext) -> None:
    """List every file of the site; choose those to render; find those to delete."""
    options, state = context.options, context.state
    site, index, _paths = context.model()
    if context.output_scan is not None:
        context.outputs_before, context.folders_before = context.output_scan.result()
    if state is not None and (context.cache is None or not context.cache.load_reads(state, context.notices)):
        context.state = state = None
    row_before = functools.partial(context.records.row_before, context.members)
    since = unchanged_since(state, context.inputs, options.content_dir, context.sources, row_before, context.made)
    choice = OutputChoice(state, *context.model(), options.templates_dir, options.translations_dir, *since)
    try:
        context.plan = plan_outputs(site, list_pages(site, index), options.templates_dir)
        context.chosen = choice.chosen(context.plan, context.outputs_before)
    finally:
        choice.close()
    # Whatever else the output folder holds goes: pages the site no longer has, files nobody wrote.
    known = {output.path for output in context.plan} | {MARKER}
    if options.search:  # the bundles the site's pages make stay
        context.search_layout = SearchLayout.of(site.config.languages, known)
    bundles = context.search_layout.prefixes()
    context.stale = sorted(path for path in context.outputs_before
                           if path not in known and not path.startswith(bundles))


def render(context: BuildContext) -> None:
    """Render the chosen files and stage those whose bytes changed."""
    options = context.options
    compiled = context.cache.folder / "templates" if context.cache is not None else None
    if context.cache is not None:
        context.cache.values.commit()  # what assemble kept, visible to the render workers' own connections
    store = context.store_of(lambda kept: kept.word_breaks)
    breaks = known_breaks(store, context.memory.breaks if context.memory is not None else None)
    context.report = render_and_stage(RenderJob(
        *context.model(), context.chosen, options.templates_dir, options.translations_dir,
        options.output_dir.resolve(), context.staging_area(), compiled, options.workers, breaks,
        # Reads serve the next build's plan and the PDF step's relisting: without either, none are recorded.
        record=context.cache is not None or options.pdf))
    kept = keep_breaks(store, breaks, context.report, len(context.chosen) == len(context.plan))
    if context.memory is not None:
        context.memory.breaks = kept


def write(context: BuildContext) -> None:
    """Put the staged files in place and delete the stale ones; the state goes first, as it no longer holds."""
    if context.cache is not None:
        context.cache.forget()
    if context.memory is not None:
        context.memory.state = None
    output = context.options.output_dir.resolve()
    context.removed = commit(output, context.staging_area(), sorted(context.report.staged), context.stale)


def search(context: BuildContext) -> None:
    """Index the pages for search when they changed (or no index of them is known); remove it without search."""
    output, state = context.options.output_dir.resolve(), context.state
    if not context.options.search:
        remove_search(output)
        context.search_folders = (BUNDLE_DIR,)
        return
    last = state.outputs if state is not None and state.search else {}
    layout, staging = context.search_layout.with_pages(file.path for file in context.plan), context.staging_area()
    work = staging.folder.parent / "search" if context.cache else staging.folder / ".search"
    if wanted := bundles_to_make(layout, context.report.staged, context.removed, context.outputs_before, last,
                                 output):
        context.search_folders = index_search(output, work, layout, wanted)


def save(context: BuildContext) -> None:
    """Record what this build read and wrote: last, so that it describes a complete build."""
    output = context.options.output_dir.resolve()
    files, folders = scan_updated(output, context.outputs_before, context.folders_before,
                                  [MARKER, *context.report.staged], context.removed, context.search_folders)
    state = BuildState(generator=context.generator, settings=context.options.settings(), build_id=context.started_ns,
                       inputs=context.inputs, outputs=files, folders=folders, problems=context.problems,
                       search=context.options.search, entry_count=len(context.model()[0].entries),
                       checked=context.checked, checked_in=os.getcwd())
    if context.cache is not None:
        fresh = context.state is None or context.state.reads is None
        to_cache = functools.partial(context.cache.save, state, context.report.reads,
                                     {output.path for output in context.plan}, fresh, context.reads_cache_tables())
        if context.memory is not None and not fresh:
            context.memory.save_apart(to_cache, len(context.plan))  # the preview's reload goes out meanwhile
        else:
            to_cache()
    if context.memory is not None:
        context.memory.remember(state, context)


STEPS: tuple[Callable[[BuildContext], None], ...] = (
    prepare, scan, load, validate, assemble, plan, render, pdf, write, search, save)

