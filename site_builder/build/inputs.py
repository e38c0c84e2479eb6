"""Every file a build reads, known by its content: a digest per file, with size and times as a fast path.

Git's index is the model: a file whose size, modification time and change time (ctime,
which no editor or `touch` can set back) are those of the last build's reading, and which
was not modified within a tick of that reading, keeps its digest; any other is read and
hashed again. So an edit that keeps a file's size and modification time is still seen.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from site_builder.build.options import BuildOptions
from site_builder.content.load import DATA_KINDS, DATA_SUFFIXES, ENTRY_KINDS, ENTRY_SUFFIXES, PHRASES_FILE

# A file modified this close to the reading that saw it may have changed again within one tick of
# the file system's clock without its size or times showing it: hash it again next time.
RACY_NS = 100_000_000


class FileState(NamedTuple):
    """One file as a build saw it (a tuple: 60,000 of them are read back from the state at 10,000 entries)."""

    mtime_ns: int
    # modification time
    ctime_ns: int
    # inode change time: moves on with every write, whatever the modification time says
    size: int
    # bytes
    digest: str
    # blake2b of the bytes


Snapshot = dict[str, FileState]
# absolute path -> state
Listed = tuple[list[str], list[str]]
# the content files the loader reads, and every input file


def content_files(root: Path) -> list[str]:
    """The files load_content reads (and no others: an editor's backup file changes nothing)."""
    files = _walk(root, lambda name: name == "site.yaml", recurse=False)
    files += _walk(root / os.path.dirname(PHRASES_FILE), lambda name: name == os.path.basename(PHRASES_FILE),
                   recurse=False)
    for kind in DATA_KINDS:
        files += _walk(root / kind, lambda name: name.endswith(DATA_SUFFIXES), recurse=False)
    for kind in ENTRY_KINDS:
        files += _walk(root / kind, lambda name: name.endswith(ENTRY_SUFFIXES), recurse=False)
    return files


def snapshot_inputs(paths: list[str], previous: Snapshot, previous_ns: int) -> Snapshot:
    """The state of each input file, hashing only those that may have changed since `previous` was taken."""
    racy = previous_ns - RACY_NS
    snapshot: Snapshot = {}
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            continue  # gone between listing and reading: the loader reports it if it matters
        known = previous.get(path)
        if known is not None and known[:3] == (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size) \
                and stat.st_mtime_ns < racy and known.digest:
            snapshot[path] = known
        else:
            snapshot[path] = FileState(stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, file_digest(path))
    return snapshot


def look_at_inputs(options: BuildOptions, previous: Snapshot, previous_ns: int, heard: frozenset[str] | None,
                   listed: Listed | None) -> tuple[list[str], Snapshot]:
    """The content files the loader reads, and the snapshot of every input file (those, the templates, the
    catalogs). `heard`: the files that may have changed since `previous` was taken, as a live preview's watcher
    heard them, or None where not known; `listed`: what the last build listed, for the preview to take again."""
    content, files = listed_inputs(options.content_dir, options.templates_dir, options.translations_dir, heard,
                                   listed)
    if heard is None:
        return content, snapshot_inputs(files, previous, previous_ns)
    return content, snapshot_heard(files, previous, heard)


def listed_inputs(content_dir: Path, templates_dir: Path, translations_dir: Path, heard: frozenset[str] | None,
                  listed: Listed | None) -> Listed:
    """The content files the loader reads, and every input file (those, the templates, the catalogs): `listed`,
    the last build's, less the files gone, when `heard` names only files it listed (or hidden ones, which no
    listing has); else listed afresh."""
    if heard is not None and listed is not None:
        known = set(listed[1])
        if all(path in known or os.path.basename(path).startswith(".") for path in heard):
            gone = {path for path in heard if path in known and not os.path.isfile(path)}
            content, files = listed
            return [path for path in content if path not in gone], [path for path in files if path not in gone]
    content = content_files(content_dir)
    return content, content + tree_files(templates_dir) + tree_files(translations_dir)


def snapshot_heard(paths: list[str], previous: Snapshot, heard: frozenset[str]) -> Snapshot:
    """The state of each input file where only `heard` may have changed since `previous` was taken (the live
    preview's watcher heard every change since): those and the files `previous` lacks are read and hashed, every
    other is taken as it was, without a look (20,000 stat calls at 10,000 entries: 0.1 s)."""
    snapshot: Snapshot = {}
    for path in paths:
        known = previous.get(path)
        if known is not None and path not in heard:
            snapshot[path] = known
            continue
        try:
            stat = os.stat(path)
        except OSError:
            continue  # gone between listing and reading: the loader reports it if it matters
        snapshot[path] = FileState(stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, file_digest(path))
    return snapshot


def digests(snapshot: Snapshot) -> dict[str, str]:
    """Each file's digest: what two snapshots must share for the files to be the same, whatever their times."""
    return {path: item.digest for path, item in snapshot.items()}


def file_digest(path: str | Path) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
    except OSError:
        return ""


def tree_files(folder: Path) -> list[str]:
    """Every file under a folder (templates, translations), hidden ones aside."""
    return _walk(folder, lambda name: True, recurse=True)


def _walk(folder: Path | str, wanted: Callable[[str], bool], recurse: bool) -> list[str]:
    # Plain strings, not Path objects: at 10,000 entries this lists 20,000 files.
    found: list[str] = []
    try:
        scan = os.scandir(folder)
    except OSError:
        return found  # missing, or unreadable: the loader reports it with the others
    with scan:
        for item in scan:
            if item.name.startswith("."):
                continue
            if item.is_dir(follow_symlinks=False):
                if recurse:
                    found += _walk(item.path, wanted, recurse)
            elif item.is_file() and wanted(item.name):
                found.append(item.path)
    return sorted(found)
