"""Comparisons and histories as tables, text, Markdown and JSON.

One set of tables (:func:`comparison_tables`, :func:`history_tables`) feeds every format, the
HTML page and the workbook included, so each shows the same figures in the same words. A
date the registry cannot answer for shows "–" and a note that says why, never zeros. Like
the key figures, these hold no people: positions by id, schools and carriers by name.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from ..i18n import DEFAULT_LANG, Lang, decimal_text, format_date, message
from ..i18n.labels import label
from ..model import CarrierKind, SchoolForm
from .counts import UNSPECIFIED_FUNDING, KeyFigures
from .report import ReportFormat, markdown_document, report_json, text_document
from .tables import FigureTable, Value, clean, columns
from .timeline import (
    Changes,
    ComparedFigure,
    Comparison,
    Coverage,
    FigureValue,
    History,
    coverage_percent,
)

#: The columns of a history table: the totals, then the coverage the chart draws.
HISTORY_MEASURES = (
    "staff",
    "fte",
    "positions",
    "vacant-positions",
    "vacant-fte",
    "schools",
    "schools-with-social-work",
    "coverage",
)


def coverage_notes(known: Coverage, days: list[date], lang: Lang) -> list[str]:
    """What the reader must know about the dates: undated entries, unanswerable dates."""
    notes = []
    if known.undated_assignments or known.undated_holders:
        notes.append(
            message(
                "figures.undated",
                lang,
                assignments=known.undated_assignments,
                holders=known.undated_holders,
            )
        )
    if known.first is None:
        notes.append(message("figures.cannot-answer.empty", lang))
        return notes
    silent = [format_date(day, lang) for day in days if not known.answers(day)]
    if silent:
        notes.append(
            message(
                "figures.cannot-answer",
                lang,
                count=len(silent),
                dates=", ".join(silent),
                first=known.first,
            )
        )
    return notes


def _value(value: FigureValue | None, lang: Lang) -> Value:
    if value is None:
        return message("figures.unknown-value", lang)
    return clean(value) if isinstance(value, str) else value


def _item_labels(comparison: Comparison, lang: Lang) -> dict[tuple[str, str], str]:
    """How each row of a breakdown is worded, from whichever side has it."""
    labels: dict[tuple[str, str], str] = {}
    for figures in (comparison.earlier_figures, comparison.figures):
        if figures is None:
            continue
        for carrier in figures.by_carrier:
            name = carrier.name
            labels["carriers", carrier.carrier] = (
                message("figures.unknown-carrier", lang) if name is None else clean(name)
            )
        for extra in figures.extra:
            labels["extra", extra.key] = clean(extra.label.render(lang))
    return labels


def _item_label(row: ComparedFigure, labels: dict[tuple[str, str], str], lang: Lang) -> str:
    if row.group == "school-forms":
        return label(SchoolForm(row.item), lang)
    if row.group == "carrier-kinds":
        if row.item == "unknown":
            return message("figures.unknown-kind", lang)
        return label(CarrierKind(row.item), lang)
    if row.group == "funding" and row.item == UNSPECIFIED_FUNDING:
        return message("figures.unspecified-funding", lang)
    return labels.get((row.group, row.item), clean(row.item))


def _change_rows(changes: Changes, lang: Lang) -> tuple[tuple[Value, ...], ...]:
    def word(key: str) -> str:
        return message(f"figures.changes.{key}", lang)

    rows: list[tuple[Value, ...]] = []
    for change in changes.positions:
        aspects = ", ".join(word(f"aspect.{aspect}") for aspect in change.aspects)
        rows.append((word(change.kind), clean(change.position), aspects))
    for key, entries in (
        ("school-gained", changes.schools_gained),
        ("school-lost", changes.schools_lost),
        ("carrier-joined", changes.carriers_joined),
        ("carrier-left", changes.carriers_left),
    ):
        rows += [(word(key), clean(entry.name), "") for entry in entries]
    return tuple(rows)


def changes_table(changes: Changes, lang: Lang) -> FigureTable:
    """The change list as one table: what happened, to which entry, and how."""
    return FigureTable(
        key="changes",
        title=message("figures.section.changes", lang, start=changes.start, end=changes.end),
        header=columns(lang, "change", "item", "detail"),
        rows=_change_rows(changes, lang),
        words=3,
    )


_SECTIONS = {
    "totals": "figures.section.totals",
    "school-forms": "figures.section.school-forms",
    "carriers": "figures.section.carriers",
    "carrier-kinds": "figures.section.carrier-kinds",
    "funding": "figures.section.funding",
    "extra": "figures.section.extra",
}


def comparison_title(comparison: Comparison, lang: Lang) -> str:
    return message(
        "figures.compare.title", lang, earlier=comparison.earlier, as_of=comparison.as_of
    )


def comparison_notes(comparison: Comparison, lang: Lang) -> list[str]:
    days = list(dict.fromkeys([comparison.earlier, comparison.as_of]))
    return coverage_notes(comparison.coverage, days, lang)


def comparison_tables(comparison: Comparison, lang: Lang) -> list[FigureTable]:
    """One table per group of figures (the totals first), then the change list."""
    labels = _item_labels(comparison, lang)
    dates = (format_date(comparison.earlier, lang), format_date(comparison.as_of, lang))
    change = message("figures.column.change", lang)
    tables = []
    body: tuple[tuple[Value, ...], ...]
    for group, title in _SECTIONS.items():
        rows = [row for row in comparison.rows if row.group == group]
        if not rows and group == "extra":
            continue
        if group == "totals":
            header = (*columns(lang, "figure"), *dates, change)
            body = tuple(
                (
                    message(f"figures.column.{row.measure}", lang),
                    _value(row.earlier, lang),
                    _value(row.later, lang),
                    _value(row.change, lang),
                )
                for row in rows
            )
            words = 1
        else:
            header = (*columns(lang, "item", "measure"), *dates, change)
            body = tuple(
                (
                    _item_label(row, labels, lang),
                    message(f"figures.column.{row.measure}", lang),
                    _value(row.earlier, lang),
                    _value(row.later, lang),
                    _value(row.change, lang),
                )
                for row in rows
            )
            words = 2
        tables.append(
            FigureTable(
                key=f"compare-{group}",
                title=message(title, lang),
                header=header,
                rows=body,
                words=words,
                signed=(len(header) - 1,),
            )
        )
    tables.append(changes_table(comparison.changes, lang))
    return tables


def history_title(history: History, lang: Lang) -> str:
    return message("figures.history.title", lang, start=history.start, end=history.end)


def history_notes(history: History, lang: Lang) -> list[str]:
    every = message(f"figures.step.{history.every}", lang)
    steps = message(
        "figures.history.every", lang, start=history.start, end=history.end, every=every
    )
    days = [day for day, _ in history.points]
    return [steps, *coverage_notes(history.coverage, days, lang)]


def history_row(figures: KeyFigures) -> tuple[int | Decimal | None, ...]:
    """The values of :data:`HISTORY_MEASURES` at one date."""
    return (
        figures.staff,
        figures.fte,
        figures.positions,
        figures.vacant_positions,
        figures.vacant_fte,
        figures.schools,
        figures.schools_with_social_work,
        coverage_percent(figures),
    )


def history_tables(history: History, lang: Lang) -> list[FigureTable]:
    """One row per date with the totals and the coverage; "–" where the registry is silent."""
    unknown = message("figures.unknown-value", lang)
    rows: list[tuple[Value, ...]] = []
    for day, figures in history.points:
        if figures is None:
            rows.append((day, *(unknown for _ in HISTORY_MEASURES)))
        else:
            rows.append((day, *(_value(value, lang) for value in history_row(figures))))
    return [
        FigureTable(
            key="history",
            title=message("figures.section.history", lang),
            header=columns(lang, "date", *HISTORY_MEASURES),
            rows=tuple(rows),
            words=0,
        )
    ]


def _json_value(value: FigureValue | None) -> Any:
    return decimal_text(value) if isinstance(value, Decimal) else value


def _coverage_json(known: Coverage) -> dict[str, Any]:
    first = known.first
    return {
        "first": None if first is None else first.isoformat(),
        "undated_assignments": known.undated_assignments,
        "undated_holders": known.undated_holders,
    }


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON: each side as ``report --format json`` gives it (null where the
    registry cannot answer), every figure beside the other, and the change list by id."""
    changes = comparison.changes

    def named(entries: tuple[Any, ...]) -> list[dict[str, str]]:
        return [{"id": entry.id, "name": entry.name} for entry in entries]

    return {
        "as_of": comparison.as_of.isoformat(),
        "earlier": comparison.earlier.isoformat(),
        "figures": None if comparison.figures is None else report_json(comparison.figures),
        "earlier_figures": None
        if comparison.earlier_figures is None
        else report_json(comparison.earlier_figures),
        "compared": [
            {
                "group": row.group,
                "item": row.item,
                "measure": row.measure,
                "earlier": _json_value(row.earlier),
                "later": _json_value(row.later),
                "change": _json_value(row.change),
            }
            for row in comparison.rows
        ],
        "changes": {
            "from": changes.start.isoformat(),
            "to": changes.end.isoformat(),
            "positions": [
                {"position": c.position, "kind": c.kind, "aspects": list(c.aspects)}
                for c in changes.positions
            ],
            "schools_gained": named(changes.schools_gained),
            "schools_lost": named(changes.schools_lost),
            "carriers_joined": named(changes.carriers_joined),
            "carriers_left": named(changes.carriers_left),
        },
        "coverage": _coverage_json(comparison.coverage),
    }


def history_json(history: History) -> dict[str, Any]:
    """The history as JSON: each date's figures as ``report --format json`` gives them, so
    they can be checked against ``report --as-of`` date for date; null where unanswerable."""
    return {
        "from": history.start.isoformat(),
        "to": history.end.isoformat(),
        "every": history.every,
        "points": [
            {
                "as_of": day.isoformat(),
                "figures": None if figures is None else report_json(figures),
            }
            for day, figures in history.points
        ],
        "coverage": _coverage_json(history.coverage),
    }


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_comparison(
    comparison: Comparison, format: ReportFormat, lang: Lang = DEFAULT_LANG
) -> str:
    """The comparison as a ``text``, ``json`` or ``markdown`` document."""
    if format == "json":
        return _dump(comparison_json(comparison))
    title = comparison_title(comparison, lang)
    notes = comparison_notes(comparison, lang)
    tables = comparison_tables(comparison, lang)
    if format == "markdown":
        return markdown_document(title, notes, tables, lang)
    if format == "text":
        return text_document([title, *notes], tables, lang)
    raise ValueError(f"unknown report format {format!r}; use text, json or markdown")


def render_history(history: History, format: ReportFormat, lang: Lang = DEFAULT_LANG) -> str:
    """The history as a ``text``, ``json`` or ``markdown`` document."""
    if format == "json":
        return _dump(history_json(history))
    title = history_title(history, lang)
    notes = history_notes(history, lang)
    tables = history_tables(history, lang)
    if format == "markdown":
        return markdown_document(title, notes, tables, lang)
    if format == "text":
        return text_document([title, *notes], tables, lang)
    raise ValueError(f"unknown report format {format!r}; use text, json or markdown")
