"""The JSON Schema: generated from the model, it accepts what the converter accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

from schulsozialarbeit import dumps, load
from schulsozialarbeit.examples import EXAMPLES, example_path
from schulsozialarbeit.exports import json_schema
from schulsozialarbeit.files.limits import MAX_INTEGER, MAX_TEXT_LENGTH
from schulsozialarbeit.i18n import LANGUAGES, Lang, has_message
from schulsozialarbeit.model import Registry

from .test_docs import _model_classes


def _validator(lang: Lang = "de") -> jsonschema.Draft202012Validator:
    schema = json_schema(lang)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _example_json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(dumps(load(Path(str(example_path(name)))), "json"))
    return data


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_shipped_example_validates(name: str) -> None:
    errors = list(_validator().iter_errors(_example_json(name)))
    assert errors == []


def test_a_wrong_type_is_rejected_with_its_path() -> None:
    data = _example_json("herne")
    data["positions"][3]["fte"] = True
    data["schools"][0]["pupils"] = "250"
    data["carriers"][0]["nmae"] = "typo"
    errors = {tuple(error.absolute_path) for error in _validator().iter_errors(data)}
    assert ("positions", 3, "fte") in errors
    assert ("schools", 0, "pupils") in errors
    assert ("carriers", 0) in errors


@pytest.mark.parametrize(
    ("value", "valid"),
    [("0.5", True), ("1", True), (0.5, True), ("0,5", False), ("1e3", False), ("", False)],
)
def test_decimals_are_numbers_or_decimal_strings(value: object, valid: bool) -> None:
    data = {"name": "x", "positions": [{"id": "p", "carrier": "c", "fte": value}]}
    assert _validator().is_valid(data) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [("2019-10-30T15:00", True), ("2019-10-30 15:00", False), ("30.10.2019", False)],
)
def test_date_times_follow_the_converter(value: str, valid: bool) -> None:
    meeting = {
        "id": "m",
        "kind": "workshop",
        "title": "t",
        "start": value,
        "end": "2019-10-30T17:00",
        "venue": {"mode": "online"},
    }
    assert _validator().is_valid({"name": "x", "meetings": [meeting]}) is valid


def test_enums_required_fields_and_no_extra_keys() -> None:
    schema = json_schema()
    school = schema["$defs"]["School"]
    assert school["additionalProperties"] is False
    assert school["required"] == ["id", "name", "form", "region"]
    assert "grundschule" in school["properties"]["form"]["enum"]
    assert schema["required"] == ["name"]
    assert schema["properties"]["timezone"]["default"] == "Europe/Berlin"


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda cls: cls.__name__)
def test_every_field_has_a_description_in_both_languages(cls: type[Any]) -> None:
    name = "Registry" if cls is Registry else cls.__name__
    assert has_message(f"schema.{name}")
    missing = [f.name for f in attrs.fields(cls) if not has_message(f"schema.{name}.{f.name}")]
    assert missing == [], f"i18n/schema.toml lacks descriptions for {name}: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_descriptions_are_in_the_language_asked_for(lang: Lang) -> None:
    schema = json_schema(lang)
    fte = schema["$defs"]["Position"]["properties"]["fte"]["description"]
    assert ("Stellenanteil" in fte) is (lang == "de")


def test_the_schema_is_the_same_on_every_run() -> None:
    assert json.dumps(json_schema()) == json.dumps(json_schema())


def test_the_schema_carries_the_loaders_limits() -> None:
    """A form checked against the schema refuses what `load` would refuse."""
    text = json.dumps(json_schema())
    assert f'"maxLength": {MAX_TEXT_LENGTH}' in text
    assert f'"maximum": {MAX_INTEGER}' in text
