"""Template macros as memoised fragments: an entry's card or an event's line is rendered once per language.

Topic, person, timeline and list pages repeat the same small pieces many times; rendering each once and
reusing the markup is where most of the rendering time went. Macros see only the environment's globals
(language, formatter, URLs, the site), never a page's context, so a piece depends on its arguments alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from site_builder.render.recording import RecordingEnvironment, template_digest

MACROS_TEMPLATE = "macros.html"
# Macros worth memoising: called many times per page, or on many pages, with the same arguments.
MEMOISED = ("date", "period", "kind_label", "entry_card", "entry_line", "topic_tags", "amount", "figure_when",
            "short_source", "figure_row", "event_item", "speaker", "citation")


class MacroLibrary:
    """Exposes the macros of macros.html to templates as `m`, memoising the repeated ones.

    A memoised piece keeps the keys its first rendering read (reads.py): every page that reuses
    it counts them as its own reads.
    """

    def __init__(self, env: RecordingEnvironment):
        self._env = env
        self._module = env.get_template(MACROS_TEMPLATE).module
        self._source = template_digest(env, MACROS_TEMPLATE)
        self._memo: dict[tuple[Any, ...], tuple[Any, frozenset[int]]] = {}
        self._wrapped: dict[str, Callable[..., Any]] = {}

    def __getattr__(self, name: str) -> Callable[..., Any]:
        wrapped = self._wrapped.get(name)
        if wrapped is None:
            macro = getattr(self._module, name)
            wrapped = self._memoised(name, macro) if name in MEMOISED else self._noted(macro)
            self._wrapped[name] = wrapped
        return wrapped

    def _noted(self, macro: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            recorder = self._env.recorder
            if recorder is not None:
                recorder.note(("#template", MACROS_TEMPLATE), self._source)
            return macro(*args, **kwargs)

        call.records_its_reads = True  # type: ignore[attr-defined]
        return call

    def _memoised(self, name: str, macro: Callable[..., Any]) -> Callable[..., Any]:
        memo = self._memo

        def call(*args: Any, **kwargs: Any) -> Any:
            key = (name, tuple(map(_identity, args)), tuple(sorted((k, _identity(v)) for k, v in kwargs.items())))
            recorder = self._env.recorder
            found = memo.get(key)
            if found is not None:
                if recorder is not None:
                    recorder.add(found[1])
                return found[0]
            if recorder is None:
                result, keys = macro(*args, **kwargs), frozenset[int]()
            else:
                with recorder.frame() as reads:
                    recorder.note(("#template", MACROS_TEMPLATE), self._source)
                    result = macro(*args, **kwargs)
                keys = frozenset(reads)
            memo[key] = (result, keys)
            return result

        call.records_its_reads = True  # type: ignore[attr-defined]
        return call


def _identity(value: object) -> object:
    # Values (dates, strings, booleans) key by themselves; model objects (frozen, but holding dicts) by
    # identity, which is stable because the site model lives as long as the environment.
    try:
        hash(value)
    except TypeError:
        return ("object", id(value))
    return value
