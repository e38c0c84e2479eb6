"""Rebuilds that take a shortcut (nothing changed; only entry bodies changed) write what a full build writes.

Other edits load the whole content: tests/test_partial.py follows them further.

Each test builds once (which fills .cache/), edits the content, rebuilds, and compares the
output folder and the reported problems with a clean build of the same content without cache.
"""

from __future__ import annotations

import os
import pickle
import shutil
from dataclasses import replace

import pytest
from conftest import build, build_options, make_site, read_tree

from site_builder.build.cache import RACY_NS, BuildState, cache_folder, changed_inputs
from site_builder.build.pipeline import build_site
from site_builder.errors import ContentError

HOUR_NS = 3600 * 10**9


def age(folder):
    """Date every file an hour back, as if the editor had written them long before the build."""
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns - HOUR_NS, stat.st_mtime_ns - HOUR_NS))


@pytest.fixture
def built(tmp_path):
    content = make_site(tmp_path)
    age(content)
    output = tmp_path / "output"
    first = build(content, output, search=False)
    assert first.quick == ""
    return content, output


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def clean_build(content, tmp_path, **options):
    """The reference: a full build into a new folder, without reading or writing any cache."""
    output = tmp_path / "clean"
    result = build(content, output, search=False, cache=False, **options)
    return output, result


def messages(problems):
    return [(p.path, p.line, p.field, p.message, p.severity) for p in problems]


def test_nothing_changed_reads_no_content_and_writes_nothing(built):
    content, output = built
    result = build(content, output, search=False)
    assert result.quick == "nothing changed"
    assert (result.written, result.removed, result.site) == ((), (), None)
    assert result.entry_count == 3


@pytest.mark.parametrize("path, old, new, written", [
    ("articles/tour-2023.zh.md", "再到广州。", "再到广州和东莞。", ["zh/articles/tour-2023/index.html"]),
    ("articles/tour-2023.en.md", "to Guangzhou", "to Guangzhou and Dongguan", ["en/articles/tour-2023/index.html"]),
    # The viewpoint's own page only: the article it comes from shows its title, not its body.
    ("viewpoints/xie-baojian.zh.md", "\n", "\n\n补充一句。\n", ["zh/viewpoints/xie-baojian/index.html"]),
])
def test_a_body_edit_rewrites_only_that_entrys_pages_as_a_clean_build_would(built, tmp_path, path, old, new,
                                                                              written):
    content, output = built
    body_start = (content / path).read_text(encoding="utf-8").index("\n---\n") + 5
    text = (content / path).read_text(encoding="utf-8")
    (content / path).write_text(text[:body_start] + text[body_start:].replace(old, new, 1), encoding="utf-8")
    result = build(content, output, search=False)
    assert result.quick == "1 entry updated"
    assert sorted(result.written) == written
    clean, reference = clean_build(content, tmp_path)
    assert read_tree(output) == read_tree(clean)
    assert messages(result.warnings) == messages(reference.warnings)


def test_a_chinese_body_edit_reports_the_english_translation_out_of_date(built, tmp_path):
    content, output = built
    edit(content / "articles/tour-2023.zh.md", "再到广州。", "再到广州，又到深圳。")
    result = build(content, output, search=False)
    assert result.quick == "1 entry updated"
    out_of_date = [p for p in result.warnings if p.field == "translated_from"]
    assert [p.path.rsplit("/", 2)[-2:] for p in out_of_date] == [["articles", "tour-2023.en.md"]]
    _, reference = clean_build(content, tmp_path)
    assert messages(result.warnings) == messages(reference.warnings)
    with pytest.raises(ContentError) as failed:
        build(content, output, search=False, strict=True)
    assert "out of date" in failed.value.problems[0].message


def test_a_broken_link_in_a_body_fails_like_a_full_build_and_leaves_the_site(built, tmp_path):
    content, output = built
    before = read_tree(output)
    edit(content / "articles/tour-2023.en.md", "then to Guangzhou", "then to [Guangzhou](entry:guangzhou-visit)")
    with pytest.raises(ContentError) as quick:
        build(content, output, search=False)
    with pytest.raises(ContentError) as full:
        clean_build(content, tmp_path)
    assert messages(quick.value.problems) == messages(full.value.problems)
    assert any(p.message == "unknown entry 'guangzhou-visit'" for p in quick.value.problems)
    assert read_tree(output) == before
    # Fixed, the next build takes the shortcut again.
    edit(content / "articles/tour-2023.en.md", "(entry:guangzhou-visit)", "(entry:shijian-xie)")
    assert build(content, output, search=False).quick == "1 entry updated"
    clean, _ = clean_build(content, tmp_path / "again")
    assert read_tree(output) == read_tree(clean)


def beyond_the_shortcut(result):
    """Whether a rebuild loaded the whole content (partial or full), rather than taking a quick shortcut."""
    return result.quick == "" or result.quick.endswith("files rendered")


@pytest.mark.parametrize("change", ["title", "new file", "deleted file", "data", "not utf-8"])
def test_anything_but_a_body_loads_the_whole_content(built, tmp_path, change):
    content, output = built
    if change == "title":
        edit(content / "articles/tour-2023.en.md", "title: ", "title: New: ")
    elif change == "new file":
        (content / "articles/tour-2023-copy.zh.md").write_bytes((content / "articles/tour-2023.zh.md").read_bytes())
    elif change == "deleted file":
        (content / "articles/tour-2023.en.md").unlink()
    elif change == "data":
        events = next((content / "events").iterdir())
        events.write_text(events.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "not utf-8":
        path = content / "articles/tour-2023.zh.md"
        path.write_bytes(path.read_bytes() + "再见".encode("gb18030"))
    try:
        result = build(content, output, search=False)
    except ContentError as quick:
        with pytest.raises(ContentError) as full:
            clean_build(content, tmp_path)
        assert messages(quick.problems) == messages(full.value.problems)
        return
    assert beyond_the_shortcut(result)
    clean, _ = clean_build(content, tmp_path)
    assert read_tree(output) == read_tree(clean)


@pytest.mark.parametrize("folder, name, old", [("templates_dir", "macros.html", """{{ _('Topics') }}"""),
                                               ("translations_dir", "messages.po", 'msgstr "Topics"')])
def test_a_template_or_catalog_edit_loads_the_whole_content(tmp_path, folder, name, old):
    content = make_site(tmp_path)
    output = tmp_path / "output"
    copy = tmp_path / folder
    shutil.copytree(getattr(build_options(content, output), folder), copy)
    options = replace(build_options(content, output, search=False), **{folder: copy})
    age(content)
    age(copy)
    assert build_site(options).quick == ""
    target = next(path for path in copy.rglob(name) if "zh" not in path.parts)
    edit(target, old, old.replace("Topics", "Subjects"))
    assert beyond_the_shortcut(build_site(options))
    clean = tmp_path / "clean"
    build_site(replace(options, output_dir=clean, cache=False))
    assert read_tree(output) == read_tree(clean)
    assert b'aria-label="Subjects"' in (output / "en/articles/tour-2023/index.html").read_bytes()


def test_an_edited_style_sheet_is_copied_and_nothing_else(tmp_path):
    content = make_site(tmp_path)
    output = tmp_path / "output"
    templates = tmp_path / "templates"
    shutil.copytree(build_options(content, output).templates_dir, templates)
    options = replace(build_options(content, output, search=False), templates_dir=templates)
    age(content)
    age(templates)
    build_site(options)
    edit(templates / "assets/style.css", "{", "{outline:0;")
    edit(content / "articles/tour-2023.zh.md", "再到广州。", "再到广州和东莞。")
    result = build_site(options)
    assert result.quick == "1 entry and 1 asset updated"
    assert sorted(result.written) == ["assets/style.css", "zh/articles/tour-2023/index.html"]
    clean = tmp_path / "clean"
    build_site(replace(options, output_dir=clean, cache=False))
    assert read_tree(output) == read_tree(clean)


def test_an_output_file_changed_behind_our_back_is_put_right(built, tmp_path):
    content, output = built
    page = output / "en/articles/tour-2023/index.html"
    page.write_text("vandalised", encoding="utf-8")
    (output / "zh/timeline/index.html").unlink()
    result = build(content, output, search=False)
    assert result.quick == ""
    clean, _ = clean_build(content, tmp_path)
    assert read_tree(output) == read_tree(clean)


def test_other_settings_do_not_use_the_cache(built, tmp_path):
    content, output = built
    result = build(content, output, search=False, base_url="https://example.org/other/")
    assert result.quick == ""
    clean, _ = clean_build(content, tmp_path, base_url="https://example.org/other/")
    assert read_tree(output) == read_tree(clean)


def test_a_damaged_cache_is_ignored(built, tmp_path):
    content, output = built
    for name in ("state.pickle", "model.pickle"):
        (cache_folder(output) / name).write_bytes(b"\x80\x05garbage")
    assert build(content, output, search=False).quick == ""
    assert build(content, output, search=False).quick == "nothing changed"


def test_a_damaged_model_falls_back_to_the_full_build(built, tmp_path):
    content, output = built
    (cache_folder(output) / "model.pickle").write_bytes(pickle.dumps("not a model"))
    edit(content / "articles/tour-2023.zh.md", "再到广州。", "再到广州和东莞。")
    assert build(content, output, search=False).quick == ""
    clean, _ = clean_build(content, tmp_path)
    assert read_tree(output) == read_tree(clean)


def test_successive_body_edits_keep_matching_a_clean_build(built, tmp_path):
    content, output = built
    for round_, (path, old, new) in enumerate([
        ("articles/tour-2023.zh.md", "再到广州。", "再到广州和东莞。"),
        ("articles/shijian-xie.en.md", "\n", "\n\nOne more line.\n"),
        ("articles/tour-2023.zh.md", "和东莞。", "和佛山。"),
    ]):
        body_start = (content / path).read_text(encoding="utf-8").index("\n---\n") + 5
        text = (content / path).read_text(encoding="utf-8")
        (content / path).write_text(text[:body_start] + text[body_start:].replace(old, new, 1), encoding="utf-8")
        # The file edited just before the previous build is read again too (see RACY_NS): 1 or 2 entries.
        assert build(content, output, search=False).quick.endswith("updated")
        clean, _ = clean_build(content, tmp_path / str(round_))
        assert read_tree(output) == read_tree(clean)


def test_a_file_written_in_the_same_tick_as_the_snapshot_is_read_again():
    state = BuildState(key="k", started_ns=10 * RACY_NS, inputs={"old": (RACY_NS, 5), "racy": (10 * RACY_NS, 5)},
                       outputs={}, fronts={}, entry_keys={}, problems=[], defined=None, paths=(), entry_count=0)
    assert changed_inputs(state, {"old": (RACY_NS, 5), "racy": (10 * RACY_NS, 5)}) == {"racy"}
    assert changed_inputs(state, {"old": (RACY_NS, 6), "racy": (10 * RACY_NS, 5)}) == {"old", "racy"}
    assert changed_inputs(state, {"old": (RACY_NS, 5)}) is None
