"""CSV exports: what German Excel and the csv module read, formula guards, privacy, read-back."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schulsozialarbeit import Address, Assignment, Geo, Position, Registry, School, SchoolForm, load
from schulsozialarbeit.errors import CsvReadError
from schulsozialarbeit.examples import EXAMPLES, example_path
from schulsozialarbeit.exports import (
    DIALECTS,
    ENTITIES,
    PRIVACY_LEVELS,
    CellProblem,
    Dialect,
    read_positions_csv,
    to_csv,
)
from schulsozialarbeit.i18n.text import printable

from .strategies import dates, ids

HYPERLINK = '=HYPERLINK("https://example.org/x";"Klick")'


def _example(name: str) -> Registry:
    return load(Path(str(example_path(name))))


def _rows(data: bytes, delimiter: str = ";") -> list[dict[str, str]]:
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.mark.parametrize("name", EXAMPLES)
def test_german_csv_gives_back_the_schools(name: str) -> None:
    registry = _example(name)
    rows = _rows(to_csv(registry, entity="schools")["schools.csv"])
    assert len(rows) == len(registry.schools)
    for row, school in zip(rows, registry.schools, strict=True):
        assert row["id"] == school.id
        assert row["name"] == school.name
        assert row["form"] == school.form.value
        assert row["pupils"] == ("" if school.pupils is None else str(school.pupils))
        assert row["address.city"] == ("" if school.address is None else school.address.city)
        assert row["privacy"] == "public"


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_positions_come_back_as_they_were(name: str, dialect: Dialect) -> None:
    registry = _example(name)
    data = to_csv(registry, entity="positions", dialect=dialect, privacy="internal")
    assert read_positions_csv(data["positions.csv"], dialect) == registry.positions


def test_excel_dialect_has_bom_semicolons_decimal_commas_german_dates_and_crlf() -> None:
    data = to_csv(_example("herne"), entity="positions")["positions.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("id;carrier;fte;")
    assert "\n" not in lines[0]
    half = next(line for line in lines if ";0,5;" in line)
    assert ";01.08." in half or ";01.02." in half or ".20" in half


def test_rfc4180_dialect_has_commas_points_iso_dates_and_no_bom() -> None:
    data = to_csv(_example("herne"), entity="positions", dialect="rfc4180")["positions.csv"]
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data, ",")
    assert {row["fte"] for row in rows} >= {"1", "0.5"}
    assert rows[0]["start"] == "2009-08-01"


def test_one_file_per_entity_by_default() -> None:
    assert list(to_csv(_example("herne"))) == [f"{entity}.csv" for entity in ENTITIES]


def test_formulas_are_neutralised_but_negative_numbers_stay_numbers() -> None:
    school = School(
        id="gs-x",
        name=HYPERLINK,
        form=SchoolForm.GRUNDSCHULE,
        region="r",
        operator="@SUM(A1)",
        address=Address(
            street="+49 Straße",
            postal_code="\t1",
            city="-Stadt",
            geo=Geo(latitude=Decimal("51.5"), longitude=Decimal("-7.25")),
        ),
    )
    registry = Registry(name="x", schools=(school,))
    (row,) = _rows(to_csv(registry, entity="schools")["schools.csv"])
    assert row["name"] == "'" + HYPERLINK
    assert row["operator"] == "'@SUM(A1)"
    assert row["address.street"] == "'+49 Straße"
    assert row["address.postal_code"] == "'\t1"
    assert row["address.city"] == "'-Stadt"
    assert row["address.geo.longitude"] == "-7,25"


def test_public_csv_names_no_staff_and_internal_does() -> None:
    registry = _example("herne")
    public = b"".join(to_csv(registry).values()).decode("utf-8")
    internal = to_csv(registry, entity="positions", privacy="internal")["positions.csv"]
    for member in registry.staff:
        assert member.name not in public
        assert member.id not in public
        assert member.email is None or member.email not in public
        assert member.name.encode() in internal
    assert "Fachkraft" in public


def test_every_csv_is_byte_identical_across_runs() -> None:
    for name in EXAMPLES:
        registry = _example(name)
        for dialect in DIALECTS:
            for privacy in PRIVACY_LEVELS:
                first = to_csv(registry, dialect=dialect, privacy=privacy)
                assert first == to_csv(_example(name), dialect=dialect, privacy=privacy)


#: Text a CSV file carries unchanged: control characters are dropped on the way out.
single_line = st.text(
    st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12
).filter(lambda text: printable(text) == text)
ftes = st.decimals(min_value=Decimal("0"), max_value=Decimal("2"), places=2)
assignments = st.builds(
    Assignment,
    school=ids,
    fte=ftes,
    concept=st.none() | dates,
    start=st.none() | dates,
    end=st.none() | dates,
)
positions = st.builds(
    Position,
    id=ids,
    carrier=ids,
    fte=ftes,
    assignments=st.lists(assignments, max_size=3).map(tuple),
    funding=st.lists(single_line, max_size=3).map(tuple),
    start=st.none() | dates,
    end=st.none() | dates,
    holder=st.none() | ids,
    holder_since=st.none() | dates,
    holder_until=st.none() | dates,
)


@settings(deadline=None)
@given(st.lists(positions, max_size=5).map(tuple), st.sampled_from(DIALECTS))
def test_positions_round_trip_through_csv(items: tuple[Position, ...], dialect: Dialect) -> None:
    registry = Registry(name="r", positions=items)
    data = to_csv(registry, entity="positions", dialect=dialect, privacy="internal")[
        "positions.csv"
    ]
    assert read_positions_csv(data, dialect) == items


def test_every_bad_cell_is_reported_by_row_and_column() -> None:
    data = (
        "\ufeffid;carrier;fte;start;bogus\r\n"
        "p1;c;1.000;01.08.2020;x\r\n"
        "p2;c;0,5;2020-08-01;\r\n"
        ";c;0,5;;\r\n"
        "p4;c\r\n"
    ).encode()
    with pytest.raises(CsvReadError) as caught:
        read_positions_csv(data)
    lines = caught.value.message("de").splitlines()
    assert lines[0] == "<csv>: die CSV-Datei enthält 5 Fehler:"
    assert lines[1].startswith("  Zeile 1, Spalte E (bogus): unbekannte Spalte")
    assert lines[2].startswith("  Zeile 2, Spalte C (fte): eine Dezimalzahl mit Komma")
    assert lines[3].startswith("  Zeile 3, Spalte D (start): ein Datum TT.MM.JJJJ erwartet")
    assert lines[4] == "  Zeile 4, Spalte A (id): Pflichtfeld fehlt"
    assert lines[5] == "  Zeile 5: 2 Zellen, die Kopfzeile hat 5"
    english = caught.value.message("en").splitlines()
    assert english[2].startswith("  row 2, column C (fte): expected a decimal number")


def test_a_missing_required_column_and_bad_encoding_are_reported() -> None:
    with pytest.raises(CsvReadError, match="Pflichtspalte fte"):
        read_positions_csv(b"id;carrier\r\np;c\r\n")
    with pytest.raises(CsvReadError, match="UTF-8"):
        read_positions_csv("id;carrier;fte\r\nä;c;1\r\n".encode("cp1252"))


def test_a_public_export_is_refused_because_its_holders_are_roles() -> None:
    data = to_csv(_example("herne"), entity="positions")["positions.csv"]
    with pytest.raises(CsvReadError) as caught:
        read_positions_csv(data)
    (problem,) = cast(tuple[CellProblem, ...], caught.value.problems)
    assert (problem.row, problem.header) == (2, "privacy")
    assert "--privacy internal" in problem.message("de")
