"""Render the chosen files and stage those whose bytes changed, in a process per language when it pays.

Forked workers share the model with the parent without copying it; each renders its
language's files, writes the changed ones into the staging folder and sends back only
their names and the keys each file read.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.build.readrows import ReadRows
from site_builder.build.store import ValueStore
from site_builder.build.write import Staging, stage_file
from site_builder.model.indexes import SiteIndex
from site_builder.model.site import Site
from site_builder.model.urls import UrlScheme
from site_builder.render.collation import load_pinyin
from site_builder.render.environment import compile_templates, make_environment
from site_builder.render.outputs import Output, render_outputs
from site_builder.render.reads import ModelPaths, Recorder
from site_builder.render.wordbreak import WordBreaks

# Below this many files, processes cost more than they save when left to choose: each worker's first pages run
# slower while it copies the memory it touches, and the wall time saved at 430 files was nil for 80 % more CPU.
_PARALLEL_FROM = 1000


@dataclass(frozen=True, slots=True)
class RenderJob:
    """What the render step is asked to do."""

    site: Site
    # the model
    index: SiteIndex
    # its reverse lookups
    paths: ModelPaths
    # canonical paths of the model's values, for the recorder
    outputs: list[Output]
    # the files to render
    templates_dir: Path
    # Jinja templates
    translations_dir: Path
    # catalogs
    output_dir: Path
    # the folder the site is in (compared with, never written)
    staging: Staging
    # where changed files go until the write step
    compiled_dir: Path | None
    # Jinja's compiled templates between builds
    workers: int
    # processes to use (0: one per language, up to the cores)
    breaks: WordBreaks
    # Chinese texts' break opportunities, as known before rendering
    record: bool = True
    # record what each file reads (render/reads.py): for a build that keeps its state, or whose PDF step asks


@dataclass(slots=True)
class RenderReport:
    """What rendering found and staged."""

    staged: list[str] = field(default_factory=list)
    # files whose bytes differ from the output's, now in the staging folder
    reads: ReadRows = field(default_factory=ReadRows)
    # what every file rendered read, as rows of the reads table (when recorded)
    segmented: dict[str, list[int]] = field(default_factory=dict)
    # Chinese texts segmented while rendering -> their break opportunities
    shown: set[str] = field(default_factory=set)
    # Chinese texts whose break opportunities a page used

    def extend(self, other: RenderReport) -> None:
        self.staged += other.staged
        self.reads.extend(other.reads)
        self.segmented.update(other.segmented)
        self.shown |= other.shown


def render_and_stage(job: RenderJob) -> RenderReport:
    """Render the job's files, staging what changed; in parallel by language when there are many."""
    languages = sorted({output.lang for output in job.outputs}, key=job.site.config.languages.index)
    workers = job.workers or (min(len(languages), os.cpu_count() or 1) if len(job.outputs) >= _PARALLEL_FROM else 1)
    report = RenderReport()
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for lang in languages:
            report.extend(_render_language(job, lang))
        return report
    # Compiled once here, the templates' code is every worker's without compiling it again in each.
    compile_templates(make_environment(job.site, job.index, UrlScheme(job.site.config.base_url), languages[0],
                                       job.templates_dir, job.translations_dir, compiled_dir=job.compiled_dir))
    if any(output.spec is not None and output.spec.kind == "glossary" for output in job.outputs):
        load_pinyin()  # a glossary sorts by pinyin: 0.15 s to load, paid here once instead of in every worker
    global _job
    _job = job
    # Keep each worker's collector off the inherited objects: walking them would copy their memory
    # pages into the worker, and it finds no garbage among them.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_render_language_job, languages, chunksize=1)
    finally:
        _job = None
        gc.unfreeze()
    for part in parts:
        report.extend(part)
    return report


_job: RenderJob | None = None


def _render_language_job(lang: str) -> RenderReport:
    assert _job is not None
    return _render_language(_job, lang)


def _render_language(job: RenderJob, lang: str) -> RenderReport:
    recorder = Recorder(job.paths) if job.record else None
    report = RenderReport()
    outputs = [output for output in job.outputs if output.lang == lang]
    for item in render_outputs(job.site, job.index, outputs, job.templates_dir, job.translations_dir, recorder,
                               job.compiled_dir, job.breaks):
        if stage_file(job.output_dir, job.staging, item.path, item.data):
            report.staged.append(item.path)
        if recorder is not None:
            report.reads.add(item.path, item.numbers, recorder)
    # In a worker, the breaks are its copy: what it found goes back with the report.
    report.segmented, report.shown = dict(job.breaks.new), set(job.breaks.used)
    return report


def known_breaks(store: ValueStore | None, remembered: dict[str, list[int]] | None) -> WordBreaks:
    """The break opportunities earlier builds found: kept in memory by a live preview, else read from the
    cache a text at a time (a page shows a few dozen headlines; the site has tens of thousands)."""
    return WordBreaks(remembered, store.get if store is not None else None)


def keep_breaks(store: ValueStore | None, breaks: WordBreaks, report: RenderReport,
                everything: bool) -> dict[str, list[int]]:
    """Keep what rendering found for the next build: after rendering every file, the texts shown (the
    others are gone from the site); after rendering some, also all kept before. Returns all known."""
    if store is not None:
        for text, offsets in report.segmented.items():
            store.put(text, offsets)
        for text in report.shown:
            store.keep(text)
        if not everything:
            store.keep_rest()
    return {**breaks.known, **report.segmented}
