"""The sitemap: an index at /sitemap.xml naming one sitemap per language (/sitemap-zh.xml, …), each split
into /sitemap-zh-2.xml, … past the protocol's 50,000 URLs, every URL with its alternates in every language.

The files sit at the root, not under /zh/: a sitemap may list only URLs at or below its own folder,
and the default language's lists the landing page, /.
"""

from __future__ import annotations

from typing import Any

from site_builder.model.site import Site
from site_builder.model.urls import UrlScheme
from site_builder.render.pages import PageSpec

SITEMAP_URLS = 50_000
# URLs per sitemap file, the protocol's limit; its other limit, 50 MB, is far off: a URL with its
# alternates in three languages takes under 1 KB
SITEMAP = "sitemap.xml"


def page_alternates(site: Site, urls: UrlScheme, route: tuple[str, ...]) -> dict[str, str]:
    """A page's absolute URL in each language, and x-default (the landing page for home, else the default's)."""
    alternates = {code: urls.absolute(code, *route) for code in site.config.languages}
    alternates["x-default"] = urls.absolute(None) if not route else alternates[site.config.default_language]
    return alternates


def landing_alternates(site: Site, urls: UrlScheme) -> dict[str, str]:
    """The landing page's alternates: each language's home page, and itself as x-default."""
    alternates = {code: urls.absolute(code) for code in site.config.languages}
    alternates["x-default"] = urls.absolute(None)
    return alternates


def sitemap_parts(site: Site, specs: list[PageSpec], lang: str,
                  limit: int = SITEMAP_URLS) -> list[list[tuple[str, ...] | None]]:
    """The routes of each file of a language's sitemap, `limit` at most in each; None stands for the landing page.

    The default language's lists the landing page, /, first; each lists the pages' addresses in its language.
    """
    routes: list[tuple[str, ...] | None] = [None] if lang == site.config.default_language else []
    routes += [spec.route for spec in specs if spec.in_sitemap]
    return [routes[start:start + limit] for start in range(0, max(len(routes), 1), limit)]


def sitemap_file(lang: str, part: int) -> str:
    """The file name of part `part` (from 0) of a language's sitemap, at the site's root."""
    return f"sitemap-{lang}.xml" if part == 0 else f"sitemap-{lang}-{part + 1}.xml"


def sitemap_urls(site: Site, urls: UrlScheme, routes: tuple[tuple[str, ...] | None, ...],
                 lang: str) -> list[dict[str, Any]]:
    """The URLs of one sitemap file: each page's address in `lang`, with its alternates."""
    items = []
    for route in routes:
        alternates = landing_alternates(site, urls) if route is None else page_alternates(site, urls, route)
        items.append({"loc": alternates["x-default" if route is None else lang], "alternates": alternates})
    return items
