"""The Rahmenkonzept rules and the area-group figures, through the plugin manager and the CLI."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import schulsozialarbeit_kreis_soest
from schulsozialarbeit import Registry, Severity, load
from schulsozialarbeit.cli import main
from schulsozialarbeit.examples import example_path
from schulsozialarbeit.plugins import Plugins, load_plugins
from schulsozialarbeit.validation import Issue

STICHTAG = date(2022, 6, 30)
SOEST = Path(str(example_path("kreis-soest")))


@pytest.fixture(scope="module")
def soest() -> Registry:
    return load(SOEST)


@pytest.fixture
def plugins() -> Plugins:
    return load_plugins(entry_points=False, plugins={"kreis-soest": schulsozialarbeit_kreis_soest})


def _own(plugins: Plugins, registry: Registry, as_of: date = STICHTAG) -> list[Issue]:
    report = plugins.validate(registry, as_of=as_of)
    assert not plugins.faults
    return [issue for issue in report.issues if issue.code.startswith("kreis-soest/")]


def test_the_example_shows_the_missing_and_pending_concepts(
    plugins: Plugins, soest: Registry
) -> None:
    found = {(i.code, i.entity, i.path) for i in _own(plugins, soest)}
    assert found == {
        ("kreis-soest/concept-pending", "stelle-s03", "positions[2].assignments[1].concept"),
        ("kreis-soest/concept-missing", "stelle-s08", "positions[7].assignments[0].concept"),
        ("kreis-soest/concept-missing", "stelle-s13", "positions[12].assignments[0].concept"),
    }


def test_findings_are_warnings_that_name_the_school(plugins: Plugins, soest: Registry) -> None:
    issues = _own(plugins, soest)
    assert all(issue.severity is Severity.WARNING for issue in issues)
    pending = next(i for i in issues if i.code == "kreis-soest/concept-pending")
    assert "„Grundschule Büderich“" in pending.message("de")
    assert "01.09.2022" in pending.message("de")
    assert "2022-09-01" in pending.message("en")
    assert plugins.validate(soest, as_of=STICHTAG).ok


def test_once_agreed_the_concept_counts(plugins: Plugins, soest: Registry) -> None:
    codes = {issue.code for issue in _own(plugins, soest, as_of=date(2022, 9, 1))}
    assert "kreis-soest/concept-pending" not in codes


def test_a_shared_position_needs_a_real_share_at_each_school(
    plugins: Plugins, soest: Registry
) -> None:
    shared = soest.positions[2]
    first, second = shared.assignments
    uneven = attrs.evolve(
        shared,
        assignments=(
            attrs.evolve(first, fte=Decimal("0.95")),
            attrs.evolve(second, fte=Decimal("0.05")),
        ),
    )
    registry = attrs.evolve(soest, positions=(uneven, *soest.positions[3:]))
    small = [i for i in _own(plugins, registry) if i.code == "kreis-soest/share-too-small"]
    assert [(i.entity, i.path) for i in small] == [
        ("stelle-s03", "positions[0].assignments[1].fte")
    ]
    assert "0,05" in small[0].message("de")
    assert "mindestens 0,1" in small[0].message("de")


def test_a_position_at_one_school_has_no_share_to_agree(plugins: Plugins, soest: Registry) -> None:
    single = attrs.evolve(soest.positions[0], fte=Decimal("0.05"))
    single = attrs.evolve(
        single, assignments=(attrs.evolve(single.assignments[0], fte=Decimal("0.05")),)
    )
    registry = attrs.evolve(soest, positions=(single,))
    assert [i.code for i in _own(plugins, registry)] == []


def test_another_region_is_left_alone(plugins: Plugins, soest: Registry) -> None:
    elsewhere = attrs.evolve(
        soest, regions=tuple(attrs.evolve(r, key="05916000") for r in soest.regions)
    )
    assert _own(plugins, elsewhere) == []
    figures = plugins.key_figures(elsewhere, as_of=STICHTAG)
    assert figures.extra == ()


def test_the_area_groups_and_their_members_are_figures(plugins: Plugins, soest: Registry) -> None:
    figures = plugins.key_figures(soest, as_of=STICHTAG)
    values = {figure.key: figure.value for figure in figures.extra}
    assert values == {
        "kreis-soest/fallberatung.area_groups": 2,
        "kreis-soest/fallberatung.members": 13,
        "kreis-soest/fallberatung.members.ak-kollegiale-fallberatung-lippstadt": 8,
        "kreis-soest/fallberatung.members.ak-kollegiale-fallberatung-soest": 5,
    }


def test_a_member_who_left_is_not_counted(plugins: Plugins, soest: Registry) -> None:
    group = next(n for n in soest.networks if n.id == "ak-kollegiale-fallberatung-soest")
    left = attrs.evolve(group.memberships[0], end=date(2021, 12, 31))
    changed = attrs.evolve(group, memberships=(left, *group.memberships[1:]))
    registry = attrs.evolve(
        soest, networks=tuple(changed if n is group else n for n in soest.networks)
    )
    values = {f.key: f.value for f in plugins.key_figures(registry, as_of=STICHTAG).extra}
    assert values["kreis-soest/fallberatung.members.ak-kollegiale-fallberatung-soest"] == 4
    assert values["kreis-soest/fallberatung.members"] == 12


def test_the_cli_validates_and_reports_with_the_plugin() -> None:
    out = io.StringIO()
    argv = ["--plugin", "kreis-soest", "validate", str(SOEST), "--as-of", "2022-06-30"]
    assert main([*argv, "--format", "json"], stdout=out) == 0
    codes = {issue["code"] for issue in json.loads(out.getvalue())["issues"]}
    assert "kreis-soest/concept-missing" in codes
    assert main([*argv, "--strict"], stdout=io.StringIO()) == 1

    out = io.StringIO()
    argv = ["--plugin", "kreis-soest", "report", str(SOEST), "--as-of", "2022-06-30"]
    assert main([*argv, "--format", "json"], stdout=out) == 0
    assert json.loads(out.getvalue())["extra"]["kreis-soest/fallberatung.area_groups"] == 2


def test_the_cli_lists_the_installed_plugin() -> None:
    out = io.StringIO()
    assert main(["--plugin", "kreis-soest", "plugins", "--format", "json"], stdout=out) == 0
    listed = {p["name"]: p for p in json.loads(out.getvalue())["plugins"]}
    assert listed["kreis-soest"]["version"] == "0.1.0"
    assert set(listed["kreis-soest"]["hooks"]) == {
        "exporters",
        "extra_figures",
        "validation_issues",
    }
