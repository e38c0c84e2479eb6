"""Entries taken from their records only when something looks into them.

A rebuild after one edit renders a few files, yet the lists, topics, people and the
timeline hold every entry: making 10,000 entries from their records took a third of a
second, and walking them for their values' places (render/reads.py) as much again. An
entry taken from its record is a LazyEntry: what the lists need of it (its row,
model/indexes.py `index_row`: kind, key, date, topics, people, the people it quotes, its
article, person, outlet and languages) is set at once, the rest (texts, quotes, citation,
`updated`) the first time one of them is looked up, read from the record as a whole.

The walk that places the model's values stops at an entry not filled yet and places what it
holds once it is filled (ModelPaths listens): every record of the model lies inside one
entry alone (a viewpoint's citation is its own, records.cited_again), so those places do not
depend on which entry was filled first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from site_builder.model.records import LateText, RecordError, RecordReader, RefusedRecordError, cited_again, record_text
from site_builder.model.site import Entry

_LATER = ("updated", "citation", "quotes", "texts")
# the fields a LazyEntry gets from its record when first looked up


class EntryFiller:
    """Fills one build's LazyEntries from their records, and tells who listens (ModelPaths) of each."""

    def __init__(self, reader: RecordReader, entries: dict[str, Entry]):
        self.reader = reader
        self.entries = entries
        # the build's entries by key: a viewpoint's citation is its article's
        self.listeners: list[Callable[[Entry], None]] = []

    def entry(self, record: dict[str, Any]) -> LazyEntry:
        """The entry of a kept record, as the lists see it; the rest is read when looked up."""
        kind, key, date, topics, people, quoted, article, person, outlet, translated = record["row"]
        entry = LazyEntry.__new__(LazyEntry)
        put = object.__setattr__
        for name, value in (("kind", kind), ("key", key), ("date", self.reader.date(date)),
                            ("topics", tuple(topics)), ("people", tuple(people)), ("person", person),
                            ("article", article), ("translated", tuple(translated)),
                            ("quoted", tuple(quoted)), ("outlet_key", outlet), ("_record", record["value"]),
                            ("_filler", self)):
            put(entry, name, value)
        return entry

    def fill(self, entry: LazyEntry, value: str | LateText) -> None:
        group = (entry.kind, entry.key)
        try:
            made = self.reader.entry(json.loads(record_text(value)))
        except RefusedRecordError as refused:
            raise RefusedRecordError(str(refused), group) from None
        except (RecordError, ValueError) as error:
            raise RecordError(str(error), group) from error
        put = object.__setattr__
        for name in _LATER:
            put(entry, name, getattr(made, name))
        if entry.kind == "viewpoints":
            put(entry, "citation", cited_again(self.entries[entry.article].citation))
        for listener in self.listeners:
            listener(entry)


class LazyEntry(Entry):
    """An entry made from its record's row; its other fields are read from the record when first looked up."""

    __slots__ = ("quoted", "outlet_key", "_record", "_filler")
    # quoted: the person of each quote ("" for an unnamed speaker); outlet_key: its citation's outlet

    def __getattr__(self, name: str) -> Any:
        # Called only for a field not set yet (a slot left empty raises AttributeError first).
        try:
            filler = object.__getattribute__(self, "_filler")
        except AttributeError:
            raise AttributeError(name) from None
        if filler is None or name not in _LATER:
            raise AttributeError(name)
        # Left unfilled if filling fails: every later look raises the same, never a missing field.
        filler.fill(self, object.__getattribute__(self, "_record"))
        object.__setattr__(self, "_filler", None)
        object.__setattr__(self, "_record", None)
        return object.__getattribute__(self, name)


def unfilled(value: object) -> EntryFiller | None:
    """The filler of an entry not filled yet; None for anything else."""
    if type(value) is not LazyEntry:
        return None
    try:
        return object.__getattribute__(value, "_filler")  # type: ignore[no-any-return]
    except AttributeError:  # made whole (dataclasses.replace)
        return None


def quoted_people(entry: Entry) -> tuple[str, ...]:
    """The person of each of an entry's quotes ("" for an unnamed speaker), without filling it."""
    return entry.quoted if isinstance(entry, LazyEntry) else tuple(quote.person for quote in entry.quotes)


def outlet_key(entry: Entry) -> str:
    """The key of the outlet an entry cites, without filling it."""
    return entry.outlet_key if isinstance(entry, LazyEntry) else entry.citation.outlet.key
