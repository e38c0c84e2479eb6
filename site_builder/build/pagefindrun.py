"""One Pagefind run: the indexer's binary asked directly, and its output made deterministic.

`python -m pagefind` only looks up the binary its wheel ships and replaces itself with it, but starting an
interpreter for that cost 0.15 s a run: a build indexes each bundle of each language in a run of its own
(three at the least), and the test suite's 152 runs took 41 s of CPU that way, 30 s started directly. The
binary is looked up once per process, as the wheel's own launcher does.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed."""


@functools.cache
def pagefind_launcher() -> tuple[str, ...]:
    """How to start Pagefind: PAGEFIND_BINARY_PATH where set (as Pagefind's Python API reads it), else the
    binary of the installed pagefind[extended] wheel (or plain pagefind's); failing both, `python -m
    pagefind`, whose own message then says what is missing."""
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        return (os.environ["PAGEFIND_BINARY_PATH"],)
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            found = importlib.import_module(package).get_executable()
        except (ImportError, FileNotFoundError):
            continue
        return (str(Path(found).resolve()),)
    return (sys.executable, "-m", "pagefind")


def pagefind_command(site_dir: Path, name: str, fresh: Path) -> list[str]:
    """The Pagefind run that indexes one language's pages under site_dir (segment: zh, en…) into fresh/."""
    return [*pagefind_launcher(), "--site", str(site_dir), "--glob", f"{name}/**/*.html",
            "--output-path", str(fresh), "--silent"]


def run_pagefind(site_dir: Path, segment: str, fresh: Path) -> None:
    """Index one language's pages under site_dir into fresh/; SearchIndexError with Pagefind's last word."""
    try:
        result = subprocess.run(pagefind_command(site_dir, segment, fresh), capture_output=True, text=True,
                                timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"search indexing failed: {exc}") from None
    if result.returncode != 0 or not (fresh / "pagefind.js").is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()
        hint = detail[-1] if detail else "is pagefind[extended] installed? (pip install 'pagefind[extended]')"
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(f"search indexing failed: {hint}")
    _sort_languages(fresh / "pagefind-entry.json")


def _sort_languages(entry: Path) -> None:
    # Pagefind lists the language indexes in whichever order its threads finish; sort them so
    # that the same site always gives the same bytes.
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
