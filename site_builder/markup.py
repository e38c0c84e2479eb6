"""Markdown to safe HTML, with Chinese line breaks and entry links done right.

Raw HTML in entries is escaped (shown as text), and the result goes through nh3,
a real sanitiser, so no content can run script in a reader's browser.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import markdown
import nh3
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

# A character after which (or before which) a line break must not become a space.
_CJK = r"[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
_CJK_BREAK = re.compile(rf"(?<={_CJK})\n(?=[ \t]*{_CJK})")
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|>|\||```)")

ALLOWED_TAGS = {"a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
                "pre", "q", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul", "cite",
                "span", "div", "figure", "figcaption"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "td": {"align"}, "th": {"align", "scope"},
                      "*": {"lang", "id", "class"}}

EntryLinker = Callable[[str], str]


class _JoinChineseLines(Preprocessor):
    """Drop the newline between two Chinese characters, which Markdown would turn into a space."""

    def run(self, lines: list[str]) -> list[str]:
        joined: list[str] = []
        for line in lines:
            if (joined and joined[-1].strip() and line.strip() and not _BLOCK_START.match(line)
                    and _CJK_BREAK.search(joined[-1][-1:] + "\n" + line.lstrip()[:1])):
                joined[-1] = joined[-1] + line.lstrip()
            else:
                joined.append(line)
        return joined


class _EntryLinks(Treeprocessor):
    """Rewrite [text](entry:KEY) to the entry's URL in the page's language."""

    def __init__(self, md: markdown.Markdown, linker: EntryLinker):
        super().__init__(md)
        self.linker = linker

    def run(self, root):
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith("entry:"):
                key, _, fragment = href[len("entry:"):].partition("#")
                link.set("href", self.linker(key) + (f"#{fragment}" if fragment else ""))


class _BriefingMarkdown(Extension):
    def __init__(self, linker: EntryLinker):
        super().__init__()
        self.linker = linker

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        # Escaping raw HTML (rather than passing it on) shows an editor's <script> as text.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.preprocessors.register(_JoinChineseLines(md), "join_chinese_lines", 25)
        md.treeprocessors.register(_EntryLinks(md, self.linker), "entry_links", 5)


def render_markdown(text: str, linker: EntryLinker) -> str:
    """Render an entry body to sanitised HTML."""
    converter = markdown.Markdown(extensions=[_BriefingMarkdown(linker), "tables", "sane_lists"],
                                 output_format="html")
    html = converter.convert(text)
    return sanitize_html(html)


def sanitize_html(html: str) -> str:
    """Keep only harmless tags, attributes and http(s)/mailto/relative URLs."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel=None)
