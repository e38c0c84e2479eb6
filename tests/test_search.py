"""A language's pages split into several search bundles once they are many: every marked page in exactly one,
the first bundle listing the others, and an edit making again only the bundle its page is in.

A small generated site is split by lowering the entries' pages per bundle (SHARD_PAGES); a real site splits past
1,500. Incremental builds with split bundles are compared with clean ones in test_rebuild_random.py.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest
from conftest import build, edit, make_site, parse_html, read_tree

from site_builder.bench.corpus import write_corpus
from site_builder.build import pagefindrun, search
from site_builder.build.pagefindrun import SearchIndexError
from site_builder.build.search import Bundle, SearchLayout, shard_count, shard_of

ENTRIES = 12
PER_BUNDLE = 12
# entries' pages per bundle in these tests: the 24 of each language (12 entries, each with a side-by-side page)
# make two bundles, and a third holds the other pages; each bundle is a Pagefind run of half a second


def test_a_language_is_split_in_powers_of_two_only_past_the_pages_a_bundle_holds(monkeypatch):
    monkeypatch.setattr(search, "SHARD_PAGES", 100)
    # The entries' pages in a power of two of bundles, the other pages in one more.
    assert [shard_count(pages) for pages in (0, 1, 100, 101, 200, 201, 400, 401, 1000)] == [1, 1, 1, 3, 3, 5, 5, 9, 17]
    # A page's bundle depends on its address alone: the same in every build and process.
    assert shard_of("en/articles/a/index.html", 5) == shard_of("en/articles/a/index.html", 5)
    assert {shard_of(f"en/articles/{n}/index.html", 5) for n in range(100)} == {1, 2, 3, 4}
    # An entry's pages together; the pages that list entries in the first bundle, which a title edit makes again
    # with the entry's own.
    assert all(shard_of(f"en/viewpoints/{n}/parallel/index.html", 5) == shard_of(f"en/viewpoints/{n}/index.html", 5)
               for n in range(20))
    assert {shard_of(path, 5) for path in ("en/index.html", "en/articles/index.html", "en/articles/page/2/index.html",
                                           "en/topics/energy/index.html", "en/people/lin-qiao/index.html",
                                           "en/about/index.html", "en/timeline/2024/index.html")} == {0}
    assert Bundle("zh-hant", 0, 4).folder == "pagefind/zh-hant" and Bundle("en", 3, 4).folder == "pagefind/en.3"


def corpus(tmp_path):
    content = tmp_path / "content"
    write_corpus(ENTRIES, content, languages=("zh", "en"))
    return content


def first_article(content):
    return sorted((content / "articles").glob("*.en.md"))[0]


@pytest.fixture
def split(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "SHARD_PAGES", PER_BUNDLE)
    content, output = corpus(tmp_path), tmp_path / "output"
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
        assert count == 3, "the site is split"
        bundles = [Bundle(segment, shard, count) for shard in range(count)]
        shards = json.loads((output / bundles[0].folder / "shards.json").read_text(encoding="utf-8"))
        assert shards == {"count": count, "merge": [f"../{segment}.{shard}/" for shard in range(1, count)]}
        indexed = {}
        for bundle in bundles:
            entry = json.loads((output / bundle.folder / "pagefind-entry.json").read_text(encoding="utf-8"))
            indexed[bundle.shard] = sum(language["page_count"] for language in entry["languages"].values())
        marked = marked_pages(output, segment)
        assert indexed == {shard: sum(shard_of(path, count) == shard for path in marked) for shard in range(count)}
        assert sum(indexed.values()) == len(marked) and all(indexed.values())
    # Nothing of the gathering is left where the site is served.
    assert not [path for path in output.rglob("*") if ".pages" in path.name or path.name.endswith((".new", ".old"))]


def test_an_edit_makes_again_only_the_bundle_of_its_page(split):
    content, output, layout = split
    entries = {bundle.folder: output / bundle.folder / "pagefind-entry.json"
               for bundle in layout.with_pages(read_tree(output)).bundles()}
    stamps = {folder: path.stat().st_mtime_ns for folder, path in entries.items()}
    edit(first_article(content), "title: ", "title: Revised, ")
    result = build(content, output, search=True)
    # The title shows on the entry's page and on the lists and pages that name it: their bundles, no others.
    marked = marked_pages(output, "en")
    touched = {Bundle("en", shard_of(path, layout.counts["en"]), layout.counts["en"]).folder
               for path in result.written if path in marked}
    remade = {folder for folder, path in entries.items() if path.stat().st_mtime_ns != stamps[folder]}
    assert remade == touched
    # The entry's own bundle and the first, which holds every page that lists entries.
    assert "pagefind/en" in remade and len(remade) <= 2
    assert not any(folder.startswith("pagefind/zh") for folder in remade)


@pytest.mark.parametrize(("first", "then"), [(PER_BUNDLE, 1500), (1500, PER_BUNDLE)])
def test_a_language_split_otherwise_remakes_its_bundles_as_a_clean_build_would(tmp_path, monkeypatch, first, then):
    # As when a site grows or shrinks past a split: every bundle of the language is made again, and the extra
    # ones go.
    content, output = corpus(tmp_path), tmp_path / "output"
    monkeypatch.setattr(search, "SHARD_PAGES", first)
    build(content, output, search=True)
    monkeypatch.setattr(search, "SHARD_PAGES", then)
    edit(first_article(content), "title: ", "title: Revised, ")
    build(content, output, search=True)
    clean = build(content, tmp_path / "clean", search=True, cache=False)
    assert read_tree(output) == read_tree(tmp_path / "clean")
    layout = SearchLayout.of(("zh", "en"), clean.paths)
    assert sorted(path.name for path in (output / "pagefind").iterdir()) == sorted(
        bundle.folder.rsplit("/", 1)[1] for bundle in layout.with_pages(clean.paths).bundles())


def test_a_bundle_no_page_goes_to_is_not_made_nor_listed(tmp_path, monkeypatch):
    # The minimal site's entries in eight bundles a language: most get none, and one more entry has a bundle to
    # itself. Once it goes, its bundle goes, and the first bundle no longer lists it.
    monkeypatch.setattr(search, "SHARD_PAGES", 1)
    content, output = make_site(tmp_path), tmp_path / "output"
    count = 9  # eight entries' pages (four entries, each with a side-by-side page) in eight bundles, and the first
    taken = {shard_of(f"en/articles/{path.name.split('.')[0]}/index.html", count)
             for path in (content / "articles").glob("*.en.md")}
    key = next(f"extra-{n}" for n in range(100)
               if shard_of(f"en/articles/extra-{n}/index.html", count) not in taken)
    for lang in ("zh", "en"):
        shutil.copyfile(content / f"articles/tour-2023.{lang}.md", content / f"articles/{key}.{lang}.md")
    result = build(content, output, search=True)
    assert SearchLayout.of(("zh", "en"), result.paths).counts["en"] == count
    shard = shard_of(f"en/articles/{key}/index.html", count)

    def listed():
        return json.loads((output / "pagefind/en/shards.json").read_text(encoding="utf-8"))

    assert (output / f"pagefind/en.{shard}/pagefind.js").is_file() and f"../en.{shard}/" in listed()["merge"]
    made = sorted(path.name for path in (output / "pagefind").iterdir() if path.name.partition(".")[0] == "en")
    assert listed() == {"count": count, "merge": [f"../{name}/" for name in made if name != "en"]}
    assert len(made) < count
    for lang in ("zh", "en"):
        (content / f"articles/{key}.{lang}.md").unlink()
    build(content, output, search=True)
    assert not (output / f"pagefind/en.{shard}").exists() and f"../en.{shard}/" not in listed()["merge"]
    build(content, tmp_path / "clean", search=True, cache=False)
    assert read_tree(output) == read_tree(tmp_path / "clean")


def test_pagefind_is_started_as_its_binary_and_its_failure_is_reported(tmp_path, monkeypatch):
    # The wheel's binary itself, not an interpreter that looks it up first (0.15 s a run).
    pagefindrun.pagefind_launcher.cache_clear()
    launcher = pagefindrun.pagefind_launcher()
    assert len(launcher) == 1 and os.access(launcher[0], os.X_OK) and launcher[0] != sys.executable
    # PAGEFIND_BINARY_PATH, as Pagefind's Python API reads it, wins; what it says on failing is the message.
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: this indexer is broken' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))
    pagefindrun.pagefind_launcher.cache_clear()
    try:
        with pytest.raises(SearchIndexError, match="search indexing failed: Error: this indexer is broken"):
            build(make_site(tmp_path), tmp_path / "output", search=True)
    finally:
        pagefindrun.pagefind_launcher.cache_clear()
