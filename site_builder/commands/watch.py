"""Noticing a saved file for the live preview: told by the kernel (inotify) on Linux, by polling elsewhere.

livereload polls its folders every 800 ms: on average 400 ms between a save and the rebuild, and each
look stats every file (20,000 at 10,000 entries: 150 ms, twice per save). With inotify the preview
hears of a save at once, and from the kernel which files changed: it runs the rebuild of their
folder without looking at the others. Where inotify cannot be had (another system, or the kernel's
limit on watches reached) it polls, every 100 ms, backing off on folders slow to look at.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

POLL_INTERVAL_S = 0.1
MAX_POLL_INTERVAL_S = 0.8
SETTLE_S = 0.02
# the events of one save (write, close, an editor's rename) come together: the folders are looked at once after


def prompt_watcher() -> Any:
    """A livereload Watcher that hears of changes at once (inotify), or polls often."""
    from livereload.watcher import Watcher
    from tornado import ioloop

    class PromptWatcher(Watcher):
        heard: set[str] | None = None
        # the paths inotify named since the last look; None while polling
        changed: frozenset[str] | None = None
        # the paths heard before the look that runs the tasks, ignored ones too, for the build to look at alone;
        # None while polling, or when events were lost
        lost = False
        # inotify's queue overflowed since the last look: some changes were not named

        def take_changed(self) -> frozenset[str] | None:
            """What changed since the last build began, for the build the look runs: then nothing more until the
            next look (the tasks of several folders run one after the other)."""
            changed, self.changed = self.changed, frozenset()
            return changed

        def start(self, callback: Callable[[], None]) -> bool:
            loop = ioloop.IOLoop.current()
            folders = [path for path in self._tasks if os.path.isdir(path)]

            def look() -> bool:
                """Look at the folders (rebuilding if anything changed); True if there may be more to see."""
                callback()
                return bool(self.filepath or self._changes)

            def stop_hearing(loop: Any, look: Callable[[], object]) -> None:
                self.heard = None  # polling from now on: livereload's examine looks at every file
                self._poll(loop, look)

            self.heard = set()

            def lose() -> None:
                self.lost = True

            if len(folders) == len(self._tasks) and watch_changes(loop, folders, self.heard.add, look, stop_hearing,
                                                                  lose):
                # What livereload queued before starting (its own first reload) is taken as a first poll would.
                loop.call_later(POLL_INTERVAL_S, look)
                return True
            self.heard = None
            self._poll(loop, callback)
            return True

        def examine(self) -> tuple[str | None, float | None]:
            """Run the task of each folder in which inotify heard a change, naming the last file changed; livereload
            walks every folder instead (while polling, and for its own queued changes)."""
            if self.heard is None or self._changes:
                self.changed = None
                return super().examine()  # type: ignore[no-any-return]
            self.changed = None if self.lost else frozenset(self.heard)
            self.lost = False
            paths = sorted(path for path in self.heard if not self.ignore(path))
            self.heard.clear()
            self.filepath = None
            delays = set()
            for folder, task in self._tasks.items():
                inside = [path for path in paths if (path == folder or path.startswith(os.path.join(folder, "")))
                          and not (task["ignore"] and task["ignore"](path))]
                if inside:
                    self.filepath = inside[-1]
                    if task["delay"] and isinstance(task["delay"], float):
                        delays.add(task["delay"])
                    if task["func"]:
                        task["func"]()
            return self.filepath, max(delays) if delays else None

        def _poll(self, loop: Any, callback: Callable[[], object]) -> None:
            def poll() -> None:
                started = time.perf_counter()
                try:
                    callback()
                finally:
                    # A rebuild ran inside callback() when something changed: only the scan counts.
                    spent = time.perf_counter() - started if not self.filepath else 0.0
                    loop.call_later(min(max(POLL_INTERVAL_S, 10 * spent), MAX_POLL_INTERVAL_S), poll)

            loop.call_later(POLL_INTERVAL_S, poll)

    return PromptWatcher()


def watch_changes(loop: Any, folders: list[str], heard: Callable[[str], None], look: Callable[[], bool],
                  poll: Callable[[Any, Callable[[], object]], None], lost: Callable[[], None] = lambda: None) -> bool:
    """Tell `heard` each path that changes in these folders (and those made in them later) and call look soon
    after, on the tornado loop, and again while it finds changes; False if inotify cannot watch them all (the
    caller polls). Should a folder made later find the kernel's limit reached, polling takes over from then.
    `lost` is told when the kernel's queue overflowed: changes were dropped unnamed."""
    try:
        from inotify_simple import INotify, flags
    except ImportError:
        return False
    from tornado import ioloop

    mask = (flags.CREATE | flags.DELETE | flags.MODIFY | flags.CLOSE_WRITE | flags.MOVED_FROM | flags.MOVED_TO
            | flags.ATTRIB | flags.DELETE_SELF | flags.MOVE_SELF)
    try:
        inotify = INotify()
    except OSError:
        return False
    watched: dict[int, str] = {}

    def add(top: str) -> bool:
        for folder, _subfolders, _files in os.walk(top):
            try:
                watched[inotify.add_watch(folder, mask)] = folder
            except OSError:  # the limit on watches (fs.inotify.max_user_watches), or gone already
                if os.path.isdir(folder):
                    return False
        return True

    if not all(add(folder) for folder in folders):
        inotify.close()
        return False
    pending = False

    def examine() -> None:
        nonlocal pending
        pending = False
        if look():
            schedule()

    def schedule() -> None:
        nonlocal pending
        if not pending:
            pending = True
            loop.call_later(SETTLE_S, examine)

    def on_events(_fd: int, _events: int) -> None:
        nonlocal pending
        for event in inotify.read(timeout=0):
            if event.mask & flags.Q_OVERFLOW:
                lost()
            parent = watched.get(event.wd)
            if parent is not None:
                heard(os.path.join(parent, event.name) if event.name else parent)
            if parent is not None and event.mask & flags.ISDIR and event.mask & (flags.CREATE | flags.MOVED_TO):
                if not add(os.path.join(parent, event.name)):
                    print("preview: too many folders to watch; looking for changes every "
                          f"{POLL_INTERVAL_S:g} s instead", file=sys.stderr)
                    loop.remove_handler(inotify.fileno())
                    inotify.close()
                    poll(loop, look)
                    return
            if event.mask & flags.IGNORED:
                watched.pop(event.wd, None)
        schedule()

    loop.add_handler(inotify.fileno(), on_events, ioloop.IOLoop.READ)
    return True
