"""A template that fails while a file renders, told as a problem at the template's line, naming the file."""

from __future__ import annotations

import traceback
from pathlib import Path

from site_builder.errors import ContentError, Problem, display_path
from site_builder.model.records import RefusedRecordError

_TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")


def template_failure(exc: Exception, output_path: str, templates_dir: Path) -> ContentError | None:
    """The problem for an error raised inside a template, or None when no template frame raised it.

    Jinja compiles templates to Python whose frames carry the template's file and line: the
    innermost such frame is where an editor of templates must look (an undefined name, a
    wrong attribute), and the file being rendered says which page showed it.
    """
    if isinstance(exc, RefusedRecordError):
        return None  # not the template's fault: the build reads the entry's files instead (build/pipeline.py)
    folder = str(templates_dir.resolve())
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__)
              if frame.filename.endswith(_TEMPLATE_SUFFIXES) and str(Path(frame.filename).resolve()).startswith(folder)]
    if not frames:
        return None
    frame = frames[-1]
    reason = str(exc) or type(exc).__name__
    return ContentError([Problem(display_path(frame.filename), frame.lineno, "",
                                 f"template error while rendering {output_path}: {reason}",
                                 "fix the template (or the value it reads)")])
