"""Check every source document against its schema and every key against what exists."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from site_builder.content.copycheck import check_copy, check_entry_copy
from site_builder.content.languages import DEFAULT_LANGUAGE, LANGUAGES, RESERVED
from site_builder.content.load import KEY_PATTERN, EntryFile, SourceTree, key_hint
from site_builder.content.schema import Check, FieldType, Reference, closest
from site_builder.content.schemas import DATA_SCHEMAS, ENTRY_SCHEMAS, PARALLEL_LISTS, SITE
from site_builder.content.translations import check_translation
from site_builder.content.yamltext import Located, dotted
from site_builder.errors import Problem

# Every Markdown form of a link to entry:KEY: inline [t](entry:KEY "title"), angle-bracketed,
# and reference definitions [r]: entry:KEY.
# Matched in the text with its character references decoded (&#101;ntry: is entry: to Markdown and the
# sanitiser), and in any case, as the renderer matches it: a link this misses would not be checked.
ENTRY_LINK = re.compile(r"(?:\]\(\s*<?|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?)entry:([^)\s>#\"]*)(#[^)\s>\"]*)?",
                        re.MULTILINE | re.IGNORECASE)
_CHARACTER_REFERENCE = re.compile(r"&#?\w+;")
# The sections an entry page has or may have (templates/entry.html): an entry link's #fragment names one.
ENTRY_FRAGMENTS = ("main", "points-heading", "summary-heading", "quotes-heading", "figures-heading",
                   "events-heading", "viewpoints-heading", "notes-heading")
_KIND_NAMES = {"topics": "topic", "people": "person", "sources": "source", "units": "unit",
               "articles": "article", "entries": "entry", "figures": "figure"}


def validate_tree(tree: SourceTree, drafts: bool = False) -> list[Problem]:
    """Return every problem in the tree: schema, keys, translations, cross-references."""
    problems = list(tree.problems)
    references: list[tuple[str, Located, Check]] = []
    if tree.site is not None:
        _check(tree.site.path, tree.site.data, SITE, problems, references)
    _check_data(tree, problems, references)
    every_entry = published_entries(tree, drafts=True)
    _check_entries(tree.entries, every_entry, problems, references)
    resolve_references(references, defined_keys(tree, drafts), problems)
    _check_unused_topics(tree, published_entries(tree, drafts), _data_keys(tree).get("topics", set()), problems)
    _check_chart_units(tree, problems)
    problems.extend(check_copy(tree))
    return problems


@dataclass(frozen=True, slots=True)
class DefinedKeys:
    """The keys references may point at, and the drafts they may not."""

    keys: dict[str, frozenset[str]]
    # reference kind (topics, people, articles, entries, …) -> keys defined
    drafts: frozenset[str]
    # entry keys left out of this build as drafts
    unreadable: frozenset[str]
    # data kinds and entry keys with a file that could not be read (see SourceTree.unreadable)


def defined_keys(tree: SourceTree, drafts: bool) -> DefinedKeys:
    """What exists to be referred to: data keys and published entries (drafts too when built with them)."""
    defined = _data_keys(tree)
    every_entry = published_entries(tree, drafts=True)
    entries = every_entry if drafts else published_entries(tree, drafts=False)
    defined["articles"] = {key for (kind, key) in entries if kind == "articles"}
    defined["entries"] = {key for (kind, key) in entries if kind != "pages"}
    return DefinedKeys({kind: frozenset(keys) for kind, keys in defined.items()},
                       frozenset(key for (_kind, key) in every_entry.keys() - entries.keys()),
                       frozenset(tree.unreadable))


def check_entry_group(files: dict[str, EntryFile], defined: DefinedKeys) -> list[Problem]:
    """Every problem of one entry's files (all its languages) on their own: schema, body links, translation.

    The same checks validate_tree makes for the group; used to recheck one edited entry.
    """
    problems: list[Problem] = []
    references: list[tuple[str, Located, Check]] = []
    _check_group(files, problems, references)
    resolve_references(references, defined, problems)
    return problems


def resolve_references(references: list[tuple[str, Located, Check]], defined: DefinedKeys,
                       problems: list[Problem]) -> None:
    """Report each reference to a key that is not defined (or is a draft)."""
    for path, located, check in references:
        for ref in check.references:
            known = defined.keys.get(ref.kind, frozenset())
            if ref.key in known or _unreadable(defined, ref.kind, ref.key):
                continue
            drafted = ref.kind in ("entries", "articles") and ref.key in defined.drafts
            field = "body" if ref.path[:1] == ("body",) else dotted(ref.path)
            problems.append(Problem(path, located.line_of(ref.path), field,
                                    f"unknown {_KIND_NAMES[ref.kind]} '{ref.key}'" if not drafted else
                                    f"'{ref.key}' is a draft and is not published",
                                    _suggest(ref.key, known) if not drafted else
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


def _check(path: str, located: Located, schema: FieldType, problems: list[Problem], references: list[Any]) -> Check:
    check = Check()
    schema.check(located.value, (), check)
    for field_path, message, hint in check.errors:
        problems.append(Problem(path, located.line_of(field_path), dotted(field_path), message, hint))
    references.append((path, located, check))
    return check


def _check_data(tree: SourceTree, problems: list[Problem], references: list[Any]) -> None:
    first_seen: dict[tuple[str, str], str] = {}
    for data_file in tree.data:
        for key in data_file.data.value:
            line = data_file.data.line_of((key,))
            if not KEY_PATTERN.match(key):
                problems.append(Problem(data_file.path, line, key, f"'{key}' is not a valid key", key_hint(key)))
            if (data_file.kind, key) in first_seen:
                problems.append(Problem(data_file.path, line, key,
                                        f"duplicate key '{key}' (also defined in {first_seen[(data_file.kind, key)]})",
                                        "keys must be unique across all files of a folder"))
            first_seen.setdefault((data_file.kind, key), data_file.path)
        _check(data_file.path, data_file.data, DATA_SCHEMAS[data_file.kind], problems, references)


def _data_keys(tree: SourceTree) -> dict[str, set[str]]:
    defined: dict[str, set[str]] = defaultdict(set)
    for data_file in tree.data:
        defined[data_file.kind].update(data_file.data.value)
    return defined


def _check_entries(all_files: list[EntryFile], entries: dict[tuple[str, str], dict[str, EntryFile]],
                   problems: list[Problem],
                   references: list[Any]) -> None:
    kinds_of_key: dict[str, set[str]] = defaultdict(set)
    for entry in all_files:
        if entry.lang not in LANGUAGES:
            problems.append(Problem(entry.path, None, "", f"unknown language '{entry.lang}' in the file name",
                                    f"use {' or '.join(LANGUAGES)}"))
            continue
        if entry.kind != "pages":
            kinds_of_key[entry.key].add(entry.kind)
        elif entry.key in RESERVED:
            problems.append(Problem(entry.path, None, "key", f"'{entry.key}' is the address of a generated page",
                                    "give the page another file name"))
    for key, kinds in kinds_of_key.items():
        if len(kinds) > 1:
            paths = sorted(f.path for f in all_files if f.key == key and f.kind in kinds)
            problems.append(Problem(paths[-1], None, "key", f"two entries claim the key '{key}' ({', '.join(paths)})",
                                    "rename one of them: entry keys are shared by articles and viewpoints"))
    for _group, files in sorted(entries.items()):
        _check_group(files, problems, references)


def _check_group(files: dict[str, EntryFile], problems: list[Problem], references: list[Any]) -> None:
    source = files.get(DEFAULT_LANGUAGE)
    for lang, entry in sorted(files.items()):
        if lang not in LANGUAGES:
            continue
        check = _check(entry.path, entry.meta, ENTRY_SCHEMAS[entry.kind][lang], problems, references)
        _check_body_links(entry, check, problems)
        problems.extend(check_entry_copy(entry))
        if entry.kind != "pages" and lang == DEFAULT_LANGUAGE:
            _check_quotes(entry, problems)
        if source is not None and lang != DEFAULT_LANGUAGE:
            _check_parallel(source, entry, problems)
            problems.extend(check_translation(source, entry))
    if source is None:
        other = next(iter(files.values()))
        if other.file is not None and other.file.with_name(f"{other.key}.{DEFAULT_LANGUAGE}.md").exists():
            return  # the Chinese file exists but could not be read: that error is reported already
        problems.append(Problem(other.path, None, "",
                                "no Chinese version: the Chinese file holds the entry's facts",
                                f"add {other.path.rsplit('.', 2)[0]}.zh.md"))
    for lang in LANGUAGES:
        if lang not in files and source is not None and not _exists(source, lang):
            problems.append(Problem(source.path, None, "", f"no {_LANGUAGE_NAMES[lang]} version "
                                    f"(expected {source.path.rsplit('.', 2)[0]}.{lang}.md)", severity="warning"))


_LANGUAGE_NAMES = {"zh": "Chinese", "en": "English"}


def _exists(source: EntryFile, lang: str) -> bool:
    # A file that exists but could not be read has its error reported already.
    return source.file is not None and source.file.with_name(f"{source.key}.{lang}.md").exists()


def _check_body_links(entry: EntryFile, check: Check, problems: list[Problem]) -> None:
    body = _CHARACTER_REFERENCE.sub(_decoded, entry.body)
    for match in ENTRY_LINK.finditer(body):
        line = entry.body_line + body.count("\n", 0, match.start())
        path = ("body", line)
        entry.meta.lines[path] = line
        check.references.append(Reference("entries", match.group(1), path))
        fragment = (match.group(2) or "#")[1:]
        if fragment and fragment not in ENTRY_FRAGMENTS:
            problems.append(Problem(entry.path, line, "body", f"entry link to '#{fragment}': no such section on an "
                                    f"entry page", f"use one of #{', #'.join(ENTRY_FRAGMENTS)}, or no fragment"))


def _decoded(reference: re.Match[str]) -> str:
    # Line breaks stay as written, so that line numbers stay right.
    text = html.unescape(reference.group())
    return reference.group() if "\n" in text else text


def _check_quotes(entry: EntryFile, problems: list[Problem]) -> None:
    quotes = entry.meta.value.get("quotes")
    if not isinstance(quotes, list):
        return
    for index, quote in enumerate(quotes):
        if not isinstance(quote, dict):
            continue
        has_by, has_speaker = "by" in quote, "speaker" in quote
        needs_speaker = entry.kind == "articles"
        if has_by and has_speaker or (needs_speaker and not (has_by or has_speaker)):
            path = ("quotes", index)
            problems.append(Problem(entry.path, entry.meta.line_of(path), dotted(path),
                                    "give exactly one of 'by' (a person key) or 'speaker' (an unnamed speaker)"))


def _check_parallel(source: EntryFile, translation: EntryFile, problems: list[Problem]) -> None:
    for name in PARALLEL_LISTS:
        original, translated = source.meta.value.get(name), translation.meta.value.get(name)
        if not isinstance(original, list) and not isinstance(translated, list):
            continue
        count_original = len(original) if isinstance(original, list) else 0
        count_translated = len(translated) if isinstance(translated, list) else 0
        if count_original != count_translated:
            problems.append(Problem(translation.path, translation.meta.line_of((name,)), name,
                                    f"has {count_translated} items but the Chinese file has {count_original}",
                                    "translate each item, in the same order"))


def _check_unused_topics(tree: SourceTree, entries: dict[tuple[str, str], dict[str, EntryFile]], topics: set[str],
                         problems: list[Problem]) -> None:
    used: set[str] = set()
    for files in entries.values():
        source = files.get(DEFAULT_LANGUAGE)
        if source is not None and isinstance(source.meta.value.get("topics"), list):
            used.update(t for t in source.meta.value["topics"] if isinstance(t, str))
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
            figures = [bar.get("figure") for bar in bars if isinstance(bar, dict)]
            seen = {units[figure] for figure in figures if figure in units}
            if len(seen) > 1:
                problems.append(Problem(data_file.path, data_file.data.line_of((key, "bars")), f"{key}.bars",
                                        f"bars mix units ({', '.join(sorted(map(str, seen)))})",
                                        "chart figures of one unit only"))


def _suggest(key: str, known: Iterable[str]) -> str:
    close = closest(key, known)
    return f"did you mean '{close}'?" if close else ""
