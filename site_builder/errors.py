"""Problems found in content, and the one formatter that shows them to editors."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth a warning) in one file."""

    path: str
    # file path as the editor knows it, relative to the project when possible
    line: int | None
    # 1-based line of the offending value, None when the problem is the file itself
    field: str
    # dotted field name ("source.outlet", "quotes[2].by"), "" when about the whole file
    message: str
    # what is wrong, in one sentence
    hint: str = ""
    # how to fix it, when we can tell
    severity: str = "error"
    # "error" stops the build; "warning" stops it only with --strict

    def with_severity(self, severity: str) -> Problem:
        return Problem(self.path, self.line, self.field, self.message, self.hint, severity)


class ContentError(Exception):
    """Raised when content has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def display_path(path: Path | str, root: Path | None = None) -> str:
    """Show a path relative to the working directory (or root) when it is inside it."""
    path = Path(path)
    # Resolving every component of 20,000 paths took seconds: resolve each folder once.
    cwd = os.getcwd()
    resolved = path.resolve() if path.is_symlink() else _resolved(os.path.join(cwd, path.parent)) / path.name
    for base in (cwd, root):
        if base is None:
            continue
        try:
            return resolved.relative_to(_resolved(os.path.join(cwd, base))).as_posix()
        except ValueError:
            continue
    return path.as_posix()


@lru_cache(maxsize=1024)
def _resolved(folder: str) -> Path:
    # An absolute path: the same relative folder is another one after a change of working directory.
    return Path(folder).resolve()


def format_problem(problem: Problem) -> str:
    """Render one problem as `path:line: field: message` (plus a hint line)."""
    where = problem.path if problem.line is None else f"{problem.path}:{problem.line}"
    label = "error" if problem.severity == "error" else "warning"
    field = f"{problem.field}: " if problem.field else ""
    text = f"{where}: {label}: {field}{problem.message}"
    if problem.hint:
        text += f"\n  hint: {problem.hint}"
    return text


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Order problems by file then line so the report reads top to bottom."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))


def format_summary(problems: list[Problem], strict: bool) -> str:
    """Say how the build ended, counting errors (and warnings made fatal by --strict)."""
    fatal = [p for p in problems if p.severity == "error" or strict]
    files = len({p.path for p in fatal})
    noun = "error" if len(fatal) == 1 else "errors"
    place = "file" if files == 1 else "files"
    return f"Build failed: {len(fatal)} {noun} in {files} {place}."
