"""What the last good build saw, kept in .cache/ so that the next build can do only what changed.

Three files per output folder, beside it in .cache/site-builder/:

- state.pickle, small, rewritten by every build: the generator key, the size and
  modification time of every input and output file, the problems reported, the
  front-matter digest of every entry file, the keys references may point at, the
  digest of what each file of the site is made from, and the entry texts edited
  since the model was saved;
- model.pickle, large, rewritten by builds that re-make the model: the site model
  without entry bodies (a rebuild re-renders the bodies it needs);
- parsed.pickle, larger, rewritten by builds that load the content: every content
  file as parsed, so that the next build parses only the files that changed.

A cache that cannot be read, or was written by another version of the generator
or its libraries, or for other settings, is ignored: the build starts afresh.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

from site_builder.content.load import DATA_KINDS, DATA_SUFFIXES, ENTRY_KINDS, ENTRY_SUFFIXES, Parsed
from site_builder.content.validate import DefinedKeys
from site_builder.errors import Problem
from site_builder.model.site import EntryText, Site

CACHE_FORMAT = 2
# Libraries whose output ends up in the site: a new version may change a byte anywhere.
# The parts of the package a build runs; the commands and the benchmarks around it do not shape the output.
_BUILD_STAGES = (".", "content", "model", "render", "build")
_LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "babel", "pyyaml")
# A file modified this close to the start of the build that read it may have changed again
# within one tick of the file system's clock without its size or time showing it: read it again.
RACY_NS = 100_000_000

Stat = tuple[int, int]
# (modification time in ns, size in bytes)


@dataclass(slots=True)
class BuildState:
    """What one successful build read and wrote, for the next build to compare with."""

    key: str
    # generator_key() of the build
    started_ns: int
    # when the build took its snapshot of the inputs
    inputs: dict[str, Stat]
    # every input file (absolute path) as it was when the build started
    outputs: dict[str, Stat]
    # every file of the output folder (site-relative) as the build left it
    fronts: dict[str, str]
    # entry file (absolute path) -> digest of its front matter, as in the saved model
    entry_keys: dict[str, tuple[str, str]]
    # article and viewpoint files (absolute path) -> (kind, key)
    problems: list[Problem]
    # what the build reported, before --strict turned warnings into errors
    defined: DefinedKeys
    # what references may point at
    paths: tuple[str, ...]
    # every file of the site, site-relative
    entry_count: int
    # published entries
    digests: dict[str, str] = field(default_factory=dict)
    # every file of the site (site-relative) -> digest of what it is made from (see depends)
    texts: dict[str, dict[str, EntryText]] = field(default_factory=dict)
    # entry key -> its texts (bodies left out) re-made by quick updates since the model was saved


def cache_folder(output_dir: Path) -> Path:
    """Where the cache of a given output folder lives: .cache/site-builder/ beside it."""
    output = output_dir.resolve()
    digest = hashlib.blake2b(str(output).encode("utf-8"), digest_size=8).hexdigest()
    return output.parent / ".cache" / "site-builder" / f"{output.name}-{digest}"


def generator_key(*settings: object) -> str:
    """A hash of our own code, the libraries that shape the output, Python and the build settings."""
    digest = hashlib.blake2b(f"{CACHE_FORMAT} {sys.version}".encode(), digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(path for stage in _BUILD_STAGES for path in (package / stage).glob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -".encode())
    digest.update(repr(settings).encode("utf-8"))
    return digest.hexdigest()


def snapshot_content(root: Path) -> dict[str, Stat]:
    """The files load_content reads (and no others: an editor's backup file changes nothing)."""
    files: dict[str, Stat] = {}
    _add_files(root, files, lambda name: name == "site.yaml", recurse=False)
    for kind in DATA_KINDS:
        _add_files(root / kind, files, lambda name: name.endswith(DATA_SUFFIXES), recurse=False)
    for kind in ENTRY_KINDS:
        _add_files(root / kind, files, lambda name: name.endswith(ENTRY_SUFFIXES), recurse=False)
    return files


def snapshot_folder(root: Path, relative: bool = False) -> dict[str, Stat]:
    """Every file under root, by absolute path (or site-relative path)."""
    files: dict[str, Stat] = {}
    _add_files(root, files, lambda name: True, recurse=True, hidden=True)
    if relative:
        prefix = len(str(root)) + 1
        return {path[prefix:].replace(os.sep, "/"): stat for path, stat in files.items()}
    return files


def _add_files(folder: Path | str, files: dict[str, Stat], wanted, recurse: bool, hidden: bool = False) -> None:
    # Plain strings, not Path objects: at 10,000 entries this walks 20,000 folders.
    try:
        scan = os.scandir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    with scan:
        for item in scan:
            if item.name.startswith(".") and not hidden:
                continue
            if item.is_dir():
                if recurse:
                    _add_files(item.path, files, wanted, recurse, hidden)
            elif item.is_file() and wanted(item.name):
                stat = item.stat()
                files[item.path] = (stat.st_mtime_ns, stat.st_size)


def changed_inputs(state: BuildState, inputs: dict[str, Stat]) -> set[str] | None:
    """Input files changed since the state's build; None when files were added or removed."""
    if inputs.keys() != state.inputs.keys():
        return None
    return edited_inputs(state, inputs)[0]


def edited_inputs(state: BuildState, inputs: dict[str, Stat]) -> tuple[set[str], set[str]]:
    """(input files new or changed, input files gone) since the state's build."""
    racy = state.started_ns - RACY_NS
    changed = {path for path, stat in inputs.items() if state.inputs.get(path) != stat or stat[0] >= racy}
    return changed, state.inputs.keys() - inputs.keys()


def without_bodies(site: Site) -> Site:
    """The model as cached: every text but the rendered bodies, which are the bulk of it."""
    entries = {key: replace(entry, texts=texts_without_bodies(entry.texts)) for key, entry in site.entries.items()}
    pages = {key: replace(page, texts=texts_without_bodies(page.texts)) for key, page in site.pages.items()}
    return replace(site, entries=entries, pages=pages)


def texts_without_bodies(texts: dict[str, EntryText]) -> dict[str, EntryText]:
    return {lang: without_body(text) for lang, text in texts.items()}


def without_body(text: EntryText) -> EntryText:
    return replace(text, body_html="")


class BuildCache:
    """The cache folder of one output folder."""

    def __init__(self, folder: Path):
        self.folder = folder

    def load_state(self, key: str) -> BuildState | None:
        state = self._load("state.pickle")
        return state if isinstance(state, BuildState) and state.key == key else None

    def load_model(self, state: BuildState) -> Site | None:
        """The cached model with the texts of quick updates applied."""
        site = self._load("model.pickle")
        if not isinstance(site, tuple) or len(site) != 2 or site[0] != state.key or not isinstance(site[1], Site):
            return None
        model: Site = site[1]
        if state.texts:
            entries = {key: replace(entry, texts=state.texts[key]) if key in state.texts else entry
                       for key, entry in model.entries.items()}
            model = replace(model, entries=entries)
        return model

    def load_parsed(self, key: str, inputs: dict[str, Stat]) -> dict[str, Parsed]:
        """The content files as the last build that loaded them read them, those unchanged since."""
        saved = self._load_all("parsed.pickle")
        if not saved or not (isinstance(saved[0], tuple) and len(saved[0]) == 4
                             and saved[0][:2] == (key, os.getcwd())):
            return {}
        racy = saved[0][2] - RACY_NS
        try:
            return {path: parsed for path, stat, parsed in saved[1:] if inputs.get(path) == stat and stat[0] < racy}
        except (TypeError, ValueError):
            return {}

    def save(self, state: BuildState, model: Site | None = None, parsed: dict[str, Parsed] | None = None) -> None:
        """Write the state, and the model (without bodies) and the parsed content when they were made again.

        A cache that cannot be written is no error: the next build does everything.
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if model is not None:
                self._dump("model.pickle", (state.key, model))
            if parsed is not None:
                # Each file with the size and time it had when the build started, which is what it read
                # (or older: then the next build finds it changed and reads it again).
                files = [(path, state.inputs[path], item) for path, item in parsed.items() if path in state.inputs]
                # The working directory is in the key: the paths shown in messages are relative to it.
                self._dump("parsed.pickle", (state.key, os.getcwd(), state.started_ns, len(files)), *files)
            self._dump("state.pickle", state)
        except OSError:
            self.forget()

    def forget(self) -> None:
        """Drop the state, before the output folder changes under it."""
        try:
            (self.folder / "state.pickle").unlink(missing_ok=True)
        except OSError:
            pass

    def _load(self, name: str) -> object:
        saved = self._load_all(name)
        return saved[0] if saved else None

    def _load_all(self, name: str) -> list[object]:
        """Every pickle in the file, in order ([] if it cannot be read)."""
        path = self.folder / name
        try:
            identity = _identity(path)
            remembered = _remembered.get(path)
            if remembered is not None and remembered[0] == identity:
                return remembered[1]
            items: list[object] = []
            with _no_gc(), path.open("rb") as handle:
                while True:
                    try:
                        items.append(pickle.load(handle))
                    except EOFError:
                        break
        except Exception:  # noqa: BLE001 - a damaged or foreign cache is no error: build afresh
            return []
        self._remember(path, identity, items)
        return items

    def _dump(self, name: str, value: object, *more: object) -> None:
        """Write value, then each of `more` as a pickle of its own (read back one by one, in order)."""
        path = self.folder / name
        handle = tempfile.NamedTemporaryFile(dir=self.folder, prefix=f".{name}.", delete=False)
        try:
            with _no_gc(), handle:
                pickler = pickle.Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL)
                for item in (value, *more):
                    pickler.dump(item)
                    # The pickler remembers every object it wrote: 20,000 files of them cost 100 MB.
                    pickler.clear_memo()
            os.replace(handle.name, path)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
        self._remember(path, _identity(path), [value, *more])

    @staticmethod
    def _remember(path: Path, identity: tuple[int, int, int], items: list[object]) -> None:
        if BuildCache.remember:
            _remembered[path] = (identity, items)

    remember = False
    # Set by the live preview, a process that builds again and again: it keeps what it wrote and read in
    # memory and does not read it back while the file is the one it wrote (same inode, time and size).


# cache file -> (its identity when written or read, the objects in it); only when BuildCache.remember is set
_remembered: dict[Path, tuple[tuple[int, int, int], list[object]]] = {}


def _identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


@contextmanager
def _no_gc():
    # Unpickling creates hundreds of thousands of objects, none of them garbage: the cyclic
    # collector would walk them all again and again (it doubles the time at 10,000 entries).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
