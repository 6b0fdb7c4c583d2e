"""The template's hooks, through the plugin manager and the installed command line.

Rename this module with your plugin (test_<name>_plugin.py): test modules of several
plugins run in one session, so their names must differ. The fixtures ``ssa_plugins``
and ``ssa_cli`` come with schulsozialarbeit (``schulsozialarbeit.testing``); no conftest
is needed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pytest

import schulsozialarbeit_template
from schulsozialarbeit import Plugins
from schulsozialarbeit.hooks import Region, Registry
from schulsozialarbeit.model import Contact, RegionKind, School, SchoolForm
from schulsozialarbeit.testing import CliResult

NAME = "template"
AS_OF = date(2024, 1, 15)

Cli = Callable[[Sequence[str | Path]], CliResult]

MUSTERSTADT = Region(
    id="musterstadt",
    name="Musterstadt",
    kind=RegionKind.KREISFREIE_STADT,
    key=schulsozialarbeit_template.REGION_KEY,
)
ELSEWHERE = Region(id="herne", name="Herne", kind=RegionKind.KREISFREIE_STADT, key="05916000")


def _registry(region: Region) -> Registry:
    """Two schools of ``region``: one with a pupil count and a contact, one without either."""
    return Registry(
        name=region.name,
        regions=(region,),
        schools=(
            School(
                id="gs-mitte",
                name="Grundschule Mitte",
                form=SchoolForm.GRUNDSCHULE,
                region=region.id,
                pupils=210,
                contacts=(Contact(role="Schulleitung"),),
            ),
            School(
                id="gs-nord",
                name="Grundschule Nord",
                form=SchoolForm.GRUNDSCHULE,
                region=region.id,
            ),
        ),
    )


@pytest.fixture
def plugins(ssa_plugins: Callable[..., Plugins]) -> Plugins:
    return ssa_plugins(schulsozialarbeit_template, NAME)


def test_the_rule_finds_the_school_without_pupils(plugins: Plugins) -> None:
    report = plugins.validate(_registry(MUSTERSTADT), as_of=AS_OF)
    assert report.faults == ()
    own = [(i.code, i.entity, i.path) for i in report.issues if i.code.startswith(f"{NAME}/")]
    assert own == [(f"{NAME}/school-pupils-missing", "gs-nord", "schools[1].pupils")]


def test_the_blackout_day_is_in_the_range_only(plugins: Plugins) -> None:
    found = plugins.blackout_dates(MUSTERSTADT, date(2023, 11, 12), date(2025, 1, 1))
    assert (found.value, found.faults) == ({date(2024, 11, 11): "Sessionseröffnung"}, ())
    assert plugins.blackout_dates(None, date(2024, 1, 1), date(2024, 12, 31)).value == {}


def test_the_figure_counts_schools_with_a_contact(plugins: Plugins) -> None:
    figures = plugins.key_figures(_registry(MUSTERSTADT), as_of=AS_OF)
    assert figures.faults == ()
    assert [(f.key, f.value) for f in figures.extra] == [(f"{NAME}/schools.with_contact", 1)]
    assert figures.extra[0].label.de == "Schulen mit Ansprechperson"


def test_another_region_is_left_alone(plugins: Plugins) -> None:
    registry = _registry(ELSEWHERE)
    report = plugins.validate(registry, as_of=AS_OF)
    assert not [i for i in report.issues if i.code.startswith(f"{NAME}/")]
    assert plugins.key_figures(registry, as_of=AS_OF).extra == ()
    assert plugins.blackout_dates(ELSEWHERE, date(2024, 1, 1), date(2024, 12, 31)).value == {}


REGISTRY_FILE = f"""\
name = "Musterstadt"

[[regions]]
id = "musterstadt"
name = "Musterstadt"
kind = "kreisfreie_stadt"
key = "{schulsozialarbeit_template.REGION_KEY}"

[[schools]]
id = "gs-nord"
name = "Grundschule Nord"
form = "grundschule"
region = "musterstadt"
"""


def test_the_installed_plugin_runs_in_the_cli(ssa_cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "registry.toml"
    path.write_text(REGISTRY_FILE, encoding="utf-8")
    checked = ssa_cli(
        ["--plugin", NAME, "validate", path, "--as-of", "2024-01-15", "--format", "json"]
    )
    assert (checked.status, checked.stderr) == (0, "")
    codes = [issue["code"] for issue in json.loads(checked.stdout)["issues"]]
    assert f"{NAME}/school-pupils-missing" in codes

    listed = ssa_cli(["--plugin", NAME, "plugins", "--format", "json"])
    assert listed.status == 0
    plugins = {p["name"]: p for p in json.loads(listed.stdout)["plugins"]}
    assert plugins[NAME]["hooks"] == ["blackout_dates", "extra_figures", "validation_issues"]
