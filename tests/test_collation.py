"""The glossary's order: Chinese by pinyin, English A–Z without a leading article, grouped by initial."""

from __future__ import annotations

from site_builder.model.site import GlossaryTerm, Text
from site_builder.render.collation import group_by_letter, plain_pinyin


def term(zh: str, en: str) -> GlossaryTerm:
    return GlossaryTerm(en.replace(" ", "-"), zh, en, Text({"zh": "。", "en": "."}))


TERMS = [term("算力", "computing power"), term("新能源", "new energy"), term("“五大任务”", "the five major tasks"),
         term("飞地经济", "enclave economy"), term("绿电", "green power"), term("重庆", "Chongqing")]


def test_chinese_terms_follow_pinyin_and_ignore_punctuation():
    groups = group_by_letter(TERMS, "zh")
    assert [(g.letter, [t.zh for t in g.terms]) for g in groups] == [
        ("C", ["重庆"]), ("F", ["飞地经济"]), ("L", ["绿电"]), ("S", ["算力"]), ("W", ["“五大任务”"]),
        ("X", ["新能源"])]


def test_english_terms_go_a_to_z_without_their_article():
    groups = group_by_letter(TERMS, "en")
    assert [(g.letter, [t.en for t in g.terms]) for g in groups] == [
        ("C", ["Chongqing", "computing power"]), ("E", ["enclave economy"]), ("F", ["the five major tasks"]),
        ("G", ["green power"]), ("N", ["new energy"])]


def test_pinyin_for_the_filter_has_no_tones_or_spaces():
    assert plain_pinyin("新能源") == "xinnengyuan"


def test_a_headword_that_starts_with_a_digit_files_under_other():
    groups = group_by_letter([term("5G基站", "5G base stations"), *TERMS], "en")
    assert (groups[0].letter, groups[0].anchor) == ("#", "letter-other")
    assert groups[1].anchor == "letter-C"
