"""copycheck: the words, roles and qualifiers a reader sees (fixture sites in tests/sites/invalid/ show the reports)."""

from __future__ import annotations

import pytest
from conftest import build_options, make_site

from site_builder.build.pipeline import check_site
from site_builder.content.copycheck import find_vocabulary, qualifiers_in
from site_builder.errors import format_problem


@pytest.mark.parametrize(("text", "found"), [
    ("种子文本只收录了访谈开头", ["种子"]),
    ("The seed keeps only the opening; see seeds 000 and 001.", ["seed", "seeds"]),
    ("the index of source files; held in our source", ["source files", "our source"]),
    ("草种业 is grass seed breeding; 播撒更多合作的种子", []),
    ("The original report keeps only the opening.", []),
    ("Seedlings and seeded clouds", []),
])
def test_working_vocabulary(text, found):
    assert find_vocabulary(text) == found


@pytest.mark.parametrize(("text", "value", "unit", "said"), [
    ("降到100万吨以下", "100万", "吨", {"below"}),
    ("计划再治沙2000万亩以上", "2000万", "亩", {"at-least"}),
    ("现在已降到了400多万吨", "400万", "吨", {"over"}),
    ("人民日报写“70%以上”，经济日报写“超过70%”", 70, "%", {"at-least", "over"}),
    ("整体项目一期计划投资金额约223.25亿元", "223.25亿", "元", {"about"}),
    ("签约项目123个", 123, "个", {""}),
    ("同比增长110%", 10, "%", set()),
])
def test_qualifier_beside_the_number(text, value, unit, said):
    assert qualifiers_in(text, value, unit) == said


def test_copy_problems_are_warnings_without_strict(tmp_path, monkeypatch):
    content = make_site(tmp_path, {"people/more.yaml": "zhang-liwen:\n  name: {zh: 张利文, en: Zhang Liwen}\n"
                                                       "  role: {zh: 全国政协委员, en: Member of the CPPCC}\n"
                                                       "  kind: deputy\n"})
    monkeypatch.chdir(tmp_path)
    _site, warnings = check_site(build_options(content, tmp_path / "output"))
    assert [format_problem(p) for p in warnings] == [
        "content/people/more.yaml:4: warning: zhang-liwen.kind: kind is 'deputy' but the role says 政协委员\n"
        "  hint: write kind: cppcc-member"]
