"""dates: partial dates as precise as the source, refused when impossible or written another way."""

from __future__ import annotations

import datetime

import pytest

from site_builder.content.dates import (
    DateFormatError,
    PartialDate,
    Period,
    parse_partial_date,
    parse_period,
    suggest_date,
)


@pytest.mark.parametrize(("text", "expected", "precision", "iso"), [
    ("2023", PartialDate(2023), "year", "2023"),
    ("2023-10", PartialDate(2023, 10), "month", "2023-10"),
    ("2023-10-20", PartialDate(2023, 10, 20), "day", "2023-10-20"),
    ("2024-02-29", PartialDate(2024, 2, 29), "day", "2024-02-29"),
    (" 2023-01 ", PartialDate(2023, 1), "month", "2023-01"),
])
def test_partial_dates(text, expected, precision, iso):
    value = parse_partial_date(text)
    assert value == expected
    assert value.precision == precision
    assert value.iso() == iso


def test_first_day_of_a_partial_date():
    assert parse_partial_date("2023").first_day() == datetime.date(2023, 1, 1)
    assert parse_partial_date("2023-10").first_day() == datetime.date(2023, 10, 1)


def test_partial_dates_sort_year_then_month_then_day():
    ordered = sorted(parse_partial_date(t) for t in ["2023-10-20", "2022", "2023-10", "2023-02-01"])
    assert [d.iso() for d in ordered] == ["2022", "2023-02-01", "2023-10", "2023-10-20"]


@pytest.mark.parametrize(("text", "message"), [
    ("2023-02-30", "'2023-02-30' is not a real date"),
    ("2023-02-29", "'2023-02-29' is not a real date"),
    ("2023-13", "'2023-13' has no month 13"),
    ("2023-00-10", "'2023-00-10' has no month 0"),
    ("2023-10-32", "'2023-10-32' is not a real date"),
])
def test_impossible_dates_are_refused(text, message):
    with pytest.raises(DateFormatError) as caught:
        parse_partial_date(text)
    assert str(caught.value) == message


@pytest.mark.parametrize("text", ["2023/10/20", "2023年10月20日", "20-10-2023", "2023-1-5", "2023-10-20T00:00", "",
                                  "23"])
def test_other_spellings_are_refused(text):
    with pytest.raises(DateFormatError) as caught:
        parse_partial_date(text)
    assert str(caught.value) == f"expected YYYY-MM-DD (or YYYY-MM, YYYY), got '{text}'"


@pytest.mark.parametrize(("text", "suggestion"), [
    ("2023/10/20", "2023-10-20"),
    ("2023年10月20日", "2023-10-20"),
    ("2023年10月", "2023-10"),
    ("2023-1-5", "2023-01-05"),
    ("20/10/2023", "YYYY-MM-DD"),
    ("yesterday", "YYYY-MM-DD"),
])
def test_suggestions(text, suggestion):
    assert suggest_date(text) == suggestion


def test_periods():
    assert parse_period("2023-10-20") == Period(PartialDate(2023, 10, 20))
    interval = parse_period("2016-01/2022-03")
    assert interval == Period(PartialDate(2016, 1), PartialDate(2022, 3))
    assert interval.iso() == "2016-01/2022-03"
    assert parse_period("2023/2023").iso() == "2023/2023"


def test_period_ending_before_it_starts_is_refused():
    with pytest.raises(DateFormatError) as caught:
        parse_period("2022-03/2016-01")
    assert str(caught.value) == "interval '2022-03/2016-01' ends before it starts"


def test_period_with_a_bad_end_is_refused():
    with pytest.raises(DateFormatError) as caught:
        parse_period("2016-01/2022-02-30")
    assert str(caught.value) == "'2022-02-30' is not a real date"
