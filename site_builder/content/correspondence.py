"""Whether a translation's body still corresponds to its source: the same headings, so the same sections.

The side-by-side page (render/parallel.py) pairs the languages' body sections in order, cut at
every top-level h2 and h3. A translation with a heading more or fewer pairs every later section
with the wrong one: worth a warning. The headings are found in the Markdown as Python-Markdown
finds them (a line starting with ## or ###, or a line of hyphens under a block's first line;
the site's Markdown has no fenced code), so that validation needs no conversion.
"""

from __future__ import annotations

import re

from site_builder.content.load import EntryFile
from site_builder.errors import Problem

_ATX = re.compile(r"#{2,3}(?!#)")
_SETEXT_H2 = re.compile(r"-+ *$")
_INDENTED = re.compile(r" {4}|\t")


def body_headings(entry: EntryFile) -> list[int]:
    """The file line of each top-level h2 or h3 of an entry's body, in order."""
    lines = entry.body.split("\n")
    return [entry.body_line + number for number, line in enumerate(lines)
            if _ATX.match(line) or _is_setext_underline(lines, number)]


def _is_setext_underline(lines: list[str], number: int) -> bool:
    # Python-Markdown makes a setext heading only of the first line of a block, and only where no
    # code block or # heading claims that line first.
    if number == 0 or not _SETEXT_H2.match(lines[number]):
        return False
    above = lines[number - 1]
    first_of_block = number == 1 or not lines[number - 2].strip()
    return bool(above.strip()) and first_of_block and not _INDENTED.match(above) and not above.startswith("#")


def check_correspondence(source: EntryFile, translation: EntryFile) -> list[Problem]:
    """Warn when a translation's body has more or fewer headings than the Chinese body."""
    original, translated = body_headings(source), body_headings(translation)
    if len(original) == len(translated):
        return []
    line = translated[len(original)] if len(translated) > len(original) else translation.body_line
    return [Problem(translation.path, line, "body",
                    f"has {_count(len(translated))} but the Chinese file has {len(original)}",
                    "give the body the Chinese body's headings (## or ###), in the same order: the side-by-side "
                    "page pairs the sections by them", severity="warning")]


def _count(number: int) -> str:
    return f"{number} heading{'' if number == 1 else 's'} (## or ###)"
