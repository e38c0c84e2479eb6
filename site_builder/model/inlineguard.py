"""Python-Markdown's inline passes, skipping each text in which none of their patterns can begin.

An inline pass tries every one of its patterns on every text of the tree, one Python call
each, whether or not the text holds a character the pattern needs: half of converting a body
(1.40 ms a body of the benchmark's corpus; 0.91 ms with smarty's pass guarded, 0.68 ms with both). A
text without any of the characters that begin the pass's patterns comes out as it went in, so
it is left as it is. The characters are read off the patterns' expressions; tests/test_markup.py
holds the list of patterns they were read from, so that a new Markdown's patterns are seen to.
"""

from __future__ import annotations

from typing import Any

import markdown
from markdown.treeprocessors import InlineProcessor

CORE_TRIGGERS = frozenset("\\`[<&*_")
# backtick and escape (\ `), links, images and references ([, an image's ! is followed by one), autolinks and
# automail (<), entities (&: the serializer would leave a lone entity as it is too, but the pattern keeps it from
# the others), emphasis (* _); the line break, two spaces before a newline, is LINE_BREAK
LINE_BREAK = "  \n"
QUOTES = frozenset("'\"")
# every pattern of smarty's pass (its quotes; dashes, ellipses and angled quotes are off) turns a ' or a "


class GuardedInline(InlineProcessor):
    """An inline pass that hands a text to its patterns only if one of `triggers` is in it (or `also`)."""

    def __init__(self, md: markdown.Markdown, triggers: frozenset[str], also: str | None = None):
        super().__init__(md)
        self.triggers, self.also = triggers, also

    # Python-Markdown's own handler of one text (name-mangled, so named in full here).
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> Any:  # noqa: N802,N803
        if self.triggers.isdisjoint(data) and (self.also is None or self.also not in data):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


def guard_inline_passes(md: markdown.Markdown) -> None:
    """Put guarded passes in place of the core inline pass and of smarty's (if present), patterns unchanged."""
    core = GuardedInline(md, CORE_TRIGGERS, LINE_BREAK)
    md.treeprocessors.register(core, "inline", _priority(md, "inline"))
    if "smarty" in md.treeprocessors:
        smarty = GuardedInline(md, QUOTES)
        smarty.inlinePatterns = md.treeprocessors["smarty"].inlinePatterns
        md.treeprocessors.register(smarty, "smarty", _priority(md, "smarty"))


def _priority(md: markdown.Markdown, name: str) -> float:
    return float(next(item.priority for item in md.treeprocessors._priority if item.name == name))
