"""The key figures as typed tables: one source for every output that shows them.

The text and Markdown reports format each cell for people; a spreadsheet keeps numbers it
can sum and an HTML table values it can sort by. Titles and column words come from the
catalogue, so every output names the figures alike.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from attrs import frozen

from ..i18n import Lang, message
from ..i18n.labels import label
from ..model.staffing import ENDING_SOON_MONTHS
from .counts import UNSPECIFIED_FUNDING, CarrierFigures, KeyFigures

Value = str | int | Decimal | date


@frozen(kw_only=True)
class FigureTable:
    """A titled table; the first ``words`` columns are words, the rest numbers or dates.

    The columns in ``signed`` are changes: people read them with a sign (``+2``), while a
    spreadsheet keeps the plain number.
    """

    key: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    words: int = 1
    note: str | None = None
    signed: tuple[int, ...] = ()


def columns(lang: Lang, *keys: str) -> tuple[str, ...]:
    return tuple(message(f"figures.column.{key}", lang) for key in keys)


def signed_text(text: str, value: Value) -> str:
    """A change as people read it: ``+2`` for a rise; a fall has its minus already."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool) and value > 0:
        return f"+{text}"
    return text


def clean(text: str) -> str:
    """One line: a name with a line break must not break a table row."""
    return " ".join(text.split())


def _by_fte(rows: tuple[CarrierFigures, ...]) -> list[CarrierFigures]:
    """Largest share first, as a council reads who carries the work; the unknown carrier,
    a registry error, last."""
    return sorted(rows, key=lambda row: (row.name is None, -row.fte, -row.positions))


def figure_tables(figures: KeyFigures, lang: Lang) -> list[FigureTable]:
    unknown_kind = message("figures.unknown-kind", lang)
    funding_total = sum(row.positions for row in figures.by_funding)
    return [
        FigureTable(
            key="school-forms",
            title=message("figures.section.school-forms", lang),
            header=columns(lang, "school-form", "schools", "schools-with-social-work", "fte"),
            rows=tuple(
                (label(row.form, lang), row.schools, row.schools_with_social_work, row.fte)
                for row in figures.by_school_form
            ),
        ),
        FigureTable(
            key="carriers",
            title=message("figures.section.carriers", lang),
            header=columns(lang, "carrier", "carrier-kind", "positions", "staff", "fte"),
            rows=tuple(
                (
                    message("figures.unknown-carrier", lang)
                    if row.name is None
                    else clean(row.name),
                    unknown_kind if row.kind is None else label(row.kind, lang),
                    row.positions,
                    row.staff,
                    row.fte,
                )
                for row in _by_fte(figures.by_carrier)
            ),
            words=2,
        ),
        FigureTable(
            key="carrier-kinds",
            title=message("figures.section.carrier-kinds", lang),
            header=columns(lang, "carrier-kind", "positions", "staff", "fte"),
            rows=tuple(
                (
                    unknown_kind if row.kind is None else label(row.kind, lang),
                    row.positions,
                    row.staff,
                    row.fte,
                )
                for row in figures.by_carrier_kind
            ),
        ),
        FigureTable(
            key="funding",
            title=message("figures.section.funding", lang),
            header=columns(lang, "funding", "positions", "fte"),
            rows=tuple(
                (
                    message("figures.unspecified-funding", lang)
                    if row.source == UNSPECIFIED_FUNDING
                    else clean(row.source),
                    row.positions,
                    row.fte,
                )
                for row in figures.by_funding
            ),
            note=message("figures.funding-counted-twice", lang)
            if funding_total > figures.positions
            else None,
        ),
        FigureTable(
            key="vacancies",
            title=message("figures.section.vacancies", lang),
            header=columns(lang, "positions", "vacant-positions", "vacant-fte"),
            rows=((figures.positions, figures.vacant_positions, figures.vacant_fte),),
            words=0,
        ),
        FigureTable(
            key="ending",
            title=message("figures.section.ending", lang, months=ENDING_SOON_MONTHS),
            header=columns(lang, "position", "served-schools", "end", "fte"),
            rows=tuple(
                (clean(row.position), ", ".join(clean(s) for s in row.schools), row.end, row.fte)
                for row in figures.ending_soon
            ),
            words=2,
        ),
        *_extra(figures, lang),
    ]


def _extra(figures: KeyFigures, lang: Lang) -> list[FigureTable]:
    """Plugins' figures, when there are any: label and value."""
    if not figures.extra:
        return []
    rows = tuple(
        (
            clean(row.label.render(lang)),
            clean(row.value) if isinstance(row.value, str) else row.value,
        )
        for row in figures.extra
    )
    return [
        FigureTable(
            key="extra",
            title=message("figures.section.extra", lang),
            header=columns(lang, "figure", "value"),
            rows=rows,
        )
    ]
