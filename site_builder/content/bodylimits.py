"""Bounds on what one Markdown body may ask of the converter, so that no file can stall a build.

Python-Markdown's work grows faster than the text in a few shapes: link brackets that never close
(an 80 KB body of `[` … `](` took four minutes), quotes and lists nested hundreds deep (seconds,
then a RecursionError). Real entries stay far below these bounds; a body beyond one is refused at
the line where it passes it, before it reaches the converter.
"""

from __future__ import annotations

import re

from site_builder.errors import Problem

MAX_BODY_BYTES = 256 * 1024
# ~85,000 Chinese characters: converts in about a second
MAX_BRACKETS = 1000
# '[' in one body: 1,000 unmatched ones cost about half a second
MAX_NESTING = 16
# quote and list levels on one line

_MARKERS = re.compile(r"(?:[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t]))+")


def body_problems(path: str, body: str, first_line: int) -> list[Problem]:
    """What in this body is beyond the bounds, at the line where it passes them (none for a sane body)."""
    size = len(body.encode("utf-8"))
    if size > MAX_BODY_BYTES:
        return [Problem(path, first_line, "body", f"is {size:,} bytes; the limit is {MAX_BODY_BYTES:,} bytes",
                        "split it into several entries")]
    problems = []
    brackets = 0
    for number, line in enumerate(body.split("\n"), first_line):
        if brackets <= MAX_BRACKETS:
            brackets += line.count("[")
            if brackets > MAX_BRACKETS:
                problems.append(Problem(path, number, "body", f"more than {MAX_BRACKETS:,} '[' in one body",
                                        "split the entry, or write stray brackets as （ ） or \\["))
        depth = _depth(line)
        if depth > MAX_NESTING:
            problems.append(Problem(path, number, "body",
                                    f"quotes or lists nested {depth} levels deep; the limit is {MAX_NESTING}",
                                    "flatten the nesting"))
            break
    return problems


def _depth(line: str) -> int:
    markers = _MARKERS.match(line)
    if markers is None:
        return 0
    text = markers.group()
    indent = len(text) - len(text.lstrip(" \t"))
    return text.count(">") + len(re.findall(r"[-*+][ \t]|\d[.)][ \t]", text)) + indent // 4
