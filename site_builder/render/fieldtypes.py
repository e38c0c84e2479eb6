"""Which fields of a model record may hold other records, from the record types' annotations.

The walk that gives records their canonical paths (reads.py ModelPaths) follows only those:
a field made of atoms alone (a title's translations, a list of topic keys) holds no record.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from decimal import Decimal
from types import UnionType
from typing import Union, get_args, get_origin, get_type_hints

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

