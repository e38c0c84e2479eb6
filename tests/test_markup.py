"""markup: Markdown to safe HTML, with Chinese line breaks and entry links."""

from __future__ import annotations

import pytest
from conftest import parse_html

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
