"""Where every page lives: one URL scheme for both languages, deployable under a sub-path."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from site_builder.content.languages import route_segment

SEARCH_DIR = "pagefind"
# the search index's folder: a bundle per language in it, SEARCH_DIR/<the language's first segment>/


@dataclass(frozen=True, slots=True)
class UrlScheme:
    """Turns routes like ("articles", "key") into output paths, links and canonical URLs."""

    base_url: str
    # absolute site root, ending in "/"
    _hrefs: dict[tuple[str | None, tuple[str, ...]], str] = field(default_factory=dict, compare=False, repr=False)
    # the links made so far: a page makes forty, mostly the same ones as every other page

    @property
    def base_path(self) -> str:
        """The path part of the base URL, e.g. "/briefing/": prefix of every internal link."""
        return _base_path(self.base_url)

    def route_path(self, lang: str | None, *parts: str) -> str:
        """The site-relative path of a page: "zh/articles/key/" or "zh-hant/feed.xml"."""
        segments = ([route_segment(lang)] if lang else []) + [p for p in parts if p]
        path = "/".join(segments)
        if segments and "." in segments[-1]:
            return path
        return path + "/" if path else ""

    def href(self, lang: str | None, *parts: str) -> str:
        """A root-relative link that works under the base path."""
        found = self._hrefs.get((lang, parts))
        if found is None:
            found = self._hrefs[(lang, parts)] = self.base_path + self.route_path(lang, *parts)
        return found

    def absolute(self, lang: str | None, *parts: str) -> str:
        """The absolute URL, for canonical links, feeds and the sitemap."""
        root = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return root + self.route_path(lang, *parts)

    def search_bundle(self, lang: str) -> str:
        """A root-relative link to the folder of a language's search index (build/search.py)."""
        return self.href(None, SEARCH_DIR, route_segment(lang))

    def output_file(self, lang: str | None, *parts: str) -> str:
        """The file the page is written to, relative to output/."""
        path = self.route_path(lang, *parts)
        return path + "index.html" if path.endswith("/") or not path else path


@functools.lru_cache(maxsize=16)
def _base_path(base_url: str) -> str:
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"
