"""What the last successful build read and wrote, kept beside the output folder for the next build.

Plain JSON, which can describe data and nothing else: a crafted cache file cannot run
code. In .cache/site-builder/<output>-<hash>/:

- state.json: written last, and only once every step succeeded (search index included),
  so its presence means "the output folder is what this describes". It names the
  generator (version, code and libraries) and settings it was made with, every input
  file with its digest, every output file, the problems reported and the build's id (which
  reads.sqlite names too);
- reads.sqlite: for every file of the site, the keys it read (render/reads.py) and their digests,
  updated in place (build/readindex.py);
- values.sqlite: a JSON value per Markdown body converted (model/bodies.py) and per content
  file parsed (content/serial.py), by content, written once and pruned when unused.

A cache that cannot be read, or was made by another generator or for other settings, is
set aside with a one-line notice, and the build starts afresh.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sqlite3
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, cast

import site_builder
from site_builder.build.inputs import FileState, Snapshot
from site_builder.build.outputscan import Files, Folders
from site_builder.build.readindex import ReadIndex
from site_builder.build.readrows import ReadRows
from site_builder.build.store import ValueDatabase, write_json
from site_builder.errors import Problem, display_path

FORMAT = 9
# The parts of the package a build runs: the commands and benchmarks around it do not shape the output.
_BUILD_STAGES = (".", "content", "model", "render", "build")
# Libraries whose output ends up in the site: a new version may change a byte anywhere.
_LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "babel", "pyyaml", "pagefind", "jieba", "pypinyin",
              "weasyprint", "pydyf", "fonttools")


@dataclass(slots=True)
class BuildState:
    """What one successful build saw and left."""

    generator: str
    # generator_key(): version, code, libraries, Python
    settings: dict[str, Any]
    # the options that shape the output (folders, base URL, drafts)
    build_id: int
    # when the build took its snapshot of the inputs (ns): ties reads.sqlite to this file
    inputs: Snapshot
    # every input file (absolute path) as read
    outputs: Files
    # every file of the output folder (site-relative) as left
    folders: Folders
    # every folder of the output folder (site-relative) as left: the next scan lists only those that changed
    problems: list[Problem]
    # what the build reported, before --strict made warnings errors
    search: bool
    # whether the output's search index was made from its pages
    entry_count: int
    # published entries
    checked: list[Problem] | None = None
    # what validation found (problems above, less what assembling adds), and where it was run (`checked_in`:
    # messages name files relative to the working directory): build/rechecks.py may take it as it is
    checked_in: str = ""
    reads: ReadIndex | None = None
    # what every file of the site read (reads.sqlite, when it describes this build: CacheFolder.load_reads)


def cache_folder(output_dir: Path) -> Path:
    """Where the cache of a given output folder lives: .cache/site-builder/ beside it."""
    output = output_dir.resolve()
    digest = hashlib.blake2b(str(output).encode("utf-8"), digest_size=8).hexdigest()
    return output.parent / ".cache" / "site-builder" / f"{output.name}-{digest}"


@functools.cache
def generator_key() -> str:
    """A hash of the generator's version, its build code, the libraries that shape the output and Python: of the
    code this process runs, so taken once (a live preview read its 70 modules at every save)."""
    digest = hashlib.blake2b(f"{FORMAT} {site_builder.__version__} {sys.version}".encode(), digest_size=16)
    package = Path(site_builder.__file__).resolve().parent
    for path in sorted(path for stage in _BUILD_STAGES for path in (package / stage).glob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    for name, version in library_versions(_LIBRARIES):
        digest.update(f"{name} {version}".encode())
    return digest.hexdigest()


def library_versions(names: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each library's installed version ("-" if none), as the name of its `<name>-<version>.dist-info` folder on
    sys.path gives it (importlib.metadata parses every METADATA file it opens: 80 ms of every build)."""
    wanted = {_distribution_name(name) for name in names}
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            listing = os.listdir(folder or ".")
        except OSError:
            continue
        for item in listing:
            stem, dot, suffix = item.rpartition(".")
            if dot and suffix in ("dist-info", "egg-info"):
                name, _dash, version = stem.partition("-")
                if _distribution_name(name) in wanted:
                    found.setdefault(_distribution_name(name), version)  # the first on sys.path is the one imported
    return [(name, found.get(_distribution_name(name), "-")) for name in names]


def _distribution_name(name: str) -> str:
    # PEP 503's normal form, with the underscores a .dist-info folder's name uses
    return re.sub(r"[-_.]+", "_", name).lower()


class CacheFolder:
    """The cache files of one output folder."""

    def __init__(self, folder: Path, generator: str):
        self.folder = folder
        self.values = ValueDatabase(folder / "values.sqlite", generator)
        self.body_counts = self.values.store("body_counts", whole=False)
        # Markdown bodies' links and reading units, by text (model/bodies.py): asked for the bodies whose entry is
        # not taken from its record, a few after an edit (reading 20,000 rows for them took 0.12 s at 10,000)
        self.bodies = self.values.store("bodies", whole=False)
        # their HTML, read when a page shows it
        self.parsed = self.values.store("parsed")
        # content files as parsed, by path and content (content/serial.py)
        self.groups = self.values.store("groups")
        # what each entry's files gave validation, by their content (build/memo.py)
        self.records = self.values.store("records")
        # entries and pages as assembled, by their files (build/memo.py RecordMemo): what the lists take of each
        self.record_values = self.values.store("record_values", whole=False)
        # and the rest, read when a page looks into the entry (a body edit at 10,000 entries: one of them)
        self.word_breaks = self.values.store("word_breaks", whole=False)
        # Chinese texts' break opportunities (build/renderer.py)
        self.reads = ReadIndex(folder / "reads.sqlite")

    def load(self, generator: str, settings: dict[str, Any], notices: list[str]) -> BuildState | None:
        """The last build's state, or None (with a notice when a cache was there but cannot serve)."""
        raw = self._read("state.json", notices)
        if raw is None:
            return None
        try:
            if raw["format"] != FORMAT or raw["generator"] != generator:
                self._refuse(notices, "it was made by another version of the generator")
                return None
            if raw["settings"] != settings:
                self._refuse(notices, "it was made with other settings (folders, base URL, drafts or PDFs)")
                return None
            return BuildState(
                generator=generator, settings=settings, build_id=int(raw["build_id"]),
                inputs=_read_inputs(raw["inputs"]), outputs=cast(Files, _rows(raw["outputs"], 3)),
                folders=cast(Folders, _rows(raw["folders"], 2)),
                problems=[Problem(**item) for item in raw["problems"]], search=bool(raw["search"]),
                entry_count=int(raw["entry_count"]),
                checked=[Problem(**item) for item in raw["checked"]] if raw["checked"] is not None else None,
                checked_in=str(raw["checked_in"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            self._refuse(notices, "it cannot be read")
            return None

    def load_reads(self, state: BuildState, notices: list[str]) -> bool:
        """Give the state its reads (reads.sqlite, if it describes the same build); False if they cannot be had."""
        if self.reads.build_id() != state.build_id:
            self._refuse(notices, "what each page read is missing from it")
            return False
        state.reads = self.reads
        return True

    def forget(self) -> None:
        """Drop the state before the output folder changes: a build stopped now leaves no state behind."""
        (self.folder / "state.json").unlink(missing_ok=True)
        self.reads.forget()

    def save(self, state: BuildState, rendered: ReadRows, site_files: set[str], fresh: bool,
             prune_kept: bool = True) -> None:
        """Record the reads of the files rendered, then the state: the state names a complete, successful build.

        `prune_kept`: the build took what was parsed, checked and assembled before from the tables (not from a
        live preview's memory), so what it did not take is no longer needed. A preview whose memory served
        leaves those tables as they are: they serve its next session's first edit."""
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            self.reads.update(state.build_id, rendered, site_files, fresh)
        except sqlite3.Error:
            # Not recorded (a full disk, a damaged file): no state, so the next build renders everything.
            self.reads.close()
            self.reads.path.unlink(missing_ok=True)
            return
        for table in (self.body_counts, self.bodies) + (
                (self.parsed, self.groups, self.records, self.record_values, self.word_breaks) if prune_kept else ()):
            table.prune()
        self.values.commit()
        write_json(self.folder / "state.json", {
            "format": FORMAT, "generator": state.generator, "settings": state.settings,
            "build_id": state.build_id,
            "inputs": _inputs_table(state.inputs), "outputs": _table(state.outputs, 3),
            "folders": _table(state.folders, 2),
            "problems": [asdict(problem) for problem in state.problems], "search": state.search,
            "entry_count": state.entry_count, "checked_in": state.checked_in,
            "checked": [asdict(problem) for problem in state.checked] if state.checked is not None else None})

    def _read(self, name: str, notices: list[str]) -> Any:
        path = self.folder / name
        try:
            with path.open("rb") as handle:
                return json.load(handle)
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            self._refuse(notices, "it cannot be read")
            return None

    def _refuse(self, notices: list[str], why: str) -> None:
        notices.append(f"note: not using the build cache in {display_path(self.folder)}: {why}; "
                       "building everything afresh")


# Snapshots as columns, not an object per file: 60,000 files at 10,000 entries are read back by every build, a
# no-op included, and a flat list of numbers parses four times faster than a list per file.

def _table(snapshot: Mapping[str, tuple[Any, ...]], width: int) -> dict[str, list[Any]]:
    """Paths, and the first `width` numbers of each path's tuple in one flat list."""
    return {"paths": list(snapshot), "numbers": [number for item in snapshot.values() for number in item[:width]]}


def _rows(table: dict[str, list[Any]], width: int) -> dict[str, tuple[Any, ...]]:
    """What _table wrote, read back: each path with its `width` numbers."""
    paths, numbers = table["paths"], table["numbers"]
    if len(numbers) != width * len(paths):
        raise ValueError("columns of different lengths")
    return dict(zip(paths, zip(*[iter(numbers)] * width, strict=True), strict=True))


def _inputs_table(snapshot: Snapshot) -> dict[str, list[Any]]:
    return {**_table(snapshot, 3), "digests": [item.digest for item in snapshot.values()]}


def _read_inputs(table: dict[str, list[Any]]) -> Snapshot:
    rows = _rows(table, 3)
    return {path: FileState(mtime, ctime, size, digest)
            for (path, (mtime, ctime, size)), digest in zip(rows.items(), table["digests"], strict=True)}
