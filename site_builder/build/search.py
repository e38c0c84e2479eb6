"""Full-text search: index the written site with Pagefind (extended build, which segments Chinese).

Each language has its own bundles, made from that language's pages alone: one, pagefind/<zh|en|zh-hant>/,
until the language has more than SHARD_PAGES pages; then as many as it takes (a power of two), the
first there and the others beside it (pagefind/en.1/, pagefind/en.2/…), each holding the pages whose
address hashes to it. The search page loads the first bundle, which lists the others in shards.json,
and merges them in (Pagefind's mergeIndex). An edit makes again only the bundles of its indexed pages:
at 10,000 entries in two languages, one bundle of 1,300 pages takes 2.6 s and 290 MB where the whole
language took 47 s and 3.7 GB. Each bundle is written in the cache folder and swapped in whole: the
site never serves half an index.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from site_builder.content.languages import route_segment
from site_builder.model.urls import SEARCH_DIR

BUNDLE_DIR = SEARCH_DIR
SHARD_PAGES = 1500
# HTML pages of one language (indexed or not) per bundle at most. Pagefind's time and memory grow with the pages it
# is given: 2.6 s and 290 MB for 1,300 pages, where an edit should show in search within 5 s and under 1 GiB.
SHARDS_FILE = "shards.json"
# in a language's first bundle: the other bundles' addresses, relative to it


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed."""


class Bundle(NamedTuple):
    """One Pagefind bundle: a language's pages whose address hashes to `shard` of `shards`."""

    segment: str
    # the language's first address segment: zh, en, zh-hant
    shard: int
    shards: int

    @property
    def folder(self) -> str:
        """Its site-relative folder: pagefind/en for the first, pagefind/en.3 for the fourth."""
        return f"{BUNDLE_DIR}/{self.segment}" + (f".{self.shard}" if self.shard else "")


def bundle_names(languages: tuple[str, ...]) -> list[str]:
    """The languages' bundles' names: their addresses' first segment."""
    return [route_segment(lang) for lang in languages]


def shard_count(pages: int) -> int:
    """How many bundles a language of this many HTML pages is split into: a power of two, so that a growing
    site changes the split (and makes every bundle of the language again) only when it doubles."""
    needed = -(-pages // SHARD_PAGES)
    return 1 << max(0, needed - 1).bit_length()


def shard_of(path: str, shards: int) -> int:
    """The bundle of a site-relative page path: from a hash of the path, the same in every build."""
    if shards == 1:
        return 0
    return int.from_bytes(hashlib.blake2b(path.encode("utf-8"), digest_size=8).digest(), "big") % shards


@dataclass(frozen=True, slots=True)
class SearchLayout:
    """How many bundles each language's pages are split into (by its segment: bundle_names)."""

    counts: dict[str, int]

    @classmethod
    def of(cls, languages: Iterable[str], paths: Iterable[str]) -> SearchLayout:
        """The layout of a site's bundles, from the HTML pages among its paths."""
        pages = dict.fromkeys(bundle_names(tuple(languages)), 0)
        for path in paths:
            segment = path.split("/", 1)[0]
            if segment in pages and path.endswith(".html"):
                pages[segment] += 1
        return cls({segment: shard_count(count) for segment, count in pages.items()})

    def bundles(self) -> list[Bundle]:
        return [Bundle(segment, shard, count) for segment, count in self.counts.items() for shard in range(count)]

    def prefixes(self) -> tuple[str, ...]:
        """What the site-relative paths of the files in the bundles start with."""
        return tuple(f"{bundle.folder}/" for bundle in self.bundles())

    def bundle_of(self, path: str) -> tuple[str, int] | None:
        """(segment, shard) of the bundle a site-relative HTML page goes in; None for any other file."""
        segment = path.split("/", 1)[0]
        count = self.counts.get(segment)
        return (segment, shard_of(path, count)) if count is not None and path.endswith(".html") else None


def bundles_to_make(layout: SearchLayout, written: list[str], removed: list[str], now: Mapping[str, object],
                    last: Mapping[str, object], site_dir: Path) -> list[Bundle]:
    """The bundles to make: those one of whose indexed pages changed, those not there as the last build left them
    (`last`: its files then; empty without an index then; `now`: the files found before this build), and all of
    a language whose bundle count changed since.

    A page written is indexed when its <main> is marked for Pagefind (data-pagefind-body): every page but
    the side-by-side ones, the search page, the 404 and the numbered pages after a list's first. Whether a
    page is marked follows from its address alone, so a page unmarked now was unmarked before: rewritten, it
    leaves its bundle as it was. A side-by-side page shows every language's text, and an edit in one
    language rewrites it in all of them; counting it, each edit would make every language's bundles again.
    """
    before = _counts_found(last)
    changed = {layout.bundle_of(path) for path in removed} - {None}
    # bundles with an indexed page deleted or written (a bundle found once is not looked at again)
    for path in written:
        found = layout.bundle_of(path)
        if found is not None and found not in changed and b"data-pagefind-body" in (site_dir / path).read_bytes():
            changed.add(found)
    wanted = []
    for bundle in layout.bundles():
        inside = f"{bundle.folder}/"
        kept = [path for path in last if path.startswith(inside)]
        intact = bool(kept) and all(now.get(path) == last[path] for path in kept)
        if (bundle.segment, bundle.shard) in changed or not intact or before.get(bundle.segment) != bundle.shards \
                or not (site_dir / inside / "pagefind.js").is_file():
            wanted.append(bundle)
    return wanted


def index_search(site_dir: Path, work: Path, bundles: list[Bundle]) -> None:
    """Index each bundle's pages into work/, then put it in place of its folder under site_dir."""
    work.mkdir(parents=True, exist_ok=True)
    made = []
    pages: dict[str, list[str]] = {}
    for bundle in bundles:
        fresh = work / f"{bundle.segment}.{bundle.shard}.new"
        shutil.rmtree(fresh, ignore_errors=True)
        source = bundle_pages(site_dir, bundle, pages, work)
        try:
            _run_pagefind(source, bundle.segment, fresh)
        finally:
            if source != site_dir:
                shutil.rmtree(source, ignore_errors=True)
        write_shards_file(bundle, fresh)
        made.append((bundle, fresh))
    for bundle, fresh in made:
        target, retired = site_dir / bundle.folder, work / f"{bundle.segment}.{bundle.shard}.old"
        shutil.rmtree(retired, ignore_errors=True)
        target.parent.mkdir(exist_ok=True)
        if target.exists():
            os.replace(target, retired)
        os.replace(fresh, target)
        shutil.rmtree(retired, ignore_errors=True)


def bundle_pages(site_dir: Path, bundle: Bundle, pages: dict[str, list[str]], work: Path) -> Path:
    """The folder Pagefind is to index for a bundle: the site itself when the language is one bundle, else a
    folder under work/ holding the bundle's pages alone, at their site-relative paths: symbolic links (a hard link
    would change the page's ctime, which tells the next build whether the output was touched), or copies where
    the file system has none. `pages` keeps each language's listing between bundles."""
    if bundle.shards == 1:
        return site_dir
    if bundle.segment not in pages:
        found = []
        for folder, _subfolders, names in os.walk(site_dir / bundle.segment):
            relative = Path(folder).relative_to(site_dir).as_posix()
            found += [f"{relative}/{name}" for name in names if name.endswith(".html")]
        pages[bundle.segment] = sorted(found)
    farm = work / f"{bundle.segment}.{bundle.shard}.pages"
    shutil.rmtree(farm, ignore_errors=True)
    for path in pages[bundle.segment]:
        if shard_of(path, bundle.shards) == bundle.shard:
            target = farm / path
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                target.symlink_to(site_dir.absolute() / path)
            except OSError:
                shutil.copyfile(site_dir / path, target)
    return farm


def write_shards_file(bundle: Bundle, fresh: Path) -> None:
    """In a language's first bundle, the addresses of its others, relative to it: the search page merges them."""
    if bundle.shard == 0:
        others = [Bundle(bundle.segment, shard, bundle.shards).folder.rsplit("/", 1)[1]
                  for shard in range(1, bundle.shards)]
        (fresh / SHARDS_FILE).write_text(json.dumps({"merge": [f"../{name}/" for name in others]}), encoding="utf-8")


def pagefind_command(site_dir: Path, name: str, fresh: Path) -> list[str]:
    """The Pagefind run that indexes one language's pages under site_dir (its segment: zh, en, zh-hant) into
    fresh/."""
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", f"{name}/**/*.html",
            "--output-path", str(fresh), "--silent"]


def _counts_found(files: Iterable[str]) -> dict[str, int]:
    """How many bundles each language had among these site-relative files (a build's): pagefind/en.3/… is the
    fourth of at least four."""
    counts: dict[str, int] = {}
    for path in files:
        top, _, rest = path.partition("/")
        if top == BUNDLE_DIR and "/" in rest:
            segment, _, shard = rest.split("/", 1)[0].partition(".")
            counts[segment] = max(counts.get(segment, 1), int(shard) + 1 if shard.isdigit() else 1)
    return counts


def _run_pagefind(site_dir: Path, segment: str, fresh: Path) -> None:
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
