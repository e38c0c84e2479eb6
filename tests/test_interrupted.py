"""A build stopped at any moment (killed, or Ctrl-C) leaves nothing half-done that the next build does not put right.

Its own module, so that the test runner's workers share these slow tests with the other rebuild tests.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import BUILD_SCRIPT, edit, make_site, read_tree
from test_rebuild import clean_build


def make_edits(content):
    """The two edits the stopped build was building."""
    edit(content / "articles/tour-2023.en.md", "title: ", "title: Revised, ")
    edit(content / "articles/tour-2023.zh.md", "再到广州。", "再到广州和东莞。")
    return content


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """What a clean build of the edited site writes, search index included: the same for every test here."""
    tmp = tmp_path_factory.mktemp("reference")
    return clean_build(make_edits(make_site(tmp)), tmp, search=True)


@dataclass(frozen=True)
class FirstBuild:
    folder: Path
    # where every test's site is: the paths the first build's cache names
    kept: Path
    # the folder as the first build left it (content, output, cache), put back before each test
    command: list[str]
    duration: float
    # seconds the first build took: the stopped build is stopped at a fraction of it


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """The minimal site built once from the command line, for every test to start from (a copy, in the same
    place, so that the next build finds its cache as the first build left it)."""
    tmp = tmp_path_factory.mktemp("interrupted")
    folder, kept = tmp / "site", tmp / "kept"
    content = make_site(folder)
    command = [sys.executable, str(BUILD_SCRIPT), "build", "--content", str(content), "--output",
               str(folder / "output"), "--no-pdf"]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    duration = time.perf_counter() - started
    shutil.copytree(folder, kept, symlinks=True)
    return FirstBuild(folder, kept, command, duration)


# Five moments of the build (loading, rendering, writing, indexing, saving), each met once: killed outright
# while loading, writing and saving; Ctrl-C, which runs the cleanup on the way out, while rendering and indexing.
@pytest.mark.parametrize(("how", "fraction"), [(signal.SIGKILL, fraction) for fraction in (0.3, 0.8, 0.97)]
                         + [(signal.SIGINT, fraction) for fraction in (0.6, 0.9)])
def test_a_build_stopped_at_any_moment_is_put_right_by_the_next(first_build, fraction, how, reference):
    shutil.rmtree(first_build.folder)
    shutil.copytree(first_build.kept, first_build.folder, symlinks=True)  # times kept too
    make_edits(first_build.folder / "content")
    output = first_build.folder / "output"
    process = subprocess.Popen(first_build.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(first_build.duration * fraction)
    process.send_signal(how)
    process.wait()
    assert not [path for path in output.rglob("*") if path.name.endswith("~") or ".new" in path.name]
    subprocess.run(first_build.command, check=True, capture_output=True)
    assert read_tree(output) == reference
