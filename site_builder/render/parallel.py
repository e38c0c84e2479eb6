"""Bodies side by side: each language's body HTML cut at its headings, and the pieces paired in order.

A body is a lead (what comes before its first heading, perhaps nothing) and one section per
top-level h2 or h3. Sections pair in order, the lead with the lead; validation warns where
the languages' headings no longer correspond (content/correspondence.py). Within a pair of
sections that have as many blocks (paragraphs, lists, tables) in every language, the blocks
pair one by one too, so that a reader finds each paragraph beside its translation.
"""

from __future__ import annotations

import re
from itertools import zip_longest

from markupsafe import Markup

_HEADINGS = frozenset({"h2", "h3"})
_VOID = frozenset({"br", "hr", "img", "wbr"})

Block = tuple[str, str]
# (top-level tag, its HTML); "" for text outside any element
Row = tuple[Markup, ...]
# one piece of every column, in the columns' order ("" where a column has none)


# A tag of sanitised HTML. nh3 writes "<" and ">" in text and attribute values as entities; a quoted value is
# still read whole, so that a ">" in one could never end its tag.
_TAG = re.compile(r"""<(/?)([A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*?(/?)>""")


def top_level_blocks(html: str) -> list[Block]:
    """The top-level elements of sanitised HTML, in order, each with its tag; text outside them as its own block.

    Found by its tags alone, since nh3 serialises every body the same way: in a seventh of the time Python's
    HTML parser took (25 against 189 µs a body), and every side-by-side page cuts two bodies.
    """
    blocks: list[Block] = []
    depth, start, tag, last = 0, 0, "", 0
    for match in _TAG.finditer(html):
        if depth == 0 and (text := html[last:match.start()].strip()):
            blocks.append(("", text))
        last = match.end()
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if name in _VOID or depth == 0:
                continue
            depth -= 1
            if depth == 0:
                blocks.append((tag, html[start:last]))
        elif self_closing or name in _VOID:
            if depth == 0:
                blocks.append((name, match.group(0)))
        else:
            if depth == 0:
                start, tag = match.start(), name
            depth += 1
    if depth == 0 and (text := html[last:].strip()):
        blocks.append(("", text))
    return blocks


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
