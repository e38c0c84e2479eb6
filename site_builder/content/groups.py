"""One entry's files (all its languages) checked on their own: the part of validation kept between builds.

Most checks of an entry read nothing but its own files: their schemas, the form of body
links, working vocabulary, quotes, parallel lists, translation staleness, the languages
it lacks. What they find is a function of those files alone, so a build keeps it by
their content (build/memo.py) and checks again only the entries whose files changed;
the checks across entries (validate.py: keys that must exist, a key claimed twice,
unused topics) run over the whole site each time, on what each group found.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from site_builder.content.copycheck import check_entry_copy
from site_builder.content.correspondence import check_correspondence
from site_builder.content.languages import DEFAULT_LANGUAGE, FILE_LANGUAGES, HANT, LANGUAGES
from site_builder.content.load import EntryFile
from site_builder.content.schema import Check, FieldType, Reference
from site_builder.content.schemas import ENTRY_SCHEMAS, PARALLEL_LISTS
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
_LANGUAGE_NAMES = {"zh": "Chinese", "en": "English", "zh-Hant": "Traditional Chinese"}

KeyUse = tuple[str, int | None, str, str, str]
# a key some file names, to be found among what exists: (path, line, field, kind, key)


@dataclass(frozen=True, slots=True)
class GroupCheck:
    """What one entry's (or free page's) files gave validation on their own."""

    files: tuple[tuple[str, str], ...]
    # (path, language) of each of its files that could be read
    draft: bool
    # its Chinese file says draft: true
    problems: tuple[Problem, ...]
    # what is wrong within its files
    uses: tuple[KeyUse, ...]
    # the keys its files name (topics, people, sources, entries), checked against the whole site
    topics: tuple[str, ...]
    # the topics its Chinese file lists (a topic no entry, event or figure uses is worth a warning)


def check_group(files: dict[str, EntryFile]) -> GroupCheck:
    """Check one entry's files, every language, against their schemas and each other."""
    problems: list[Problem] = []
    uses: list[KeyUse] = []
    source = files.get(DEFAULT_LANGUAGE)
    for lang, entry in sorted(files.items()):
        if lang not in FILE_LANGUAGES:
            continue
        check = check_fields(entry.path, entry.meta, ENTRY_SCHEMAS[entry.kind][lang], problems)
        _check_body_links(entry, check, problems)
        uses.extend(key_uses(entry.path, entry.meta, check))
        problems.extend(check_entry_copy(entry))
        if entry.kind != "pages" and lang == DEFAULT_LANGUAGE:
            _check_quotes(entry, problems)
        if source is not None and lang != DEFAULT_LANGUAGE:
            _check_parallel(source, entry, problems)
            problems.extend(check_translation(source, entry))
            if entry.kind != "pages":
                problems.extend(check_correspondence(source, entry))
    _check_languages(files, source, problems)
    meta = source.meta.value if source is not None and isinstance(source.meta.value, dict) else {}
    topics = meta.get("topics")
    return GroupCheck(
        files=tuple((entry.path, lang) for lang, entry in sorted(files.items())),
        draft=meta.get("draft") is True, problems=tuple(problems), uses=tuple(uses),
        topics=tuple(t for t in topics if isinstance(t, str)) if isinstance(topics, list) else ())


def check_fields(path: str, located: Located, schema: FieldType, problems: list[Problem]) -> Check:
    """Check one document against its schema; its errors go to problems, its key uses stay in the Check."""
    check = Check()
    schema.check(located.value, (), check)
    for field_path, message, hint in check.errors:
        problems.append(Problem(path, located.line_of(field_path), dotted(field_path), message, hint))
    return check


def key_uses(path: str, located: Located, check: Check, lines: bool = True) -> list[KeyUse]:
    """The keys a checked document names, each with its field and line (None without `lines`: found from
    the field if a problem needs it, see validate.resolve_key_uses)."""
    return [(path, located.line_of(ref.path) if lines else None,
             "body" if ref.path[:1] == ("body",) else dotted(ref.path), ref.kind, ref.key)
            for ref in check.references]


def group_check_to_json(check: GroupCheck) -> list[Any]:
    return [[list(item) for item in check.files], check.draft, [problem_row(p) for p in check.problems],
            [list(use) for use in check.uses], list(check.topics)]


def group_check_from_json(raw: Any) -> GroupCheck | None:
    """The GroupCheck group_check_to_json wrote, or None for anything else (it is made again)."""
    try:
        files, draft, problems, uses, topics = raw
        return GroupCheck(tuple((str(path), str(lang)) for path, lang in files), bool(draft),
                          tuple(Problem(*row) for row in problems),
                          tuple((str(p), line, str(f), str(kind), str(key)) for p, line, f, kind, key in uses),
                          tuple(str(topic) for topic in topics))
    except (TypeError, ValueError):
        return None


def problem_row(problem: Problem) -> list[Any]:
    return [problem.path, problem.line, problem.field, problem.message, problem.hint, problem.severity]


def _check_languages(files: dict[str, EntryFile], source: EntryFile | None, problems: list[Problem]) -> None:
    """The Chinese file must exist; another language missing is worth a warning."""
    if source is None:
        other = next(iter(files.values()))
        if other.file is not None and other.file.with_name(f"{other.key}.{DEFAULT_LANGUAGE}.md").exists():
            return  # the Chinese file exists but could not be read: that error is reported already
        problems.append(Problem(other.path, None, "",
                                "no Chinese version: the Chinese file holds the entry's facts",
                                f"add {other.path.rsplit('.', 2)[0]}.zh.md"))
        return
    for lang in LANGUAGES:
        if lang not in files and not _exists(source, lang):
            problems.append(Problem(source.path, None, "", f"no {_LANGUAGE_NAMES[lang]} version "
                                    f"(expected {source.path.rsplit('.', 2)[0]}.{lang}.md)", severity="warning"))


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
        if translation.lang == HANT and translated is None:
            continue  # a hand-made Traditional file may leave a list out: the Chinese one is converted instead
        count_original = len(original) if isinstance(original, list) else 0
        count_translated = len(translated) if isinstance(translated, list) else 0
        if count_original != count_translated:
            problems.append(Problem(translation.path, translation.meta.line_of((name,)), name,
                                    f"has {count_translated} items but the Chinese file has {count_original}",
                                    "translate each item, in the same order"))
