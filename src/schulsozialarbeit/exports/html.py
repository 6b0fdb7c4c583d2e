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
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

from ..figures import (
    Comparison,
    FigureTable,
    History,
    KeyFigures,
    compare,
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
from ..i18n.text import html_text, printable
from ..model import Registry
from ..model.staffing import ENDING_SOON_MONTHS
from ._svg import Bar, Line, horizontal_bars, legend, line_chart
from ._svg import columns as column_chart
from ._tables import DEFAULT_PRIVACY, check_privacy
from .base import Privacy

_CSS = """
*, *::before, *::after { box-sizing: border-box; }
body { font-family: sans-serif; margin: 0 auto; padding: 1em; max-width: 60em; color: #222;
  line-height: 1.4; }
h1 { font-size: 1.6em; margin: .2em 0; } h2 { font-size: 1.25em; margin-top: 2em; }
.registry, .note, .source { color: #555; }
.registry { margin: 0; }
.privacy { border-left: 4px solid #b35900; padding-left: .5em; }
.tiles { list-style: none; padding: 0; display: grid; gap: .75em;
  grid-template-columns: repeat(auto-fit, minmax(10em, 1fr)); }
.tile { border: 1px solid #767676; border-radius: 4px; padding: .6em .8em; }
.tile .figure { display: block; font-size: 2em; font-weight: bold; color: #1d4f7c; }
.tile .change { display: block; color: #555; font-size: .9em; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: .5em 0; }
caption { text-align: left; font-weight: bold; padding: .2em 0; }
th, td { border-bottom: 1px solid #ccc; padding: .2em .6em; text-align: left;
  vertical-align: top; }
td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
#ending td:first-child { white-space: nowrap; }
svg.chart { display: block; width: 100%; max-width: 32em; height: auto; margin: .5em 0; }
svg text { font-size: 12px; fill: #222; } svg .axis { font-size: 10px; }
svg .bar { fill: #2b6ca3; } svg .total { fill: #fff; stroke: #555; stroke-width: 1; }
svg .axis-line { stroke: #555; }
.legend { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap;
  gap: .3em 1.5em; }
.legend svg { vertical-align: -2px; }
details summary { cursor: pointer; color: #1d5c91; }
footer.source { margin-top: 2em; border-top: 1px solid #ccc; padding-top: .5em; }
@page { size: A4; margin: 15mm 15mm 18mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 10pt; }
  details, footer.source { display: none; }
  h2 { break-after: avoid; }
  tr, svg, .tile, caption { break-inside: avoid; }
  .scroll { overflow: visible; }
  svg.chart { max-width: 10cm; }
}
"""


#: Added for the pages over time only: their line charts.
_TIME_CSS = """svg .line { stroke: #2b6ca3; fill: #2b6ca3; stroke-width: 2; }
svg .line-2 { stroke: #b35900; fill: #b35900; stroke-width: 2; }
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
    ident: str,
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Value]],
    lang: Lang,
    signed: Sequence[int] = (),
) -> str:
    """A captioned table in a box that scrolls sideways on a phone; the box is a named,
    focusable region, so a keyboard can scroll it too."""
    head = "".join(f'<th scope="col">{html_text(name)}</th>' for name in header)
    body = "".join(
        "<tr>" + "".join(_cell(v, lang, i in signed) for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    return (
        f'<div class="scroll" role="region" tabindex="0" aria-labelledby="{ident}">'
        f'<table><caption id="{ident}">{html_text(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _sort_key(value: Value) -> tuple[int, str, Decimal, date]:
    """Words alphabetically, numbers and dates by size, in one comparable shape."""
    if isinstance(value, str):
        return (0, value.casefold(), Decimal(0), date.min)
    if isinstance(value, date):
        return (1, "", Decimal(0), value)
    return (1, "", Decimal(value), date.min)


def _sortable(section: FigureTable, lang: Lang) -> str:
    """The table as given, then one alternative per column, words A-Z, numbers largest first."""
    key = html_text(section.key)
    parts = [_table(f"{key}-table", section.title, section.header, section.rows, lang)]
    if len(section.rows) < 2:
        return parts[0]
    for index, name in enumerate(section.header):
        descending = index >= section.words
        ordered = sorted(section.rows, key=lambda row: _sort_key(row[index]), reverse=descending)
        title = message("exports.html.sorted-by", lang, column=name)
        table = _table(
            f"{key}-by-{index}", f"{section.title}, {title}", section.header, ordered, lang
        )
        parts.append(f"<details><summary>{html_text(title)}</summary>{table}</details>")
    return "".join(parts)


def _body(section: FigureTable, lang: Lang) -> str:
    """The table with its sorted alternatives, or "none"; then its note, if it has one."""
    body = (
        _sortable(section, lang)
        if section.rows
        else f"<p>{html_text(message('figures.none', lang))}</p>"
    )
    if section.note:
        body += f'<p class="note">{html_text(section.note)}</p>'
    return body


def _section(key: str, title: str, content: str) -> str:
    key = html_text(key)
    return f'<section id="{key}"><h2>{html_text(title)}</h2>{content}</section>'


def _charts(tables: dict[str, FigureTable], figures: KeyFigures, lang: Lang) -> dict[str, str]:
    """One chart per figure group, keyed like the tables they stand beside, labelled and
    ordered as those tables are, so chart and table agree."""

    def fte_bars(key: str) -> list[Bar]:
        """The FTE is the last column of both carrier tables."""
        bars = []
        for row in tables[key].rows:
            fte = row[-1]
            if isinstance(fte, int | Decimal):
                bars.append(
                    Bar(label=str(row[0]), value=Decimal(fte), text=format_decimal(fte, lang))
                )
        return bars

    coverage = [
        Bar(
            label=label(row.form, lang),
            value=Decimal(row.schools_with_social_work),
            total=Decimal(row.schools),
            text=f"{row.schools_with_social_work}/{row.schools}",
        )
        for row in figures.by_school_form
    ]
    key = legend(
        [
            ("bar", message("exports.html.legend.served", lang)),
            ("total", message("exports.html.legend.all", lang)),
        ]
    )
    return {
        "school-forms": horizontal_bars(message("exports.html.chart.coverage", lang), coverage)
        + key,
        "carriers": horizontal_bars(
            message("exports.html.chart.fte-by-carrier", lang), fte_bars("carriers")
        ),
        "carrier-kinds": horizontal_bars(
            message("exports.html.chart.fte-by-carrier-kind", lang), fte_bars("carrier-kinds")
        ),
    }


def _percent(part: int, whole: int, lang: Lang) -> str:
    share = (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return format_decimal(share, lang)


def _tiles(figures: KeyFigures, comparison: Comparison, lang: Lang) -> str:
    """The headline figures, each as a tile with its change since a year earlier."""
    earlier = comparison.earlier_figures
    measures: list[tuple[str, str, Decimal | int | None, Decimal | int | None]] = [
        (
            str(figures.staff),
            message("exports.html.tile.staff", lang, count=figures.staff),
            figures.staff,
            None if earlier is None else earlier.staff,
        ),
        (
            format_decimal(figures.fte, lang),
            message("exports.html.tile.fte", lang),
            figures.fte,
            None if earlier is None else earlier.fte,
        ),
        (
            message(
                "exports.html.tile.schools-figure",
                lang,
                served=figures.schools_with_social_work,
                total=figures.schools,
            ),
            message(
                "exports.html.tile.schools",
                lang,
                percent=_percent(figures.schools_with_social_work, figures.schools, lang)
                if figures.schools
                else "0",
            ),
            figures.schools_with_social_work,
            None if earlier is None else earlier.schools_with_social_work,
        ),
    ]
    if figures.pupils_per_fte is not None:
        measures.append(
            (
                format_decimal(figures.pupils_per_fte, lang),
                message("figures.column.pupils-per-fte", lang),
                figures.pupils_per_fte,
                None if earlier is None else earlier.pupils_per_fte,
            )
        )
    tiles = []
    for figure, what, now, before in measures:
        change = ""
        if before is not None and now is not None:
            difference = now - before
            amount = (
                "±0"
                if difference == 0
                else signed_text(format_decimal(difference, lang), difference)
            )
            text = message("exports.html.tile.change", lang, change=amount, date=comparison.earlier)
            change = f'<span class="change">{html_text(text)}</span>'
        tiles.append(
            f'<li class="tile"><span class="figure">{html_text(figure)}</span> '
            f'<span class="what">{html_text(what)}</span>{change}</li>'
        )
    return f'<ul class="tiles">{"".join(tiles)}</ul>'


def _comparison(comparison: Comparison, lang: Lang) -> str:
    """The same date a year earlier, computed as ``report --compare`` computes it: the
    totals beside each other and what changed in between."""
    tables = comparison_tables(comparison, lang)
    totals, changes = tables[0], tables[-1]
    parts = [
        f'<p class="note">{html_text(note)}</p>' for note in comparison_notes(comparison, lang)
    ]
    parts.append(
        _table(
            "compare-totals-table", totals.title, totals.header, totals.rows, lang, totals.signed
        )
    )
    if changes.rows:
        parts.append(_table("changes-table", changes.title, changes.header, changes.rows, lang))
    else:
        parts.append(
            f"<p>{html_text(changes.title)}: {html_text(message('figures.none', lang))}</p>"
        )
    title = message("exports.html.compare.title", lang, date=comparison.earlier)
    return _section("compare", title, "".join(parts))


def _schools(registry: Registry, day: date, lang: Lang) -> str:
    """Each school with social work: its form, FTE, carriers and the earliest end of a
    fixed term serving it; then the schools without social work by name."""
    carriers = {carrier.id: carrier.name for carrier in reversed(registry.carriers)}
    held = registry.held_fte_by_school(day)
    names: dict[str, set[str]] = {}
    ends: dict[str, date] = {}
    for position in registry.positions:
        if not position.active_on(day):
            continue
        position = position.on(day)
        for assignment in position.assignments:
            if position.holder is not None:
                names.setdefault(assignment.school, set()).add(
                    clean(carriers.get(position.carrier, position.carrier))
                )
            if position.end is not None:
                ends[assignment.school] = min(
                    position.end, ends.get(assignment.school, position.end)
                )
    served = sorted(
        (school for school in registry.schools if school.id in held),
        key=lambda school: school.name.casefold(),
    )
    rows = tuple(
        (
            clean(school.name),
            label(school.form, lang),
            ", ".join(sorted(names.get(school.id, ()), key=str.casefold)),
            ends.get(school.id, "–"),
            held[school.id],
        )
        for school in served
    )
    header = (
        *columns(lang, "school", "school-form", "carrier"),
        message("exports.html.column.fixed-term", lang),
        *columns(lang, "fte"),
    )
    section = FigureTable(
        key="schools",
        title=message("exports.html.schools.title", lang),
        header=header,
        rows=rows,
        words=3,
    )
    without = sorted(
        (clean(school.name) for school in registry.schools if school.id not in held),
        key=str.casefold,
    )
    if without:
        text = message(
            "exports.html.schools.without",
            lang,
            count=len(without),
            date=day,
            names=", ".join(without),
        )
    else:
        text = message("exports.html.schools.all", lang, date=day)
    return _section(
        "schools",
        section.title,
        _body(section, lang) + f"<p><strong>{html_text(text)}</strong></p>",
    )


def _ending(
    registry: Registry, figures: KeyFigures, privacy: Privacy, lang: Lang, section: FigureTable
) -> str:
    """The fixed terms ending within the horizon every format uses: a chart by month and
    the table of every format with the carrier (and, internally, the holder) added."""
    day = figures.as_of
    positions = {position.id: position for position in reversed(registry.positions)}
    carriers = {carrier.id: carrier.name for carrier in reversed(registry.carriers)}
    staff = {member.id: member.name for member in reversed(registry.staff)}
    bars = []
    for offset in range(ENDING_SOON_MONTHS + 1):
        month = day + relativedelta(months=offset)
        count = sum(
            1
            for row in figures.ending_soon
            if (row.end.year, row.end.month) == (month.year, month.month)
        )
        bars.append(
            Bar(label=f"{month.month:02}/{month.year}", value=Decimal(count), text=str(count))
        )
    header = (*section.header[:2], *columns(lang, "carrier"), *section.header[2:])
    rows: list[tuple[Value, ...]] = []
    for ending, row in zip(figures.ending_soon, section.rows, strict=True):
        position = positions.get(ending.position)
        carrier = "" if position is None else carriers.get(position.carrier, position.carrier)
        cells: tuple[Value, ...] = (*row[:2], clean(carrier), *row[2:])
        if privacy == "internal":
            holder = None if position is None else position.holder_on(day)
            cells = (*cells, clean(staff.get(holder or "", "") or ""))
        rows.append(cells)
    if privacy == "internal":
        header = (*header, message("exports.html.column.holder", lang))
    table = FigureTable(key="ending", title=section.title, header=header, rows=tuple(rows), words=3)
    chart = column_chart(
        message("exports.html.chart.ending", lang), bars, columns(lang, "positions")[0]
    )
    return _section("ending", section.title, chart + _body(table, lang))


def _stand(registry: Registry, day: date) -> date:
    """The date the data speaks for: the registry's own ``modified`` when it has one, else
    the reference date; never the clock, so the page keeps its bytes."""
    return day if registry.modified is None else registry.modified.date()


def to_html(
    registry: Registry,
    *,
    as_of: date | None = None,
    privacy: Privacy = DEFAULT_PRIVACY,
    lang: Lang = DEFAULT_LANG,
    figures: KeyFigures | None = None,
) -> str:
    """The council report at ``as_of`` (default today), at a privacy level, in ``lang``.

    Takes the registry, not only its key figures: the schools, the year before and, at the
    internal level, the holders of ending positions are not part of the figures. ``figures``
    may be given when they were computed already, with plugins' extra figures, for that
    same date.
    """
    level = check_privacy(privacy)
    figures = figures or key_figures(registry, as_of=as_of)
    day = figures.as_of
    given = figures

    def figures_at(when: date) -> KeyFigures:
        return given if when == day else key_figures(registry, as_of=when)

    comparison = compare(
        registry, as_of=day, earlier=day - relativedelta(years=1), figures_at=figures_at
    )
    title = message("figures.title", lang, date=day)
    tables = {section.key: section for section in figure_tables(figures, lang)}
    charts = _charts(tables, figures, lang)
    overview = _tiles(figures, comparison, lang) + (
        f'<p class="summary">{html_text(summary_sentence(figures, lang))}</p>'
    )
    sections = [
        _section("overview", message("figures.section.totals", lang), overview),
        _comparison(comparison, lang),
        _schools(registry, day, lang),
    ]
    for section in tables.values():
        if section.key == "ending":
            sections.append(_ending(registry, figures, level, lang, section))
        else:
            sections.append(
                _section(
                    section.key, section.title, charts.get(section.key, "") + _body(section, lang)
                )
            )
    source = message(
        "exports.html.source",
        lang,
        registry=clean(registry.name),
        date=day,
        stand=_stand(registry, day),
    )
    return _page(title, level, lang, [], sections, source=(clean(registry.name), source))


def _css_string(text: str) -> str:
    """``text`` as a CSS string: everything but letters, digits and spaces as an escape, so
    no name can end the string or the style element."""
    return (
        '"'
        + "".join(
            char if char.isalnum() or char == " " else f"\\{ord(char):x} "
            for char in printable(text)
        )
        + '"'
    )


def _print_css(source: str, lang: Lang) -> str:
    """Every printed page names its source and number, in the page's bottom margin."""
    before, _, rest = message("exports.html.page", lang, page="\0", pages="\1").partition("\0")
    middle, _, after = rest.partition("\1")
    number = " ".join(
        [
            _css_string(before),
            "counter(page)",
            _css_string(middle),
            "counter(pages)",
            _css_string(after),
        ]
    )
    return (
        "@page { @bottom-left { content: "
        + _css_string(source)
        + "; font: 8pt sans-serif; color: #444; }\n"
        "  @bottom-right { content: " + number + "; font: 8pt sans-serif; color: #444; } }\n"
    )


def _page(
    title: str,
    level: Privacy,
    lang: Lang,
    paragraphs: Sequence[str],
    sections: Sequence[str],
    css: str = _CSS,
    source: tuple[str, str] | None = None,
) -> str:
    """The page around the sections: head, title, privacy note, the opening paragraphs in
    the ``<main>`` landmark with the sections; with ``source`` (registry name, source line)
    a footer, and the print margins, that say where the figures come from."""
    note = f"{message('exports.privacy.label', lang)}: {message(f'exports.privacy.{level}', lang)}"
    registry = f'<p class="registry">{html_text(source[0])}</p>' if source else ""
    footer = f'<footer class="source"><p>{html_text(source[1])}</p></footer>\n' if source else ""
    style = css + (_print_css(source[1], lang) if source else "")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="privacy" content="{level}">\n'
        f"<title>{html_text(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f"<header>{registry}<h1>{html_text(title)}</h1>\n"
        f'<p class="privacy">{html_text(note)}</p></header>\n<main>\n'
        + "".join(f"{paragraph}\n" for paragraph in paragraphs)
        + "\n".join(sections)
        + "\n</main>\n"
        + footer
        + "</body>\n</html>\n"
    )


def _plain_section(section: FigureTable, lang: Lang, before: str = "") -> str:
    body = (
        _table(
            f"{html_text(section.key)}-table",
            section.title,
            section.header,
            section.rows,
            lang,
            section.signed,
        )
        if section.rows
        else f"<p>{html_text(message('figures.none', lang))}</p>"
    )
    return _section(section.key, section.title, before + body)


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
