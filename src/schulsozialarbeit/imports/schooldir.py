"""Reading the NRW school directory (Schulgrunddaten NRW) as the Schulministerium publishes it.

``schuldaten.csv``: UTF-8, ``;`` between fields, line 1 ``sep=;`` (the hint Excel reads),
line 2 the header of 24 named columns and an empty 25th, then one school per line. Beside it
key tables in the same layout (code, label) and the pupil numbers.

A file that is not in this layout is refused whole (:class:`ImportRefusedError`): the import
must not guess at a file it does not know. Inside a file of the right layout each row is
checked on its own, and a row with a bad value is reported by line and column and left out,
so one mistyped postcode does not hold up six thousand schools. Codes and numbers stay text
(``02``, ``100018``): their leading zeros are part of them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

from attrs import frozen

from ..errors import ImportRefusedError
from ..files.limits import MAX_BYTES
from ..files.reading import read_bounded
from ..i18n import DEFAULT_LANG, Lang, Text, message
from ..model import LegalForm, SchoolForm

#: The columns of ``schuldaten.csv``, in order; the header ends with one more, empty.
COLUMNS = (
    "Schulnummer",
    "Schulform",
    "Schulbezeichnung_1",
    "Schulbezeichnung_2",
    "Schulbezeichnung_3",
    "Kurzbezeichnung",
    "Bezirksregierung",
    "PLZ",
    "Ort",
    "Strasse",
    "Telefonvorwahl",
    "Telefon",
    "Faxvorwahl",
    "Fax",
    "E-Mail",
    "Homepage",
    "Rechtsform",
    "Traegernummer",
    "Gemeindeschluessel",
    "Schulbetriebsschluessel",
    "Schulbetriebsdatum",
    "EPSG",
    "UTMRechtswert",
    "UTMHochwert",
)

#: The directory's school form codes and the model's forms.
FORMS: Mapping[str, SchoolForm] = {
    "02": SchoolForm.GRUNDSCHULE,
    "04": SchoolForm.HAUPTSCHULE,
    "06": SchoolForm.VOLKSSCHULE,
    "08": SchoolForm.FOERDERSCHULE,
    "10": SchoolForm.REALSCHULE,
    "13": SchoolForm.PRIMUS_SCHULE,
    "14": SchoolForm.SEKUNDARSCHULE,
    "15": SchoolForm.GESAMTSCHULE,
    "16": SchoolForm.GEMEINSCHAFTSSCHULE,
    "17": SchoolForm.WALDORFSCHULE,
    "18": SchoolForm.HIBERNIASCHULE,
    "19": SchoolForm.WALDORFFOERDERSCHULE,
    "20": SchoolForm.GYMNASIUM,
    "25": SchoolForm.WEITERBILDUNGSKOLLEG,
    "30": SchoolForm.BERUFSKOLLEG,
}
LEGAL_FORMS: Mapping[str, LegalForm] = {"1": LegalForm.PUBLIC, "2": LegalForm.PRIVATE}
#: The Schulbetriebsschlüssel of a school in operation; every other code is a school that
#: is closing or closed, which the import reports and never deletes.
IN_OPERATION = "1"
#: The reference system of the coordinates; some rows say ``null`` and mean it too.
EPSG = "25832"
#: UTM zone 32 eastings and northings that lie in or near NRW; anything else is a typo.
_EASTING = (Decimal(250_000), Decimal(550_000))
_NORTHING = (Decimal(5_550_000), Decimal(5_850_000))
#: No name, street or label in the directory is longer; a longer one is not a name.
MAX_FIELD = 300

_SCHOOL_NUMBER = re.compile(r"\d{6}")
_CODE = re.compile(r"\d{2}")
_POSTAL_CODE = re.compile(r"\d{5}")
_MUNICIPALITY = re.compile(r"\d{8}")
_DIGITS = re.compile(r"\d{1,9}")
_COORDINATE = re.compile(r"\d{1,7}(?:[.,]\d{1,6})?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LINE_END = re.compile(r"\r\n|\n|\r")


@frozen(kw_only=True)
class RowProblem:
    """A row left out: the file, its line, the column when one is at fault, and why."""

    file: str
    line: int
    column: str | None
    text: Text

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        if self.column is None:
            where = message("imports.at-line", lang, file=self.file, line=self.line)
        else:
            where = message(
                "imports.at-cell", lang, file=self.file, line=self.line, column=self.column
            )
        return f"{where}: {self.text.render(lang)}"


@frozen(kw_only=True)
class DirectorySchool:
    """One row of ``schuldaten.csv``, checked; texts as the directory spells them."""

    line: int
    number: str
    form: SchoolForm
    name: str
    street: str | None
    postal_code: str | None
    city: str | None
    legal_form: LegalForm | None
    operator_key: str | None
    municipality: str
    status: str
    easting: Decimal | None
    northing: Decimal | None

    @property
    def in_operation(self) -> bool:
        return self.status == IN_OPERATION


@frozen(kw_only=True)
class Directory:
    """What a directory file holds: its schools and the rows left out.

    ``listed`` are the school numbers of every row, those left out included when their
    number could be read: a school whose row has a bad postcode is still in the directory.
    """

    source: str
    schools: tuple[DirectorySchool, ...]
    problems: tuple[RowProblem, ...]
    listed: frozenset[str]


def _rows(
    path: Path, header: tuple[str, ...] | None, *, trailing: bool = False
) -> Iterator[tuple[int, list[str]]]:
    """The header and then the data rows of a file in the published layout, each with its
    line number.

    Refuses the file unless line 1 is ``sep=;`` and line 2 is ``header`` (with an empty
    column after it when ``trailing``, as ``schuldaten.csv`` has; a header saved again
    without it is taken too). Without ``header``, any header of two named columns or more.
    """
    source = str(path)
    text, _ = read_bounded(path, MAX_BYTES)
    # Any line end, as the csv module takes them: a file saved with CR alone is one too.
    first, rest = _LINE_END.split(text, maxsplit=1) if _LINE_END.search(text) else (text, "")
    if first != "sep=;":
        raise ImportRefusedError("imports.refused.no-sep-line", file=source, found=first[:40])
    reader = csv.reader(io.StringIO(rest, newline=""), delimiter=";", strict=True)
    try:
        found = next(reader, None) or []
        if header is None:
            named = found[:-1] if found and not found[-1] else found
            accepted = len(named) >= 2 and all(named)
            expected: Text | str = Text("imports.any-key-header")
        else:
            with_empty = [*header, ""]
            accepted = found in (with_empty, list(header))
            expected = ";".join(with_empty if trailing else header)
        if not accepted:
            shown = ";".join(found)
            raise ImportRefusedError(
                "imports.refused.header",
                file=source,
                expected=expected,
                found=shown[:200] + ("…" if len(shown) > 200 else ""),
            )
        yield 2, found
        line = 3
        for row in reader:
            # A quoted field may span lines: the next row starts where this one ended.
            yield line, row
            line = reader.line_num + 2
    except csv.Error as error:
        raise ImportRefusedError(
            "imports.refused.csv", file=source, line=reader.line_num + 1, detail=str(error)
        ) from None


class _Row:
    """The cells of one row by column name, and the problems found in them."""

    def __init__(self, file: str, line: int, cells: Mapping[str, str]) -> None:
        self.file = file
        self.line = line
        self.cells = cells
        self.problems: list[RowProblem] = []

    def problem(self, column: str | None, key: str, **params: object) -> None:
        self.problems.append(
            RowProblem(file=self.file, line=self.line, column=column, text=Text(key, **params))
        )

    def text(self, column: str, *, required: bool = False) -> str | None:
        value = self.cells[column].strip()
        if _CONTROL.search(value):
            self.problem(column, "imports.cell.control")
            return None
        if len(value) > MAX_FIELD:
            self.problem(column, "imports.cell.too-long", limit=MAX_FIELD)
            return None
        if required and not value:
            self.problem(column, "imports.cell.empty")
            return None
        return value or None

    def matching(self, column: str, pattern: re.Pattern[str], expected: str) -> str | None:
        value = self.cells[column].strip()
        if not pattern.fullmatch(value):
            self.problem(column, "imports.cell.expected", expected=Text(expected), found=value[:40])
            return None
        return value

    def coordinate(self, column: str, bounds: tuple[Decimal, Decimal]) -> Decimal | None:
        value = self.cells[column].strip()
        if not value:
            return None
        number: Decimal | None = None
        if _COORDINATE.fullmatch(value):
            try:
                number = Decimal(value.replace(",", "."))
            except InvalidOperation:  # pragma: no cover - the pattern lets only numbers in
                number = None
        if number is None or not bounds[0] <= number <= bounds[1]:
            self.problem(
                column,
                "imports.cell.coordinate",
                low=int(bounds[0]),
                high=int(bounds[1]),
                found=value[:40],
            )
            return None
        return number


def _school(row: _Row) -> DirectorySchool | None:
    number = row.matching("Schulnummer", _SCHOOL_NUMBER, "imports.expected.school-number")
    code = row.matching("Schulform", _CODE, "imports.expected.code")
    form = FORMS.get(code) if code else None
    if code and form is None:
        row.problem("Schulform", "imports.cell.unknown-form", code=code)
    parts = [row.text(f"Schulbezeichnung_{i}", required=i == 1) for i in (1, 2, 3)]
    street, city = row.text("Strasse"), row.text("Ort")
    postal_code = None
    if row.cells["PLZ"].strip():
        postal_code = row.matching("PLZ", _POSTAL_CODE, "imports.expected.postal-code")
    legal_form = None
    if row.cells["Rechtsform"].strip():
        legal = row.matching("Rechtsform", _DIGITS, "imports.expected.legal-form")
        legal_form = LEGAL_FORMS.get(legal) if legal else None
        if legal and legal_form is None:
            row.problem("Rechtsform", "imports.cell.unknown-legal-form", code=legal)
    operator = None
    if row.cells["Traegernummer"].strip():
        operator = row.matching("Traegernummer", _DIGITS, "imports.expected.number")
    municipality = row.matching(
        "Gemeindeschluessel", _MUNICIPALITY, "imports.expected.municipality"
    )
    status = row.matching("Schulbetriebsschluessel", _DIGITS, "imports.expected.number")
    epsg = row.cells["EPSG"].strip()
    if epsg not in ("", "null", EPSG):
        row.problem("EPSG", "imports.cell.epsg", expected=EPSG, found=epsg[:40])
    easting = row.coordinate("UTMRechtswert", _EASTING)
    northing = row.coordinate("UTMHochwert", _NORTHING)
    if (easting is None) != (northing is None) and not row.problems:
        row.problem(None, "imports.cell.half-coordinate")
    if row.problems or number is None or form is None or municipality is None or status is None:
        return None
    return DirectorySchool(
        line=row.line,
        number=number,
        form=form,
        name=" ".join(part for part in parts if part),
        street=street,
        postal_code=postal_code,
        city=city,
        legal_form=legal_form,
        operator_key=operator,
        municipality=municipality,
        status=status,
        easting=easting if northing is not None else None,
        northing=northing if easting is not None else None,
    )


def _records(
    rows: Iterator[tuple[int, list[str]]],
    file: str,
    header: tuple[str, ...],
    problems: list[RowProblem],
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row's cells by column, with its line; a blank row is passed over, and one
    with too few or too many cells becomes a problem instead."""
    for line, row in rows:
        if not row:
            continue
        if row[-1] == "" and len(row) == len(header) + 1:
            row = row[:-1]
        if len(row) != len(header):
            text = Text("imports.cell.count", found=len(row), expected=len(header))
            problems.append(RowProblem(file=file, line=line, column=None, text=text))
            continue
        yield line, dict(zip(header, row, strict=True))


def read_directory(path: str | Path) -> Directory:
    """The schools of ``schuldaten.csv``, and the rows left out with the reason for each."""
    location = Path(path)
    file = location.name
    schools: list[DirectorySchool] = []
    problems: list[RowProblem] = []
    listed: set[str] = set()
    lines: dict[str, int] = {}
    rows = _rows(location, COLUMNS, trailing=True)
    next(rows)
    for line, cells in _records(rows, file, COLUMNS, problems):
        number = cells["Schulnummer"].strip()
        if _SCHOOL_NUMBER.fullmatch(number):
            if number in lines:
                problems.append(
                    RowProblem(
                        file=file,
                        line=line,
                        column="Schulnummer",
                        text=Text("imports.cell.duplicate", number=number, first=lines[number]),
                    )
                )
                continue
            lines[number] = line
            listed.add(number)
        row = _Row(file, line, cells)
        school = _school(row)
        problems.extend(row.problems)
        if school is not None:
            schools.append(school)
    return Directory(
        source=str(location),
        schools=tuple(schools),
        problems=tuple(problems),
        listed=frozenset(listed),
    )


@frozen(kw_only=True)
class KeyTable:
    """A key table: code to label, and the rows left out."""

    labels: Mapping[str, str]
    problems: tuple[RowProblem, ...]


def read_key_table(path: str | Path) -> KeyTable:
    """A key table in the published layout: the code in column 1, the label in the others
    (joined by a blank, as ``key_traeger.csv`` spreads its names over three columns)."""
    location = Path(path)
    file = location.name
    labels: dict[str, str] = {}
    problems: list[RowProblem] = []
    rows = _rows(location, None)
    _, found = next(rows)
    header = tuple(found[:-1] if not found[-1] else found)
    for line, cells in _records(rows, file, header, problems):
        row = _Row(file, line, cells)
        code = row.text(header[0], required=True)
        parts = [row.text(column) for column in header[1:]]
        if not row.problems and code is not None:
            labels[code] = " ".join(part for part in parts if part)
        problems.extend(row.problems)
    return KeyTable(labels=labels, problems=tuple(problems))


@frozen(kw_only=True)
class Pupils:
    """Pupil numbers by school number, and the rows left out."""

    counts: Mapping[str, int]
    problems: tuple[RowProblem, ...]


_COUNT = re.compile(r"\d{1,6}")


def read_pupils(path: str | Path) -> Pupils:
    """``SchuelerGesamtZahl/anzahlen.csv``: the number of pupils of each school."""
    location = Path(path)
    file = location.name
    header = ("Schulnummer", "Anzahl")
    counts: dict[str, int] = {}
    problems: list[RowProblem] = []
    rows = _rows(location, header)
    next(rows)
    for line, cells in _records(rows, file, header, problems):
        row = _Row(file, line, cells)
        number = row.matching("Schulnummer", _SCHOOL_NUMBER, "imports.expected.school-number")
        count = row.matching("Anzahl", _COUNT, "imports.expected.count")
        problems.extend(row.problems)
        if number is not None and count is not None:
            counts[number] = int(count)
    return Pupils(counts=counts, problems=tuple(problems))
