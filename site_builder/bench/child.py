"""Child processes timed as an editor runs them: wall and CPU time, peak memory; output folders by content."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class BenchError(RuntimeError):
    """A build or the indexer failed during the benchmark."""


@dataclass(frozen=True, slots=True)
class ChildRun:
    """One child process: how long it took and its peak memory."""

    seconds: float
    # wall-clock time from start to exit
    cpu_seconds: float
    # user + system CPU time: unlike wall time, barely affected by other work on the machine
    max_rss_mb: float
    # peak resident set size of the process (and the children it waited for)


def run_child(command: list[str]) -> ChildRun:
    """Run a command to completion; return its wall time and its own peak RSS (not the parent's)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=errors)
        # wait4 gives this child's rusage; RUSAGE_CHILDREN would be the maximum over every child so far.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            detail = errors.read().decode("utf-8", "replace").strip()
            raise BenchError(f"{' '.join(command[1:4])} … exited {process.returncode}: {detail[-2000:]}")
    # Linux reports kilobytes, macOS bytes.
    rss_mb = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    return ChildRun(seconds, usage.ru_utime + usage.ru_stime, rss_mb)


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under folder: (modification time in ns, size, digest of the bytes)."""
    files = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            files[path.relative_to(folder).as_posix()] = (stat.st_mtime_ns, stat.st_size,
                                                         hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return files


def largest_page(files: dict[str, tuple[int, int, bytes]]) -> tuple[str, int]:
    """The largest HTML file of a snapshot and its size in bytes ("", 0 when there is none)."""
    pages = [(size, path) for path, (_, size, _) in files.items() if path.endswith(".html")]
    size, path = max(pages, default=(0, ""))
    return path, size
