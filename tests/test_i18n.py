"""i18n: figures, dates and UI strings per language, through Babel and the gettext catalogs."""

from __future__ import annotations

import gettext
import io
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from conftest import REPO_ROOT, TEMPLATES_DIR, TRANSLATIONS_DIR
from jinja2.ext import babel_extract

from site_builder.content.dates import PartialDate, Period
from site_builder.content.languages import html_lang
from site_builder.model.site import Unit
from site_builder.render.i18n import CODE_MESSAGES, QUALIFIERS, Formatter, load_catalog

YUAN = Unit("yuan", "元", "yuan", "yuan", (), True)
KW = Unit("kw", "千瓦", "kW", "kW", ((Decimal(1000000), "GW"), (Decimal(1000), "MW")), True)
PERCENT = Unit("percent", "%", "%", "%", (), False)
PROJECTS = Unit("projects", "个", "project", "projects", (), True)


@pytest.fixture(scope="module")
def zh() -> Formatter:
    return Formatter("zh", load_catalog(TRANSLATIONS_DIR, "zh"))


@pytest.fixture(scope="module")
def en() -> Formatter:
    return Formatter("en", load_catalog(TRANSLATIONS_DIR, "en"))


@pytest.mark.parametrize(("value", "unit", "qualifier", "chinese", "english"), [
    ("310600000000", YUAN, "", "3106亿元", "310.6 billion yuan"),
    ("135000000", KW, "", "1.35亿千瓦", "135 GW"),
    ("2500000", KW, "", "250万千瓦", "2.5 GW"),
    ("500", KW, "", "500千瓦", "500 kW"),
    ("12720000", YUAN, "", "1272万元", "12.72 million yuan"),
    ("1200000000000", YUAN, "", "1.2万亿元", "1.2 trillion yuan"),
    ("12345", YUAN, "", "1.2345万元", "12,345 yuan"),
    ("5.8", PERCENT, "", "5.8%", "5.8%"),
    ("123000", PERCENT, "", "123000%", "123,000%"),
    ("1", PROJECTS, "", "1个", "1 project"),
    ("123", PROJECTS, "", "123个", "123 projects"),
    ("1000000", PROJECTS, "", "100万个", "1 million projects"),
    ("310600000000", YUAN, "about", "约3106亿元", "about 310.6 billion yuan"),
    ("30", PROJECTS, "nearly", "近30个", "nearly 30 projects"),
    ("123", PROJECTS, "over", "超过123个", "over 123 projects"),
    ("78276000000", YUAN, "at-least", "782.76亿元以上", "at least 78.276 billion yuan"),
    ("50000000", YUAN, "up-to", "最多5000万元", "up to 50 million yuan"),
])
def test_amounts(zh, en, value, unit, qualifier, chinese, english):
    assert zh.amount(Decimal(value), unit, qualifier) == chinese
    assert en.amount(Decimal(value), unit, qualifier) == english


def test_every_qualifier_is_translated_into_chinese(zh):
    for key, msgid in QUALIFIERS.items():
        text = zh.amount(Decimal(1), PROJECTS, key)
        assert "1个" in text
        assert text != msgid % {"amount": "1个"}, f"qualifier {key!r} has no Chinese translation"


@pytest.mark.parametrize(("date", "chinese", "english"), [
    (PartialDate(2023, 10, 20), "2023年10月20日", "20 October 2023"),
    (PartialDate(2023, 2, 1), "2023年2月1日", "1 February 2023"),
    (PartialDate(2023, 10), "2023年10月", "October 2023"),
    (PartialDate(2023), "2023年", "2023"),
])
def test_dates(zh, en, date, chinese, english):
    assert zh.date(date) == chinese
    assert en.date(date) == english


def test_periods(zh, en):
    interval = Period(PartialDate(2016, 1), PartialDate(2022, 3))
    assert zh.period(interval) == "2016年1月至2022年3月"
    assert en.period(interval) == "January 2016 – March 2022"
    assert zh.period(Period(PartialDate(2023, 10, 20))) == "2023年10月20日"


def test_html_lang():
    assert html_lang("zh") == "zh-Hans"
    assert html_lang("en") == "en"


def test_ui_strings_come_from_the_catalog(zh, en):
    assert zh.gettext("Home") == "首页"
    assert en.gettext("Home") == "Home"
    assert zh.gettext("(not yet translated)") == "（尚未翻译）"
    assert en.gettext("(not yet translated)") == "(not yet translated)"


def test_missing_catalog_falls_back_to_the_msgid(tmp_path: Path):
    catalog = load_catalog(tmp_path, "zh")
    assert isinstance(catalog, gettext.NullTranslations)
    assert catalog.gettext("Home") == "Home"


def test_fuzzy_translations_never_reach_readers(tmp_path: Path):
    folder = tmp_path / "zh" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Home"\nmsgstr "首页"\n\n'
        '#, fuzzy\nmsgid "Glossary"\nmsgstr "猜的"\n', encoding="utf-8")
    catalog = load_catalog(tmp_path, "zh")
    assert catalog.gettext("Home") == "首页"
    assert catalog.gettext("Glossary") == "Glossary"


def _template_msgids() -> set[str]:
    options = {"trim_blocks": "true", "lstrip_blocks": "true", "extensions": "jinja2.ext.i18n"}
    found = set()
    for path in sorted(TEMPLATES_DIR.rglob("*")):
        if path.suffix in (".html", ".xml"):
            with path.open("rb") as handle:
                for _line, _function, message, _comments in babel_extract(handle, ("_", "gettext", "ngettext"),
                                                                          [], options):
                    found.update(m for m in (message if isinstance(message, tuple) else (message,)) if m)
    return found


def test_every_template_string_and_qualifier_has_a_chinese_translation():
    with (TRANSLATIONS_DIR / "zh" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="zh_Hans_CN")
    translated = set()
    for message in catalog:
        if message.id and not message.fuzzy:
            # A plural message has a tuple of ids (singular, plural) and one string per plural form.
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if all(strings):
                translated.update(ids)
    wanted = _template_msgids() | set(QUALIFIERS.values())
    assert wanted, "no UI strings found in the templates"
    assert sorted(wanted - translated) == []


def test_the_code_declares_every_ui_string_it_translates():
    """depends.py counts CODE_MESSAGES as shown on every page: a string marked elsewhere would be missed."""
    marked = set()
    for path in sorted((REPO_ROOT / "site_builder").rglob("*.py")):
        for _line, message, _comments, _context in extract(
                "python", io.BytesIO(path.read_bytes()), keywords={"N_": None, "_": None, "gettext": None,
                                                                   "ngettext": (1, 2)}):
            marked.add(message if isinstance(message, str) else message[0])
    assert marked == CODE_MESSAGES
