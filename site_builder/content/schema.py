"""The schema of every file an editor writes: fields, types, allowed values.

Each type knows how to check a value and how to describe itself, so the same
definitions drive validation and the field reference in content/README.md.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from site_builder.content.dates import DateFormatError, parse_partial_date, parse_period, suggest_date
from site_builder.content.languages import LANGUAGES
from site_builder.content.quantities import parse_value


@dataclass(slots=True)
class Reference:
    """A key used in content that must exist among the items of a kind."""

    kind: str
    # "topics", "people", "sources", "units", "entries"
    key: str
    # the key as written
    path: tuple[Any, ...]
    # where it was written, for the line number


@dataclass(slots=True)
class Check:
    """What a schema check found in one value."""

    errors: list[tuple[tuple[Any, ...], str, str]] = field(default_factory=list)
    # (path, message, hint)
    references: list[Reference] = field(default_factory=list)

    def fail(self, path: tuple[Any, ...], message: str, hint: str = "") -> None:
        self.errors.append((path, message, hint))


class FieldType:
    """A kind of value; subclasses check it and describe it."""

    description = ""

    def check(self, value: object, path: tuple[Any, ...], result: Check) -> None:
        raise NotImplementedError


class Text(FieldType):
    description = "text"

    def __init__(self, max_length: int = 20000):
        self.max_length = max_length

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        if not isinstance(value, str) or isinstance(value, bool):
            result.fail(path, f"expected text, got {_shown(value)}", "quote the value")
        elif not value.strip():
            result.fail(path, "must not be empty")
        elif len(value) > self.max_length:
            result.fail(path, f"is {len(value)} characters long; at most {self.max_length} allowed")


class Localized(FieldType):
    description = "{zh: 中文, en: English}"

    def __init__(self, max_length: int = 20000):
        self.text = Text(max_length)

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        if not isinstance(value, dict):
            result.fail(path, f"expected both languages, {{zh: …, en: …}}, got {_shown(value)}")
            return
        for lang in LANGUAGES:
            if lang not in value:
                result.fail(path, f"missing the '{lang}' text", f"add '{lang}: …'")
            else:
                self.text.check(value[lang], path + (lang,), result)
        for extra in sorted(value.keys() - set(LANGUAGES)):
            hint = ("use zh and en" if len(extra) <= 3 else
                    "quote the text: inside { } a comma or ': ' starts a new field, e.g. en: \"Reporter, Daily\"")
            result.fail(path + (extra,), f"unknown language '{extra}'", hint)


class Choice(FieldType):
    def __init__(self, *choices: str | bool):
        self.choices = choices
        self.description = " | ".join(_plain(c) for c in choices)

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        if value not in self.choices:
            result.fail(path, f"expected one of {', '.join(_plain(c) for c in self.choices)}, got {_shown(value)}")


class Key(FieldType):
    """A reference to an item of another kind (checked once everything is loaded)."""

    def __init__(self, kind: str):
        self.kind = kind
        self.description = f"key of {kind}"

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        if not isinstance(value, str) or not value:
            result.fail(path, f"expected a key of {self.kind}, got {_shown(value)}")
        else:
            result.references.append(Reference(self.kind, value, path))


class Date(FieldType):
    description = "YYYY-MM-DD, YYYY-MM or YYYY"

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if text is None:
            result.fail(path, f"expected a date YYYY-MM-DD, got {_shown(value)}")
            return
        try:
            parse_partial_date(text)
        except DateFormatError as exc:
            # Suggesting what the editor already wrote (an impossible date like 2023-02-30) would not help.
            suggestion = suggest_date(text)
            result.fail(path, str(exc), f"write {suggestion}" if suggestion != text.strip() else "")


class PeriodType(FieldType):
    description = "a date, or START/END (e.g. 2016-01/2022-03)"

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if text is None:
            result.fail(path, f"expected a date or START/END, got {_shown(value)}")
            return
        try:
            parse_period(text)
        except DateFormatError as exc:
            result.fail(path, str(exc), "write e.g. 2023, 2023-10, 2023-10-20 or 2016-01/2022-03")


class Amount(FieldType):
    description = "number, optionally with 万 / 亿 (e.g. 3106亿, 12.5)"

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        try:
            parse_value(value)
        except ValueError as exc:
            result.fail(path, str(exc))


class Count(FieldType):
    """A whole number within bounds."""

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high
        self.description = f"whole number, {low} to {high}"

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            result.fail(path, f"expected a whole number from {self.low} to {self.high}, got {_shown(value)}")


class Url(FieldType):
    description = "http(s) URL"

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        valid = isinstance(value, str) and value.startswith(("http://", "https://"))
        if not valid or any(c.isspace() for c in value):
            result.fail(path, f"expected an http:// or https:// URL, got {_shown(value)}")


class ListOf(FieldType):
    def __init__(self, item: FieldType, min_items: int = 0, max_items: int = 1000):
        self.item, self.min_items, self.max_items = item, min_items, max_items
        self.description = f"list of {item.description}"

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        if not isinstance(value, list):
            result.fail(path, f"expected a list, got {_shown(value)}", "write [a, b] or one '- item' per line")
            return
        if len(value) < self.min_items:
            plural = "s" if self.min_items > 1 else ""
            result.fail(path, f"needs at least {self.min_items} item{plural}, has {len(value)}")
        if len(value) > self.max_items:
            result.fail(path, f"has {len(value)} items; at most {self.max_items} allowed")
        for index, item in enumerate(value):
            self.item.check(item, path + (index,), result)


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record."""

    name: str
    # the YAML key
    type: FieldType
    # what its value must be
    required: bool = True
    # whether it must be present
    doc: str = ""
    # what it holds, for the field reference


class Record(FieldType):
    """A mapping with known fields; unknown fields are errors (a typo must not vanish)."""

    description = "mapping"

    def __init__(self, *fields: Field, rule: Callable[[dict[str, Any], tuple[Any, ...], Check], None] | None = None):
        self.fields = {f.name: f for f in fields}
        self.rule = rule

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        if not isinstance(value, dict):
            result.fail(path, f"expected a mapping of fields, got {_shown(value)}")
            return
        # A misspelt field (titel) is reported once, as unknown with its likely name, not also as missing.
        misspelt = {}
        for name in value:
            if name not in self.fields:
                close = closest(name, self.fields)
                misspelt[close] = name
                result.fail(path + (name,), "unknown field", f"did you mean '{close}'?" if close else
                            f"allowed fields: {', '.join(self.fields)}")
        for name, spec in self.fields.items():
            if name in value and value[name] is not None:
                spec.type.check(value[name], path + (name,), result)
            elif spec.required and name not in misspelt:
                result.fail(path + (name,) if path else (name,), "is required", f"add '{name}:'")
        if self.rule is not None:
            self.rule(value, path, result)


class Mapping(FieldType):
    """A data file: keys (checked for form) mapped to records."""

    def __init__(self, item: Record):
        self.item = item

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        for key, item in value.items():
            self.item.check(item, path + (key,), result)


def closest(name: str, options: Iterable[str]) -> str:
    """The known name most like a misspelt one, or "" when none is close."""
    matches = difflib.get_close_matches(name, sorted(options), n=1, cutoff=0.6)
    return matches[0] if matches else ""


def _plain(choice: object) -> str:
    return str(choice).lower() if isinstance(choice, bool) else str(choice)


def _shown(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) < 60 else text[:57] + "…'"
