"""Bodies side by side: each language's body HTML cut at its headings, and the pieces paired in order.

A body is a lead (what comes before its first heading, perhaps nothing) and one section per
top-level h2 or h3. Sections pair in order, the lead with the lead; validation warns where
the languages' headings no longer correspond (content/correspondence.py). Within a pair of
sections that have as many blocks (paragraphs, lists, tables) in every language, the blocks
pair one by one too, so that a reader finds each paragraph beside its translation.
"""

from __future__ import annotations

from html.parser import HTMLParser
from itertools import zip_longest

from markupsafe import Markup

_HEADINGS = frozenset({"h2", "h3"})
_VOID = frozenset({"br", "hr", "img", "wbr"})

Block = tuple[str, str]
# (top-level tag, its HTML); "" for text outside any element
Row = tuple[Markup, ...]
# one piece of every column, in the columns' order ("" where a column has none)


class _TopLevel(HTMLParser):
    """Find where each top-level element of a fragment starts and ends."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.blocks: list[Block] = []
        self._depth, self._start, self._tag = 0, 0, ""
        self._lines = [0]
        for line in html.splitlines(keepends=True):
            self._lines.append(self._lines[-1] + len(line))
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth == 0:
            self._start, self._tag = self._offset(), tag
        if tag in _VOID:
            if self._depth == 0:
                self._close_block(tag)
            return
        self._depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth == 0:
            self._start = self._offset()
            self._close_block(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0:
            self._close_block(self._tag)

    def handle_data(self, data: str) -> None:
        if self._depth == 0 and data.strip():
            start = self._offset()
            self.blocks.append(("", self.html[start:start + len(data)].strip()))

    def _close_block(self, tag: str) -> None:
        # The parser stands at the start of the tag that closes the block: the block ends after it.
        end = self.html.index(">", self._offset()) + 1
        self.blocks.append((tag, self.html[self._start:end]))


def top_level_blocks(html: str) -> list[Block]:
    """The top-level elements of sanitised HTML, in order, each with its tag."""
    return _TopLevel(html).blocks


def split_sections(html: str) -> list[list[Block]]:
    """The lead (perhaps empty) and then one section per top-level h2 or h3, each as its blocks, heading first."""
    sections: list[list[Block]] = [[]]
    for block in top_level_blocks(html):
        if block[0] in _HEADINGS:
            sections.append([])
        sections[-1].append(block)
    return sections


def body_rows(bodies: list[str]) -> list[Row]:
    """The rows of a side-by-side body: one piece per body in each, sections paired in order.

    The leads form the first row unless every one is empty; a section's heading is a row of its
    own, then its blocks pair one by one where every body has as many, else form one row.
    """
    split = [split_sections(html) for html in bodies]
    rows: list[Row] = []
    for number, sections in enumerate(zip_longest(*split, fillvalue=[])):
        if number == 0 and not any(sections):
            continue
        heads = [blocks[:1] if blocks and blocks[0][0] in _HEADINGS else [] for blocks in sections]
        if any(heads):
            rows.append(_row(heads))
        rests = [blocks[len(head):] for blocks, head in zip(sections, heads, strict=True)]
        if len({len(rest) for rest in rests}) == 1:
            rows += [_row([[block] for block in blocks]) for blocks in zip(*rests, strict=True)]
        elif any(rests):
            rows.append(_row(rests))
    return rows


def _row(pieces: list[list[Block]]) -> Row:
    # Sanitised HTML cut at element boundaries stays sanitised.
    return tuple(Markup("\n".join(html for _, html in blocks)) for blocks in pieces)
