"""Dates as precise as the source gives them: a year, a month or a day."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

# ASCII digits only: \d would also accept full-width ２０２３.
_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    # four-digit year
    month: int = 0
    # 1-12, or 0 when only the year is known
    day: int = 0
    # 1-31, or 0 when only the month (or year) is known

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """Return the valid HTML `datetime` string: 2023, 2023-10 or 2023-10-20."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)


@dataclass(frozen=True, slots=True)
class Period:
    """A span of time that a figure covers: one partial date, or START/END."""

    start: PartialDate
    # the date itself, or the start of the interval
    end: PartialDate | None = None
    # the end of the interval, None for a single date

    def iso(self) -> str:
        return self.start.iso() if self.end is None else f"{self.start.iso()}/{self.end.iso()}"


class DateFormatError(ValueError):
    """A date string that is not YYYY, YYYY-MM or YYYY-MM-DD, or not a real date."""


def parse_partial_date(text: str) -> PartialDate:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD, refusing impossible dates like 2023-02-30."""
    match = _DATE.match(text.strip())
    if not match:
        raise DateFormatError(f"expected YYYY-MM-DD (or YYYY-MM, YYYY), got '{text}'")
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if match.group(2) and not 1 <= month <= 12:
        raise DateFormatError(f"'{text}' has no month {month}")
    if day:
        try:
            datetime.date(year, month, day)
        except ValueError:
            raise DateFormatError(f"'{text}' is not a real date") from None
    return PartialDate(year, month, day)


def parse_period(text: str) -> Period:
    """Parse a partial date or an interval START/END with START before END."""
    if "/" not in text:
        return Period(parse_partial_date(text))
    start_text, _, end_text = text.partition("/")
    start, end = parse_partial_date(start_text), parse_partial_date(end_text)
    if end.first_day() < start.first_day():
        raise DateFormatError(f"interval '{text}' ends before it starts")
    return Period(start, end)


def suggest_date(text: str) -> str:
    """Guess the intended ISO form of a date written another way (2023/10/20, 2023年10月20日)."""
    numbers = re.findall(r"\d+", text)
    if 1 <= len(numbers) <= 3 and len(numbers[0]) == 4:
        return "-".join([numbers[0]] + [n.zfill(2) for n in numbers[1:]])
    return "YYYY-MM-DD"
