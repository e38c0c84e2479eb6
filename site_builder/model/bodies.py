"""Entry bodies converted once per text: Markdown is a quarter of a clean build, and most bodies do not change.

A body's HTML depends on its Markdown, its page language, the site's base path and,
for each `entry:` link, the kind of the entry it names. The memo records the links a
conversion looked up with the kinds it found; a later conversion of the same text reuses
the HTML only while every one of those links still finds the same kind. With the HTML
it keeps the body's length in reading units (for reading time), which costs as much to
count as the HTML to read back.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from site_builder.model.markup import render_markdown
from site_builder.model.textstats import count_text
from site_builder.model.urls import UrlScheme

Lookups = tuple[tuple[str, str], ...]
# (entry key, kind found) for every entry link the body holds, in order
# Converting fewer bodies than this at once is quicker in one process than in several.
_PARALLEL_FROM = 200


@dataclass(frozen=True, slots=True)
class Converted:
    """One body as HTML."""

    lookups: Lookups
    # the entry links it looked up, with the kinds they found
    html: str
    # sanitised HTML
    han: int
    # Chinese characters in it
    words: int
    # other words in it


class KeptValues(Protocol):
    """Where conversions outlive the build (build/store.py): JSON values by key."""

    def get(self, key: str) -> Any: ...

    def put(self, key: str, value: Any) -> None: ...


class BodyMemo:
    """HTML of Markdown bodies by (text, language, base path), with the entry links each looked up."""

    def __init__(self, kept: KeptValues | None = None, known: dict[str, list[Converted]] | None = None):
        self.kept = kept
        # conversions of earlier builds, read back by key when needed
        self.entries: dict[str, list[Converted]] = dict(known) if known is not None else {}
        # conversions met by this build (or handed over by the last one, in a live preview)
        self.used: set[str] = set()
        # keys this build needed

    def convert(self, body: str, lang: str, urls: UrlScheme, kinds: dict[str, str]) -> Converted:
        """A body on a page of `lang` as HTML, converted only if not known."""
        key = _key(body, lang, urls)
        found = self._known(key, kinds)
        if found is None:
            found = _convert(body, lang, urls, kinds)
            self._add(key, found)
        return found

    def convert_all(self, bodies: Iterable[tuple[str, str]], urls: UrlScheme, kinds: dict[str, str]) -> None:
        """Convert the (body, language) pairs not known yet, in a process per core when there are many."""
        missing = {key: item for item in bodies if self._known(key := _key(*item, urls), kinds) is None}
        workers = min(os.cpu_count() or 1, 4)
        if len(missing) < _PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return  # convert() does them one by one
        jobs = [(body, lang, urls, kinds) for body, lang in missing.values()]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.starmap(_convert, jobs, chunksize=max(1, len(jobs) // (8 * workers)))
        for key, found in zip(missing, results, strict=True):
            self._add(key, found)

    def in_use(self) -> dict[str, list[Converted]]:
        """What the next build may reuse: the conversions this build used."""
        return {key: self.entries[key] for key in self.used if key in self.entries}

    def _known(self, key: str, kinds: dict[str, str]) -> Converted | None:
        self.used.add(key)
        known = self.entries.get(key)
        if known is None:
            known = self.entries[key] = _read_back(self.kept.get(key)) if self.kept is not None else []
        for found in known:
            if all(kinds.get(linked, "articles") == kind for linked, kind in found.lookups):
                return found
        return None

    def _add(self, key: str, found: Converted) -> None:
        known = self.entries.setdefault(key, [])
        known.append(found)
        if self.kept is not None:
            self.kept.put(key, [[found.lookups, found.html, found.han, found.words] for found in known])


def _key(body: str, lang: str, urls: UrlScheme) -> str:
    return hashlib.blake2b(f"{lang}\0{urls.base_path}\0{body}".encode(), digest_size=16).hexdigest()


def _convert(body: str, lang: str, urls: UrlScheme, kinds: dict[str, str]) -> Converted:
    found: list[tuple[str, str]] = []

    def link(linked: str) -> str:
        kind = kinds.get(linked, "articles")
        found.append((linked, kind))
        return urls.href(lang, kind, linked)

    html = render_markdown(body, link)
    han, words = count_text(html)
    return Converted(tuple(found), html, han, words)


def _read_back(raw: Any) -> list[Converted]:
    """Conversions as stored ([[lookups, html, han, words], …]); anything else is no conversion."""
    try:
        return [Converted(tuple((str(linked), str(kind)) for linked, kind in lookups), str(html), int(han),
                          int(words)) for lookups, html, han, words in raw]
    except (TypeError, ValueError):
        return []
