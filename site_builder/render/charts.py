"""Bar charts drawn at build time as inline SVG: no client-side library, readable without script."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from html import escape

from markupsafe import Markup

from site_builder.content.languages import CHINESE, html_lang
from site_builder.model.site import Chart
from site_builder.render.i18n import Formatter

# Drawn at about the width of a phone's text column, so that on a phone the text is shown at its own size.
WIDTH = 360
MARGIN = 4
LABEL_SIZE = 13
LABEL_LINE = 17
VALUE_SIZE = 14
BAR_HEIGHT = 20
BAR_GAP = 4
ROW_GAP = 14


def render_bar_chart(chart: Chart, fmt: Formatter) -> Markup:
    """Draw a horizontal bar chart: a label above each bar (wrapped to fit), the formatted value after it."""
    lang = fmt.lang
    largest = max(bar.figure.value for bar in chart.bars) or Decimal(1)
    values = [fmt.amount(bar.figure.value, bar.figure.unit, bar.figure.qualifier) for bar in chart.bars]
    # The longest bar leaves room for the widest value, so no value runs off the edge.
    room = max(text_width(value, VALUE_SIZE, bold=True) for value in values) + 8
    longest = WIDTH - 2 * MARGIN - room
    rows, top = [], MARGIN
    if chart.total is not None:
        # The total is what the bars add up to: a line of text above them, not a bar among its parts.
        total = fmt.amount(chart.total.figure.value, chart.total.figure.unit, chart.total.figure.qualifier)
        text = f"{chart.total.label[lang]}{'：' if lang in CHINESE else ': '}{total}"
        rows.append(f'<text class="chart__total" x="{MARGIN}" y="{top + VALUE_SIZE}">{escape(text)}</text>')
        top += VALUE_SIZE + ROW_GAP
    for bar, value in zip(chart.bars, values, strict=True):
        lines = wrap_text(bar.label[lang], WIDTH - 2 * MARGIN, LABEL_SIZE)
        for number, line in enumerate(lines):
            rows.append(f'<text class="chart__label" x="{MARGIN}" y="{top + LABEL_LINE * (number + 1) - 4}">'
                        f'{escape(line)}</text>')
        bar_top = top + LABEL_LINE * len(lines) + BAR_GAP
        length = max(float(bar.figure.value / largest) * longest, 2)
        rows.append(f'<rect class="chart__bar" x="{MARGIN}" y="{bar_top}" width="{length:.1f}" '
                    f'height="{BAR_HEIGHT}" rx="2"></rect>')
        rows.append(f'<text class="chart__value" x="{MARGIN + length + 6:.1f}" y="{bar_top + BAR_HEIGHT - 5}">'
                    f'{escape(value)}</text>')
        top = bar_top + BAR_HEIGHT + ROW_GAP
    height = top - ROW_GAP + MARGIN
    title_id, desc_id = f"chart-{chart.key}-title", f"chart-{chart.key}-desc"
    head = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" lang="{html_lang(lang)}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(chart.title[lang])}</title>',
        f'<desc id="{desc_id}">{escape(chart.description[lang])}</desc>',
    ]
    return Markup("".join(head + rows + ["</svg>"]))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of the drawn width: full size for CJK characters, about 0.6 em for the rest."""
    narrow = 0.64 if bold else 0.58
    return sum(size if unicodedata.east_asian_width(char) in "WF" else size * narrow for char in text)


def wrap_text(text: str, width: float, size: float) -> list[str]:
    """Break a label into lines no wider than width: between words, or between any two CJK characters."""
    tokens: list[str] = []
    for char in text:
        wide = unicodedata.east_asian_width(char) in "WF"
        if wide or char == " " or not tokens or tokens[-1] == " " or _is_wide(tokens[-1][-1]):
            tokens.append(char)
        else:
            tokens[-1] += char
    lines, line = [], ""
    for token in tokens:
        if line and text_width((line + token).rstrip(), size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"
