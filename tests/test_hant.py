"""The Traditional Chinese (zh-Hant) edition: converted from the Chinese at build time, the editors' phrase table
first, a hand-made KEY.zh-Hant.md instead where there is one; pages, feeds, sitemap and switcher over three languages.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import BuiltSite, age, build, build_into, build_options, edit, make_site, messages, read_tree

from site_builder.commands.serve import PreviewState
from site_builder.content.translations import fingerprint
from site_builder.errors import ContentError
from site_builder.model.hant import HantConverter
from tests.judges import judge_feeds, judge_links, judge_sitemap

SITE_YAML = """title:
  zh: 测试简报
  en: Test Briefing
tagline:
  zh: 用于测试的最小站点
  en: A minimal site for the tests
description:
  zh: 一个很小的中英双语测试站点。
  en: A tiny bilingual site used by the test suite.
languages: [zh, zh-Hant, en]
default_language: zh
base_url: https://briefing.example.org/
"""
# 深圳 is 深圳 to OpenCC: the table's 深圳市 shows that the table wins; “” become 「」.
PHRASES = """内蒙古: 內蒙古
深圳: 深圳市
"“": 「
"”": 」
"""
HAND_MADE = """---
title: 手寫的繁體標題
summary: 代表團在深圳簽約。
key_points:
  - 一
  - 二
  - 三
notes:
  - 手寫的編者注。
---
手寫的正文。
"""


def hant_site(tmp_path, extra: dict[str, str | None] | None = None):
    return make_site(tmp_path, {"site.yaml": SITE_YAML, "zh-hant/phrases.yaml": PHRASES, **(extra or {})})


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    root = tmp_path_factory.mktemp("hant")
    content = hant_site(root)
    stamp = fingerprint_of(content, "viewpoints/xie-baojian")
    (content / "viewpoints" / "xie-baojian.zh-Hant.md").write_text(
        HAND_MADE.replace("---\n", f"---\ntranslated_from: {stamp}\n", 1).replace("key_points", "points")
        .replace("notes:\n  - 手寫的編者注。\n", ""),
        encoding="utf-8")
    return build_into(content, root / "output", strict=True)


def fingerprint_of(content, key: str) -> str:
    from site_builder.content.load import load_content

    kind, name = key.split("/")
    tree = load_content(content)
    return fingerprint(next(e for e in tree.entries if e.kind == kind and e.key == name and e.lang == "zh"))


def test_the_table_comes_first_and_is_never_split():
    table = HantConverter({"签约": "簽約", "内蒙古": "內蒙古", "内蒙古自治区": "內蒙古自治區（表）"})
    # Without the table OpenCC reads 文中签约 as 文|中签|约 (中籤, "won a lottery").
    assert HantConverter({}).convert("文中签约金额") == "文中籤約金額"
    assert table.convert("文中签约金额") == "文中簽約金額"
    # Longest term first; the text around the terms still converted.
    assert table.convert("内蒙古自治区与内蒙古的发展") == "內蒙古自治區（表）與內蒙古的發展"
    assert table.used == {"签约", "内蒙古", "内蒙古自治区"}


def test_every_chinese_page_has_a_traditional_one(site):
    zh = {path.split("/", 1)[1] for path in site.html_files() if path.startswith("zh/")}
    hant = {path.split("/", 1)[1] for path in site.html_files() if path.startswith("zh-hant/")}
    assert zh and hant == zh
    page = site.page("zh-hant/articles/tour-2023/")
    assert page.one("html").get("lang") == "zh-Hant"
    assert page.one("h1").norm_text() == "內蒙古黨政代表團南下廣東"
    # The table's form, never OpenCC's: 深圳 → 深圳市.
    assert "代表團在深圳市簽約3106億元。" in page.one("p", class_="lead").norm_text()
    assert (site.output / "zh-hant" / "feed.xml").is_file()


def test_a_quote_is_converted_and_its_exact_words_one_click_away(site):
    figure = site.page("zh-hant/articles/tour-2023/").one("figure", class_="quote")
    assert figure.one("blockquote").get("lang") == "zh-Hant"
    assert figure.one("blockquote").norm_text() == "我們要把南下的路走得更勤。"
    original = figure.one("details", class_="quote__original")
    assert original.one("p").get("lang") == "zh-Hans" and original.one("p").norm_text() == "我们要把南下的路走得更勤。"
    # The headline too: converted for reading, the original beside it.
    citation = site.page("zh-hant/articles/tour-2023/").one("p", class_="citation")
    assert citation.one("cite").norm_text() == "代表團南下，一路看、一路談"
    assert "代表团南下，一路看、一路谈" in citation.norm_text()


def test_a_hand_made_file_wins_over_conversion(site):
    page = site.page("zh-hant/viewpoints/xie-baojian/")
    assert page.one("h1").norm_text() == "手寫的繁體標題"
    assert "手寫的正文。" in page.one("section", class_="prose").norm_text()
    assert site.result.site.entries["xie-baojian"].texts["zh-Hant"].lang == "zh-Hant"


def test_the_side_by_side_page_sets_traditional_beside_english(site):
    page = site.page("zh-hant/articles/tour-2023/parallel/")
    assert [cell.get("lang") for cell in page.one("h1").find_all(class_="pv-cell")] == ["zh-Hant", "en"]
    assert [cell.get("lang") for cell in site.page("zh/articles/tour-2023/parallel/").one("h1")
            .find_all(class_="pv-cell")] == ["zh-Hans", "en"]


def test_three_languages_link_each_other_everywhere(site):
    for judge in (judge_sitemap, judge_links, judge_feeds):
        result = judge(site.output)
        assert result.failures == [], result.name
    for relative in site.html_files():
        if relative.split("/", 1)[0] not in ("zh", "zh-hant", "en") or relative.endswith("404.html"):
            continue
        head = site.page(relative).one("head")
        alternates = {link.get("hreflang"): link.get("href") for link in head.find_all("link", rel="alternate")
                      if link.get("hreflang")}
        assert set(alternates) == {"zh-Hans", "zh-Hant", "en", "x-default"}, relative
        rest = relative.split("/", 1)[1].removesuffix("index.html")
        assert alternates["zh-Hant"] == f"{site.base_url}zh-hant/{rest}", relative


def test_the_edition_has_its_own_search_index(site):
    import json

    # A bundle per language, each made from that language's pages alone.
    for bundle, language in (("zh", "zh-hans"), ("zh-hant", "zh-hant"), ("en", "en")):
        entry = json.loads((site.output / "pagefind" / bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert [code.lower() for code in entry["languages"]] == [language], (bundle, entry["languages"])


def test_the_build_reports_the_table_terms_used(site):
    assert any(notice.startswith("note: zh-Hant: 4 of 4 phrase table entries used") for notice in site.result.notices)


def test_an_unused_table_entry_is_a_warning(tmp_path):
    content = hant_site(tmp_path, {"zh-hant/phrases.yaml": PHRASES + "乌兰察布: 烏蘭察布\n"})
    result = build(content, tmp_path / "output", pdf=False, search=False)
    assert [(path.removeprefix(f"{tmp_path}/"), *rest) for path, *rest in messages(result.warnings)] == [
        ("content/zh-hant/phrases.yaml", 5, "乌兰察布", "no Chinese text of the site contains this term: "
         "the entry is unused", "warning")]
    with pytest.raises(ContentError):
        build(content, tmp_path / "strict", pdf=False, search=False, strict=True)


def test_a_hand_made_file_goes_stale_with_its_source(tmp_path):
    content = hant_site(tmp_path)
    stamp = fingerprint_of(content, "articles/tour-2023")
    (content / "articles" / "tour-2023.zh-Hant.md").write_text(
        HAND_MADE.replace("---\n", f"---\ntranslated_from: {stamp}\n", 1), encoding="utf-8")
    assert build(content, tmp_path / "output", pdf=False, search=False, strict=True).warnings == []
    edit(content / "articles" / "tour-2023.zh.md", "summary: 代表团在深圳签约3106亿元。", "summary: 代表团签约。")
    with pytest.raises(ContentError) as raised:
        build(content, tmp_path / "output", pdf=False, search=False, strict=True)
    stale = [p for p in raised.value.problems if p.path.endswith("tour-2023.zh-Hant.md")]
    assert [p.field for p in stale] == ["translated_from"] and "out of date" in stale[0].message
    assert "mark-translated --lang zh-Hant tour-2023" in stale[0].hint


def test_editing_the_table_rebuilds_what_it_changes(tmp_path):
    content = hant_site(tmp_path)
    age(content)
    build(content, tmp_path / "output", pdf=False, search=False)
    edit(content / "zh-hant" / "phrases.yaml", "深圳: 深圳市", "深圳: 鵬城")
    build(content, tmp_path / "output", pdf=False, search=False)
    page = (tmp_path / "output" / "zh-hant" / "articles" / "tour-2023" / "index.html").read_text(encoding="utf-8")
    assert "代表團在鵬城簽約" in page
    # Incremental equals clean, byte for byte.
    shutil.rmtree(tmp_path / "clean", ignore_errors=True)
    build(content, tmp_path / "clean", pdf=False, search=False, cache=False)
    assert read_tree(tmp_path / "output") == read_tree(tmp_path / "clean")


def test_a_preview_converts_again_only_the_data_files_it_read_again(tmp_path, capsys):
    # The data files' Traditional texts are kept with their parsed values between a preview's builds
    # (model/typography.py Typeset), and the table terms those used still count: none is reported unused (党委书记
    # is in a data file alone).
    content = hant_site(tmp_path, {"zh-hant/phrases.yaml": PHRASES + "党委书记: 黨委書記\n"})
    age(content)
    state = PreviewState(build_options(content, tmp_path / "output", search=False, drafts=True))
    state.rebuild()

    def made() -> list[object]:
        return [value for _value, _digest, value, _used in state.memory.typeset.made.values()]

    first, said = made(), capsys.readouterr().err
    assert "5 of 5 phrase table entries used" in said
    edit(content / "articles/tour-2023.zh.md", "\n\n", "\n\n又一句。\n\n")
    state.rebuild()
    again = made()
    assert state.error_lines is None and len(again) == len(first) > 5
    assert all(any(value is before for before in first) for value in again)
    assert capsys.readouterr().err.splitlines()[0] == said.splitlines()[-2]  # the same phrase summary
    edit(content / "events/events.yaml", "启动。", "启动仪式。")
    state.rebuild()
    assert state.error_lines is None
    assert sum(not any(value is before for before in again) for value in made()) == 1  # the events'
    state.finish()
    build(content, tmp_path / "clean", cache=False, search=False, drafts=True)
    assert read_tree(tmp_path / "output") == read_tree(tmp_path / "clean")
