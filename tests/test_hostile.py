"""Hostile content: markup in any field is shown as text, never run; bad URLs are neutralised."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_DIR, build, make_site, parse_html, read_tree

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
