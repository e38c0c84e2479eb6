"""The output folder's scan in a forked process gives what the scan in the build's own process gives."""

from __future__ import annotations

import os

import pytest

from site_builder.build import apart, scanapart
from site_builder.build.outputscan import scan_output
from site_builder.build.scanapart import OutputScan, ScanApart


def make_output(root):
    for path in ["index.html", "zh/index.html", "zh/a/index.html", "zh/b/index.html", "en/index.html",
                 "en/a/index.html", "assets/site.css"]:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(path, encoding="utf-8")


def change_output(root):
    (root / "zh/a/index.html").write_text("changed in place, longer than before", encoding="utf-8")
    (root / "en/a/index.html").unlink()
    (root / "en/a").rmdir()
    (root / "zh/c/deeper").mkdir(parents=True)
    (root / "zh/c/deeper/index.html").write_text("new", encoding="utf-8")
    (root / "stray.txt").write_text("dropped here", encoding="utf-8")


@pytest.mark.parametrize("known", [True, False])
def test_the_forked_scan_finds_what_a_scan_here_finds_in_the_same_order(tmp_path, known):
    make_output(tmp_path)
    files, folders = scan_output(tmp_path, {}, {}) if known else ({}, {})
    change_output(tmp_path)
    found = ScanApart(tmp_path, files, folders).result()
    expected = scan_output(tmp_path, files, folders)
    assert [list(part.items()) for part in found] == [list(part.items()) for part in expected]
    assert "zh/c/deeper/index.html" in found[0] and "en/a/index.html" not in found[0]


def test_a_failed_scan_process_means_a_scan_here(tmp_path, monkeypatch):
    make_output(tmp_path)
    files, folders = scan_output(tmp_path, {}, {})
    change_output(tmp_path)

    def broken(*_args, **_kwargs):
        raise OSError("the forked process cannot send")

    monkeypatch.setattr(apart.json, "dumps", broken)  # the forked process inherits it
    scan = ScanApart(tmp_path, files, folders)
    assert scan.apart._pid  # it did fork
    assert scan.result() == scan_output(tmp_path, files, folders)


def test_a_scan_nobody_asks_for_is_stopped_and_reaped(tmp_path):
    make_output(tmp_path)
    scan = ScanApart(tmp_path, {}, {})
    pid = scan.apart._pid
    assert pid
    scan.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped already: no zombie left


@pytest.mark.parametrize(("apart", "meanwhile"), [(True, 0), (False, 0), (False, 12)])
def test_a_scan_shared_between_two_processes_finds_what_one_scan_finds(tmp_path, monkeypatch, apart, meanwhile):
    monkeypatch.setattr(scanapart, "SPLIT_FROM", 2)
    monkeypatch.setattr(scanapart, "APART_FROM", 2)
    make_output(tmp_path)
    files, folders = scan_output(tmp_path, {}, {})
    change_output(tmp_path)
    scan = OutputScan(tmp_path, files, folders, meanwhile)
    assert scan.rest is not None  # part of it left for later
    forked, later = len(scan.parts[0].args[1]), len(scan.rest[0])
    # Half each; the forked part the larger by what this process looks at meanwhile (here: a share of 0.9).
    assert (forked, later) == ((4, 3) if not meanwhile else (6, 1))
    if apart:
        scan.go_on_apart()
        assert len(scan.parts) == 2
    found = scan.result()
    assert found == scan_output(tmp_path, files, folders)
    assert scan.result() is found
    scan.close()


@pytest.mark.parametrize("known", [True, False])
def test_a_small_known_output_is_scanned_here_and_an_unknown_one_apart(tmp_path, known):
    # Below APART_FROM known files a fork costs more than the scan; a folder no build knew may be of any size.
    make_output(tmp_path)
    files, folders = scan_output(tmp_path, {}, {}) if known else ({}, {})
    change_output(tmp_path)
    scan = OutputScan(tmp_path, files, folders)
    assert bool(scan.parts) is not known
    scan.go_on_apart()  # nothing to share when nothing runs apart
    assert len(scan.parts) == (0 if known else 1)
    assert scan.result() == scan_output(tmp_path, files, folders)
    scan.close()
