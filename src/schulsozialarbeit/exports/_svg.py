"""Bar and line charts as inline SVG, drawn by hand.

A council intranet may have no network and no JavaScript: a few rectangles and labels need
no plotting library, render the same in every browser and print sharply. Every text is
cleaned and escaped, and the chart carries a title for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from attrs import frozen

from ..i18n.text import html_text

_WIDTH = 640
_LABEL = 230
_BAR = 20
_GAP = 8
_VALUE = 70
#: At most this many date labels under a line chart; the others are left out.
_MAX_LABELS = 8


@frozen(kw_only=True)
class Bar:
    """One bar: ``value`` drawn over ``total`` (a lighter bar behind it) when there is one."""

    label: str
    value: Decimal
    text: str
    total: Decimal | None = None


def _open(title: str, height: int) -> str:
    return (
        f'<svg role="img" width="{_WIDTH}" '
        f'height="{height}" viewBox="0 0 {_WIDTH} {height}">'
        f"<title>{html_text(title)}</title>"
    )


def _scale(bars: Sequence[Bar]) -> Decimal:
    top = max([bar.total or bar.value for bar in bars] + [Decimal(0)])
    return Decimal(_WIDTH - _LABEL - _VALUE) / top if top > 0 else Decimal(0)


def _px(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.1")), "f")


def horizontal_bars(title: str, bars: Sequence[Bar]) -> str:
    """A bar per row, label on the left, value on the right."""
    height = max(len(bars), 1) * (_BAR + _GAP) + _GAP
    scale = _scale(bars)
    parts = [_open(title, height)]
    for index, bar in enumerate(bars):
        y = _GAP + index * (_BAR + _GAP)
        middle = y + _BAR // 2 + 5
        parts.append(
            f'<text x="{_LABEL - 8}" y="{middle}" text-anchor="end">{html_text(bar.label)}</text>'
        )
        if bar.total is not None:
            parts.append(
                f'<rect class="total" x="{_LABEL}" y="{y}" width="{_px(bar.total * scale)}" '
                f'height="{_BAR}"/>'
            )
        width = bar.value * scale
        parts.append(
            f'<rect class="bar" x="{_LABEL}" y="{y}" width="{_px(width)}" height="{_BAR}"/>'
        )
        end = _LABEL + (bar.total if bar.total is not None else bar.value) * scale + 6
        parts.append(f'<text x="{_px(end)}" y="{middle}">{html_text(bar.text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def columns(title: str, bars: Sequence[Bar]) -> str:
    """A column per bar, labels below: for a sequence in time, such as months."""
    plot = 160
    height = plot + 50
    step = Decimal(_WIDTH - 20) / max(len(bars), 1)
    top = max([bar.value for bar in bars] + [Decimal(0)])
    scale = Decimal(plot - 20) / top if top > 0 else Decimal(0)
    parts = [_open(title, height)]
    for index, bar in enumerate(bars):
        x = 10 + step * index
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
        parts.append(
            f'<text x="{centre}" y="{plot + 18}" text-anchor="middle" class="axis">'
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
    plot_top, plot_bottom, left, right = 30, 190, 50, _WIDTH - 20
    height = plot_bottom + 40
    values = [v for line in lines for v in line.values if v is not None]
    top = max([*values, Decimal(0)])
    scale = Decimal(plot_bottom - plot_top) / top if top > 0 else Decimal(0)
    step = Decimal(right - left) / max(len(labels) - 1, 1)
    xs = [Decimal(left) + step * index for index in range(len(labels))]

    def y(value: Decimal) -> Decimal:
        return plot_bottom - value * scale

    parts = [_open(title, height)]
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
