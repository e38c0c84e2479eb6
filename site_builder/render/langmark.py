"""Mark fragments in the other language: Chinese runs in English text, long English runs in Chinese text.

Screen readers and browsers (fonts, line breaking, Han glyph variants) need the language of every
fragment; editors write plain text, so the marking is done here, after escaping.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from site_builder.content.languages import CHINESE, html_lang
from site_builder.render.escaping import escape_text

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff01-\uff60"
# A run starts (after any digits: 2024年) and ends with a Han character or CJK punctuation; digits and
# spaces may sit inside (近30项).
_CHINESE_RUN = re.compile(rf"(?:[0-9.]+)?[{_HAN}{_CJK_PUNCT}](?:[{_HAN}{_CJK_PUNCT}0-9 .%]*[{_HAN}{_CJK_PUNCT}])?")
# Three or more Latin words in a row; single names and abbreviations (GW, CPPCC) stay unmarked.
_ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:&]+[A-Za-z][A-Za-z'’-]*){2,}")
_TEXT_BETWEEN_TAGS = re.compile(r">([^<]+)<")
# What each run cannot do without, searched first: most texts hold no fragment of the other language, and
# finding that with the runs' own patterns took more than twice as long (the optional digits before a Chinese run
# are tried at every character of an English text).
_ANY_CHINESE = re.compile(f"[{_HAN}{_CJK_PUNCT}]")
_TWO_LATIN_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*[ ,;:&]+[A-Za-z]")


def mark_lang(text: str, lang: str) -> Markup:
    """Escape plain text written in lang and wrap each fragment in the other language in a span with its lang."""
    return Markup(_mark(text, lang))


def mark_lang_html(markup: str, lang: str) -> Markup:
    """The same for sanitised HTML: only the text between tags is touched, never a tag or an attribute."""
    marked = _TEXT_BETWEEN_TAGS.sub(lambda m: ">" + _mark(html.unescape(m.group(1)), lang) + "<", f">{markup}<")
    return Markup(marked[1:-1])


def _mark(text: str, lang: str) -> str:
    # Runs are found in the plain text and each piece escaped on its own, so no entity is ever cut in two.
    pattern, other, needed = (_ENGLISH_RUN, "en", _TWO_LATIN_WORDS) if lang in CHINESE \
        else (_CHINESE_RUN, "zh", _ANY_CHINESE)
    if needed.search(text) is None:
        return escape_text(text)
    pieces, start = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape_text(text[start:match.start()]))
        pieces.append(f'<span lang="{html_lang(other)}">{escape_text(match.group(0))}</span>')
        start = match.end()
    pieces.append(escape_text(text[start:]))
    return "".join(pieces)
