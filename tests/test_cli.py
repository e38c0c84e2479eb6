"""The command line as an editor runs it: exit codes, messages on stderr, nothing half-written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUILD_SCRIPT, MINIMAL_DIR, make_site, read_tree

from site_builder.build import pipeline as pipeline
from site_builder.commands.cli import main
from site_builder.content.load import load_content

PROBLEM_LINE = re.compile(r"^\S+:\d+: (error|warning): [^:\s]+: .+$")


def run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` in cwd, as an editor would."""
    environment = {k: v for k, v in os.environ.items() if k != "SITE_BUILDER_DEBUG"} | env
    return subprocess.run([sys.executable, str(BUILD_SCRIPT), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=environment, check=False)


def broken_site(tmp_path: Path) -> Path:
    """The minimal site with a bad date and an unknown topic, in two files."""
    article = (MINIMAL_DIR / "articles/tour-2023.zh.md").read_text(encoding="utf-8")
    events = (MINIMAL_DIR / "events/events.yaml").read_text(encoding="utf-8")
    return make_site(tmp_path, {
        "articles/tour-2023.zh.md": article.replace("date: 2023-10-23", "date: 2023/10/23"),
        "events/events.yaml": events.replace("topics: [investment]", "topics: [investmnt]", 1),
    })


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file with its bytes and modification time, to prove nothing was touched."""
    return {path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_build_succeeds_on_the_minimal_site(tmp_path):
    make_site(tmp_path)
    result = run(tmp_path, "build", "--strict", "--content", "content", "--output", "site", "--no-search", "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    match = re.fullmatch(r"Built 3 entries into site/: \d+ pages, (\d+) files \((\d+) rendered, (\d+) written, "
                         r"0 removed\) in \d+\.\d\d s\.\n", result.stdout)
    assert match and match.group(1) == match.group(2) == match.group(3)  # a first build renders and writes all
    assert (tmp_path / "site" / "zh" / "articles" / "tour-2023" / "index.html").is_file()


def test_content_errors_exit_1_with_one_line_per_problem(tmp_path):
    broken_site(tmp_path)
    result = run(tmp_path, "build", "--content", "content", "--output", "site", "--no-search", "--no-pdf")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        "content/articles/tour-2023.zh.md:3: error: date: expected YYYY-MM-DD (or YYYY-MM, YYYY), got '2023/10/23'\n"
        "  hint: write 2023-10-23\n"
        "content/events/events.yaml:4: error: 2023-10-20-shenzhen-signing.topics[0]: unknown topic 'investmnt'\n"
        "  hint: did you mean 'investment'?\n"
        "Build failed: 2 errors in 2 files.\n"
    )
    for line in result.stderr.splitlines():
        assert PROBLEM_LINE.match(line) or line.startswith("  hint: ") or line.startswith("Build failed: "), line
    assert not (tmp_path / "site").exists()


def test_check_reports_the_same_errors(tmp_path):
    broken_site(tmp_path)
    built = run(tmp_path, "build", "--content", "content", "--output", "site", "--no-search", "--no-pdf")
    checked = run(tmp_path, "check", "--content", "content")
    assert checked.returncode == 1
    assert checked.stderr == built.stderr


def test_missing_translation_warns_and_strict_fails(tmp_path):
    make_site(tmp_path, {"articles/tour-2023.en.md": None})
    warning = ("content/articles/tour-2023.zh.md: warning: no English version "
               "(expected content/articles/tour-2023.en.md)\n")
    relaxed = run(tmp_path, "check", "--content", "content")
    assert (relaxed.returncode, relaxed.stderr) == (0, warning)
    assert relaxed.stdout == "Checked 3 entries, 2 events, 3 figures: no errors, 1 warning.\n"
    strict = run(tmp_path, "check", "--strict", "--content", "content")
    assert strict.returncode == 1
    assert strict.stderr == warning.replace("warning:", "error:") + "Build failed: 1 error in 1 file.\n"


def test_missing_content_folder(tmp_path):
    result = run(tmp_path, "check", "--content", "nowhere")
    assert result.returncode == 1
    assert result.stderr == "nowhere: error: content folder not found\nBuild failed: 1 error in 1 file.\n"


@pytest.mark.parametrize("args", [(), ("frobnicate",), ("build", "--frobnicate"), ("new", "essay", "x"),
                                  ("new", "article", "Bad_Key"), ("new", "article", "bad--key")])
def test_usage_errors_exit_2(tmp_path, args):
    make_site(tmp_path)
    result = run(tmp_path, *args, *(("--content", "content") if args[:1] == ("new",) else ()))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
    assert read_tree(tmp_path / "content") == read_tree(MINIMAL_DIR)


def test_failed_build_leaves_the_previous_site_untouched(tmp_path):
    make_site(tmp_path)
    assert run(tmp_path, "build", "--content", "content", "--output", "site", "--no-search", "--no-pdf").returncode == 0
    before = snapshot(tmp_path / "site")
    broken_site(tmp_path / "broken")
    result = run(tmp_path, "build", "--content", "broken/content", "--output", "site", "--no-search", "--no-pdf")
    assert result.returncode == 1
    assert snapshot(tmp_path / "site") == before
    # No staging folder left behind; .cache/ holds what the first build saw.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "broken", "content", "site"]


def test_check_writes_nothing(tmp_path, monkeypatch):
    make_site(tmp_path)
    before = snapshot(tmp_path)
    result = run(tmp_path, "check", "--strict", "--content", "content")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "Checked 3 entries, 2 events, 3 figures: no errors, 0 warnings.\n"
    assert snapshot(tmp_path) == before
    # The default output folder is in the shared checkout; prove in-process that check never reaches the writer.
    def no_writing(*_args, **_kwargs):
        raise AssertionError("check wrote output")

    monkeypatch.setattr(pipeline, "render_and_stage", no_writing)
    monkeypatch.setattr(pipeline, "commit", no_writing)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", "content"]) == 0


@pytest.mark.parametrize(("kind", "folder"), [("article", "articles"), ("viewpoint", "viewpoints")])
def test_new_writes_both_language_files(tmp_path, kind, folder):
    make_site(tmp_path)
    result = run(tmp_path, "new", kind, "my-new-piece", "--content", "content")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (f"wrote content/{folder}/my-new-piece.zh.md\n"
                             f"wrote content/{folder}/my-new-piece.en.md\n")
    tree = load_content(tmp_path / "content")
    assert tree.problems == []
    written = {(e.key, e.lang) for e in tree.entries if e.kind == folder}
    assert {("my-new-piece", "zh"), ("my-new-piece", "en")} <= written
    # The new files are valid as written, so an editor can build before filling them in.
    checked = run(tmp_path, "check", "--strict", "--content", "content")
    assert (checked.returncode, checked.stderr) == (0, "")
    again = run(tmp_path, "new", kind, "my-new-piece", "--content", "content")
    assert again.returncode == 2
    assert "exists already" in again.stderr
