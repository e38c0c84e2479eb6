"""Full-text search: index the written site with Pagefind (extended build, which segments Chinese).

Each language has a bundle of its own, pagefind/<zh|en|zh-hant>/, made from that language's
pages alone: its search page loads only it, and an edit makes again only the bundles of the
languages whose indexed pages changed (at 10,000 entries in two languages, 40 s and 3.5 GB for
the English bundle against 93 s and 6 GB for one bundle of both). Each bundle is written in the
cache folder and swapped in whole: the site never serves half an index.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from site_builder.content.languages import route_segment
from site_builder.model.urls import SEARCH_DIR

BUNDLE_DIR = SEARCH_DIR


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed."""


def bundle_names(languages: tuple[str, ...]) -> list[str]:
    """The bundles of a site's languages, named as their addresses' first segment."""
    return [route_segment(lang) for lang in languages]


def bundle_folder(name: str) -> str:
    """The site-relative folder of one language's bundle (name: zh, en, zh-hant)."""
    return f"{BUNDLE_DIR}/{name}"


def bundle_prefixes(languages: tuple[str, ...]) -> tuple[str, ...]:
    """What the site-relative paths of the files in these languages' bundles start with."""
    return tuple(f"{bundle_folder(name)}/" for name in bundle_names(languages))


def bundles_to_make(languages: tuple[str, ...], written: list[str], removed: list[str], now: Mapping[str, object],
                    last: Mapping[str, object], site_dir: Path) -> list[str]:
    """The bundles to make: those of the languages one of whose indexed pages changed, and those not there as
    the last build left them (`last`: its files then; empty without an index then; `now`: the files found
    before this build).

    A page written is indexed when its <main> is marked for Pagefind (data-pagefind-body): every page but
    the side-by-side ones, the search page, the 404 and the numbered pages after a list's first. Whether a
    page is marked follows from its address alone, so a page unmarked now was unmarked before: rewritten, it
    leaves its language's index as it was. A side-by-side page shows every language's text, and an edit in
    one language rewrites it in all of them; counting it, each edit would make every bundle again.
    """
    names = bundle_names(languages)
    changed = {path.split("/", 1)[0] for path in removed if path.endswith(".html")}
    # languages with an indexed page deleted or written (a language found once is not looked at again)
    for path in written:
        name = path.split("/", 1)[0]
        if path.endswith(".html") and name in names and name not in changed \
                and b"data-pagefind-body" in (site_dir / path).read_bytes():
            changed.add(name)
    wanted = []
    for name in names:
        inside = f"{bundle_folder(name)}/"
        kept = [path for path in last if path.startswith(inside)]
        intact = bool(kept) and all(now.get(path) == last[path] for path in kept)
        if name in changed or not intact or not (site_dir / inside / "pagefind.js").is_file():
            wanted.append(name)
    return wanted


def index_search(site_dir: Path, work: Path, segments: list[str]) -> None:
    """Index each of these languages' pages into work/, then put its bundle in place of site_dir/pagefind/<it>."""
    work.mkdir(parents=True, exist_ok=True)
    made = []
    for segment in segments:
        fresh = work / f"{segment}.new"
        shutil.rmtree(fresh, ignore_errors=True)
        _index_language(site_dir, segment, fresh)
        made.append((segment, fresh))
    for segment, fresh in made:
        bundle, retired = site_dir / bundle_folder(segment), work / f"{segment}.old"
        shutil.rmtree(retired, ignore_errors=True)
        bundle.parent.mkdir(exist_ok=True)
        if bundle.exists():
            os.replace(bundle, retired)
        os.replace(fresh, bundle)
        shutil.rmtree(retired, ignore_errors=True)


def pagefind_command(site_dir: Path, name: str, fresh: Path) -> list[str]:
    """The Pagefind run that indexes one language's pages (its bundle's name: zh, en, zh-hant) into fresh/."""
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", f"{name}/**/*.html",
            "--output-path", str(fresh), "--silent"]


def _index_language(site_dir: Path, segment: str, fresh: Path) -> None:
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


def remove_search(site_dir: Path) -> None:
    """Delete the search bundle of a site built without search."""
    shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)


def _sort_languages(entry: Path) -> None:
    # Pagefind lists the language indexes in whichever order its threads finish; sort them so
    # that the same site always gives the same bytes.
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
