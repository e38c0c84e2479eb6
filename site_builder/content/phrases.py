"""The editors' phrase table for the Traditional Chinese edition: Simplified term -> Hong Kong form.

`content/zh-hant/phrases.yaml` is a flat mapping, one term a line (`内蒙古: 內蒙古`). The build
converts Chinese text to Traditional with OpenCC (model/hant.py), but a term in this table is
never handed to OpenCC: it is replaced by the table's form, and only the text between such terms
is converted. The table is checked here like any data file.
"""

from __future__ import annotations

from site_builder.content.load import DataFile
from site_builder.errors import Problem

MAX_TERM = 40
# characters in a term or its form: a table of phrases and names, not of sentences


def phrase_table(data_file: DataFile | None) -> dict[str, str]:
    """The table's terms and their forms, as far as they are valid (a checked table is valid throughout)."""
    if data_file is None or not isinstance(data_file.data.value, dict):
        return {}
    return {key: value for key, value in data_file.data.value.items()
            if isinstance(key, str) and isinstance(value, str) and _fits(key) and _fits(value)}


def phrase_problems(data_file: DataFile | None) -> list[Problem]:
    """What is wrong in the table: each term a one-line text, each form one too."""
    if data_file is None or not isinstance(data_file.data.value, dict):
        return []
    problems = []
    for key, value in data_file.data.value.items():
        line = data_file.data.line_of((key,))
        field = str(key).strip().split("\n")[0][:MAX_TERM] + ("…" if len(str(key).strip()) > MAX_TERM
                                                                  or "\n" in str(key).strip() else "")
        if not isinstance(key, str) or not _fits(key):
            problems.append(Problem(data_file.path, line, field,
                                    f"a term must be text on one line, 1 to {MAX_TERM} characters",
                                    "write the Simplified term, a colon, then its Hong Kong form: 内蒙古: 內蒙古"))
        elif not isinstance(value, str):
            problems.append(Problem(data_file.path, line, field,
                                    f"expected the term's Traditional form as text, got {_kind(value)}",
                                    f"write {key}: followed by its Hong Kong form"))
        elif not _fits(value):
            problems.append(Problem(data_file.path, line, field,
                                    f"the form must be text on one line, 1 to {MAX_TERM} characters"))
    return problems


def _fits(text: str) -> bool:
    return 0 < len(text.strip()) and len(text) <= MAX_TERM and "\n" not in text and text == text.strip()


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    return {"dict": "a mapping", "list": "a list", "bool": "true/false"}.get(type(value).__name__, "a number")


def unused_phrases(data_file: DataFile | None, used: set[str]) -> list[Problem]:
    """A warning for each term of the table that no text of the site contains: a misspelt or stale term would
    otherwise leave the text it was meant for to OpenCC, unnoticed."""
    return [Problem(data_file.path, data_file.data.line_of((term,)), term,
                    "no Chinese text of the site contains this term: the entry is unused",
                    "check the Simplified spelling of the term, or delete the line", "warning")
            for term in phrase_table(data_file) if term not in used] if data_file is not None else []
