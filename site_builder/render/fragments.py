"""Template macros as memoised fragments: an entry's card or an event's line is rendered once per language.

Topic, person, timeline and list pages repeat the same small pieces many times; rendering each once and
reusing the markup is where most of the rendering time went. Macros see only the environment's globals
(language, formatter, URLs, the site), never a page's context, so a piece depends on its arguments alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment

MACROS_TEMPLATE = "macros.html"
# Macros worth memoising: called many times per page, or on many pages, with the same arguments.
MEMOISED = ("date", "period", "kind_label", "entry_card", "entry_line", "topic_tags", "amount", "figure_when",
            "short_source", "figure_row", "event_item", "speaker", "citation")


class MacroLibrary:
    """Exposes the macros of macros.html to templates as `m`, memoising the repeated ones."""

    def __init__(self, env: Environment):
        self._module = env.get_template(MACROS_TEMPLATE).module
        self._memo: dict[tuple, Any] = {}
        self._wrapped: dict[str, Callable] = {}

    def __getattr__(self, name: str) -> Callable:
        wrapped = self._wrapped.get(name)
        if wrapped is None:
            macro = getattr(self._module, name)
            wrapped = self._memoised(name, macro) if name in MEMOISED else macro
            self._wrapped[name] = wrapped
        return wrapped

    def _memoised(self, name: str, macro: Callable) -> Callable:
        memo = self._memo

        def call(*args, **kwargs):
            key = (name, tuple(map(_identity, args)), tuple(sorted((k, _identity(v)) for k, v in kwargs.items())))
            try:
                return memo[key]
            except KeyError:
                result = memo[key] = macro(*args, **kwargs)
                return result

        return call


def _identity(value: object) -> object:
    # Values (dates, strings, booleans) key by themselves; model objects (frozen, but holding dicts) by
    # identity, which is stable because the site model lives as long as the environment.
    try:
        hash(value)
    except TypeError:
        return ("object", id(value))
    return value
