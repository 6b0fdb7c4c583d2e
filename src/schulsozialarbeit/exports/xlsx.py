"""An Excel workbook: the key figures and one sheet per entity, with real types.

Numbers are numbers and dates are dates, so a council's spreadsheet can sum FTE and sort by
end date. Text is always stored as a text cell, never a formula, so a name beginning with
``=`` is shown, not run; no apostrophe is needed as in CSV. XML cannot hold control
characters, and openpyxl refuses the whole workbook over one, so every text goes through
the same :func:`~schulsozialarbeit.i18n.text.printable` as CSV and HTML.

The bytes are deterministic: the document's created and modified times are the reference
date, not the clock, and every zip entry carries the same fixed timestamp. The privacy level
is a custom document property (``privacy``), the first line of the key-figures sheet, and
the last column of every entity sheet.
"""

from __future__ import annotations

import io
import textwrap
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.header_footer import HeaderFooter, HeaderFooterItem, _HeaderFooterPart
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..figures import (
    Comparison,
    FigureTable,
    History,
    KeyFigures,
    comparison_tables,
    figure_tables,
    history_tables,
    key_figures,
)
from ..figures import summary as summary_sentence
from ..figures.tables import Value
from ..figures.timeline_report import (
    comparison_notes,
    comparison_title,
    history_notes,
    history_title,
)
from ..i18n import DEFAULT_LANG, Lang, format_date, format_decimal, message
from ..i18n.text import printable
from ..model import Registry
from ._tables import DEFAULT_PRIVACY, PRIVACY_COLUMN, Cell, Item, check_privacy, tables
from .base import Privacy
from .csv import PART_SEPARATOR

#: 1980-01-01 is the earliest time a zip entry can carry.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DATE_FORMATS: dict[Lang, dict[type, str]] = {
    "de": {date: "DD.MM.YYYY", datetime: "DD.MM.YYYY HH:MM", time: "HH:MM"},
    "en": {date: "YYYY-MM-DD", datetime: "YYYY-MM-DD HH:MM", time: "HH:MM"},
}
#: Wider text wraps, so a page printed as wide as the sheet stays readable.
_MAX_WIDTH = 16
#: The height of one line of the default 11-point font, in points.
_LINE_HEIGHT = 15
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def _item_text(item: Item, lang: Lang) -> str:
    parts = item if isinstance(item, tuple) else (item,)
    return PART_SEPARATOR.join(_plain(part, lang) for part in parts)


def _plain(value: object, lang: Lang) -> str:
    """A value inside a text cell, written as the language writes it (0,5 in German)."""
    if isinstance(value, datetime):
        return f"{format_date(value.date(), lang)} {value.strftime('%H:%M')}"
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return format_decimal(value, lang)
    return str(value)


def _put(sheet: Worksheet, row: int, column: int, value: Cell | Value, lang: Lang) -> None:
    """One typed cell; text as a text cell, lists as lines of text."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return
    if isinstance(value, tuple):
        cell.value = printable("\n".join(_item_text(item, lang) for item in value))
        cell.data_type = "s"
    elif isinstance(value, str):
        cell.value = printable(value)
        cell.data_type = "s"
    elif isinstance(value, datetime):
        cell.value = value.replace(tzinfo=None)  # wall-clock time in the registry's zone
        cell.number_format = _DATE_FORMATS[lang][datetime]
    else:
        cell.value = value
        cell.number_format = _DATE_FORMATS[lang].get(type(value), cell.number_format)


def _shown(cell: Any, lang: Lang) -> str:
    """The text a cell shows, for measuring it."""
    if cell.value is None:
        return ""
    if cell.data_type == "s":
        return str(cell.value)
    return _plain(cell.value, lang)


def _lines(text: str, width: float, bold: bool = False) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide, wrapped
    between words as a spreadsheet does; counted generously (every character as wide as a
    digit, bold a fifth wider), so a row is never too low for its text."""
    room = max(int((width - 2) / (1.2 if bold else 1)), 1)
    return sum(max(1, len(textwrap.wrap(line, room))) for line in text.split("\n"))


def _header(column: str, lang: Lang) -> str:
    """``address.city`` as "Adresse: Ort": each field's word, the nesting kept."""
    return ": ".join(
        message(f"exports.column.{part.replace('_', '-')}", lang) for part in column.split(".")
    )


def _layout(sheet: Worksheet, lang: Lang, measured: int, skip: set[int]) -> None:
    """Columns as wide as their headers' words and their content (long text wraps at
    :data:`_MAX_WIDTH`), text cells wrapped at the top, every row as high as its lines.

    Rows from ``measured`` on set the widths, except those in ``skip`` (headings that span
    the columns instead).
    """
    widths: dict[int, float] = {}
    for number, row in enumerate(sheet.iter_rows(min_row=measured), start=measured):
        if number in skip:
            continue
        for column, cell in enumerate(row, start=1):
            text = _shown(cell, lang)
            if not text:
                continue
            words = max(len(word) for word in text.split()) if text.split() else 0
            longest = max(len(line) for line in text.split("\n"))
            if cell.font.b:
                # A header wraps between words, its bold letters are a fifth wider than
                # a digit, and the filter button takes the room of two characters.
                wanted = words * 1.2 + 2
            elif cell.data_type == "s":
                wanted = min(longest, _MAX_WIDTH)
            else:
                wanted = longest
            widths[column] = max(widths.get(column, 0), wanted + 1.5)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = round(width, 1)
    for number, row in enumerate(sheet.iter_rows(), start=1):
        if number in skip:
            continue
        lines = 1
        for column, cell in enumerate(row, start=1):
            if cell.value is None:
                continue
            if cell.data_type == "s":
                cell.alignment = _WRAP
                width = widths.get(column, 10)
                lines = max(lines, _lines(str(cell.value), width, bool(cell.font.b)))
            else:
                cell.alignment = _TOP
        if lines > 1:
            sheet.row_dimensions[number].height = lines * _LINE_HEIGHT


def _spanning(sheet: Worksheet, row: int, text: str, columns: int, lang: Lang) -> None:
    """A line of text across the table's columns, wrapped, its row as high as it needs."""
    _put(sheet, row, 1, text, lang)
    cell = sheet.cell(row=row, column=1)
    cell.alignment = _WRAP
    if columns > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)


def _span_heights(sheet: Worksheet, rows: set[int], columns: int) -> None:
    total = sum(
        sheet.column_dimensions[get_column_letter(c)].width or 10 for c in range(1, columns + 1)
    )
    for row in rows:
        text = str(sheet.cell(row=row, column=1).value or "")
        sheet.row_dimensions[row].height = _lines(text, total) * _LINE_HEIGHT


def _print_setup(sheet: Worksheet, title_rows: str, source: str, lang: Lang) -> None:
    """A4 landscape, as wide as one page, the header rows on every page, and a header and
    footer that say what the page is and which of how many."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = title_rows
    sheet.print_options.gridLines = True
    sheet.page_margins = PageMargins(left=0.3, right=0.3, top=0.6, bottom=0.6)
    sheet.HeaderFooter = HeaderFooter(
        oddHeader=HeaderFooterItem(
            left=_HeaderFooterPart(text=printable(source).replace("&", "&&")),
            right=_HeaderFooterPart(text="&A"),
        ),
        oddFooter=HeaderFooterItem(
            right=_HeaderFooterPart(text=message("exports.html.page", lang, page="&P", pages="&N"))
        ),
    )


def _table_sheet(
    sheet: Worksheet,
    header: tuple[str, ...],
    rows: list[tuple[Cell, ...]],
    lang: Lang,
    source: str,
) -> None:
    for column, name in enumerate(header, start=1):
        _put(sheet, 1, column, _header(name, lang), lang)
        sheet.cell(row=1, column=column).font = _BOLD
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(sheet, number, column, value, lang)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _layout(sheet, lang, 1, set())
    for column in range(1, len(header) + 1):
        if all(row[column - 1] is None for row in rows):
            # Nothing to read in it: left out of sight and of print, still there to fill.
            sheet.column_dimensions[get_column_letter(column)].hidden = True
    _print_setup(sheet, "1:1", source, lang)


def _figures_sheet(
    sheet: Worksheet, heading: list[str], sections: list[FigureTable], lang: Lang, source: str
) -> None:
    """Heading lines, then each table under its title with a blank row before it; notes
    after their table. Headings and titles span the tables' width and wrap."""
    columns = max([len(section.header) for section in sections] + [1])
    spans: set[int] = set()
    row = 0
    for line in heading:
        row += 1
        _spanning(sheet, row, line, columns, lang)
        spans.add(row)
    sheet.cell(row=1, column=1).font = _BOLD
    for section in sections:
        row += 2
        _spanning(sheet, row, section.title, columns, lang)
        sheet.cell(row=row, column=1).font = _BOLD
        spans.add(row)
        row += 1
        for column, name in enumerate(section.header, start=1):
            _put(sheet, row, column, name, lang)
            sheet.cell(row=row, column=column).font = _BOLD
        for values in section.rows:
            row += 1
            for column, value in enumerate(values, start=1):
                _put(sheet, row, column, value, lang)
        if not section.rows:
            row += 1
            _put(sheet, row, 1, message("figures.none", lang), lang)
        if section.note:
            row += 1
            _spanning(sheet, row, section.note, columns, lang)
            spans.add(row)
    sheet.freeze_panes = "A2"
    _layout(sheet, lang, 1, spans)
    _span_heights(sheet, spans, columns)
    _print_setup(sheet, "1:1", source, lang)


def _deterministic_zip(data: bytes) -> bytes:
    """The same archive with every entry's timestamp fixed, so equal input gives equal bytes."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info))
    return output.getvalue()


def to_xlsx(
    registry: Registry,
    *,
    as_of: date | None = None,
    privacy: Privacy = DEFAULT_PRIVACY,
    lang: Lang = DEFAULT_LANG,
    figures: KeyFigures | None = None,
) -> bytes:
    """The workbook as bytes: a key-figures sheet at ``as_of`` (default today), then entities.

    ``figures`` may be given when they were computed already, with plugins' extra figures,
    for that same date (``report --format xlsx`` does so).
    """
    level = check_privacy(privacy)
    figures = figures or key_figures(registry, as_of=as_of)
    workbook = Workbook()
    note = f"{message('exports.privacy.label', lang)}: {message(f'exports.privacy.{level}', lang)}"
    heading = [message("figures.title", lang, date=figures.as_of), note]
    heading.append(summary_sentence(figures, lang))
    first = workbook.worksheets[0]
    first.title = message("exports.sheet.figures", lang)
    source = f"{registry.name} · {format_date(figures.as_of, lang)}"
    _figures_sheet(first, heading, figure_tables(figures, lang), lang, source)
    for table in tables(registry, None, level, lang, words=True):
        sheet = workbook.create_sheet(message(f"exports.sheet.{table.entity}", lang))
        _table_sheet(sheet, table.columns, list(table.rows), lang, source)
    return _save(workbook, figures.as_of, registry.name, note, level)


def _save(workbook: Workbook, day: date, title: str, note: str, level: Privacy) -> bytes:
    """The workbook's bytes, stamped with ``day`` rather than the clock."""
    stamp = datetime.combine(day, time())
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "schulsozialarbeit"
    workbook.properties.title = printable(title)
    workbook.properties.description = note
    # types-openpyxl lacks custom_doc_props, which openpyxl has had since 3.1
    workbook.custom_doc_props.append(StringProperty(name=PRIVACY_COLUMN, value=level))  # type: ignore[attr-defined]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _deterministic_zip(buffer.getvalue())


def figures_workbook(
    title: str, notes: Sequence[str], sections: Sequence[FigureTable], day: date, lang: Lang
) -> bytes:
    """One sheet of titled tables (numbers as numbers, dates as dates) under a heading: the
    comparison and the history, and any plugin that shows figures the same way. It holds
    figures only, no people, so it is marked public."""
    workbook = Workbook()
    note = f"{message('exports.privacy.label', lang)}: {message('exports.privacy.public', lang)}"
    sheet = workbook.worksheets[0]
    sheet.title = message("exports.sheet.figures", lang)
    _figures_sheet(sheet, [title, note, *notes], list(sections), lang, title)
    return _save(workbook, day, title, note, "public")


def write_xlsx(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Cell]]]],
    *,
    title: str,
    day: date,
    privacy: Privacy = DEFAULT_PRIVACY,
    lang: Lang = DEFAULT_LANG,
) -> bytes:
    """A workbook of ``(name, header, rows)`` sheets, written as the core writes its own: for
    plugins, so their spreadsheets keep numbers summable, never run a cell as a formula and
    give the same bytes for the same input. ``day`` stamps the document instead of the
    clock; ``privacy`` is the level the caller chose what to put in, and is marked on the file
    as on every core workbook."""
    level = check_privacy(privacy)
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for name, header, rows in sheets:
        _table_sheet(workbook.create_sheet(name), tuple(header), [tuple(row) for row in rows])
    note = f"{message('exports.privacy.label', lang)}: {message(f'exports.privacy.{level}', lang)}"
    return _save(workbook, day, title, note, level)


def comparison_xlsx(comparison: Comparison, lang: Lang = DEFAULT_LANG) -> bytes:
    """The comparison of two dates as a workbook: the tables every format shows."""
    return figures_workbook(
        comparison_title(comparison, lang),
        comparison_notes(comparison, lang),
        comparison_tables(comparison, lang),
        comparison.as_of,
        lang,
    )


def history_xlsx(history: History, lang: Lang = DEFAULT_LANG) -> bytes:
    """The history as a workbook: a row per date, numbers a chart can be drawn from."""
    return figures_workbook(
        history_title(history, lang),
        history_notes(history, lang),
        history_tables(history, lang),
        history.end,
        lang,
    )
