"""The one build context the pipeline's steps read and fill in, and the memory a live preview keeps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from site_builder.build.apart import Apart
from site_builder.build.inputs import Listed, Snapshot
from site_builder.build.memo import DataMemo, Group, Grouped, GroupMemo, RecordMemo
from site_builder.build.options import BuildOptions, BuildResult
from site_builder.build.outputscan import Files, Folders
from site_builder.build.renderer import RenderReport
from site_builder.build.scanapart import OutputScan
from site_builder.build.search import BUNDLE_DIR, SearchLayout
from site_builder.build.state import BuildState, CacheFolder
from site_builder.build.store import ValueStore
from site_builder.build.write import MARKER, Staging
from site_builder.content.datafiles import DataCheck
from site_builder.content.groups import GroupCheck
from site_builder.content.load import Parsed, SourceTree
from site_builder.errors import Problem
from site_builder.model.bodies import BodyMemo
from site_builder.model.indexes import SiteIndex
from site_builder.model.site import Site
from site_builder.model.typography import Typeset
from site_builder.render.outputs import Output
from site_builder.render.reads import ModelPaths

SAVE_APART_FROM = 2000
# files of the site from which a preview rebuild's save goes on apart: the save of a site of 355 files takes 5 ms,
# less than the fork (6 ms) that would move it


@dataclass(slots=True)
class BuildMemory:
    """What a process that builds again and again keeps between builds instead of reading it back."""

    state: BuildState | None = None
    # the last successful build's state, reads included
    bodies: dict[str, Any] | None = None
    # the Markdown conversions it used
    parsed: dict[str, tuple[str, Parsed]] = field(default_factory=dict)
    # every content file it read (absolute path) -> (its digest, as parsed)
    groups: dict[str, GroupCheck] = field(default_factory=dict)
    # what each entry's files gave validation, by their content (build/memo.py)
    breaks: dict[str, list[int]] | None = None
    # Chinese texts' break opportunities (build/renderer.py)
    records: dict[str, Any] = field(default_factory=dict)
    # entries and pages as assembled, by their files' content (build/memo.py RecordMemo)
    data_checks: dict[str, DataCheck] = field(default_factory=dict)
    # what each data file gave validation, by its content (build/memo.py DataMemo)
    saving: Apart | None = None
    # the last build's save into the cache folder, going on in a process of its own (save_apart)
    typeset: Typeset | None = None
    # the data files' values with their English texts smartened and their Traditional texts (model/typography.py)
    grouped: Grouped | None = None
    # the entries' files and keys (build/memo.py)
    listed: Listed | None = None
    # the content files and every input file the last build listed
    heard: frozenset[str] | None = None
    # the files that may have changed since the state's build, as the preview's watcher heard them (all changes
    # heard since, failed builds' included); None where not known: the next build looks at every input

    def save_apart(self, save: Callable[[], None], files: int) -> None:
        """Save a rebuild's state and reads into the cache folder in a process of its own, while the browser
        reloads (0.2 s of a body edit at 10,000 entries); the next build waits for it (last_state). Ctrl+C,
        which stops the preview, does not stop it. (A first build saves before it ends: its reads are all the
        site's, 7 s at 10,000 entries, which the first edit would wait for.) A site of fewer than SAVE_APART_FROM
        `files` saves here, at once."""
        if files < SAVE_APART_FROM:
            save()
            return

        def saved() -> bool:
            save()
            return True

        self.saving = Apart(saved, shielded=True)

    def last_state(self) -> BuildState | None:
        """The last build's state, once its save is done; None if the save failed (the cache's state and reads
        are then not those in memory, and the next build reads the cache folder as it finds it)."""
        if self.saving is not None:
            saving, self.saving = self.saving, None
            saved = False
            try:
                saved = saving.result() is True  # a process that failed: the save is made here (its error raised)
            finally:
                if not saved:
                    self.state = None
        return self.state

    def remember(self, state: BuildState, build: BuildContext) -> None:
        """Keep what this build used, for the next."""
        self.state, self.bodies, self.groups = state, build.bodies.in_use(), build.groups.used
        self.records, self.data_checks, self.typeset = build.records.used, build.data_checks.used, build.typeset
        self.grouped = build.grouped
        self.listed = (build.content_files, list(build.inputs))
        inputs = build.inputs
        self.parsed = {path: (inputs[path].digest, parsed) for path, parsed in build.loaded().parsed.items()
                       if path in inputs}


@dataclass(slots=True)
class BuildContext:
    """Everything one build knows, filled in step by step (pipeline.STEPS)."""

    options: BuildOptions
    memory: BuildMemory | None
    notices: list[str] = field(default_factory=list)
    # one-line notes for the editor
    cache: CacheFolder | None = None
    # the cache folder, without --no-cache
    generator: str = ""
    # generator_key(): the version of the code that builds
    staging: Staging | None = None
    # where changed files wait for the write step
    from_tables: bool | None = None
    # reads_cache_tables, once decided
    typeset: Typeset = field(init=False)
    # the data files' values as the model takes them: taken from the memory's where their files are as they were
    state: BuildState | None = None
    # the last successful build's, when usable
    started_ns: int = 0
    # when this build began: its id
    content_files: list[str] = field(default_factory=list)
    # the files of the content folder the loader reads, as the scan listed them
    inputs: Snapshot = field(default_factory=dict)
    # every input file, by content
    outputs_before: Files = field(default_factory=dict)
    # the output folder's files as found
    folders_before: Folders = field(default_factory=dict)
    # and its folders
    output_scan: OutputScan | None = None
    # the scan that finds them, when it runs beside the steps before the plan
    up_to_date: bool = False
    # no input and no output file changed since the state's build: every later step has nothing to do
    grouped: Grouped | None = None
    # the entries' files and keys, as `members` and `group_keys` give them
    members: dict[Group, list[str]] = field(default_factory=dict)
    # the files of each entry and page, as listed
    group_keys: dict[Group, str] = field(default_factory=dict)
    # each entry's and page's files by content (build/memo.py)
    records: RecordMemo = field(default_factory=lambda: RecordMemo(None, None, None, ""))
    kept: dict[Group, Any] = field(default_factory=dict)
    # the entries and pages taken as recorded: their files are not read
    refused: set[Group] = field(default_factory=set)
    # entries whose record proved wrong when filled: their files are read (pipeline.run_steps)
    made: dict[Group, Any] = field(default_factory=dict)
    # the records of the entries and pages made from their files this time
    tree: SourceTree | None = None
    problems: list[Problem] = field(default_factory=list)
    checked: list[Problem] | None = None
    # what validation found, before assembling adds its warnings (kept in the state: build/rechecks.py)
    warnings: list[Problem] = field(default_factory=list)
    bodies: BodyMemo = field(default_factory=BodyMemo)
    groups: GroupMemo = field(default_factory=GroupMemo)
    data_checks: DataMemo = field(default_factory=lambda: DataMemo(None, None))
    site: Site | None = None
    sources: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    # the content files each part of the model was made from (model/assemble.py)
    index: SiteIndex | None = None
    paths: ModelPaths | None = None
    plan: list[Output] = field(default_factory=list)
    # every file of the site
    chosen: list[Output] = field(default_factory=list)
    # the files to render
    stale: list[str] = field(default_factory=list)
    # files in the output folder the site no longer has
    search_layout: SearchLayout = field(default_factory=lambda: SearchLayout({}))
    # how many search bundles each language's pages make (build/search.py)
    report: RenderReport = field(default_factory=RenderReport)
    removed: list[str] = field(default_factory=list)
    # files the write step deleted
    search_folders: tuple[str, ...] = ()
    # what the search step changed in the output folder: the bundles it made or removed, or the whole index

    # What the steps before have made: each step after them may count on it (STEPS runs in order).

    def __post_init__(self) -> None:
        self.typeset = Typeset(self.memory.typeset if self.memory is not None else None)

    def heard_since(self) -> tuple[frozenset[str] | None, Listed | None]:
        """What a live preview's watcher heard change since the state's build, and what that build listed of the
        inputs (BuildMemory), when the state is the preview's memory's; (None, None) otherwise."""
        memory = self.memory
        if memory is None or self.state is None or self.state is not memory.state:
            return None, None
        return memory.heard, memory.listed

    def loaded(self) -> SourceTree:
        assert self.tree is not None, "load runs first"
        return self.tree

    def model(self) -> tuple[Site, SiteIndex, ModelPaths]:
        assert self.site is not None and self.index is not None and self.paths is not None, "assemble runs first"
        return self.site, self.index, self.paths

    def store_of(self, table: Callable[[CacheFolder], ValueStore]) -> ValueStore | None:
        """A table of the cache file when the cache's tables serve this build (reads_cache_tables), else None."""
        return table(self.cache) if self.cache is not None and self.reads_cache_tables() else None

    def reads_cache_tables(self) -> bool:
        """Whether what was parsed, checked and assembled before comes from the cache's tables: for a build from
        the command line, and for a live preview's until one of its builds has filled its memory, which then
        holds all that instead (BuildMemory). A preview started on a built site has nothing in memory after its
        first build, which had nothing to do: without the tables, its first edit made every entry again.
        Decided at the first asking (the write step forgets the memory's state)."""
        if self.from_tables is None:
            self.from_tables = self.cache is not None and (self.memory is None or self.memory.state is None)
        return self.from_tables

    def staging_area(self) -> Staging:
        assert self.staging is not None, "prepare runs first"
        return self.staging

    def result(self) -> BuildResult:
        if self.up_to_date:
            assert self.state is not None
            paths = tuple(path for path in self.state.outputs
                          if path != MARKER and not path.startswith(f"{BUNDLE_DIR}/"))
            return BuildResult(None, paths, self.warnings, entry_count=self.state.entry_count,
                               notices=tuple(dict.fromkeys(self.notices)))
        assert self.site is not None
        return BuildResult(self.site, tuple(output.path for output in self.plan), self.warnings,
                           tuple(sorted(self.report.staged)), tuple(self.removed), len(self.site.entries),
                           rendered=len(self.chosen), notices=tuple(dict.fromkeys(self.notices)))
