"""Work done in a forked process, on the other core, while the build goes on; its result comes back as JSON.

A forked process shares the build's memory (the model, the tables) without copying it, and has
a core and a Python lock of its own, which a thread would not. Only what the work returns is
sent back, so the work must return little: a few changes, a few names. Where there is no fork,
or the process fails or is stopped, the work is done in the build's own process when its result
is asked for, and gives what it gives there (the same, or the same error).
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable
from typing import Any


class Apart:
    """`work()` started in a forked process at once; `result()` waits for it, `close()` lets it go.

    `shielded`: the process goes on when Ctrl+C stops the build's (whose terminal sends it to both), for work
    that must not stop half done."""

    def __init__(self, work: Callable[[], Any], shielded: bool = False):
        self.work = work
        self._pid = 0
        self._reading = -1
        if not hasattr(os, "fork"):
            return
        reading, writing = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(reading)
            os.close(writing)
            return
        if pid == 0:
            if shielded:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
            _work_and_send(writing, work)  # never returns
        os.close(writing)
        self._pid, self._reading = pid, reading

    def result(self) -> Any:
        """What `work()` returned: as JSON gives it back from the process (tuples become lists), or as it is."""
        if not self._pid:
            return self.work()
        with os.fdopen(self._reading, "rb") as pipe:
            self._reading = -1
            data = pipe.read()
        self._wait()
        try:
            return json.loads(data)["result"]
        except (ValueError, KeyError, TypeError):  # the process failed or was stopped: the work is done here
            return self.work()

    def close(self) -> None:
        """Stop the work if nobody asked for its result (the build failed before it needed it)."""
        if self._reading >= 0:
            os.close(self._reading)  # a process still writing gets a broken pipe and ends
            self._reading = -1
        self._wait()

    def _wait(self) -> None:
        if self._pid:
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:
                pass
            self._pid = 0


def _work_and_send(writing: int, work: Callable[[], Any]) -> None:
    """In the forked process: work, send the result, end without ever returning into the build."""
    code = 1
    try:
        data = json.dumps({"result": work()}, ensure_ascii=False)
        with os.fdopen(writing, "w", encoding="utf-8") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)
