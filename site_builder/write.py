"""Write rendered files into output/ all at once: a failed build never leaves half a site."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath


class UnsafeOutputPathError(ValueError):
    """A rendered path that would land outside the output folder."""


def write_output(files: list[tuple[str, bytes]], output_dir: Path,
                 finish: Callable[[Path], None] | None = None) -> int:
    """Write every file into a fresh folder beside output_dir, then swap it in; return the count.

    `finish` runs on the complete new folder before the swap (the search indexer),
    so that its failure too leaves the previous site in place.
    """
    output_dir = output_dir.resolve()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.new-", dir=output_dir.parent))
    try:
        for relative, data in files:
            target = staging / _safe_relative(relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if finish is not None:
            finish(staging)
        _swap_in(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(files)


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
