"""The key figures as one self-contained HTML5 page for a council's intranet or printer.

Everything is inside the file: styles, charts (inline SVG), no script, no font, no link to
anywhere, so it works offline and leaks nothing to a third party when opened. Tables can be
re-sorted without JavaScript: each one is followed by ``<details>`` blocks holding the same
rows sorted by each other column. Print styles fit A4 and leave the alternatives out.

Every text from the registry or the catalogue is cleaned of characters HTML cannot carry
and escaped, by :func:`~schulsozialarbeit.i18n.text.html_text`, as for CSV and XLSX. At the
``public`` level the page names no staff; at ``internal`` the table of ending positions also
names each holder, which is what an office needs to plan follow-up contracts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from ..figures import (
    Comparison,
    FigureTable,
    History,
    KeyFigures,
    attribution,
    comparison_tables,
    figure_tables,
    history_tables,
    key_figures,
)
from ..figures import summary as summary_sentence
from ..figures.tables import Value, clean, columns, signed_text
from ..figures.timeline_report import (
    HISTORY_MEASURES,
    comparison_notes,
    comparison_title,
    history_notes,
    history_row,
    history_title,
)
from ..i18n import DEFAULT_LANG, Lang, format_date, format_decimal, message
from ..i18n.labels import label
from ..i18n.text import html_text
from ..model import Registry
from ._svg import Bar, Line, horizontal_bars, line_chart
from ._svg import columns as column_chart
from ._tables import DEFAULT_PRIVACY, check_privacy
from .base import Privacy

#: The HTML report looks further ahead than the text report: a council plans a year.
ENDING_MONTHS = 12

_CSS = """
body { font-family: sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; }
.privacy { border-left: 4px solid #b35900; padding-left: .5em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border-bottom: 1px solid #ccc; padding: .2em .6em; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
svg text { font-size: 12px; fill: #222; } svg .axis { font-size: 10px; }
svg .bar { fill: #2b6ca3; } svg .total { fill: #c9dced; }
details summary { cursor: pointer; color: #2b6ca3; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  details { display: none; }
  section { break-inside: avoid; }
  svg { max-width: 100%; height: auto; }
}
"""


#: Added for the pages over time only, so the key-figures page keeps its bytes.
_TIME_CSS = """svg .line { stroke: #2b6ca3; fill: #2b6ca3; stroke-width: 2; }
svg .line-2 { stroke: #b35900; fill: #b35900; stroke-width: 2; }
svg .axis-line { stroke: #888; }
.note { color: #555; }
"""


def _cell(value: Value, lang: Lang, signed: bool = False) -> str:
    if isinstance(value, str):
        return f"<td>{html_text(value)}</td>"
    if isinstance(value, date):
        return f'<td class="number">{html_text(format_date(value, lang))}</td>'
    text = format_decimal(value, lang)
    if signed:
        text = signed_text(text, value)
    return f'<td class="number">{html_text(text)}</td>'


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[Value]],
    lang: Lang,
    signed: Sequence[int] = (),
) -> str:
    head = "".join(f'<th scope="col">{html_text(name)}</th>' for name in header)
    body = "".join(
        "<tr>" + "".join(_cell(v, lang, i in signed) for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _sort_key(value: Value) -> tuple[int, str, Decimal, date]:
    """Words alphabetically, numbers and dates by size, in one comparable shape."""
    if isinstance(value, str):
        return (0, value.casefold(), Decimal(0), date.min)
    if isinstance(value, date):
        return (1, "", Decimal(0), value)
    return (1, "", Decimal(value), date.min)


def _sortable(section: FigureTable, lang: Lang) -> str:
    """The table as given, then one alternative per column, words A-Z, numbers largest first."""
    parts = [_table(section.header, section.rows, lang)]
    if len(section.rows) < 2:
        return parts[0]
    for index, name in enumerate(section.header):
        descending = index >= section.words
        ordered = sorted(section.rows, key=lambda row: _sort_key(row[index]), reverse=descending)
        title = message("exports.html.sorted-by", lang, column=name)
        parts.append(
            f"<details><summary>{html_text(title)}</summary>"
            f"{_table(section.header, ordered, lang)}</details>"
        )
    return "".join(parts)


def _charts(figures: KeyFigures, lang: Lang) -> dict[str, str]:
    """One chart per figure group, keyed like the tables they stand beside."""
    tables = {section.key: section for section in figure_tables(figures, lang)}

    def fte_bars(key: str, ftes: Sequence[Decimal]) -> list[Bar]:
        """Labels as the table words them, so chart and table agree."""
        return [
            Bar(label=str(row[0]), value=fte, text=format_decimal(fte, lang))
            for row, fte in zip(tables[key].rows, ftes, strict=True)
        ]

    coverage = [
        Bar(
            label=label(row.form, lang),
            value=Decimal(row.schools_with_social_work),
            total=Decimal(row.schools),
            text=f"{row.schools_with_social_work}/{row.schools}",
        )
        for row in figures.by_school_form
    ]
    return {
        "school-forms": horizontal_bars(message("exports.html.chart.coverage", lang), coverage),
        "carriers": horizontal_bars(
            message("exports.html.chart.fte-by-carrier", lang),
            fte_bars("carriers", [row.fte for row in figures.by_carrier]),
        ),
        "carrier-kinds": horizontal_bars(
            message("exports.html.chart.fte-by-carrier-kind", lang),
            fte_bars("carrier-kinds", [row.fte for row in figures.by_carrier_kind]),
        ),
    }


def _ending(registry: Registry, day: date, privacy: Privacy, lang: Lang) -> str:
    """Positions whose fixed term ends within a year: a chart by month and a table."""
    ending = sorted(
        (
            (p.end, p)
            for p in registry.positions
            if p.end is not None and p.ends_soon(day, ENDING_MONTHS)
        ),
        key=lambda pair: (pair[0], pair[1].id),
    )
    carriers = {carrier.id: carrier.name for carrier in reversed(registry.carriers)}
    staff = {member.id: member.name for member in reversed(registry.staff)}
    months = [day + relativedelta(months=offset) for offset in range(ENDING_MONTHS + 1)]
    bars = []
    for month in months:
        count = sum(1 for end, _ in ending if (end.year, end.month) == (month.year, month.month))
        bars.append(
            Bar(label=f"{month.month:02}/{month.year}", value=Decimal(count), text=str(count))
        )
    keys = ["position", "carrier", "end", "fte"]
    header = list(columns(lang, *keys))
    rows: list[tuple[Value, ...]] = []
    for end, position in ending:
        row: tuple[Value, ...] = (
            clean(position.id),
            clean(carriers.get(position.carrier, position.carrier)),
            end,
            position.fte,
        )
        if privacy == "internal":
            row = (*row, clean(staff.get(position.holder or "", "") or ""))
        rows.append(row)
    if privacy == "internal":
        header.append(message("exports.html.column.holder", lang))
    section = FigureTable(
        key="ending",
        title=message("figures.section.ending", lang, months=ENDING_MONTHS),
        header=tuple(header),
        rows=tuple(rows),
        words=2,
    )
    chart = column_chart(message("exports.html.chart.ending", lang), bars)
    body = (
        _sortable(section, lang) if rows else f"<p>{html_text(message('figures.none', lang))}</p>"
    )
    return f'<section id="ending"><h2>{html_text(section.title)}</h2>{chart}{body}</section>'


def to_html(
    registry: Registry,
    *,
    as_of: date | None = None,
    privacy: Privacy = DEFAULT_PRIVACY,
    lang: Lang = DEFAULT_LANG,
    figures: KeyFigures | None = None,
) -> str:
    """The report page at ``as_of`` (default today), at a privacy level, in ``lang``.

    Takes the registry, not only its key figures: the year of ending positions and, at the
    internal level, their holders are not part of the figures. ``figures`` may be given
    when they were computed already, with plugins' extra figures, for that same date.
    """
    level = check_privacy(privacy)
    figures = figures or key_figures(registry, as_of=as_of)
    title = message("figures.title", lang, date=figures.as_of)
    charts = _charts(figures, lang)
    sections = []
    for section in figure_tables(figures, lang):
        if section.key == "ending":
            continue  # replaced by the year ahead, below
        body = (
            _sortable(section, lang) if section.rows else html_text(message("figures.none", lang))
        )
        sections.append(
            f'<section id="{section.key}"><h2>{html_text(section.title)}</h2>'
            f"{charts.get(section.key, '')}{body}</section>"
        )
    sections.append(_ending(registry, figures.as_of, level, lang))
    summary = f'<p class="summary">{html_text(summary_sentence(figures, lang))}</p>'
    sources = [f'<p class="source">{html_text(line)}</p>' for line in attribution(figures, lang)]
    return _page(title, level, lang, [summary, *sources], sections)


def _page(
    title: str,
    level: Privacy,
    lang: Lang,
    paragraphs: Sequence[str],
    sections: Sequence[str],
    css: str = _CSS,
) -> str:
    """The page around the sections: head, title, privacy note, the opening paragraphs."""
    note = f"{message('exports.privacy.label', lang)}: {message(f'exports.privacy.{level}', lang)}"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="privacy" content="{level}">\n'
        f"<title>{html_text(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f"<header><h1>{html_text(title)}</h1>\n"
        f'<p class="privacy">{html_text(note)}</p></header>\n'
        + "".join(f"{paragraph}\n" for paragraph in paragraphs)
        + "\n".join(sections)
        + "\n</body>\n</html>\n"
    )


def _plain_section(section: FigureTable, lang: Lang, before: str = "") -> str:
    body = (
        _table(section.header, section.rows, lang, section.signed)
        if section.rows
        else f"<p>{html_text(message('figures.none', lang))}</p>"
    )
    return (
        f'<section id="{html_text(section.key)}"><h2>{html_text(section.title)}</h2>'
        f"{before}{body}</section>"
    )


def _notes(notes: Sequence[str]) -> list[str]:
    return [f'<p class="note">{html_text(note)}</p>' for note in notes]


def comparison_html(comparison: Comparison, lang: Lang = DEFAULT_LANG) -> str:
    """The comparison of two dates as a page: the tables of every format, and the change
    list. It names no people at any level, so it is always public."""
    sections = [_plain_section(table, lang) for table in comparison_tables(comparison, lang)]
    notes = _notes(comparison_notes(comparison, lang))
    return _page(
        comparison_title(comparison, lang), "public", lang, notes, sections, _CSS + _TIME_CSS
    )


def history_html(history: History, lang: Lang = DEFAULT_LANG) -> str:
    """The history as a page: line charts of staff and FTE, and of the share of schools with
    social work, above the table. Dates the registry cannot answer for are gaps."""
    labels = [format_date(day, lang) for day, _ in history.points]
    rows = [None if figures is None else history_row(figures) for _, figures in history.points]

    def series(index: int) -> tuple[Decimal | None, ...]:
        values = (None if row is None else row[index] for row in rows)
        return tuple(None if value is None else Decimal(value) for value in values)

    staff = HISTORY_MEASURES.index("staff")
    fte = HISTORY_MEASURES.index("fte")
    share = HISTORY_MEASURES.index("coverage")
    words = columns(lang, *HISTORY_MEASURES)
    people = line_chart(
        f"{words[staff]}, {words[fte]}",
        labels,
        [
            Line(name=words[staff], values=series(staff)),
            Line(name=words[fte], values=series(fte), css="line-2"),
        ],
    )
    coverage = line_chart(words[share], labels, [Line(name=words[share], values=series(share))])
    sections = [
        _plain_section(table, lang, before=people + coverage)
        for table in history_tables(history, lang)
    ]
    notes = _notes(history_notes(history, lang))
    return _page(history_title(history, lang), "public", lang, notes, sections, _CSS + _TIME_CSS)
