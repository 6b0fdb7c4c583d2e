"""The export ``kreis-soest-stellen``: the position form of the coordination office."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import attrs
import pytest

import schulsozialarbeit_kreis_soest
from schulsozialarbeit import Plugins
from schulsozialarbeit.hooks import Exporter, ExportOptions, Privacy, Registry
from schulsozialarbeit.testing import CliResult

STICHTAG = date(2022, 6, 30)
BOM = b"\xef\xbb\xbf"

Cli = Callable[[Sequence[str | Path]], CliResult]


@pytest.fixture
def soest(ssa_example: Callable[[str], Registry]) -> Registry:
    return ssa_example("kreis-soest")


@pytest.fixture
def form(ssa_plugins: Callable[..., Plugins]) -> Exporter:
    offered = ssa_plugins(schulsozialarbeit_kreis_soest, "kreis-soest").exporters()
    assert offered.faults == ()
    exporter = offered.value["kreis-soest-stellen"]
    assert exporter.plugin == "kreis-soest"
    return exporter


def _rows(
    form: Exporter, registry: Registry, privacy: Privacy = "public", as_of: date = STICHTAG
) -> list[list[str]]:
    data = form.export(registry, ExportOptions(as_of=as_of, privacy=privacy))
    assert data.startswith(BOM)
    text = data[len(BOM) :].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_format_is_csv_for_excel(form: Exporter, soest: Registry) -> None:
    assert (form.media_type, form.suffix) == ("text/csv", ".csv")
    assert form.description is not None
    assert "Koordinierungsstelle" in form.description.de
    data = form.export(soest, ExportOptions(as_of=STICHTAG))
    lines = data.split(b"\r\n")
    assert lines[-1] == b""
    assert not any(b"\n" in line for line in lines)
    assert lines[0].decode("utf-8-sig") == (
        "Schule;Schulform;Schulnummer;Träger;Trägerart;Stellenanteil;Befristung;Finanzierung"
    )


def test_one_row_per_position_and_school(form: Exporter, soest: Registry) -> None:
    rows = _rows(form, soest)[1:]
    assert len(rows) == 14  # 13 positions, one of them at two schools
    by_school = {row[0]: row for row in rows}
    assert by_school["Grundschule Büderich"] == [
        "Grundschule Büderich",
        "Grundschule",
        "990204",
        "Caritasverband für den Kreis Soest",
        "freier Träger",
        "0,5",
        "unbefristet",
        "BuT, Kreis Soest",
    ]
    project = [row for row in rows if row[6] != "unbefristet"]
    assert [(row[0], row[5], row[6]) for row in project] == [
        ("Berufskolleg Soest", "0,5", "31.12.2022")
    ]


def test_rows_come_in_a_stable_order(form: Exporter, soest: Registry) -> None:
    rows = _rows(form, soest)[1:]
    assert rows == sorted(rows)
    reordered = attrs.evolve(soest, positions=tuple(reversed(soest.positions)))
    assert form.export(reordered, ExportOptions(as_of=STICHTAG)) == form.export(
        soest, ExportOptions(as_of=STICHTAG)
    )


def test_ended_positions_are_not_in_the_form(form: Exporter, soest: Registry) -> None:
    rows = _rows(form, soest, as_of=date(2023, 1, 1))[1:]
    assert len(rows) == 13
    assert all(row[6] == "unbefristet" for row in rows)


def test_names_only_in_an_internal_export(form: Exporter, soest: Registry) -> None:
    names = {member.name for member in soest.staff}
    public = _rows(form, soest)
    assert not names & {cell for row in public for cell in row}
    internal = _rows(form, soest, privacy="internal")
    assert internal[0][-1] == "Fachkraft"
    assert {row[-1] for row in internal[1:]} <= names
    assert len({row[-1] for row in internal[1:]}) == 13


def test_cells_that_excel_would_run_are_neutralised(form: Exporter, soest: Registry) -> None:
    school = attrs.evolve(soest.schools[0], name='=HYPERLINK("http://example.org")')
    names = ["+49 2921", "-1", "@SUM(A1)", "\tTab", "\rCR"]
    carriers = [
        attrs.evolve(c, name=name)
        for c, name in zip(soest.carriers[: len(names)], names, strict=True)
    ]
    registry = attrs.evolve(
        soest,
        schools=(school, *soest.schools[1:]),
        carriers=(*carriers, *soest.carriers[len(carriers) :]),
    )
    cells = {cell for row in _rows(form, registry)[1:] for cell in row}
    assert '\'=HYPERLINK("http://example.org")' in cells
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []


def test_another_region_gives_the_header_only(
    form: Exporter, ssa_example: Callable[[str], Registry]
) -> None:
    assert len(_rows(form, ssa_example("herne"))) == 1


def test_the_cli_exports_the_form(ssa_cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "kreis-soest"
    assert ssa_cli(["init", folder, "--example", "kreis-soest"]).status == 0
    argv: list[str | Path] = ["--plugin", "kreis-soest", "export", folder]
    argv += ["--format", "kreis-soest-stellen", "--as-of", "2022-06-30"]
    public = tmp_path / "public.csv"
    written = ssa_cli([*argv, "-o", public])
    assert (written.status, written.output, written.stderr) == (0, b"", "")
    data = public.read_bytes()
    assert data.startswith(BOM)
    assert data.count(b"\r\n") == 15  # the header and 14 rows
    internal = ssa_cli([*argv, "--privacy", "internal"])
    assert internal.status == 0
    assert internal.output.startswith(BOM)
    assert internal.output.split(b"\r\n")[0].endswith(b";Fachkraft")
