"""Rebuilds run the one pipeline: the same messages, the same bytes as a clean build, whatever the cache holds."""

from __future__ import annotations

import io
import json
import os
import pickle
import re
import shutil
import sqlite3

import pytest
from conftest import BUILD_SCRIPT, age, build, edit, make_site, messages, read_tree
from jinja2.bccache import Bucket, bc_magic

from site_builder.build import memo as memo_module
from site_builder.build import plan as plan_module
from site_builder.build.apart import Apart
from site_builder.build.pagefindrun import SearchIndexError
from site_builder.build.state import cache_folder
from site_builder.errors import ContentError
from site_builder.render import compiled
from site_builder.render.recording import RecordingEnvironment


@pytest.fixture
def built(tmp_path):
    content = make_site(tmp_path)
    age(content)
    output = tmp_path / "output"
    first = build(content, output, search=False)
    assert first.rendered == len(first.paths)
    return content, output


def clean_build(content, tmp_path, search=False):
    """The reference: a build into a new folder, without reading or writing any cache."""
    output = tmp_path / "clean"
    shutil.rmtree(output, ignore_errors=True)
    build(content, output, cache=False, search=search)
    return read_tree(output)


def test_nothing_changed_renders_nothing_and_writes_nothing(built):
    content, output = built
    before = {path: path.stat().st_mtime_ns for path in output.rglob("*")}
    result = build(content, output, search=False)
    assert (result.site, result.rendered, result.written, result.removed) == (None, 0, (), ())
    assert {path: path.stat().st_mtime_ns for path in output.rglob("*")} == before


def test_a_title_edit_renders_the_pages_that_show_it_and_equals_a_clean_build(built, tmp_path):
    content, output = built
    edit(content / "articles/tour-2023.en.md", "title: ", "title: Revised, ")
    result = build(content, output, search=False)
    assert "en/articles/tour-2023/index.html" in result.written and "en/articles/index.html" in result.written
    # Of the Chinese pages, only the side-by-side one shows the English title.
    assert [path for path in result.written if path.startswith("zh/")] == ["zh/articles/tour-2023/parallel/index.html"]
    assert 0 < result.rendered < len(result.paths) / 2
    assert read_tree(output) == clean_build(content, tmp_path)


def test_only_pages_made_from_changed_parts_have_their_own_reads_worked_out_again(built, tmp_path, monkeypatch):
    # An entry's pages are what the entry makes them: while its files are unchanged, so is what each page is
    # and is handed, and the plan does not work it out again (at 10,000 entries, 40,000 pages of them).
    content, output = built
    worked_out = []
    own = plan_module.KeyDigests.own
    monkeypatch.setattr(plan_module.KeyDigests, "own",
                        lambda self, item: worked_out.append(item.path) or own(self, item))
    # A date moves the entry in the lists: the pages not made from one entry are worked out again (the lists
    # are rendered again anyway, their keys changed), not the other entries' pages.
    edit(content / "articles/tour-2023.zh.md", "date: 2023-10-23", "date: 2023-10-24")
    build(content, output, search=False)
    assert not {"zh/articles/shijian-xie/index.html", "en/viewpoints/xie-baojian/parallel/index.html"} & {
        *worked_out}
    assert "zh/topics/index.html" in worked_out  # made from every entry
    assert read_tree(output) == clean_build(content, tmp_path)
    # A body edit leaves every list as it was (plan.lists_unchanged): no page is worked out again, and the
    # lists' keys are not evaluated.
    worked_out.clear()
    evaluated = []
    call = plan_module.KeyDigests.__call__
    monkeypatch.setattr(plan_module.KeyDigests, "__call__",
                        lambda self, key: evaluated.append(key) or call(self, key))
    edit(content / "articles/tour-2023.zh.md", "再到广州。", "再到广州和东莞。")
    build(content, output, search=False)
    assert worked_out and not [path for path in worked_out if path.endswith("/index.html")]  # the landing, feeds…
    assert evaluated and not [key for key in evaluated if key[:2] == ("index", ".entries_by_topic")]
    assert read_tree(output) == clean_build(content, tmp_path)


def test_the_changed_reads_worked_out_in_a_process_of_their_own_choose_what_they_choose_here(built, tmp_path,
                                                                                             monkeypatch):
    # On a large site the plan works out which files read a changed key in a forked process (apart.py) while it
    # lists the site's files; here, on a small one, as if it were large.
    content, output = built
    monkeypatch.setattr(plan_module, "APART_FROM", 0)
    forked = []

    class Watched(Apart):
        def __init__(self, work):
            super().__init__(work)
            forked.append(self._pid)

    monkeypatch.setattr(plan_module, "Apart", Watched)
    for old, new in [("再到广州。", "再到广州和东莞。"), ("title: 内蒙古", "title: 内蒙古自治区")]:
        edit(content / "articles/tour-2023.zh.md", old, new)
        result = build(content, output, search=False)
        assert 0 < result.rendered < len(result.paths) / 2
        assert read_tree(output) == clean_build(content, tmp_path)
    assert len(forked) == 2 and all(forked)


def test_a_quote_given_to_another_person_moves_the_entry_to_their_page(built, tmp_path):
    # Who says a quote lists the entry on that person's page as much as its `people` do: part of its row.
    content, output = built
    edit(content / "articles/tour-2023.zh.md", "  - by: sun-shaocheng", "  - by: xie-baojian")
    result = build(content, output, search=False)
    assert "zh/people/xie-baojian/index.html" in result.written
    assert read_tree(output) == clean_build(content, tmp_path)


def test_what_a_data_file_gave_validation_is_told_again_until_the_file_is_fixed(built, tmp_path, monkeypatch):
    content, output = built
    events = content / "events/events.yaml"
    edit(events, "signs 123 projects.", "signs 123 projects (see our source file).")
    first = build(content, output, search=False)
    told = [p for p in messages(first.warnings) if p[0].endswith("events.yaml")]
    assert told and "source file" in told[0][3]
    # An unrelated edit: the data file's check is kept, not made again, and tells the same.
    checking = []
    monkeypatch.setattr(memo_module, "check_data_file", lambda data_file: checking.append(data_file) or None)
    edit(content / "articles/tour-2023.en.md", "title: ", "title: Revised, ")
    assert messages(build(content, output, search=False).warnings) == messages(first.warnings)
    assert checking == []
    monkeypatch.undo()
    edit(events, "signs 123 projects (see our source file).", "signs 123 projects.")
    assert not [p for p in build(content, output, search=False).warnings if p.path.endswith("events.yaml")]
    assert read_tree(output) == clean_build(content, tmp_path)


def test_an_edit_that_keeps_size_and_modification_time_is_seen(built, tmp_path):
    content, output = built
    source = content / "articles/tour-2023.zh.md"
    before = source.stat()
    text = source.read_text(encoding="utf-8")
    assert "广州" in text
    source.write_text(text.replace("广州", "深圳", 1), encoding="utf-8")  # as many bytes
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (source.stat().st_size, source.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    result = build(content, output, search=False)
    assert "zh/articles/tour-2023/index.html" in result.written
    assert read_tree(output) == clean_build(content, tmp_path)


def test_errors_leave_the_output_as_it_was_and_match_a_clean_builds_messages(built, tmp_path):
    content, output = built
    before = read_tree(output)
    edit(content / "events/events.yaml", "tour-2023", "guangzhou-visit")
    with pytest.raises(ContentError) as rebuilt:
        build(content, output, search=False)
    with pytest.raises(ContentError) as clean:
        build(content, tmp_path / "clean", cache=False, search=False)
    assert messages(rebuilt.value.problems) == messages(clean.value.problems)
    assert read_tree(output) == before
    edit(content / "events/events.yaml", "guangzhou-visit", "tour-2023")
    build(content, output, search=False)
    assert read_tree(output) == clean_build(content, tmp_path)


def test_an_output_file_changed_behind_its_back_is_put_right(built, tmp_path):
    content, output = built
    page = output / "en/glossary/index.html"
    page.write_bytes(b"defaced")
    (output / "stray.html").write_bytes(b"not ours")
    result = build(content, output, search=False)
    assert "en/glossary/index.html" in result.written and result.removed == ("stray.html",)
    assert read_tree(output) == clean_build(content, tmp_path)


def test_files_dropped_deep_in_the_output_are_found_though_folders_are_not_listed_again(built, tmp_path):
    # The scan lists again only folders whose times moved; here one's modification time is even set back.
    content, output = built
    folder = output / "en/glossary"
    times = folder.stat()
    (folder / "notes.txt").write_bytes(b"not ours")
    os.utime(folder, ns=(times.st_atime_ns, times.st_mtime_ns))
    (output / "zh/topics/old/deeper").mkdir(parents=True)
    (output / "zh/topics/old/deeper/index.html").write_bytes(b"not ours either")
    result = build(content, output, search=False)
    assert set(result.removed) == {"en/glossary/notes.txt", "zh/topics/old/deeper/index.html"}
    assert read_tree(output) == clean_build(content, tmp_path)
    assert not (output / "zh/topics/old").exists()


@pytest.mark.parametrize("damage", ["garbage", "pickle", "other-version", "no-reads", "reads-damaged",
                                    "reads-other-layout"])
def test_a_damaged_or_foreign_cache_means_a_notice_and_a_clean_build(built, tmp_path, damage):
    content, output = built
    folder = cache_folder(output)
    state = folder / "state.json"
    if damage == "garbage":
        state.write_bytes(b"\x00{not json")
    elif damage == "pickle":
        # A pickle that would run a command if it were unpickled: it must only ever be parsed as JSON.
        marker = tmp_path / "pwned"
        state.write_bytes(b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR.")
    elif damage == "other-version":
        data = json.loads(state.read_text(encoding="utf-8"))
        state.write_text(json.dumps({**data, "generator": "0" * 32}), encoding="utf-8")
    elif damage == "reads-damaged":
        (folder / "reads.sqlite").write_bytes(b"not a database" * 100)
    elif damage == "reads-other-layout":  # an older generator's tables, in a file SQLite reads well
        with sqlite3.connect(folder / "reads.sqlite") as connection:
            connection.execute("PRAGMA user_version = 1")
        connection.close()
    else:
        (folder / "reads.sqlite").unlink()
    edit(content / "articles/tour-2023.en.md", "title: ", "title: Revised, ")
    result = build(content, output, search=False)
    assert len(result.notices) == 1 and result.notices[0].startswith("note: not using the build cache in ")
    assert result.rendered == len(result.paths)
    assert read_tree(output) == clean_build(content, tmp_path)
    assert not (tmp_path / "pwned").exists()


def test_values_another_generator_kept_are_not_taken(built, tmp_path, monkeypatch):
    # Values are named by their key alone: the cache file says which generator wrote them, and another starts it
    # empty (a record or a converted body of other code would otherwise be taken as this code's).
    content, output = built
    checked = []
    original = memo_module.check_group
    monkeypatch.setattr(memo_module, "check_group", lambda files: checked.append(files) or original(files))
    edit(content / "articles/tour-2023.en.md", "title: ", "title: Revised, ")
    build(content, output, search=False)
    assert len(checked) == 1  # the edited entry's files; the others' checks taken from the file
    with sqlite3.connect(cache_folder(output) / "values.sqlite") as connection:
        connection.execute("UPDATE meta SET value = 'another generator' WHERE name = 'generator'")
    connection.close()
    checked.clear()
    edit(content / "articles/tour-2023.en.md", "title: Revised, ", "title: ")
    build(content, output, search=False)
    assert len(checked) > 1  # every entry's files checked afresh
    with sqlite3.connect(cache_folder(output) / "values.sqlite") as connection:
        assert connection.execute("SELECT value FROM meta WHERE name = 'generator'").fetchone()[0] != \
            "another generator"
    connection.close()
    assert read_tree(output) == clean_build(content, tmp_path)


def test_a_damaged_value_file_is_made_afresh(built, tmp_path):
    # Parsed files and converted bodies are a cache of their own: garbage there costs the work again, no more.
    content, output = built
    (cache_folder(output) / "values.sqlite").write_bytes(b"not a database" * 100)
    edit(content / "articles/tour-2023.en.md", "title: ", "title: Revised, ")
    build(content, output, search=False)
    assert read_tree(output) == clean_build(content, tmp_path)
    # and the next build reads the values the last one kept
    edit(content / "articles/tour-2023.en.md", "title: Revised, ", "title: ")
    build(content, output, search=False)
    assert read_tree(output) == clean_build(content, tmp_path)


def templates_compiled(monkeypatch) -> list[str]:
    """The names of the templates compiled from now on (in this process), as they are compiled."""
    compiling: list[str] = []
    original = RecordingEnvironment.compile
    monkeypatch.setattr(RecordingEnvironment, "compile",
                        lambda self, *args, **kwargs: compiling.append(args[1]) or original(self, *args, **kwargs))
    return compiling


def test_a_compiled_template_this_user_did_not_sign_is_never_run(built, tmp_path, monkeypatch):
    content, output = built
    files = sorted((cache_folder(output) / "templates").glob("*.jinja"))
    assert files  # the build kept its compiled templates
    marker = tmp_path / "pwned"
    crafted = compile(f"open({str(marker)!r}, 'w').close()", "crafted", "exec")
    for path in files:
        # Jinja's own format, for the template's real source: its magic, the checksum (pickled), the code.
        payload = path.read_bytes()[compiled.SECRET_BYTES:]
        checksum = pickle.load(io.BytesIO(payload[len(bc_magic):]))
        bucket = Bucket(None, path.stem, checksum)  # type: ignore[arg-type]
        bucket.code = crafted
        path.write_bytes(bytes(compiled.SECRET_BYTES) + bucket.bytecode_to_string())
    monkeypatch.setattr(compiled, "_COMPILED", {})  # as in a new process
    edit(content / "articles/tour-2023.en.md", "title: ", "title: Revised, ")
    build(content, output, search=False)
    assert not marker.exists()
    assert read_tree(output) == clean_build(content, tmp_path)


def test_signed_compiled_templates_are_read_back_not_compiled_again(built, monkeypatch):
    content, output = built
    monkeypatch.setattr(compiled, "_COMPILED", {})  # as in a new process: only the files are left
    compiling = templates_compiled(monkeypatch)
    edit(content / "articles/tour-2023.en.md", "title: ", "title: Revised, ")
    assert build(content, output, search=False).rendered > 0
    assert compiling == []


def test_a_damaged_template_key_is_made_again(tmp_path, monkeypatch, request):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    compiled.user_secret.cache_clear()
    request.addfinalizer(compiled.user_secret.cache_clear)  # the next tests read the usual key again
    key = tmp_path / "user-cache/site-builder/template-key"
    key.parent.mkdir(parents=True)
    key.write_bytes(b"cut short")
    content = make_site(tmp_path)
    output = tmp_path / "output"
    build(content, output, search=False)
    assert len(key.read_bytes()) == compiled.SECRET_BYTES and key.stat().st_mode & 0o777 == 0o600
    assert not [path.name for path in key.parent.iterdir() if path != key]  # no partial file left
    # What this build signed with it, a new process (its memory empty) reads back instead of compiling.
    monkeypatch.setattr(compiled, "_COMPILED", {})
    compiling = templates_compiled(monkeypatch)
    compiled.user_secret.cache_clear()
    edit(content / "articles/tour-2023.en.md", "title: ", "title: Revised, ")
    assert build(content, output, search=False).rendered > 0
    assert compiling == []


def test_no_module_of_the_build_reads_a_format_that_can_run_code():
    package = BUILD_SCRIPT.parent / "site_builder"
    unsafe = re.compile(r"^\s*(import|from)\s+(pickle|marshal|shelve|dill)\b", re.MULTILINE)
    assert [path.name for path in package.rglob("*.py") if unsafe.search(path.read_text(encoding="utf-8"))] == []


def test_search_off_removes_the_index_and_a_failed_index_is_made_again(built, tmp_path, monkeypatch):
    content, output = built
    build(content, output, search=True)
    assert (output / "pagefind/zh/pagefind.js").is_file() and (output / "pagefind/en/pagefind.js").is_file()
    build(content, output, search=False)
    assert not (output / "pagefind").exists()
    assert read_tree(output) == clean_build(content, tmp_path, search=False)
    edit(content / "articles/tour-2023.en.md", "title: ", "title: Revised, ")

    def fail(site_dir, work, layout, bundles):
        raise SearchIndexError("search indexing failed: out of luck")

    monkeypatch.setattr("site_builder.build.pipeline.index_search", fail)
    with pytest.raises(SearchIndexError):
        build(content, output, search=True)
    monkeypatch.undo()
    build(content, output, search=True)
    assert read_tree(output) == clean_build(content, tmp_path, search=True)
