"""Each folder in tests/sites/invalid/ is one broken site and the exact report `check` gives for it."""

from __future__ import annotations

import pytest
from conftest import SITES_DIR, make_site

from site_builder.commands.cli import main

CASES = sorted(path for path in (SITES_DIR / "invalid").iterdir() if path.is_dir())


def test_there_are_cases():
    assert len(CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_invalid_site(tmp_path, monkeypatch, capsys, case):
    make_site(tmp_path, (case / "site.txtar").read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    # args.txt, when there, adds options: --strict makes a warning fail the check, as in CI.
    options = (case / "args.txt").read_text(encoding="utf-8").split() if (case / "args.txt").is_file() else []
    assert main(["check", "--content", "content", *options]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (case / "expected.txt").read_text(encoding="utf-8")
