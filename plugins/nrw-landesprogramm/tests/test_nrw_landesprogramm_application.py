"""The list for the application and the proof of use, as the office gets it: written by the
installed command line, opened with openpyxl and LibreOffice, read as CSV the way German
Excel reads it; with correct sums, for the funding year of ``--as-of``, and without a
person's data or pay in a public file."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

import schulsozialarbeit_nrw_landesprogramm as nrw
from schulsozialarbeit import Plugins
from schulsozialarbeit.hooks import ExportOptions, Registry
from schulsozialarbeit.model import AnnualCosts, Assignment, Carrier, CarrierKind, Position
from schulsozialarbeit.testing import CliResult

NAME = "nrw-landesprogramm"
Cli = Callable[[Sequence[str | Path]], CliResult]
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def soest(ssa_cli: Cli, tmp_path: Path) -> Path:
    folder = tmp_path / "kreis-soest"
    assert ssa_cli(["init", folder, "--example", "kreis-soest"]).status == 0
    return folder


def _export(folder: Path, target: Path, *options: str) -> Path:
    """The command a user types, in a process of its own."""
    command = [sys.executable, "-m", "schulsozialarbeit", "--plugin", NAME, "export"]
    command += [str(folder), "-o", str(target), *options]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    return target


def _sheet(path: Path, name: str) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path)[name]
    assert isinstance(sheet, Worksheet)
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _about(path: Path) -> dict[object, object]:
    return {row[0]: row[1] for row in _sheet(path, "Angaben")[1:]}


def _number(value: object) -> Decimal:
    assert isinstance(value, int | float), value
    return Decimal(str(value))


def _check_sums(rows: list[list[object]], columns: Sequence[int]) -> list[Decimal]:
    """The last row's sums, each checked against the rows above it."""
    *body, total = rows[1:]
    sums = []
    for column in columns:
        expected = sum(
            (_number(row[column]) for row in body if row[column] is not None), Decimal(0)
        )
        assert _number(total[column]) == expected, (rows[0][column], total[column], expected)
        sums.append(expected)
    return sums


def test_the_workbook_of_a_funding_year_has_correct_sums(soest: Path, tmp_path: Path) -> None:
    path = _export(
        soest,
        tmp_path / "antrag.xlsx",
        *("--format", NAME, "--as-of", "2022-06-30", "--privacy", "internal"),
    )
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Angaben", "Schulen", "Stellen"]
    about = _about(path)
    assert about["Förderjahr"] == "2022"
    assert about["Antragsfrist"] == "30.04.2022"
    assert about["Antragsteller"] == "Kreis Soest"
    assert about["Fördersatz höchstens"] == "80 %"
    assert about["Datenschutzstufe"] == "intern"

    schools = _sheet(path, "Schulen")
    assert schools[0] == [
        "Schulnummer",
        "Schule",
        "Schulform",
        "Träger",
        "Stellenanteil",
        "davon Landesprogramm",
    ]
    assert [row[:3] for row in schools[1:-1]] == [
        ["990205", "Sekundarschule Warstein", "Sekundarschule"],
        ["990206", "Sekundarschule Erwitte-Anröchte", "Sekundarschule"],
    ]
    assert schools[-1][1] == "Summe"
    assert _check_sums(schools, [4, 5]) == [Decimal(2), Decimal(2)]

    positions = _sheet(path, "Stellen")
    header = positions[0]
    assert header[:8] == [
        "Stelle",
        "Träger",
        "Förderart",
        "Stellenanteil",
        "von",
        "bis",
        "Schulen",
        "Finanzierung",
    ]
    assert [row[0] for row in positions[1:-1]] == ["stelle-s04", "stelle-s05"]
    assert positions[1][4:6] == [datetime(2022, 1, 1), datetime(2022, 12, 31)]
    assert positions[1][6] == "Sekundarschule Warstein (990205): 1"
    # personnel, material, total and the grant: 80 % of the total, under the 70,000 cap
    assert _check_sums(positions, [3, 8, 9, 10, 11]) == [
        Decimal(2),
        Decimal(64800 + 63900),
        Decimal(2400 + 2100),
        Decimal(67200 + 66000),
        Decimal("53760") + Decimal("52800"),
    ]


def test_the_funding_year_is_that_of_as_of(soest: Path, tmp_path: Path) -> None:
    path = _export(
        soest,
        tmp_path / "antrag.xlsx",
        *("--format", NAME, "--as-of", "2023-01-15", "--privacy", "internal"),
    )
    positions = _sheet(path, "Stellen")
    assert [row[11] for row in positions[1:]] == [55600, 54640, 55600 + 54640]
    assert _about(path)["Antragsfrist"] == "30.04.2023"


def test_a_public_list_carries_no_person_and_no_pay(soest: Path, tmp_path: Path) -> None:
    from schulsozialarbeit import load

    registry = load(soest)
    path = _export(soest, tmp_path / "public.xlsx", "--format", NAME, "--as-of", "2022-06-30")
    with zipfile.ZipFile(path) as archive:
        text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    people = [member.name for member in registry.staff]
    people += [c.name for office in registry.offices for c in office.contacts if c.name]
    assert people
    assert [name for name in people if name in text] == []
    assert [cost for cost in ("64800", "63900", "2400", "2100") if cost in text] == []
    header = _sheet(path, "Stellen")[0]
    assert header == [
        "Stelle",
        "Träger",
        "Förderart",
        "Stellenanteil",
        "von",
        "bis",
        "Schulen",
        "Finanzierung",
    ]
    workbook = openpyxl.load_workbook(path)
    assert [p.value for p in workbook.custom_doc_props.props] == ["public"]  # type: ignore[attr-defined]

    for format in ("nrw-landesprogramm-stellen", "nrw-landesprogramm-schulen"):
        written = _export(soest, tmp_path / f"{format}.csv", "--format", format)
        data = written.read_bytes()
        assert [name for name in people if name.encode() in data] == []
        assert [cost for cost in ("64800", "63900") if cost.encode() in data] == []


def test_the_csv_opens_in_german_excel_with_its_sums(soest: Path, tmp_path: Path) -> None:
    written = _export(
        soest,
        tmp_path / "stellen.csv",
        *("--format", "nrw-landesprogramm-stellen", "--as-of", "2022-06-30"),
        *("--privacy", "internal"),
    )
    data = written.read_bytes()
    assert data.startswith(BOM)
    assert data.count(b"\r\n") == 4  # the header, two posts, the sums
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[-1] == ["Summe", "", "", "2", "", "", "", "", "128700", "4500", "133200", "106560"]
    assert rows[1][4:6] == ["01.01.2022", "31.12.2022"]

    schools = _export(
        soest,
        tmp_path / "schulen.csv",
        *("--format", "nrw-landesprogramm-schulen", "--as-of", "2022-06-30", "--lang", "en"),
    )
    rows = list(csv.reader(io.StringIO(schools.read_text("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][0] == "School number"
    assert rows[-1] == ["", "Total", "", "", "2", "2"]


@pytest.fixture
def registry(ssa_example: Callable[[str], Registry]) -> Registry:
    """Kreis Soest with a post that starts in July, another that moves school in April, and a
    carrier whose name looks like a formula."""
    soest = ssa_example("kreis-soest")
    programme = ("nrw-landesprogramm",)
    july = Position(
        id="stelle-juli",
        carrier="formel",
        fte=Decimal(1),
        assignments=(Assignment(school="gs-soest-ost", fte=Decimal(1)),),
        start=date(2022, 7, 1),
        programmes=programme,
        costs=(AnnualCosts(year=2022, personnel=Decimal(50000), material=Decimal(2000)),),
    )
    moving = Position(
        id="stelle-wechsel",
        carrier="formel",
        fte=Decimal("0.5"),
        assignments=(
            Assignment(school="gs-soest-ost", fte=Decimal("0.5"), end=date(2022, 3, 31)),
            Assignment(school="gs-geseke-mitte", fte=Decimal("0.5"), start=date(2022, 4, 1)),
        ),
        start=date(2020, 1, 1),
        programmes=programme,
    )
    formula = Carrier(id="formel", name='=HYPERLINK("x")', kind=CarrierKind.INDEPENDENT)
    return attrs.evolve(
        soest,
        carriers=(*soest.carriers, formula),
        positions=(*soest.positions, july, moving),
    )


def test_a_school_counts_the_part_of_the_year_its_posts_ran(
    ssa_plugins: Callable[..., Plugins], registry: Registry
) -> None:
    plugins = ssa_plugins(nrw, NAME)
    options = ExportOptions(as_of=date(2022, 6, 30), privacy="internal")
    outcome = plugins.export(registry, "nrw-landesprogramm-schulen", options)
    assert outcome.faults == ()
    assert outcome.value is not None
    rows = {
        row[1]: row
        for row in csv.reader(io.StringIO(outcome.value.decode("utf-8-sig")), delimiter=";")
    }
    # Soest-Ost: Caritas's 0.5 all year, the July post 1.0 for 184 of 365 days (0.504), the
    # moving post 0.5 for 90 days (0.123); the programme's part is the last two. Each school's
    # share is rounded once, from the exact sum.
    assert rows["Grundschule Soest-Ost"][4:] == ["1,13", "0,63"]
    # Geseke-Mitte: the BuT post 0.5, and the moving post 0.5 for 275 days (0.377).
    assert rows["Grundschule Geseke-Mitte"][4:] == ["0,88", "0,38"]
    assert (
        rows["Grundschule Soest-Ost"][3] == '\'=HYPERLINK("x"); Caritasverband für den Kreis Soest'
    )

    stellen = plugins.export(registry, "nrw-landesprogramm-stellen", options).value
    assert stellen is not None
    july = next(line for line in stellen.decode("utf-8-sig").splitlines() if "stelle-juli" in line)
    # 80 % of 52,000 would be 41,600: the cap, 70,000 for the half year the post ran, is less.
    assert july.endswith(
        ";01.07.2022;31.12.2022;Grundschule Soest-Ost (990203): 1;;50000;2000;52000;35287,67"
    )


def test_a_post_lists_the_schools_it_served_in_the_year(
    ssa_plugins: Callable[..., Plugins], registry: Registry
) -> None:
    plugins = ssa_plugins(nrw, NAME)
    for day, schools in (
        (date(2022, 6, 30), "Grundschule Soest-Ost (990203): 0,5; Grundschule Geseke-Mitte"),
        (date(2023, 6, 30), "Grundschule Geseke-Mitte"),
    ):
        data = plugins.export(registry, f"{NAME}-stellen", ExportOptions(as_of=day)).value
        assert data is not None
        rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
        moving = next(row for row in rows if row[0] == "stelle-wechsel")
        assert moving[6].startswith(schools)
        assert ("Soest-Ost" in moving[6]) == (day.year == 2022)


def test_the_same_registry_gives_the_same_bytes(
    ssa_plugins: Callable[..., Plugins], registry: Registry
) -> None:
    plugins = ssa_plugins(nrw, NAME)
    options = ExportOptions(as_of=date(2022, 6, 30), privacy="internal")
    first = plugins.export(registry, NAME, options).value
    assert first is not None
    assert first == plugins.export(registry, NAME, options).value


def test_libreoffice_opens_the_workbook(soest: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-calc-nogui")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed: apt-get install poppler-utils")
    path = _export(
        soest,
        tmp_path / "antrag.xlsx",
        *("--format", NAME, "--as-of", "2022-06-30", "--privacy", "internal"),
    )
    profile = tmp_path / "profile"
    converted = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "antrag.pdf"
    assert pdf.exists(), converted.stderr
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for shown in ("Förderjahr", "Sekundarschule Warstein", "stelle-s05", "Summe"):
        assert shown in text
    # the sums as LibreOffice shows them: FTE, personnel, material, total, grant
    for total in ("128700", "4500", "133200", "106560"):
        assert total in text


def test_the_installed_plugin_lists_its_hooks_and_formats(ssa_cli: Cli) -> None:
    listed = ssa_cli(["--plugin", NAME, "plugins", "--format", "json"])
    assert (listed.status, listed.stderr) == (0, "")
    mine = {p["name"]: p for p in json.loads(listed.stdout)["plugins"]}[NAME]
    assert mine["hooks"] == ["exporters", "extra_figures", "validation_issues"]
    assert mine["formats"] == [NAME, f"{NAME}-schulen", f"{NAME}-stellen"]


README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readmes_commands_run(tmp_path: Path) -> None:
    """The commands of the README's export section, as they stand, give what it says."""
    import re
    import shlex

    block = re.search(r"```sh\n(schulsozialarbeit init .*?)```", README.read_text("utf-8"), re.S)
    assert block
    for line in block[1].splitlines():
        words = shlex.split(line)
        assert words[0] == "schulsozialarbeit"
        command = [sys.executable, "-m", "schulsozialarbeit", *words[1:]]
        ran = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert (ran.returncode, ran.stderr) == (0, ""), line
    assert _about(tmp_path / "antrag-2022.xlsx")["Förderjahr"] == "2022"
    schools = (tmp_path / "schulen-2022.csv").read_text("utf-8-sig").splitlines()
    assert schools[-1] == ";Summe;;;2;2"
    positions = (tmp_path / "stellen-2022.csv").read_text("utf-8-sig").splitlines()
    assert positions[-1].endswith(";133200;106560")
