"""Full-text search: index the written site with Pagefind (extended build, which segments Chinese).

Each language has its own bundles, made from that language's pages alone: one, pagefind/<zh|en|zh-hant>/,
while its entries' pages (each entry's page and side-by-side page) number at most SHARD_PAGES. Past that the
language is split: the pages that list entries stay in the first bundle, and each entry's pages go, by a hash
of its address, to one of a power of two of bundles beside it (pagefind/en.1/, pagefind/en.2/…). The first
bundle lists the others in shards.json, and the search page merges them into one search (Pagefind's
mergeIndex). An edit makes again only the bundles of its indexed pages: at 10,000 entries, one bundle of
1,300 pages takes 2.6 s and 290 MB where the whole language took 47 s and 3.7 GB. Each bundle is written
in the cache folder and swapped in whole: the site never serves half an index.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from site_builder.build.pagefindrun import run_pagefind
from site_builder.content.languages import route_segment
from site_builder.content.load import ENTRY_KINDS
from site_builder.model.paging import PAGE
from site_builder.model.urls import SEARCH_DIR

BUNDLE_DIR = SEARCH_DIR
SHARD_PAGES = 1500
# Entries' pages of one language (indexed or not: an entry's page, its side-by-side page) per bundle at most.
# Pagefind's time and memory grow with the pages it is given: 2.6 s and 290 MB for 1,300 pages, where an edit
# should show in search within 5 s and under 1 GiB.
SHARDS_FILE = "shards.json"
# in a language's first bundle: the other bundles' addresses, relative to it


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


def shard_count(entry_pages: int) -> int:
    """How many bundles a language with this many entries' pages has: one while they fit in one; else one for the
    pages that list entries and a power of two for the entries, so that a growing site changes the split (and
    makes every bundle of the language again) only when it doubles."""
    needed = -(-entry_pages // SHARD_PAGES)
    return 1 if needed <= 1 else (1 << (needed - 1).bit_length()) + 1


def shard_of(path: str, shards: int) -> int:
    """The bundle of a site-relative page path, the same in every build. In a split language an entry's own pages
    go by a hash of its address to one of the bundles after the first; every other page (the lists, topics,
    people, the timeline: pages that name many entries and change with any of their titles) goes in the first,
    so that a title edit makes two bundles again, not one for each page that shows the title. (At 10,000
    entries the first bundle holds 570 such pages of a language and takes Pagefind 2.9 s; with an entries'
    share besides, it took 4.3 s.)"""
    entry = _entry_folder(path)
    if shards == 1 or entry is None:
        return 0
    return 1 + int.from_bytes(hashlib.blake2b(entry.encode("utf-8"), digest_size=8).digest(), "big") % (shards - 1)


def _entry_folder(path: str) -> str | None:
    """zh/articles/KEY for the pages of an entry (its page, its side-by-side page); None for any other."""
    parts = path.split("/")
    if len(parts) < 4 or parts[1] not in ENTRY_KINDS or parts[2] == PAGE or not path.endswith(".html"):
        return None
    return "/".join(parts[:3])


@dataclass(frozen=True, slots=True)
class SearchLayout:
    """How many bundles each language's pages are split into (by its segment: bundle_names), and which of them
    some page goes to."""

    counts: dict[str, int]
    pages: dict[tuple[str, int], tuple[str, ...]] | None = None
    # the HTML pages of each bundle of a split language, by (segment, shard), once the site's pages are given
    # (with_pages): a bundle absent here has no page, but a language's first always has its home page

    @classmethod
    def of(cls, languages: Iterable[str], paths: Iterable[str]) -> SearchLayout:
        """The layout of a site's bundles, from the entries' pages among its paths (the other pages all go in the
        first bundle: shard_of)."""
        pages = dict.fromkeys(bundle_names(tuple(languages)), 0)
        for path in paths:
            segment = path.split("/", 1)[0]
            if segment in pages and _entry_folder(path) is not None:
                pages[segment] += 1
        return cls({segment: shard_count(count) for segment, count in pages.items()})

    def with_pages(self, site_paths: Iterable[str]) -> SearchLayout:
        """The same layout, knowing which bundles some page of the site goes to (each language's first: its home
        page, at least). Asked of a split site only: it hashes every entry's address."""
        pages: dict[tuple[str, int], list[str]] = {}
        if any(count > 1 for count in self.counts.values()):
            for path in site_paths:
                found = self.bundle_of(path)
                if found is not None and self.counts[found[0]] > 1:
                    pages.setdefault(found, []).append(path)
        return SearchLayout(self.counts, {bundle: tuple(sorted(paths)) for bundle, paths in pages.items()})

    def bundles(self) -> list[Bundle]:
        """The bundles to be made: those some page goes to."""
        return self._bundles(made=True)

    def empty(self) -> list[Bundle]:
        """The bundles of the split that no page goes to: none is made."""
        return self._bundles(made=False)

    def prefixes(self) -> tuple[str, ...]:
        """What the site-relative paths of the files in every bundle the layout may have start with."""
        return tuple(f"{Bundle(segment, shard, count).folder}/" for segment, count in self.counts.items()
                     for shard in range(count))

    def shards_file(self, segment: str) -> dict[str, object]:
        """What the language's first bundle lists: how many bundles the language is split into, the others made."""
        return {"count": self.counts[segment], "merge": [f"../{bundle.folder.rsplit('/', 1)[1]}/"
                                                         for bundle in self.bundles()
                                                         if bundle.segment == segment and bundle.shard]}

    def bundle_of(self, path: str) -> tuple[str, int] | None:
        """(segment, shard) of the bundle a site-relative HTML page goes in; None for any other file."""
        segment = path.split("/", 1)[0]
        count = self.counts.get(segment)
        return (segment, shard_of(path, count)) if count is not None and path.endswith(".html") else None

    def _bundles(self, made: bool) -> list[Bundle]:
        assert self.pages is not None, "with_pages first"
        return [Bundle(segment, shard, count) for segment, count in self.counts.items() for shard in range(count)
                if (shard == 0 or (segment, shard) in self.pages) is made]


def bundles_to_make(layout: SearchLayout, written: list[str], removed: list[str], now: Mapping[str, object],
                    last: Mapping[str, object], site_dir: Path) -> list[Bundle]:
    """The bundles to make (of a layout that knows the site's pages: with_pages): those one of whose indexed pages
    changed, those not there as the last build left them (`last`: its files then; empty without an index then;
    `now`: the files found before this build), every one of a language split otherwise than its first bundle
    says, and a first bundle whose list of the others is out of date (a bundle all of whose pages went, or the
    first page of one).

    A page written is indexed when its <main> is marked for Pagefind (data-pagefind-body): every page but
    the side-by-side ones, the search page, the 404 and the numbered pages after a list's first. Whether a
    page is marked follows from its address alone, so a page unmarked now was unmarked before: rewritten, it
    leaves its bundle as it was. A side-by-side page shows every language's text, and an edit in one
    language rewrites it in all of them; counting it, each edit would make every language's bundles again.
    """
    changed = {layout.bundle_of(path) for path in removed} - {None}
    # bundles with an indexed page deleted or written (a bundle found once is not looked at again)
    for path in written:
        found = layout.bundle_of(path)
        if found is not None and found not in changed and b"data-pagefind-body" in (site_dir / path).read_bytes():
            changed.add(found)

    kept: dict[str, list[str]] = {}  # each bundle folder's files as the last build left them
    for path in last:
        top, _, rest = path.partition("/")
        if top == BUNDLE_DIR and "/" in rest:
            kept.setdefault(f"{top}/{rest.split('/', 1)[0]}", []).append(path)

    def intact(folder: str) -> bool:
        return folder in kept and all(now.get(path) == last[path] for path in kept[folder]) \
            and (site_dir / folder / "pagefind.js").is_file()

    # What each language's first bundle, as the last build left it, says of the split.
    listed = {segment: _read_shards_file(site_dir / folder) if intact(folder := Bundle(segment, 0, count).folder)
              else None for segment, count in layout.counts.items()}
    wanted = []
    for bundle in layout.bundles():
        first = listed[bundle.segment]
        if first is None or first.get("count") != bundle.shards or (bundle.segment, bundle.shard) in changed \
                or not intact(bundle.folder) or (bundle.shard == 0 and first != layout.shards_file(bundle.segment)):
            wanted.append(bundle)
    return wanted


def _read_shards_file(folder: Path) -> dict[str, object] | None:
    try:
        found = json.loads((folder / SHARDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def index_search(site_dir: Path, work: Path, layout: SearchLayout, bundles: list[Bundle]) -> tuple[str, ...]:
    """Index each bundle's pages into work/, two Pagefind runs at a time where there are cores for them, then put
    each bundle in place of its folder under site_dir; delete the folders of bundles no page goes to any more
    (`layout` knows the site's pages: with_pages). Returns the site-relative folders it changed."""
    work.mkdir(parents=True, exist_ok=True)
    jobs = []
    try:
        for bundle in bundles:
            fresh = work / f"{bundle.segment}.{bundle.shard}.new"
            shutil.rmtree(fresh, ignore_errors=True)
            jobs.append((bundle, bundle_pages(site_dir, layout, bundle, work), fresh))
        # Each run waits on its own process: threads are enough, and the first failure is raised.
        with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as runs:
            list(runs.map(lambda job: run_pagefind(job[1], job[0].segment, job[2]), jobs))
    finally:
        for _bundle, source, _fresh in jobs:
            if source != site_dir:
                shutil.rmtree(source, ignore_errors=True)
    for bundle, _source, fresh in jobs:
        if bundle.shard == 0:
            (fresh / SHARDS_FILE).write_text(json.dumps(layout.shards_file(bundle.segment)), encoding="utf-8")
        target, retired = site_dir / bundle.folder, work / f"{bundle.segment}.{bundle.shard}.old"
        shutil.rmtree(retired, ignore_errors=True)
        target.parent.mkdir(exist_ok=True)
        if target.exists():
            os.replace(target, retired)
        os.replace(fresh, target)
        shutil.rmtree(retired, ignore_errors=True)
    emptied = [bundle.folder for bundle in layout.empty() if (site_dir / bundle.folder).exists()]
    for folder in emptied:
        shutil.rmtree(site_dir / folder, ignore_errors=True)
    return (*[bundle.folder for bundle in bundles], *emptied)


def bundle_pages(site_dir: Path, layout: SearchLayout, bundle: Bundle, work: Path) -> Path:
    """The folder Pagefind is to index for a bundle: the site itself when the language is one bundle, else a
    folder under work/ holding the bundle's pages alone, at their site-relative paths: symbolic links (a hard link
    would change the page's ctime, which tells the next build whether the output was touched), or copies where
    the file system has none. (`layout` knows the site's pages: with_pages.)"""
    if bundle.shards == 1:
        return site_dir
    assert layout.pages is not None, "with_pages first"
    farm = work / f"{bundle.segment}.{bundle.shard}.pages"
    shutil.rmtree(farm, ignore_errors=True)
    root = site_dir.absolute()
    for path in layout.pages.get((bundle.segment, bundle.shard), ()):  # hashed to their bundle once, by with_pages
        target = farm / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.symlink_to(root / path)
        except OSError:
            shutil.copyfile(root / path, target)
    return farm


def remove_search(site_dir: Path) -> None:
    """Delete the search bundle of a site built without search."""
    shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)
