"""A position's grant programmes and yearly costs: kept in the registry, loaded and written
back unchanged, and left out of every public output, through the command line as a user
runs it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import schulsozialarbeit as ssa
from schulsozialarbeit.exports import json_schema

REGISTRY = """\
name = "Musterkreis"

[[regions]]
id = "mk"
name = "Musterkreis"
kind = "kreis"
key = "05999000"

[[schools]]
id = "gs-mitte"
name = "Grundschule Mitte"
form = "grundschule"
region = "mk"

[[carriers]]
id = "traeger"
name = "Jugendhilfe Musterkreis e. V."
kind = "independent"

[[positions]]
id = "stelle-1"
carrier = "traeger"
fte = 1.0
assignments = [{ school = "gs-mitte", fte = 1.0 }]
funding = ["Land NRW"]
start = 2022-01-01
programmes = ["nrw-landesprogramm"]
costs = [
  { year = 2022, personnel = 64800.00, material = 2400.00 },
  { year = 2023, personnel = 67100.5 },
]
"""

#: Words only the internal fields put into a file.
SECRETS = ("nrw-landesprogramm", "64800", "67100", "2400")


@pytest.fixture
def registry_file(tmp_path: Path) -> Path:
    path = tmp_path / "registry.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def _run(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "schulsozialarbeit", *map(str, args)]
    return subprocess.run(command, capture_output=True, check=False)


def test_the_fields_load_and_are_written_back(registry_file: Path) -> None:
    registry = ssa.load(registry_file)
    position = registry.positions[0]
    assert position.programmes == ("nrw-landesprogramm",)
    assert position.costs == (
        ssa.AnnualCosts(year=2022, personnel=Decimal("64800.00"), material=Decimal("2400.00")),
        ssa.AnnualCosts(year=2023, personnel=Decimal("67100.5")),
    )
    for format in ("toml", "json"):
        assert ssa.loads(ssa.dumps(registry, format), format) == registry


def test_a_registry_without_them_loads_as_before(registry_file: Path) -> None:
    text = REGISTRY.split("programmes =")[0]
    registry = ssa.loads(text, "toml")
    assert (registry.positions[0].programmes, registry.positions[0].costs) == ((), ())
    assert "programmes" not in ssa.dumps(registry, "toml")


def test_a_wrong_cost_says_where(tmp_path: Path) -> None:
    path = tmp_path / "registry.toml"
    path.write_text(REGISTRY.replace("personnel = 64800.00", 'personnel = "viel"'), "utf-8")
    result = _run("validate", path)
    assert result.returncode == 1
    assert b"positions[0].costs[0].personnel" in result.stdout
    assert b"Traceback" not in result.stdout + result.stderr


def test_public_json_and_toml_leave_them_out_and_internal_keeps_them(
    registry_file: Path,
) -> None:
    for format in ("json", "toml"):
        public = _run("export", registry_file, "--format", format)
        assert public.returncode == 0, public.stderr
        assert not [word for word in SECRETS if word.encode() in public.stdout]
        assert "2" in public.stderr.decode()  # two fields left out, and it says so
        internal = _run("export", registry_file, "--format", format, "--privacy", "internal")
        assert internal.returncode == 0
        assert ssa.loads(internal.stdout.decode(), format) == ssa.load(registry_file)
    data = json.loads(_run("export", registry_file, "--format", "json").stdout)
    assert data["positions"][0]["funding"] == ["Land NRW"]
    assert "programmes" not in data["positions"][0]
    assert "costs" not in data["positions"][0]


def test_public_spreadsheets_leave_them_out(registry_file: Path, tmp_path: Path) -> None:
    args = ("--format", "csv", "--entity", "positions")
    public = _run("export", registry_file, *args)
    assert public.returncode == 0, public.stderr
    rows = list(csv.reader(io.StringIO(public.stdout.decode("utf-8-sig")), delimiter=";"))
    assert {"costs", "programmes"}.isdisjoint(rows[0])
    assert not [word for word in SECRETS if word.encode() in public.stdout]
    internal = _run("export", registry_file, *args, "--privacy", "internal")
    records = csv.DictReader(io.StringIO(internal.stdout.decode("utf-8-sig")), delimiter=";")
    first = next(records)
    assert first["programmes"] == "nrw-landesprogramm"
    assert first["costs"].splitlines() == ["2022: 64800: 2400", "2023: 67100,5"]

    for privacy in ("public", "internal"):
        target = tmp_path / f"{privacy}.xlsx"
        written = _run(
            "export", registry_file, "--format", "xlsx", "--privacy", privacy, "-o", target
        )
        assert written.returncode == 0, written.stderr
        sheet = openpyxl.load_workbook(target)["positions"]
        header = [cell.value for cell in sheet[1]]
        assert ("costs" in header) == (privacy == "internal")
        assert ("programmes" in header) == (privacy == "internal")


def test_the_json_schema_describes_them() -> None:
    schema = json_schema("en")
    position = schema["$defs"]["Position"]["properties"]
    assert position["costs"]["items"] == {"$ref": "#/$defs/AnnualCosts"}
    costs = schema["$defs"]["AnnualCosts"]
    assert costs["required"] == ["year"]
    assert set(costs["properties"]) == {"year", "personnel", "material"}


def test_costs_come_back_from_csv_and_a_bad_year_is_named(registry_file: Path) -> None:
    from schulsozialarbeit.exports import read_positions_csv, to_csv

    registry = ssa.load(registry_file)
    data = to_csv(registry, entity="positions", privacy="internal")["positions.csv"]
    assert read_positions_csv(data, "excel-de") == registry.positions
    broken = data.replace(b"2023: 67100,5", b"1" * 5000 + b": 67100,5")
    with pytest.raises(ssa.errors.CsvReadError) as raised:
        read_positions_csv(broken, "excel-de")
    assert "(costs)" in str(raised.value)


def test_a_year_entered_twice_and_a_negative_cost_are_named(tmp_path: Path) -> None:
    path = tmp_path / "registry.toml"
    text = REGISTRY.replace(
        "{ year = 2023, personnel = 67100.5 }", "{ year = 2022, personnel = -5 }"
    )
    path.write_text(text, encoding="utf-8")
    checked = _run("--lang", "en", "validate", path, "--as-of", "2022-06-30", "--format", "json")
    assert checked.returncode == 1
    found = [
        (issue["code"], issue["path"], issue["message"])
        for issue in json.loads(checked.stdout)["issues"]
        if issue["code"] in {"costs-year-twice", "cost-negative"}
    ]
    assert found == [
        (
            "cost-negative",
            "positions[0].costs[1].personnel",
            "The amount -5 is negative; costs are 0 euros or more",
        ),
        (
            "costs-year-twice",
            "positions[0].costs[1].year",
            "The position's costs for 2022 are already entered; each year appears once under costs",
        ),
    ]
