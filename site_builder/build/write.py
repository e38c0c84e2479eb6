"""Write rendered files into output/ without ever leaving half a site.

A first build writes into a fresh folder and swaps it in. Later builds update the
folder in place, Lektor-style: each new or changed file is first written beside
its target under a temporary name, and only when every page has rendered are the
temporary files renamed over their targets and stale files removed. Unchanged
files are not touched, so a rebuild with nothing changed writes nothing and the
live preview reloads only on real changes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

# Written into every output folder we make, so we never update (or delete files in) a folder we did not.
MARKER = ".site-builder"
PENDING_SUFFIX = ".new~"


class UnsafeOutputPathError(ValueError):
    """A rendered path that would land outside the output folder."""


class ForeignOutputError(ValueError):
    """The output folder holds files that this generator did not write."""


@dataclass(slots=True)
class WriteReport:
    """What one writer (one language's process, say) did to the output folder."""

    produced: list[str] = field(default_factory=list)
    # every file of the site it rendered, site-relative
    pending: list[str] = field(default_factory=list)
    # new or changed files, written under a temporary name until committed

    def extend(self, other: WriteReport) -> None:
        self.produced.extend(other.produced)
        self.pending.extend(other.pending)


def write_output(files: Iterable[tuple[str, bytes]], output_dir: Path,
                 finish: Callable[[Path], None] | None = None) -> list[str]:
    """Write every file into a fresh folder beside output_dir, then swap it in; return the paths.

    `finish` runs on the complete new folder before the swap (the search indexer),
    so that its failure too leaves the previous site in place.
    """
    with staged_output(output_dir, finish) as staging:
        return write_files(staging, files).produced


def is_updatable(output_dir: Path) -> bool:
    """Whether output_dir is a folder this generator wrote, which can be updated in place."""
    return (output_dir / MARKER).is_file()


def check_replaceable(output_dir: Path) -> None:
    """Refuse to replace a non-empty folder that this generator did not write."""
    if output_dir.is_dir() and not is_updatable(output_dir) and any(output_dir.iterdir()):
        raise ForeignOutputError(f"{output_dir} exists and was not written by build.py; "
                                 "choose a new or empty folder, or delete it first")


@contextmanager
def staged_output(output_dir: Path, finish: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Give a fresh folder beside output_dir; swap it in if the block succeeds, delete it if not."""
    output_dir = output_dir.resolve()
    check_replaceable(output_dir)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.new-", dir=output_dir.parent))
    try:
        yield staging
        (staging / MARKER).write_bytes(b"")
        if finish is not None:
            finish(staging)
        _swap_in(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_files(folder: Path, files: Iterable[tuple[str, bytes]]) -> WriteReport:
    """Write (path, bytes) pairs under a fresh folder as they come."""
    report = WriteReport()
    made: set[Path] = set()
    for relative, data in files:
        target = folder / _safe_relative(relative)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)
        report.produced.append(relative)
    return report


def stage_changes(folder: Path, files: Iterable[tuple[str, bytes]]) -> WriteReport:
    """Compare each file with what folder holds; write only new or changed ones, under a temporary name."""
    report = WriteReport()
    for relative, data in files:
        target = folder / _safe_relative(relative)
        report.produced.append(relative)
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                continue
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        target.with_name(target.name + PENDING_SUFFIX).write_bytes(data)
        report.pending.append(relative)
    return report


def commit_changes(folder: Path, report: WriteReport, keep: tuple[str, ...] = (),
                   remove_stale: bool = True) -> list[str]:
    """Rename the pending files over their targets, then delete files no longer produced; return them.

    A quick update renders only some pages: it passes remove_stale=False, as every other file stays.
    """
    for relative in report.pending:
        target = folder / relative
        os.replace(target.with_name(target.name + PENDING_SUFFIX), target)
    if not remove_stale:
        return []
    produced = set(report.produced) | {MARKER}
    removed = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in produced and not relative.startswith(keep):
            path.unlink()
            removed.append(relative)
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(path.iterdir()):
            path.rmdir()
    return removed


def remove_files(folder: Path, paths: list[str]) -> list[str]:
    """Delete these site files (a rebuild's stale pages) and the folders they leave empty; return them."""
    removed = []
    for relative in paths:
        target = folder / _safe_relative(relative)
        if target.is_file():
            target.unlink()
            removed.append(relative)
            parent = target.parent
            while parent != folder and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    return removed


def _safe_relative(relative: str) -> Path:
    # Keys are validated, but the writer is the last line of defence against "../".
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise UnsafeOutputPathError(f"refusing to write outside the output folder: {relative}")
    return Path(*path.parts)


def _swap_in(staging: Path, output_dir: Path) -> None:
    """Replace output_dir by staging with two renames, so readers see the old or the new site."""
    retired = None
    if output_dir.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old-", dir=output_dir.parent))
        os.rmdir(retired)
        os.replace(output_dir, retired)
    os.replace(staging, output_dir)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
