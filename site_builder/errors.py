"""Problems found in content, and the one formatter that shows them to editors."""

from __future__ import annotations

import errno
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

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        # Raised in a render worker, it crosses to the parent process with its problems.
        return (ContentError, (self.problems,))


_OS_HINTS = {
    errno.EACCES: "check the permissions of this file or folder (and of the folders above it)",
    errno.EPERM: "check the permissions of this file or folder (and of the folders above it)",
    errno.ENOSPC: "free some disk space, then build again; the output folder is as the last good build left it",
    errno.EDQUOT: "free some disk space, then build again; the output folder is as the last good build left it",
    errno.EROFS: "the file system is read-only: choose another --output folder",
    errno.ENOENT: "check that the path exists",
    errno.EISDIR: "a folder is where a file is expected: move it away",
    errno.ENOTDIR: "a file is where a folder is expected: move it away",
}


def file_problem(exc: OSError, action: str = "read or write") -> Problem:
    """A file or folder the system would not let us read or write, as one problem naming it."""
    path = os.fspath(exc.filename) if isinstance(exc.filename, str | os.PathLike) else "(unknown file)"
    reason = exc.strerror or str(exc)
    return Problem(display_path(path), None, "", f"cannot {action} it: {reason}",
                   _OS_HINTS.get(exc.errno or 0, ""))


def display_path(path: Path | str, root: Path | None = None) -> str:
    """Show a path relative to the working directory (or root) when it is inside it."""
    path = Path(path)
    cwd = os.getcwd()
    if path.is_symlink() or path.name in ("", ".", ".."):
        resolved = str(path.resolve())
    else:
        # Loading 20,000 files asks this 40,000 times: resolve each folder once, not every path.
        resolved = os.path.join(_resolved(cwd, str(path.parent)), path.name)
    for base in (cwd, root):
        if base is None:
            continue
        folder = _resolved(cwd, str(base))
        if resolved == folder:
            return "."
        prefix = folder.rstrip("/") + "/"
        if resolved.startswith(prefix):
            return resolved[len(prefix):]
    return path.as_posix()


@lru_cache(maxsize=1024)
def _resolved(cwd: str, folder: str) -> str:
    # Keyed by the working directory too: a relative folder is another one after a chdir.
    return str(Path(os.path.join(cwd, folder)).resolve())


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
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message, p.hint, p.severity))


def format_summary(problems: list[Problem], strict: bool) -> str:
    """Say how the build ended, counting errors (and warnings made fatal by --strict)."""
    fatal = [p for p in problems if p.severity == "error" or strict]
    files = len({p.path for p in fatal})
    noun = "error" if len(fatal) == 1 else "errors"
    place = "file" if files == 1 else "files"
    return f"Build failed: {len(fatal)} {noun} in {files} {place}."
