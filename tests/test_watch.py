"""The live preview's watcher (commands/watch.py): a save is heard at once through inotify, in folders made after
it started too, and by polling where inotify cannot be had."""

from __future__ import annotations

import asyncio
import sys
import threading
import time

import pytest
from tornado import ioloop

from site_builder.commands.watch import prompt_watcher


def changes_seen(folder, edit, monkeypatch, inotify=True, expected=1, named=None):
    """Start a watcher on folder, make `edit` from another thread, and return the files the watcher's task
    saw changed (livereload's examine): within two seconds, or half a second after the edit is done and the
    task has run `expected` times (time enough for a change heard twice to be heard twice). `named` gets what
    the watcher named for the build at each run of the task (take_changed)."""
    if not inotify:
        monkeypatch.setitem(sys.modules, "inotify_simple", None)  # an import of it fails
    watcher = prompt_watcher()
    seen: list[str] = []
    named = named if named is not None else []
    watcher.watch(str(folder), lambda: seen.append(watcher.filepath) or named.append(watcher.take_changed()))
    asyncio.set_event_loop(asyncio.new_event_loop())
    loop = ioloop.IOLoop.current()
    editing = threading.Thread(target=edit)

    def stop_once_heard() -> None:
        if not editing.is_alive() and len(seen) >= expected:
            loop.call_later(0.5, loop.stop)
        else:
            loop.call_later(0.05, stop_once_heard)

    try:
        assert watcher.start(lambda: watcher.examine())
        editing.start()
        loop.call_later(2.0, loop.stop)
        loop.call_later(0.05, stop_once_heard)
        loop.start()
    finally:
        loop.close(all_fds=True)
        asyncio.set_event_loop(None)
    return seen


def test_a_save_in_a_folder_made_after_the_start_is_heard(tmp_path, monkeypatch):
    pytest.importorskip("inotify_simple")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.zh.md").write_text("一", encoding="utf-8")

    def edit():
        time.sleep(0.2)
        (tmp_path / "people").mkdir()
        time.sleep(0.2)
        (tmp_path / "people" / "p.yaml").write_text("p: {}\n", encoding="utf-8")
        time.sleep(0.3)
        (tmp_path / "people" / "p.yaml").write_text("p: {name: 1}\n", encoding="utf-8")

    seen = changes_seen(tmp_path, edit, monkeypatch)
    assert seen and seen[-1] == str(tmp_path / "people" / "p.yaml"), seen


def test_without_inotify_the_watcher_polls(tmp_path, monkeypatch):
    (tmp_path / "site.yaml").write_text("title: a\n", encoding="utf-8")

    def edit():
        time.sleep(0.3)
        (tmp_path / "site.yaml").write_text("title: b\n", encoding="utf-8")

    named: list[object] = []
    seen = changes_seen(tmp_path, edit, monkeypatch, inotify=False, named=named)
    # Twice when a look falls between the save's truncating and its writing (a loaded machine).
    assert seen and set(seen) == {str(tmp_path / "site.yaml")}, seen
    assert set(named) == {None}  # polling names no file for the build: it looks at every input


def test_with_inotify_a_save_runs_the_task_without_a_look_at_every_file(tmp_path, monkeypatch):
    pytest.importorskip("inotify_simple")
    from livereload.watcher import Watcher

    (tmp_path / "articles").mkdir()
    for number in range(50):
        (tmp_path / "articles" / f"a{number}.zh.md").write_text("一", encoding="utf-8")
    walks = []
    monkeypatch.setattr(Watcher, "is_folder_changed", lambda self, *args: walks.append(args) or False)

    def edit():
        time.sleep(0.3)
        (tmp_path / "articles" / "a7.zh.md").write_text("二", encoding="utf-8")
        time.sleep(0.3)
        (tmp_path / "articles" / "a9.zh.md").unlink()

    named: list[object] = []
    seen = changes_seen(tmp_path, edit, monkeypatch, expected=2, named=named)
    assert seen == [str(tmp_path / "articles" / "a7.zh.md"), str(tmp_path / "articles" / "a9.zh.md")], seen
    assert walks == []
    # Each build is told the file heard since the last: the build looks at it alone (build/inputs.py).
    assert named == [frozenset({seen[0]}), frozenset({seen[1]})]


def test_when_the_kernel_drops_events_the_build_is_told_nothing_is_known(tmp_path, monkeypatch):
    # inotify's queue overflowed: changes were lost unnamed, so the next build looks at every input.
    inotify_simple = pytest.importorskip("inotify_simple")
    (tmp_path / "site.yaml").write_text("title: a\n", encoding="utf-8")
    read = inotify_simple.INotify.read
    overflowed = []

    def overflowing(self, *args, **kwargs):
        events = read(self, *args, **kwargs)
        if events and not overflowed:
            overflowed.append(True)
            return [inotify_simple.Event(-1, inotify_simple.flags.Q_OVERFLOW, 0, ""), *events]
        return events

    monkeypatch.setattr(inotify_simple.INotify, "read", overflowing)

    def edit():
        time.sleep(0.3)
        (tmp_path / "site.yaml").write_text("title: b\n", encoding="utf-8")
        time.sleep(0.3)
        (tmp_path / "site.yaml").write_text("title: c\n", encoding="utf-8")

    named: list[object] = []
    changes_seen(tmp_path, edit, monkeypatch, expected=2, named=named)
    assert overflowed and named == [None, frozenset({str(tmp_path / "site.yaml")})], named
