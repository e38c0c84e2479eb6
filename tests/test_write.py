"""write: files reach the output only once everything rendered; nothing lands outside it or half-written."""

from __future__ import annotations

import shutil
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import MINIMAL_DIR, TEMPLATES_DIR, build, build_options, make_site, read_tree

from site_builder.build import write
from site_builder.build.pipeline import build_site
from site_builder.build.write import MARKER, Staging, UnsafeOutputPathError, commit_files, stage_file
from site_builder.errors import ContentError


@pytest.fixture
def old_site(tmp_path: Path) -> Path:
    output = tmp_path / "output"
    build(MINIMAL_DIR, output, search=False)
    return output


def test_staging_writes_only_changed_files_and_commit_moves_them_in(tmp_path):
    output, staging = tmp_path / "output", Staging(tmp_path / "staging")
    (output / "zh").mkdir(parents=True)
    (output / "zh/index.html").write_bytes(b"same")
    (output / "old.html").write_bytes(b"gone soon")
    assert not stage_file(output, staging, "zh/index.html", b"same")
    assert stage_file(output, staging, "en/index.html", b"new")
    assert read_tree(output) == {"zh/index.html": b"same", "old.html": b"gone soon"}
    removed = commit_files(output, staging, ["en/index.html"], ["old.html"])
    assert removed == ["old.html"]
    assert read_tree(output) == {"zh/index.html": b"same", "en/index.html": b"new"}
    assert read_tree(staging.folder) == {}


@pytest.mark.parametrize("bad", ["../evil.html", "/tmp/evil.html", "zh/../../evil.html", "", "."])
def test_write_refuses_paths_outside_the_output(tmp_path, bad):
    with pytest.raises(UnsafeOutputPathError):
        stage_file(tmp_path / "output", Staging(tmp_path / "staging"), bad, b"evil")
    assert not (tmp_path / "evil.html").exists()


def test_template_error_leaves_the_output_untouched(tmp_path, old_site):
    before = read_tree(old_site)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    page = templates / "entry.html"
    page.write_text(page.read_text(encoding="utf-8").replace("{% block main %}", "{% block main %}{{ no_such.x }}"),
                    encoding="utf-8")
    options = replace(build_options(MINIMAL_DIR, old_site, search=False), templates_dir=templates)
    # A runtime error in a template is a problem at the template's line (render/failures.py).
    with pytest.raises(ContentError) as failed:
        build_site(options)
    assert failed.value.problems[0].path.endswith("templates/entry.html")
    assert read_tree(old_site) == before


@pytest.mark.parametrize("cache", [True, False])
def test_the_first_build_makes_a_folder_a_web_server_can_read(tmp_path, cache):
    output = tmp_path / "output"
    build(MINIMAL_DIR, output, search=False, cache=cache)
    assert (output / MARKER).is_file()
    assert stat.S_IMODE(output.stat().st_mode) & 0o055 == 0o055  # group and others may list and read it
    # Without a cache the staging folder is made beside the output folder for the build: none is left.
    assert sorted(path.name for path in tmp_path.iterdir()) == ([".cache"] if cache else []) + ["output"]


@pytest.mark.parametrize("cache", [True, False])
def test_a_build_into_a_missing_folder_renames_the_staged_site_into_place(tmp_path, monkeypatch, cache):
    existing = tmp_path / "existing"
    existing.mkdir()
    build(MINIMAL_DIR, existing, search=False, cache=cache)

    def file_by_file(*_args, **_kwargs):
        raise AssertionError("the staged site was committed file by file")

    monkeypatch.setattr(write, "commit_files", file_by_file)
    missing = tmp_path / "made" / "output"
    build(MINIMAL_DIR, missing, search=False, cache=cache)
    assert read_tree(missing) == read_tree(existing)
    if cache:  # the staging folder became the site: nothing of it is left to delete
        assert list(tmp_path.glob("made/.cache/site-builder/*/*")) != []
        assert list(tmp_path.glob("made/.cache/site-builder/*/staging")) == []


@pytest.mark.parametrize("output", ["content", ".", "content/.."])
def test_output_folder_may_not_replace_the_content(tmp_path, output):
    content = make_site(tmp_path)
    before = read_tree(content)
    with pytest.raises(ContentError) as caught:
        build(content, tmp_path / output, search=False)
    assert [p.message for p in caught.value.problems] == [
        f"the output folder would replace the content folder {content.resolve().as_posix()}"]
    assert read_tree(content) == before
