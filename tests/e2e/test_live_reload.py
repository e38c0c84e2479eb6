"""The browser follows the editor: a save reloads the open page, twice in a row too."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from e2e.conftest import launched_chromium

REPO_ROOT = Path(__file__).resolve().parents[2]
MINIMAL_DIR = REPO_ROOT / "tests" / "sites" / "minimal"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    shutil.copytree(MINIMAL_DIR, tmp_path / "content")
    port = free_port()
    process = subprocess.Popen([sys.executable, str(REPO_ROOT / "build.py"), "serve", "--content", "content",
                                "--output", "output", "--port", str(port)], cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/zh/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    yield tmp_path, port
    process.terminate()
    process.wait(timeout=10)


def test_saving_reloads_the_open_page(served):
    folder, port = served
    source = folder / "content/articles/tour-2023.zh.md"
    original = source.read_text(encoding="utf-8")
    with launched_chromium() as browser:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/zh/articles/tour-2023/")
        page.wait_for_function("window.LiveReload !== undefined || document.querySelector('script[src*=livereload]')")
        page.wait_for_timeout(500)  # the livereload socket connects
        for title in ("代表团再次南下", "代表团第三次南下"):
            source.write_text(original.replace("title: 内蒙古党政代表团南下广东", f"title: {title}"), encoding="utf-8")
            page.wait_for_function(f"document.querySelector('h1').textContent.includes('{title}')", timeout=15000)
