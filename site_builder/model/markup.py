"""Markdown to safe HTML, with Chinese line breaks and entry links done right.

Raw HTML in entries is escaped (shown as text), and the result goes through nh3,
a real sanitiser, so no content can run script in a reader's browser.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from html import escape

import markdown
import nh3
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from site_builder.model.inlineguard import guard_inline_passes

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


class _BriefingMarkdown(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        # Escaping raw HTML (rather than passing it on) shows an editor's <script> as text.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.preprocessors.register(_JoinChineseLines(md), "join_chinese_lines", 25)


_converter: markdown.Markdown | None = None
_ENTRY_HREF = re.compile(r'href="entry:([^"#]*)(#[^"]*)?"', re.IGNORECASE)  # as validation matches it


def _shared_converter() -> markdown.Markdown:
    # Building a Markdown instance costs about as much as converting a short entry: build it once
    # per process and reset it between documents.
    global _converter
    if _converter is None:
        _converter = plain_converter()
        guard_inline_passes(_converter)
    return _converter


def plain_converter() -> markdown.Markdown:
    """Python-Markdown as we configure it, every inline pattern tried on every text (what the guarded passes of
    the shared converter must give the same HTML as)."""
    # smarty: typographic quotes and apostrophes in the text, never in code or a link's address;
    # dashes and dots stay as the editor typed them.
    return markdown.Markdown(extensions=[_BriefingMarkdown(), "tables", "sane_lists", "smarty"],
                             extension_configs={"smarty": {"smart_dashes": False, "smart_ellipses": False,
                                                           "smart_angled_quotes": False}},
                             output_format="html")


def render_markdown(text: str, linker: EntryLinker) -> str:
    """Render an entry body to sanitised HTML, with [text](entry:KEY) pointing at the entry's page."""
    return _ENTRY_HREF.sub(lambda m: f'href="{escape(linker(m.group(1)))}{escape(m.group(2) or "")}"',
                           _markdown_html(text))


@functools.lru_cache(maxsize=256)
def _markdown_html(text: str) -> str:
    # Links to entries stay entry:KEY placeholders here, so one rendering serves every language (an
    # untranslated entry shows its Chinese body in both) and base URL. Bounded: at 10,000 entries an
    # unbounded memo would hold a second copy of every body.
    converter = _shared_converter()
    converter.reset()
    return sanitize_html(converter.convert(text))


def sanitize_html(html: str) -> str:
    """Keep only harmless tags, attributes and http(s)/mailto/relative URLs."""
    # "entry" is our own scheme for links between entries, replaced by real URLs after sanitising.
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", "entry"}, link_rel=None)
