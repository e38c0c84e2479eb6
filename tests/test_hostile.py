"""Hostile content: markup in any field is shown as text, never run; bad URLs are neutralised; hostile files
and faults around the content (issue 14) are refused with their place, and nothing is written."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import (
    MINIMAL_DIR,
    REPO_ROOT,
    TEMPLATES_DIR,
    TRANSLATIONS_DIR,
    build,
    build_options,
    make_site,
    parse_html,
    read_tree,
)

from site_builder.build.pipeline import BuildOptions, build_site
from site_builder.commands import cli
from site_builder.commands.serve import PreviewState

PAYLOAD = "<script>alert('x')</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    # Several edits hit one file: apply them in turn.
    merged: dict[str, str] = {}
    for relative, old, new in [
        ("articles/tour-2023.zh.md", "title: 内蒙古党政代表团南下广东", f'title: "南下{PAYLOAD}"'),
        ("articles/tour-2023.zh.md", "summary: 代表团在深圳签约3106亿元。", f'summary: "签约{PAYLOAD}"'),
        ("articles/tour-2023.zh.md", "  - 代表团先后到深圳、东莞、广州。", f'  - "要点{PAYLOAD}"'),
        ("articles/tour-2023.zh.md", "  - 原文“今年”指2023年。", f'  - "注{PAYLOAD}"'),
        ("articles/tour-2023.zh.md", "再到广州。", f"再到广州。{PAYLOAD}\n\n[点我](javascript:alert(1)) "
                                              "[数据](data:text/html,<b>x</b>)"),
        ("events/events.yaml", "签约123个项目。", f"签约123个项目。{PAYLOAD}"),
        ("people/people.yaml", "Sun Shaocheng", f"Sun Shaocheng{PAYLOAD}"),
    ]:
        text = merged.get(relative) or (MINIMAL_DIR / relative).read_text(encoding="utf-8")
        assert old in text, (relative, old)
        merged[relative] = text.replace(old, new, 1)
    content = make_site(tmp, merged)
    build(content, tmp / "output", search=False)
    return read_tree(tmp / "output")


def test_no_injected_element_reaches_any_page(hostile_output):
    pages = {path: data.decode("utf-8") for path, data in hostile_output.items() if path.endswith((".html", ".xml"))}
    assert len(pages) > 20
    for path, text in pages.items():
        if not path.endswith(".html"):
            assert "<script>alert" not in text, path
            continue
        for node in parse_html(text).iter():
            assert node.tag != "img", path
            assert not [name for name in node.attrs if name.startswith("on")], (path, node.tag)
            if node.tag == "script":
                assert "alert(" not in node.text() or node.get("type") == "application/ld+json", path
            for name in ("href", "src"):
                value = (node.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (path, value)


def test_injected_markup_shows_as_text(hostile_output):
    article = hostile_output["zh/articles/tour-2023/index.html"].decode("utf-8")
    assert "南下&lt;script&gt;alert(" in article
    assert "要点&lt;script&gt;" in article
    assert "注&lt;script&gt;" in article
    timeline = hostile_output["zh/timeline/index.html"].decode("utf-8")
    assert "签约123个项目。&lt;script&gt;" in timeline


# --- hostile files and faults around the content (issue 14): each refused with its place, nothing written ---

ZH_PO = "translations/zh/LC_MESSAGES/messages.po"
EN_PO = "translations/en/LC_MESSAGES/messages.po"


def line_of(catalog, text):
    """The line of the shipped catalog that holds text: messages name it, and catalogs grow."""
    lines = (REPO_ROOT / catalog).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if text in line)


def run(tmp_path, monkeypatch, capsys, argv, edits=None):
    """Run the command line in tmp_path, on copies of templates/ and translations/ edited by (path, old, new)."""
    if edits:
        for folder in (TEMPLATES_DIR, TRANSLATIONS_DIR):
            shutil.copytree(folder, tmp_path / folder.name)
        monkeypatch.setattr(cli, "PROJECT_ROOT", tmp_path)
        for relative, old, new in edits:
            target = tmp_path / relative
            text = target.read_text(encoding="utf-8")
            assert old in text, (relative, old)
            target.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.err


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


KEY_POINTS = 'msgstr "Key points"'


def test_markup_in_a_translation_is_refused(tmp_path, monkeypatch, capsys, site):
    code, err = run(tmp_path, monkeypatch, capsys, ["check", "--content", "content"],
                    [(EN_PO, 'msgstr "Key points"', 'msgstr "Key <img src=x onerror=alert(1)>"')])
    assert code == 1
    assert err.startswith(
        f"{EN_PO}:{line_of(EN_PO, KEY_POINTS)}: error: msgstr: markup in a UI string: "
        "'Key <img src=x onerror=alert(1)>'; "
        "translations are shown as text\n  hint: remove the tags (< >) and keep the words\n")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('msgstr "阅读约%(minutes)s分钟"', 'msgstr "阅读约%(mins)s分钟"',
     f"{ZH_PO}:{{line}}: error: msgstr: placeholder %(mins)s is not in the English text (%(minutes)s)\n"
     "  hint: copy the placeholders from the msgid exactly\n"),
    ('msgstr "阅读约%(minutes)s分钟"', 'msgstr "阅读约分钟"',
     f"{ZH_PO}:{{line}}: error: msgstr: leaves out %(minutes)s\n"
     "  hint: keep every placeholder of the msgid in the translation\n"),
    ('msgstr "阅读约%(minutes)s分钟"', 'msgstr "阅读约%(minutes)s分',
     f"{ZH_PO}:{{line}}: error: msgstr: the quoted text is not closed on this line\n"
     '  hint: end the line with a closing quote "; write a quote inside the text as \\"\n'),
    ('msgid "%(minutes)s min read"', 'garbage here\nmsgid "%(minutes)s min read"',
     f"{ZH_PO}:{{line}}: error: not a line of a .po catalog\n"
     "  hint: a line is a comment (#), msgid or msgstr with quoted text, or quoted text\n"),
], ids=["renamed-placeholder", "dropped-placeholder", "unterminated", "garbage-line"])
def test_broken_catalog_entries_are_refused_at_their_line(tmp_path, monkeypatch, capsys, site, old, new, expected):
    code, err = run(tmp_path, monkeypatch, capsys, ["check", "--content", "content"], [(ZH_PO, old, new)])
    # The line the edit leaves the reported text on: the one it replaced (a line put before it takes its number).
    expected = expected.format(line=line_of(ZH_PO, old.split("\n")[-1]))
    assert (code, err) == (1, expected + "Build failed: 1 error in 1 file.\n")


def test_a_template_runtime_error_names_template_line_and_page(tmp_path, monkeypatch, capsys, site):
    code, err = run(tmp_path, monkeypatch, capsys,
                    ["build", "--content", "content", "--output", "out", "--no-search", "--no-pdf"],
                    [("templates/entry.html", '<h2 id="points-heading"', '{{ nosuch.name }}<h2 id="points-heading"')])
    assert code == 1
    line = line_of("templates/entry.html", '<h2 id="points-heading"')
    assert err == (f"templates/entry.html:{line}: error: template error while rendering "
                   "zh/viewpoints/xie-baojian/index.html: 'nosuch' is undefined\n"
                   "  hint: fix the template (or the value it reads)\nBuild failed: 1 error in 1 file.\n")
    assert not (tmp_path / "out").exists()


def test_a_symlink_out_of_content_is_refused(tmp_path, monkeypatch, capsys, site):
    (tmp_path / "secret.yaml").write_text("secret:\n  name: {zh: 秘密, en: Secret}\n", encoding="utf-8")
    (site / "topics/secret.yaml").symlink_to(tmp_path / "secret.yaml")
    code, err = run(tmp_path, monkeypatch, capsys,
                    ["build", "--content", "content", "--output", "out", "--no-search", "--no-pdf"])
    assert (code, err) == (1, "content/topics/secret.yaml: error: is a symbolic link; content is read only from real "
                              "files and folders inside content/\n  hint: copy the file (or folder) into content/ "
                              "instead of linking to it\nBuild failed: 1 error in 1 file.\n")
    assert not (tmp_path / "out").exists()


def test_an_unreadable_file_is_named(tmp_path, monkeypatch, capsys, site):
    original = type(site).read_bytes

    def read_bytes(path):
        if path.name == "people.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return original(path)

    monkeypatch.setattr(type(site), "read_bytes", read_bytes)
    code, err = run(tmp_path, monkeypatch, capsys, ["check", "--content", "content"])
    assert code == 1
    assert err.startswith("content/people/people.yaml: error: cannot read it: Permission denied\n"
                          "  hint: check the permissions of this file or folder (and of the folders above it)\n")


def test_an_unwritable_output_is_named(tmp_path, monkeypatch, capsys, site):
    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "out"))

    monkeypatch.setattr("site_builder.build.write.prepare_output", refuse)
    code, err = run(tmp_path, monkeypatch, capsys,
                    ["build", "--content", "content", "--output", "out", "--no-search", "--no-pdf"])
    assert (code, err) == (1, "out: error: cannot read or write it: No space left on device\n  hint: free some disk "
                              "space, then build again; the output folder is as the last good build left it\n")


def test_a_javascript_base_url_is_a_usage_error(tmp_path, monkeypatch, capsys, site):
    with pytest.raises(SystemExit) as stopped:
        run(tmp_path, monkeypatch, capsys, ["build", "--content", "content", "--base-url", "javascript:alert(1)//"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.endswith("build.py build: error: argument --base-url: expected an http:// or "
                                            "https:// URL, got 'javascript:alert(1)//'\n")


@pytest.mark.parametrize(("output", "expected"), [
    ("README.md", "README.md: error: the output folder is a file: the site would replace it\n"
                  "  hint: choose another --output folder\n"),
    ("content/x", "content/x: error: the output folder is inside the content folder content\n"
                  "  hint: choose an --output folder outside content/, templates/ and translations/\n"),
])
def test_an_output_that_is_a_file_or_inside_an_input_is_refused(tmp_path, monkeypatch, capsys, site, output,
                                                                expected):
    (tmp_path / "README.md").write_text("keep me\n", encoding="utf-8")
    code, err = run(tmp_path, monkeypatch, capsys,
                    ["build", "--content", "content", "--output", output, "--no-search", "--no-pdf"])
    assert (code, err) == (1, expected + "Build failed: 1 error in 1 file.\n")
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "keep me\n"
    assert not (site / "x").exists()


def test_hidden_files_among_assets_are_not_published(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    (templates / "assets/.DS_Store").write_bytes(b"\0")
    content = make_site(tmp_path)
    build_site(BuildOptions(content, tmp_path / "out", templates, TRANSLATIONS_DIR, search=False))
    assert not list((tmp_path / "out").rglob(".DS_Store"))


def _answer(state, method, path):
    answer = {}
    body = b"".join(state.app({"PATH_INFO": path, "REQUEST_METHOD": method},
                              lambda status, headers: answer.update(status=status, headers=dict(headers))))
    return answer["status"], body


def test_the_preview_answers_head_and_bad_paths(tmp_path):
    state = PreviewState(build_options(MINIMAL_DIR, tmp_path / "preview", search=False))
    state.rebuild()
    assert _answer(state, "HEAD", "/zh/") == ("200 OK", b"")
    assert _answer(state, "GET", "/zh/\0")[0] == "400 Bad Request"
    assert _answer(state, "GET", "/zh/%00")[0] == "404 Not Found"



def test_an_unreadable_folder_is_one_problem_among_the_others(tmp_path, monkeypatch, capsys, site):
    original_scandir, original_read = os.scandir, type(site).read_bytes

    def scandir(path="."):
        if os.path.basename(os.fspath(path)) == "glossary":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return original_scandir(path)

    def read_bytes(path):
        if path.name == "people.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return original_read(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(type(site), "read_bytes", read_bytes)
    code, err = run(tmp_path, monkeypatch, capsys, ["check", "--content", "content"])
    assert code == 1
    # Both are reported, each once, in one run: the check goes on past the first.
    assert "content/glossary: error: cannot read it: Permission denied\n" in err
    assert "content/people/people.yaml: error: cannot read it: Permission denied\n" in err
    assert err.count(": error: ") == 2, err
