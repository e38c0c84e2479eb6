"""End to end: `build.py serve` on a free port rebuilds on save, shows errors in the browser, recovers."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import BUILD_SCRIPT, MINIMAL_DIR

PAGE = "/zh/articles/tour-2023/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(port: int, path: str, predicate, timeout: float = 20.0) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    last: tuple[int, str] = (0, "")
    while time.monotonic() < deadline:
        try:
            last = fetch(port, path)
            if predicate(*last):
                return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting on {path}; last answer {last[0]}: {last[1][:300]}")


@pytest.fixture
def server(tmp_path):
    shutil.copytree(MINIMAL_DIR, tmp_path / "content")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(BUILD_SCRIPT), "serve", "--content", "content", "--output", "output", "--port", str(port)],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        yield tmp_path, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_serve_binds_to_loopback_by_default():
    from site_builder.commands.cli import _parser

    assert _parser().parse_args(["serve"]).host == "127.0.0.1"


def test_edit_rebuilds_break_shows_errors_fix_recovers(server):
    folder, port = server
    status, page = wait_for(port, PAGE, lambda code, body: code == 200)
    assert "内蒙古党政代表团南下广东" in page
    assert "livereload.js" in page  # the browser reloads itself after each rebuild

    source = folder / "content/articles/tour-2023.zh.md"
    original = source.read_text(encoding="utf-8")
    source.write_text(original.replace("title: 内蒙古党政代表团南下广东", "title: 代表团再次南下"), encoding="utf-8")
    wait_for(port, PAGE, lambda code, body: code == 200 and "代表团再次南下" in body)

    source.write_text(original.replace("date: 2023-10-23", "date: 2023/10/23"), encoding="utf-8")
    status, page = wait_for(port, PAGE, lambda code, body: code == 500)
    assert "content/articles/tour-2023.zh.md:3: error: date: expected YYYY-MM-DD" in page
    assert "Traceback" not in page

    source.write_text(original, encoding="utf-8")
    wait_for(port, PAGE, lambda code, body: code == 200 and "内蒙古党政代表团南下广东" in body)


def test_new_and_deleted_files_are_picked_up(server):
    folder, port = server
    wait_for(port, "/zh/", lambda code, body: code == 200)
    about = folder / "content/pages/about.zh.md"
    (folder / "content/pages/contact.zh.md").write_text("---\ntitle: 联系我们\n---\n编辑部。\n", encoding="utf-8")
    wait_for(port, "/zh/contact/", lambda code, body: code == 200 and "联系我们" in body)
    (folder / "content/pages/contact.zh.md").unlink()
    wait_for(port, "/zh/contact/", lambda code, body: code == 404)
    assert about.exists()


def test_a_data_edit_shows_on_the_pages_that_use_it(server):
    folder, port = server
    wait_for(port, "/en/people/xie-baojian/", lambda code, body: code == 200 and "Professor at the School" in body)
    people = folder / "content/people/people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace(
        "en: Professor at the School", "en: Professor in the School"), encoding="utf-8")
    wait_for(port, "/en/people/xie-baojian/", lambda code, body: code == 200 and "Professor in the School" in body)
    wait_for(port, "/en/viewpoints/xie-baojian/", lambda code, body: "Professor in the School" in body)
