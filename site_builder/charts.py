"""Bar charts drawn at build time as inline SVG: no client-side library, readable without script."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from markupsafe import Markup

from site_builder.i18n import Formatter, html_lang
from site_builder.model import Chart

WIDTH = 480
ROW = 56
LABEL_GAP = 20
BAR_HEIGHT = 22
VALUE_ROOM = 140
MARGIN = 8


def render_bar_chart(chart: Chart, fmt: Formatter) -> Markup:
    """Draw a horizontal bar chart: a label above each bar, the formatted value after it."""
    lang = fmt.lang
    largest = max(bar.figure.value for bar in chart.bars) or Decimal(1)
    height = MARGIN * 2 + ROW * len(chart.bars)
    title_id, desc_id = f"chart-{chart.key}-title", f"chart-{chart.key}-desc"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" lang="{html_lang(lang)}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(chart.title[lang])}</title>',
        f'<desc id="{desc_id}">{escape(chart.description[lang])}</desc>',
    ]
    for index, bar in enumerate(chart.bars):
        top = MARGIN + index * ROW
        length = float(bar.figure.value / largest) * (WIDTH - VALUE_ROOM - MARGIN)
        value = fmt.amount(bar.figure.value, bar.figure.unit, bar.figure.qualifier)
        parts.append(f'<text class="chart__label" x="{MARGIN}" y="{top + 14}">{escape(bar.label[lang])}</text>')
        parts.append(f'<rect class="chart__bar" x="{MARGIN}" y="{top + LABEL_GAP}" width="{max(length, 2):.1f}" '
                     f'height="{BAR_HEIGHT}" rx="2"></rect>')
        parts.append(f'<text class="chart__value" x="{MARGIN + max(length, 2) + 8:.1f}" '
                     f'y="{top + LABEL_GAP + 16}">{escape(value)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
