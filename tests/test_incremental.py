"""Rebuilds update output/ in place: nothing changed writes nothing, and the result equals a clean build."""

from __future__ import annotations

import pytest
from conftest import build, edit, make_site, read_tree

from site_builder.build.write import ForeignOutputError


def mtimes(folder):
    return {path.relative_to(folder).as_posix(): path.stat().st_mtime_ns
            for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def built(tmp_path):
    content = make_site(tmp_path)
    output = tmp_path / "output"
    first = build(content, output, search=False)
    assert sorted(first.written) == sorted(first.paths)
    return content, output


def test_rebuild_with_nothing_changed_writes_nothing(built):
    content, output = built
    before = mtimes(output)
    again = build(content, output, search=False)
    assert (again.written, again.removed) == ((), ())
    assert mtimes(output) == before


def test_editing_one_body_rewrites_only_its_page_and_matches_a_clean_build(built, tmp_path):
    content, output = built
    source = content / "articles/tour-2023.zh.md"
    source.write_text(source.read_text(encoding="utf-8").replace("再到广州。", "再到广州和东莞。"), encoding="utf-8")
    result = build(content, output, search=False)
    # The entry's Chinese page, and its side-by-side page in both languages, which shows the Chinese body.
    assert sorted(result.written) == ["en/articles/tour-2023/parallel/index.html", "zh/articles/tour-2023/index.html",
                                      "zh/articles/tour-2023/parallel/index.html"]
    clean = tmp_path / "clean"
    build(content, clean, search=False)
    assert read_tree(output) == read_tree(clean)


def test_deleted_pages_are_removed(built, tmp_path):
    content, output = built
    (content / "pages/about.zh.md").unlink()
    (content / "pages/about.en.md").unlink()
    result = build(content, output, search=False)
    assert sorted(result.removed) == ["en/about/index.html", "zh/about/index.html"]
    assert not (output / "zh/about").exists()
    clean = tmp_path / "clean"
    build(content, clean, search=False)
    assert read_tree(output) == read_tree(clean)


def test_a_folder_we_did_not_write_is_never_replaced(tmp_path):
    content = make_site(tmp_path)
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(ForeignOutputError):
        build(content, foreign, search=False)
    assert read_tree(foreign) == {"thesis.docx": b"precious"}


def test_search_index_is_refreshed_only_when_pages_change(built):
    content, output = built
    build(content, output, search=True)
    bundles = {lang: output / "pagefind" / lang / "pagefind-entry.json" for lang in ("zh", "en")}
    stamps = {lang: bundle.stat().st_mtime_ns for lang, bundle in bundles.items()}
    build(content, output, search=True)
    assert {lang: bundle.stat().st_mtime_ns for lang, bundle in bundles.items()} == stamps
    # An edit of the English text alone: the English bundle is made again, the Chinese one left as it is.
    edit(content / "articles/tour-2023.en.md", "title: ", "title: Revised, ")
    build(content, output, search=True)
    assert bundles["en"].stat().st_mtime_ns != stamps["en"] and bundles["zh"].stat().st_mtime_ns == stamps["zh"]
    source = content / "articles/tour-2023.zh.md"
    source.write_text(source.read_text(encoding="utf-8").replace("再到广州。", "再到广州和东莞。"), encoding="utf-8")
    build(content, output, search=True)
    assert bundles["zh"].stat().st_mtime_ns != stamps["zh"]
    assert not list(output.rglob("*.new~"))
