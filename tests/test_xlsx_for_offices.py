"""The XLSX workbook as a German office opens and prints it.

openpyxl reads what the file says (sheet names, headers, values, print setup, widths, row
heights); LibreOffice Calc under a German locale prints it to PDF, and the PDF shows what
lands on paper: every page numbered, headers whole, text large enough to read, and German
throughout.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from schulsozialarbeit.examples import example_path

from .browser import pdf_pages, pdf_smallest_text

HERNE = Path(str(example_path("herne")))
#: Enum values as the registry writes them; a person reads their names instead.
_RAW_VALUES = {"independent", "public", "in_person", "online", "hybrid", "held", "planned"}
#: A number with a decimal point, not a date (30.11.2017).
_DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
#: The smallest text, in points, a printed page may carry and still be read.
_READABLE = 6.0


def _workbook(tmp_path: Path, *options: str, command: str = "report") -> tuple[Path, bytes]:
    target = tmp_path / f"herne-{command}.xlsx"
    extra = ["--as-of", "2017-11-30"]
    arguments = [command, str(HERNE), *extra, "--format", "xlsx", "-o", str(target)]
    done = subprocess.run(
        [sys.executable, "-m", "schulsozialarbeit", *options, *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return target, target.read_bytes()


def _sheets(data: bytes) -> list[Worksheet]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets: list[Worksheet] = []
    for sheet in book.worksheets:
        assert isinstance(sheet, Worksheet)
        sheets.append(sheet)
    return sheets


def _texts(sheet: Worksheet) -> list[str]:
    return [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


@pytest.mark.parametrize("command", ["report", "export"])
def test_sheet_names_headers_and_values_are_german_under_lang_de(
    tmp_path: Path, command: str
) -> None:
    _, data = _workbook(tmp_path, "--lang", "de", command=command)
    sheets = {sheet.title: sheet for sheet in _sheets(data)}
    assert list(sheets) == ["Kennzahlen", "Schulen", "Stellen", "Träger", "Netzwerke", "Termine"]
    carriers = sheets["Träger"]
    assert [c.value for c in carriers[1]][:3] == ["Kennung", "Name", "Art"]
    assert {row[2].value for row in carriers.iter_rows(min_row=2)} == {
        "öffentlicher Träger",
        "freier Träger",
    }
    meetings = sheets["Termine"]
    header = [c.value for c in meetings[1]]
    status = header.index("Stand")
    venue = header.index("Ort der Sitzung")
    assert meetings.cell(row=2, column=status + 1).value == "stattgefunden"
    assert str(meetings.cell(row=2, column=venue + 1).value).startswith("vor Ort\n")
    for sheet in sheets.values():
        assert not _RAW_VALUES & set(_texts(sheet)), sheet.title
        assert not [t for t in _texts(sheet) if _DECIMAL_POINT.search(t)], sheet.title


def test_english_on_request(tmp_path: Path) -> None:
    _, data = _workbook(tmp_path, "--lang", "en")
    sheets = {sheet.title: sheet for sheet in _sheets(data)}
    assert list(sheets)[1:] == ["Schools", "Positions", "Carriers", "Networks", "Meetings"]
    positions = sheets["Positions"]
    assert [c.value for c in positions[1]][:3] == ["ID", "Carrier", "FTE"]
    assignments = [str(row[3].value) for row in positions.iter_rows(min_row=2)]
    assert "hs-eickeler-markt: 0.5" in assignments


def test_decimal_commas_inside_german_text_cells(tmp_path: Path) -> None:
    _, data = _workbook(tmp_path)
    positions = {sheet.title: sheet for sheet in _sheets(data)}["Stellen"]
    assignments = [str(row[3].value) for row in positions.iter_rows(min_row=2)]
    assert "hs-eickeler-markt: 0,5" in assignments


def test_every_sheet_prints_landscape_as_wide_as_a_page_with_its_header_rows(
    tmp_path: Path,
) -> None:
    _, data = _workbook(tmp_path)
    for sheet in _sheets(data):
        setup = sheet.page_setup
        assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
        assert sheet.sheet_properties.pageSetUpPr is not None
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"


def test_columns_fit_their_header_words_and_wrapped_cells_get_their_height(
    tmp_path: Path,
) -> None:
    _, data = _workbook(tmp_path)
    for sheet in _sheets(data)[1:]:
        for column, cell in enumerate(sheet[1], 1):
            width = sheet.column_dimensions[get_column_letter(column)].width
            longest = max(len(word) for word in str(cell.value).split())
            assert width >= longest * 1.2, (sheet.title, cell.value, width)
        for row in sheet.iter_rows(min_row=2):
            for column, cell in enumerate(row, 1):
                if not isinstance(cell.value, str):
                    continue
                width = sheet.column_dimensions[get_column_letter(column)].width
                assert cell.alignment.wrap_text
                lines = sum(
                    len(textwrap.wrap(line, int(width) - 2)) or 1 for line in cell.value.split("\n")
                )
                if lines > 1:
                    height = sheet.row_dimensions[cell.row].height
                    assert height is not None
                    assert height >= lines * 15, (sheet.title, cell.coordinate)


def test_a_blank_row_before_each_section_of_the_key_figures(tmp_path: Path) -> None:
    _, data = _workbook(tmp_path)
    figures = _sheets(data)[0]
    titles = [
        "Schulformen",
        "Träger",
        "Trägerarten",
        "Finanzierung",
        "Offene Stellen",
        "Befristungen in den nächsten 6 Monaten",
    ]
    rows: dict[str, int] = {}
    for row in figures.iter_rows():
        if row[0].value:
            rows.setdefault(str(row[0].value), row[0].row)  # a title comes before its header
    for title in titles:
        before = [c.value for c in figures[rows[title] - 1]]
        assert before == [None] * len(before), title


def _libreoffice() -> str:
    """LibreOffice, with the font that gives Calibri's widths (a column of Excel's width
    holds the same text); without it a fallback font lays every sheet out wider."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("needs LibreOffice Calc: apt-get install libreoffice-calc-nogui")
    listed = ""
    if shutil.which("fc-list") is not None:
        listed = subprocess.run(["fc-list", "Carlito"], capture_output=True, text=True).stdout
    if "Carlito" not in listed:
        reason = (
            "needs the Carlito font (Calibri's metrics): apt-get install fonts-crosextra-carlito"
        )
        pytest.skip(reason)
    return found


def _printed(tmp_path: Path, workbook: Path) -> Path:
    """The workbook printed by LibreOffice under German settings, as an office would."""
    profile = tmp_path / "lo-profile"
    environment = {**os.environ, "LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"}
    convert = ["--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(workbook)]
    subprocess.run(
        [_libreoffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", *convert],
        capture_output=True,
        env=environment,
        check=True,
        timeout=180,
    )
    return tmp_path / "pdf" / workbook.with_suffix(".pdf").name


def test_the_herne_workbook_printed_by_libreoffice_is_readable_and_german(
    tmp_path: Path,
) -> None:
    workbook, data = _workbook(tmp_path, "--lang", "de")
    pdf = _printed(tmp_path, workbook)
    pages = list(zip(pdf_pages(pdf), pdf_smallest_text(pdf), strict=True))
    sheets = _sheets(data)
    assert len(pages) < 20  # 36 before there was a print setup
    for number, (text, smallest) in enumerate(pages, 1):
        assert f"Seite {number} von {len(pages)}" in text
        assert "Schulsozialarbeit in Herne · 30.11.2017" in text
        assert smallest >= _READABLE, (number, smallest)
        assert not _RAW_VALUES & set(text.split()), number
    words = {word for text, _ in pages for word in text.split()}
    for sheet in sheets[1:]:
        # Every header's every word printed whole: a cut header splits a word in two.
        for column, cell in enumerate(sheet[1], 1):
            if sheet.column_dimensions[get_column_letter(column)].hidden:
                continue
            assert set(str(cell.value).split()) <= words, (sheet.title, cell.value)
    # Every text cell printed whole: a row too low for its wrapped lines would cut some off.
    printed = "".join("".join(text.split()) for text, _ in pages)
    for sheet in sheets:
        for row in sheet.iter_rows():
            for column, cell in enumerate(row, 1):
                if sheet.column_dimensions[get_column_letter(column)].hidden:
                    continue
                if isinstance(cell.value, str):
                    assert "".join(cell.value.split()) in printed, (sheet.title, cell.coordinate)
    everything = "\n".join(text for text, _ in pages)
    assert "Stadt Herne 27 23,5" in everything  # numbers with the German decimal comma
    assert "7.5" not in everything
