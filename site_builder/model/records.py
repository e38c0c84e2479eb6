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
from decimal import Decimal
from types import NoneType, UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from site_builder.content.dates import PartialDate, Period, parse_partial_date
from site_builder.model.bodies import Body, BodyHtml
from site_builder.model.site import Entry, FreePage, Outlet


class RecordError(ValueError):
    """A record that is not what to_record wrote (damaged, or made by other code)."""


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

    def entry(self, raw: Any) -> Entry:
        return self._read(Entry, raw)  # type: ignore[no-any-return]

    def page(self, raw: Any) -> FreePage:
        return self._read(FreePage, raw)  # type: ignore[no-any-return]

    def _read(self, annotation: Any, raw: Any) -> Any:
        try:
            return self._value(annotation, raw)
        except (TypeError, ValueError, KeyError, IndexError) as exc:
            raise RecordError(str(exc)) from exc

    def _value(self, annotation: Any, raw: Any) -> Any:
        if annotation in (str, int, float, bool):
            if type(raw) is not annotation:
                raise TypeError(f"expected {annotation.__name__}")
            return raw
        if annotation is NoneType:
            if raw is not None:
                raise TypeError("expected null")
            return None
        if annotation is Decimal:
            return Decimal(raw)
        if annotation is PartialDate:
            return parse_partial_date(raw)
        if annotation is Period:
            start, end = raw
            return Period(parse_partial_date(start), parse_partial_date(end) if end is not None else None)
        if annotation is Outlet:
            return self.outlets[raw]
        if annotation is Body:
            key, lookups, han, words = raw
            return Body(key, tuple((str(linked), str(kind)) for linked, kind in lookups), int(han), int(words),
                        source=self.bodies)
        origin = get_origin(annotation)
        if origin in (Union, UnionType):
            options = get_args(annotation)
            if raw is None and NoneType in options:
                return None
            return self._value(next(option for option in options if option is not NoneType), raw)
        if origin is tuple:
            arguments = get_args(annotation)
            if len(arguments) == 2 and arguments[1] is Ellipsis:
                return tuple(self._value(arguments[0], item) for item in raw)
            return tuple(self._value(argument, item) for argument, item in zip(arguments, raw, strict=True))
        if origin is list:
            return [self._value(get_args(annotation)[0], item) for item in raw]
        if origin is dict:
            value_type = get_args(annotation)[1]
            return {str(key): self._value(value_type, item) for key, item in raw.items()}
        if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
            return annotation(*(self._value(hint, item) for hint, item in zip(_field_types(annotation), raw,
                                                                                strict=True)))
        raise TypeError(f"no record reading for {annotation!r}")


@functools.cache
def _field_types(kind: type) -> tuple[Any, ...]:
    hints = get_type_hints(kind)
    return tuple(hints[item.name] for item in dataclasses.fields(kind) if item.compare)


def bodies_of(item: Entry | FreePage) -> list[Body]:
    """The bodies an entry or page shows, one per page language."""
    return [text.body for _lang, text in sorted(item.texts.items())]
