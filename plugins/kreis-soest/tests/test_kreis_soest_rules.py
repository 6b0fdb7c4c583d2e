"""The Rahmenkonzept rules and the area-group figures, through the plugin manager and the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import schulsozialarbeit_kreis_soest
from schulsozialarbeit import Plugins
from schulsozialarbeit.hooks import Issue, Registry, Severity
from schulsozialarbeit.testing import CliResult

STICHTAG = date(2022, 6, 30)

Cli = Callable[[Sequence[str | Path]], CliResult]


@pytest.fixture
def soest(ssa_example: Callable[[str], Registry]) -> Registry:
    return ssa_example("kreis-soest")


@pytest.fixture
def plugins(ssa_plugins: Callable[..., Plugins]) -> Plugins:
    return ssa_plugins(schulsozialarbeit_kreis_soest, "kreis-soest")


def _own(plugins: Plugins, registry: Registry, as_of: date = STICHTAG) -> list[Issue]:
    report = plugins.validate(registry, as_of=as_of)
    assert report.faults == ()
    return [issue for issue in report.issues if issue.code.startswith("kreis-soest/")]


def _extra(plugins: Plugins, registry: Registry) -> dict[str, int | Decimal | str]:
    figures = plugins.key_figures(registry, as_of=STICHTAG)
    assert figures.faults == ()
    return {figure.key: figure.value for figure in figures.extra}


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
    assert _extra(plugins, elsewhere) == {}


def test_the_area_groups_and_their_members_are_figures(plugins: Plugins, soest: Registry) -> None:
    assert _extra(plugins, soest) == {
        "kreis-soest/fallberatung.area_groups": 2,
        "kreis-soest/fallberatung.members": 13,
        "kreis-soest/fallberatung.members.ak-kollegiale-fallberatung-lippstadt": 8,
        "kreis-soest/fallberatung.members.ak-kollegiale-fallberatung-soest": 5,
    }


def test_the_figures_are_labelled_in_both_languages(plugins: Plugins, soest: Registry) -> None:
    figures = plugins.key_figures(soest, as_of=STICHTAG)
    labels = {figure.key: figure.label for figure in figures.extra}
    groups = labels["kreis-soest/fallberatung.area_groups"]
    assert (groups.de, groups.en) == (
        "AK Kollegiale Fallberatung: Gebietsgruppen",
        "Peer case consultation: area groups",
    )


def test_a_member_who_left_is_not_counted(plugins: Plugins, soest: Registry) -> None:
    group = next(n for n in soest.networks if n.id == "ak-kollegiale-fallberatung-soest")
    left = attrs.evolve(group.memberships[0], end=date(2021, 12, 31))
    changed = attrs.evolve(group, memberships=(left, *group.memberships[1:]))
    registry = attrs.evolve(
        soest, networks=tuple(changed if n is group else n for n in soest.networks)
    )
    values = _extra(plugins, registry)
    assert values["kreis-soest/fallberatung.members.ak-kollegiale-fallberatung-soest"] == 4
    assert values["kreis-soest/fallberatung.members"] == 12


def test_the_cli_validates_and_reports_with_the_plugin(ssa_cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "kreis-soest"
    assert ssa_cli(["init", folder, "--example", "kreis-soest"]).status == 0
    argv: list[str | Path] = ["--plugin", "kreis-soest", "validate", folder]
    argv += ["--as-of", "2022-06-30"]
    checked = ssa_cli([*argv, "--format", "json"])
    assert (checked.status, checked.stderr) == (0, "")
    codes = {issue["code"] for issue in json.loads(checked.stdout)["issues"]}
    assert "kreis-soest/concept-missing" in codes
    assert ssa_cli([*argv, "--strict"]).status == 1

    argv = ["--plugin", "kreis-soest", "report", folder, "--as-of", "2022-06-30"]
    reported = ssa_cli([*argv, "--format", "json"])
    assert (reported.status, reported.stderr) == (0, "")
    assert json.loads(reported.stdout)["extra"]["kreis-soest/fallberatung.area_groups"] == 2


def test_the_cli_lists_the_installed_plugin(ssa_cli: Cli) -> None:
    result = ssa_cli(["--plugin", "kreis-soest", "plugins", "--format", "json"])
    assert result.status == 0
    listed = {p["name"]: p for p in json.loads(result.stdout)["plugins"]}
    assert listed["kreis-soest"]["version"] == "0.1.0"
    assert listed["kreis-soest"]["hooks"] == ["exporters", "extra_figures", "validation_issues"]
    assert listed["kreis-soest"]["formats"] == ["kreis-soest-stellen"]
