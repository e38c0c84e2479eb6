"""A language's pages split into several search bundles once they are many: every marked page in exactly one,
the first bundle listing the others, and an edit making again only the bundle its page is in.

The minimal site is split by lowering the pages per bundle (SHARD_PAGES); a real site splits at 1,500 pages of a
language. Incremental builds with split bundles are compared with clean ones in test_rebuild_random.py.
"""

from __future__ import annotations

import json

import pytest
from conftest import build, edit, make_site, parse_html, read_tree

from site_builder.build import search
from site_builder.build.search import Bundle, SearchLayout, shard_count, shard_of

PER_BUNDLE = 6
# pages per bundle in these tests: the minimal site's 20-odd pages of a language make four bundles


def test_a_language_is_split_in_powers_of_two_only_past_the_pages_a_bundle_holds(monkeypatch):
    monkeypatch.setattr(search, "SHARD_PAGES", 100)
    assert [shard_count(pages) for pages in (0, 1, 100, 101, 200, 201, 400, 401, 1000)] == [1, 1, 1, 2, 2, 4, 4, 8, 16]
    # A page's bundle depends on its address alone: the same in every build and process.
    assert shard_of("en/articles/a/index.html", 4) == shard_of("en/articles/a/index.html", 4)
    assert {shard_of(f"en/articles/{n}/index.html", 4) for n in range(100)} == {0, 1, 2, 3}
    assert Bundle("zh-hant", 0, 4).folder == "pagefind/zh-hant" and Bundle("en", 3, 4).folder == "pagefind/en.3"


@pytest.fixture
def split(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "SHARD_PAGES", PER_BUNDLE)
    content, output = make_site(tmp_path), tmp_path / "output"
    result = build(content, output, search=True)
    return content, output, SearchLayout.of(("zh", "en"), result.paths)


def marked_pages(output, segment):
    """The pages of a language marked for the index, by their site-relative paths."""
    return {path.relative_to(output).as_posix() for path in (output / segment).rglob("*.html")
            if parse_html(path.read_text(encoding="utf-8")).find("main").get("data-pagefind-body") is not None}


def test_every_marked_page_is_in_exactly_one_bundle_and_the_first_lists_the_others(split):
    content, output, layout = split
    for segment in ("zh", "en"):
        count = layout.counts[segment]
        assert count > 2, "the site is split"
        bundles = [Bundle(segment, shard, count) for shard in range(count)]
        shards = json.loads((output / bundles[0].folder / "shards.json").read_text(encoding="utf-8"))
        assert shards == {"merge": [f"../{segment}.{shard}/" for shard in range(1, count)]}
        indexed = {}
        for bundle in bundles:
            entry = json.loads((output / bundle.folder / "pagefind-entry.json").read_text(encoding="utf-8"))
            indexed[bundle.shard] = sum(language["page_count"] for language in entry["languages"].values())
        marked = marked_pages(output, segment)
        assert indexed == {shard: sum(shard_of(path, count) == shard for path in marked) for shard in range(count)}
        assert sum(indexed.values()) == len(marked)
    # Nothing of the gathering is left where the site is served.
    assert not [path for path in output.rglob("*") if ".pages" in path.name or path.name.endswith((".new", ".old"))]


def test_an_edit_makes_again_only_the_bundle_of_its_page(split):
    content, output, layout = split
    entries = {bundle.folder: output / bundle.folder / "pagefind-entry.json" for bundle in layout.bundles()}
    stamps = {folder: path.stat().st_mtime_ns for folder, path in entries.items()}
    edit(content / "articles/tour-2023.en.md", "title: ", "title: Revised, ")
    result = build(content, output, search=True)
    # The title shows on the entry's page and on the lists and pages that name it: their bundles, no others.
    marked = marked_pages(output, "en")
    touched = {Bundle("en", shard_of(path, layout.counts["en"]), layout.counts["en"]).folder
               for path in result.written if path in marked}
    remade = {folder for folder, path in entries.items() if path.stat().st_mtime_ns != stamps[folder]}
    assert remade == touched
    assert 0 < len(remade) < layout.counts["en"] and not any(folder.startswith("pagefind/zh") for folder in remade)


@pytest.mark.parametrize(("first", "then"), [(PER_BUNDLE, 1500), (1500, PER_BUNDLE)])
def test_a_language_split_otherwise_remakes_its_bundles_as_a_clean_build_would(tmp_path, monkeypatch, first, then):
    # As when a site grows or shrinks past a split: every bundle of the language is made again, and the extra
    # ones go.
    content, output = make_site(tmp_path), tmp_path / "output"
    monkeypatch.setattr(search, "SHARD_PAGES", first)
    build(content, output, search=True)
    monkeypatch.setattr(search, "SHARD_PAGES", then)
    edit(content / "articles/tour-2023.en.md", "title: ", "title: Revised, ")
    build(content, output, search=True)
    clean = build(content, tmp_path / "clean", search=True, cache=False)
    assert read_tree(output) == read_tree(tmp_path / "clean")
    layout = SearchLayout.of(("zh", "en"), clean.paths)
    assert sorted(path.name for path in (output / "pagefind").iterdir()) == sorted(
        bundle.folder.rsplit("/", 1)[1] for bundle in layout.bundles())
