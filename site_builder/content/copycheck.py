"""Copy checks: what readers see must not carry editors' words, wrong roles or wrong qualifiers.

Pure functions over the loaded content; each returns warnings (errors under --strict) with file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from site_builder.content.load import DataFile, EntryFile, SourceTree
from site_builder.content.yamltext import Located, dotted
from site_builder.errors import Problem

# The editors' working vocabulary: our names for the five source files. Readers know the original report,
# the outlet or the special, never our files. The one list; matched as whole words, case-insensitively.
WORKING_VOCABULARY = ("种子", "来源文件", "seed", "seeds", "source file", "source files", "our source")
# Ordinary phrases that contain a word of the list and may stay (grass seed breeding is 草种业).
ORDINARY_PHRASES = ("seed breeding", "seed industry", "合作的种子")
VOCABULARY_HINT = "write 原文 / the original report, 本专题节选 / the excerpt reproduced in the special, or the outlet"
# Fields no reader sees: which source file an entry came from, the translation stamp, the original's quotes.
_UNSEEN_FIELDS = {("source", "original"), ("translated_from",)}

# A person's kind and the words of a role that say it: a 全国政协委员 is a CPPCC member, not an NPC deputy.
ROLE_KINDS = (("政协委员", "cppcc-member"), ("人大代表", "deputy"))

# A qualifier touching a figure's number in its Chinese label or note, and the qualifier it means.
# Longer words first: 不超过 is not 超过.
QUALIFIER_BEFORE = (("不超过", "up-to"), ("最多", "up-to"), ("超过", "over"), ("突破", "over"), ("逾", "over"),
                    ("约", "about"), ("近", "nearly"))
QUALIFIER_AFTER = (("以下", "below"), ("以上", "at-least"), ("左右", "about"), ("多", "over"), ("余", "over"))
_QUALIFIER_WORDS = {"below": "以下", "at-least": "以上", "over": "超过", "about": "约", "nearly": "近",
                    "up-to": "最多"}


def check_copy(tree: SourceTree) -> list[Problem]:
    """The copy problems of site.yaml and those spanning data files (entries are checked by check_entry_copy,
    each data file's vocabulary by datafiles.check_data_file)."""
    problems = check_vocabulary(tree.site.path, tree.site.data) if tree.site is not None else []
    return problems + check_person_kinds(tree.data) + check_figure_qualifiers(tree.data)


def check_entry_copy(entry: EntryFile) -> list[Problem]:
    """Working vocabulary in one entry file: its front matter and its body."""
    problems = check_vocabulary(entry.path, entry.meta, quotes_are_original=entry.lang == "zh")
    if not _has_vocabulary([entry.body]):  # nearly every body: one scan, not one per line
        return problems
    for number, line in enumerate(entry.body.split("\n")):
        for term in find_vocabulary(line):
            problems.append(_vocabulary_problem(entry.path, entry.body_line + number, "body", term))
    return problems


def find_vocabulary(text: str) -> list[str]:
    """The words of the working vocabulary in a text, in order, once each."""
    text = _blanked(text)
    if _ANY_TERM.search(text) is None:  # nearly every text: one scan instead of one per term
        return []
    found = []
    # Longest first, each blanked out once found: "source files" is not also reported as "source file".
    for term in sorted(WORKING_VOCABULARY, key=len, reverse=True):
        # Chinese has no spaces: a Chinese term is found anywhere; an English one as a whole word.
        pattern = re.escape(term) if not term.isascii() else rf"(?<![a-z]){re.escape(term)}(?![a-z])"
        match = re.search(pattern, text)
        if match:
            found.append((match.start(), term))
            text = re.sub(pattern, lambda hit: "~" * len(hit.group()), text)
    return [term for _start, term in sorted(found)]


def _blanked(text: str) -> str:
    """The text in lower case with its ordinary phrases ("seed breeding") blanked out."""
    text = text.lower()
    for phrase in ORDINARY_PHRASES:
        text = text.replace(phrase, "~" * len(phrase))
    return text


def _has_vocabulary(texts: Iterable[str]) -> bool:
    """Whether any of the texts holds a term: one scan of them all (no phrase or term holds a line break)."""
    return _ANY_TERM.search(_blanked("\n".join(texts))) is not None


# Any term of the list, anywhere: a text without one needs no closer look.
_ANY_TERM = re.compile("|".join(re.escape(term) for term in WORKING_VOCABULARY))


def check_vocabulary(path: str, located: Located, quotes_are_original: bool = False) -> list[Problem]:
    """Working vocabulary in any text of a YAML document readers may see."""
    texts = [(field_path, text) for field_path, text in _texts(located.value, ())
             if field_path not in _UNSEEN_FIELDS and not (quotes_are_original and field_path[:1] == ("quotes",)
                                                          and field_path[-1:] == ("text",))]
    if not _has_vocabulary(text for _path, text in texts):
        return []  # nearly every document: one scan, not one per text
    problems = []
    for field_path, text in texts:
        for term in find_vocabulary(text):
            problems.append(_vocabulary_problem(path, located.line_of(field_path), dotted(field_path), term))
    return problems


def check_person_kinds(data: list[DataFile]) -> list[Problem]:
    """A person's kind must be the one their Chinese role names (全国政协委员, 全国人大代表)."""
    problems = []
    for data_file in data:
        if data_file.kind != "people":
            continue
        for key, person in data_file.data.value.items():
            if not isinstance(person, dict):
                continue
            role, kind = person.get("role"), person.get("kind")
            if not isinstance(role, dict) or not isinstance(role.get("zh"), str) or not isinstance(kind, str):
                continue
            said = [(words, named) for words, named in ROLE_KINDS if words in role["zh"]]
            if said and kind not in {named for _words, named in said}:
                words, named = said[0]
                problems.append(Problem(data_file.path, data_file.data.line_of((key, "kind")), f"{key}.kind",
                                        f"kind is '{kind}' but the role says {words}", f"write kind: {named}",
                                        "warning"))
            elif not said and kind in {named for _words, named in ROLE_KINDS}:
                words = next(words for words, named in ROLE_KINDS if named == kind)
                problems.append(Problem(data_file.path, data_file.data.line_of((key, "kind")), f"{key}.kind",
                                        f"kind is '{kind}' but the role does not say {words}",
                                        "give the role as the original does, or another kind", "warning"))
    return problems


def check_figure_qualifiers(data: list[DataFile]) -> list[Problem]:
    """A figure's qualifier must be the one its Chinese label or note puts by its number (以下, 以上, 超过, 约…)."""
    units = {key: unit.get("zh", "") for data_file in data if data_file.kind == "units"
             for key, unit in data_file.data.value.items() if isinstance(unit, dict)}
    problems = []
    for data_file in data:
        if data_file.kind != "figures":
            continue
        for key, figure in data_file.data.value.items():
            if not isinstance(figure, dict):
                continue
            qualifier = figure.get("qualifier") or ""
            wording = [figure[field]["zh"] for field in ("label", "note")
                       if isinstance(figure.get(field), dict) and isinstance(figure[field].get("zh"), str)]
            said = {found for text in wording
                    for found in qualifiers_in(text, figure.get("value"), units.get(figure.get("unit"), ""))}
            if said and qualifier not in said:
                meant = sorted(said - {""})[0] if said - {""} else ""
                words = _QUALIFIER_WORDS.get(meant, "")
                field = (key, "qualifier") if "qualifier" in figure else (key,)
                problems.append(Problem(
                    data_file.path, data_file.data.line_of(field), dotted(field),
                    f"qualifier is '{qualifier or 'none'}' but the Chinese wording says "
                    + (f"{words} ({meant})" if meant else "the number without a qualifier"),
                    f"write qualifier: {meant}" if meant else "remove the qualifier, or quote the original wording",
                    "warning"))
    return problems


_NUMBER_MENTION = re.compile(r"(?<![0-9.])(-?[0-9]+(?:\.[0-9]+)?)(多|余)?")
_NUMBER_CHARS = frozenset("0123456789.")


def qualifiers_in(text: str, value: object, unit: str) -> set[str]:
    """The qualifier ("" for none) each mention of a figure's number in a text carries, e.g. 100万吨以下 -> below."""
    match = re.fullmatch(r"\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(万亿|亿|万)?\s*", str(value))
    if match is None or isinstance(value, bool):
        return set()
    number, scale = match.group(1), match.group(2) or ""
    found = set()
    # One pattern for every number (a pattern per figure would be compiled per figure, a thousand at scale);
    # 400多万吨 and 6000余吨: 多 and 余 may stand between the number and its scale or unit.
    for hit in _NUMBER_MENTION.finditer(text):
        said = text[hit.end():hit.end() + len(scale) + len(unit) + 1]
        if hit.group(1) != number or not said.startswith(scale + unit) \
                or (not unit and said[len(scale):len(scale) + 1] in _NUMBER_CHARS):
            continue
        before, after = text[:hit.start()], text[hit.end() + len(scale) + len(unit):]
        meant = "over" if hit.group(2) else ""
        meant = next((named for words, named in QUALIFIER_BEFORE if before.endswith(words)), meant)
        meant = next((named for words, named in QUALIFIER_AFTER if after.startswith(words)), meant)
        found.add(meant)
    return found


def _vocabulary_problem(path: str, line: int | None, field: str, term: str) -> Problem:
    return Problem(path, line, field, f"'{term}' is editors' working vocabulary, not for readers", VOCABULARY_HINT,
                   "warning")


def _texts(value: object, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every text in a parsed YAML value, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, path + (index,))
