"""Steps through the model: which fields of a record may hold other records, each step of a path.

The walk that gives records their canonical paths (reads.py ModelPaths) follows only the fields
that may hold records, known from the record types' annotations: a field made of atoms alone (a
title's translations, a list of topic keys) holds no record. A key read later is followed step by
step as Jinja looks it up (follow).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from decimal import Decimal
from types import UnionType
from typing import Union, cast, get_args, get_origin, get_type_hints

from site_builder.content.dates import PartialDate, Period

# Values compared by what they are: a read of one of these records the value itself (reads.py).
ATOMS = (str, int, float, bool, type(None), Decimal, PartialDate, Period)
_ATOM_TYPES = frozenset(ATOMS)


def walked_fields(value: object) -> list[tuple[str, object]]:
    """The fields of a record that may hold records: only records need a path (see ModelPaths)."""
    kind = type(value)
    steps = _WALK_STEPS.get(kind)
    if steps is None:
        steps = _WALK_STEPS[kind] = _record_holding_steps(kind) if is_dataclass(value) else ()
    return [(step, getattr(value, name)) for step, name in steps]


def _record_holding_steps(kind: type) -> tuple[tuple[str, str], ...]:
    try:
        hints = get_type_hints(kind)
    except (NameError, TypeError):
        hints = {}
    return tuple((f".{item.name}", item.name) for item in fields(kind)
                 if item.compare and _may_hold_records(hints.get(item.name, object)))


def _may_hold_records(annotation: object) -> bool:
    """False for a type made only of atoms (str, tuple[str, ...], dict[str, str] | None…); True otherwise."""
    if annotation in _ATOM_TYPES or annotation is type(None):
        return False
    origin = get_origin(annotation)
    if origin in (tuple, list, dict, Union, UnionType):
        return any(_may_hold_records(argument) for argument in get_args(annotation) if argument is not Ellipsis)
    return True  # a record, or a type not known here: walked


# Per record type: the fields walked_fields follows.
_WALK_STEPS: dict[type, tuple[tuple[str, str], ...]] = {}


MISSING = object()
# What a path leads to when there is nothing there (a dict.get that found nothing): a value like any other.


def children(value: object) -> list[tuple[str, object]] | None:
    """(step, child) of a container or record; None for anything else (a service, a function)."""
    kind = type(value)
    if kind is dict:
        return [(f"[{key}", item) for key, item in cast(dict[str, object], value).items()]
    if kind is tuple or kind is list:
        return [(f"#{index}", item) for index, item in enumerate(cast(tuple[object, ...], value))]
    if kind not in _RECORD_STEPS:
        # A field left out of comparisons (a service a record reads from) is no part of its value.
        _RECORD_STEPS[kind] = tuple((f".{item.name}", item.name) for item in fields(value) if item.compare) \
            if is_dataclass(value) and not isinstance(value, type) else None
    steps = _RECORD_STEPS[kind]
    return None if steps is None else [(step, getattr(value, name)) for step, name in steps]


# The (step, attribute) of each record type's fields, found once per type; None for a type that is no record.
_RECORD_STEPS: dict[type, tuple[tuple[str, str], ...] | None] = {}


def follow(value: object, step: str) -> object:
    """One step of a path, as Jinja looks it up: attribute, else item; item, else attribute."""
    name = step[1:]
    if step[0] == ".":
        try:
            return getattr(value, name)
        except AttributeError:
            pass
        try:
            return value[name]  # type: ignore[index]
        except (TypeError, LookupError):
            return MISSING
    if step[0] == "#":
        try:
            return value[int(name)]  # type: ignore[index]
        except (TypeError, LookupError, ValueError):
            return MISSING
    try:
        return value[name]  # type: ignore[index]
    except (TypeError, LookupError):
        pass
    try:
        return getattr(value, name)
    except (AttributeError, TypeError):
        return MISSING
