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


def test_the_dictionary_asked_a_word_at_a_time_segments_as_jieba_loaded_whole(tmp_path, monkeypatch):
    """render/wordfreq.py hands jieba its dictionary from an SQLite copy: every cut must be jieba's own."""
    import random
    import re
    from pathlib import Path

    import jieba

    from site_builder.render.wordbreak import BRIEFING_WORDS
    from site_builder.render.wordfreq import word_frequencies

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # the copy made afresh, here
    frequencies = word_frequencies(jieba)
    assert frequencies is not None and list(tmp_path.glob("site-builder/jieba-*.sqlite"))
    asked = jieba.Tokenizer()
    asked.FREQ, asked.total, asked.initialized = frequencies, frequencies.total, True
    whole = jieba.Tokenizer()
    whole.initialize()
    for word in BRIEFING_WORDS:
        asked.add_word(word)
        whole.add_word(word)
    assert asked.total == whole.total
    # Every Chinese run of the fixture sites' entries, and random strings of their characters (seeded).
    sites = Path(__file__).parent / "sites"
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(sites.rglob("*.zh.md")))
    runs = re.findall(r"[\u3400-\u9fff]+", text)
    assert len(runs) > 100
    characters = sorted(set("".join(runs)))
    chance = random.Random(7)
    runs += ["".join(chance.choice(characters) for _ in range(chance.randint(2, 30))) for _ in range(500)]
    for run in runs:
        for hmm in (True, False):
            assert list(asked.cut(run, HMM=hmm)) == list(whole.cut(run, HMM=hmm)), run


def test_a_damaged_copy_of_the_dictionary_is_made_again(tmp_path, monkeypatch):
    import jieba

    from site_builder.render.wordfreq import word_frequencies

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert word_frequencies(jieba) is not None
    (copy,) = tmp_path.glob("site-builder/jieba-*.sqlite")
    copy.write_bytes(b"not a database")
    assert word_frequencies(jieba) is None  # jieba then loads its dictionary itself
    assert word_frequencies(jieba) is not None and copy.read_bytes().startswith(b"SQLite format 3")
