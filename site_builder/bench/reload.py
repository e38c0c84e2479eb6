"""How soon the live preview shows a save: `python build.py bench --reload`.

Serves a copy of the content with `build.py serve` on a free port, opens an entry's
page in Chromium (Playwright and Debian's chromium, as the browser tests use), then
saves an edit to the entry's body and times how long until the open page shows it;
then the same for its title, which is front matter that other pages show (a partial rebuild).
A benchmark, not a test: it prints medians and asserts nothing.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.bench.corpus import write_corpus

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass(frozen=True, slots=True)
class ReloadTimes:
    label: str
    # which content was served
    body_s: list[float]
    # save-to-shown times of body edits
    title_s: list[float]
    # save-to-shown times of title edits
    entries: int = 0
    # the corpus's size (0: the shipped content)


def measure_reload(label: str, content: Path, runs: int, log: Callable[[str], None], entries: int = 0) -> ReloadTimes:
    """Serve a copy of content and time `runs` body edits and `runs` title edits of its newest article."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="reload-bench-") as work:
        folder = Path(work)
        shutil.copytree(content, folder / "content")
        source = sorted((folder / "content/articles").glob("*.zh.md"))[-1]
        key = source.name.split(".", 1)[0]
        port = _free_port()
        serve_log = (folder / "serve.log").open("w", encoding="utf-8")
        process = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "build.py"), "serve", "--content", "content",
                                    "--output", "output", "--port", str(port)], cwd=folder,
                                   stdin=subprocess.DEVNULL, stdout=serve_log, stderr=serve_log,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            url = f"http://127.0.0.1:{port}/zh/articles/{key}/"
            _wait_for(url, timeout=600)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(url)
                page.wait_for_timeout(1000)  # the livereload socket connects
                body, title = [], []
                for i in range(runs):
                    text = source.read_text(encoding="utf-8")
                    body.append(_time_save(page, source, text.rstrip("\n") + f"\n\n修订{i}号。\n", f"修订{i}号",
                                           "document.body?.textContent"))
                log(f"{label}: body edits shown after {', '.join(f'{s:.3f}' for s in body)} s")
                for i in range(runs):
                    text = source.read_text(encoding="utf-8")
                    title.append(_time_save(page, source, text.replace("title: ", f"title: 修订{i}·", 1), f"修订{i}·",
                                            "document.querySelector('h1')?.textContent"))
                log(f"{label}: title edits shown after {', '.join(f'{s:.3f}' for s in title)} s")
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=30)
            serve_log.close()
            # What the server said it did for each save: which rebuild it took, and how long it took.
            rebuilds = [line for line in (folder / "serve.log").read_text(encoding="utf-8").splitlines()
                        if line.startswith("rebuilt in")]
            log(f"{label}: the server's rebuilds: {'; '.join(rebuilds)}")
    return ReloadTimes(label, body, title, entries)


def _time_save(page: Any, source: Path, changed: str, marker: str, where: str) -> float:
    """Save `changed` into source and return the seconds until `where` in the open page holds marker."""
    page.wait_for_timeout(300)  # let the previous reload settle
    started = time.perf_counter()
    source.write_text(changed, encoding="utf-8")
    # Polled every 10 ms, the page may be between documents while it reloads: no body, no h1 yet.
    page.wait_for_function(f"({where} ?? '').includes({marker!r})", timeout=120_000, polling=10)
    return time.perf_counter() - started


def run_reload_bench(sizes: list[int], runs: int, log: Callable[[str], None]) -> list[ReloadTimes]:
    """Time the preview on the shipped content, then on a generated corpus of each size."""
    results = [measure_reload("shipped content", PROJECT_ROOT / "content", runs, log)]
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="reload-corpus-") as work:
            corpus = write_corpus(count, Path(work) / "content")
            results.append(measure_reload(f"N={count}", corpus.folder, runs, log, count))
    return results


def format_reload_table(results: list[ReloadTimes]) -> str:
    lines = ["| content | body edit → shown (median, s) | title edit → shown (median, s) |", "| --- | --- | --- |"]
    lines += [f"| {r.label} | {statistics.median(r.body_s):.3f} | {statistics.median(r.title_s):.3f} |"
              for r in results]
    return "\n".join(lines)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"the preview did not answer at {url}")
