"""Entries taken from their records are filled only when looked into, and their values end up where a walk of the
whole model puts them."""

from __future__ import annotations

import shutil

from conftest import SITES_DIR, age, build_options

from site_builder.build.pipeline import build_site
from site_builder.model.lazyentries import EntryFiller, LazyEntry, unfilled
from site_builder.render.reads import ModelPaths

FULL_DIR = SITES_DIR / "full"


def rebuilt_after_a_body_edit(tmp_path, monkeypatch):
    """The full fixture site built, one article's English body edited, built again: (its key, the second build's
    context, the keys of the entries that build filled)."""
    content = tmp_path / "content"
    shutil.copytree(FULL_DIR, content)
    age(content)
    options = build_options(content, tmp_path / "out", search=False)
    build_site(options)
    edited = sorted(content.glob("articles/*.en.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    filled: list[str] = []
    fill = EntryFiller.fill

    def counting(self, entry, value):
        filled.append(entry.key)
        return fill(self, entry, value)

    monkeypatch.setattr(EntryFiller, "fill", counting)
    leftovers: list[object] = []
    result = build_site(options, leftovers=leftovers)
    assert result.rendered >= 1
    return edited.name.split(".")[0], leftovers[0], filled


def test_a_body_edit_fills_only_the_entries_its_pages_show(tmp_path, monkeypatch):
    key, context, filled = rebuilt_after_a_body_edit(tmp_path, monkeypatch)
    entries = context.site.entries
    lazy = [entry for entry in entries.values() if isinstance(entry, LazyEntry)]
    # Every other entry was taken from its record: the edited one alone was made from its files.
    assert len(lazy) == len(entries) - 1 and not isinstance(entries[key], LazyEntry)
    # The edited article's pages show its viewpoints' titles, nothing of any other entry.
    shown = {entry.key for entry in entries.values() if entry.kind == "viewpoints" and entry.article == key}
    assert set(filled) <= shown, set(filled) - shown
    assert sum(unfilled(entry) is not None for entry in lazy) == len(lazy) - len(set(filled))


def test_values_filled_late_are_placed_where_a_walk_of_the_whole_model_puts_them(tmp_path, monkeypatch):
    _key, context, _filled = rebuilt_after_a_body_edit(tmp_path, monkeypatch)
    site, index, late = context.site, context.index, context.paths
    assert any(unfilled(entry) is not None for entry in site.entries.values())
    # Filled now, article or viewpoint first alike: each entry's values are placed as it is filled.
    for entry in sorted(site.entries.values(), key=lambda entry: entry.kind != "viewpoints"):
        assert entry.texts
    whole = ModelPaths({"site": site, "index": index})
    assert late.at.keys() == whole.at.keys()
    assert all(late.at[path] is whole.at[path] for path in whole.at)
    # Inside the entries too: the texts, quotes and citations (a viewpoint's its own, not its article's).
    assert any(path[1:2] == (".entries",) and path[-1] == ".citation" for path in whole.at)
