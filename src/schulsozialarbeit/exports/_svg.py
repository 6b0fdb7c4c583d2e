"""Bar charts as inline SVG, drawn by hand.

A council intranet may have no network and no JavaScript: a few rectangles and labels need
no plotting library, render the same in every browser and print sharply. Every text is
cleaned and escaped, and the chart carries a title for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from attrs import frozen

from ..i18n.text import html_text

_WIDTH = 640
_LABEL = 230
_BAR = 20
_GAP = 8
_VALUE = 70


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
