"""The output folder as a build finds and leaves it: every file's size and times, and every folder's times.

Walking the whole output folder opens every folder in it, a folder per page: 41,000 at 10,000
entries, half a second of system time on a rebuild that has nothing to do. A folder whose
modification and change times are those the last build left holds the same names as then
(creating, deleting or renaming anything in it moves both), so only a folder that changed is
listed again; every file the last build left is looked at on its own, since its bytes may have
changed in place. A stray file dropped anywhere is found all the same, and the plan deletes it
as a clean build would not have it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

Files = dict[str, tuple[int, int, int]]
# site-relative file -> (modification time, change time, size): plain tuples, 80,000 made at 10,000 entries
Folders = dict[str, tuple[int, int]]
# site-relative folder ("" for the output folder itself) -> (modification time, change time) in ns


def scan_output(root: Path, files: Files, folders: Folders) -> tuple[Files, Folders]:
    """Every file and folder under root, looking again only into the folders that changed since `folders`
    (the last build's, with its `files`); a full walk without them."""
    base = os.path.join(str(root), "")  # paths are joined by hand below: os.path.join took a fifth of the scan
    if not folders:
        found_files: Files = {}
        found_folders: Folders = {}
        _walk(base, "", found_files, found_folders)
        return found_files, found_folders
    found_folders, relist = {}, []
    for folder, known in folders.items():
        seen = _folder_state(base, folder)
        if seen is not None:
            found_folders[folder] = seen
            if seen != known:
                relist.append(folder)
    found_files = {}
    for path in files:
        item = _file_state(base + path)
        if item is not None:
            found_files[path] = item
    for folder in relist:
        _list(base, folder, found_files, found_folders)
    return found_files, found_folders


def scan_updated(root: Path, files: Files, folders: Folders, written: list[str], gone: list[str],
                 rescan: tuple[str, ...] = ()) -> tuple[Files, Folders]:
    """The output folder after a build, from what scan_output found before it: the files it wrote looked at
    again, those it deleted dropped, the folders holding either looked at again (with those above them, which
    a new or deleted folder changes), and the folders `rescan` (search bundles made anew or removed) walked
    again whole. Nothing else in the folder is the build's to change."""
    base = os.path.join(str(root), "")
    gone_set = set(gone)
    inside = tuple(f"{folder}/" for folder in rescan)
    after_files = {path: item for path, item in files.items()
                   if path not in gone_set and not (inside and path.startswith(inside))}
    after_folders = {folder: item for folder, item in folders.items()
                     if not (inside and (folder in rescan or folder.startswith(inside)))}
    for path in written:
        item = _file_state(base + path)
        if item is not None:
            after_files[path] = item
    touched = {folder for path in [*written, *gone, *rescan] for folder in _above(path)}
    for folder in touched:
        seen = _folder_state(base, folder)
        if seen is None:
            after_folders.pop(folder, None)
        else:
            after_folders[folder] = seen
    for folder in rescan:
        if os.path.isdir(base + folder):
            _walk(base, folder, after_files, after_folders)
    return dict(sorted(after_files.items())), dict(sorted(after_folders.items()))


def _above(path: str) -> list[str]:
    """The folders that hold a site-relative path, from its own up to the output folder ("")."""
    folders = []
    while path:
        path = path.rpartition("/")[0]
        folders.append(path)
    return folders


def _walk(base: str, folder: str, files: Files, folders: Folders) -> None:
    """Add a folder not known yet, with all it holds."""
    seen = _folder_state(base, folder)
    if seen is not None:
        folders[folder] = seen
        _list(base, folder, files, folders)


def _list(base: str, folder: str, files: Files, folders: Folders) -> None:
    """Add what a changed folder holds that is not known yet: new files, and new folders walked whole."""
    for name, is_folder in _names(base, folder):
        path = f"{folder}/{name}" if folder else name
        if is_folder and path not in folders:
            _walk(base, path, files, folders)
        elif not is_folder and path not in files:
            item = _file_state(base + path)
            if item is not None:
                files[path] = item


def _names(base: str, folder: str) -> list[tuple[str, bool]]:
    try:
        with os.scandir(base + folder) as entries:
            return [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries
                    if entry.is_dir(follow_symlinks=False) or entry.is_file()]
    except OSError:
        return []  # gone since: what it held is gone too


def _folder_state(base: str, folder: str) -> tuple[int, int] | None:
    try:
        found = os.lstat(base + folder)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_ctime_ns) if stat.S_ISDIR(found.st_mode) else None


def _file_state(path: str) -> tuple[int, int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_ctime_ns, found.st_size) if stat.S_ISREG(found.st_mode) else None
