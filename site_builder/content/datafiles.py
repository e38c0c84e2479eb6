"""One data file checked on its own: the part of a data file's validation kept between builds.

The schema of its items, the form of its keys and the working vocabulary of its texts read
nothing but the file, so a build keeps what they found by the file's content (build/memo.py)
and checks again only the data files that changed: at 10,000 entries the events and figures
are 10,000 items, checked in a quarter of a second. What spans files (a key defined twice,
keys named that must exist, a figure's qualifier against its unit) is checked by validate.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from site_builder.content.copycheck import check_vocabulary
from site_builder.content.groups import KeyUse, check_fields, key_uses, problem_row
from site_builder.content.load import KEY_PATTERN, DataFile, key_hint
from site_builder.content.schemas import DATA_SCHEMAS
from site_builder.errors import Problem


@dataclass(frozen=True, slots=True)
class DataCheck:
    """What one data file gave validation on its own."""

    problems: tuple[Problem, ...]
    # what is wrong within it
    uses: tuple[KeyUse, ...]
    # the keys it names (topics, entries, units…), checked against the whole site; their lines are found when a
    # problem needs one (validate.resolve_key_uses)


def check_data_file(data_file: DataFile) -> DataCheck:
    """Check one data file of a data kind (not site.yaml) on its own."""
    problems: list[Problem] = []
    for key in data_file.data.value:
        if not KEY_PATTERN.match(key):
            problems.append(Problem(data_file.path, data_file.data.line_of((key,)), key,
                                    f"'{key}' is not a valid key", key_hint(key)))
    check = check_fields(data_file.path, data_file.data, DATA_SCHEMAS[data_file.kind], problems)
    problems += check_vocabulary(data_file.path, data_file.data)
    return DataCheck(tuple(problems), tuple(key_uses(data_file.path, data_file.data, check, lines=False)))


def data_check_to_json(check: DataCheck) -> list[Any]:
    return [[problem_row(problem) for problem in check.problems], [list(use) for use in check.uses]]


def data_check_from_json(raw: Any) -> DataCheck | None:
    """The DataCheck data_check_to_json wrote, or None for anything else (it is made again)."""
    try:
        problems, uses = raw
        return DataCheck(tuple(Problem(*row) for row in problems),
                         tuple((str(path), line, str(field), str(kind), str(key))
                               for path, line, field, kind, key in uses))
    except (TypeError, ValueError):
        return None
