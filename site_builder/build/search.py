"""Full-text search: index the rendered site with Pagefind (extended build, which segments Chinese).

Pagefind reads each page's `<html lang>` and writes one index per language, so
each language's search page finds only its own pages.
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


def refresh_search(site_dir: Path, changed: list[str]) -> None:
    """Index a site updated in place again if a page changed (written or deleted) or it has no index yet."""
    if any(path.endswith(".html") for path in changed) or not (site_dir / BUNDLE_DIR).is_dir():
        reindex_search(site_dir)


def reindex_search(site_dir: Path) -> None:
    """Rebuild the bundle of a site updated in place, swapping the new bundle in only once complete."""
    fresh, retired = site_dir / ".pagefind.new~", site_dir / ".pagefind.old~"
    for leftover in (fresh, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        index_search(site_dir, fresh.name)
        if (site_dir / BUNDLE_DIR).exists():
            os.replace(site_dir / BUNDLE_DIR, retired)
        os.replace(fresh, site_dir / BUNDLE_DIR)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)


def index_search(site_dir: Path, subdir: str = BUNDLE_DIR) -> None:
    """Write the Pagefind bundle into site_dir/subdir."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", subdir, "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"search indexing failed: {exc}") from None
    if result.returncode != 0 or not (site_dir / subdir / "pagefind.js").is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()
        hint = detail[-1] if detail else "is pagefind[extended] installed? (pip install 'pagefind[extended]')"
        raise SearchIndexError(f"search indexing failed: {hint}")
    _sort_languages(site_dir / subdir / "pagefind-entry.json")


def _sort_languages(entry: Path) -> None:
    # Pagefind lists the language indexes in whichever order its threads finish; sort them so
    # that the same site always gives the same bytes.
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
