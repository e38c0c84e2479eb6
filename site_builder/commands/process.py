"""The command-line process: it runs one command, then ends at once (build.py, python -m site_builder)."""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

from site_builder.commands.cli import main


def run_then_exit() -> NoReturn:
    """The command line (build.py, python -m site_builder): run one command, then end the process."""
    # A build runs without the cycle collector (build/pipeline.py). Turned back on, its first collection would
    # walk every object the build left in its youngest generation: half a second after a rebuild of 10,000
    # entries, before the command could end. It stays off: the process ends once the command is done, and the
    # live preview collects when the editor pauses, long after the reload has gone out (commands/serve.py).
    gc.disable()
    # What the build worked with (its model, plan and tables) is left here rather than freed one object at a
    # time as the build returns: 0.15 s at 10,000 entries. The process ends with it.
    leftovers: list[object] = []
    exit_now(main(leftovers=leftovers))


def exit_now(code: int) -> NoReturn:
    """End the process as soon as the command is done. Python would first free every object the build made,
    one by one, and collect over them: half a second after a rebuild of 10,000 entries had finished. What the
    build writes is closed and in place by then (files, SQLite, worker processes); only the streams are left."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a reader that went away (| head): nothing more to tell it
    os._exit(code)
