"""Entry bodies converted once per text: Markdown is a quarter of a clean build, and most bodies do not change.

A body's HTML depends on its Markdown, its page language, the site's base path and,
for each `entry:` link, the kind of the entry it names. The memo records the links a
conversion looked up with the kinds it found; a later conversion of the same text reuses
the HTML only while every one of those links still finds the same kind.
"""

from __future__ import annotations

import hashlib
from typing import Any, Protocol

from site_builder.model.markup import render_markdown
from site_builder.model.urls import UrlScheme

Lookups = tuple[tuple[str, str], ...]
# (entry key, kind found) for every entry link the body holds, in order


class KeptValues(Protocol):
    """Where conversions outlive the build (build/store.py): JSON values by key."""

    def get(self, key: str) -> Any: ...

    def put(self, key: str, value: Any) -> None: ...


class BodyMemo:
    """HTML of Markdown bodies by (text, language, base path), with the entry links each looked up."""

    def __init__(self, kept: KeptValues | None = None, known: dict[str, list[tuple[Lookups, str]]] | None = None):
        self.kept = kept
        # conversions of earlier builds, read back by key when needed
        self.entries: dict[str, list[tuple[Lookups, str]]] = dict(known) if known is not None else {}
        # conversions met by this build (or handed over by the last one, in a live preview)
        self.used: set[str] = set()
        # keys this build needed
        self.converted = 0
        # bodies converted afresh by this build

    def html(self, body: str, lang: str, urls: UrlScheme, kinds: dict[str, str]) -> str:
        """The sanitised HTML of a body on a page of `lang`, converted only if not known."""
        key = hashlib.blake2b(f"{lang}\0{urls.base_path}\0{body}".encode(), digest_size=16).hexdigest()
        self.used.add(key)
        known = self.entries.get(key)
        if known is None:
            known = self.entries[key] = _read_back(self.kept.get(key)) if self.kept is not None else []
        for lookups, html in known:
            if all(kinds.get(linked, "articles") == kind for linked, kind in lookups):
                return html
        found: list[tuple[str, str]] = []

        def link(linked: str) -> str:
            kind = kinds.get(linked, "articles")
            found.append((linked, kind))
            return urls.href(lang, kind, linked)

        html = render_markdown(body, link)
        self.converted += 1
        known.append((tuple(found), html))
        if self.kept is not None:
            self.kept.put(key, known)
        return html

    def in_use(self) -> dict[str, list[tuple[Lookups, str]]]:
        """What the next build may reuse: the conversions this build used."""
        return {key: self.entries[key] for key in self.used if key in self.entries}


def _read_back(raw: Any) -> list[tuple[Lookups, str]]:
    """Conversions as stored ([[lookups, html], …]); anything else is no conversion."""
    try:
        return [(tuple((str(linked), str(kind)) for linked, kind in lookups), str(html)) for lookups, html in raw]
    except (TypeError, ValueError):
        return []
