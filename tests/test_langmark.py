"""Marking the other language's fragments, and the escaping under it: the quick paths give what the plain
definitions give, for any text."""

from __future__ import annotations

import gettext

from hypothesis import example, given
from hypothesis import strategies as st
from markupsafe import escape

from site_builder.content.languages import CHINESE
from site_builder.render.escaping import escape_text
from site_builder.render.langmark import _CHINESE_RUN, _ENGLISH_RUN, mark_lang, mark_lang_html
from site_builder.render.recording import RecordingEnvironment, RecordingTranslations, install_translations

# Han words, CJK punctuation, Latin words and separators, numbers, and what escaping must replace.
_TOKENS = ["内蒙古", "广", "，", "。", "“", "）", "a", "GW", "Inner", "o'", "Bay", "’s", "-", " ", ",", ";", ":", "&",
           "30", "2.5", ".", "%", "<", ">", '"', "'", "\n"]
_MIXED = st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join)
_LANGS = st.sampled_from(["zh", "zh-Hant", "en"])


def _marked_by_definition(text: str, lang: str) -> str:
    """Every run the language's pattern finds wrapped in a span, everything escaped by markupsafe."""
    pattern, other = (_ENGLISH_RUN, "en") if lang in CHINESE else (_CHINESE_RUN, "zh-Hans")
    pieces, start = [], 0
    for match in pattern.finditer(text):
        pieces += [str(escape(text[start:match.start()])), f'<span lang="{other}">{escape(match.group(0))}</span>']
        start = match.end()
    return "".join([*pieces, str(escape(text[start:]))])


@given(st.text())
def test_escaping_replaces_what_markupsafe_replaces(text):
    assert escape_text(text) == str(escape(text))


@given(_MIXED, _LANGS)
@example("见 a, b; c 一文", "zh")  # the shortest English run: three one-letter words
def test_marking_wraps_every_run_of_the_other_language_and_escapes_the_rest(text, lang):
    assert mark_lang(text, lang) == _marked_by_definition(text, lang)


@given(st.lists(_MIXED, max_size=4), _LANGS)
def test_marking_html_touches_only_the_text_between_tags(texts, lang):
    markup = "".join(f'<p class="x">{escape(text)}</p>' for text in texts)
    assert mark_lang_html(markup, lang) == "".join(f'<p class="x">{_marked_by_definition(text, lang)}</p>'
                                                   for text in texts)


def test_a_ui_string_without_variables_keeps_its_escaped_percent_signs_as_formatting_would():
    env = RecordingEnvironment(autoescape=True, extensions=["jinja2.ext.i18n"])
    install_translations(env, RecordingTranslations(gettext.NullTranslations(), "en", env))
    template = env.from_string('{{ _("Plain & <b>") }}|{{ _("Up 5%%") }}|{{ _("%(n)s%% of it", n="<i>") }}')
    assert template.render() == "Plain & <b>|Up 5%|&lt;i&gt;% of it"
