"""Bar and line charts as inline SVG, drawn by hand.

A council intranet may have no network and no JavaScript: a few rectangles and labels need
no plotting library, render the same in every browser and print sharply. Every text is
cleaned and escaped, and the chart carries a title for screen readers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from decimal import Decimal

from attrs import frozen

from ..i18n.text import html_text

#: Bar charts are drawn narrow and scaled to the page (CSS ``width: 100%``): at a phone's
#: width their 12-unit text stays near 11 pixels, on a desktop the stylesheet caps the size.
_BARS_WIDTH = 400
#: Line charts keep the wider drawing the pages over time were made with.
_WIDTH = 640
_LINE = 15
_BAR = 16
_GAP = 10
_VALUE = 56
#: A label wraps at this many characters (a 12-unit DejaVu Sans line stays inside the
#: drawing) and shows at most this many lines; the full text is the bar's tooltip.
_WRAP = 52
_MAX_LINES = 3
#: At most this many date labels under a line chart; the others are left out.
_MAX_LABELS = 8


@frozen(kw_only=True)
class Bar:
    """One bar: ``value`` drawn inside an outlined ``total`` when there is one."""

    label: str
    value: Decimal
    text: str
    total: Decimal | None = None


def _open(title: str, width: int, height: int) -> str:
    """No fixed width: the stylesheet lets the drawing follow the page, the viewBox keeps
    its proportions."""
    return (
        f'<svg role="img" class="chart" viewBox="0 0 {width} {height}">'
        f"<title>{html_text(title)}</title>"
    )


def _px(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.1")), "f")


def label_lines(text: str) -> list[str]:
    """A label in lines that fit the drawing: wrapped at spaces, long words broken, and
    shortened with an ellipsis past the last line."""
    lines = textwrap.wrap(text, _WRAP) or [""]
    if len(lines) > _MAX_LINES:
        lines = lines[:_MAX_LINES]
        lines[-1] = lines[-1][: _WRAP - 1].rstrip() + "…"
    return lines


def horizontal_bars(title: str, bars: Sequence[Bar]) -> str:
    """A bar per row, its label above it (wrapped, never cut by the drawing's edge), the
    value right of it; the full label and value are each bar's tooltip."""
    top = max([bar.total or bar.value for bar in bars] + [Decimal(0)])
    scale = Decimal(_BARS_WIDTH - _VALUE) / top if top > 0 else Decimal(0)
    parts: list[str] = []
    y = _GAP
    for bar in bars:
        lines = label_lines(bar.label)
        parts.append(f"<g><title>{html_text(f'{bar.label}: {bar.text}')}</title>")
        for line in lines:
            y += _LINE
            parts.append(f'<text x="0" y="{y - 3}">{html_text(line)}</text>')
        y += 2
        if bar.total is not None:
            parts.append(
                f'<rect class="total" x="0.5" y="{y}" width="{_px(bar.total * scale)}" '
                f'height="{_BAR}"/>'
            )
        parts.append(
            f'<rect class="bar" x="0.5" y="{y}" width="{_px(bar.value * scale)}" height="{_BAR}"/>'
        )
        end = (bar.total if bar.total is not None else bar.value) * scale + 6
        parts.append(f'<text x="{_px(end)}" y="{y + _BAR - 3}">{html_text(bar.text)}</text>')
        parts.append("</g>")
        y += _BAR + _GAP
    return _open(title, _BARS_WIDTH, y) + "".join(parts) + "</svg>"


def legend(entries: Sequence[tuple[str, str]]) -> str:
    """A visible key to a chart's marks, as page text: ``(css class, meaning)`` pairs."""
    items = "".join(
        f'<li><svg class="swatch" aria-hidden="true" viewBox="0 0 14 14" width="14" height="14">'
        f'<rect class="{css}" x="1" y="1" width="12" height="12"/></svg> {html_text(text)}</li>'
        for css, text in entries
    )
    return f'<ul class="legend">{items}</ul>'


def columns(title: str, bars: Sequence[Bar], unit: str) -> str:
    """A column per bar, labels below, a value axis from zero named by ``unit``: for a
    sequence in time, such as months."""
    left, plot_top, plot = 34, 28, 150
    height = plot + 34
    step = Decimal(_BARS_WIDTH - left - 4) / max(len(bars), 1)
    top = max([bar.value for bar in bars] + [Decimal(1)])
    scale = Decimal(plot - plot_top) / top
    parts = [_open(title, _BARS_WIDTH, height)]
    parts.append(f'<text x="0" y="12" class="axis">{html_text(unit)}</text>')
    parts.append(
        f'<line class="axis-line" x1="{left}" y1="{plot_top - 8}" x2="{left}" y2="{plot}"/>'
    )
    parts.append(
        f'<line class="axis-line" x1="{left}" y1="{plot}" x2="{_BARS_WIDTH}" y2="{plot}"/>'
    )
    for tick in (Decimal(0), top):
        parts.append(
            f'<text x="{left - 5}" y="{_px(plot - tick * scale)}" dy="4" text-anchor="end" '
            'class="axis">'
            f"{html_text(_px(tick).removesuffix('.0'))}</text>"
        )
    shown = -(-len(bars) // _MAX_LABELS)  # every n-th label, so they never overlap
    for index, bar in enumerate(bars):
        x = left + step * index
        tall = bar.value * scale
        y = plot - tall
        centre = _px(x + step / 2)
        parts.append(
            f'<rect class="bar" x="{_px(x + 4)}" y="{_px(y)}" width="{_px(step - 8)}" '
            f'height="{_px(tall)}"/>'
        )
        parts.append(
            f'<text x="{centre}" y="{_px(y - 4)}" text-anchor="middle">{html_text(bar.text)}</text>'
        )
        if index % shown == 0:
            parts.append(
                f'<text x="{centre}" y="{plot + 16}" text-anchor="middle" class="axis">'
                f"{html_text(bar.label)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


@frozen(kw_only=True)
class Line:
    """One series of a line chart: a value per point, None where there is none (a gap)."""

    name: str
    values: tuple[Decimal | None, ...]
    css: str = "line"


def _polylines(line: Line, xs: Sequence[Decimal], y: Callable[[Decimal], Decimal]) -> list[str]:
    """The line in runs between gaps; a run of one point is a dot."""
    parts: list[str] = []
    run: list[str] = []
    for x, value in [*zip(xs, line.values, strict=True), (Decimal(0), None)]:
        if value is not None:
            run.append(f"{_px(x)},{_px(y(value))}")
            continue
        if len(run) > 1:
            parts.append(f'<polyline class="{line.css}" fill="none" points="{" ".join(run)}"/>')
        elif run:
            cx, cy = run[0].split(",")
            parts.append(f'<circle class="{line.css}" cx="{cx}" cy="{cy}" r="3"/>')
        run = []
    return parts


def line_chart(title: str, labels: Sequence[str], lines: Sequence[Line]) -> str:
    """Lines over a sequence of dates on one scale from zero, a legend above, labels below.

    Values at gaps (a date the registry cannot answer for) are left out, not drawn as zero.
    """
    # Room at either end for half a date label centred under the first and the last point.
    plot_top, plot_bottom, left, right = 30, 190, 50, _WIDTH - 36
    height = plot_bottom + 40
    values = [v for line in lines for v in line.values if v is not None]
    top = max([*values, Decimal(0)])
    scale = Decimal(plot_bottom - plot_top) / top if top > 0 else Decimal(0)
    step = Decimal(right - left) / max(len(labels) - 1, 1)
    xs = [Decimal(left) + step * index for index in range(len(labels))]

    def y(value: Decimal) -> Decimal:
        return plot_bottom - value * scale

    parts = [_open(title, _WIDTH, height)]
    parts.append(
        f'<line class="axis-line" x1="{left}" y1="{plot_bottom}" x2="{right}" y2="{plot_bottom}"/>'
    )
    parts.append(
        f'<text x="{left - 6}" y="{plot_top + 4}" text-anchor="end" class="axis">'
        f"{html_text(_px(top))}</text>"
    )
    parts.append(
        f'<text x="{left - 6}" y="{plot_bottom + 4}" text-anchor="end" class="axis">0</text>'
    )
    for index, line in enumerate(lines):
        legend = left + index * 200
        parts.append(f'<rect class="{line.css}" x="{legend}" y="8" width="14" height="4"/>')
        parts.append(f'<text x="{legend + 20}" y="14">{html_text(line.name)}</text>')
        parts += _polylines(line, xs, y)
    shown = -(-len(labels) // _MAX_LABELS)  # every n-th label, so they never overlap
    for index, (x, text) in enumerate(zip(xs, labels, strict=True)):
        if index % shown:
            continue
        parts.append(
            f'<text x="{_px(x)}" y="{plot_bottom + 18}" text-anchor="middle" class="axis">'
            f"{html_text(text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
