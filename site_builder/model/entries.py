"""The entries and free pages of the model: made from their files, or taken from a kept record.

A rebuild that finds an entry's files as an earlier build recorded them takes the entry
from that build's record (model/records.py) instead of its files, which the loader then
does not even read: at 10,000 entries, parsing, checking and making them is most of a
rebuild. A record serves while the entries its body links to keep their kinds (its HTML
links depend on them); its outlet and, for a viewpoint, its article's citation are taken
from this build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from site_builder.content.dates import parse_partial_date
from site_builder.content.languages import CHINESE, DEFAULT_LANGUAGE, HANT, LANGUAGES
from site_builder.content.load import EntryFile, SourceTree
from site_builder.content.validate import published_entries
from site_builder.content.yamltext import Located
from site_builder.model.bodies import Body, BodyMemo
from site_builder.model.hant import HantConverter
from site_builder.model.indexes import index_row
from site_builder.model.lazyentries import EntryFiller
from site_builder.model.records import (
    RecordError,
    RecordReader,
    RefusedRecordError,
    bodies_of,
    cited_again,
    record_text,
    to_record,
)
from site_builder.model.site import Citation, Entry, EntryText, FreePage, Outlet, Quote
from site_builder.model.textstats import count_text, minutes_for
from site_builder.model.typography import smarten, smarten_english
from site_builder.model.urls import UrlScheme

ModelPath = tuple[str, ...]
# A place in the model, as render/reads.py names it: ("site", ".entries", "[key").
Group = tuple[str, str]
# (kind, key) of an entry or page


@dataclass(frozen=True, slots=True)
class EntryMaking:
    """What making an entry needs besides its files."""

    outlets: dict[str, Outlet]
    urls: UrlScheme
    bodies: BodyMemo
    data_files: frozenset[str]
    # every entry is made from them too (site.yaml gives the links' base path, sources/ the outlets)
    hant: HantConverter | None = None
    # makes the Traditional Chinese texts, when the site has that edition


@dataclass(frozen=True, slots=True)
class EntriesMade:
    entries: dict[str, Entry]
    # by key, articles first
    pages: dict[str, FreePage]
    made_from: dict[ModelPath, frozenset[str]]
    # the files each entry and page was made from
    records: dict[Group, Any]
    # records of those made from their files this time


def record_of(item: Entry | FreePage, files: frozenset[str], draft: bool, phrases: set[str]) -> dict[str, Any]:
    """An entry or page as a record to keep: the value, its place in the site's lists (index_row), the files it
    was made from, the bodies it names, the phrase table's terms its Traditional text used."""
    bodies = bodies_of(item)
    # The value as JSON text: a rebuild decodes only the records of the entries it looks into (lazyentries.py).
    value = json.dumps(to_record(item), ensure_ascii=False, separators=(",", ":"))
    return {"value": value, "row": index_row(item), "files": sorted(files), "draft": draft,
            "phrases": sorted(phrases),
            "bodies": sorted({body.key for body in bodies}),
            "lookups": [list(pair) for pair in sorted({pair for body in bodies for pair in body.lookups})]}


def record_is_current(record: dict[str, Any], kinds: dict[str, str]) -> bool:
    """Whether each entry its bodies link to still has the kind the record's HTML links assume (False for a
    record that does not say)."""
    try:
        return all(kinds.get(linked, "articles") == kind for linked, kind in record["lookups"])
    except (TypeError, ValueError, KeyError):
        return False


def published_records(kept: dict[Group, Any], drafts: bool) -> dict[Group, Any]:
    return {group: record for group, record in kept.items() if drafts or not record["draft"]}


def entry_kinds(tree: SourceTree, kept: dict[Group, Any], drafts: bool) -> dict[str, str]:
    """The kind of every published entry, by key: what its links' addresses depend on."""
    return {key: kind for (kind, key) in [*published_entries(tree, drafts), *published_records(kept, drafts)]
            if kind != "pages"}


def assemble_entries(tree: SourceTree, drafts: bool, kept: dict[Group, Any], making: EntryMaking) -> EntriesMade:
    """Every published entry and page, from its files or its record (`kept`, for groups the tree leaves out)."""
    grouped = published_entries(tree, drafts)
    recorded = published_records(kept, drafts)
    kinds = entry_kinds(tree, kept, drafts)
    files_of = {key: _paths(files) for (kind, key), files in published_entries(tree, drafts=True).items()
                if kind != "pages"}
    files_of.update({key: frozenset(record["files"]) for (kind, key), record in kept.items() if kind != "pages"})
    reader = RecordReader(making.outlets, making.bodies)
    bodies, urls = making.bodies, making.urls
    made_from: dict[ModelPath, frozenset[str]] = {}
    records: dict[Group, Any] = {}
    entries: dict[str, Entry] = {}
    filler = EntryFiller(reader, entries)

    def texts_for(files: dict[str, EntryFile]) -> dict[str, EntryText]:
        return {lang: _text(text, bodies.convert(text.body, lang, urls, kinds))
                for lang, text in _texts_by_language(files, making.hant).items()}

    def sources_of(own: frozenset[str], lookups: list[tuple[str, str]]) -> set[str]:
        sources = set(own | making.data_files)
        for linked, _kind in lookups:
            sources |= files_of.get(linked, frozenset())
        return sources

    # The bodies no earlier build converted, all at once: on a first build, on every core.
    bodies.convert_all(((text.body, lang) for files in grouped.values()
                        for lang, text in _texts_by_language(files, making.hant).items()), urls, kinds)

    pages: dict[str, FreePage] = {}
    # Articles first: a viewpoint cites the source of the article it comes from.
    for kind in ("articles", "viewpoints", "pages"):
        for group in sorted(group for group in {*grouped, *recorded} if group[0] == kind):
            key = group[1]
            item: Entry | FreePage
            if group in grouped:
                files = grouped[group]
                own = _paths(files)
                with _tracking(making.hant) as phrases:
                    item = _entry(kind, key, files, entries, making, texts_for) if kind != "pages" else \
                        FreePage(key, texts_for(files), _translated(files, making.hant))
                record = records[group] = record_of(
                    item, own, files[DEFAULT_LANGUAGE].meta.value.get("draft") is True
                    if DEFAULT_LANGUAGE in files else False, phrases)
            else:
                record = recorded[group]
                try:
                    if making.hant is not None:
                        making.hant.note_used(frozenset(map(str, record["phrases"])))
                    own = frozenset(str(path) for path in record["files"])
                    # An entry is filled from its record when looked into; a free page (a few) at once.
                    item = filler.entry(record) if kind != "pages" else \
                        reader.page(json.loads(record_text(record["value"])))
                except (RecordError, RefusedRecordError, TypeError, ValueError) as error:
                    raise RecordError(str(error), group) from error
            sources = sources_of(own, record["lookups"])
            if isinstance(item, Entry):
                entries[key] = item
                if kind == "viewpoints":
                    sources |= made_from.get(("site", ".entries", f"[{item.article}"), frozenset())
                made_from[("site", ".entries", f"[{key}")] = frozenset(sources)
            else:
                pages[key] = item
                made_from[("site", ".pages", f"[{key}")] = frozenset(sources)
    return EntriesMade(entries, pages, made_from, records)


def _paths(files: dict[str, EntryFile]) -> frozenset[str]:
    return frozenset(str(entry.file) for entry in files.values())


def _tracking(hant: HantConverter | None) -> contextlib.AbstractContextManager[set[str]]:
    return hant.tracking() if hant is not None else contextlib.nullcontext(set())


def _translated(files: dict[str, EntryFile], hant: HantConverter | None) -> tuple[str, ...]:
    """The languages an entry has a text in: those of its files, and Traditional Chinese (converted if not
    written) in a site with that edition."""
    return tuple(lang for lang in LANGUAGES if lang in files) + ((HANT,) if hant is not None else ())


def _texts_by_language(files: dict[str, EntryFile], hant: HantConverter | None) -> dict[str, EntryFile]:
    """The file each language's page shows: its own, or the Chinese one where it has none; the Traditional
    text is the hand-made file, else the Chinese one converted."""
    source = files.get(DEFAULT_LANGUAGE) or next(iter(files.values()))
    texts = {lang: files.get(lang) or source for lang in LANGUAGES}
    if hant is not None:
        texts[HANT] = files.get(HANT) or _converted(source, hant)
    return texts


def _converted(source: EntryFile, hant: HantConverter) -> EntryFile:
    """The Chinese file's text (what _text reads of it, and its body) in Traditional Chinese."""
    meta = source.meta.value
    value = {name: hant.convert(meta[name]) if isinstance(meta[name], str) else [hant.convert(i) for i in meta[name]]
             for name in ("title", "summary", "key_points", "points", "notes") if meta.get(name)}
    return dataclasses.replace(source, lang=HANT, meta=Located(value), body=hant.convert(source.body))


def _entry(kind: str, key: str, files: dict[str, EntryFile], built: dict[str, Entry], making: EntryMaking,
           texts_for: Callable[[dict[str, EntryFile]], dict[str, EntryText]]) -> Entry:
    source = files[DEFAULT_LANGUAGE]
    meta = source.meta.value
    quotes_raw = meta.get("quotes") or []
    texts = texts_for(files)
    hant = making.hant
    languages = LANGUAGES + ((HANT,) if hant is not None else ())
    # A quote's reading in each language: the translation file's, the Traditional one converted if not written.
    translations = {lang: [smarten(quote) if lang not in CHINESE else quote
                           for quote in files[lang].meta.value.get("quotes") or []]
                    if lang in files else [] for lang in languages}
    quotes = tuple(
        Quote(
            text=raw["text"],
            translation={lang: (translations[lang][i] if lang != DEFAULT_LANGUAGE and i < len(translations[lang])
                                else hant.convert(raw["text"]) if lang == HANT and hant is not None
                                else raw["text"]) for lang in languages},
            person=raw.get("by") or (meta.get("person", "") if "speaker" not in raw else ""),
            speaker=_texts(hant, smarten_english(raw.get("speaker"))),
        )
        for i, raw in enumerate(quotes_raw)
    )
    if kind == "articles":
        citation = _citation(meta["source"], files, making.outlets, hant)
        people = tuple(meta.get("people") or ())
    else:
        citation = cited_again(built[meta["article"]].citation)
        people = (meta["person"],)
    return Entry(
        kind=kind, key=key, date=parse_partial_date(str(meta["date"])),
        updated=parse_partial_date(str(meta.get("updated") or meta["date"])), topics=tuple(meta["topics"]),
        people=people, citation=citation, quotes=quotes, person=meta.get("person", ""),
        article=meta.get("article", ""), texts=texts, translated=_translated(files, hant),
    )


def _texts(hant: HantConverter | None, value: Any) -> Any:
    return hant.texts(value) if hant is not None else value


def _citation(raw: dict[str, Any], files: dict[str, EntryFile], outlets: dict[str, Outlet],
              hant: HantConverter | None) -> Citation:
    translated = {DEFAULT_LANGUAGE: raw["headline"]}
    if hant is not None:
        translated[HANT] = hant.convert(raw["headline"])
    for lang, entry in files.items():
        if lang != DEFAULT_LANGUAGE and (lang != HANT or hant is not None) \
                and isinstance(entry.meta.value.get("source"), dict):
            headline = entry.meta.value["source"]["headline"]
            translated[lang] = headline if lang in CHINESE else smarten(headline)
    return Citation(
        outlet=outlets[raw["outlet"]], authors=tuple(_texts(hant, smarten_english(raw.get("authors") or []))),
        headline=raw["headline"],
        headline_translation=translated, section=raw.get("section", ""), url=raw.get("url", ""),
        original=raw["original"],
    )


def _text(entry: EntryFile, body: Body) -> EntryText:
    # On a fallback page the text stays in its own language, but its links lead to pages in the reader's language.
    meta = entry.meta.value
    han, words = count_text(" ".join([meta.get("summary", ""), *(meta.get("key_points") or meta.get("points") or [])]))
    points = meta.get("key_points") or meta.get("points") or []
    # Typographic quotes in English text; Chinese text is written with its own.
    typeset = smarten if entry.lang not in CHINESE else str
    return EntryText(
        lang=entry.lang, title=typeset(meta["title"]), summary=typeset(meta.get("summary", "")),
        points=tuple(map(typeset, points)), notes=tuple(map(typeset, meta.get("notes") or ())), body=body,
        reading_minutes=minutes_for(han + body.han, words + body.words),
    )
