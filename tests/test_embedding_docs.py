"""docs/embedding.md holds: its Python runs and passes mypy --strict, its schemas describe
what the library gives, and that JSON is the command line's ``--format json``, byte for byte.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import schulsozialarbeit as ssa
from schulsozialarbeit.scheduling import occurrences_json
from schulsozialarbeit.testing import example_registry

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "embedding.md").read_text(encoding="utf-8")
AS_OF = date(2017, 11, 30)
SERIES = "ak-schulsozialarbeit-sitzungen"


def _program(tmp_path: Path) -> Path:
    blocks = re.findall(r"```python\n(.*?)```", PAGE, re.S)
    assert len(blocks) >= 6
    program = tmp_path / "embedding_page.py"
    program.write_text("\n".join(blocks), encoding="utf-8")
    return program


def test_the_pages_python_runs_as_one_program(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(_program(tmp_path))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "„gs-b“ cannot be removed: 1 reference points to it"
        " (positions[1].assignments[0].school); change or remove those first",
        "The FTE 1.5 is out of range: above 0 and at most 1.0",  # beside the form's field
    ]


def test_the_pages_python_passes_mypy_strict(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(_program(tmp_path))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _schemas() -> dict[str, dict[str, Any]]:
    found = {}
    for block in re.findall(r"```json\n(.*?)```", PAGE, re.S):
        schema = json.loads(block)
        jsonschema.Draft202012Validator.check_schema(schema)
        found[schema["title"]] = schema
    assert set(found) == {"key figures", "validation report", "occurrences"}
    return found


SCHEMAS = _schemas()


def _valid(title: str, document: Any) -> None:
    validator = jsonschema.Draft202012Validator(
        SCHEMAS[title], format_checker=jsonschema.FormatChecker()
    )
    errors = [error.message for error in validator.iter_errors(document)]
    assert errors == []


def _cli(*args: str) -> bytes:
    result = subprocess.run(
        [sys.executable, "-m", "schulsozialarbeit", "--no-plugins", *args],
        capture_output=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize("name", ["herne", "kreis-soest", "gelsenkirchen"])
def test_key_figures_json_is_the_reports_and_fits_its_schema(name: str) -> None:
    registry = example_registry(name)
    figures = ssa.key_figures(registry, as_of=AS_OF)
    path = str(ROOT / "examples" / name)
    assert figures.to_json().encode() == _cli(
        "report", path, "--as-of", "2017-11-30", "--format", "json"
    )
    _valid("key figures", figures.to_dict())
    assert json.loads(figures.to_json()) == figures.to_dict()


def test_a_validation_report_is_validates_json_and_fits_its_schema(tmp_path: Path) -> None:
    registry = example_registry("kreis-soest")
    broken = ssa.Registry(
        name=registry.name,
        schools=registry.schools,
        positions=registry.positions,
        carriers=registry.carriers[1:],
    )
    ssa.dump(broken, tmp_path / "broken.toml")
    report = ssa.validate(ssa.load(tmp_path / "broken.toml"), as_of=AS_OF)
    assert not report.ok
    for lang in ("de", "en"):
        expected = _cli(
            "--lang",
            lang,
            "validate",
            str(tmp_path / "broken.toml"),
            "--as-of",
            "2017-11-30",
            "--format",
            "json",
        )
        assert report.to_json(lang).encode() == expected
    _valid("validation report", report.to_dict("en"))


def test_a_structure_error_is_validates_json_and_fits_its_schema(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {"name": "x", "positions": [{"id": "s", "carrier": "c", "fte": "viel"}], "y": 1}
        ),
        encoding="utf-8",
    )
    with pytest.raises(ssa.StructureError) as caught:
        ssa.load(path)
    expected = _cli("--lang", "en", "validate", str(path), "--format", "json")
    assert caught.value.to_json("en", source=str(path)).encode() == expected
    _valid("validation report", caught.value.to_dict("en"))
    paths = [issue["path"] for issue in caught.value.to_dict()["issues"]]
    assert paths == ["positions[0].fte", "y"]


def test_occurrences_json_is_the_commands_and_fits_its_schema() -> None:
    registry = example_registry("kreis-soest")
    found = ssa.occurrences(registry, series=SERIES)
    path = str(ROOT / "examples" / "kreis-soest")
    document = occurrences_json(SERIES, found, "en")
    assert document.encode() == _cli(
        "--lang", "en", "occurrences", path, "--series", SERIES, "--format", "json"
    )
    _valid("occurrences", json.loads(document))
    assert json.loads(found[0].to_json()) == found[0].to_dict()
