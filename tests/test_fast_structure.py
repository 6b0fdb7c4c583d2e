"""The loader's fast path builds exactly what cattrs' detailed validation builds.

The fast path (fastpass.structure_registry) exists for speed only; these tests pin that it
changes nothing: the same registry from the same data, and refused data still reported by
the detailed pass with every problem and its path.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from benchmarks.generate import generate

from schulsozialarbeit import ParseError, StructureError, from_dict, to_dict
from schulsozialarbeit.examples import EXAMPLES
from schulsozialarbeit.files import load
from schulsozialarbeit.files.converter import CONVERTER, zone
from schulsozialarbeit.files.fastpass import Rejected, fast_hook, fast_registry, structure_registry
from schulsozialarbeit.model import Registry

EXAMPLES_FOLDER = Path(__file__).resolve().parent.parent / "src/schulsozialarbeit/examples"


def _both(data: dict[str, Any]) -> tuple[Registry, Registry]:
    # The loader takes the file's format_version off before it structures the rest.
    data = {key: value for key, value in data.items() if key != "format_version"}
    with zone(data.get("timezone", "Europe/Berlin")):
        return structure_registry(data), CONVERTER.structure(data, Registry)


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_build_the_same_registry(name: str) -> None:
    fast, detailed = _both(to_dict(load(EXAMPLES_FOLDER / name)))
    assert fast == detailed


def test_a_generated_registry_builds_the_same() -> None:
    data = to_dict(generate("district"))
    fast, detailed = _both(data)
    assert fast == detailed == generate("district")


def test_refused_data_reports_every_problem_with_its_path() -> None:
    data = to_dict(generate("district"))
    data["positions"][3]["fte"] = "viel"
    data["schools"][7]["colour"] = "blau"
    with pytest.raises(StructureError) as caught:
        from_dict(data)
    paths = sorted(problem.path for problem in caught.value.problems)
    assert paths == ["positions[3].fte", "schools[7].colour"]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_as_it_was_after_loading(enabled: bool, tmp_path: Path) -> None:
    """Parsing and the fast pass pause the collector; success, refusal, a file that does
    not parse and the caller's own setting leave it as it was."""
    import gc
    import json

    good = to_dict(generate("district"))
    bad = {**good, "schools": [{}]}
    files = {"good": json.dumps(good), "bad": json.dumps(bad), "broken": "{"}
    for name, text in files.items():
        (tmp_path / f"{name}.json").write_text(text, encoding="utf-8")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        from_dict(good)
        load(tmp_path / "good.json")
        assert gc.isenabled() is enabled
        with pytest.raises(StructureError):
            from_dict(bad)
        with pytest.raises(StructureError):
            load(tmp_path / "bad.json")
        with pytest.raises(ParseError):
            load(tmp_path / "broken.json")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_fast_pass_itself_takes_every_example(name: str) -> None:
    """Equal results above would hold if the fast pass refused everything and the detailed
    pass did all the work: here the fast pass alone must build each valid registry."""
    data = to_dict(load(EXAMPLES_FOLDER / name))
    del data["format_version"]
    with zone(data.get("timezone", "Europe/Berlin")):
        assert fast_registry(data) == CONVERTER.structure(data, Registry)


# Values around the common forms the fast pass takes inline: each must give what the
# detailed pass gives, of the same type, or be refused by both.
LEAF_CASES: list[tuple[type, object]] = [
    *((str, v) for v in ("", "Schule", "x" * 32_767, "x" * 32_768, 1, None, b"a", True)),
    *((int, v) for v in (0, -1, 2**53 - 1, 2**53, -(2**53), True, 1.0, "1", None)),
    *(
        (date, v)
        for v in (
            "2024-02-29",
            "2023-02-29",
            "1899-12-31",
            "1900-01-01",
            "2200-12-31",
            "2201-01-01",
            "２０２４-01-01",
            "2024-1-01",
            "20240101",
            date(2024, 5, 1),
            datetime(2024, 5, 1, 9),
            None,
        )
    ),
    *(
        (datetime, v)
        for v in (
            "2024-05-01T09:30",
            "2024-05-01T09:30:15",
            "2024-05-01T09:30Z",
            "2024-05-01T09:30+02:00",
            "2024-05-01T24:00",
            "2024-13-01T09:30",
            "1899-12-31T23:30",
            "1900-01-01T00:30",
            "2200-12-31T23:30",
            "2024-05-01T9:30",
            "2024-05-01 09:30",
            datetime(2024, 5, 1, 9, 30),
            None,
        )
    ),
    *(
        (Decimal, v)
        for v in (
            "0.5",
            "1",
            "-0",
            "1.0",
            "1." + "0" * 26,
            "1." + "0" * 27,
            "1" * 29,
            "0." + "0" * 27 + "1",
            "1e3",
            ".5",
            "٠.٥",
            Decimal("0.50"),
            3,
            0.1,
            float("nan"),
            True,
            None,
        )
    ),
]


@pytest.mark.parametrize(("kind", "value"), LEAF_CASES, ids=repr)
def test_a_leaf_is_what_the_detailed_pass_makes_of_it(kind: type, value: object) -> None:
    fast = fast_hook(kind, {})
    detailed = CONVERTER.get_structure_hook(kind)
    with zone("Europe/Berlin"):
        try:
            expected = detailed(value, kind)
        except Exception:
            with pytest.raises(Exception):  # noqa: B017, PT011 - refused, whatever the reason
                fast(value)
            return
        try:
            found = fast(value)
        except Rejected:
            # Refusing more is allowed for one thing only: a value of another type.
            assert type(value) is not kind
            return
    assert (found, type(found), str(found)) == (expected, type(expected), str(expected))
    if isinstance(found, datetime):
        assert found.tzinfo == expected.tzinfo
