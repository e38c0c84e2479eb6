"""Per-language formatting (Babel) and UI strings (gettext catalogs in translations/)."""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo

from site_builder.content.catalogs import read_catalog
from site_builder.content.dates import PartialDate, Period
from site_builder.content.languages import BABEL_LOCALES, CHINESE, HANT, catalog_path
from site_builder.content.quantities import ENGLISH_SCALES, format_number, scale_by, scale_for_chinese
from site_builder.model.site import Unit


def load_catalog(translations_dir: Path, lang: str) -> gettext.NullTranslations:
    """Compile a language's catalog in memory (no .mo needed)."""
    po_path = catalog_path(translations_dir, lang)
    compiled = _compiled(po_path.read_bytes(), po_path) if po_path.is_file() else None
    return gettext.GNUTranslations(io.BytesIO(compiled)) if compiled is not None else gettext.NullTranslations()


@lru_cache(maxsize=16)
def _compiled(data: bytes, po_path: Path) -> bytes | None:
    # By the file's bytes: a build loads each catalog for every language's pages and PDF, and a live preview
    # compiled the same three catalogs at every save (7 ms of a rebuild of the shipped content).
    catalog = read_catalog(po_path, data)[0]
    # A catalog with problems stops the build at validation (catalogs.py); here it is only left out.
    if catalog is None:
        return None
    buffer = io.BytesIO()
    # Fuzzy strings are left out, as gettext tools do: a fuzzy guess must not reach readers.
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Formatter:
    """Formats dates, periods and figures for one language, with that language's catalog."""

    lang: str
    # site language code
    catalog: gettext.NullTranslations
    # UI strings

    @property
    def locale(self) -> str:
        return BABEL_LOCALES[self.lang]

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def date(self, value: PartialDate) -> str:
        """2023年10月20日 / 20 October 2023, or the month or year alone as known."""
        return _format_partial_date(value, self.locale)

    def period(self, value: Period) -> str:
        """One date, or an interval: 2016年1月至2022年3月 / January 2016 – March 2022."""
        if value.end is None:
            return self.date(value.start)
        return self.gettext(INTERVAL) % {"start": self.date(value.start), "end": self.date(value.end)}

    def amount(self, value: Decimal, unit: Unit, qualifier: str = "") -> str:
        """3106亿元 on Chinese pages, 310.6 billion yuan on English pages."""
        text = (self._chinese_amount(value, unit) if self.lang in CHINESE
                else self._english_amount(value, unit, approximate=qualifier in APPROXIMATE))
        if qualifier:
            text = self.gettext(QUALIFIERS[qualifier]) % {"amount": text}
        return text

    def _chinese_amount(self, value: Decimal, unit: Unit) -> str:
        number, scale = scale_for_chinese(value) if unit.scaled else (value, "")
        word = unit.hant or unit.zh if self.lang == HANT else unit.zh
        if self.lang == HANT:
            scale = scale.replace("万", "萬").replace("亿", "億")
        return f"{format_number(number, self.locale, grouping=False)}{scale}{word}"

    def _english_amount(self, value: Decimal, unit: Unit, approximate: bool = False) -> str:
        # An approximate figure keeps one decimal at most once converted: "about 223.25亿" reads
        # "about 22.3 billion", not a false "about 22.325 billion". Exact figures keep every digit.
        shown = _rounded if approximate else _exact
        if not unit.scaled:
            # A symbol such as % follows the number directly; a word needs a space.
            gap = " " if unit.en_other[:1].isalnum() else ""
            return f"{format_number(shown(value), self.locale, grouping=True)}{gap}{unit.en_other}"
        if unit.en_scales:
            number, symbol = scale_by(value, list(unit.en_scales))
            return f"{format_number(shown(number), self.locale, grouping=True)} {symbol or unit.en_other}"
        number, scale = scale_by(value, ENGLISH_SCALES)
        number = shown(number)
        word = unit.en_one if number == 1 and not scale else unit.en_other
        return " ".join(part for part in (format_number(number, self.locale, grouping=True), scale, word) if part)


def _exact(number: Decimal) -> Decimal:
    return number


def _rounded(number: Decimal) -> Decimal:
    """At most one decimal place, never adding any: 22.325 -> 22.3, 310.6 and 1272 stay."""
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= -1:
        return number
    return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)


@lru_cache(maxsize=65536)
def _format_partial_date(value: PartialDate, locale: str) -> str:
    # Babel's formatting is slow next to everything else on a page, and pages repeat dates: memoise.
    day = value.first_day()
    if value.precision == "day":
        return format_date(day, "long", locale=locale)
    return format_skeleton("yMMMM" if value.precision == "month" else "y", day, locale=locale)


# msgids for figure qualifiers; extracted by Babel from this module.
def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    return message


QUALIFIERS = {
    "about": N_("about %(amount)s"),
    "nearly": N_("nearly %(amount)s"),
    "over": N_("over %(amount)s"),
    "at-least": N_("at least %(amount)s"),
    "below": N_("below %(amount)s"),
    "up-to": N_("up to %(amount)s"),
}
# Qualifiers that say the number itself is rounded.
APPROXIMATE = frozenset({"about", "nearly"})
INTERVAL = N_("%(start)s – %(end)s")
# Every UI string the code (not the templates) translates: a page that shows a figure or a period may
# show any of them (depends.py). tests/test_i18n.py checks that no other module marks one.
CODE_MESSAGES = frozenset({*QUALIFIERS.values(), INTERVAL})
