"""Validation takes the checks across entries from the last build only where they would find the same."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from conftest import SITES_DIR, age, build, edit, read_tree

import site_builder.build.rechecks as rechecks
from site_builder.build.state import cache_folder
from site_builder.errors import ContentError

FULL_DIR = SITES_DIR / "full"
ARTICLE = "data-centres-2025"
# an article of the full fixture site whose files give no problem of their own


@pytest.fixture
def site(tmp_path, monkeypatch):
    """The full fixture site built once; then each build's answer from problems_before, recorded."""
    content = shutil.copytree(FULL_DIR, tmp_path / "content")
    age(content)
    first = build(content, tmp_path / "out", search=False)
    answers: list[object] = []
    before = rechecks.problems_before

    def recording(*args, **kwargs):
        answers.append(before(*args, **kwargs))
        return answers[-1]

    monkeypatch.setattr(rechecks, "problems_before", recording)
    return content, tmp_path, first, answers


def test_a_body_edit_keeps_the_last_builds_problems_which_a_clean_build_finds_too(site):
    content, tmp_path, first, answers = site
    path = content / "articles" / f"{ARTICLE}.en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    again = build(content, tmp_path / "out", search=False)
    assert answers and answers[-1] is not None, "the problems across entries were made again"
    clean = build(content, tmp_path / "clean", search=False, cache=False)
    assert again.warnings == clean.warnings == first.warnings


@pytest.mark.parametrize(("old", "new", "message"), [
    # a topic that does not exist (its topics change too)
    ("topics: [computing]", "topics: [computing, no-such-topic]", "unknown topic 'no-such-topic'"),
    # a person, an outlet, an entry its body links to: only the keys it names change
    ("people: [guo-tian]", "people: [no-such-person]", "unknown person 'no-such-person'"),
    ("outlet: nanwan-wire", "outlet: no-such-outlet", "unknown source 'no-such-outlet'"),
    ("(entry:green-power-2024)", "(entry:no-such-entry)", "unknown entry 'no-such-entry'"),
])
def test_an_edit_that_names_another_key_is_checked_across_entries_again(site, old, new, message):
    content, tmp_path, _first, answers = site
    edit(content / "articles" / f"{ARTICLE}.zh.md", old, new)
    with pytest.raises(ContentError) as raised:
        build(content, tmp_path / "out", search=False)
    assert answers and answers[-1] is None
    assert any(message in problem.message and problem.path.endswith(f"{ARTICLE}.zh.md")
               for problem in raised.value.problems), raised.value.problems


def test_an_edit_of_a_data_file_is_checked_across_entries_again(site):
    content, tmp_path, first, answers = site
    edit(content / "topics" / "topics.yaml", "computing:", "computing-renamed:")
    with pytest.raises(ContentError) as raised:
        build(content, tmp_path / "out", search=False)
    assert answers[-1] is None
    assert any("unknown topic 'computing'" in problem.message for problem in raised.value.problems)


def test_entries_whose_checks_were_damaged_since_are_checked_from_their_files(site):
    content, tmp_path, first, answers = site
    database = sqlite3.connect(cache_folder(tmp_path / "out") / "values.sqlite")
    with database:
        database.execute("UPDATE groups SET value = '[\"damaged\"]'")
    database.close()
    # A glossary edit: the checks across entries are made again, from every entry's part.
    path = content / "glossary" / "glossary.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# revised\n", encoding="utf-8")
    again = build(content, tmp_path / "out", search=False)
    assert answers[-1] is None
    clean = build(content, tmp_path / "clean", search=False, cache=False)
    assert again.warnings == clean.warnings == first.warnings
    assert read_tree(tmp_path / "out") == read_tree(tmp_path / "clean")
