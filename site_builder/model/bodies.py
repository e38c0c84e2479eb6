"""Entry bodies converted once per text: Markdown is a quarter of a clean build, and most bodies do not change.

A body's HTML depends on its Markdown, its page language, the site's base path and,
for each `entry:` link, the kind of the entry it names. The memo records the links a
conversion looked up with the kinds it found; a later conversion of the same text reuses
the HTML only while every one of those links still finds the same kind.
"""

from __future__ import annotations

import hashlib

from site_builder.model.markup import render_markdown
from site_builder.model.urls import UrlScheme

Lookups = tuple[tuple[str, str], ...]
# (entry key, kind found) for every entry link the body holds, in order


class BodyMemo:
    """HTML of Markdown bodies by (text, language, base path), with the entry links each looked up."""

    def __init__(self, saved: dict[str, list[tuple[Lookups, str]]] | None = None):
        self.entries: dict[str, list[tuple[Lookups, str]]] = saved if saved is not None else {}
        self.used: set[str] = set()
        # memo keys read or written by this build: only these are kept for the next one
        self.converted = 0
        # bodies converted afresh by this build

    def html(self, body: str, lang: str, urls: UrlScheme, kinds: dict[str, str]) -> str:
        """The sanitised HTML of a body on a page of `lang`, converted only if not known."""
        key = hashlib.blake2b(f"{lang}\0{urls.base_path}\0{body}".encode(), digest_size=16).hexdigest()
        self.used.add(key)
        for lookups, html in self.entries.get(key, ()):
            if all(kinds.get(linked, "articles") == kind for linked, kind in lookups):
                return html
        found: list[tuple[str, str]] = []

        def link(linked: str) -> str:
            kind = kinds.get(linked, "articles")
            found.append((linked, kind))
            return urls.href(lang, kind, linked)

        html = render_markdown(body, link)
        self.converted += 1
        self.entries.setdefault(key, []).append((tuple(found), html))
        return html

    def kept(self) -> dict[str, list[tuple[Lookups, str]]]:
        """What the next build may reuse: the conversions this build used."""
        return {key: self.entries[key] for key in sorted(self.used) if key in self.entries}
