"""Turn validated source documents into the one site model."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from site_builder.content.dates import PartialDate, parse_partial_date, parse_period
from site_builder.content.languages import HANT
from site_builder.content.load import DATA_KINDS, EntryFile, SourceTree
from site_builder.content.phrases import phrase_table
from site_builder.content.quantities import parse_value
from site_builder.model.bodies import BodyMemo
from site_builder.model.entries import EntryMaking, Group, ModelPath, assemble_entries
from site_builder.model.hant import HantConverter
from site_builder.model.paging import DEFAULT_PAGE_SIZE
from site_builder.model.site import (
    Chart,
    ChartBar,
    Event,
    Figure,
    GlossaryTerm,
    Outlet,
    Person,
    Site,
    SiteConfig,
    Topic,
    Unit,
)
from site_builder.model.typography import Typeset, smarten_english
from site_builder.model.urls import UrlScheme


@dataclass(frozen=True, slots=True)
class Assembled:
    """The site model, and which content files each part of it was made from."""

    site: Site
    sources: dict[ModelPath, frozenset[str]]
    # every value under such a path was made from these files alone (absolute paths, as read), with the
    # settings; the rest of the model (its lists and orders) may depend on any file
    records: dict[Group, Any]
    # the entries and pages made from their files this time, as records to keep (model/records.py)
    hant: HantConverter | None = None
    # what made the Traditional Chinese texts (with the phrase table's terms they used), None without that edition


def assemble_site(tree: SourceTree, base_url: str | None = None, drafts: bool = False,
                  bodies: BodyMemo | None = None) -> Site:
    """Build the site model from a tree that passed validation."""
    return assemble_with_sources(tree, base_url, drafts, bodies).site


def assemble_with_sources(tree: SourceTree, base_url: str | None = None, drafts: bool = False,
                          bodies: BodyMemo | None = None, kept: dict[Group, Any] | None = None,
                          typeset: Typeset | None = None) -> Assembled:
    """Build the site model from a tree that passed validation, noting what each entry was made from.

    Markdown bodies are converted through `bodies`, which keeps the conversions of an
    earlier build: a body whose text did not change is not converted again. `kept` holds
    records of entries and pages whose files the tree leaves out (model/entries.py); `typeset`, the data files'
    values as an earlier build prepared them, English smartened and Traditional texts added (typography.Typeset).
    """
    bodies = bodies if bodies is not None else BodyMemo()
    site_raw = tree.site.data.value  # type: ignore[union-attr]
    hant = HantConverter(phrase_table(tree.phrases)) if HANT in site_raw["languages"] else None
    config = _config(site_raw, base_url, hant)
    items = _data_items(tree, hant, typeset if typeset is not None else Typeset())
    units = {key: _unit(key, raw) for key, raw in items["units"].items()}
    outlets = {key: Outlet(key, raw["name"], raw["kind"], raw.get("url", "")) for key, raw in items["sources"].items()}
    urls = UrlScheme(config.base_url)
    # An entry is made from its own files, the entries its body links to (their kinds make the links),
    # for a viewpoint its article (whose citation it shares), drafts or not, and the data files (site.yaml
    # gives the links' base path, the sources folder the outlets).
    data_files = frozenset(path for path, parsed in tree.parsed.items() if not isinstance(parsed.document, EntryFile))
    made = assemble_entries(tree, drafts, kept or {}, EntryMaking(outlets, urls, bodies, data_files, hant))
    entries, pages, made_from = made.entries, made.pages, made.made_from
    # Newest first. Dates compared as plain tuples: PartialDate's own comparisons are Python code, 130,000 calls
    # at 10,000 entries.
    ordered = dict(sorted(entries.items(), key=lambda item: (item[1].date.year, item[1].date.month,
                                                             item[1].date.day, item[0]), reverse=True))
    figures = tuple(sorted((_figure(key, raw, units) for key, raw in items["figures"].items()),
                           key=lambda f: (*_date_key(f.sort_date), f.key)))
    by_key = {figure.key: figure for figure in figures}
    charts = tuple(Chart(key, raw["title"], raw["description"], tuple(raw["topics"]),
                         tuple(ChartBar(by_key[bar["figure"]], bar["label"]) for bar in raw["bars"]),
                         ChartBar(by_key[raw["total"]["figure"]], raw["total"]["label"]) if raw.get("total") else None)
                   for key, raw in items["charts"].items())
    # What the data files alone make: no entry file goes into these.
    for name in _DATA_FIELDS:
        made_from[("site", name)] = data_files
    for name in _INDEXES_OF_DATA:
        made_from[("index", name)] = data_files
    site = Site(
        config=config,
        topics={key: Topic(key, raw["name"], raw["description"]) for key, raw in items["topics"].items()},
        people=dict(sorted(((key, Person(key, raw["name"], raw["role"], raw["kind"]))
                            for key, raw in items["people"].items()), key=lambda kv: kv[1].name["en"])),
        outlets=outlets,
        entries=ordered,
        events=tuple(sorted((_event(key, raw) for key, raw in items["events"].items()),
                            key=lambda e: (*_date_key(e.date), e.key))),
        figures=figures,
        glossary=tuple(sorted((GlossaryTerm(key, raw["zh"], raw["en"], raw["explanation"],
                                            hant.convert(raw["zh"]) if hant is not None else "")
                               for key, raw in items["glossary"].items()), key=lambda g: g.en.lower())),
        pages=pages,
        charts=charts,
        lead_figures=tuple(by_key[key] for key in tree.site.data.value.get("lead_figures") or ()),  # type: ignore[union-attr]
    )
    return Assembled(site, made_from, made.records, hant)


# Site fields made from data files only (site.yaml and the data folders), never from an entry.
_DATA_FIELDS = (".config", ".topics", ".people", ".outlets", ".events", ".figures", ".glossary", ".charts",
                ".lead_figures")
# Reverse lookups (model/indexes.py) made from the events and figures alone: an entry page reads its own key of
# each, and 20,000 keys evaluated at 10,000 entries after any edit cost half a second.
_INDEXES_OF_DATA = (".events_by_topic", ".events_by_entry", ".events_by_year", ".figures_by_topic",
                    ".figures_by_main_topic", ".figures_by_entry")


def _date_key(date: PartialDate) -> tuple[int, int, int]:
    """A date's order as a plain tuple: PartialDate's own comparisons are Python code (12 ms more for the 5,000
    events of 10,000 entries)."""
    return date.year, date.month, date.day


def _config(raw: dict[str, Any], base_url: str | None, hant: HantConverter | None) -> SiteConfig:
    raw = smarten_english(raw)
    if hant is not None:
        raw = hant.texts(raw)
    url = base_url or raw["base_url"]
    languages = tuple(sorted(raw["languages"], key=lambda lang: lang != raw["default_language"]))
    return SiteConfig(raw["title"], raw["tagline"], raw["description"], languages, raw["default_language"],
                      url if url.endswith("/") else url + "/", tuple(raw.get("essentials") or ()),
                      raw.get("list_page_size", DEFAULT_PAGE_SIZE))


def _data_items(tree: SourceTree, hant: HantConverter | None, typeset: Typeset) -> dict[str, dict[str, dict[str, Any]]]:
    items: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in DATA_KINDS}
    for data_file in tree.data:
        # A unit ({zh:, en:} too) gets its Traditional word as the Unit's `hant`, below.
        items[data_file.kind].update(typeset.prepared(data_file.data.value, hant))
    return items


def _unit(key: str, raw: dict[str, Any]) -> Unit:
    english = raw["en"]
    one, other = (english["one"], english["other"]) if isinstance(english, dict) else (english, english)
    scales = tuple((Decimal(factor), symbol) for factor, symbol in raw.get("en_scales") or ())
    return Unit(key, raw["zh"], one, other, scales, raw.get("scaled", True) is not False, raw.get(HANT, ""))


def _event(key: str, raw: dict[str, Any]) -> Event:
    return Event(key, parse_partial_date(str(raw["date"])), tuple(raw["entries"]), tuple(raw["topics"]), raw["text"])


def _figure(key: str, raw: dict[str, Any], units: dict[str, Unit]) -> Figure:
    return Figure(
        key=key, value=parse_value(raw["value"]), unit=units[raw["unit"]], qualifier=raw.get("qualifier", ""),
        period=parse_period(str(raw["period"])) if "period" in raw else None,
        as_of=parse_partial_date(str(raw["as_of"])) if "as_of" in raw else None,
        entries=tuple(raw["entries"]), topics=tuple(raw["topics"]), label=raw["label"], note=raw.get("note"),
    )
