"""Live preview: the same build as the command line, rerun on every change, errors shown in the browser."""

from __future__ import annotations

import functools
import gc
import html
import mimetypes
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from site_builder.build.pipeline import BuildMemory, BuildOptions, build_site
from site_builder.commands.watch import prompt_watcher
from site_builder.errors import ContentError, file_problem, format_problem


class PreviewState:
    """The last build's outcome: None when it succeeded, else the error lines to show."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.error_lines: list[str] | None = None
        self.builds = 0
        # What the last build read and wrote, kept here rather than read back from the cache each time.
        self.memory = BuildMemory()
        self.collection: object | None = None
        # the collection waiting for the editor to pause (_rebuild_then_collect)
        self.leftovers: list[object] = []
        # what the last builds worked with, freed with that collection rather than before the reload goes out

    def rebuild(self, changed: frozenset[str] | None = None) -> None:
        """Build again. `changed`: the files the watcher heard change since the last build began, where it hears
        every change (inotify); the build then looks at those alone of the inputs it knows (build/inputs.py)."""
        started = time.perf_counter()
        self.builds += 1
        # Saves that follow each other closely leave the last two builds' objects waiting, no more.
        del self.leftovers[:-1]
        memory = self.memory
        # What changed since the last build that succeeded: every change heard since, or not known.
        memory.heard = memory.heard | changed if memory.heard is not None and changed is not None else None
        try:
            result = build_site(self.options, memory, self.leftovers)
        except ContentError as exc:
            self.error_lines = [format_problem(p) for p in exc.problems]
        except OSError as exc:
            self.error_lines = [format_problem(file_problem(exc))]
        except Exception as exc:  # noqa: BLE001 - a broken template must not kill the server
            self.error_lines = [f"error: {type(exc).__name__}: {exc}"]
        else:
            self.error_lines = None
            # From this build on, a watcher that heard every change since it began names every change.
            memory.heard = frozenset() if changed is not None else None
        if self.error_lines:
            print("\n".join(self.error_lines), file=sys.stderr)
        else:
            for notice in result.notices:
                print(notice, file=sys.stderr)
            print(f"rebuilt in {time.perf_counter() - started:.2f} s ({result.rendered} of {len(result.paths)} "
                  "files rendered)", file=sys.stderr)

    def finish(self) -> None:
        """Wait for the last build's save into the cache folder (it goes on in a process of its own)."""
        self.memory.last_state()

    def free_leftovers(self) -> None:
        """Free what the builds since the last pause worked with, and collect the cycles they left."""
        self.leftovers.clear()
        gc.collect()

    def app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        """A WSGI app serving output/, or the error page while the content is broken."""
        # A HEAD answer has the GET answer's headers and no body (the server refuses a body it did not expect).
        head = environ.get("REQUEST_METHOD") == "HEAD"
        if self.error_lines is not None:
            return _respond(start_response, "500 Build failed", "text/html; charset=utf-8",
                            error_page(self.error_lines).encode("utf-8"), head)
        url_path = environ.get("PATH_INFO", "/")
        if "\0" in url_path:
            return _respond(start_response, "400 Bad Request", "text/plain; charset=utf-8", b"Bad request", head)
        path = _resolve(self.options.output_dir, url_path)
        if path is None:
            missing = self.options.output_dir / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"Not found"
            return _respond(start_response, "404 Not Found", "text/html; charset=utf-8", body, head)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/xml", "application/atom+xml"):
            kind += "; charset=utf-8"
        return _respond(start_response, "200 OK", kind, path.read_bytes(), head)


def _respond(start_response: Callable[..., Any], status: str, kind: str, body: bytes,
             head: bool = False) -> list[bytes]:
    start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [] if head else [body]


def _resolve(root: Path, url_path: str) -> Path | None:
    root = root.resolve()
    try:
        candidate = (root / url_path.lstrip("/")).resolve()
    except (OSError, ValueError):  # a name the file system cannot hold is no file of the site
        return None
    if root != candidate and root not in candidate.parents:
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def error_page(lines: list[str]) -> str:
    """A plain page listing the same `path:line: field: message` lines as the terminal."""
    items = "\n".join(f"<li><pre>{html.escape(line)}</pre></li>" for line in lines)
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed · 构建失败</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}pre{white-space:pre-wrap;"
        "background:#fff4f4;border-left:4px solid #c00;padding:.5rem 1rem;margin:.5rem 0}ul{padding:0;"
        "list-style:none}</style></head><body><h1>构建失败 · Build failed</h1>"
        "<p>修正下列问题后保存，页面会自动刷新。Fix these and save: the page reloads by itself.</p>"
        f"<ul>{items}</ul></body></html>"
    )


def serve(options: BuildOptions, host: str, port: int) -> int:
    """Build, then serve with livereload, rebuilding when content, templates or translations change."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler

    # livereload ignores a change that comes less than 3 s after the last reload: an editor saving
    # twice in a row would see the page stop following. Reload on every rebuild instead.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0.2
    state = PreviewState(options)
    state.rebuild()
    state.free_leftovers()  # the first build's, while nobody waits for a reload yet
    watcher = prompt_watcher()
    server = Server(app=state.app, watcher=watcher)
    for folder in (options.content_dir, options.templates_dir, options.translations_dir):
        server.watch(str(folder), functools.partial(_rebuild_then_collect, state, watcher))
    print(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr)
    try:
        server.serve(host=host, port=port, restart_delay=0, open_url_delay=None, debug=False)
    finally:
        state.finish()  # the next preview or build finds the state this one left
    return 0


def _rebuild_then_collect(state: PreviewState, watcher: Any) -> None:
    """Rebuild, looking at the files the watcher heard change; once the editor pauses, free what the builds worked
    with and collect the cycles they left (they run without the collector: build/pipeline.py), so that a long
    preview session does not grow."""
    from tornado import ioloop

    state.rebuild(watcher.take_changed())
    loop = ioloop.IOLoop.current()
    if state.collection is not None:
        loop.remove_timeout(state.collection)
    state.collection = loop.call_later(COLLECT_AFTER_S, state.free_leftovers)


# A collection walks every object alive (a third of a second at 10,000 entries), and a save made meanwhile waits
# for it: it runs once no save has come for this long, well after the reload went out; while saves follow each
# other, the garbage of a few builds waits. The collector is off in between (commands/process.py): on its own
# it would run at the first allocation after a build, before the reload.
COLLECT_AFTER_S = 3.0
