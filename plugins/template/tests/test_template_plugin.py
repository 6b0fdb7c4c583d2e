"""The template's hooks, through the plugin manager and the installed command line.

Rename this module with your plugin (test_<name>_plugin.py): test modules of several
plugins run in one session, so their names must differ.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

import schulsozialarbeit_template
from schulsozialarbeit import Registry, loads
from schulsozialarbeit.cli import main
from schulsozialarbeit.plugins import Plugins, load_plugins

REGISTRY = """
name = "Musterstadt"

[[regions]]
id = "musterstadt"
name = "Musterstadt"
kind = "kreisfreie_stadt"
key = "00000000"

[[schools]]
id = "gs-mitte"
name = "Grundschule Mitte"
form = "grundschule"
region = "musterstadt"
pupils = 210
contacts = [{ role = "Schulleitung" }]

[[schools]]
id = "gs-nord"
name = "Grundschule Nord"
form = "grundschule"
region = "musterstadt"
"""


@pytest.fixture
def registry() -> Registry:
    return loads(REGISTRY)


@pytest.fixture
def plugins() -> Plugins:
    return load_plugins(entry_points=False, plugins={"template": schulsozialarbeit_template})


def test_the_rule_finds_the_school_without_pupils(plugins: Plugins, registry: Registry) -> None:
    report = plugins.validate(registry, as_of=date(2024, 1, 15))
    own = [(i.code, i.entity, i.path) for i in report.issues if i.code.startswith("template/")]
    assert own == [("template/school-pupils-missing", "gs-nord", "schools[1].pupils")]
    assert not plugins.faults


def test_the_blackout_day_is_in_the_range_only(plugins: Plugins, registry: Registry) -> None:
    region = registry.regions[0]
    found = plugins.blackout_dates(region, date(2023, 11, 12), date(2025, 1, 1))
    assert found == {date(2024, 11, 11): "Sessionseröffnung"}
    assert plugins.blackout_dates(None, date(2024, 1, 1), date(2024, 12, 31)) == {}


def test_the_figure_counts_schools_with_a_contact(plugins: Plugins, registry: Registry) -> None:
    figures = plugins.key_figures(registry, as_of=date(2024, 1, 15))
    assert [(f.key, f.value) for f in figures.extra] == [("template/schools.with_contact", 1)]


def test_the_installed_plugin_runs_in_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "registry.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    out = io.StringIO()
    argv = ["--plugin", "template", "validate", str(path), "--as-of", "2024-01-15"]
    assert main([*argv, "--format", "json"], stdout=out) == 0
    codes = [issue["code"] for issue in json.loads(out.getvalue())["issues"]]
    assert "template/school-pupils-missing" in codes

    out = io.StringIO()
    assert main(["--plugin", "template", "plugins", "--format", "json"], stdout=out) == 0
    listed = {p["name"]: p["hooks"] for p in json.loads(out.getvalue())["plugins"]}
    assert listed["template"] == ["blackout_dates", "extra_figures", "validation_issues"]
