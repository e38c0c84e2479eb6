"""Lookups derived from the site model once, so templates only read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from site_builder.content.dates import PartialDate
from site_builder.model.lazyentries import outlet_key, quoted_people
from site_builder.model.site import Entry, Event, Figure, FreePage, Site


@dataclass(frozen=True, slots=True)
class SiteIndex:
    """Who links to what: computed once per build from the site model."""

    entries_by_topic: dict[str, tuple[Entry, ...]]
    # topic key -> entries, newest first
    events_by_topic: dict[str, tuple[Event, ...]]
    # topic key -> events, oldest first
    figures_by_topic: dict[str, tuple[Figure, ...]]
    # topic key -> figures
    figures_by_main_topic: dict[str, tuple[Figure, ...]]
    # topic key -> figures whose first topic it is, so each figure is listed once
    entries_by_person: dict[str, tuple[Entry, ...]]
    # person key -> entries that mention or quote them, newest first
    viewpoints_by_article: dict[str, tuple[Entry, ...]]
    # article key -> viewpoints drawn from it
    events_by_entry: dict[str, tuple[Event, ...]]
    # entry key -> events it reports
    figures_by_entry: dict[str, tuple[Figure, ...]]
    # entry key -> figures it reports
    entries_by_outlet: dict[str, tuple[Entry, ...]]
    # outlet key -> articles citing it, newest first
    events_by_year: tuple[tuple[PartialDate, tuple[Event, ...]], ...]
    # (the year as a date of year precision, its events), oldest year first
    event_topic_page: dict[str, int]
    # event key -> the page of its first topic's page that lists it (1 unless the topic's list is split)


def build_index(site: Site) -> SiteIndex:
    """Compute every reverse lookup the pages need."""
    by_topic, by_person, by_article, by_outlet = (defaultdict(list) for _ in range(4))
    for entry in site.entries.values():
        for topic in entry.topics:
            by_topic[topic].append(entry)
        # What the lists take of an entry, without filling one taken from its record (lazyentries.py).
        for person in dict.fromkeys(entry.people + tuple(person for person in quoted_people(entry) if person)):
            by_person[person].append(entry)
        if entry.kind == "viewpoints":
            by_article[entry.article].append(entry)
        else:
            by_outlet[outlet_key(entry)].append(entry)
    events_topic, events_entry, events_year = (defaultdict(list) for _ in range(3))
    for event in site.events:
        for topic in event.topics:
            events_topic[topic].append(event)
        for key in event.entries:
            events_entry[key].append(event)
        events_year[event.date.year].append(event)
    figures_topic, figures_main, figures_entry = defaultdict(list), defaultdict(list), defaultdict(list)
    for figure in site.figures:
        figures_main[figure.topics[0]].append(figure)
        for topic in figure.topics:
            figures_topic[topic].append(figure)
        for key in figure.entries:
            figures_entry[key].append(figure)
    return SiteIndex(
        entries_by_topic=_frozen(by_topic), events_by_topic=_frozen(events_topic),
        figures_by_topic=_frozen(figures_topic), figures_by_main_topic=_frozen(figures_main),
        entries_by_person=_frozen(by_person),
        viewpoints_by_article=_frozen(by_article), events_by_entry=_frozen(events_entry),
        figures_by_entry=_frozen(figures_entry), entries_by_outlet=_frozen(by_outlet),
        event_topic_page={event.key: position // site.config.list_page_size + 1
                          for topic, events in events_topic.items()
                          for position, event in enumerate(events) if event.topics[0] == topic},
        events_by_year=tuple((PartialDate(year), tuple(events)) for year, events in sorted(events_year.items())),
    )


def index_row(item: Entry | FreePage) -> list[Any]:
    """All that the reverse lookups above and the list of pages (render/pages.py) take from an entry or free
    page: which lists hold it, where, and at which routes. Two builds whose entries give the same rows, from
    the same data files, have the same lists, pages and routes; what else an entry holds is read from it apart."""
    if isinstance(item, FreePage):
        return ["pages", item.key, list(item.translated)]
    return [item.kind, item.key, item.date.iso(), list(item.topics), list(item.people),
            [quote.person for quote in item.quotes], item.article, item.person, item.citation.outlet.key,
            list(item.translated)]


def _frozen(mapping: dict[str, list[Any]]) -> dict[str, tuple[Any, ...]]:
    return {key: tuple(values) for key, values in mapping.items()}
