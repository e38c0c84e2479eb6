"""Recorded reads: what a file of the site reads is noted while it renders, and can be checked on a new model."""

from __future__ import annotations

import pickle
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from conftest import MINIMAL_DIR, TEMPLATES_DIR, TRANSLATIONS_DIR

from site_builder.build.readindex import ReadIndex, hashed, key_text
from site_builder.build.readrows import ReadRows
from site_builder.content.load import load_content
from site_builder.model.assemble import assemble_site
from site_builder.model.indexes import build_index
from site_builder.model.site import Site
from site_builder.render.outputs import plan_outputs, render_outputs, render_site
from site_builder.render.pages import list_pages
from site_builder.render.reads import ModelPaths, Recorder, evaluate


def _model(content: Path = MINIMAL_DIR) -> Site:
    return assemble_site(load_content(content))


@dataclass(frozen=True)
class _Page:
    """A rendered file with the keys it read."""

    data: bytes
    keys: frozenset[tuple[str, ...]]


def _render(site: Site, templates: Path = TEMPLATES_DIR) -> tuple[dict[str, _Page], Recorder]:
    index = build_index(site)
    recorder = Recorder(ModelPaths({"site": site, "index": index}))
    plan = plan_outputs(site, list_pages(site, index), templates)
    rendered = {item.path: _Page(item.data, frozenset(map(recorder.key_of, item.numbers)))
                for item in render_outputs(site, index, plan, templates, TRANSLATIONS_DIR, recorder)}
    return rendered, recorder


def _model_keys(item: _Page) -> set[tuple[str, ...]]:
    return {key for key in item.keys if key[0] in ("site", "index")}


@pytest.fixture(scope="module")
def rendered() -> tuple[Site, dict[str, _Page], Recorder]:
    site = _model()
    pages, recorder = _render(site)
    return site, pages, recorder


def test_recording_does_not_change_a_byte(rendered):
    site, pages, _recorder = rendered
    assert {path: item.data for path, item in pages.items()} == dict(render_site(site, TEMPLATES_DIR,
                                                                                   TRANSLATIONS_DIR))


def test_an_entry_page_reads_its_title_summary_and_body_but_not_another_entrys_body(rendered):
    _site, pages, _recorder = rendered
    keys = pages["en/articles/tour-2023/index.html"].keys
    own = ("site", ".entries", "[tour-2023", ".texts", "[en")
    assert {own + (".title",), own + (".summary",), own + (".body_html",)} <= keys
    assert ("site", ".entries", "[shijian-xie", ".texts", "[en", ".body_html") not in keys
    assert ("#template", "entry.html") in keys and ("#template", "base.html") in keys
    assert any(key[0] == "#message" and key[1] == "en" for key in keys)


def test_a_list_page_reads_the_titles_its_memoised_cards_show(rendered):
    _site, pages, _recorder = rendered
    for path in ("en/articles/index.html", "en/topics/investment/index.html"):
        assert ("site", ".entries", "[tour-2023", ".texts", "[en", ".title") in pages[path].keys, path


def test_every_key_gives_the_same_digest_on_a_model_made_again(rendered):
    _site, pages, recorder = rendered
    again = _model()
    paths = ModelPaths({"site": again, "index": build_index(again)})
    keys = set().union(*(_model_keys(item) for item in pages.values()))
    assert keys
    assert [key for key in keys if evaluate(key, paths) != recorder.digests[key]] == []


def test_an_edit_changes_the_keys_of_exactly_the_pages_that_show_it(rendered):
    site, pages, recorder = rendered
    entry = site.entries["tour-2023"]
    texts = dict(entry.texts, en=replace(entry.texts["en"], summary="A different summary."))
    edited = replace(site, entries={**site.entries, "tour-2023": replace(entry, texts=texts)})
    paths = ModelPaths({"site": edited, "index": build_index(edited)})
    stale = {path for path, item in pages.items()
             if any(evaluate(key, paths) != recorder.digests[key] for key in _model_keys(item))}
    assert "en/articles/tour-2023/index.html" in stale and "en/articles/index.html" in stale
    assert "zh/articles/tour-2023/index.html" not in stale and "en/glossary/index.html" not in stale
    # Exactly: the pages whose bytes change are among those found stale.
    changed = {path for path, data in render_site(edited, TEMPLATES_DIR, TRANSLATIONS_DIR)
               if data != pages[path].data}
    assert changed and changed <= stale


def test_a_template_that_starts_showing_a_field_records_it(tmp_path):
    templates = shutil.copytree(TEMPLATES_DIR, tmp_path / "templates")
    macros = (templates / "macros.html").read_text(encoding="utf-8")
    assert "{% macro entry_line(" in macros
    # The glossary shows no entry; make its page show one entry's English summary.
    glossary = (templates / "glossary.html").read_text(encoding="utf-8")
    (templates / "glossary.html").write_text(
        glossary.replace("{% block main %}", "{% block main %}<p>{{ site.entries['tour-2023'].texts.en.summary }}</p>",
                         1), encoding="utf-8")
    site = _model()
    pages, _recorder = _render(site, templates)
    assert ("site", ".entries", "[tour-2023", ".texts", "[en", ".summary") in pages["zh/glossary/index.html"].keys


def test_a_value_handed_to_python_code_counts_as_read_whole(rendered):
    _site, pages, _recorder = rendered
    # The figures page hands each chart to bar_chart(), Python code that reads all of it.
    whole = [key for key in pages["en/figures/index.html"].keys if key[-1] == "*"]
    assert whole


def test_rows_made_in_each_render_process_fill_the_table_as_rows_made_in_one():
    title = ("site", ".entries", "[k1", ".texts", "[zh", ".title")
    reads = {"zh/a/index.html": [title, ("#output", "zh/a/index.html"), ("#template", "base.html")],
             "en/a/index.html": [title, ("#output", "en/a/index.html"), ("#message", "en", "Home", "")]}

    def recorded(paths: list[str]) -> tuple[Recorder, dict[str, set[int]]]:
        """A recorder that noted the reads of these files, each read's digest named after its key."""
        recorder, numbers = Recorder(ModelPaths({})), {}
        for path in paths:
            with recorder.frame() as numbers[path]:
                for key in reads[path]:
                    recorder.note(key, f"digest of {key}")
        return recorder, numbers

    together, apart = ReadRows(), ReadRows()
    recorder, numbers = recorded(list(reads))
    for path in reads:
        together.add(path, numbers[path], recorder)
        together.add(path, numbers[path], recorder)  # rendered again (the PDF step's pages): the same row
    for path in reads:  # each in a process of its own, its rows sent back through pickle
        alone, numbered = recorded([path])
        part = ReadRows()
        part.add(path, numbered[path], alone)
        apart.extend(pickle.loads(pickle.dumps(part)))
    assert apart.read("zh/a/index.html", ("#template", "base.html"))
    assert not apart.read("en/a/index.html", ("#template", "base.html"))

    def table(rows: ReadRows, path: Path) -> dict[str, list[tuple[object, ...]]]:
        index = ReadIndex(path)
        index.update(7, rows, set(reads), fresh=True)
        assert index.readers({hashed(key_text(title)): title}) == set(reads)
        index.close()
        with sqlite3.connect(path) as connection:
            return {name: sorted(connection.execute(f"SELECT * FROM {name}"))
                    for name in ("keys", "parts", "files", "file_keys", "part_files")}

    with tempfile.TemporaryDirectory() as folder:
        made_together = table(together, Path(folder) / "together.sqlite")
        assert made_together == table(apart, Path(folder) / "apart.sqlite")
    assert len(made_together["files"]) == 2 and len(made_together["keys"]) == 3  # the own reads are no keys


def test_a_page_rendered_again_by_a_later_recorder_leaves_its_keys_latest_digests():
    key, path = ("#pdf",), "zh/index.html"

    def made(*values: str) -> ReadRows:
        rows = ReadRows()
        for value in values:  # the render step, then the PDF step's own recorder
            recorder = Recorder(ModelPaths({}))
            with recorder.frame() as numbers:
                recorder.note(key, value)
            rows.add(path, numbers, recorder)
        return rows

    with tempfile.TemporaryDirectory() as folder:
        index = ReadIndex(Path(folder) / "reads.sqlite")
        index.update(7, made("pending", "two PDFs"), {path}, fresh=True)
        assert index.digest(key) == "two PDFs"
        # A later build's rows update the table's: there too the later of two digests stays.
        index.update(8, made("pending", "three PDFs"), {path}, fresh=False)
        assert index.digest(key) == "three PDFs"
        index.close()
