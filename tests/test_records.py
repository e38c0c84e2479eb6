"""Entries kept as records between builds: read back, they are the entries the files make."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3

import pytest
from conftest import SITES_DIR, age, build, build_options, read_tree

import site_builder.content.load as load_module
from site_builder.build.pipeline import build_site, check_site
from site_builder.build.state import cache_folder
from site_builder.model.bodies import BodyMemo
from site_builder.model.records import RecordReader, to_record

FULL_DIR = SITES_DIR / "full"


def test_every_entry_and_page_reads_back_as_it_was_made(tmp_path):
    site, _warnings = check_site(build_options(FULL_DIR, tmp_path / "out"))
    reader = RecordReader(site.outlets, BodyMemo())
    assert site.entries and site.pages
    for entry in site.entries.values():
        again = reader.entry(json.loads(json.dumps(to_record(entry), ensure_ascii=False)))
        if entry.kind == "viewpoints":
            # A viewpoint cites its article's source, as a record of its own: each record of the model lies
            # inside one entry, whose place (render/reads.py) does not depend on which entry is reached first.
            article = site.entries[entry.article]
            assert entry.citation == article.citation and entry.citation is not article.citation, entry.key
            # Taken from the article when read back.
            again = dataclasses.replace(again, citation=site.entries[entry.article].citation)
        assert again == entry, entry.key
        # The outlet is the site's own, not a copy: a change to the sources file shows through a record.
        assert again.citation.outlet is site.outlets[entry.citation.outlet.key]
    for page in site.pages.values():
        assert reader.page(json.loads(json.dumps(to_record(page)))) == page


def test_a_rebuild_reads_only_the_files_of_the_entries_that_changed(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(FULL_DIR, content)
    build(content, tmp_path / "out", search=False)
    read: list[str] = []
    original = load_module.add_entry_files

    def counting(tree, paths, reuse=None):
        read.extend(paths)
        return original(tree, paths, reuse)

    monkeypatch.setattr(load_module, "add_entry_files", counting)
    edited = sorted((content / "articles").glob("*.zh.md"))[0]
    age(content)
    edited.write_text(edited.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    build(content, tmp_path / "out", search=False)
    key = edited.name.split(".")[0]
    # The edited entry's files, and the drafts' (a draft is not made, so it leaves no record).
    drafts = {path.name.split(".")[0] for path in content.glob("*/*.zh.md")
              if "\ndraft: true" in path.read_text(encoding="utf-8")}
    groups = {path.split("/")[-1].split(".")[0] for path in read}
    assert key in groups and groups <= {key, *drafts}, groups
    # And what it wrote is what a clean build writes.
    build(content, tmp_path / "clean", cache=False, search=False)
    assert read_tree(tmp_path / "out") == read_tree(tmp_path / "clean")


@pytest.mark.parametrize("damage", [
    # a record as JSON, unsigned
    "'{\"value\": [1], \"files\": [], \"draft\": false, \"bodies\": [], \"lookups\": []}'",
    # changed throughout, its signatures kept
    "replace(value, ',', ', ')",
    # its head signed with another key
    "'0123456789abcdef0123456789abcdef' || substr(value, 33)",
    # a signature of anything but hex digits
    "'签名' || value",
    # another record's, under this one's name: each signature covers the name it is kept under
    "(SELECT value FROM records AS other WHERE other.name != records.name LIMIT 1)",
])
def test_a_damaged_record_is_made_again_from_the_files(tmp_path, damage):
    content = tmp_path / "content"
    shutil.copytree(FULL_DIR, content)
    build(content, tmp_path / "out", search=False)
    database = sqlite3.connect(cache_folder(tmp_path / "out") / "values.sqlite")
    with database:
        database.execute(f"UPDATE records SET value = {damage}")
    database.close()
    (tmp_path / "out" / "zh" / "index.html").unlink()  # something to do, so that the model is made
    result = build(content, tmp_path / "out", search=False)
    assert result.rendered >= 1
    build(content, tmp_path / "clean", cache=False, search=False)
    assert read_tree(tmp_path / "out") == read_tree(tmp_path / "clean")


# Ways a value can be wrong, one per damaged article, in turn.
_VALUE_DAMAGES = ["UPDATE record_values SET value = replace(value, ',', ', ') WHERE name = ?",
                  "DELETE FROM record_values WHERE name = ?",
                  "UPDATE record_values SET value = '签名' || value WHERE name = ?"]


@pytest.mark.parametrize("workers", [1, 2])  # 2: found wrong in the render processes
def test_a_record_whose_value_proves_wrong_when_filled_is_made_from_its_files(tmp_path, workers):
    # The value's signature is checked only when a page looks into the entry, while the plan or the render
    # runs: the build then goes back to load, reading the files of every entry whose value is wrong (changed,
    # gone, or signed with other characters).
    content = tmp_path / "content"
    shutil.copytree(FULL_DIR, content)
    build(content, tmp_path / "out", search=False)
    database = sqlite3.connect(cache_folder(tmp_path / "out") / "values.sqlite")
    damaged = set()
    with database:
        for name, stored in database.execute("SELECT name, value FROM records ORDER BY name").fetchall():
            # As memo.py keeps a record: its head (signature, then the head) in `records`, its value (signature,
            # then the value) under the same name in `record_values`.
            kind, key = json.loads(stored.split("\n", 1)[1])["row"][:2]
            if kind == "articles":
                database.execute(_VALUE_DAMAGES[len(damaged) % len(_VALUE_DAMAGES)], (name,))
                damaged.add((kind, key))
    database.close()
    assert len(damaged) >= len(_VALUE_DAMAGES)
    for page in ["zh/index.html", "en/articles/index.html", "en/timeline/index.html"]:
        (tmp_path / "out" / page).unlink()  # pages that show the articles: they fill them
    leftovers: list[object] = []
    build_site(build_options(content, tmp_path / "out", search=False, workers=workers), leftovers=leftovers)
    assert leftovers[0].refused == damaged
    build(content, tmp_path / "clean", cache=False, search=False)
    assert read_tree(tmp_path / "out") == read_tree(tmp_path / "clean")
    # Made from their files, the records were kept again as they should be: the next build takes them.
    (tmp_path / "out" / "zh" / "index.html").unlink()
    leftovers.clear()
    build_site(build_options(content, tmp_path / "out", search=False, workers=workers), leftovers=leftovers)
    assert not leftovers[0].refused and damaged <= leftovers[0].kept.keys()
    assert read_tree(tmp_path / "out") == read_tree(tmp_path / "clean")
