"""The export and report commands for the people-facing formats."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import attrs
import pytest

from schulsozialarbeit import load, load_plugins
from schulsozialarbeit.cli import main
from schulsozialarbeit.errors import UnusedOptionError
from schulsozialarbeit.examples import example_path
from schulsozialarbeit.exports import Exporter, ExportOptions

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


# Every option a format does not use, given to it: refused with exit 2 and nothing written,
# never accepted and then ignored (json once took --entity and wrote the whole registry).
IGNORED = [
    (["--format", "json", "--entity", "schools"], ["--entity"]),
    (["--format", "toml", "--dialect", "rfc4180"], ["--dialect"]),
    (
        ["--format", "json", "--as-of", "2017-11-30", "--dialect", "rfc4180"],
        ["--as-of", "--dialect"],
    ),
    (["--format", "csv", "--entity", "schools", "--as-of", "2017-11-30"], ["--as-of"]),
    (["--format", "xlsx", "--entity", "schools"], ["--entity"]),
    (["--format", "jsonschema", "--base-url", "https://example.org/oparl"], ["--base-url"]),
    (
        ["--format", "oparl", "--base-url", "https://example.org/oparl", "--dialect", "rfc4180"],
        ["--dialect"],
    ),
]


@pytest.mark.parametrize(("args", "named"), IGNORED)
def test_an_option_the_format_does_not_use_is_refused(
    tmp_path: Path, args: list[str], named: list[str]
) -> None:
    target = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "schulsozialarbeit",
            "--lang",
            "en",
            "export",
            HERNE,
            *args,
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert not target.exists()
    line = result.stderr.strip().splitlines()[-1]
    assert line.endswith("refused rather than ignored."), line
    assert ("the options " if len(named) > 1 else "the option ") + ", ".join(named) in line


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "csv", "--entity", "schools", "--dialect", "rfc4180"],
        ["--format", "xlsx", "--as-of", "2017-11-30"],
        ["--format", "json", "--privacy", "internal"],
    ],
)
def test_the_options_a_format_uses_are_taken(tmp_path: Path, args: list[str]) -> None:
    target = tmp_path / "out"
    assert main(["export", HERNE, *args, "-o", str(target)], stdout=io.StringIO()) == 0
    assert target.stat().st_size > 0


def test_the_library_refuses_an_option_the_format_does_not_use() -> None:
    registry = load(HERNE)
    plugins = load_plugins(entry_points=False)
    options = ExportOptions(as_of=date(2017, 11, 30), entity="schools")
    with pytest.raises(UnusedOptionError) as raised:
        plugins.export(registry, "json", options)
    assert raised.value.options == ("entity",)
    assert "die Option --entity" in raised.value.message("de")
    taken = plugins.export(registry, "csv", attrs.evolve(options, dialect="rfc4180"))
    assert taken.value is not None
    assert taken.value.startswith(b"id,name,")


def test_an_exporter_names_only_options_there_are() -> None:
    with pytest.raises(ValueError, match="takes"):
        Exporter(
            name="x", media_type="text/csv", suffix=".csv", export=lambda r, o: b"", takes={"year"}
        )
