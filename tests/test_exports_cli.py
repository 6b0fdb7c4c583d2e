"""The export and report commands for the people-facing formats."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from schulsozialarbeit.cli import main
from schulsozialarbeit.examples import example_path

HERNE = str(example_path("herne"))


def _binary_stdout() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8")


def _bytes(stdout: io.TextIOWrapper) -> bytes:
    stdout.flush()
    buffer = stdout.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue()


def test_csv_of_one_entity_goes_to_stdout_as_bytes_with_its_bom() -> None:
    out = _binary_stdout()
    assert main(["export", HERNE, "--format", "csv", "--entity", "positions"], stdout=out) == 0
    data = _bytes(out)
    assert data.startswith(b"\xef\xbb\xbfid;carrier;fte;")
    assert b"\r\n" in data


def test_csv_of_every_entity_goes_to_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "csv"
    args = ["export", HERNE, "--format", "csv", "--dialect", "rfc4180", "-o", str(target)]
    assert main(args, stdout=io.StringIO()) == 0
    assert sorted(p.name for p in target.iterdir()) == [
        "carriers.csv",
        "meetings.csv",
        "networks.csv",
        "positions.csv",
        "schools.csv",
    ]
    assert (target / "positions.csv").read_bytes().startswith(b"id,carrier,fte,")


def test_csv_of_every_entity_without_a_folder_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", HERNE, "--format", "csv"], stdout=io.StringIO()) == 2
    assert "--entity" in capsys.readouterr().err


def test_xlsx_to_a_file_and_to_a_byte_stdout(tmp_path: Path) -> None:
    target = tmp_path / "herne.xlsx"
    args = ["export", HERNE, "--format", "xlsx", "--as-of", "2017-11-30", "--privacy", "internal"]
    assert main([*args, "-o", str(target)], stdout=io.StringIO()) == 0
    out = _binary_stdout()
    assert main(args, stdout=out) == 0
    assert _bytes(out) == target.read_bytes()
    assert target.read_bytes().startswith(b"PK")


def test_jsonschema_is_one_json_document() -> None:
    out = io.StringIO()
    assert main(["export", HERNE, "--format", "jsonschema", "--lang", "en"], stdout=out) == 0
    schema = json.loads(out.getvalue())
    assert schema["$schema"].endswith("2020-12/schema")


def test_registry_formats_still_export(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["export", HERNE, "--format", "json"], stdout=out) == 0
    assert json.loads(out.getvalue())["name"]


def test_report_as_html(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    args = ["report", HERNE, "--as-of", "2017-11-30", "--format", "html", "-o", str(target)]
    assert main(args, stdout=io.StringIO()) == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta name="privacy" content="public">' in page
