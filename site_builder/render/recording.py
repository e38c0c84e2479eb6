"""A Jinja environment that tells the recorder (reads.py) what each template reads.

Jinja compiles every `a.b` and `a[b]` into a call of `environment.getattr` or
`environment.getitem`, every `{% extends %}`, `{% include %}` and `{% import %}` into
`environment.get_template`, every call into `context.call`; filters and gettext are
functions the environment holds. Those are the only doors from a template to data,
so watching them is enough to know all a page reads.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any, cast

from jinja2 import Environment, pass_eval_context
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, Macro
from markupsafe import Markup

from site_builder.render.fieldtypes import ATOMS, MISSING
from site_builder.render.reads import Recorder, digest

# Filters that look items up through the environment (so their reads are recorded) or only count
# and reorder them: the values they get need no recording of their own. Any other filter is Python
# code that may read whatever it is handed, so it counts as reading all of it.
LOOKUP_FILTERS = frozenset({
    "length", "count", "first", "last", "list", "reverse", "batch", "slice", "selectattr", "rejectattr",
    "map", "groupby", "sort", "default", "d", "e", "escape", "safe", "items",
})


class RecordingEnvironment(Environment):
    """Jinja's environment, reporting lookups and template loads to the recorder it is given."""

    recorder: Recorder | None = None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._sources: dict[str, str] = {}

    # Both lookups below are Jinja's own (getattr prefers the attribute, getitem the item), then recorded. What
    # a model value's lookup reads is worked out once per build: the model does not change while it renders.

    def getattr(self, obj: Any, attribute: str) -> Any:
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            value = super().getattr(obj, attribute)
        recorder = self.recorder
        if recorder is None or not recorder.frames:
            return value
        frame = recorder.frames[-1]
        lookup = (id(obj), attribute)
        number = recorder.attribute_reads.get(lookup)
        if number is None:
            if id(obj) not in recorder.paths.of:
                return value
            number = recorder.attribute_reads[lookup] = _attribute_read(recorder, obj, attribute, value)
        if number == _DICT_GET:
            return _recording_get(recorder, obj)
        frame.add(number)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        try:
            value = obj[argument]
        except (AttributeError, TypeError, LookupError):
            value = super().getitem(obj, argument)
        recorder = self.recorder
        if recorder is None or not recorder.frames:
            return value
        frame = recorder.frames[-1]
        kind = type(argument)
        if kind is str or kind is int:
            lookup = (id(obj), argument)
            number = recorder.item_reads.get(lookup)
            if number is None:
                if id(obj) not in recorder.paths.of:
                    return value
                step = f"[{argument}" if kind is str else f"#{argument}"
                number = recorder.item_reads[lookup] = cast(int, recorder.read_number(obj, step, value))
            frame.add(number)
        elif id(obj) in recorder.paths.of:
            if isinstance(argument, str):
                recorder.read(obj, f"[{argument}", value)
            elif isinstance(argument, int) and not isinstance(argument, bool):
                recorder.read(obj, f"#{argument}", value)
            else:  # a slice: the part depends on the whole
                recorder.read_whole(obj)
        return value

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> Any:  # noqa: A002
        template = super().get_template(name, parent, globals)
        if self.recorder is not None and isinstance(name, str):
            # Sources do not change during a build: digest each once.
            known = self._sources.get(name)
            if known is None:
                known = self._sources[name] = template_digest(self, name)
            self.recorder.note(("#template", name), known)
        return template


_DICT_GET = -1
# what a model dict's `.get` reads depends on the key it is then called with: _recording_get records that


def _attribute_read(recorder: Recorder, obj: Any, attribute: str, value: Any) -> int:
    """The number of the key that a template's `obj.attribute` reads, for a model value obj."""
    if not (hasattr(value, "__self__") and callable(value) and not isinstance(value, type)):
        return cast(int, recorder.read_number(obj, f".{attribute}", value))
    if type(obj) is dict and attribute == "get":
        return _DICT_GET
    if type(obj) in (dict, tuple, list):
        # items(), values(), keys(): what the container holds, in its order.
        return cast(int, recorder.read_number(obj, "~", obj))
    # A record's own method reads the record in Python, unobserved: all of it counts.
    return cast(int, recorder.whole_number(obj))


def _recording_get(recorder: Recorder, mapping: dict[str, Any]) -> Callable[..., Any]:
    """dict.get that records the one item it looks up (or that it is not there)."""

    def get(key: Any, default: Any = None) -> Any:
        value = mapping.get(key, MISSING)
        if isinstance(key, str):
            recorder.read(mapping, f"[{key}", value)
        else:
            recorder.read(mapping, "~", mapping)
        return default if value is MISSING else value

    get.records_its_reads = True  # type: ignore[attr-defined]
    return get


class RecordingContext(Context):
    """A template context whose calls report the values handed to Python code."""

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's own names
        environment = __self.environment
        recorder = environment.recorder  # type: ignore[attr-defined]
        kind = type(__obj)
        if recorder is not None and kind is not Macro and not getattr(__obj, "records_its_reads", False):
            for value in args:
                if not isinstance(value, ATOMS):
                    recorder.read_whole(value)
            for name, value in kwargs.items():
                if name not in _JINJA_OWN and not isinstance(value, ATOMS):
                    recorder.read_whole(value)
        # What Jinja's own call does for a macro or a function that asks for no context, without its checks of
        # __call__: a page makes hundreds of calls (UI strings, links, macros), and those were a tenth of rendering.
        if kind is Macro:
            args = (__self.eval_ctx, *args)  # Macro.__call__ asks for the evaluation context
        elif kind in _PLAIN_CALLABLES:
            asks = getattr(__obj, "jinja_pass_arg", None)
            if asks is _ASKS_EVAL_CONTEXT:
                args = (__self.eval_ctx, *args)
            elif asks is not None:
                return super().call(__obj, *args, **kwargs)
        else:
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return environment.undefined("value was undefined because a callable raised a StopIteration exception")


# Callables whose __call__ asks for nothing: only a mark on them can (pass_context and its kin).
_PLAIN_CALLABLES = frozenset({FunctionType, MethodType, BuiltinFunctionType})
_ASKS_EVAL_CONTEXT = getattr(pass_eval_context(lambda: None), "jinja_pass_arg")  # noqa: B009 - set by the decorator
# Keyword arguments Jinja passes to every call for its own bookkeeping (the loop's and block's variables):
# they never reach the function called.
_JINJA_OWN = frozenset({"_loop_vars", "_block_vars"})


RecordingEnvironment.context_class = RecordingContext


def record_filters(env: RecordingEnvironment) -> None:
    """Wrap every filter that runs Python code on its values, so that it counts as reading them whole."""
    for name, function in list(env.filters.items()):
        if name not in LOOKUP_FILTERS:
            env.filters[name] = _reading_whole(env, function)


def _reading_whole(env: RecordingEnvironment, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)  # keeps jinja's pass_context/pass_environment marks
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        recorder = env.recorder
        if recorder is not None:
            for value in (*args, *kwargs.values()):
                recorder.read_whole(value)
        return function(*args, **kwargs)

    return wrapper


def template_digest(env: Environment, name: str) -> str:
    """The digest of a template's source as the loader gives it now."""
    assert env.loader is not None
    return digest(env.loader.get_source(env, name)[0])


class RecordingTranslations(gettext.NullTranslations):
    """A catalog that reports each UI string looked up, with the digest of its translation."""

    def __init__(self, catalog: gettext.NullTranslations, lang: str, env: RecordingEnvironment):
        super().__init__()
        self._catalog_of, self._lang, self._env = catalog, lang, env
        self._numbers: dict[tuple[str, str | None], int] = {}
        self._numbers_of: Recorder | None = None

    def _note(self, msgid: str, plural: str | None = None) -> None:
        recorder = self._env.recorder
        if recorder is None or not recorder.frames:
            return
        frame = recorder.frames[-1]
        # A page looks up fifty UI strings: each string's key number is kept for the recorder that made it.
        number = self._numbers.get((msgid, plural)) if self._numbers_of is recorder else None
        if number is not None:
            frame.add(number)
            return
        key = ("#message", self._lang, msgid, plural or "")
        number = recorder.note(key, message_digest(self._catalog_of, msgid, plural))
        if self._numbers_of is not recorder:
            self._numbers_of, self._numbers = recorder, {}
        if number is not None:
            self._numbers[(msgid, plural)] = number

    def gettext(self, message: str) -> str:
        self._note(message)
        return self._catalog_of.gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self._note(msgid1, msgid2)
        return self._catalog_of.ngettext(msgid1, msgid2, n)

    def pgettext(self, context: str, message: str) -> str:
        self._note(f"{context}\x04{message}")
        return self._catalog_of.pgettext(context, message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        self._note(f"{context}\x04{msgid1}", msgid2)
        return self._catalog_of.npgettext(context, msgid1, msgid2, n)


def install_translations(env: RecordingEnvironment, catalog: RecordingTranslations) -> None:
    """Jinja's new-style gettext and ngettext (escaped, always %-formatted), each one call from a template.

    Jinja's own `_` calls `gettext` through the context, which calls the catalog through the context
    again: three calls for each of the fifty UI strings of a page, where one does the same.
    """
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, string: str, **variables: Any) -> str:
        text = catalog.gettext(string)
        if not variables and "%" not in text:
            # What formatting with nothing would give, without it: most UI strings take no variable, and Markup's
            # % escapes its arguments through a helper first (3 % of a clean build's rendering went to it).
            return Markup(text) if eval_ctx.autoescape else text
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    @pass_eval_context
    def ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = catalog.ngettext(singular, plural, num)
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    env.globals.update(gettext=gettext, _=gettext, ngettext=ngettext)


def message_digest(catalog: gettext.NullTranslations, msgid: str, plural: str | None = None) -> str:
    """What a UI string shows in a catalog: its translation (every plural form) and the plural rule."""
    entries: dict[Any, str] = getattr(catalog, "_catalog", {})
    if plural:
        found: object = tuple(entries.get((msgid, index)) for index in range(6))
    else:
        found = entries.get(msgid)
    return digest((found, catalog.info().get("plural-forms", "")))
