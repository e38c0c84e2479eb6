"""validate: every problem in the content, with its file, line, field and exact message."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_DIR, build, build_options, make_site, read_tree

from site_builder.build.pipeline import check_site
from site_builder.content.load import MAX_FILE_BYTES, read_text
from site_builder.errors import ContentError, format_problem

ZH = "content/articles/tour-2023.zh.md"
EN = "content/articles/tour-2023.en.md"


def edit(relative: str, old: str, new: str) -> str:
    """The minimal site's file with one piece of text replaced (which must be there exactly once)."""
    text = (MINIMAL_DIR / relative).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {relative}"
    return text.replace(old, new)


def messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overrides, strict: bool = False,
             drafts: bool = False) -> list[str]:
    """Every problem reported for the minimal site with overrides, formatted as the editor sees it."""
    content = make_site(tmp_path, overrides)
    # Paths are shown relative to the working folder, as on the command line: content/….
    monkeypatch.chdir(tmp_path)
    try:
        _site, warnings = check_site(build_options(content, tmp_path / "output", strict=strict, drafts=drafts))
    except ContentError as exc:
        return [format_problem(p) for p in exc.problems]
    return [format_problem(p) for p in warnings]


def errors(tmp_path, monkeypatch, overrides, strict: bool = False, drafts: bool = False) -> list[str]:
    found = messages(tmp_path, monkeypatch, overrides, strict, drafts)
    return [m for m in found if ": error: " in m.split("\n")[0]]


def test_minimal_site_has_no_problems_at_all(tmp_path, monkeypatch):
    assert messages(tmp_path, monkeypatch, {}, strict=True) == []


# --- fields ---------------------------------------------------------------------------------------------------

CASES = {
    "unknown field with a close match": (
        {"articles/tour-2023.zh.md": edit("articles/tour-2023.zh.md", "date:", "titel: 重复\ndate:")},
        [f"{ZH}:3: error: titel: unknown field\n  hint: did you mean 'title'?"],
    ),
    "unknown field in a data file": (
        {"topics/topics.yaml": edit("topics/topics.yaml", "  name: {zh: 投资", "  nmae: {zh: 投资")},
        # Reported once, as misspelt, not also as missing.
        ["content/topics/topics.yaml:2: error: investment.nmae: unknown field\n  hint: did you mean 'name'?"],
    ),
    "fact field in the English file": (
        {"articles/tour-2023.en.md": edit("articles/tour-2023.en.md", "summary:", "date: 2023-10-23\nsummary:")},
        [f"{EN}:4: error: date: unknown field\n"
         "  hint: allowed fields: title, summary, source, key_points, quotes, notes, translated_from"],
    ),
    "missing required field": (
        {"articles/tour-2023.zh.md": edit("articles/tour-2023.zh.md", "summary: 代表团在深圳签约3106亿元。\n", "")},
        [f"{ZH}:2: error: summary: is required\n  hint: add 'summary:'"],
    ),
    "missing nested field": (
        {"articles/tour-2023.zh.md": edit("articles/tour-2023.zh.md", "  original: 000_test.txt\n", "")},
        [f"{ZH}:6: error: source.original: is required\n  hint: add 'original:'"],
    ),
    "unknown topic": (
        {"articles/tour-2023.zh.md": edit("articles/tour-2023.zh.md", "topics: [investment]", "topics: [investmnt]")},
        [f"{ZH}:4: error: topics[0]: unknown topic 'investmnt'\n  hint: did you mean 'investment'?"],
    ),
    "unknown person": (
        {"articles/tour-2023.zh.md": edit("articles/tour-2023.zh.md", "people: [sun-shaocheng]", "people: [nobody]")},
        [f"{ZH}:5: error: people[0]: unknown person 'nobody'"],
    ),
    "unknown quote speaker": (
        {"articles/tour-2023.zh.md": edit("articles/tour-2023.zh.md", "  - by: sun-shaocheng",
                                          "  - by: sun-shaochen")},
        [f"{ZH}:19: error: quotes[0].by: unknown person 'sun-shaochen'\n  hint: did you mean 'sun-shaocheng'?"],
    ),
    "unknown outlet": (
        {"articles/tour-2023.zh.md": edit("articles/tour-2023.zh.md", "outlet: zhengzhi", "outlet: xinhua")},
        [f"{ZH}:7: error: source.outlet: unknown source 'xinhua'"],
    ),
    "unknown entry in a body link": (
        {"articles/tour-2023.zh.md": edit("articles/tour-2023.zh.md", "(entry:shijian-xie)", "(entry:shijian-xi)")},
        [f"{ZH}:27: error: body: unknown entry 'shijian-xi'\n  hint: did you mean 'shijian-xie'?"],
    ),
    "unknown entry in an event": (
        {"events/events.yaml": edit("events/events.yaml", "entries: [tour-2023, xie-baojian]",
                                    "entries: [tour-2024, xie-baojian]")},
        ["content/events/events.yaml:3: error: 2023-10-20-shenzhen-signing.entries[0]: unknown entry 'tour-2024'\n"
         "  hint: did you mean 'tour-2023'?"],
    ),
    "unknown article of a viewpoint": (
        {"viewpoints/xie-baojian.zh.md": edit("viewpoints/xie-baojian.zh.md", "article: shijian-xie",
                                              "article: xie-baojian")},
        ["content/viewpoints/xie-baojian.zh.md:5: error: article: unknown article 'xie-baojian'"],
    ),
    "unknown unit of a figure": (
        {"figures/figures.yaml": edit("figures/figures.yaml", "unit: kw", "unit: kwh")},
        ["content/figures/figures.yaml:15: error: new-energy-capacity.unit: unknown unit 'kwh'\n"
         "  hint: did you mean 'kw'?"],
    ),
    "date written with slashes": (
        {"articles/tour-2023.zh.md": edit("articles/tour-2023.zh.md", "date: 2023-10-23", "date: 2023/10/23")},
        [f"{ZH}:3: error: date: expected YYYY-MM-DD (or YYYY-MM, YYYY), got '2023/10/23'\n"
         "  hint: write 2023-10-23"],
    ),
    "date written in Chinese": (
        {"articles/tour-2023.zh.md": edit("articles/tour-2023.zh.md", "date: 2023-10-23", "date: 2023年10月23日")},
        [f"{ZH}:3: error: date: expected YYYY-MM-DD (or YYYY-MM, YYYY), got '2023年10月23日'\n"
         "  hint: write 2023-10-23"],
    ),
    "last revision before the piece it summarises": (
        {"articles/tour-2023.zh.md": edit("articles/tour-2023.zh.md", "date: 2023-10-23\n",
                                          "date: 2023-10-23\nupdated: 2023-10-22\n")},
        [f"{ZH}:4: error: updated: 2023-10-22 is before the entry's date 2023-10-23\n"
         "  hint: give the date of our last revision, on or after the date of the piece"],
    ),
    "last revision not a date": (
        {"articles/tour-2023.zh.md": edit("articles/tour-2023.zh.md", "date: 2023-10-23\n",
                                          "date: 2023-10-23\nupdated: 2023/11/02\n")},
        [f"{ZH}:4: error: updated: expected YYYY-MM-DD (or YYYY-MM, YYYY), got '2023/11/02'\n"
         "  hint: write 2023-11-02"],
    ),
    "impossible date": (
        {"events/events.yaml": edit("events/events.yaml", "date: 2023-10-20", "date: 2023-02-30")},
        ["content/events/events.yaml:2: error: 2023-10-20-shenzhen-signing.date: '2023-02-30' is not a real date"],
    ),
    "figure with both period and as_of": (
        {"figures/figures.yaml": edit("figures/figures.yaml", "  as_of: 2023-10\n",
                                      "  as_of: 2023-10\n  period: 2023\n")},
        ["content/figures/figures.yaml:13: error: new-energy-capacity: "
         "give exactly one of 'period' (a flow over time) or 'as_of' (a level at a date)"],
    ),
    "figure value not a number": (
        {"figures/figures.yaml": edit("figures/figures.yaml", "value: 3106亿", "value: 约3106亿元")},
        ["content/figures/figures.yaml:2: error: shenzhen-signed-investment.value: "
         "expected a number such as 3106亿 or 12.5, got '约3106亿元'"],
    ),
    "English file with a different number of key points": (
        {"articles/tour-2023.en.md": edit("articles/tour-2023.en.md",
                                          "  - 123 projects are signed at the Shenzhen event.\n", "")},
        [f"{EN}:7: error: key_points: has 2 items but the Chinese file has 3\n"
         "  hint: translate each item, in the same order"],
    ),
    "English file without the quote translations": (
        {"articles/tour-2023.en.md": edit(
            "articles/tour-2023.en.md",
            'quotes:\n  - "We mean to make the trip south more often."\n', "")},
        [f"{EN}:2: error: quotes: has 0 items but the Chinese file has 1\n"
         "  hint: translate each item, in the same order"],
    ),
    "English file without a Chinese file": (
        {"articles/only-english.en.md": (MINIMAL_DIR / "articles/shijian-xie.en.md").read_text(encoding="utf-8")},
        ["content/articles/only-english.en.md: error: no Chinese version: the Chinese file holds the entry's facts\n"
         "  hint: add content/articles/only-english.zh.md"],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_error_message(tmp_path, monkeypatch, case):
    overrides, expected = CASES[case]
    assert errors(tmp_path, monkeypatch, overrides) == expected


def test_yaml_error_in_front_matter(tmp_path, monkeypatch):
    broken = edit("articles/tour-2023.zh.md", "title: 内蒙古党政代表团南下广东", "title: 孙绍骋: 南下广东")
    found = errors(tmp_path, monkeypatch, {"articles/tour-2023.zh.md": broken})
    yaml_errors = [m for m in found if m.startswith(f"{ZH}:2: error: invalid YAML: mapping values are not allowed")]
    assert len(yaml_errors) == 1
    assert yaml_errors[0].endswith("\n  hint: a value that contains ': ' must be quoted")


def test_no_front_matter(tmp_path, monkeypatch):
    found = errors(tmp_path, monkeypatch, {"pages/about.zh.md": "本简报用于测试。\n"})
    assert "content/pages/about.zh.md:1: error: no front matter found\n" \
           "  hint: start the file with a line '---', the YAML fields, then another '---'" in found



def test_unreadable_chinese_file_is_not_also_reported_missing(tmp_path, monkeypatch):
    broken = edit("articles/tour-2023.zh.md", "title: 内蒙古党政代表团南下广东", "title: 孙绍骋: 南下广东")
    found = errors(tmp_path, monkeypatch, {"articles/tour-2023.zh.md": broken})
    assert [m for m in found if "no Chinese version" in m] == []


def test_hidden_files_are_ignored(tmp_path, monkeypatch):
    overrides = {"articles/.tour-2023.zh.md.swp": "\0garbage", "topics/.backup.yaml": "bad: [",
                 "articles/.tour.zh.md": "no front matter"}
    assert messages(tmp_path, monkeypatch, overrides, strict=True) == []



@pytest.mark.parametrize("link", ['[文章](entry:nope "标题")', "[文章][r]\n\n[r]: entry:nope"])
def test_every_form_of_entry_link_is_checked(tmp_path, monkeypatch, link):
    page = (MINIMAL_DIR / "pages/about.zh.md").read_text(encoding="utf-8") + f"\n{link}\n"
    assert [m for m in errors(tmp_path, monkeypatch, {"pages/about.zh.md": page}) if "unknown entry 'nope'" in m]


# --- translations ---------------------------------------------------------------------------------------------


def test_missing_english_translation_is_a_warning(tmp_path, monkeypatch):
    expected = f"{ZH}: warning: no English version (expected {EN})"
    assert messages(tmp_path, monkeypatch, {"articles/tour-2023.en.md": None}) == [expected]


def test_strict_makes_the_missing_translation_fatal(tmp_path, monkeypatch):
    expected = f"{ZH}: error: no English version (expected {EN})"
    assert messages(tmp_path, monkeypatch, {"articles/tour-2023.en.md": None}, strict=True) == [expected]


def test_unused_topic_is_a_warning(tmp_path, monkeypatch):
    extra = "unused:\n  name: {zh: 闲置, en: Unused}\n  description: {zh: 无。, en: None.}\n"
    topics = (MINIMAL_DIR / "topics/topics.yaml").read_text(encoding="utf-8") + extra
    assert messages(tmp_path, monkeypatch, {"topics/topics.yaml": topics}) == [
        "content/topics/topics.yaml:7: warning: unused: topic is not used by any entry, event or figure"]


# --- keys -----------------------------------------------------------------------------------------------------


def test_duplicate_key_across_two_data_files(tmp_path, monkeypatch):
    more = "investment:\n  name: {zh: 投资, en: Investment}\n  description: {zh: 重复。, en: Again.}\n"
    assert errors(tmp_path, monkeypatch, {"topics/more.yaml": more}) == [
        "content/topics/topics.yaml:1: error: investment: duplicate key 'investment' "
        "(also defined in content/topics/more.yaml)\n  hint: keys must be unique across all files of a folder"]


def test_same_key_in_two_kinds_is_fine(tmp_path, monkeypatch):
    glossary = (MINIMAL_DIR / "glossary/glossary.yaml").read_text(encoding="utf-8")
    glossary += "investment:\n  zh: 投资\n  en: investment\n  explanation: {zh: 说明。, en: Explanation.}\n"
    assert messages(tmp_path, monkeypatch, {"glossary/glossary.yaml": glossary}, strict=True) == []


@pytest.mark.parametrize("name", ["Tour.zh.md", "tour..2023.zh.md", "tour_2023.zh.md", "tour--2023.zh.md"])
def test_bad_key_in_an_entry_file_name(tmp_path, monkeypatch, name):
    key = name[: -len(".zh.md")]
    text = (MINIMAL_DIR / "articles/shijian-xie.zh.md").read_text(encoding="utf-8")
    assert errors(tmp_path, monkeypatch, {f"articles/{name}": text}) == [
        f"content/articles/{name}: error: key: '{key}' is not a valid key\n"
        "  hint: use lowercase letters a-z, digits and single hyphens, e.g. 2023-10-tour"]


@pytest.mark.parametrize(("written", "key"), [('"../evil"', "../evil"), ("Fei-Di", "Fei-Di"), ('"-evil"', "-evil"),
                                              ("fei_di", "fei_di")])
def test_bad_key_in_a_data_file(tmp_path, monkeypatch, written, key):
    glossary = (MINIMAL_DIR / "glossary/glossary.yaml").read_text(encoding="utf-8")
    glossary += f"{written}:\n  zh: 飞地\n  en: enclave\n  explanation: {{zh: 说明。, en: Explanation.}}\n"
    assert errors(tmp_path, monkeypatch, {"glossary/glossary.yaml": glossary}) == [
        f"content/glossary/glossary.yaml:7: error: {key}: '{key}' is not a valid key\n"
        "  hint: use lowercase letters a-z, digits and single hyphens"]


def test_key_with_a_trailing_newline_is_refused(tmp_path, monkeypatch):
    # `$` in a pattern also matches before a final newline; a key "evil\n" must not pass.
    glossary = (MINIMAL_DIR / "glossary/glossary.yaml").read_text(encoding="utf-8")
    glossary += '"evil\\n":\n  zh: 飞地\n  en: enclave\n  explanation: {zh: 说明。, en: Explanation.}\n'
    found = errors(tmp_path, monkeypatch, {"glossary/glossary.yaml": glossary})
    assert len(found) == 1
    assert found[0].startswith("content/glossary/glossary.yaml:7: error: ")
    assert "is not a valid key" in found[0]


def test_article_and_viewpoint_claiming_the_same_key(tmp_path, monkeypatch):
    viewpoint = (MINIMAL_DIR / "viewpoints/xie-baojian.zh.md").read_text(encoding="utf-8")
    assert errors(tmp_path, monkeypatch, {"viewpoints/shijian-xie.zh.md": viewpoint}) == [
        "content/viewpoints/shijian-xie.zh.md: error: key: two entries claim the key 'shijian-xie' "
        "(content/articles/shijian-xie.en.md, content/articles/shijian-xie.zh.md, "
        "content/viewpoints/shijian-xie.zh.md)\n"
        "  hint: rename one of them: entry keys are shared by articles and viewpoints"]


# --- files ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("relative", ["topics/empty.yaml", "articles/empty.zh.md", "units/blank.yaml"])
def test_empty_file(tmp_path, monkeypatch, relative):
    text = "" if "empty" in relative else "\n  \n\n"
    assert errors(tmp_path, monkeypatch, {relative: text}) == [f"content/{relative}: error: file is empty"]


def test_non_utf8_file(tmp_path, monkeypatch):
    # GBK, as a Chinese Windows editor might save it: "投资" is CD B6 D7 CA, and CD B6 happens to be valid UTF-8.
    data = b"investment:\n  name: {zh: " + "投资".encode("gbk") + b", en: Investment}\n"
    assert errors(tmp_path, monkeypatch, {"topics/more.yaml": data}) == [
        "content/topics/more.yaml:2: error: file is not UTF-8 (byte 0xd7 at offset 27)\n"
        "  hint: save the file as UTF-8"]


def test_bom_and_crlf_simply_work(tmp_path, minimal_site):
    overrides = {}
    for relative in ("articles/tour-2023.zh.md", "articles/tour-2023.en.md", "topics/topics.yaml", "site.yaml"):
        text = (MINIMAL_DIR / relative).read_text(encoding="utf-8")
        overrides[relative] = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    content = make_site(tmp_path, overrides)
    build(content, tmp_path / "output", strict=True, search=False)
    expected = {path: data for path, data in read_tree(minimal_site.output).items() if not path.startswith("pagefind/")}
    assert read_tree(tmp_path / "output") == expected


def test_file_over_one_megabyte(tmp_path, monkeypatch):
    big = "---\ntitle: 大\n---\n" + "字" * (MAX_FILE_BYTES // 2)
    size = len(big.encode("utf-8"))
    assert errors(tmp_path, monkeypatch, {"pages/big.zh.md": big}) == [
        f"content/pages/big.zh.md: error: file is {size:,} bytes; the limit is 1 MB (1,048,576 bytes)"
        "\n  hint: split it into several entries"]


def test_one_megabyte_exactly_is_allowed(tmp_path):
    path = tmp_path / "exact.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES - 4) + b"\n")
    problems = []
    assert read_text(path, problems) is not None
    assert problems == []
    path.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES - 3) + b"\n")
    assert read_text(path, problems) is None
    assert [p.message for p in problems] == ["file is 1,048,577 bytes; the limit is 1 MB (1,048,576 bytes)"]


def test_all_problems_are_collected_before_stopping(tmp_path, monkeypatch):
    overrides = {
        "articles/tour-2023.zh.md": edit("articles/tour-2023.zh.md", "date: 2023-10-23", "date: 2023/10/23"),
        "topics/empty.yaml": "",
        "articles/shijian-xie.en.md": None,
    }
    found = messages(tmp_path, monkeypatch, overrides)
    assert [m.split(": ", 2)[:2] for m in found] == [
        ["content/articles/shijian-xie.zh.md", "warning"],
        [f"{ZH}:3", "error"],
        ["content/topics/empty.yaml", "error"],
    ]


def test_an_unreadable_data_file_does_not_cascade(tmp_path, monkeypatch):
    broken = (MINIMAL_DIR / "topics/topics.yaml").read_text(encoding="utf-8").replace("  name:", "\tname:", 1)
    assert errors(tmp_path, monkeypatch, {"topics/topics.yaml": broken}) == [
        "content/topics/topics.yaml:2: error: a tab is used for indentation; YAML allows only spaces\n"
        "  hint: indent with spaces"]


def test_a_link_to_a_draft_says_it_is_a_draft(tmp_path, monkeypatch):
    draft = edit("articles/shijian-xie.zh.md", "title: 谢宝剑", "draft: true\ntitle: 谢宝剑")
    found = errors(tmp_path, monkeypatch, {"articles/shijian-xie.zh.md": draft})
    assert f"{ZH}:27: error: body: 'shijian-xie' is a draft and is not published\n" \
           "  hint: publish it (remove 'draft: true') or build with --drafts" in found
    assert errors(tmp_path / "with-drafts", monkeypatch, {"articles/shijian-xie.zh.md": draft}, drafts=True) == []


def test_a_free_page_may_not_take_a_generated_address(tmp_path, monkeypatch):
    page = (MINIMAL_DIR / "pages/about.zh.md").read_text(encoding="utf-8")
    assert errors(tmp_path, monkeypatch, {"pages/timeline.zh.md": page}) == [
        "content/pages/timeline.zh.md: error: key: 'timeline' is the address of a generated page\n"
        "  hint: give the page another file name"]
