"""The live preview: same build, errors in the browser, nothing served from outside the output."""

from __future__ import annotations

import datetime
import json
import os
import weakref
from pathlib import Path

import pytest
from conftest import MINIMAL_DIR, age, build, build_options, edit, make_site, read_tree

from site_builder.bench.corpus import write_corpus
from site_builder.build import context as context_module
from site_builder.build import inputs as inputs_module
from site_builder.build.state import CacheFolder, cache_folder
from site_builder.commands.scaffold import UsageError, scaffold_entry
from site_builder.commands.serve import PreviewState
from site_builder.content import load as load_module


def get(state: PreviewState, path: str) -> tuple[str, dict[str, str], bytes]:
    answer: dict = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(state.app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> PreviewState:
    state = PreviewState(build_options(MINIMAL_DIR, tmp_path_factory.mktemp("serve") / "output", search=False))
    state.rebuild()
    return state


def test_serves_pages_and_folders(preview):
    status, headers, body = get(preview, "/zh/articles/tour-2023/")
    assert status == "200 OK"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "内蒙古党政代表团南下广东".encode() in body
    assert get(preview, "/")[0] == "200 OK"


@pytest.mark.parametrize("path", ["/../secret.txt", "/zh/../../secret.txt", "/../../etc/passwd", "/nope/",
                                  "/zh/x.html"])
def test_unknown_or_outside_paths_get_the_404_page(preview, path):
    (preview.options.output_dir.parent / "secret.txt").write_text("secret", encoding="utf-8")
    status, _headers, body = get(preview, path)
    assert status == "404 Not Found"
    assert body == (preview.options.output_dir / "404.html").read_bytes()


def test_broken_content_shows_the_errors_in_the_browser(tmp_path, capsys):
    content = make_site(tmp_path, {"topics/bad.yaml": "x: <script>alert(1)</script>\n"})
    state = PreviewState(build_options(content, tmp_path / "output", search=False))
    state.rebuild()
    status, _headers, body = get(state, "/zh/")
    assert status == "500 Build failed"
    page = body.decode("utf-8")
    assert "x: expected a mapping of fields, got &#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;" in page
    assert "<script>" not in page
    assert "expected a mapping of fields" in capsys.readouterr().err


@pytest.mark.parametrize("key", ["Bad", "bad_key", "bad--key", "-bad", "bad\n", "../bad", ""])
def test_scaffold_refuses_bad_keys(tmp_path, key):
    with pytest.raises(UsageError):
        scaffold_entry(tmp_path, "article", key)
    assert list(tmp_path.iterdir()) == []


def test_scaffold_stamps_the_date(tmp_path):
    zh, en = scaffold_entry(make_site(tmp_path), "article", "new-piece", today=datetime.date(2024, 3, 5))
    assert "date: 2024-03-05\n" in zh.read_text(encoding="utf-8")
    assert en.name == "new-piece.en.md"


def test_a_builds_objects_wait_for_the_pause_two_builds_at_most(tmp_path):
    # Freed as a build returns, 10,000 entries' model takes a quarter of a second: the preview frees it once the
    # editor pauses, after the reload went out; saves in quick succession leave no more than two waiting.
    state = PreviewState(build_options(MINIMAL_DIR, tmp_path / "output", search=False))
    alive = []
    for _ in range(3):
        state.rebuild()
        assert state.error_lines is None
        alive.append(weakref.ref(state.leftovers[-1].cache))  # a part of it that takes weak references
    assert len(state.leftovers) == 2
    assert alive[0]() is None and alive[1]() is not None and alive[2]() is not None
    state.free_leftovers()
    assert state.leftovers == [] and alive[1]() is None and alive[2]() is None


def test_a_preview_started_on_a_built_site_reads_only_the_edited_entry(tmp_path, monkeypatch):
    # Its first build has nothing to do and fills no memory: the first edit takes the other entries from the
    # cache's tables, as the command line does, instead of reading and making every entry again.
    content = make_site(tmp_path)
    age(content)
    options = build_options(content, tmp_path / "output", search=False, drafts=True)
    earlier = PreviewState(options)  # an earlier session
    earlier.rebuild()
    earlier.finish()
    state = PreviewState(options)
    state.rebuild()
    assert state.error_lines is None
    read = []
    original = load_module.load_entry_file
    monkeypatch.setattr(load_module, "load_entry_file",
                        lambda path, **kwargs: read.append(path.name) or original(path, **kwargs))
    edit(content / "articles/tour-2023.en.md", "\n\n", "\n\nOne more sentence.\n\n")
    state.rebuild()
    assert state.error_lines is None
    assert read and {name.split(".")[0] for name in read} == {"tour-2023"}
    read.clear()
    edit(content / "articles/tour-2023.en.md", "One more sentence.", "One sentence more.")
    state.rebuild()  # and from then on from its memory
    assert {name.split(".")[0] for name in read} == {"tour-2023"}


def test_a_preview_session_leaves_the_cache_tables_for_the_next_one(tmp_path, monkeypatch):
    # Once its memory serves, a preview's builds leave the tables of what was parsed, checked and assembled as
    # they are instead of pruning what they did not read from them: the next session's first edit takes the
    # other entries from them. Enough entries that a prune would empty the tables (it spares up to 50 values).
    corpus = write_corpus(60, tmp_path / "content")
    key = corpus.articles[0]
    entry = corpus.folder / "articles" / f"{key}.en.md"
    age(corpus.folder)
    options = build_options(corpus.folder, tmp_path / "output", search=False, drafts=True)
    earlier = PreviewState(options)
    earlier.rebuild()
    for sentence in ["One more sentence.", "Another sentence."]:  # the second build is served from memory
        entry.write_text(entry.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        earlier.rebuild()
        assert earlier.error_lines is None
    earlier.finish()
    state = PreviewState(options)
    state.rebuild()
    read = []
    original = load_module.load_entry_file
    monkeypatch.setattr(load_module, "load_entry_file",
                        lambda path, **kwargs: read.append(path.name) or original(path, **kwargs))
    entry.write_text(entry.read_text(encoding="utf-8") + "\nA third sentence.\n", encoding="utf-8")
    state.rebuild()
    assert state.error_lines is None
    assert {name.split(".")[0] for name in read} == {key}


@pytest.mark.parametrize("process_fails", [False, True])
def test_a_previews_save_goes_on_in_a_process_of_its_own_and_the_next_build_waits_for_it(tmp_path, monkeypatch,
                                                                                          process_fails):
    # The reload goes out once the files are written; the state and the reads reach the cache folder meanwhile.
    content = make_site(tmp_path)
    age(content)
    options = build_options(content, tmp_path / "output", search=False, drafts=True)
    parent = os.getpid()
    original = CacheFolder.save

    def failing_apart(self, *args, **kwargs):
        if os.getpid() != parent:
            raise OSError("the process cannot write")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(context_module, "SAVE_APART_FROM", 0)  # the fixture site is small: saved here otherwise
    if process_fails:  # the build's own process then saves, when the result is asked for
        monkeypatch.setattr(CacheFolder, "save", failing_apart)
    state = PreviewState(options)
    state.rebuild()
    assert state.memory.saving is None  # a first build saves all the site's reads: before it ends
    for sentence in ["One more sentence.", "Another sentence."]:
        edit(content / "articles/tour-2023.en.md", "\n\n", f"\n\n{sentence}\n\n")
        state.rebuild()  # the second waits for the first's save before it begins
        assert state.error_lines is None
        assert state.memory.saving is not None and state.memory.saving._pid  # forked
    state.finish()
    saved = json.loads((cache_folder(tmp_path / "output") / "state.json").read_text(encoding="utf-8"))
    assert saved["build_id"] == state.memory.state.build_id
    # What the next build finds is what this session left: nothing to do.
    assert build(content, tmp_path / "output", search=False, drafts=True).rendered == 0


def test_a_small_sites_preview_saves_before_the_rebuild_ends(tmp_path):
    # Below SAVE_APART_FROM files the save costs less than a fork: it is made at once, and the cache holds it.
    content = make_site(tmp_path)
    age(content)
    state = PreviewState(build_options(content, tmp_path / "output", search=False, drafts=True))
    state.rebuild()
    edit(content / "articles/tour-2023.en.md", "\n\n", "\n\nOne more sentence.\n\n")
    state.rebuild()
    assert state.error_lines is None and state.memory.saving is None
    saved = json.loads((cache_folder(tmp_path / "output") / "state.json").read_text(encoding="utf-8"))
    assert saved["build_id"] == state.memory.state.build_id


def test_a_preview_smartens_again_only_the_data_files_it_read_again(tmp_path):
    # The data files' English texts get typographic quotes at every build; a preview's next build takes those of
    # unchanged files from its memory (model/typography.py Typeset).
    content = make_site(tmp_path)
    age(content)
    options = build_options(content, tmp_path / "output", search=False, drafts=True)
    state = PreviewState(options)
    state.rebuild()

    def smartened() -> list[object]:
        return [made for _value, _digest, made, _used in state.memory.typeset.made.values()]

    first = smartened()
    edit(content / "articles/tour-2023.en.md", "\n\n", "\n\nOne more sentence.\n\n")
    state.rebuild()
    assert state.error_lines is None
    again = smartened()
    assert len(again) == len(first) > 5 and all(any(made is before for before in first) for made in again)
    edit(content / "glossary/glossary.yaml", "en: enclave economy", "en: the region's enclave economy")
    state.rebuild()
    assert state.error_lines is None
    assert sum(not any(made is before for before in again) for made in smartened()) == 1  # the glossary's
    state.finish()
    build(content, tmp_path / "clean", cache=False, search=False, drafts=True)
    assert read_tree(tmp_path / "output") == read_tree(tmp_path / "clean")


def test_a_preview_groups_and_keys_again_only_the_entries_whose_files_changed(tmp_path):
    # Which files make each entry, and each entry's key by their content: taken from the memory's last build
    # where the files are listed as they were and hold what they held (build/memo.py grouped).
    content = make_site(tmp_path)
    age(content)
    state = PreviewState(build_options(content, tmp_path / "output", search=False, drafts=True))
    state.rebuild()
    first = state.memory.grouped
    assert first is not None
    edit(content / "articles/tour-2023.en.md", "\n\n", "\n\nOne more sentence.\n\n")
    state.rebuild()
    again = state.memory.grouped
    assert state.error_lines is None and again is not None and again.members is first.members
    edited = ("articles", "tour-2023")
    assert again.keys[edited] != first.keys[edited]
    assert all(again.keys[group] is key for group, key in first.keys.items() if group != edited)
    scaffold_entry(content, "article", "new-piece", datetime.date(2024, 5, 1))  # files come: grouped again
    state.rebuild()
    assert state.memory.grouped is not None and state.memory.grouped.members is not first.members
    assert ("articles", "new-piece") in state.memory.grouped.keys
    state.finish()
    build(content, tmp_path / "clean", cache=False, search=False, drafts=True)
    assert read_tree(tmp_path / "output") == read_tree(tmp_path / "clean")


def test_a_preview_looks_at_only_the_files_its_watcher_heard_once_it_heard_every_change(tmp_path, monkeypatch):
    # commands/watch.py names the files changed since the last look; from the first build after it began listening,
    # the preview's builds look at those alone of the inputs they know (build/inputs.py), and at every change heard
    # since the last build that succeeded. Each build still writes what a clean build writes.
    content = make_site(tmp_path)
    age(content)
    options = build_options(content, tmp_path / "output", search=False, drafts=True)
    looks: list[object] = []
    full, heard_only = inputs_module.snapshot_inputs, inputs_module.snapshot_heard
    monkeypatch.setattr(inputs_module, "snapshot_inputs", lambda *args: looks.append("all") or full(*args))
    monkeypatch.setattr(inputs_module, "snapshot_heard",
                        lambda paths, previous, heard: looks.append(heard) or heard_only(paths, previous, heard))
    state = PreviewState(options)
    article, viewpoint = content / "articles/tour-2023.en.md", content / "viewpoints/xie-baojian.en.md"

    def rebuild(*changed: Path, fails: bool = False) -> object:
        state.rebuild(frozenset(map(str, changed)))
        assert (state.error_lines is not None) == fails, state.error_lines
        looked = looks[-1]
        if not fails:
            state.finish()
            build(content, tmp_path / "clean", cache=False, search=False, drafts=True)
            assert read_tree(tmp_path / "output") == read_tree(tmp_path / "clean"), looked
        return looked

    state.rebuild()  # before the watcher listens: every input looked at, and the next build too
    edit(article, "\n\n", "\n\nOne more sentence.\n\n")
    assert looks == ["all"] and rebuild(article) == "all"
    edit(article, "\n\n", "\n\nAnd another.\n\n")
    assert rebuild(article) == {str(article)}
    # A save that breaks one file and changes another: the build after the fix looks at both.
    edit(viewpoint, "See the", "A new sentence. See the")
    edit(article, "title: ", "title: [")
    rebuild(article, viewpoint, fails=True)
    edit(article, "title: [", "title: ")
    assert rebuild(article) == {str(article), str(viewpoint)}
    # Files made and deleted: listed afresh, and gone.
    added = [content / f"articles/extra.{lang}.md" for lang in ("zh", "en")]
    for made in added:
        made.write_text((content / f"articles/tour-2023.{made.name.split('.')[1]}.md").read_text(encoding="utf-8"),
                        encoding="utf-8")
    assert rebuild(*added) == set(map(str, added))
    for made in added:
        made.unlink()
    rebuild(*added)
    # A watcher that lost track (polling, events dropped) names nothing: every input is looked at again.
    edit(article, "\n\n", "\n\nA last sentence.\n\n")
    state.rebuild(None)
    assert state.error_lines is None and looks[-1] == "all"
