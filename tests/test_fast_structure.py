"""The loader's fast path builds exactly what cattrs' detailed validation builds.

The fast path (converter.structure_registry) exists for speed only; these tests pin that it
changes nothing: the same registry from the same data, and refused data still reported by
the detailed pass with every problem and its path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from benchmarks.generate import generate

from schulsozialarbeit import StructureError, from_dict, to_dict
from schulsozialarbeit.examples import EXAMPLES
from schulsozialarbeit.files import load
from schulsozialarbeit.files.converter import CONVERTER, structure_registry, zone
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
def test_the_garbage_collector_is_as_it_was_after_loading(enabled: bool) -> None:
    """The fast pass pauses the collector; success, refusal and the caller's own setting
    leave it as it was."""
    import gc

    good = to_dict(generate("district"))
    bad = {**good, "schools": [{}]}
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        from_dict(good)
        assert gc.isenabled() is enabled
        with pytest.raises(StructureError):
            from_dict(bad)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
