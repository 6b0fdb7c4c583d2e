"""Reading a list of positions back from CSV, for offices that keep it in a spreadsheet.

As strict as loading a registry: nothing is guessed (``1.5`` is not a number in the German
dialect, where it could be a thousands separator) and every bad cell of every row is
reported at once, by spreadsheet row and column letter, in the catalogue's words. Cells are
first read in the dialect's notation, then handed to the one converter, so a CSV position
obeys the same rules as one in a registry file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any, get_args

import attrs
from attrs import frozen
from cattrs.errors import BaseValidationError

from ..errors import CsvReadError
from ..files.converter import CONVERTER, WrongType, problems_of
from ..i18n import DEFAULT_LANG, Lang, Text, message
from ..model import Position
from ._tables import HOLDER_PREFIX, PRIVACY_COLUMN, optional_inner
from .csv import LIST_SEPARATOR, PART_SEPARATOR, Dialect, Style, style_of

_GERMAN_DECIMAL = re.compile(r"-?\d+(,\d+)?")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
_GERMAN_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"-?\d{1,20}")  # longer cannot be in range, nor cheap to convert

#: The header row counts as the spreadsheet's row 1, so data starts at row 2.
FIRST_DATA_ROW = 2


@frozen(kw_only=True)
class CellProblem:
    """A problem at a spreadsheet row and, when it concerns one, a column (0-based index)."""

    row: int
    column: int | None
    header: str | None
    text: Text

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        if self.column is None:
            where = message("exports.csv.at-row", lang, row=self.row)
        else:
            where = message(
                "exports.csv.at-cell",
                lang,
                row=self.row,
                letter=column_letter(self.column),
                header=self.header or "",
            )
        return f"{where}: {self.text.render(lang)}"


def column_letter(index: int) -> str:
    """0 is A, 25 is Z, 26 is AA: the letters a spreadsheet shows above the column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _fields() -> dict[str, Any]:
    return {f.name: optional_inner(f.type) for f in attrs.fields(attrs.resolve_types(Position))}


def _text(cell: str) -> str:
    """Undo the writer's formula guard: one leading apostrophe is not part of the value."""
    return cell[1:] if cell.startswith("'") else cell


def _decimal(text: str, style: Style) -> str:
    pattern = _GERMAN_DECIMAL if style.decimal_point == "," else _DECIMAL
    if not pattern.fullmatch(text):
        notation = "comma" if style.decimal_point == "," else "point"
        raise WrongType(f"exports.csv.expected-decimal.{notation}", text)
    return text.replace(",", ".")


def _date(text: str, style: Style) -> str:
    if style.german_dates:
        match = _GERMAN_DATE.fullmatch(text)
        if match:
            return f"{match[3]}-{match[2]}-{match[1]}"
        raise WrongType("exports.csv.expected-date.de", text)
    if not _DATE.fullmatch(text):
        raise WrongType("expected-date", text)
    return text


def _scalar(text: str, kind: Any, style: Style) -> object:
    """The cell in the converter's plain notation; the converter checks the rest."""
    if kind is Decimal:
        return _decimal(text, style)
    if kind is date:
        return _date(text, style)
    if kind is int:
        # A year of a position's costs; the converter checks the range.
        if not _INTEGER.fullmatch(text):
            raise WrongType("expected-integer", text)
        return int(text)
    return text


def _value(cell: str, kind: Any, style: Style) -> object:
    if get_args(kind) and get_args(kind)[-1] is Ellipsis:
        item = get_args(kind)[0]
        return [_item(line, item, style) for line in _text(cell).split(LIST_SEPARATOR)]
    return _scalar(_text(cell) if kind is str else cell, kind, style)


def _item(line: str, kind: Any, style: Style) -> object:
    if not attrs.has(kind):
        return _scalar(line, kind, style)
    fields = attrs.fields(attrs.resolve_types(kind))
    parts = line.rsplit(PART_SEPARATOR, len(fields) - 1)
    parsed = zip(fields, parts, strict=False)
    return {
        f.name: _scalar(part, optional_inner(f.type), style) for f, part in parsed if part != ""
    }


def _wrong(error: WrongType) -> Text:
    expected = Text(error.expected, **error.params)
    return Text("wrong-type", expected=expected, got=repr(error.got))


def _read_rows(data: bytes, source: str, style: Style) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        problem = CellProblem(row=row, column=None, header=None, text=Text("exports.csv.not-utf8"))
        raise CsvReadError(source, (problem,)) from None
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=style.delimiter))
    except csv.Error as error:
        problem = CellProblem(
            row=1, column=None, header=None, text=Text("invalid-value", detail=str(error))
        )
        raise CsvReadError(source, (problem,)) from None


def _check_header(header: list[str], fields: dict[str, Any]) -> Iterator[CellProblem]:
    for index, name in enumerate(header):
        known = name in fields or name == PRIVACY_COLUMN or name.startswith(HOLDER_PREFIX)
        if not known or header.index(name) != index:
            key = "exports.csv.duplicate-column" if known else "exports.csv.unknown-column"
            yield CellProblem(row=1, column=index, header=name, text=Text(key))
    for field in attrs.fields(Position):
        if field.default is attrs.NOTHING and field.name not in header:
            text = Text("exports.csv.missing-column", column=field.name)
            yield CellProblem(row=1, column=None, header=None, text=text)


def _public_row(header: list[str], rows: list[list[str]]) -> CellProblem | None:
    """A public export shows a role word where the holder's id was: reading it would lose them."""
    if PRIVACY_COLUMN not in header:
        return None
    column = header.index(PRIVACY_COLUMN)
    for offset, cells in enumerate(rows[1:]):
        if len(cells) > column and cells[column] == "public":
            text = Text("exports.csv.public-export")
            return CellProblem(
                row=FIRST_DATA_ROW + offset, column=column, header=PRIVACY_COLUMN, text=text
            )
    return None


def _row(
    number: int, cells: list[str], header: list[str], fields: dict[str, Any], style: Style
) -> tuple[Position | None, list[CellProblem]]:
    if len(cells) != len(header):
        text = Text("exports.csv.cell-count", found=len(cells), expected=len(header))
        return None, [CellProblem(row=number, column=None, header=None, text=text)]
    data: dict[str, object] = {}
    problems: list[CellProblem] = []
    for index, (name, cell) in enumerate(zip(header, cells, strict=True)):
        if name not in fields or cell == "":
            continue  # derived columns (privacy, holder.*) and empty cells carry no value
        try:
            data[name] = _value(cell, fields[name], style)
        except WrongType as error:
            problems.append(CellProblem(row=number, column=index, header=name, text=_wrong(error)))
    if problems:
        return None, problems
    try:
        return CONVERTER.structure(data, Position), []
    except BaseValidationError as error:
        for problem in problems_of(error):
            name = re.split(r"[.\[]", problem.path, maxsplit=1)[0]
            column = header.index(name) if name in header else None
            text = Text(problem.key, **dict(problem.params))
            problems.append(CellProblem(row=number, column=column, header=name, text=text))
        return None, problems


def read_positions_csv(
    data: bytes, dialect: Dialect = "excel-de", *, source: str = "<csv>"
) -> tuple[Position, ...]:
    """Positions from a CSV written by :func:`to_csv` (or kept by hand in its columns).

    Blank lines are skipped; the ``privacy`` and ``holder.*`` columns are ignored, because
    a holder's name and contact belong to the staff list of the registry, not the position.
    Raises :class:`CsvReadError` with every problem when anything does not fit.
    """
    style = style_of(dialect)
    rows = _read_rows(data, source, style)
    if not rows:
        text = Text("exports.csv.missing-column", column="id")
        raise CsvReadError(source, (CellProblem(row=1, column=None, header=None, text=text),))
    fields = _fields()
    header = rows[0]
    problems = list(_check_header(header, fields))
    public = _public_row(header, rows)
    if public is not None:
        problems.append(public)
        raise CsvReadError(source, tuple(problems))
    positions: list[Position] = []
    for offset, cells in enumerate(rows[1:]):
        if not any(cells):
            continue
        position, found = _row(FIRST_DATA_ROW + offset, cells, header, fields, style)
        problems.extend(found)
        if position is not None:
            positions.append(position)
    if problems:
        raise CsvReadError(source, tuple(problems))
    return tuple(positions)
