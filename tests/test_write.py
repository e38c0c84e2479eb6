"""write: the output folder is swapped in whole, never half-written, never outside itself."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import MINIMAL_DIR, TEMPLATES_DIR, build, build_options, make_site, read_tree
from jinja2 import TemplateError

from site_builder.build.pipeline import build_site
from site_builder.build.write import MARKER, UnsafeOutputPathError, write_output
from site_builder.errors import ContentError


def site_files(folder: Path) -> dict[str, bytes]:
    """The files of a written site, without the marker that says we wrote it."""
    files = read_tree(folder)
    assert files.pop(MARKER) == b""
    return files


@pytest.fixture
def old_site(tmp_path: Path) -> Path:
    output = tmp_path / "output"
    write_output([("index.html", b"old"), ("zh/index.html", b"old zh")], output)
    return output


def test_write_replaces_the_whole_folder(tmp_path, old_site):
    written = write_output([("index.html", b"new"), ("en/feed.xml", b"<feed/>")], old_site)
    assert written == ["index.html", "en/feed.xml"]
    assert site_files(old_site) == {"index.html": b"new", "en/feed.xml": b"<feed/>"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


@pytest.mark.parametrize("bad", ["../evil.html", "/tmp/evil.html", "zh/../../evil.html", "", "."])
def test_write_refuses_paths_outside_the_output(tmp_path, old_site, bad):
    with pytest.raises(UnsafeOutputPathError):
        write_output([("index.html", b"new"), (bad, b"evil")], old_site)
    assert site_files(old_site) == {"index.html": b"old", "zh/index.html": b"old zh"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_failure_before_the_swap_keeps_the_old_site(tmp_path, old_site):
    def failing_indexer(folder: Path) -> None:
        assert (folder / "index.html").read_bytes() == b"new"
        raise RuntimeError("indexer crashed")

    with pytest.raises(RuntimeError):
        write_output([("index.html", b"new")], old_site, failing_indexer)
    assert site_files(old_site) == {"index.html": b"old", "zh/index.html": b"old zh"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_template_error_leaves_the_output_untouched(tmp_path, old_site):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    page = templates / "entry.html"
    page.write_text(page.read_text(encoding="utf-8").replace("{% block main %}", "{% block main %}{{ no_such.x }}"),
                    encoding="utf-8")
    options = replace(build_options(MINIMAL_DIR, old_site, search=False), templates_dir=templates)
    with pytest.raises(TemplateError):
        build_site(options)
    assert site_files(old_site) == {"index.html": b"old", "zh/index.html": b"old zh"}


@pytest.mark.parametrize("output", ["content", ".", "content/.."])
def test_output_folder_may_not_replace_the_content(tmp_path, output):
    content = make_site(tmp_path)
    before = read_tree(content)
    with pytest.raises(ContentError) as caught:
        build(content, tmp_path / output, search=False)
    assert [p.message for p in caught.value.problems] == [
        f"the output folder would replace the content folder {content.resolve().as_posix()}"]
    assert read_tree(content) == before
