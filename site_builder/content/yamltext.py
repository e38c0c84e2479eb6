"""Parse YAML into plain values while keeping the line of every value.

PyYAML's node marks give us positions; we walk the node tree ourselves so we can
also refuse what PyYAML accepts silently: duplicate keys (it keeps the last one)
and aliases (the "billion laughs" expansion). Timestamps stay strings: dates are
validated by our own schema, which knows about partial dates like `2023-10`.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from typing import Any

import yaml

try:  # the C parser is several times faster; the pure one gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

Path = tuple[str | int, ...]

_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_PATHS: dict[Path, Path] = {}
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:binary",
    # a lone "=" resolves to this: plain text for us
    "tag:yaml.org,2002:value",
}
# Content is a few levels deep (an entry's source.authors[0].zh is four); far deeper is a mistake or an
# attack, and would exhaust Python's stack in _convert.
MAX_DEPTH = 20
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
# Scalars PyYAML's safe constructor turns into plain Python values.
_SCALAR_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                "tag:yaml.org,2002:null"}


@dataclass(slots=True)
class YamlError(Exception):
    """A YAML document that cannot be read; line is 1-based within the text."""

    line: int | None
    message: str
    hint: str = ""
    field: str = ""


class Located:
    """A parsed YAML value and the line of each value inside it."""

    __slots__ = ("value", "_lines", "_packed")

    def __init__(self, value: Any, lines: dict[Path, int] | None = None, packed: str | None = None):
        self.value = value
        # plain Python data: dict, list, str, int, float, bool or None
        self._lines = lines if lines is not None or packed is not None else {}
        self._packed = packed
        # the lines as JSON ([[path, line], …]), unpacked when first asked for: only a problem needs them

    @property
    def lines(self) -> dict[Path, int]:
        """Path of a value -> 1-based line where the value starts."""
        if self._lines is None:
            try:
                self._lines = {tuple(path): int(line) for path, line in json.loads(self._packed or "[]")}
            except (TypeError, ValueError):
                self._lines = {}  # a damaged cache value: problems then name the file without a line
            self._packed = None
        return self._lines

    @property
    def packed_lines(self) -> str:
        """The lines as JSON, as `packed` takes them."""
        if self._packed is not None:
            return self._packed
        return json.dumps([[list(path), line] for path, line in self.lines.items()], ensure_ascii=False,
                          separators=(",", ":"))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Located) and self.value == other.value and self.lines == other.lines

    def __repr__(self) -> str:
        return f"Located({self.value!r}, {self.lines!r})"

    def line_of(self, path: Path) -> int | None:
        """Return the line of a value, or of its nearest parent that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def parse_yaml(text: str, first_line: int = 1) -> Located:
    """Parse one YAML document; first_line is where the text starts in its file."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _explain(exc, text, first_line) from None
    except yaml.YAMLError as exc:
        raise YamlError(None, f"invalid YAML: {exc}") from None
    located = Located(None)
    if node is None:
        return located
    located.value = _convert(node, (), located.lines, set(), first_line)
    return located


def _convert(node: yaml.Node, path: Path, lines: dict[Path, int], seen: set[int], first_line: int,
             key_line: int | None = None) -> object:
    # A mapping's value is placed on its key's line: that is where an editor looks for "field: …"
    # (a block list or mapping starts on the line below), and an alias node carries its anchor's line.
    line = key_line if key_line is not None else node.start_mark.line + first_line
    # A node met twice is an alias: refuse it before it can multiply.
    if id(node) in seen:
        raise YamlError(
            line,
            "YAML anchors and aliases (&name / *name) are not allowed",
            "write the value out in full",
            _dotted(path),
        )
    seen.add(id(node))
    if len(path) > MAX_DEPTH:
        raise YamlError(line, f"values nested more than {MAX_DEPTH} levels deep", "flatten the structure",
                        _dotted(path[:2]))
    # Every entry has the same field paths: share one tuple for each (at 10,000 entries this saves ~20 MB).
    path = _PATHS.setdefault(path, path)
    lines[path] = line
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _COLLECTION_TAGS:
        raise YamlError(line, f"YAML tags are not allowed ({_shown_tag(node.tag)})", "remove the tag", _dotted(path))
    if isinstance(node, yaml.MappingNode):
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(key_node.start_mark.line + first_line, "a key must be plain text", field=_dotted(path))
            key = sys.intern(str(key_node.value))
            if key == "<<":
                raise YamlError(key_node.start_mark.line + first_line, "YAML merge keys (<<) are not allowed",
                                field=_dotted(path))
            if key in result:
                raise YamlError(
                    key_node.start_mark.line + first_line,
                    f"duplicate key '{key}' (first given on line {lines[path + (key,)]})",
                    "keep one of them",
                    _dotted(path + (key,)),
                )
            result[key] = _convert(value_node, path + (key,), lines, seen, first_line,
                                   key_node.start_mark.line + first_line)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), lines, seen, first_line) for i, item in enumerate(node.value)]
    if node.tag in _PLAIN_TAGS:
        return str(node.value)
    if node.tag not in _SCALAR_TAGS:
        # An explicit tag (!foo, !!python/name:…) asks for a type we do not make: say so, at its line.
        raise YamlError(line, f"YAML tags are not allowed ({_shown_tag(node.tag)})",
                        "remove the tag, or quote the value", _dotted(path))
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        raise YamlError(line, f"invalid value: {exc}", "quote the value", _dotted(path)) from None


def _shown_tag(tag: str) -> str:
    """A tag as an editor wrote it: !!set rather than tag:yaml.org,2002:set."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _explain(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlError:
    """Turn PyYAML's multi-line report into one sentence with a line number."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + first_line if mark else None
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    hint = ""
    if mark is not None and _is_tab_problem(text, mark.line, problem):
        return YamlError(line, "a tab is used for indentation; YAML allows only spaces", "indent with spaces")
    if "mapping values are not allowed" in problem:
        hint = "a value that contains ': ' must be quoted"
    elif "could not find expected ':'" in problem:
        hint = "each line of a mapping needs 'key: value'; check the line above for a missing colon or quote"
    elif "did not find expected ',' or ']'" in problem or "did not find expected ',' or '}'" in problem:
        hint = "a value that starts with [ or { is read as a list or mapping: quote it, or close the bracket"
    elif "found undefined alias" in problem or "found unhashable key" in problem:
        hint = "quote the value"
    return YamlError(line, f"invalid YAML: {problem}", hint)


def _is_tab_problem(text: str, line_index: int, problem: str) -> bool:
    lines = text.split("\n")
    nearby = lines[max(0, line_index - 1): line_index + 1]
    return "\t" in problem or any(line[: len(line) - len(line.lstrip())].count("\t") for line in nearby)


def _dotted(path: Path) -> str:
    """Show a value's path the way editors write it: source.authors[0].zh."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


dotted = _dotted

_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def field_path(text: str) -> Path:
    """The path a dotted field names (dotted's inverse, for keys without dots): source.authors[0] ->
    ("source", "authors", 0)."""
    return tuple(int(found.group(1)) if found.group(1) is not None else found.group(2)
                 for found in _PART.finditer(text))
