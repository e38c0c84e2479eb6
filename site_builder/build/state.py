"""What the last successful build read and wrote, kept beside the output folder for the next build.

Plain JSON, which can describe data and nothing else: a crafted cache file cannot run
code. In .cache/site-builder/<output>-<hash>/:

- state.json: written last, and only once every step succeeded (search index included),
  so its presence means "the output folder is what this describes". It names the
  generator (version, code and libraries) and settings it was made with, every input
  file with its digest, every output file, the problems reported and the build's id;
- reads.json: for every file of the site, the keys it read (render/reads.py) and their digests;
- values.sqlite: a JSON value per Markdown body converted (model/bodies.py) and per content
  file parsed (content/serial.py), by content, written once and pruned when unused.

A cache that cannot be read, or was made by another generator or for other settings, is
set aside with a one-line notice, and the build starts afresh.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from array import array
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import site_builder
from site_builder.build.inputs import FileState, Snapshot
from site_builder.build.readtable import ReadTable
from site_builder.build.store import ValueDatabase, write_json
from site_builder.errors import Problem, display_path

FORMAT = 6
# Between the parts of a key in reads.json; no path step or UI string holds it.
_KEYS_SEPARATOR = "\x1e"
# between two keys in reads.json (a key's parts are joined with readtable.KEY_SEPARATOR)
_DIGEST_LENGTH = 24
# render/reads.py's digests, and the templates' and messages' (render/recording.py)
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
    # when the build took its snapshot of the inputs (ns): ties reads.json to this file
    inputs: Snapshot
    # every input file (absolute path) as read
    outputs: Snapshot
    # every file of the output folder (site-relative) as left
    problems: list[Problem]
    # what the build reported, before --strict made warnings errors
    search: bool
    # whether the output's search index was made from its pages
    entry_count: int
    # published entries
    reads: ReadTable | None = None
    # what every file of the site read (from reads.json, loaded on demand)


def cache_folder(output_dir: Path) -> Path:
    """Where the cache of a given output folder lives: .cache/site-builder/ beside it."""
    output = output_dir.resolve()
    digest = hashlib.blake2b(str(output).encode("utf-8"), digest_size=8).hexdigest()
    return output.parent / ".cache" / "site-builder" / f"{output.name}-{digest}"


def generator_key() -> str:
    """A hash of the generator's version, its build code, the libraries that shape the output and Python."""
    digest = hashlib.blake2b(f"{FORMAT} {site_builder.__version__} {sys.version}".encode(), digest_size=16)
    package = Path(site_builder.__file__).resolve().parent
    for path in sorted(path for stage in _BUILD_STAGES for path in (package / stage).glob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -".encode())
    return digest.hexdigest()


class CacheFolder:
    """The cache files of one output folder."""

    def __init__(self, folder: Path, generator: str):
        self.folder = folder
        self.values = ValueDatabase(folder / "values.sqlite", generator)
        self.body_counts = self.values.store("body_counts")
        # Markdown bodies' links and reading units, by text (model/bodies.py)
        self.bodies = self.values.store("bodies", whole=False)
        # their HTML, read when a page shows it
        self.parsed = self.values.store("parsed")
        # content files as parsed, by path and content (content/serial.py)
        self.groups = self.values.store("groups")
        # what each entry's files gave validation, by their content (build/memo.py)
        self.records = self.values.store("records")
        # entries and pages as assembled, by their files (build/memo.py RecordMemo)
        self.word_breaks = self.values.store("word_breaks", whole=False)
        # Chinese texts' break opportunities (build/renderer.py)

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
                inputs={path: FileState(*item) for path, item in raw["inputs"].items()},
                outputs={path: FileState(*item) for path, item in raw["outputs"].items()},
                problems=[Problem(**item) for item in raw["problems"]], search=bool(raw["search"]),
                entry_count=int(raw["entry_count"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            self._refuse(notices, "it cannot be read")
            return None

    def load_reads(self, state: BuildState, notices: list[str]) -> bool:
        """Fill in the state's reads from reads.json; False if they cannot be had."""
        raw = self._read("reads.json", notices)
        try:
            if raw is None or raw["build_id"] != state.build_id:
                self._refuse(notices, "what each page read is missing from it")
                return False
            keys = raw["keys"].split(_KEYS_SEPARATOR) if raw["keys"] else []
            joined = raw["digests"]
            digests = [joined[start:start + _DIGEST_LENGTH] for start in range(0, len(joined), _DIGEST_LENGTH)]
            files: dict[str, Sequence[int]] = {path: _unpack(numbers) for path, numbers in raw["files"].items()}
            lists = [numbers for numbers in files.values() if numbers]
            if len(digests) != len(keys) or (lists and (min(map(min, lists)) < 0
                                                        or max(map(max, lists)) >= len(keys))):
                raise ValueError("numbers out of range")
            state.reads = ReadTable(keys, digests, files)
            return True
        except (KeyError, TypeError, ValueError, IndexError):
            self._refuse(notices, "it cannot be read")
            return False

    def forget(self) -> None:
        """Drop the state before the output folder changes: a build stopped now leaves no state behind."""
        (self.folder / "state.json").unlink(missing_ok=True)

    def save(self, state: BuildState) -> None:
        """Write the reads, then the state: the state names a complete, successful build."""
        self.folder.mkdir(parents=True, exist_ok=True)
        reads = state.reads or ReadTable()
        # Keys and digests as one string each: at 10,000 entries, half a million short strings in a JSON list
        # took a second to read, and as many tuples of their parts another half.
        digests = "".join(value if len(value) == _DIGEST_LENGTH else _fixed_length(value) for value in reads.digests)
        write_json(self.folder / "reads.json", {
            "build_id": state.build_id, "keys": _KEYS_SEPARATOR.join(reads.keys), "digests": digests,
            "files": {path: _pack(numbers) for path, numbers in reads.files.items()}})
        self.body_counts.prune()
        self.bodies.prune()
        self.parsed.prune()
        self.groups.prune()
        self.records.prune()
        self.word_breaks.prune()
        self.values.commit()
        write_json(self.folder / "state.json", {
            "format": FORMAT, "generator": state.generator, "settings": state.settings,
            "build_id": state.build_id,
            "inputs": {path: _state_fields(item)
                       for path, item in state.inputs.items()},
            "outputs": {path: _state_fields(item) for path, item in state.outputs.items()},
            "problems": [asdict(problem) for problem in state.problems], "search": state.search,
            "entry_count": state.entry_count})

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


def _pack(numbers: Sequence[int]) -> str:
    """A file's key numbers as base64 of 32-bit little-endian integers: 760,000 numbers at 2,000 entries
    are read and written ten times faster so than as JSON lists."""
    packed = array("I", numbers)
    if sys.byteorder == "big":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")


def _unpack(text: str) -> array[int]:
    numbers = array("I")
    numbers.frombytes(base64.b64decode(text, validate=True))
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _fixed_length(value: str) -> str:
    # Not a digest of ours: kept as one that matches no digest made now, so its key counts as changed.
    return hashlib.blake2b(value.encode("utf-8"), digest_size=_DIGEST_LENGTH // 2).hexdigest().upper()


def _state_fields(item: FileState) -> list[object]:
    return [item.mtime_ns, item.ctime_ns, item.size, item.digest]
