"""Chinese headlines get a <wbr> between words, never inside a word, a number or beside closing punctuation."""

from __future__ import annotations

from site_builder.render.wordbreak import mark_word_breaks


def test_breaks_fall_between_words():
    marked = mark_word_breaks("内蒙古党政代表团南下广东：背景、行程与合作清单", "zh")
    words = marked.split("<wbr>")
    assert "".join(words) == "内蒙古党政代表团南下广东：背景、行程与合作清单"
    assert {"内蒙古", "广东：", "背景、"} <= set(words)
    assert "大湾区" in mark_word_breaks("对接融入大湾区", "zh").split("<wbr>")


def test_a_speakers_name_before_the_colon_stays_whole():
    assert mark_word_breaks("王理宗：以算力协同为牵引", "zh").startswith("王理宗：<wbr>")


def test_numbers_formulas_and_punctuation_stay_together():
    marked = mark_word_breaks("建成12.72吉瓦，实现“1+1>2”", "zh")
    assert "12.72" in marked and "1+1&gt;2" in marked
    assert "<wbr>，" not in marked and "“<wbr>" not in marked


def test_other_languages_and_markup_are_left_alone_but_escaped():
    assert mark_word_breaks("Inner Mongolia <and> Guangdong", "en") == "Inner Mongolia &lt;and&gt; Guangdong"
    assert mark_word_breaks("<b>蒙粤</b>", "zh").count("<b>") == 0


def test_the_same_text_is_marked_the_same_way_every_time():
    text = "王理宗：绿色算力高地对接科创高地，打造区域协作“蒙粤样本”"
    assert len({mark_word_breaks(text, "zh") for _ in range(3)}) == 1
