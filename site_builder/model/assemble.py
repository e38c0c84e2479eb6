"""Turn validated source documents into the one site model."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from site_builder.content.dates import parse_partial_date, parse_period
from site_builder.content.languages import DEFAULT_LANGUAGE, LANGUAGES
from site_builder.content.load import DATA_KINDS, EntryFile, SourceTree
from site_builder.content.quantities import parse_value
from site_builder.content.validate import published_entries
from site_builder.model.bodies import Body, BodyMemo
from site_builder.model.site import (
    Chart,
    ChartBar,
    Citation,
    Entry,
    EntryText,
    Event,
    Figure,
    FreePage,
    GlossaryTerm,
    Outlet,
    Person,
    Quote,
    Site,
    SiteConfig,
    Topic,
    Unit,
)
from site_builder.model.textstats import count_text, minutes_for
from site_builder.model.typography import smarten, smarten_english
from site_builder.model.urls import UrlScheme

ModelPath = tuple[str, ...]
# A place in the model, as render/reads.py names it: ("site", ".entries", "[key").


@dataclass(frozen=True, slots=True)
class Assembled:
    """The site model, and which content files each part of it was made from."""

    site: Site
    sources: dict[ModelPath, frozenset[str]]
    # every value under such a path was made from these files alone (absolute paths, as read), with the
    # settings; the rest of the model (its lists and orders) may depend on any file


def assemble_site(tree: SourceTree, base_url: str | None = None, drafts: bool = False,
                  bodies: BodyMemo | None = None) -> Site:
    """Build the site model from a tree that passed validation."""
    return assemble_with_sources(tree, base_url, drafts, bodies).site


def assemble_with_sources(tree: SourceTree, base_url: str | None = None, drafts: bool = False,
                          bodies: BodyMemo | None = None) -> Assembled:
    """Build the site model from a tree that passed validation, noting what each entry was made from.

    Markdown bodies are converted through `bodies`, which keeps the conversions of an
    earlier build: a body whose text did not change is not converted again.
    """
    bodies = bodies if bodies is not None else BodyMemo()
    config = _config(tree.site.data.value, base_url)  # type: ignore[union-attr]
    items = _data_items(tree)
    units = {key: _unit(key, raw) for key, raw in items["units"].items()}
    outlets = {key: Outlet(key, raw["name"], raw["kind"], raw.get("url", "")) for key, raw in items["sources"].items()}
    grouped = published_entries(tree, drafts)
    urls = UrlScheme(config.base_url)
    kinds = {key: kind for (kind, key) in grouped if kind != "pages"}

    # An entry is made from its own files, the entries its body links to (their kinds make the links),
    # for a viewpoint its article (whose citation it shares), drafts or not, and the data files (site.yaml
    # gives the links' base path, the sources folder the outlets).
    data_files = frozenset(path for path, parsed in tree.parsed.items() if not isinstance(parsed.document, EntryFile))
    files_of = {key: _paths(files) for (kind, key), files in published_entries(tree, drafts=True).items()
                if kind != "pages"}
    made_from: dict[ModelPath, frozenset[str]] = {}

    def texts_for(files: dict[str, EntryFile], sources: set[str]) -> dict[str, EntryText]:
        texts = {}
        for lang, text in _texts_by_language(files).items():
            body = bodies.convert(text.body, lang, urls, kinds)
            texts[lang] = _text(text, body)
            for linked, _kind in body.lookups:
                sources |= files_of.get(linked, frozenset())
        return texts

    # The bodies no earlier build converted, all at once: on a first build, on every core.
    bodies.convert_all(((text.body, lang) for files in grouped.values()
                        for lang, text in _texts_by_language(files).items()), urls, kinds)

    entries: dict[str, Entry] = {}
    # Articles first: a viewpoint cites the source of the article it comes from.
    for kind in ("articles", "viewpoints"):
        for (group_kind, key), files in sorted(grouped.items()):
            if group_kind == kind:
                sources = set(_paths(files) | data_files)
                entries[key] = _entry(kind, key, files, entries, outlets, functools.partial(texts_for, sources=sources))
                if kind == "viewpoints":
                    article = files[DEFAULT_LANGUAGE].meta.value["article"]
                    sources |= made_from.get(("site", ".entries", f"[{article}"), frozenset())
                made_from[("site", ".entries", f"[{key}")] = frozenset(sources)
    ordered = dict(sorted(entries.items(), key=lambda item: (item[1].date, item[0]), reverse=True))
    figures = tuple(sorted((_figure(key, raw, units) for key, raw in items["figures"].items()),
                           key=lambda f: (f.sort_date, f.key)))
    by_key = {figure.key: figure for figure in figures}
    charts = tuple(Chart(key, raw["title"], raw["description"], tuple(raw["topics"]),
                         tuple(ChartBar(by_key[bar["figure"]], bar["label"]) for bar in raw["bars"]),
                         ChartBar(by_key[raw["total"]["figure"]], raw["total"]["label"]) if raw.get("total") else None)
                   for key, raw in items["charts"].items())
    pages = {}
    for (kind, key), files in sorted(grouped.items()):
        if kind == "pages":
            sources = set(_paths(files) | data_files)
            pages[key] = FreePage(key, texts_for(files, sources), tuple(lang for lang in LANGUAGES if lang in files))
            made_from[("site", ".pages", f"[{key}")] = frozenset(sources)
    # What the data files alone make: no entry file goes into these.
    for name in _DATA_FIELDS:
        made_from[("site", name)] = data_files
    site = Site(
        config=config,
        topics={key: Topic(key, raw["name"], raw["description"]) for key, raw in items["topics"].items()},
        people=dict(sorted(((key, Person(key, raw["name"], raw["role"], raw["kind"]))
                            for key, raw in items["people"].items()), key=lambda kv: kv[1].name["en"])),
        outlets=outlets,
        entries=ordered,
        events=tuple(sorted((_event(key, raw) for key, raw in items["events"].items()),
                            key=lambda e: (e.date, e.key))),
        figures=figures,
        glossary=tuple(sorted((GlossaryTerm(key, raw["zh"], raw["en"], raw["explanation"])
                               for key, raw in items["glossary"].items()), key=lambda g: g.en.lower())),
        pages=pages,
        charts=charts,
        lead_figures=tuple(by_key[key] for key in tree.site.data.value.get("lead_figures") or ()),  # type: ignore[union-attr]
    )
    return Assembled(site, made_from)


# Site fields made from data files only (site.yaml and the data folders), never from an entry.
_DATA_FIELDS = (".config", ".topics", ".people", ".outlets", ".events", ".figures", ".glossary", ".charts",
                ".lead_figures")


def _paths(files: dict[str, EntryFile]) -> frozenset[str]:
    return frozenset(str(entry.file) for entry in files.values())


def _texts_by_language(files: dict[str, EntryFile]) -> dict[str, EntryFile]:
    """The file each language's page shows: its own, or the Chinese one where it has none."""
    source = files.get(DEFAULT_LANGUAGE) or next(iter(files.values()))
    return {lang: files.get(lang) or source for lang in LANGUAGES}


def _config(raw: dict[str, Any], base_url: str | None) -> SiteConfig:
    raw = smarten_english(raw)
    url = base_url or raw["base_url"]
    languages = tuple(sorted(raw["languages"], key=lambda lang: lang != raw["default_language"]))
    return SiteConfig(raw["title"], raw["tagline"], raw["description"], languages, raw["default_language"],
                      url if url.endswith("/") else url + "/", tuple(raw.get("essentials") or ()))


def _data_items(tree: SourceTree) -> dict[str, dict[str, dict[str, Any]]]:
    items: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in
                                         DATA_KINDS}
    for data_file in tree.data:
        items[data_file.kind].update(smarten_english(data_file.data.value))
    return items


def _unit(key: str, raw: dict[str, Any]) -> Unit:
    english = raw["en"]
    one, other = (english["one"], english["other"]) if isinstance(english, dict) else (english, english)
    scales = tuple((Decimal(factor), symbol) for factor, symbol in raw.get("en_scales") or ())
    return Unit(key, raw["zh"], one, other, scales, raw.get("scaled", True) is not False)


def _entry(kind: str, key: str, files: dict[str, EntryFile], built: dict[str, Entry], outlets: dict[str, Outlet],
           texts_for: Callable[[dict[str, EntryFile]], dict[str, EntryText]]) -> Entry:
    source = files[DEFAULT_LANGUAGE]
    meta = source.meta.value
    quotes_raw = meta.get("quotes") or []
    texts = texts_for(files)
    translations = {lang: [smarten(quote) for quote in files[lang].meta.value.get("quotes") or []]
                    if lang in files else [] for lang in LANGUAGES}
    quotes = tuple(
        Quote(
            text=raw["text"],
            translation={lang: (translations[lang][i] if lang != DEFAULT_LANGUAGE and i < len(translations[lang])
                                else raw["text"]) for lang in LANGUAGES},
            person=raw.get("by") or (meta.get("person", "") if "speaker" not in raw else ""),
            speaker=smarten_english(raw.get("speaker")),
        )
        for i, raw in enumerate(quotes_raw)
    )
    if kind == "articles":
        citation = _citation(meta["source"], files, outlets)
        people = tuple(meta.get("people") or ())
    else:
        citation = built[meta["article"]].citation
        people = (meta["person"],)
    return Entry(
        kind=kind, key=key, date=parse_partial_date(str(meta["date"])),
        updated=parse_partial_date(str(meta.get("updated") or meta["date"])), topics=tuple(meta["topics"]),
        people=people, citation=citation, quotes=quotes, person=meta.get("person", ""),
        article=meta.get("article", ""), texts=texts, translated=tuple(lang for lang in LANGUAGES if lang in files),
    )


def _citation(raw: dict[str, Any], files: dict[str, EntryFile], outlets: dict[str, Outlet]) -> Citation:
    translated = {DEFAULT_LANGUAGE: raw["headline"]}
    for lang, entry in files.items():
        if lang != DEFAULT_LANGUAGE and isinstance(entry.meta.value.get("source"), dict):
            translated[lang] = smarten(entry.meta.value["source"]["headline"])
    return Citation(
        outlet=outlets[raw["outlet"]], authors=tuple(smarten_english(raw.get("authors") or [])),
        headline=raw["headline"],
        headline_translation=translated, section=raw.get("section", ""), url=raw.get("url", ""), seed=raw["seed"],
    )


def _text(entry: EntryFile, body: Body) -> EntryText:
    # On a fallback page the text stays in its own language, but its links lead to pages in the reader's language.
    meta = entry.meta.value
    han, words = count_text(" ".join([meta.get("summary", ""), *(meta.get("key_points") or meta.get("points") or [])]))
    points = meta.get("key_points") or meta.get("points") or []
    # Typographic quotes in English text; Chinese text is written with its own.
    typeset = smarten if entry.lang != DEFAULT_LANGUAGE else str
    return EntryText(
        lang=entry.lang, title=typeset(meta["title"]), summary=typeset(meta.get("summary", "")),
        points=tuple(map(typeset, points)), notes=tuple(map(typeset, meta.get("notes") or ())), body=body,
        reading_minutes=minutes_for(han + body.han, words + body.words),
    )


def _event(key: str, raw: dict[str, Any]) -> Event:
    return Event(key, parse_partial_date(str(raw["date"])), tuple(raw["entries"]), tuple(raw["topics"]), raw["text"])


def _figure(key: str, raw: dict[str, Any], units: dict[str, Unit]) -> Figure:
    return Figure(
        key=key, value=parse_value(raw["value"]), unit=units[raw["unit"]], qualifier=raw.get("qualifier", ""),
        period=parse_period(str(raw["period"])) if "period" in raw else None,
        as_of=parse_partial_date(str(raw["as_of"])) if "as_of" in raw else None,
        entries=tuple(raw["entries"]), topics=tuple(raw["topics"]), label=raw["label"], note=raw.get("note"),
    )
