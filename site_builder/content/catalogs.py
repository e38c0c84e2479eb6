"""Read and check the UI string catalogs in translations/: the one place a .po file is read.

Babel reads .po files leniently: an unterminated string is cut short without a word, and a
translation's placeholders are only tried when a page formats it. Here every line is checked
first, then every translation against its English text, so that a translator's slip is an
error at its line and never a truncated string, a crash or markup on every page.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po

from site_builder.content.languages import BABEL_LOCALES, CATALOG_DOMAIN, SITE_LANGUAGES, catalog_path
from site_builder.errors import Problem, display_path

_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(rf"^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?{_STRING}[ \t]*$")
_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\b")
_PLACEHOLDER = re.compile(r"%\((\w+)\)")


def read_catalog(path: Path, data: bytes | None = None) -> tuple[Catalog | None, list[Problem]]:
    """A language's catalog and every problem of it; None when it cannot be used at all. `data`: the file's bytes,
    when the caller has read them."""
    catalog, problems = _read_catalog(display_path(path), path.parent.parent.name,
                                      path.read_bytes() if data is None else data)
    return catalog, list(problems)


@functools.lru_cache(maxsize=16)
def _read_catalog(shown: str, folder: str, data: bytes) -> tuple[Catalog | None, tuple[Problem, ...]]:
    # By the file's bytes: a build reads each catalog for validation and for each language's pages, and a live
    # preview or the tests build again and again (the catalog is only read, never changed, by its users).
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, (Problem(shown, None, "", "catalog is not UTF-8", "save the file as UTF-8"),)
    problems, msgstr_lines = _check_lines(shown, text)
    if problems:
        return None, tuple(problems)
    try:
        locale = BABEL_LOCALES.get(folder.replace("_", "-"))
        catalog = read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        return None, (Problem(shown, None, "", f"catalog cannot be read: {exc}"),)
    for message in catalog:
        if message.id:
            line = msgstr_lines.get(message.lineno or 0, message.lineno)
            problems += [Problem(shown, line, "msgstr", text, hint) for text, hint in _message_problems(message)]
    return (None if problems else catalog), tuple(problems)


def _check_lines(shown: str, text: str) -> tuple[list[Problem], dict[int, int]]:
    """Every line that is not a comment, a keyword with a quoted string, or a quoted continuation."""
    problems: list[Problem] = []
    msgstr_lines: dict[int, int] = {}
    msgid_line = 0
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not _LINE.match(stripped):
            keyword = _KEYWORD.match(stripped)
            if keyword or stripped.startswith('"'):
                problems.append(Problem(shown, number, keyword.group(1) if keyword else "",
                                        "the quoted text is not closed on this line",
                                        'end the line with a closing quote "; write a quote inside the text as \\"'))
            else:
                problems.append(Problem(shown, number, "", "not a line of a .po catalog",
                                        "a line is a comment (#), msgid or msgstr with quoted text, or quoted text"))
            continue
        if stripped.startswith("msgid "):
            msgid_line = number
        elif stripped.startswith("msgstr"):
            msgstr_lines.setdefault(msgid_line, number)
    return problems, msgstr_lines


def _message_problems(message: Message) -> list[tuple[str, str]]:
    """What is wrong with one translation: markup, or placeholders that are not its English text's."""
    ids = [str(i) for i in (message.id if isinstance(message.id, tuple | list) else (message.id,))]
    raw = message.string
    strings = [str(s) for s in (raw if isinstance(raw, tuple | list) else (raw,)) if s]
    names = set(_PLACEHOLDER.findall(ids[0]))
    found: list[tuple[str, str]] = []
    for string in strings:
        if "<" in string or ">" in string:
            found.append((f"markup in a UI string: {string!r}; translations are shown as text",
                          "remove the tags (< >) and keep the words"))
            continue
        shown = ", ".join(f"%({name})s" for name in sorted(names)) or "no placeholders"
        try:
            string % {name: "" for name in names}
        except KeyError as exc:
            found.append((f"placeholder %({exc.args[0]})s is not in the English text ({shown})",
                          "copy the placeholders from the msgid exactly"))
            continue
        except (ValueError, TypeError):
            found.append((f"a % that is not a placeholder in {string!r}",
                          "write a percent sign as %%; copy placeholders from the msgid exactly"))
            continue
        missing = sorted(names - set(_PLACEHOLDER.findall(string)))
        if missing:
            found.append((f"leaves out {', '.join(f'%({name})s' for name in missing)}",
                          "keep every placeholder of the msgid in the translation"))
    return found


def catalog_problems(translations_dir: Path) -> list[Problem]:
    """Errors in a catalog; warnings for UI strings untranslated, fuzzy, or missing from a language's catalog."""
    problems: list[Problem] = []
    template_path = translations_dir / f"{CATALOG_DOMAIN}.pot"
    expected = _template_ids(template_path.read_bytes()) if template_path.is_file() else frozenset()
    for lang in SITE_LANGUAGES:
        path = catalog_path(translations_dir, lang)
        shown = display_path(path)
        if not path.is_file():
            problems.append(Problem(shown, None, "", "catalog is missing", "run: make i18n", "warning"))
            continue
        catalog, found = read_catalog(path)
        problems += found
        if catalog is None:
            continue
        present = set()
        for message in catalog:
            if not message.id:
                continue
            present.add(str(message.id))
            if not message.string:
                problems.append(Problem(shown, message.lineno, "msgstr", f"untranslated UI string '{message.id}'",
                                        "translate it", "warning"))
            elif message.fuzzy:
                problems.append(Problem(shown, message.lineno, "msgstr", f"fuzzy UI string '{message.id}'",
                                        "check the translation, then remove the '#, fuzzy' line", "warning"))
        for missing in sorted(expected - present):
            problems.append(Problem(shown, None, "msgid", f"UI string '{missing}' is not in the catalog",
                                    "run: make i18n, then translate it", "warning"))
    return problems


@functools.lru_cache(maxsize=4)
def _template_ids(data: bytes) -> frozenset[str]:
    # By the file's bytes, as _read_catalog: a live preview checks the catalogs at every save.
    return frozenset(str(message.id) for message in read_po(io.BytesIO(data)) if message.id)
