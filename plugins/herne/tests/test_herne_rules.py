"""Herne's quality-management rules, through the plugin manager and the installed CLI."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import attrs
import pytest

import schulsozialarbeit_herne
from schulsozialarbeit import Plugins
from schulsozialarbeit.hooks import Issue, Registry, Severity
from schulsozialarbeit.testing import CliResult

STICHTAG = date(2017, 11, 30)

Cli = Callable[[Sequence[str | Path]], CliResult]


@pytest.fixture
def herne(ssa_example: Callable[[str], Registry]) -> Registry:
    return ssa_example("herne")


@pytest.fixture
def plugins(ssa_plugins: Callable[..., Plugins]) -> Plugins:
    return ssa_plugins(schulsozialarbeit_herne, "herne")


@pytest.fixture
def folder(ssa_cli: Cli, tmp_path: Path) -> Path:
    """The Herne example as a registry folder, the way a user starts one."""
    target = tmp_path / "herne"
    assert ssa_cli(["init", target, "--example", "herne"]).status == 0
    return target


def _own(plugins: Plugins, registry: Registry, as_of: date = STICHTAG) -> list[Issue]:
    report = plugins.validate(registry, as_of=as_of)
    assert report.faults == ()
    return [issue for issue in report.issues if issue.code.startswith("herne/")]


def test_the_example_shows_the_gaps_of_november_2017(plugins: Plugins, herne: Registry) -> None:
    found = {(issue.code, issue.entity) for issue in _own(plugins, herne)}
    assert found == {
        ("herne/school-contact-missing", "gs-am-gysenberg"),
        ("herne/school-contact-missing", "hs-sodingen"),
        ("herne/cooperation-agreement-missing", "gy-eickel"),
        ("herne/cooperation-agreement-missing", "fs-sprache-sodingen"),
        ("herne/cooperation-agreement-pending", "rs-crange"),
    }


def test_findings_are_warnings_with_a_path_and_both_languages(
    plugins: Plugins, herne: Registry
) -> None:
    issues = _own(plugins, herne)
    assert all(issue.severity is Severity.WARNING for issue in issues)
    pending = next(i for i in issues if i.code == "herne/cooperation-agreement-pending")
    assert pending.path.endswith(".cooperation_agreement")
    assert "01.02.2018" in pending.message("de")
    assert "30.11.2017" in pending.message("de")
    assert "2018-02-01" in pending.message("en")
    contact = next(i for i in issues if i.code == "herne/school-contact-missing")
    assert contact.text is not None
    assert "Ansprechperson" in contact.text.de
    assert "contact person" in contact.text.en


def test_the_core_results_stay_and_the_example_has_no_errors(
    plugins: Plugins, herne: Registry
) -> None:
    report = plugins.validate(herne, as_of=STICHTAG)
    assert report.ok
    assert any(issue.code == "position-ends-soon" for issue in report.issues)


def test_a_school_without_a_position_is_not_held_to_the_concept(
    plugins: Plugins, herne: Registry
) -> None:
    entities = {issue.entity for issue in _own(plugins, herne)}
    assert "gy-herne-sued" not in entities
    assert "bk-am-westring" not in entities


def test_before_july_2017_the_concept_did_not_apply(plugins: Plugins, herne: Registry) -> None:
    assert _own(plugins, herne, as_of=date(2017, 6, 30)) == []


def test_once_signed_the_pending_agreement_counts(plugins: Plugins, herne: Registry) -> None:
    codes = {issue.code for issue in _own(plugins, herne, as_of=date(2018, 2, 1))}
    assert "herne/cooperation-agreement-pending" not in codes


def test_another_region_is_left_alone(plugins: Plugins, herne: Registry) -> None:
    elsewhere = attrs.evolve(
        herne, regions=tuple(attrs.evolve(r, key="05974000") for r in herne.regions)
    )
    assert _own(plugins, elsewhere) == []


def test_the_cli_reports_the_rules_and_strict_fails_on_them(ssa_cli: Cli, folder: Path) -> None:
    argv: list[str | Path] = ["--plugin", "herne", "validate", folder, "--as-of", "2017-11-30"]
    result = ssa_cli([*argv, "--format", "json"])
    assert (result.status, result.stderr) == (0, "")
    codes = {issue["code"] for issue in json.loads(result.stdout)["issues"]}
    assert "herne/school-contact-missing" in codes
    assert "plugin-failed" not in codes
    assert ssa_cli([*argv, "--strict"]).status == 1


def test_the_cli_lists_the_installed_plugin(ssa_cli: Cli) -> None:
    result = ssa_cli(["--plugin", "herne", "plugins", "--format", "json"])
    assert result.status == 0
    listed = {p["name"]: p for p in json.loads(result.stdout)["plugins"]}
    assert listed["herne"]["version"] == "0.1.0"
    assert listed["herne"]["hooks"] == ["blackout_dates", "validation_issues"]
    assert listed["herne"]["formats"] == []
