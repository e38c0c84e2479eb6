"""The list of pages of one language: which template, at which route, with what."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from site_builder.content.dates import PartialDate
from site_builder.content.languages import DERIVED
from site_builder.model.indexes import SiteIndex
from site_builder.model.paging import ListPage, by_year, numbered
from site_builder.model.site import Entry, Event, Outlet, Site

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
    made_from: tuple[str, ...] = ()
    # the part of the model (model/assemble.py's sources) this page's spec is made from alone, if one: while that
    # part is made from unchanged files, the file's own read (render/outputs.py output_reads) is unchanged too


def list_pages(site: Site, index: SiteIndex) -> list[PageSpec]:
    """Every page of the site, the same list in every language."""
    size = site.config.list_page_size
    pages = [PageSpec("home.html", (), "home")]
    for kind in ("articles", "viewpoints"):
        pages += _list_specs("entries.html", kind, numbered((kind,), size, _of_kind(site, kind)), "entries")
    pages += [PageSpec("people.html", ("people",), "people"), PageSpec("topics.html", ("topics",), "topics")]
    events = [event for _, year_events in index.events_by_year for event in year_events]
    pages += _list_specs("timeline.html", "timeline", by_year(("timeline",), size, events, lambda e: e.date.year),
                         "years", shape=_by_year)
    pages.append(PageSpec("figures.html", ("figures",), "figures"))
    # The sources as the page shows them, outlet by outlet, each outlet's pieces newest first.
    cited = [(outlet, entry) for outlet in site.outlets.values()
             for entry in index.entries_by_outlet.get(outlet.key, ())]
    pages += _list_specs("sources.html", "sources",
                         by_year(("sources",), size, cited, lambda pair: pair[1].date.year, newest_first=True),
                         "outlets", shape=_by_outlet)
    pages += [PageSpec("glossary.html", ("glossary",), "glossary"), PageSpec("search.html", ("search",), "search"),
              PageSpec("404.html", ("404.html",), "not-found", in_sitemap=False)]
    for entry in site.entries.values():
        kind = "article" if entry.kind == "articles" else "viewpoint"
        # The entry, and the site's languages (site.yaml, which every entry is made from).
        columns = parallel_columns(site, entry)
        part = ("site", ".entries", f"[{entry.key}")
        pages.append(PageSpec("entry.html", (entry.kind, entry.key), kind, {"entry": entry, "parallel": columns},
                              entry.translated, made_from=part))
        if columns:
            pages.append(PageSpec("parallel.html", (entry.kind, entry.key, PARALLEL), "parallel",
                                  {"entry": entry, "columns": columns}, entry.translated, made_from=part))
    for person in site.people.values():
        listed = numbered(("people", person.key), size, index.entries_by_person.get(person.key, ()))
        pages += _list_specs("person.html", "person", listed, "entries", person=person)
    for topic in site.topics.values():
        entries = index.entries_by_topic.get(topic.key, ())
        listed = numbered(("topics", topic.key), size, [e for e in entries if e.kind == "articles"],
                          [e for e in entries if e.kind == "viewpoints"], index.events_by_topic.get(topic.key, ()),
                          index.figures_by_topic.get(topic.key, ()))
        pages += _list_specs("topic.html", "topic", listed, "articles", "viewpoints", "events", "figures",
                             topic=topic)
    for page in site.pages.values():
        pages.append(PageSpec("page.html", (page.key,), page.key, {"free_page": page}, page.translated,
                              made_from=("site", ".pages", f"[{page.key}")))
    return pages


def parallel_columns(site: Site, entry: Entry) -> tuple[str, ...]:
    """The languages of an entry's side-by-side page, in the site's order; () when it has no such page.

    Only texts written in a language are shown side by side: an entry translated into one language
    alone has nothing to set beside it, and gets no side-by-side page. A derived edition (Traditional Chinese) is
    no column of its own: its page shows its text where the language it comes from stands (parallel.html).
    """
    columns = tuple(code for code in site.config.languages if code in entry.translated and code not in DERIVED)
    return columns if len(columns) > 1 else ()


def _list_specs(template: str, kind: str, listed: list[ListPage], *names: str,
                shape: Callable[[tuple[Any, ...]], tuple[Any, ...]] | None = None, **context: Any) -> list[PageSpec]:
    """The pages of one list: each shows its part of every section under the section's name, and its pager."""
    return [PageSpec(template, page.route, kind,
                     {**context, **{name: shape(items) if shape else items
                                    for name, items in zip(names, page.sections, strict=True)},
                      "pager": page.pager}) for page in listed]


def _by_year(events: tuple[Event, ...]) -> tuple[tuple[PartialDate, tuple[Event, ...]], ...]:
    """Events grouped under their year (a date of year precision), in their order."""
    years: dict[int, list[Event]] = {}
    for event in events:
        years.setdefault(event.date.year, []).append(event)
    return tuple((PartialDate(year), tuple(items)) for year, items in years.items())


def _by_outlet(cited: tuple[tuple[Outlet, Entry], ...]) -> tuple[tuple[Outlet, tuple[Entry, ...]], ...]:
    """(outlet, entry) pairs grouped under their outlet, in their order."""
    outlets: dict[str, tuple[Outlet, list[Entry]]] = {}
    for outlet, entry in cited:
        outlets.setdefault(outlet.key, (outlet, []))[1].append(entry)
    return tuple((outlet, tuple(entries)) for outlet, entries in outlets.values())


def _of_kind(site: Site, kind: str) -> tuple[Any, ...]:
    return tuple(entry for entry in site.entries.values() if entry.kind == kind)
