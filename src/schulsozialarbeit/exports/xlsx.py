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
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

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
from ..figures.tables import Value
from ..figures.timeline_report import (
    comparison_notes,
    comparison_title,
    history_notes,
    history_title,
)
from ..i18n import DEFAULT_LANG, Lang, message
from ..i18n.text import printable
from ..model import Registry
from ._tables import DEFAULT_PRIVACY, PRIVACY_COLUMN, Cell, Item, check_privacy, tables
from .base import Privacy
from .csv import PART_SEPARATOR

#: 1980-01-01 is the earliest time a zip entry can carry.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DATE_FORMAT = "DD.MM.YYYY"
_FORMATS = {date: _DATE_FORMAT, datetime: "DD.MM.YYYY HH:MM", time: "HH:MM"}
_MAX_WIDTH = 60
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _item_text(item: Item) -> str:
    parts = item if isinstance(item, tuple) else (item,)
    return PART_SEPARATOR.join(_plain(part) for part in parts)


def _plain(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _put(sheet: Worksheet, row: int, column: int, value: Cell | Value) -> None:
    """One typed cell; text as a text cell, lists as lines of text."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return
    if isinstance(value, tuple):
        cell.value = printable("\n".join(_item_text(item) for item in value))
        cell.data_type = "s"
        cell.alignment = _WRAP
    elif isinstance(value, str):
        cell.value = printable(value)
        cell.data_type = "s"
    elif isinstance(value, datetime):
        cell.value = value.replace(tzinfo=None)  # wall-clock time in the registry's zone
        cell.number_format = _FORMATS[datetime]
    else:
        cell.value = value
        cell.number_format = _FORMATS.get(type(value), cell.number_format)


def _fit_widths(sheet: Worksheet) -> None:
    widths: dict[str, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            text = _plain(cell.value)
            longest = max(len(line) for line in text.split("\n"))
            letter = cell.column_letter
            widths[letter] = max(widths.get(letter, 0), longest)
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = min(width + 2, _MAX_WIDTH)


def _table_sheet(sheet: Worksheet, header: tuple[str, ...], rows: list[tuple[Cell, ...]]) -> None:
    for column, name in enumerate(header, start=1):
        _put(sheet, 1, column, name)
        sheet.cell(row=1, column=column).font = _BOLD
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(sheet, number, column, value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _fit_widths(sheet)


def _figures_sheet(sheet: Worksheet, heading: list[str], sections: list[FigureTable]) -> None:
    row = 1
    for line in heading:
        _put(sheet, row, 1, line)
        row += 1
    sheet.cell(row=1, column=1).font = _BOLD
    for section in sections:
        row += 1
        _put(sheet, row, 1, section.title)
        sheet.cell(row=row, column=1).font = _BOLD
        row += 1
        for column, name in enumerate(section.header, start=1):
            _put(sheet, row, column, name)
            sheet.cell(row=row, column=column).font = _BOLD
        for values in section.rows:
            row += 1
            for column, value in enumerate(values, start=1):
                _put(sheet, row, column, value)
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = _MAX_WIDTH
    for letter in "BCDE":
        sheet.column_dimensions[letter].width = 16


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
    heading.extend(attribution(figures, lang))
    first = workbook.worksheets[0]
    first.title = message("exports.sheet.figures", lang)
    _figures_sheet(first, heading, figure_tables(figures, lang))
    for table in tables(registry, None, level, lang):
        _table_sheet(workbook.create_sheet(table.entity), table.columns, list(table.rows))
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
    _figures_sheet(sheet, [title, note, *notes], list(sections))
    return _save(workbook, day, title, note, "public")


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
