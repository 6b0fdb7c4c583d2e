"""``import schools``: the NRW school directory, as published, into a registry people keep.

The fixture under tests/schuldaten is written for these tests in the directory's published
layout (``sep=;`` on line 1, the 24 columns and an empty 25th, CRLF); its schools and
numbers are invented. 2025 is 2024 with one school renamed and moved, one added and one
closed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import html5lib
import openpyxl
import pytest

import schulsozialarbeit as ssa
from schulsozialarbeit.imports import FORMS
from schulsozialarbeit.model import LegalForm, SchoolForm

DATA = Path(__file__).parent / "schuldaten"
Y2024, Y2025 = DATA / "2024", DATA / "2025"

REGISTRY = """\
# Register des Kreises Soest
name = "Schulsozialarbeit im Kreis Soest"

[[regions]]
id = "kreis-soest"
name = "Kreis Soest"
kind = "kreis"
key = "05974000"  # Regionalschlüssel

# Von Hand erfasst, bevor es den Import gab
[[schools]]
id = "gs-stadtpark"
name = "GS Stadtpark"
form = "grundschule"
region = "kreis-soest"
school_number = "199001"
district = "soest-mitte"
contacts = [{ role = "Schulleitung", name = "Erika Beispiel" }]
cooperation_agreement = 2021-02-01

[[districts]]
id = "soest-mitte"
name = "Soest-Mitte"
region = "kreis-soest"

[[carriers]]
id = "caritas"
name = "Caritas Soest"
kind = "independent"

[[staff]]
id = "fk-1"
name = "Max Muster"

[[positions]]
id = "stelle-1"
carrier = "caritas"
fte = 0.5
start = 2021-02-01
holder = "fk-1"
assignments = [{ school = "gs-stadtpark", fte = 0.5 }]
"""


def cli(*args: str | Path, block_pyproj: bool = False) -> subprocess.CompletedProcess[str]:
    """The installed command line in a process of its own, as a user runs it."""
    code = "import sys; from schulsozialarbeit.cli import main; sys.exit(main())"
    if block_pyproj:
        code = "import sys; sys.modules['pyproj'] = None; " + code
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LANG": "C.UTF-8"},
    )


def import_schools(registry: Path, year: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return cli(
        "import",
        "schools",
        registry,
        year / "schuldaten.csv",
        "--keys",
        Y2024,
        "--pupils",
        year / "SchuelerGesamtZahl" / "anzahlen.csv",
        *more,
    )


def table(stdout: str) -> list[list[str]]:
    """The rows of the change table: change, number, school, fields (split on 2+ blanks)."""
    lines = stdout.splitlines()
    rows = lines[2 : next(i for i, line in enumerate(lines) if line[:1].isdigit())]
    return [re.split(r"\s{2,}", line.strip()) for line in rows]


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "registry.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def test_a_kreis_comes_in_with_forms_pupils_and_school_numbers(registry: Path) -> None:
    result = import_schools(registry, Y2024)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    loaded = ssa.load(registry)
    numbers = {s.school_number or "": s for s in loaded.schools}
    # The 15 schools of Kreis Soest in operation; not Herne's or Olpe's, not the closed one.
    assert sorted(numbers) == [f"1990{i:02d}" for i in range(1, 16)]
    assert {s.form for s in loaded.schools} == set(FORMS.values())
    assert numbers["199003"].form is SchoolForm.VOLKSSCHULE
    assert numbers["199011"].form is SchoolForm.HIBERNIASCHULE
    assert numbers["199012"].form is SchoolForm.WALDORFFOERDERSCHULE
    assert numbers["199012"].legal_form is LegalForm.PRIVATE
    assert numbers["199015"].pupils == 2140
    assert numbers["199015"].name == "Berufskolleg Lippstadt des Kreises Soest"
    assert numbers["199015"].operator == "Kreis Soest"
    assert numbers["199003"].operator == "Evangelische Schulstiftung am Hellweg (erfunden)"
    # The UTM coordinates, converted, land where they were taken from (EPSG null too).
    soest = numbers["199001"].address
    assert soest is not None
    assert soest.geo is not None
    assert abs(soest.geo.latitude - Decimal("51.5711")) < Decimal("0.00001")
    assert abs(soest.geo.longitude - Decimal("8.1060")) < Decimal("0.00001")
    warstein = numbers["199007"].address
    assert warstein is not None
    assert warstein.geo is not None
    assert abs(warstein.geo.latitude - Decimal("51.445")) < Decimal("0.00001")
    # The school typed in by hand is matched by its number and keeps what the office keeps.
    hand = numbers["199001"]
    assert (hand.id, hand.district, hand.cooperation_agreement) == (
        "gs-stadtpark",
        "soest-mitte",
        date(2021, 2, 1),
    )
    assert hand.contacts[0].name == "Erika Beispiel"
    assert hand.name == "Grundschule am Stadtpark"
    assert loaded.positions[0].assignments[0].school == "gs-stadtpark"
    # Source and licence are recorded, and every imported school names the source.
    (source,) = loaded.sources
    assert source.licence == "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    assert {s.source for s in loaded.schools} == {source.id}
    text = registry.read_text(encoding="utf-8")
    assert text.startswith(REGISTRY[: REGISTRY.index('name = "GS Stadtpark"')])
    assert "# Von Hand erfasst, bevor es den Import gab" in text
    assert 'key = "05974000"  # Regionalschlüssel' in text
    # New schools follow the last school, before the districts.
    assert text.index('school_number = "199015"') < text.index("[[districts]]")
    assert ssa.validate(loaded).ok


def test_a_second_import_reports_exactly_the_changed_added_and_closed_school(
    registry: Path,
) -> None:
    assert import_schools(registry, Y2024).returncode == 0
    # The office works with the registry: a position at two imported schools, a comment.
    with registry.open("a", encoding="utf-8") as stream:
        stream.write(
            '\n# Neue Stelle ab August\n[[positions]]\nid = "stelle-2"\n'
            'carrier = "caritas"\nfte = 1.0\nstart = 2024-08-01\n'
            'assignments = [{ school = "schule-199005", fte = 0.5 }, '
            '{ school = "schule-199002", fte = 0.5 }]\n'
        )
    before_text = registry.read_text(encoding="utf-8")
    before = ssa.load(registry)

    dry = import_schools(registry, Y2025, "--dry-run", "--lang", "en")
    assert dry.returncode == 0, dry.stderr
    assert table(dry.stdout) == [
        ["no longer in operation", "199002", "Hauptschule Lippstadt-Süd", "(aufgelöst)"],
        ["changed", "199005", "Realschule am Wall Soest", "name, address, pupils"],
        ["added", "199017", "Grundschule Lippstadt-Nord"],
    ]
    assert "1 added, 1 changed, 1 no longer in operation, 0 no longer listed, 13 unchanged" in (
        dry.stdout
    )
    assert "nothing written" in dry.stdout
    assert registry.read_text(encoding="utf-8") == before_text

    result = import_schools(registry, Y2025)
    assert result.returncode == 0, result.stderr
    assert table(result.stdout) == [
        ["nicht mehr in Betrieb", "199002", "Hauptschule Lippstadt-Süd", "(aufgelöst)"],
        ["geändert", "199005", "Realschule am Wall Soest", "Name, Anschrift, Schülerzahl"],
        ["neu", "199017", "Grundschule Lippstadt-Nord"],
    ]
    after = ssa.load(registry)
    numbers = {s.school_number: s for s in after.schools}
    assert numbers["199005"].pupils == 512
    assert numbers["199005"].address is not None
    assert numbers["199005"].address.street == "Am Wall 3"
    assert numbers["199017"].region == "kreis-soest"
    # The closed school stays, with its position: winding it up is the office's decision.
    assert numbers["199002"] == {s.school_number: s for s in before.schools}["199002"]
    for collection in ("positions", "staff", "carriers", "districts", "regions"):
        assert getattr(after, collection) == getattr(before, collection), collection
    hand = numbers["199001"]
    assert hand.contacts == before.schools[0].contacts
    assert hand.cooperation_agreement == before.schools[0].cooperation_agreement
    assert "# Neue Stelle ab August" in registry.read_text(encoding="utf-8")

    again = import_schools(registry, Y2025)
    assert table(again.stdout) == [
        ["nicht mehr in Betrieb", "199002", "Hauptschule Lippstadt-Süd", "(aufgelöst)"]
    ]


def test_schools_the_directory_no_longer_lists_are_reported_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "kreis-soest"
    assert cli("init", folder, "--example", "kreis-soest").returncode == 0
    before = ssa.load(folder)
    result = cli("import", "schools", folder, Y2024 / "schuldaten.csv", "--lang", "en")
    assert result.returncode == 0, result.stderr
    gone = [row for row in table(result.stdout) if row[0] == "no longer listed"]
    assert sorted(row[1] for row in gone) == sorted(
        s.school_number for s in before.schools if s.school_number
    )
    after = ssa.load(folder)
    assert after.schools[: len(before.schools)] == before.schools
    assert after.positions == before.positions
    # A folder gets its new collection in a file of its own; the others keep their bytes.
    assert (folder / "sources.toml").is_file()
    assert ssa.validate(after, as_of=None).ok


def test_a_json_registry_is_imported_into_too(tmp_path: Path) -> None:
    path = tmp_path / "registry.json"
    ssa.dump(ssa.loads(REGISTRY), path)
    result = import_schools(path, Y2024)
    assert result.returncode == 0, result.stderr
    assert len(ssa.load(path).schools) == 15


def test_area_picks_a_kreis_or_a_city_and_needs_a_region_for_it(tmp_path: Path) -> None:
    path = tmp_path / "herne.toml"
    path.write_text(
        'name = "Herne"\n[[regions]]\nid = "herne"\nname = "Herne"\n'
        'kind = "kreisfreie_stadt"\nkey = "05916000"\n',
        encoding="utf-8",
    )
    result = cli("import", "schools", path, Y2024 / "schuldaten.csv", "--area", "05916")
    assert result.returncode == 0, result.stderr
    assert [s.name for s in ssa.load(path).schools] == ["Grundschule Herne-Mitte"]

    text = path.read_text(encoding="utf-8")
    refused = cli("import", "schools", path, Y2024 / "schuldaten.csv", "--area", "059")
    assert refused.returncode == 2
    assert "05966024" in refused.stderr
    assert "05974040" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert path.read_text(encoding="utf-8") == text
    assert cli("import", "schools", path, Y2024 / "schuldaten.csv", "--area", "K1").returncode == 2


def _refused(registry: Path, csv: Path, *expected: str) -> None:
    before = registry.read_bytes()
    result = cli("import", "schools", registry, csv)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for part in expected:
        assert part in result.stderr, result.stderr
    assert registry.read_bytes() == before


def test_a_file_that_is_not_the_directory_is_refused_whole(registry: Path, tmp_path: Path) -> None:
    published = (Y2024 / "schuldaten.csv").read_bytes().decode("utf-8")
    # Our own CSV export of the schools, which a user may well take for the directory.
    exported = tmp_path / "schulen.csv"
    export = ("export", registry, "--format", "csv", "--entity", "schools", "-o", exported)
    assert cli(*export).returncode == 0
    _refused(registry, exported, "schulen.csv", "sep=;")
    # The directory saved again by a spreadsheet without the sep line.
    no_sep = tmp_path / "ohne-sep.csv"
    no_sep.write_text(published.split("\r\n", 1)[1], encoding="utf-8")
    _refused(registry, no_sep, "ohne-sep.csv", "Zeile 1", "sep=;")
    # A column missing from the header.
    short = tmp_path / "spalte-fehlt.csv"
    short.write_text(published.replace("Kurzbezeichnung;", "", 1), encoding="utf-8")
    _refused(registry, short, "spalte-fehlt.csv", "Zeile 2", "Kurzbezeichnung")
    # Latin-1, not UTF-8.
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(published.encode("latin-1"))
    _refused(registry, latin, "latin1.csv", "UTF-8")
    # A key table instead of the directory.
    _refused(registry, Y2024 / "key_traeger.csv", "key_traeger.csv", "Zeile 2")
    _refused(registry, tmp_path / "fehlt.csv", "fehlt.csv")


def test_bad_rows_are_named_by_line_and_column_and_left_out(registry: Path, tmp_path: Path) -> None:
    lines = (Y2024 / "schuldaten.csv").read_bytes().decode("utf-8").split("\r\n")
    # lines[k] is line k + 1 of the file and holds school 1990(k - 1).
    lines[4] = lines[4].replace(";59457;", ";5945;")
    lines[6] = lines[6].replace("199005;10;", "199005;99;")
    lines[8] = lines[8].replace(";null;", ";4326;")
    lines[10] = lines[10].rsplit(";", 5)[0]
    lines[12] = lines[12].replace("199011;", "199010;", 1)
    lines[14] = lines[14].replace(";5712500.0;", ";57125.0;")
    broken = tmp_path / "schuldaten.csv"
    broken.write_bytes("\r\n".join(lines).encode("utf-8"))
    result = cli("import", "schools", registry, broken)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "schuldaten.csv, Zeile 5, Spalte PLZ: erwartet eine fünfstellige Postleitzahl, "
        "gefunden „5945“; Zeile ausgelassen",
        "schuldaten.csv, Zeile 7, Spalte Schulform: Schulform 99 ist keine bekannte Schulform; "
        "Zeile ausgelassen",
        "schuldaten.csv, Zeile 9, Spalte EPSG: erwartet 25832 oder null, gefunden „4326“; "
        "Zeile ausgelassen",
        "schuldaten.csv, Zeile 11: 20 Felder, erwartet 24; Zeile ausgelassen",
        "schuldaten.csv, Zeile 13, Spalte Schulnummer: Schulnummer 199010 steht schon in "
        "Zeile 12; Zeile ausgelassen",
        "schuldaten.csv, Zeile 15, Spalte UTMHochwert: erwartet eine UTM-Koordinate zwischen "
        "5550000 und 5850000, gefunden „57125.0“; Zeile ausgelassen",
    ]
    numbers = {s.school_number for s in ssa.load(registry).schools}
    assert numbers == {f"1990{i:02d}" for i in range(1, 16)} - {
        "199003",
        "199005",
        "199007",
        "199009",
        "199011",
        "199013",
    }


def test_without_pyproj_coordinates_are_left_and_the_user_told_how_to_get_them(
    registry: Path,
) -> None:
    result = cli("import", "schools", registry, Y2024 / "schuldaten.csv", block_pyproj=True)
    assert result.returncode == 0, result.stderr
    assert "schulsozialarbeit[geo]" in result.stderr
    assert all(s.address is None or s.address.geo is None for s in ssa.load(registry).schools)


def test_the_fixture_is_in_the_published_layout() -> None:
    """What the tests read is what the Schulministerium publishes: checked byte by byte
    where the layout says so, so that a test cannot pass on a friendlier file."""
    raw = (Y2024 / "schuldaten.csv").read_bytes()
    assert raw.startswith(b"sep=;\r\nSchulnummer;Schulform;Schulbezeichnung_1;")
    header = raw.split(b"\r\n")[1].decode()
    assert header.endswith("UTMRechtswert;UTMHochwert;")
    assert len(header.split(";")) == 25
    for line in raw.split(b"\r\n")[2:-1]:
        assert len(line.decode("utf-8").split(";")) == 25


def _chromium_text(page: Path) -> str:
    """The text of the page's body as headless Chromium builds its DOM."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("needs Chromium: apt-get install chromium")
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    body = html5lib.parse(dom, namespaceHTMLElements=False).find("body")
    assert body is not None
    return " ".join(" ".join(body.itertext()).split())


def test_outputs_that_show_imported_school_data_name_the_source(
    registry: Path, tmp_path: Path
) -> None:
    assert import_schools(registry, Y2024).returncode == 0
    named = "Schulgrunddaten NRW, Ministerium für Schule und Bildung des Landes Nordrhein-Westfalen"
    licence = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (https://www.govdata.de/dl-de/by-2-0)"

    text = cli("report", registry, "--as-of", "2024-10-01").stdout
    assert f"Quelle der Schuldaten: {named}" in text
    assert f"Lizenz: {licence}." in text
    english = cli("--lang", "en", "report", registry, "--format", "markdown").stdout
    assert "Source of the school data: Schulgrunddaten NRW" in english
    document = json.loads(cli("report", registry, "--format", "json").stdout)
    assert [s["licence"] for s in document["sources"]] == [
        "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    ]

    page = tmp_path / "bericht.html"
    assert cli("report", registry, "--format", "html", "-o", page).returncode == 0
    shown = _chromium_text(page)
    assert f"Quelle der Schuldaten: {named}" in shown
    assert licence in shown

    book = tmp_path / "bericht.xlsx"
    assert cli("report", registry, "--format", "xlsx", "-o", book).returncode == 0
    sheet = openpyxl.load_workbook(book).worksheets[0]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any(cell.startswith(f"Quelle der Schuldaten: {named}") for cell in cells)

    # The tables of the schools, in CSV and in the workbook, carry it in every row.
    table_csv = tmp_path / "schulen.csv"
    export = ("export", registry, "--format", "csv", "--entity", "schools", "-o", table_csv)
    assert cli(*export).returncode == 0
    rows = list(csv.DictReader(io.StringIO(table_csv.read_text("utf-8-sig")), delimiter=";"))
    assert {(r["school_number"], r["source.name"], r["source.licence"]) for r in rows} >= {
        ("199015", "Schulgrunddaten NRW", "Datenlizenz Deutschland – Namensnennung – Version 2.0")
    }
    assert all(r["source.licence_url"] == "https://www.govdata.de/dl-de/by-2-0" for r in rows)
    workbook = tmp_path / "register.xlsx"
    in_english = ("--lang", "en", "export", registry, "--format", "xlsx", "-o", workbook)
    assert cli(*in_english).returncode == 0
    schools = openpyxl.load_workbook(workbook)["Schools"]
    header = [c.value for c in schools[1]]
    publisher = header.index("Source: Publisher")
    assert {row[publisher].value for row in schools.iter_rows(min_row=2)} == {
        "Ministerium für Schule und Bildung des Landes Nordrhein-Westfalen"
    }

    # A registry without imported schools says nothing of a source.
    plain = tmp_path / "plain.toml"
    plain.write_text(REGISTRY, encoding="utf-8")
    assert "Quelle" not in cli("report", plain).stdout


DOC = Path(__file__).resolve().parent.parent / "docs" / "imports.md"


def test_the_docs_examples_run_as_shown(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", text, re.S)
    ran = subprocess.run(
        [sys.executable, "-c", code],
        cwd=DOC.parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "15 ['added', 'added']\nTrue 1\n"
    (console,) = re.findall(r"```console\n(.*?)```", text, re.S)
    (tmp_path / "tests").symlink_to(DATA.parent)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    for step in re.split(r"^\$ ", console, flags=re.M)[1:]:
        command, _, shown = step.partition("\n")
        done = subprocess.run(  # noqa: S602 - the doc's own commands, one with a pipe
            command, shell=True, cwd=tmp_path, capture_output=True, text=True, env=env, check=False
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == shown, command


def test_a_school_naming_a_source_the_registry_lacks_is_an_error() -> None:
    registry = ssa.loads(REGISTRY.replace('district = "soest-mitte"', 'source = "gibt-es-nicht"'))
    found = [
        (i.code, i.path) for i in ssa.validate(registry).issues if i.code.endswith("reference")
    ]
    assert found == [("unknown-reference", "schools[0].source")]


def test_key_tables_and_pupil_numbers_are_checked_like_the_directory(
    registry: Path, tmp_path: Path
) -> None:
    keys = tmp_path / "keys"
    keys.mkdir()
    for table in Y2024.glob("key_*.csv"):
        shutil.copy(table, keys / table.name)
    forms = keys / "key_schulformschluessel.csv"
    forms.write_bytes(forms.read_bytes() + "85;Schule für Kranke\r\n".encode())
    operators = keys / "key_traeger.csv"
    operators.write_bytes(operators.read_bytes() + b"90999\r\n")
    pupils = tmp_path / "anzahlen.csv"
    pupils.write_bytes(b"sep=;\r\nSchulnummer;Anzahl\r\n199001;viele\r\n199002;318\r\n")
    result = cli(
        "import", "schools", registry, Y2024 / "schuldaten.csv", "--keys", keys,
        "--pupils", pupils,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "Hinweis: key_schulformschluessel.csv nennt den Schlüssel 85 (Schule für Kranke), den "
        "dieses Programm nicht kennt; Schulen damit werden ausgelassen",
        "key_traeger.csv, Zeile 16: 1 Feld, erwartet 4; Zeile ausgelassen",
        "anzahlen.csv, Zeile 3, Spalte Anzahl: erwartet eine Anzahl aus Ziffern, gefunden "
        "„viele“; Zeile ausgelassen",
    ]
    numbers = {s.school_number: s for s in ssa.load(registry).schools}
    assert numbers["199002"].pupils == 318
    assert numbers["199001"].pupils is None
    assert numbers["199001"].operator == "Stadt Soest"

    empty = tmp_path / "leer"
    empty.mkdir()
    refused = cli("import", "schools", registry, Y2024 / "schuldaten.csv", "--keys", empty)
    assert refused.returncode == 2
    assert "key_traeger.csv" in refused.stderr
