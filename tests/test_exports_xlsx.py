"""XLSX: real types, frozen headers, privacy in the properties, identical bytes on every run."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from schulsozialarbeit import Carrier, CarrierKind, Registry, load
from schulsozialarbeit.examples import EXAMPLES, REFERENCE_DATES, example_path
from schulsozialarbeit.exports import to_xlsx

HERNE_DAY = REFERENCE_DATES["herne"]


def _herne() -> Registry:
    return load(Path(str(example_path("herne"))))


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _sheet(workbook: openpyxl.Workbook, name: str) -> Worksheet:
    sheet = workbook[name]
    assert isinstance(sheet, Worksheet)
    return sheet


def test_fte_cells_are_numbers_and_dates_are_dates() -> None:
    sheet = _sheet(_open(to_xlsx(_herne(), as_of=HERNE_DAY)), "Stellen")
    header = [cell.value for cell in sheet[1]]
    fte = header.index("Stellenanteil") + 1
    start = header.index("Beginn") + 1
    values = [sheet.cell(row=row, column=fte).value for row in range(2, sheet.max_row + 1)]
    assert all(isinstance(value, int | float) for value in values)
    assert sum(values) > 39  # type: ignore[arg-type]
    assert sheet.cell(row=2, column=start).value == datetime(2009, 8, 1)
    assert sheet.cell(row=2, column=start).number_format == "DD.MM.YYYY"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width > 8


def test_one_sheet_per_entity_after_the_key_figures() -> None:
    workbook = _open(to_xlsx(_herne(), as_of=HERNE_DAY))
    assert workbook.sheetnames == [
        "Kennzahlen",
        "Schulen",
        "Stellen",
        "Träger",
        "Netzwerke",
        "Termine",
    ]
    english = _open(to_xlsx(_herne(), as_of=HERNE_DAY, lang="en"))
    assert english.sheetnames == [
        "Key figures",
        "Schools",
        "Positions",
        "Carriers",
        "Networks",
        "Meetings",
    ]
    figures = _sheet(workbook, "Kennzahlen")
    assert figures["A1"].value == "Kennzahlen der Schulsozialarbeit am 30.11.2017"
    assert str(figures["A2"].value).startswith("Datenschutzstufe: öffentlich")


def test_privacy_level_is_a_document_property_and_public_names_no_staff() -> None:
    registry = _herne()
    public = to_xlsx(registry, as_of=HERNE_DAY)
    internal = to_xlsx(registry, as_of=HERNE_DAY, privacy="internal")
    assert [p.value for p in _open(public).custom_doc_props.props] == ["public"]  # type: ignore[attr-defined]
    assert [p.value for p in _open(internal).custom_doc_props.props] == ["internal"]  # type: ignore[attr-defined]
    public_text = _all_text(public)
    internal_text = _all_text(internal)
    for member in registry.staff:
        assert member.name not in public_text
        assert member.name in internal_text


def _all_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def test_text_that_looks_like_a_formula_stays_text() -> None:
    formula = '=HYPERLINK("https://example.org";"Klick")'
    carrier = Carrier(id="c", name=formula, kind=CarrierKind.PUBLIC)
    data = to_xlsx(Registry(name="r", carriers=(carrier,)), as_of=date(2020, 1, 1))
    assert _sheet(_open(data), "Träger")["B2"].value == formula
    assert "<f>" not in _all_text(data)


def test_every_workbook_is_byte_identical_across_runs() -> None:
    for name in EXAMPLES:
        registry = load(Path(str(example_path(name))))
        day = REFERENCE_DATES[name]
        assert to_xlsx(registry, as_of=day) == to_xlsx(registry, as_of=day)
    with zipfile.ZipFile(io.BytesIO(to_xlsx(_herne(), as_of=HERNE_DAY))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_plugins_workbook_from_the_hooks_helper() -> None:
    """``hooks.write_xlsx``: typed cells, text never a formula, same bytes, the privacy
    level marked as on the core's own workbooks."""
    from decimal import Decimal

    from schulsozialarbeit.hooks import write_xlsx

    Row = list[str | Decimal | date | None]
    sheets: list[tuple[str, list[str], list[Row]]] = [
        (
            "Schulen",
            ["Name", "Stellenanteil", "Beginn"],
            [["=1+1", Decimal("0.5"), date(2022, 1, 1)]],
        ),
        ("Stellen", ["Träger"], [[None], ["Caritas"]]),
    ]
    data = write_xlsx(sheets, title="Antrag", day=date(2022, 4, 30), privacy="internal")
    assert data == write_xlsx(sheets, title="Antrag", day=date(2022, 4, 30), privacy="internal")
    workbook = _open(data)
    assert workbook.sheetnames == ["Schulen", "Stellen"]
    assert [p.value for p in workbook.custom_doc_props.props] == ["internal"]  # type: ignore[attr-defined]
    assert workbook.properties.created == datetime(2022, 4, 30)
    first = _sheet(workbook, "Schulen")
    assert [cell.value for cell in first[2]] == ["=1+1", 0.5, datetime(2022, 1, 1)]
    assert first["A2"].data_type == "s"
    assert [cell.value for cell in _sheet(workbook, "Stellen")["A"]] == ["Träger", None, "Caritas"]
