"""An entry or free page of the model as plain data, so that a rebuild can take it as it was.

What the assembler makes of one entry depends on its own files, the kinds of the entries
its body links to, the outlets (a data file) and, for a viewpoint, its article's citation.
The record holds what the files give; the outlet is kept by key and the viewpoint's
citation taken from its article when the record is read back, so that a change in a data
file or an article shows through a kept record as it would through a fresh one.

Records are typed by the model's own annotations: a new field in the model needs nothing
here, as long as it is made of atoms, dates, containers and the model's records.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from decimal import Decimal
from types import NoneType, UnionType
from typing import Any, Protocol, Union, cast, get_args, get_origin, get_type_hints

from site_builder.content.dates import PartialDate, Period, parse_partial_date
from site_builder.model.bodies import Body, BodyHtml
from site_builder.model.site import Citation, Entry, FreePage, Outlet


class RecordError(ValueError):
    """A record that is not what to_record wrote (damaged, or made by other code)."""

    def __init__(self, message: str, group: tuple[str, str] = ("", "")):
        super().__init__(message)
        self.group = group
        # the (kind, key) of the entry or page whose record it is, when known


class RefusedRecordError(Exception):
    """A kept record whose value proves, when its entry is filled, not to be what a build of this user wrote.

    Not a ValueError: nothing on the way from a template's lookup to the build may take it for a missing
    value. The build goes back to reading the entry's files (build/pipeline.py)."""

    def __init__(self, message: str, group: tuple[str, str] = ("", "")):
        super().__init__(message)
        self.group = group

    def __reduce__(self) -> tuple[type[RefusedRecordError], tuple[str, tuple[str, str]]]:
        return type(self), (str(self), self.group)  # raised in a render process, told to the build's own


class LateText(Protocol):
    """A record's value as JSON text, checked only when read (build/memo.py): text() raises RefusedRecordError."""

    def text(self) -> str: ...


def record_text(value: str | LateText) -> str:
    """The JSON text of a record's value, as assembling made it (a str) or as the cache kept it."""
    return value if isinstance(value, str) else value.text()


def to_record(value: Any) -> Any:
    """A model value as JSON data: records as lists of their fields, outlets by key."""
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is Decimal:
        return str(value)
    if kind is PartialDate:
        return value.iso()
    if kind is Period:
        return [value.start.iso(), value.end.iso() if value.end is not None else None]
    if kind is Outlet:
        return value.key
    if kind is Body:
        return [value.key, [list(pair) for pair in value.lookups], value.han, value.words]
    if kind is tuple or kind is list:
        return [to_record(item) for item in value]
    if kind is dict:
        return {key: to_record(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value):
        return [to_record(getattr(value, item.name)) for item in dataclasses.fields(value) if item.compare]
    raise TypeError(f"no record for a {kind.__name__}")


class RecordReader:
    """Reads records back, with the site's outlets and the store of converted bodies."""

    def __init__(self, outlets: dict[str, Outlet], bodies: BodyHtml):
        self.outlets = outlets
        self.bodies = bodies
        self._readers: dict[Any, Callable[[Any], Any]] = {}
        # a reader per annotation, made once: decoding by annotation for every value was half the time
        self._dates: dict[str, PartialDate] = {}
        # 10,000 entries hold a few thousand distinct dates: each parsed (and checked) once

    def entry(self, raw: Any) -> Entry:
        return self._read(Entry, raw)  # type: ignore[no-any-return]

    def page(self, raw: Any) -> FreePage:
        return self._read(FreePage, raw)  # type: ignore[no-any-return]

    def _read(self, annotation: Any, raw: Any) -> Any:
        try:
            return self._reader(annotation)(raw)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
            raise RecordError(str(exc)) from exc

    def _reader(self, annotation: Any) -> Callable[[Any], Any]:
        found = self._readers.get(annotation)
        if found is None:
            found = self._readers[annotation] = self._make_reader(annotation)
        return found

    def _make_reader(self, annotation: Any) -> Callable[[Any], Any]:
        if annotation in (str, int, float, bool, NoneType):
            return functools.partial(_atom, annotation)
        if annotation is Decimal:
            return Decimal
        if annotation is PartialDate:
            return self.date
        if annotation is Period:
            return self._period
        if annotation is Outlet:
            return self.outlets.__getitem__
        if annotation is Body:
            return self._body
        origin, arguments = get_origin(annotation), get_args(annotation)
        if origin in (Union, UnionType):
            inner = self._reader(next(option for option in arguments if option is not NoneType))
            return (lambda raw: None if raw is None else inner(raw)) if NoneType in arguments else inner
        if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
            item = self._reader(arguments[0])
            return lambda raw: tuple(map(item, _list(raw)))
        if origin is tuple:
            items = [self._reader(argument) for argument in arguments]
            return lambda raw: tuple(read(value) for read, value in zip(items, _list(raw), strict=True))
        if origin is list:
            item = self._reader(arguments[0])
            return lambda raw: list(map(item, _list(raw)))
        if origin is dict:
            value = self._reader(arguments[1])
            return lambda raw: {_atom(str, key): value(item) for key, item in raw.items()}
        if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
            return self._record_reader(annotation)
        raise TypeError(f"no record reading for {annotation!r}")

    def _record_reader(self, kind: type) -> Callable[[Any], Any]:
        """A record type's reader, written out as Python once: a reader looping over the fields of every record
        took half the time of reading 10,000 entries back. Only the annotations shape the code, never a record."""
        hints = _field_types(kind)
        names: dict[str, Any] = {"kind": kind, "_list": _list, "_mistyped": _mistyped}
        values = []
        for position, hint in enumerate(hints):
            item = f"r[{position}]"
            if hint in (str, int, float, bool):
                names[f"t{position}"] = hint
                values.append(f"({item} if type({item}) is t{position} else _mistyped(t{position}, {item}))")
            else:
                names[f"f{position}"] = self._reader(hint)
                values.append(f"f{position}({item})")
        exec(f"def read(raw):\n"  # noqa: S102 - code made from the model's annotations alone
             f"    r = _list(raw)\n"
             f"    if len(r) != {len(hints)}:\n"
             f"        raise ValueError(f'{{len(r)}} fields where {kind.__name__} has {len(hints)}')\n"
             f"    return kind({', '.join(values)})\n", names)
        return cast(Callable[[Any], Any], names["read"])

    def date(self, raw: Any) -> PartialDate:
        found = self._dates.get(raw)
        if found is None:
            found = self._dates[raw] = parse_partial_date(raw)
        return found

    def _period(self, raw: Any) -> Period:
        start, end = _list(raw)
        return Period(self.date(start), self.date(end) if end is not None else None)

    def _body(self, raw: Any) -> Body:
        key, lookups, han, words = raw
        return Body(_atom(str, key), tuple((_atom(str, linked), _atom(str, kind)) for linked, kind in lookups),
                    _atom(int, han), _atom(int, words), source=self.bodies)


def _atom(kind: type, raw: Any) -> Any:
    return raw if type(raw) is kind else _mistyped(kind, raw)


def _mistyped(kind: type, raw: Any) -> Any:
    raise TypeError(f"expected {kind.__name__}, found {type(raw).__name__}")


def _list(raw: Any) -> list[Any]:
    if type(raw) is not list:
        raise TypeError(f"expected a list, found {type(raw).__name__}")
    return raw


@functools.cache
def _field_types(kind: type) -> tuple[Any, ...]:
    hints = get_type_hints(kind)
    return tuple(hints[item.name] for item in dataclasses.fields(kind) if item.compare)


def cited_again(citation: Citation) -> Citation:
    """A viewpoint's citation: its article's, as a record of its own. Every record of the model then lies inside
    one entry alone, so that its place in the model (render/reads.py) is the same whichever entry is reached
    first: a rebuild need not make every entry to know where each value is (model/lazyentries.py)."""
    return dataclasses.replace(citation)


def bodies_of(item: Entry | FreePage) -> list[Body]:
    """The bodies an entry or page shows, one per page language."""
    return [text.body for _lang, text in sorted(item.texts.items())]
