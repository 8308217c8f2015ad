"""Charts of the region dashboard, drawn on the server as SVG: no script, no library,
nothing fetched from anywhere.

Each chart is an image with a name: ``role="img"`` and ``aria-labelledby`` pointing at
its ``<title>`` and a ``<desc>`` that says what it shows and where the largest value
is. The figures themselves are in an HTML table next to every chart (the templates put
it there), which is what a screen reader or a keyboard user reads: the chart is for
the eye, the table for everyone.

Colours come from classes (static/css/oversight.css), never inline styles: the
Content Security Policy allows no ``style`` attributes. The drawing is sized in a
``viewBox`` about as wide as a phone, so the text stays readable when it is scaled
down to 360 px and does not grow huge on a desktop (the CSS caps the width).
"""

from django.utils.dateformat import format as date_format
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from regions.oversight_counts import Figure

WIDTH = 340
FONT = 13


def _number(value):
    return number_format(value, force_grouping=True)


def _as_figure(value):
    return value if isinstance(value, Figure) else Figure(int(value))


def _svg(chart_id, title, description, height, body):
    return mark_safe(  # noqa: S308 (every text in it went through escape())
        f'<svg class="oversight-chart__svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"{body}</svg>"
    )


def bar_chart(*, chart_id, title, rows):
    """Horizontal bars, one per ``(label, count or Figure)``, the label above its bar
    (long topic names fit on a phone). A count that may not be shown ("under 3",
    hidden) gets no bar, only its words."""
    rows = [(label, _as_figure(value)) for label, value in rows]
    shown = [figure.shown for _label, figure in rows if figure.shown is not None]
    largest = max(shown, default=0)
    row_height, bar_height, top = 38, 14, 4
    value_room = 64
    scale = (WIDTH - value_room) / largest if largest else 0
    parts = []
    for index, (label, figure) in enumerate(rows):
        y = top + index * row_height
        parts.append(f'<text class="chart-label" x="0" y="{y + FONT}">{escape(label)}</text>')
        bar_y = y + FONT + 6
        if figure.shown is None:
            parts.append(
                f'<text class="chart-value chart-value--muted" x="0" y="{bar_y + bar_height - 2}">'
                f"{escape(str(figure))}</text>"
            )
            continue
        width = round(figure.shown * scale, 1)
        if width:
            parts.append(
                f'<rect class="chart-bar" x="0" y="{bar_y}" width="{width}" '
                f'height="{bar_height}"></rect>'
            )
        parts.append(
            f'<text class="chart-value" x="{width + 5}" y="{bar_y + bar_height - 2}">'
            f"{escape(str(figure))}</text>"
        )
    height = top + len(rows) * row_height + 2
    if largest:
        top_labels = [label for label, figure in rows if figure.shown == largest]
        description = gettext("Bar chart. Largest: %(labels)s, %(count)s.") % {
            "labels": ", ".join(top_labels),
            "count": _number(largest),
        }
    else:
        description = gettext("Bar chart. Nothing to count yet.")
    description += " " + gettext("The figures are in the table with the chart.")
    return _svg(chart_id, title, description, height, "".join(parts))


def month_label(month, *, short=False):
    """ "Dec 2025" (in the active language), or only "Dec" with ``short``."""
    return date_format(month, "M" if short else "M Y")


def column_chart(*, chart_id, title, months, values):
    """Twelve columns, one per month, with the count on top of each and the months
    (and the year where it starts) underneath."""
    values = [int(value) for value in values]
    largest = max(values, default=0)
    left, right, top, plot_height = 4, 4, 18, 120
    slot = (WIDTH - left - right) / max(len(values), 1)
    column = slot * 0.7
    scale = plot_height / largest if largest else 0
    base = top + plot_height
    parts = [
        f'<line class="chart-axis" x1="{left}" x2="{WIDTH - right}" y1="{base}" y2="{base}"></line>'
    ]
    for index, (month, value) in enumerate(zip(months, values, strict=True)):
        x = left + index * slot + (slot - column) / 2
        centre = round(x + column / 2, 1)
        height = round(value * scale, 1)
        if height:
            parts.append(
                f'<rect class="chart-bar" x="{round(x, 1)}" y="{round(base - height, 1)}" '
                f'width="{round(column, 1)}" height="{height}"></rect>'
            )
        parts.append(
            f'<text class="chart-value chart-value--small" x="{centre}" '
            f'y="{round(base - height - 4, 1)}" text-anchor="middle">{_number(value)}</text>'
        )
        parts.append(
            f'<text class="chart-label chart-label--small" x="{centre}" y="{base + 14}" '
            f'text-anchor="middle">{escape(month_label(month, short=True))}</text>'
        )
        if index == 0 or month.month == 1:
            parts.append(
                f'<text class="chart-label chart-label--small" x="{centre}" y="{base + 28}" '
                f'text-anchor="middle">{month.year}</text>'
            )
    if largest:
        peak = [month_label(m) for m, v in zip(months, values, strict=True) if v == largest]
        description = gettext(
            "Column chart by month, %(first)s to %(last)s. Highest: %(months)s, %(count)s."
        ) % {
            "first": month_label(months[0]),
            "last": month_label(months[-1]),
            "months": ", ".join(peak),
            "count": _number(largest),
        }
    else:
        description = gettext("Column chart by month, %(first)s to %(last)s: none yet.") % {
            "first": month_label(months[0]),
            "last": month_label(months[-1]),
        }
    description += " " + gettext("The figures are in the table with the chart.")
    return _svg(chart_id, title, description, base + 34, "".join(parts))
