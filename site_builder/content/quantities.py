"""Figures' values: read as written in Chinese sources, shown in each locale's units.

One stored value (a Decimal in base units: yuan, kW, kWh, …) is shown on Chinese
pages scaled by 万亿 / 亿 / 万 and on English pages by trillion / billion / million,
or by SI prefixes for units that have them (kW -> MW -> GW).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal

CHINESE_MULTIPLIERS = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}
CHINESE_SCALES = [(Decimal(10) ** 12, "万亿"), (Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")]
ENGLISH_SCALES = [(Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")]

MAX_DIGITS = 20
_VALUE = re.compile(r"^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(万亿|亿|万)?\s*$")


def parse_value(raw: object) -> Decimal:
    """Read `3106亿`, `782.76亿`, `1272万`, `123` or `5.8` into an exact Decimal."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise ValueError(f"expected a number such as 3106亿 or 12.5, got {raw!r}")
    match = _VALUE.match(str(raw))
    digits = len(match.group(1).lstrip("-").replace(".", "")) if match else 0
    if digits > MAX_DIGITS:
        # Beyond Decimal's 28 digits of precision, scaling and formatting fail; no real figure comes close.
        raise ValueError(f"a number of {digits:,} digits; at most {MAX_DIGITS} are allowed")
    if not match:
        raise ValueError(f"expected a number such as 3106亿 or 12.5, got '{raw}'")
    try:
        number = Decimal(match.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise ValueError(f"'{raw}' is not a number") from None
    multiplier = CHINESE_MULTIPLIERS.get(match.group(2) or "", Decimal(1))
    return number * multiplier


def scale_for_chinese(value: Decimal) -> tuple[Decimal, str]:
    """Pick 万亿, 亿 or 万 so the number reads as a Chinese reporter writes it."""
    for factor, word in CHINESE_SCALES:
        if abs(value) >= factor:
            return value / factor, word
    return value, ""


def scale_by(value: Decimal, scales: list[tuple[Decimal, str]]) -> tuple[Decimal, str]:
    """Pick the largest scale the value reaches; ("", value) when none."""
    for factor, word in scales:
        if abs(value) >= factor:
            return value / factor, word
    return value, ""


def format_number(value: Decimal, locale: str, grouping: bool) -> str:
    """Format exactly, with as many decimals as the value has and no trailing zeros."""
    value = value.normalize()
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    pattern = ("#,##0" if grouping else "0") + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale)
