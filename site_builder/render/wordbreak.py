"""Chinese headlines break only between words: segmented at build time, each break opportunity a <wbr>.

Browsers break Chinese between any two characters, so a balanced headline can end a line inside a word
(内|蒙古, 大|湾区). The stylesheet sets `word-break: keep-all` on Chinese headlines, which forbids those
breaks; the <wbr> put here between words gives the line breaker back exactly the breaks it may use.
"""

from __future__ import annotations

import functools
import importlib
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from site_builder.render.escaping import escape_text
from site_builder.render.wordfreq import word_frequencies

# Names and terms of this briefing that jieba's general dictionary splits or does not know.
BRIEFING_WORDS = tuple("""
大湾区 粤港澳大湾区 内蒙古 内蒙古自治区 蒙粤 粤蒙 京津冀 东数西算 算力 绿电 绿色算力
新能源 储能 风光 风电 光伏 前海 横琴 南沙 河套 呼和浩特 包头 鄂尔多斯 乌兰察布 赤峰
通辽 呼伦贝尔 兴安盟 锡林郭勒 阿拉善 巴彦淖尔 乌海 和林格尔 深圳 广州 珠海 东莞 佛山
惠州 营商环境 数字经济 数据中心 人工智能 全国人大代表 政协委员 对口合作 东西部协作 蒙字号
北疆 草原 牧区 常态化 调结构 桥头堡 先行地
""".split())
# A short run before a headline's first colon is a speaker's name or a label (王理宗：, 长篇通讯：): kept whole,
# as jieba does not know most people's names.
_LABEL = re.compile(r"^[\u3400-\u9fff·]{2,5}(?=：)")
# A line may not start with these, nor end with the opening ones: no break is offered beside them.
_NO_LINE_START = set("，。、；：？！）》」』〉】”’…—·%％")
_NO_LINE_END = set("（《「『〈【“‘")
# Runs of letters, digits and number punctuation stay whole (12.72, 5G, A股): the browser breaks them itself.
_ALNUM = re.compile(r"[0-9A-Za-z.,%+\-/<>=×]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


if TYPE_CHECKING:
    import jieba


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    # Imported when a headline is first segmented: a rebuild with nothing to render need not pay for it.
    jieba = importlib.import_module("jieba")
    # jieba announces every dictionary load on its own logger; a build prints only its own lines.
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    frequencies = word_frequencies(jieba)
    if frequencies is not None:  # its dictionary asked a word at a time instead of loaded whole (wordfreq.py)
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = frequencies, frequencies.total, True
    for word in BRIEFING_WORDS:
        tokenizer.add_word(word)
    return tokenizer


def segment(text: str) -> list[str]:
    """The words of a Chinese text, in order, joining back to the text."""
    if not _CJK.search(text):
        return [text]
    label = _LABEL.match(text)
    head = [label.group()] if label else []
    return head + list(_tokenizer().cut(text[len(label.group()) if label else 0:], HMM=True))


@functools.cache
def _simplifier() -> Any:
    opencc = importlib.import_module("opencc")
    return opencc.OpenCC("hk2s")


def break_opportunities(text: str, traditional: bool = False) -> list[int]:
    """The offsets in text where a line may break between two words.

    jieba's dictionary is Simplified: a Traditional text is segmented as its Simplified form (OpenCC, which
    keeps the length), so that 內蒙古 breaks where 内蒙古 does, not as 內|蒙古.
    """
    offsets, position = [], 0
    words_of = text
    if traditional and _CJK.search(text):
        simplified = str(_simplifier().convert(text))
        words_of = simplified if len(simplified) == len(text) else text
    for word in segment(words_of)[:-1]:
        position += len(word)
        before, after = text[position - 1], text[position]
        if before.isspace() or after.isspace():
            continue  # a space is a break already
        if before in _NO_LINE_END or after in _NO_LINE_START:
            continue
        if _ALNUM.match(before) and _ALNUM.match(after):
            continue
        offsets.append(position)
    return offsets


class WordBreaks:
    """The break opportunities of each Chinese text, found once and kept between builds.

    Segmenting needs jieba's dictionary, which takes half a second to load: a rebuild whose
    headlines all were segmented before does not load it.
    """

    def __init__(self, known: dict[str, list[int]] | None = None, kept: Callable[[str], Any] | None = None):
        self.known: dict[str, list[int]] = dict(known) if known is not None else {}
        # text -> offsets, from earlier builds and this one
        self.kept = kept
        # the offsets an earlier build kept for a text (a list of ints), or None
        self.new: dict[str, list[int]] = {}
        # the texts this process segmented
        self.used: set[str] = set()
        # the texts this process's pages showed

    def offsets(self, text: str, traditional: bool = False) -> list[int]:
        self.used.add(text)
        found = self.known.get(text)
        if found is None:
            kept = self.kept(text) if self.kept is not None else None
            if isinstance(kept, list) and all(type(offset) is int for offset in kept):
                found = self.known[text] = kept
            else:
                found = self.known[text] = self.new[text] = break_opportunities(text, traditional)
        return found

    def mark(self, text: str, text_lang: str) -> Markup:
        """Text as HTML, with a <wbr> between the words of Chinese text (other languages unchanged)."""
        return mark_word_breaks(text, text_lang, self)


def mark_word_breaks(text: str, text_lang: str, breaks: WordBreaks | None = None) -> Markup:
    """Text as HTML, with a <wbr> between the words of Chinese text (other languages unchanged)."""
    if not text_lang.startswith("zh"):
        return escape(text)
    parts, start = [], 0
    traditional = text_lang == "zh-Hant"
    for offset in breaks.offsets(text, traditional) if breaks is not None else break_opportunities(text, traditional):
        parts.append(text[start:offset])
        start = offset
    parts.append(text[start:])
    return Markup("<wbr>".join(map(escape_text, parts)))
