"""The list of pages of one language: which template, at which route, with what."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from site_builder.content.languages import DERIVED
from site_builder.model.indexes import SiteIndex
from site_builder.model.site import Entry, Site

# The last segment of an entry's side-by-side page: /zh/articles/KEY/parallel/.
PARALLEL = "parallel"


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One page to render in one language."""

    template: str
    # template file in templates/
    route: tuple[str, ...]
    # path segments after the language: ("articles", key); () for home
    kind: str
    # page kind, for the <body> class and tests: home, article, viewpoint, person, …
    context: dict[str, Any] = field(default_factory=dict)
    # what the template needs beyond the site-wide globals
    translated: tuple[str, ...] = ()
    # languages the page's own text exists in; () means every language (generated pages)
    in_sitemap: bool = True
    # the 404 page is not listed


def list_pages(site: Site, index: SiteIndex) -> list[PageSpec]:
    """Every page of the site, the same list in every language."""
    pages = [
        PageSpec("home.html", (), "home"),
        PageSpec("entries.html", ("articles",), "articles", {"entries": _of_kind(site, "articles")}),
        PageSpec("entries.html", ("viewpoints",), "viewpoints", {"entries": _of_kind(site, "viewpoints")}),
        PageSpec("people.html", ("people",), "people"),
        PageSpec("topics.html", ("topics",), "topics"),
        PageSpec("timeline.html", ("timeline",), "timeline"),
        PageSpec("figures.html", ("figures",), "figures"),
        PageSpec("sources.html", ("sources",), "sources"),
        PageSpec("glossary.html", ("glossary",), "glossary"),
        PageSpec("search.html", ("search",), "search"),
        PageSpec("404.html", ("404.html",), "not-found", in_sitemap=False),
    ]
    for entry in site.entries.values():
        kind = "article" if entry.kind == "articles" else "viewpoint"
        columns = parallel_columns(site, entry)
        pages.append(PageSpec("entry.html", (entry.kind, entry.key), kind, {"entry": entry, "parallel": columns},
                              entry.translated))
        if columns:
            pages.append(PageSpec("parallel.html", (entry.kind, entry.key, PARALLEL), "parallel",
                                  {"entry": entry, "columns": columns}, entry.translated))
    for person in site.people.values():
        pages.append(PageSpec("person.html", ("people", person.key), "person", {"person": person}))
    for topic in site.topics.values():
        pages.append(PageSpec("topic.html", ("topics", topic.key), "topic", {"topic": topic}))
    for page in site.pages.values():
        pages.append(PageSpec("page.html", (page.key,), page.key, {"free_page": page}, page.translated))
    return pages


def parallel_columns(site: Site, entry: Entry) -> tuple[str, ...]:
    """The languages of an entry's side-by-side page, in the site's order; () when it has no such page.

    Only texts written in a language are shown side by side: an entry translated into one language
    alone has nothing to set beside it, and gets no side-by-side page. A derived edition (Traditional Chinese) is
    no column of its own: its page shows its text where the language it comes from stands (parallel.html).
    """
    columns = tuple(code for code in site.config.languages if code in entry.translated and code not in DERIVED)
    return columns if len(columns) > 1 else ()


def _of_kind(site: Site, kind: str) -> tuple[Any, ...]:
    return tuple(entry for entry in site.entries.values() if entry.kind == kind)
