"""The output folder's scan in processes of their own, on another core while this one does other work.

A rebuild scans the output folder (outputscan.py): 82,000 stat calls at 10,000 entries, a
third of a second. In a thread, it shared Python's lock with the steps meanwhile, handing it
back and forth at every call (66,000 futex calls in one rebuild). A forked process has a core
and a lock of its own; it sends back only what differs from what the last build left, a few
entries after an edit, as JSON. The scan starts before the inputs are looked at: a build with
nothing to do scans the other half of a large output here meanwhile, one with work leaves it
to a second process and loads the content. Where there is no fork, or a process fails, the
scan runs in the build's own process when its result is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from site_builder.build.apart import Apart
from site_builder.build.outputscan import Files, Folders, scan_output

SPLIT_FROM = 4000
# files known from the last build from which the scan is shared between two processes
APART_FROM = 2000
# files known from the last build from which the scan runs apart at all: below, a fork (3 ms) costs more than the
# scan it moves (355 files: 2 ms), and a live preview of a small site waits for every millisecond of a rebuild


class OutputScan:
    """The output folder's scan, started at once: part of what the last build left in a forked process; the
    rest here when the result is asked for at once (a build with nothing to do), or in a second process
    when the build goes on (`go_on_apart`) and asks later. The parts together find what one scan finds: a
    folder that changed is listed again by the part that has it, whatever part its files are in.

    `meanwhile`: the files this process looks at before it asks (the build's inputs). The forked part is
    larger by as much, so that both processes end together: at 10,000 entries this process first looks at
    20,000 inputs, and the scan of 61,000 files and folders was split in halves, leaving it the longer share."""

    def __init__(self, root: Path, files: Files, folders: Folders, meanwhile: int = 0):
        self.root = root
        self.rest: tuple[Files, Folders] | None = None
        self.found: tuple[Files, Folders] | None = None
        # A folder no build has known may be of any size: it is scanned apart too.
        if files and len(files) < APART_FROM:
            self.parts: list[ScanApart] = []
            self.rest = (files, folders)  # scanned here, when the result is asked for
            return
        if len(files) >= SPLIT_FROM and len(folders) >= 2:
            # Each part with folders of its own: a scan given none walks the whole folder.
            share = min(0.9, 0.5 + meanwhile / (2 * (len(files) + len(folders))))
            (files, rest_files), (folders, rest_folders) = _split(files, share), _split(folders, share)
            self.rest = (rest_files, rest_folders)
        self.parts = [ScanApart(root, files, folders)]

    def go_on_apart(self) -> None:
        """Scan the other half in a process of its own too: this one has other work."""
        if self.rest is not None and self.parts:
            self.parts.append(ScanApart(self.root, *self.rest))
            self.rest = None

    def result(self) -> tuple[Files, Folders]:
        """The files and folders found (the same however often asked)."""
        if self.found is None:
            found_files: Files = {}
            found_folders: Folders = {}
            here = [scan_output(self.root, *self.rest)] if self.rest is not None else []
            for files, folders in [part.result() for part in self.parts] + here:
                found_files.update(files)
                found_folders.update(folders)
            self.found, self.rest = (found_files, found_folders), None
        return self.found

    def close(self) -> None:
        for part in self.parts:
            part.close()


class ScanApart:
    """scan_output(root, files, folders), started at once in a process of its own (apart.py); `result()` waits
    for it, `close()` lets it go. The process sends back only what differs from what the last build left."""

    def __init__(self, root: Path, files: Files, folders: Folders):
        self.args = (root, files, folders)
        self.apart = Apart(lambda: _scan_changes(root, files, folders))

    def result(self) -> tuple[Files, Folders]:
        """The files and folders found, as scan_output gives them (in the same order)."""
        root, files, folders = self.args
        try:
            changed = self.apart.result()
            return _apply(files, changed["files"], 3), _apply(folders, changed["folders"], 2)
        except (KeyError, TypeError):  # not what the process sends: scan here instead
            return scan_output(root, files, folders)

    def close(self) -> None:
        self.apart.close()


def _scan_changes(root: Path, files: Files, folders: Folders) -> dict[str, Any]:
    found_files, found_folders = scan_output(root, files, folders)
    return {"files": _changes(files, found_files), "folders": _changes(folders, found_folders)}


def _split(items: dict[str, Any], share: float) -> tuple[dict[str, Any], dict[str, Any]]:
    """`items` in two, the first with `share` of them taken evenly along their order, the second never empty."""
    first: dict[str, Any] = {}
    second: dict[str, Any] = {}
    for position, (key, value) in enumerate(items.items()):
        into = first if int(share * (position + 1) + 0.5) > int(share * position + 0.5) else second
        into[key] = value
    if not second:
        key = next(reversed(first))
        second[key] = first.pop(key)
    return first, second


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What turns `before` into `after`: entries gone, and entries new or changed, in `after`'s order."""
    return {"gone": [path for path in before if path not in after],
            "set": [[path, list(item)] for path, item in after.items() if before.get(path) != item]}


def _apply(before: dict[str, Any], changes: dict[str, Any], width: int) -> dict[str, Any]:
    """`before` with the changes made: the same entries, in the order scan_output gives them (the known ones in
    their order, then the new ones as found)."""
    after = dict(before)
    for path in changes["gone"]:
        del after[path]
    for path, item in changes["set"]:
        if type(path) is not str or len(item) != width or not all(type(number) is int for number in item):
            raise TypeError("not a scan's entry")
        after[path] = tuple(item)
    return after
