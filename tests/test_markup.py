"""markup: Markdown to safe HTML, with Chinese line breaks and entry links."""

from __future__ import annotations

import pytest
from conftest import CONTENT_DIR, parse_html

from site_builder.model import markup
from site_builder.model.markup import render_markdown


def link_to(lang: str):
    return lambda key: f"/{lang}/articles/{key}/"


def render(text: str, lang: str = "zh") -> str:
    return render_markdown(text, link_to(lang))


def test_chinese_lines_join_without_a_space():
    assert render("代表团先到深圳，\n再到广州。") == "<p>代表团先到深圳，再到广州。</p>"
    assert render("第一行\n第二行\n第三行") == "<p>第一行第二行第三行</p>"


def test_english_line_break_keeps_the_space():
    html = render("The delegation goes to Shenzhen\nand then to Guangzhou.", "en")
    assert parse_html(html).norm_text() == "The delegation goes to Shenzhen and then to Guangzhou."


@pytest.mark.parametrize("text", ["深圳\nShenzhen", "Shenzhen\n深圳", "签约 123\n个项目"])
def test_mixed_line_breaks_keep_the_space(text):
    first, second = text.split("\n")
    assert parse_html(render(text)).norm_text() == f"{first} {second}"


def test_chinese_line_before_a_heading_stays_a_heading():
    assert render("第一段\n## 小标题") == "<p>第一段</p>\n<h2>小标题</h2>"


def test_chinese_paragraphs_stay_apart():
    assert render("第一段。\n\n第二段。") == "<p>第一段。</p>\n<p>第二段。</p>"


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "前文 <script>alert(1)</script> 后文",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
])
def test_raw_html_shows_as_text(text):
    html = render(text)
    tags = {node.tag for node in parse_html(html).iter()} - {"#document", "p"}
    assert tags == set()
    # Shown as typed, but for typographic quotes (the smarty step treats it as the text it now is).
    shown = parse_html(html).text().translate(str.maketrans("“”‘’", "\"\"''"))
    assert text.strip() in shown


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>",
                                  "vbscript:msgbox(1)", " javascript:alert(1)"])
def test_dangerous_link_is_neutralised(href):
    html = render(f"[点我]({href})")
    links = parse_html(html).find_all("a")
    assert [link.text() for link in links] == ["点我"]
    assert all("href" not in link.attrs for link in links)


def test_safe_links_are_kept():
    html = render("[人民网](http://www.people.com.cn/) [信](mailto:a@example.org) [来源](../sources/)")
    hrefs = [a.get("href") for a in parse_html(html).find_all("a")]
    assert hrefs == ["http://www.people.com.cn/", "mailto:a@example.org", "../sources/"]


def test_images_are_dropped():
    assert "<img" not in render("![图](http://example.org/x.png)")


def test_entry_links_are_resolved_per_language():
    text = "见[文章](entry:tour-2023)和[要点](entry:tour-2023#points-heading)。"
    for lang in ("zh", "en"):
        hrefs = [a.get("href") for a in parse_html(render(text, lang)).find_all("a")]
        assert hrefs == [f"/{lang}/articles/tour-2023/", f"/{lang}/articles/tour-2023/#points-heading"]


def test_lists_and_tables_render():
    html = render("- 一\n- 二\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n")
    tree = parse_html(html)
    assert [li.text() for li in tree.find_all("li")] == ["一", "二"]
    assert [td.text() for td in tree.find_all("td")] == ["1", "2"]


def test_the_guarded_inline_passes_know_every_pattern_they_guard():
    # model/inlineguard.py's characters were read off these patterns: a Markdown that brings others wants them read.
    converter = markup._shared_converter()
    assert [item.name for item in converter.inlinePatterns._priority] == [
        "backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
        "short_image_ref", "autolink", "automail", "linebreak", "entity", "em_strong"]
    smarty = converter.treeprocessors["smarty"].inlinePatterns
    assert [item.name for item in smarty._priority] == [f"smarty-quotes-{n}" for n in range(15)]


GUARDED_CASES = [
    "a \\*not em\\* b", "1986\\. A year, \\# no heading", "x `code` y",
    "[link](https://example.org) and [ref][r]\n\n[r]: https://example.org",
    "![image](a.png)", "<https://example.org>", "<editor@example.org>", "first  \nsecond", "&copy; &#169; &#xa9;",
    "*em* and **strong**", "_em_ and __strong__", "\"quoted\" text", "it's the '90s", "'single' quotes",
    "内蒙古“绿电”进粤：[专线](entry:some-key)落地，*首批*项目", "plain text with nothing to do",
    "| a | b |\n| --- | --- |\n| *c* | 'd' |", "- one *item*\n- two \"items\"", "> quoted *text*",
]


@pytest.mark.parametrize("text", GUARDED_CASES)
def test_guarded_inline_passes_give_what_markdown_gives(text):
    guarded, plain = markup._shared_converter(), markup.plain_converter()
    guarded.reset()
    assert guarded.convert(text) == plain.convert(text)


def test_guarded_inline_passes_give_what_markdown_gives_for_the_shipped_content():
    guarded, plain = markup._shared_converter(), markup.plain_converter()
    bodies = [path.read_text(encoding="utf-8").split("\n---\n", 1)[1] for path in sorted(CONTENT_DIR.glob("*/*.md"))]
    assert len(bodies) > 20
    for body in bodies:
        guarded.reset()
        plain.reset()
        assert guarded.convert(body) == plain.convert(body)
