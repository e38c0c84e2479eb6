"""Check every source document against its schema and every key against what exists.

Each entry's own files and each data file are checked on their own (groups.py,
datafiles.py), so that a build can keep what an unchanged file gave; here is whatever
spans files: keys claimed twice, keys named that do not exist, topics nobody uses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from site_builder.content.copycheck import check_copy
from site_builder.content.datafiles import DataCheck, check_data_file
from site_builder.content.groups import GroupCheck, KeyUse, check_fields, check_group, key_uses
from site_builder.content.languages import DEFAULT_LANGUAGE, FILE_LANGUAGES, RESERVED
from site_builder.content.load import DataFile, EntryFile, SourceTree
from site_builder.content.phrases import phrase_problems
from site_builder.content.schema import closest
from site_builder.content.schemas import SITE
from site_builder.content.yamltext import Located, field_path
from site_builder.errors import Problem

_KIND_NAMES = {"topics": "topic", "people": "person", "sources": "source", "units": "unit",
               "articles": "article", "entries": "entry", "figures": "figure"}
Groups = Mapping[tuple[str, str], GroupCheck]
# (kind, key) -> what the entry's own files gave (groups.py), for every entry and page, drafts too


def validate_tree(tree: SourceTree, drafts: bool = False, groups: Groups | None = None,
                  data: Mapping[str, DataCheck] | None = None) -> list[Problem]:
    """Return every problem in the tree: schema, keys, translations, cross-references.

    `groups` holds what each entry's files gave when checked on their own, as a build
    keeps it; without it they are checked here. With it, the tree need not hold the
    entries' files at all. `data` holds the same for data files, by their path as shown.
    """
    groups = check_groups(tree) if groups is None else groups
    problems = list(tree.problems)
    uses: list[KeyUse] = []
    if tree.site is not None:
        uses += key_uses(tree.site.path, tree.site.data, check_fields(tree.site.path, tree.site.data, SITE, problems))
    for data_file in tree.data:
        found = data.get(data_file.path) if data is not None else None
        found = found if found is not None else check_data_file(data_file)
        problems.extend(found.problems)
        uses.extend(found.uses)
    _check_duplicate_keys(tree.data, problems)
    problems.extend(phrase_problems(tree.phrases))
    _check_entry_keys(groups, problems)
    for group in groups.values():
        problems.extend(group.problems)
        uses.extend(group.uses)
    resolve_key_uses(uses, defined_keys(tree, groups, drafts), problems,
                     {data_file.path: data_file.data for data_file in tree.data})
    _check_unused_topics(tree, groups, drafts, problems)
    _check_chart_units(tree, problems)
    problems.extend(check_copy(tree))
    return problems


def check_groups(tree: SourceTree) -> dict[tuple[str, str], GroupCheck]:
    """Check each entry's files on their own, every entry and page of the tree."""
    return {group: check_group(files) for group, files in published_entries(tree, drafts=True).items()}


@dataclass(frozen=True, slots=True)
class DefinedKeys:
    """The keys references may point at, and the drafts they may not."""

    keys: dict[str, frozenset[str]]
    # reference kind (topics, people, articles, entries, …) -> keys defined
    drafts: frozenset[str]
    # entry keys left out of this build as drafts
    unreadable: frozenset[str]
    # data kinds and entry keys with a file that could not be read (see SourceTree.unreadable)


def defined_keys(tree: SourceTree, groups: Groups, drafts: bool) -> DefinedKeys:
    """What exists to be referred to: data keys and published entries (drafts too when built with them)."""
    defined = _data_keys(tree)
    entries = {group for group, check in groups.items() if drafts or not check.draft}
    defined["articles"] = {key for (kind, key) in entries if kind == "articles"}
    defined["entries"] = {key for (kind, key) in entries if kind != "pages"}
    return DefinedKeys({kind: frozenset(keys) for kind, keys in defined.items()},
                       frozenset(key for (_kind, key) in groups.keys() - entries),
                       frozenset(tree.unreadable))


def resolve_key_uses(uses: list[KeyUse], defined: DefinedKeys, problems: list[Problem],
                     located: Mapping[str, Located] | None = None) -> None:
    """Report each key named that is not defined (or is a draft). A use without a line takes it from
    `located` (its file's lines by path), found only for a problem: most uses name what exists."""
    for path, line, field, kind, key in uses:
        known = defined.keys.get(kind, frozenset())
        if key in known or _unreadable(defined, kind, key):
            continue
        if line is None and located is not None and path in located:
            line = located[path].line_of(field_path(field))
        drafted = kind in ("entries", "articles") and key in defined.drafts
        problems.append(Problem(path, line, field,
                                f"unknown {_KIND_NAMES[kind]} '{key}'" if not drafted else
                                f"'{key}' is a draft and is not published",
                                _suggest(key, known) if not drafted else
                                "publish it (remove 'draft: true') or build with --drafts"))


def published_entries(tree: SourceTree, drafts: bool) -> dict[tuple[str, str], dict[str, EntryFile]]:
    """Group entry files by (kind, key) → {lang: file}, leaving out drafts unless asked."""
    grouped: dict[tuple[str, str], dict[str, EntryFile]] = defaultdict(dict)
    for entry in tree.entries:
        grouped[(entry.kind, entry.key)][entry.lang] = entry
    if not drafts:
        for group_key in [k for k, files in grouped.items()
                          if isinstance(files.get(DEFAULT_LANGUAGE) and files[DEFAULT_LANGUAGE].meta.value, dict)
                          and files[DEFAULT_LANGUAGE].meta.value.get("draft") is True]:
            del grouped[group_key]
    return dict(grouped)


def _unreadable(defined: DefinedKeys, kind: str, key: str) -> bool:
    """Whether a missing key may be defined in a file that could not be read (its error is reported)."""
    if kind in ("entries", "articles"):
        return key in defined.unreadable
    return kind in defined.unreadable


def _check_duplicate_keys(data: list[DataFile], problems: list[Problem]) -> None:
    first_seen: dict[tuple[str, str], str] = {}
    for data_file in data:
        for key in data_file.data.value:
            if (data_file.kind, key) in first_seen:
                problems.append(Problem(data_file.path, data_file.data.line_of((key,)), key,
                                        f"duplicate key '{key}' (also defined in {first_seen[(data_file.kind, key)]})",
                                        "keys must be unique across all files of a folder"))
            first_seen.setdefault((data_file.kind, key), data_file.path)


def _data_keys(tree: SourceTree) -> dict[str, set[str]]:
    defined: dict[str, set[str]] = defaultdict(set)
    for data_file in tree.data:
        defined[data_file.kind].update(data_file.data.value)
    return defined


def _check_entry_keys(groups: Groups, problems: list[Problem]) -> None:
    """File names across entries: a language we do not have, a page at a generated address, a key used twice."""
    kinds_of_key: dict[str, set[str]] = defaultdict(set)
    paths_of_key: dict[str, list[str]] = defaultdict(list)
    for (kind, key), group in groups.items():
        for path, lang in group.files:
            if kind != "pages":
                paths_of_key[key].append(path)
            if lang not in FILE_LANGUAGES:
                problems.append(Problem(path, None, "", f"unknown language '{lang}' in the file name",
                                        f"use {', '.join(FILE_LANGUAGES)}"))
                continue
            if kind != "pages":
                kinds_of_key[key].add(kind)
            elif key in RESERVED:
                problems.append(Problem(path, None, "key", f"'{key}' is the address of a generated page",
                                        "give the page another file name"))
    for key, kinds in kinds_of_key.items():
        if len(kinds) > 1:
            paths = sorted(paths_of_key[key])
            problems.append(Problem(paths[-1], None, "key", f"two entries claim the key '{key}' ({', '.join(paths)})",
                                    "rename one of them: entry keys are shared by articles and viewpoints"))


def _check_unused_topics(tree: SourceTree, groups: Groups, drafts: bool, problems: list[Problem]) -> None:
    used: set[str] = set()
    for group in groups.values():
        if drafts or not group.draft:
            used.update(group.topics)
    for data_file in tree.data:
        if data_file.kind in ("events", "figures"):
            for item in data_file.data.value.values():
                if isinstance(item, dict) and isinstance(item.get("topics"), list):
                    used.update(t for t in item["topics"] if isinstance(t, str))
    for data_file in tree.data:
        if data_file.kind == "topics":
            for key in data_file.data.value:
                if key not in used:
                    problems.append(Problem(data_file.path, data_file.data.line_of((key,)), key,
                                            "topic is not used by any entry, event or figure", severity="warning"))


def _check_chart_units(tree: SourceTree, problems: list[Problem]) -> None:
    """A bar chart compares like with like: every bar's figure must share one unit."""
    units = {key: item.get("unit") for data_file in tree.data if data_file.kind == "figures"
             for key, item in data_file.data.value.items() if isinstance(item, dict)}
    for data_file in tree.data:
        if data_file.kind != "charts":
            continue
        for key, chart in data_file.data.value.items():
            bars = chart.get("bars") if isinstance(chart, dict) else None
            if not isinstance(bars, list):
                continue
            total = chart.get("total")
            figures = [bar.get("figure") for bar in [*bars, total] if isinstance(bar, dict)]
            seen = {units[figure] for figure in figures if figure in units}
            if len(seen) > 1:
                problems.append(Problem(data_file.path, data_file.data.line_of((key, "bars")), f"{key}.bars",
                                        f"bars mix units ({', '.join(sorted(map(str, seen)))})",
                                        "chart figures of one unit only"))


def _suggest(key: str, known: Iterable[str]) -> str:
    close = closest(key, known)
    return f"did you mean '{close}'?" if close else ""
