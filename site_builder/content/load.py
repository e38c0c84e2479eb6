"""Read content/ from disk into source documents; the only stage that reads content files."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.content.bodylimits import body_problems
from site_builder.content.yamltext import Located, YamlError, parse_yaml
from site_builder.errors import Problem, display_path, file_problem

DATA_KINDS = ("topics", "people", "sources", "units", "events", "figures", "glossary", "charts")
ENTRY_KINDS = ("articles", "viewpoints", "pages")
DATA_SUFFIXES = (".yaml", ".yml")
ENTRY_SUFFIXES = (".md",)
MAX_FILE_BYTES = 1024 * 1024
# Names Windows will not give a file or folder: a key becomes a folder of the site, which must copy anywhere.
_RESERVED_NAMES = r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])"
# \Z, not $: $ also matches before a final newline
KEY_PATTERN = re.compile(rf"^(?!{_RESERVED_NAMES}\Z)[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# Invisible characters that reorder the text around them (the "Trojan Source" trick): a title can read
# one way to the editor and another on the page.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ENTRY_NAME = re.compile(r"^(?P<key>.+)\.(?P<lang>[a-z]{2}(?:-Hant)?)\.md$")
# The Traditional Chinese edition's phrase table (content/phrases.py), under content/.
PHRASES_FILE = os.path.join("zh-hant", "phrases.yaml")


@dataclass(slots=True)
class DataFile:
    """One YAML file of a data kind: a mapping of keys to items."""

    path: str
    # path as shown to editors
    kind: str
    # one of DATA_KINDS, or "site" for site.yaml
    data: Located
    # the parsed mapping with the line of each value


@dataclass(slots=True)
class EntryFile:
    """One Markdown file with YAML front matter: one language of one entry or page."""

    path: str
    # path as shown to editors
    kind: str
    # one of ENTRY_KINDS
    key: str
    # the translation key: the file name before .<lang>.md
    lang: str
    # the language code in the file name
    meta: Located
    # the front matter with the line of each value
    body: str
    # the Markdown after the front matter, line endings normalised
    body_line: int
    # the file line on which the body starts
    file: Path | None = None
    # the file on disk
    front_digest: str = ""
    # a hash of the front matter text: a later edit that keeps it touched the body alone


@dataclass(slots=True)
class Parsed:
    """One content file as it was read: its document (None if it could not be read) and its problems."""

    document: DataFile | EntryFile | None
    problems: list[Problem]


@dataclass(slots=True)
class SourceTree:
    """Everything read from content/, plus the problems met while reading."""

    root: Path
    site: DataFile | None = None
    phrases: DataFile | None = None
    # content/zh-hant/phrases.yaml, when there is one
    data: list[DataFile] = field(default_factory=list)
    entries: list[EntryFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    # data kinds with a file that could not be read, and keys of entry files that could not be read:
    # references to them are not reported as unknown, since the real error is already reported
    parsed: dict[str, Parsed] = field(default_factory=dict)
    # every file read (absolute path), as read: the next build reuses those that did not change


def load_content(root: Path, reuse: dict[str, Parsed] | None = None,
                 skip: frozenset[str] = frozenset()) -> SourceTree:
    """Read site.yaml, every data folder and every entry folder under root.

    `reuse` holds files as an earlier build read them (by path) that have not changed
    since: they are taken as they are instead of being parsed again. Entry files in
    `skip` (paths as listed) are left out: the build has what they make (add_entry_files
    reads them if it turns out to need them after all).
    """
    tree = SourceTree(root=root)
    if not root.is_dir():
        tree.problems.append(Problem(display_path(root), None, "", "content folder not found"))
        return tree
    site_path = root / "site.yaml"
    if site_path.is_file():
        tree.site = _read(tree, site_path, reuse, functools.partial(_load_data_file, kind="site"))
    else:
        tree.problems.append(Problem(display_path(site_path), None, "", "site.yaml is missing"))
    if (root / PHRASES_FILE).is_file() or (root / PHRASES_FILE).is_symlink():
        tree.phrases = _read(tree, root / PHRASES_FILE, reuse, functools.partial(_load_data_file, kind="phrases"))
    for kind in (*DATA_KINDS, *ENTRY_KINDS):
        if (root / kind).is_symlink():
            tree.problems.append(_symlink_problem(root / kind))
    for kind in DATA_KINDS:
        for name in _files(root / kind, DATA_SUFFIXES, tree):
            loaded = _read(tree, name, reuse, functools.partial(_load_data_file, kind=kind))
            if loaded is not None:
                tree.data.append(loaded)
            else:
                tree.unreadable.add(kind)
    for kind in ENTRY_KINDS:
        add_entry_files(tree, [name for name in _files(root / kind, ENTRY_SUFFIXES, tree) if name not in skip],
                        reuse)
    return tree


def add_entry_files(tree: SourceTree, paths: list[str], reuse: dict[str, Parsed] | None = None) -> None:
    """Read these entry files (each in its kind's folder) into the tree."""
    for name in paths:
        kind = os.path.basename(os.path.dirname(name))
        loaded = _read(tree, name, reuse, functools.partial(load_entry_file, kind=kind))
        if loaded is not None:
            tree.entries.append(loaded)
        else:
            tree.unreadable.add(os.path.basename(name).split(".", 1)[0])


def _read(tree: SourceTree, path: Path | str, reuse: dict[str, Parsed] | None,
          parse: Callable[..., Any]) -> Any:
    """The document in one file, parsed now or reused; its problems go to the tree's."""
    name = str(path)
    parsed = reuse.get(name) if reuse is not None else None
    if parsed is None:
        problems: list[Problem] = []
        parsed = Parsed(parse(Path(path), problems=problems), problems)
    tree.parsed[name] = parsed
    tree.problems.extend(parsed.problems)
    return parsed.document


def _files(folder: Path, suffixes: tuple[str, ...], tree: SourceTree) -> list[str]:
    # Sorted so that the build, and the order of its messages, never depend on the file system.
    # Plain strings: a Path per file cost a quarter of a second at 10,000 entries; parsing makes one.
    if not folder.is_dir() or folder.is_symlink():
        return []
    try:
        with os.scandir(folder) as scan:
            return sorted(item.path for item in scan if item.is_file()
                          and os.path.splitext(item.name)[1] in suffixes and not item.name.startswith("."))
    except OSError as exc:
        # An unreadable folder is one problem among the others, not the end of the check.
        tree.problems.append(file_problem(exc, "read"))
        tree.unreadable.add(folder.name)
        return []


def key_hint(key: str, example: str = "") -> str:
    """How to fix a key that KEY_PATTERN refuses."""
    if re.match(rf"{_RESERVED_NAMES}\Z", key):
        return f"'{key}' is a reserved file name on Windows: choose another key"
    return "use lowercase letters a-z, digits and single hyphens" + (f", e.g. {example}" if example else "")


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """Read a UTF-8 file, accepting a BOM and Windows line endings, refusing anything else.

    Every content file is read here, so what no content file may be is checked here.
    """
    if path.is_symlink():
        problems.append(_symlink_problem(path))
        return None
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(file_problem(exc, "read"))
        return None
    if len(raw) > MAX_FILE_BYTES:
        message = f"file is {len(raw):,} bytes; the limit is 1 MB ({MAX_FILE_BYTES:,} bytes)"
        problems.append(Problem(shown, None, "", message, "split it into several entries"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(shown, line, "",
                                f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                                "save the file as UTF-8"))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problems.append(Problem(shown, None, "", "file is empty"))
        return None
    for match in _BIDI_CONTROLS.finditer(text):
        problems.append(Problem(shown, text.count("\n", 0, match.start()) + 1, "",
                                f"invisible text-direction character U+{ord(match.group()):04X}: "
                                "it reorders how the text around it is shown",
                                "delete it (most editors do not show it)", "warning"))
    return text


def _symlink_problem(path: Path) -> Problem:
    # A link may point anywhere on the machine: its text would be published as if it were content.
    # Shown by its own name (display_path would follow it).
    return Problem(f"{display_path(path.parent)}/{path.name}", None, "",
                   "is a symbolic link; content is read only from real files and folders inside content/",
                   "copy the file (or folder) into content/ instead of linking to it")


def _load_data_file(path: Path, kind: str, problems: list[Problem]) -> DataFile | None:
    read = read_text(path, problems)
    if read is None:
        return None
    try:
        located = parse_yaml(read)
    except YamlError as exc:
        problems.append(Problem(display_path(path), exc.line, exc.field, exc.message, exc.hint))
        return None
    if not isinstance(located.value, dict):
        problems.append(Problem(display_path(path), 1, "", "expected a mapping of keys to items",
                                "start each item with 'key:' at the left margin"))
        return None
    return DataFile(display_path(path), kind, located)


def load_entry_file(path: Path, kind: str, problems: list[Problem]) -> EntryFile | None:
    shown = display_path(path)
    name = _ENTRY_NAME.match(path.name)
    if not name:
        problems.append(Problem(shown, None, "", "entry file names must look like KEY.zh.md, KEY.en.md or "
                                "KEY.zh-Hant.md"))
        return None
    key, lang = name.group("key"), name.group("lang")
    if not KEY_PATTERN.match(key):
        problems.append(Problem(shown, None, "key", f"'{key}' is not a valid key", key_hint(key, "2023-10-tour")))
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    split = split_front_matter(text)
    if split is None:
        problems.append(Problem(shown, 1, "", "no front matter found",
                                "start the file with a line '---', the YAML fields, then another '---'"))
        return None
    front, body, body_line = split
    limits = body_problems(shown, body, body_line)
    if limits:
        problems.extend(limits)
        return None
    try:
        meta = parse_yaml(front, first_line=2)
    except YamlError as exc:
        problems.append(Problem(shown, exc.line, exc.field, exc.message, exc.hint))
        return None
    if not isinstance(meta.value, dict):
        problems.append(Problem(shown, 2, "", "front matter must be a mapping of fields"))
        return None
    return EntryFile(shown, kind, key, lang, meta, body, body_line, path, text_digest(front))


def entry_group_of(path: Path | str) -> tuple[str, str] | None:
    """(kind, key) of the entry or page a file in an entry folder belongs to, from its name alone."""
    # String operations rather than os.path's: asked for each of 20,000 files at every build of 10,000 entries.
    folder, _, name = os.fspath(path).rpartition(os.sep)
    kind = folder[folder.rfind(os.sep) + 1:]
    if kind not in ENTRY_KINDS or (found := _ENTRY_NAME.match(name)) is None:
        return None
    return kind, found.group("key")


def text_digest(text: str) -> str:
    """A short stable hash of a text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split '---\\nYAML\\n---\\nbody' into (yaml, body, first body line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return None
