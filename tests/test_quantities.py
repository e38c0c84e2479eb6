"""quantities: values read as Chinese sources write them, scaled for each language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from site_builder.content.quantities import (
    ENGLISH_SCALES,
    format_number,
    parse_value,
    scale_by,
    scale_for_chinese,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("3106亿", Decimal("310600000000")),
    ("1.35亿", Decimal("135000000")),
    ("782.76亿", Decimal("78276000000")),
    ("1272万", Decimal("12720000")),
    ("1.2万亿", Decimal("1200000000000")),
    ("123", Decimal("123")),
    (" 5.8 ", Decimal("5.8")),
    (123, Decimal("123")),
    (12.5, Decimal("12.5")),
    (782.76, Decimal("782.76")),
    ("-3", Decimal("-3")),
])
def test_parse_value_is_exact(raw, expected):
    value = parse_value(raw)
    assert value == expected
    assert isinstance(value, Decimal)


@pytest.mark.parametrize("raw", ["3,106", "3106 亿元", "约3106亿", "1e5", "亿", "", "inf", "1.2.3", True, None, [1]])
def test_parse_value_refuses_anything_else(raw):
    with pytest.raises(ValueError) as caught:
        parse_value(raw)
    assert str(caught.value).startswith("expected a number such as 3106亿 or 12.5, got ")


@pytest.mark.parametrize(("value", "number", "word"), [
    ("310600000000", "3106", "亿"),
    ("135000000", "1.35", "亿"),
    ("1200000000000", "1.2", "万亿"),
    ("12720000", "1272", "万"),
    ("9999", "9999", ""),
    ("100000000", "1", "亿"),
])
def test_chinese_scale(value, number, word):
    scaled, scale = scale_for_chinese(Decimal(value))
    assert (scaled, scale) == (Decimal(number), word)


@pytest.mark.parametrize(("value", "number", "word"), [
    ("310600000000", "310.6", "billion"),
    ("12720000", "12.72", "million"),
    ("1200000000000", "1.2", "trillion"),
    ("999999", "999999", ""),
])
def test_english_scale(value, number, word):
    assert scale_by(Decimal(value), ENGLISH_SCALES) == (Decimal(number), word)


def test_si_scales_pick_the_largest_reached():
    scales = [(Decimal(1000000), "GW"), (Decimal(1000), "MW")]
    assert scale_by(Decimal("135000000"), scales) == (Decimal(135), "GW")
    assert scale_by(Decimal("2500"), scales) == (Decimal("2.5"), "MW")
    assert scale_by(Decimal("500"), scales) == (Decimal(500), "")


@pytest.mark.parametrize(("value", "locale", "grouping", "expected"), [
    ("3106", "zh_Hans_CN", False, "3106"),
    ("310.6", "en_GB", True, "310.6"),
    ("12345", "en_GB", True, "12,345"),
    ("1.3500", "en_GB", True, "1.35"),
    ("78.276", "zh_Hans_CN", False, "78.276"),
    ("3.106E+11", "en_GB", True, "310,600,000,000"),
    ("0.125", "en_GB", False, "0.125"),
])
def test_format_number_keeps_every_decimal_and_no_trailing_zero(value, locale, grouping, expected):
    assert format_number(Decimal(value), locale, grouping) == expected


@pytest.mark.parametrize(("raw", "unit", "qualifier", "zh", "en"), [
    # An approximate figure converted to English keeps three significant digits, no false precision.
    ("223.25亿", "yuan", "about", "约223.25亿元", "about 22.3 billion yuan"),
    ("1272万", "kw", "nearly", "近1272万千瓦", "nearly 12.7 GW"),
    # An exact one keeps every digit it was given; rounding never touches whole numbers.
    ("782.76亿", "yuan", "", "782.76亿元", "78.276 billion yuan"),
    ("1272", "yuan", "about", "约1272元", "about 1,272 yuan"),
    ("30", "yuan", "nearly", "近30元", "nearly 30 yuan"),
])
def test_english_conversions_of_approximate_figures_show_no_false_precision(raw, unit, qualifier, zh, en):
    from pathlib import Path

    from site_builder.model.site import Unit
    from site_builder.render.i18n import Formatter, load_catalog

    translations = Path(__file__).resolve().parent.parent / "translations"
    units = {"yuan": Unit("yuan", "元", "yuan", "yuan", (), True),
             "kw": Unit("kw", "千瓦", "kW", "kW", ((Decimal(10**6), "GW"), (Decimal(1000), "MW")), True)}
    value = parse_value(raw)
    assert Formatter("zh", load_catalog(translations, "zh")).amount(value, units[unit], qualifier) == zh
    assert Formatter("en", load_catalog(translations, "en")).amount(value, units[unit], qualifier) == en
