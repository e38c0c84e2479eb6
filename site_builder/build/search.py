"""Full-text search: index the written site with Pagefind (extended build, which segments Chinese).

Pagefind reads each page's `<html lang>` and writes one index per language, so each
language's search page finds only its own pages. The bundle is written in the cache
folder and swapped in whole: the site never serves half an index.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

BUNDLE_DIR = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed."""


def index_search(site_dir: Path, work: Path) -> None:
    """Index the site's pages into work/, then put the bundle in place of site_dir/pagefind."""
    fresh, retired = work / "pagefind.new", work / "pagefind.old"
    for leftover in (fresh, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-path", str(fresh), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"search indexing failed: {exc}") from None
    if result.returncode != 0 or not (fresh / "pagefind.js").is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()
        hint = detail[-1] if detail else "is pagefind[extended] installed? (pip install 'pagefind[extended]')"
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(f"search indexing failed: {hint}")
    _sort_languages(fresh / "pagefind-entry.json")
    bundle = site_dir / BUNDLE_DIR
    if bundle.exists():
        os.replace(bundle, retired)
    os.replace(fresh, bundle)
    shutil.rmtree(retired, ignore_errors=True)


def remove_search(site_dir: Path) -> None:
    """Delete the search bundle of a site built without search."""
    shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)


def _sort_languages(entry: Path) -> None:
    # Pagefind lists the language indexes in whichever order its threads finish; sort them so
    # that the same site always gives the same bytes.
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
