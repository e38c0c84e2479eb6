"""Entry bodies converted once per text: Markdown is a quarter of a clean build, and most bodies do not change.

A body's HTML depends on its Markdown, its page language, the site's base path and,
for each `entry:` link, the kind of the entry it names. The memo records the links a
conversion looked up with the kinds it found; a later conversion of the same text reuses
the HTML only while every one of those links still finds the same kind. Beside the HTML
it keeps the body's length in reading units (for reading time), which costs as much to
count as the HTML to read back; the model holds only those (Body, below), and the HTML is
read when a page shows it.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
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


class BodyHtml(Protocol):
    """Where converted bodies are kept (BodyMemo)."""

    def html(self, key: str, lookups: tuple[tuple[str, str], ...]) -> str: ...


@dataclass(frozen=True, slots=True)
class Body:
    """A Markdown body as HTML, read from where conversions are kept when a page shows it.

    Most pages of a rebuild never show most bodies: the model names each by what made it,
    and only the pages rendered read the HTML.
    """

    key: str
    # the text, its page language and the site's base path, hashed (_key)
    lookups: tuple[tuple[str, str], ...]
    # the entry each `entry:` link names, with its kind: the HTML's links depend on them
    han: int
    # Chinese characters in the HTML (reading time)
    words: int
    # other words in it
    source: BodyHtml = field(compare=False, repr=False)
    # where the HTML is; not part of the value (the key and lookups say what the HTML is)

    @property
    def html(self) -> str:
        return self.source.html(self.key, self.lookups)


class KeptValues(Protocol):
    """Where conversions outlive the build (build/store.py): JSON values by key."""

    def get(self, key: str) -> Any: ...

    def put(self, key: str, value: Any) -> None: ...

    def keep(self, key: str) -> None: ...

    def contains(self, key: str) -> bool: ...


class BodyMemo:
    """HTML of Markdown bodies by (text, language, base path), with the entry links each looked up.

    Two tables keep them between builds: `counts` (the links and reading units, small, read
    for every body when the model is made) and `pages` (the HTML, read one body at a time
    when a page shows it; most bodies are on no page a rebuild renders).
    """

    def __init__(self, counts: KeptValues | None = None, pages: KeptValues | None = None,
                 known: dict[str, list[Converted]] | None = None):
        self.counts = counts
        self.pages = pages
        self.entries: dict[str, list[Converted]] = dict(known) if known is not None else {}
        # conversions met by this build (or handed over by the last one, in a live preview)
        self.sized: dict[str, list[tuple[Lookups, int, int]]] = {}
        # key -> the kept conversions' links and reading units, as read from `counts`
        self.texts: dict[str, tuple[str, str, UrlScheme]] = {}
        # key -> (Markdown, language, URLs): what to convert again if the kept HTML is gone
        self.used: set[str] = set()
        # keys this build needed
        self._keys: dict[tuple[str, str, str], str] = {}
        # (text, language, base path) -> key: convert_all and convert both ask, and hashing a body takes time

    def convert(self, body: str, lang: str, urls: UrlScheme, kinds: dict[str, str]) -> Body:
        """A body on a page of `lang`, converted only if not known."""
        key = self._key(body, lang, urls)
        self.texts[key] = (body, lang, urls)
        found = self._known(key, kinds)
        if found is None:
            converted = _convert(body, lang, urls, kinds)
            self._add(key, converted)
            found = (converted.lookups, converted.han, converted.words)
        return Body(key, *found, source=self)

    def html(self, key: str, lookups: Lookups) -> str:
        """The HTML of a body the model names: in memory, else kept, else converted again."""
        for found in self.entries.get(key, ()):
            if found.lookups == lookups:
                return found.html
        if self.pages is not None:
            for raw_lookups, html in _rows(self.pages.get(key), 2):
                if _lookups(raw_lookups) == lookups:
                    return str(html)
        body, lang, urls = self.texts[key]
        converted = _convert(body, lang, urls, dict(lookups))
        # Kept in memory only: this may be a render worker, which writes nothing to the cache.
        self.entries.setdefault(key, []).append(converted)
        return converted.html

    def adopt(self, keys: Iterable[str]) -> bool:
        """Take the bodies a kept record of the model names: True if the HTML of each is at hand (in memory,
        or in the cache), and then kept for the next build; False if any is not (the record is not used)."""
        keys = list(keys)
        if not all(key in self.entries or (self.pages is not None and self.pages.contains(key)) for key in keys):
            return False
        for key in keys:
            self.used.add(key)
            if self.pages is not None and self.counts is not None:
                self.pages.keep(key)
                self.counts.keep(key)
        return True

    def convert_all(self, bodies: Iterable[tuple[str, str]], urls: UrlScheme, kinds: dict[str, str]) -> None:
        """Convert the (body, language) pairs not known yet, in a process per core when there are many."""
        missing = {key: item for item in bodies if self._known(key := self._key(*item, urls), kinds) is None}
        workers = min(os.cpu_count() or 1, 4)
        if len(missing) < _PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return  # convert() does them one by one
        jobs = [(body, lang, urls, kinds) for body, lang in missing.values()]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.starmap(_convert, jobs, chunksize=max(1, len(jobs) // (8 * workers)))
        for key, found in zip(missing, results, strict=True):
            self._add(key, found)

    def in_use(self) -> dict[str, list[Converted]]:
        """What a live preview's next build may reuse: the conversions this build used and holds."""
        return {key: self.entries[key] for key in self.used if key in self.entries}

    def _key(self, body: str, lang: str, urls: UrlScheme) -> str:
        found = self._keys.get((body, lang, urls.base_path))
        if found is None:
            found = self._keys[(body, lang, urls.base_path)] = _key(body, lang, urls)
        return found

    def _known(self, key: str, kinds: dict[str, str]) -> tuple[Lookups, int, int] | None:
        """The links and reading units of a conversion whose links all still find the same kinds."""
        self.used.add(key)

        def current(lookups: Lookups) -> bool:
            return all(kinds.get(linked, "articles") == kind for linked, kind in lookups)

        for found in self.entries.get(key, ()):
            if current(found.lookups):
                return found.lookups, found.han, found.words
        if self.counts is not None:
            sized = self.sized.get(key)
            if sized is None:
                rows = _rows(self.counts.get(key), 3)
                sized = self.sized[key] = [(_lookups(raw), han, words) for raw, han, words in rows]
            for lookups, han, words in sized:
                if current(lookups):
                    if self.pages is not None:
                        self.pages.keep(key)
                    return lookups, han, words
        return None

    def _add(self, key: str, found: Converted) -> None:
        known = self.entries.setdefault(key, [])
        known.append(found)
        if self.counts is not None and self.pages is not None:
            self.counts.put(key, [[item.lookups, item.han, item.words] for item in known])
            self.pages.put(key, [[item.lookups, item.html] for item in known])


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


def _rows(raw: Any, width: int) -> list[list[Any]]:
    """A kept value's rows ([[lookups, …], …]); anything else (damaged, foreign) is no row."""
    if not isinstance(raw, list):
        return []
    types = (str,) if width == 2 else (int, int)
    return [row for row in raw if isinstance(row, list) and len(row) == width and isinstance(row[0], list)
            and all(isinstance(item, kind) for item, kind in zip(row[1:], types, strict=True))]


def _lookups(raw: list[Any]) -> Lookups:
    try:
        return tuple((str(linked), str(kind)) for linked, kind in raw)
    except (TypeError, ValueError):
        return (("", ""),)  # matches no conversion
