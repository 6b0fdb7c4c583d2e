"""CSV that German Excel opens with a double click, and plain RFC 4180 CSV for other systems.

``excel-de`` is what Excel in a German locale expects without its import wizard: UTF-8 with
a byte-order mark (without it Excel guesses Windows-1252 and breaks umlauts), semicolons,
decimal commas, dates as DD.MM.YYYY and CRLF line ends. ``rfc4180`` is comma, decimal point
and ISO dates, without a BOM.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, tab or CR would be run as a formula
by a spreadsheet, and so would one where such a character follows what a spreadsheet skips
first (spaces, line feeds, a no-break space, a byte-order mark); every such cell gets a
leading apostrophe. So does a text that already begins with one, which makes reading back
exact (drop one leading apostrophe). Characters no spreadsheet can hold (control characters,
lone surrogates) are dropped before, by the same function as for XLSX and HTML
(:func:`schulsozialarbeit.i18n.text.printable`). Numbers and dates are written by this
module, never taken from text, so a negative number (a longitude west of Greenwich) stays a
number: it cannot hold a formula.

A list (funding sources, topics, assignments) is one cell with one item per line; an item of
a list of tables (an assignment) joins its parts with ``": "`` (``gs-crange: 0,5``). Line
breaks inside an item become spaces. Every row ends with a ``privacy`` column naming the
level the file was written at, which survives sorting and filtering in a spreadsheet where a
comment line would not.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Literal, get_args

from attrs import frozen

from ..i18n import DEFAULT_LANG, Lang, decimal_text
from ..i18n.text import printable
from ..model import Registry
from ._tables import DEFAULT_PRIVACY, Cell, Item, Scalar, tables
from .base import Privacy

Dialect = Literal["excel-de", "rfc4180"]
DIALECTS: tuple[Dialect, ...] = get_args(Dialect)

BOM = "\ufeff"
#: What makes a spreadsheet read a cell as a formula, after any blanks it skips.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
#: Unicode categories a spreadsheet may skip before a formula: controls (tab, line feed),
#: format characters (BOM, zero-width space) and every kind of space (NBSP).
_SKIPPED = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
LIST_SEPARATOR = "\n"
PART_SEPARATOR = ": "


@frozen
class Style:
    """How one dialect writes separators, numbers and dates."""

    delimiter: str
    decimal_point: str
    bom: bool
    german_dates: bool


STYLES: dict[Dialect, Style] = {
    "excel-de": Style(delimiter=";", decimal_point=",", bom=True, german_dates=True),
    "rfc4180": Style(delimiter=",", decimal_point=".", bom=False, german_dates=False),
}


def style_of(dialect: str) -> Style:
    if dialect not in STYLES:
        raise ValueError(f"unknown CSV dialect {dialect!r}; use one of {DIALECTS}")
    return STYLES[dialect]


def _formula_start(text: str) -> bool:
    for char in text:
        if char in _FORMULA:
            return True
        if unicodedata.category(char) not in _SKIPPED:
            return False
    return False


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula.

    Neither are characters dropped here nor is anything stripped: the apostrophe alone
    guards, and reading back drops exactly that one apostrophe.
    """
    return "'" + text if text.startswith("'") or _formula_start(text) else text


def _date(value: date, style: Style) -> str:
    if style.german_dates:
        return f"{value.day:02}.{value.month:02}.{value.year:04}"
    return f"{value.year:04}-{value.month:02}-{value.day:02}"


def _time(value: time) -> str:
    return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")


def _scalar(value: Scalar, style: Style) -> str:
    """Plain text of a value; text is not neutralised here, the whole cell is."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, Decimal):
        return decimal_text(value).replace(".", style.decimal_point)
    if isinstance(value, datetime):
        separator = " " if style.german_dates else "T"
        return _date(value.date(), style) + separator + _time(value.time())
    if isinstance(value, date):
        return _date(value, style)
    if isinstance(value, time):
        return _time(value)
    return str(value)


def _item(item: Item, style: Style) -> str:
    parts = item if isinstance(item, tuple) else (item,)
    text = PART_SEPARATOR.join(_scalar(part, style) for part in parts)
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def cell_text(cell: Cell, style: Style) -> str:
    if cell is None:
        return ""
    if isinstance(cell, tuple):
        return neutralise(LIST_SEPARATOR.join(_item(item, style) for item in cell))
    if isinstance(cell, str):
        return neutralise(printable(cell))
    return _scalar(cell, style)


def to_csv(
    registry: Registry,
    *,
    entity: str | None = None,
    dialect: Dialect = "excel-de",
    privacy: Privacy = DEFAULT_PRIVACY,
    lang: Lang = DEFAULT_LANG,
) -> dict[str, bytes]:
    """One CSV file per entity, keyed by file name (``positions.csv``), or only ``entity``'s.

    ``lang`` picks the role word that stands for a staff member at the public level.
    """
    style = style_of(dialect)
    return {
        f"{table.entity}.csv": _encode(
            table.columns, ([cell_text(cell, style) for cell in row] for row in table.rows), style
        )
        for table in tables(registry, entity, privacy, lang)
    }


def _encode(header: Sequence[str], rows: Iterable[Sequence[str]], style: Style) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=style.delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ((BOM if style.bom else "") + buffer.getvalue()).encode("utf-8")


def write_csv(
    header: Sequence[str], rows: Iterable[Sequence[str]], dialect: Dialect = "excel-de"
) -> bytes:
    """A CSV file of texts, each cell cleaned and guarded by :func:`neutralise`: what a plugin's own
    export needs to open in German Excel (BOM, semicolons, CRLF) without running formulas.

    Format numbers and dates before (``format_decimal``, ``format_date``): this writes text.
    """
    style = style_of(dialect)
    return _encode(
        [neutralise(printable(name)) for name in header],
        ([neutralise(printable(text)) for text in row] for row in rows),
        style,
    )
