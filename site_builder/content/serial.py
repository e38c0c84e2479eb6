"""Content files as parsed, as plain JSON data: what the build keeps so as not to parse a file twice.

YAML as we read it holds only strings, numbers, booleans, null, lists and mappings with
string keys (yamltext.py refuses the rest), so it goes to JSON as it is; the line of each
value goes as [path, line] pairs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from site_builder.content.load import DataFile, EntryFile, Parsed
from site_builder.content.yamltext import Located
from site_builder.errors import Problem


def parsed_to_json(parsed: Parsed) -> dict[str, Any]:
    document = parsed.document
    if isinstance(document, DataFile):
        saved: dict[str, Any] | None = {"data": [document.path, document.kind, _located(document.data)]}
    elif isinstance(document, EntryFile):
        saved = {"entry": [document.path, document.kind, document.key, document.lang, _located(document.meta),
                           document.body, document.body_line, str(document.file) if document.file else None,
                           document.front_digest]}
    else:
        saved = None
    return {"document": saved, "problems": [[p.path, p.line, p.field, p.message, p.hint, p.severity]
                                            for p in parsed.problems]}


def parsed_from_json(raw: Any) -> Parsed | None:
    """The Parsed a file was saved as, or None if the data is not what parsed_to_json wrote."""
    try:
        problems = [Problem(*item) for item in raw["problems"]]
        saved = raw["document"]
        document: DataFile | EntryFile | None = None
        if saved is not None and "data" in saved:
            path, kind, data = saved["data"]
            document = DataFile(path, kind, _unlocated(data))
        elif saved is not None:
            path, kind, key, lang, meta, body, body_line, file, front = saved["entry"]
            document = EntryFile(path, kind, key, lang, _unlocated(meta), body, body_line,
                                 Path(file) if file is not None else None, front)
        return Parsed(document, problems)
    except (KeyError, TypeError, ValueError):
        return None


def _located(located: Located) -> list[Any]:
    # The lines as a string within the JSON: read back whole only when a problem needs a line.
    return [located.value, located.packed_lines]


def _unlocated(raw: list[Any]) -> Located:
    value, lines = raw
    if not isinstance(lines, str):
        raise TypeError("lines are not packed")
    return Located(value, packed=lines)
