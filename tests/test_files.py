"""Loading and writing registries: round trips, strictness, every problem with its path."""

from __future__ import annotations

import json
import os
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schulsozialarbeit import (
    ParseError,
    Registry,
    SourceError,
    StructureError,
    dump,
    dumps,
    from_dict,
    load,
    loads,
    to_dict,
)
from schulsozialarbeit.files import FORMATS, Format

from .strategies import registries

MINIMAL = """
name = "Test"

[[schools]]
id = "gs-a"
name = "Grundschule A"
form = "grundschule"
region = "herne"

[[positions]]
id = "p1"
carrier = "stadt"
fte = 0.5
start = 2017-08-01
assignments = [{ school = "gs-a", fte = 0.5 }]
"""


@settings(max_examples=60, deadline=None)
@given(registries, st.sampled_from(FORMATS))
def test_every_registry_survives_a_round_trip(registry: Registry, fmt: Format) -> None:
    text = dumps(registry, fmt)
    assert loads(text, fmt) == registry
    assert dumps(registry, fmt) == text


@settings(max_examples=30, deadline=None)
@given(registries)
def test_plain_data_round_trip_is_json_safe(registry: Registry) -> None:
    data = to_dict(registry)
    assert from_dict(json.loads(json.dumps(data))) == registry


def test_fte_is_an_exact_decimal_from_toml_and_json() -> None:
    registry = loads(MINIMAL)
    assert registry.positions[0].fte == Decimal("0.5")
    assert isinstance(registry.positions[0].fte, Decimal)
    again = loads(dumps(registry, "json"), "json")
    assert again.positions[0].fte == Decimal("0.5")


def test_export_load_export_is_byte_identical(tmp_path: Path) -> None:
    first = dumps(loads(MINIMAL), "json")
    (tmp_path / "r.json").write_text(first, encoding="utf-8")
    assert dumps(load(tmp_path / "r.json"), "json") == first


def test_meeting_times_are_wall_clock_times_in_the_registry_zone() -> None:
    text = """
name = "T"
timezone = "Europe/Berlin"
[[meetings]]
id = "m"
kind = "workshop"
title = "Auftakt"
start = 2019-10-30T15:00:00
end = "2019-10-30T17:00"
venue = { mode = "in_person", name = "Stadtteilzentrum" }
"""
    meeting = loads(text).meetings[0]
    assert meeting.start == datetime(2019, 10, 30, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert meeting.start.utcoffset() is not None
    assert '"start": "2019-10-30T15:00"' in dumps(loads(text), "json")


def _problems(text: str, fmt: Format = "toml") -> dict[str, str]:
    with pytest.raises(StructureError) as caught:
        loads(text, fmt)
    return {p.path: p.key for p in caught.value.problems}


def test_structure_is_strict_and_every_problem_is_reported_with_its_path() -> None:
    text = """
name = "Test"
nmae = "typo"
[[schools]]
id = "gs-a"
name = ["Grundschule A"]
form = "grundschul"
region = "herne"
pupils = "250"
[[positions]]
id = "p1"
fte = "viel"
funding = "BuT"
assignments = [{ school = "gs-a", fte = 0.5, share = 1 }]
start = "30.11.2017"
"""
    assert _problems(text) == {
        "nmae": "unknown-field",
        "schools[0].name": "wrong-type",
        "schools[0].form": "wrong-type",
        "schools[0].pupils": "wrong-type",
        "positions[0].carrier": "missing-field",
        "positions[0].fte": "wrong-type",
        "positions[0].funding": "wrong-type",
        "positions[0].assignments[0].share": "unknown-field",
        "positions[0].start": "wrong-type",
    }


def test_json_numbers_are_not_strings_and_bools_are_not_numbers() -> None:
    data = json.loads(dumps(loads(MINIMAL), "json"))
    data["schools"][0]["pupils"] = True
    data["schools"][0]["name"] = 7
    assert _problems(json.dumps(data), "json") == {
        "schools[0].pupils": "wrong-type",
        "schools[0].name": "wrong-type",
    }


def test_structure_messages_are_german_by_default_and_english_on_request() -> None:
    with pytest.raises(StructureError) as caught:
        loads(MINIMAL.replace("fte = 0.5\n", 'fte = "x"\n'))
    assert "positions[0].fte: eine Dezimalzahl" in caught.value.message("de")
    assert "positions[0].fte: expected a decimal number" in caught.value.message("en")


def test_unknown_timezone_is_a_problem_at_its_path() -> None:
    assert _problems('name = "T"\ntimezone = "Mars/Olympus"') == {"timezone": "invalid-timezone"}


@pytest.mark.parametrize(
    ("text", "fmt", "line", "column"),
    [
        ('name = "T"\n[[schools]\nid = 1\n', "toml", 2, 10),
        ('{\n  "name": "T",\n  "schools": [,]\n}', "json", 3, 15),
        ('{"name": "T", "name": "U"}', "json", None, None),
        ('{"name": NaN}', "json", None, None),
    ],
)
def test_unreadable_text_names_file_line_and_column(
    text: str, fmt: Format, line: int | None, column: int | None
) -> None:
    with pytest.raises(ParseError) as caught:
        loads(text, fmt, source="herne.toml")
    assert (caught.value.file, caught.value.line, caught.value.column) == (
        "herne.toml",
        line,
        column,
    )
    if line is not None:
        assert f"Zeile {line}, Spalte {column}" in str(caught.value)


def test_a_folder_is_merged_and_problems_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "a-registry.toml").write_text('name = "Ordner"\n', encoding="utf-8")
    (tmp_path / "b-schools.toml").write_text(
        MINIMAL.split("[[positions]]")[0].replace('name = "Test"', ""), encoding="utf-8"
    )
    (tmp_path / "c-more.json").write_text(
        json.dumps(
            {
                "schools": [
                    {"id": "gs-b", "name": "B", "form": "gymnasium", "region": "x"},
                    {"id": "gs-c", "name": "C", "form": "nope", "region": "x"},
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(StructureError) as caught:
        load(tmp_path)
    (problem,) = caught.value.problems
    assert (Path(problem.file or "").name, problem.path) == ("c-more.json", "schools[1].form")
    (tmp_path / "c-more.json").write_text(json.dumps({"schools": []}), encoding="utf-8")
    registry = load(tmp_path)
    assert registry.name == "Ordner"
    assert [s.id for s in registry.schools] == ["gs-a"]


def test_a_key_in_two_files_of_a_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('name = "A"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('name = "B"\n', encoding="utf-8")
    with pytest.raises(StructureError) as caught:
        load(tmp_path)
    assert [p.key for p in caught.value.problems] == ["defined-twice"]


def test_missing_and_foreign_files_are_source_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        load(tmp_path / "nowhere.toml")
    (tmp_path / "r.yaml").write_text("name: x", encoding="utf-8")
    with pytest.raises(SourceError):
        load(tmp_path / "r.yaml")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError):
        load(tmp_path / "empty")


def test_non_utf8_input_is_a_parse_error_with_position(tmp_path: Path) -> None:
    (tmp_path / "r.toml").write_bytes(b'name = "T"\ncity = "K\xf6ln"\n')
    with pytest.raises(ParseError) as caught:
        load(tmp_path / "r.toml")
    assert caught.value.line == 2


def test_dump_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "registry.toml"
    dump(loads(MINIMAL), target)
    assert load(target) == loads(MINIMAL)
    dump(loads(MINIMAL.replace("Test", "Neu")), target)
    assert load(target).name == "Neu"
    assert os.listdir(tmp_path) == ["registry.toml"]


def test_dump_rejects_an_unknown_format_before_touching_the_file(tmp_path: Path) -> None:
    target = tmp_path / "registry.json"
    dump(loads(MINIMAL), target)
    before = target.read_bytes()
    with pytest.raises(ValueError, match="yaml"):
        dump(loads(MINIMAL), target, format="yaml")  # type: ignore[arg-type]
    assert target.read_bytes() == before


def test_a_failed_rename_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "registry.toml"
    dump(loads(MINIMAL), target)
    before = target.read_bytes()

    def broken_replace(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        dump(loads(MINIMAL.replace("Test", "Neu")), target)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["registry.toml"]
