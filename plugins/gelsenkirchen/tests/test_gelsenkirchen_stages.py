"""The network figures along the education biography, through the plugin manager and the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import schulsozialarbeit_gelsenkirchen
from schulsozialarbeit import Plugins
from schulsozialarbeit.hooks import Registry
from schulsozialarbeit.model import SchoolForm
from schulsozialarbeit.testing import CliResult
from schulsozialarbeit_gelsenkirchen import STAGE_NAMES, STAGES

STICHTAG = date(2023, 4, 27)

Cli = Callable[[Sequence[str | Path]], CliResult]


@pytest.fixture
def gelsenkirchen(ssa_example: Callable[[str], Registry]) -> Registry:
    return ssa_example("gelsenkirchen")


@pytest.fixture
def plugins(ssa_plugins: Callable[..., Plugins]) -> Plugins:
    return ssa_plugins(schulsozialarbeit_gelsenkirchen, "gelsenkirchen")


def _values(plugins: Plugins, registry: Registry) -> dict[str, int | Decimal | str]:
    figures = plugins.key_figures(registry, as_of=STICHTAG)
    assert figures.faults == ()
    return {figure.key: figure.value for figure in figures.extra}


def test_every_school_form_has_a_stage() -> None:
    assert set(STAGES) == set(SchoolForm)
    assert set(STAGES.values()) == set(STAGE_NAMES)


def test_the_68_member_schools_along_the_path(plugins: Plugins, gelsenkirchen: Registry) -> None:
    assert _values(plugins, gelsenkirchen) == {
        "gelsenkirchen/stage.primary.schools": 38,
        "gelsenkirchen/stage.primary.fte": Decimal(17),
        "gelsenkirchen/stage.secondary.schools": 26,
        "gelsenkirchen/stage.secondary.fte": Decimal("30.5"),
        "gelsenkirchen/stage.vocational.schools": 4,
        "gelsenkirchen/stage.vocational.fte": Decimal(4),
    }


def test_the_figures_are_labelled_in_both_languages(
    plugins: Plugins, gelsenkirchen: Registry
) -> None:
    figures = plugins.key_figures(gelsenkirchen, as_of=STICHTAG)
    labels = {figure.key: figure.label for figure in figures.extra}
    primary = labels["gelsenkirchen/stage.primary.schools"]
    assert (primary.de, primary.en) == (
        "Netzwerk, Primarstufe: Mitgliedsschulen",
        "Network, primary stage: member schools",
    )


def test_with_every_school_a_member_the_stages_add_up(
    plugins: Plugins, gelsenkirchen: Registry
) -> None:
    figures = plugins.key_figures(gelsenkirchen, as_of=STICHTAG)
    schools = sum(f.value for f in figures.extra if isinstance(f.value, int))
    fte = sum((f.value for f in figures.extra if isinstance(f.value, Decimal)), Decimal(0))
    assert (schools, fte) == (figures.schools, figures.fte)


def test_a_school_that_left_the_network_is_not_counted(
    plugins: Plugins, gelsenkirchen: Registry
) -> None:
    network = gelsenkirchen.networks[0]
    kept = tuple(
        attrs.evolve(m, end=date(2022, 12, 31)) if (m.member or "").startswith("bk-") else m
        for m in network.memberships
    )
    registry = attrs.evolve(gelsenkirchen, networks=(attrs.evolve(network, memberships=kept),))
    values = _values(plugins, registry)
    assert values["gelsenkirchen/stage.vocational.schools"] == 0
    assert values["gelsenkirchen/stage.vocational.fte"] == 0
    assert values["gelsenkirchen/stage.primary.schools"] == 38


def test_a_vacant_position_adds_no_fte(plugins: Plugins, gelsenkirchen: Registry) -> None:
    positions = tuple(
        attrs.evolve(p, holder=None)
        if any(a.school.startswith("bk-") for a in p.assignments)
        else p
        for p in gelsenkirchen.positions
    )
    values = _values(plugins, attrs.evolve(gelsenkirchen, positions=positions))
    assert values["gelsenkirchen/stage.vocational.fte"] == 0
    assert values["gelsenkirchen/stage.vocational.schools"] == 4


def test_another_region_gets_no_figures(plugins: Plugins, gelsenkirchen: Registry) -> None:
    elsewhere = attrs.evolve(
        gelsenkirchen,
        regions=tuple(attrs.evolve(r, key="05916000") for r in gelsenkirchen.regions),
    )
    assert _values(plugins, elsewhere) == {}


def test_the_cli_report_carries_the_stages(ssa_cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "gelsenkirchen"
    assert ssa_cli(["init", folder, "--example", "gelsenkirchen"]).status == 0
    argv: list[str | Path] = ["--plugin", "gelsenkirchen", "report", folder]
    argv += ["--as-of", "2023-04-27"]
    reported = ssa_cli([*argv, "--format", "json"])
    assert (reported.status, reported.stderr) == (0, "")
    extra = json.loads(reported.stdout)["extra"]
    assert extra["gelsenkirchen/stage.secondary.fte"] == "30.5"
    assert extra["gelsenkirchen/stage.primary.schools"] == 38

    shown = ssa_cli([*argv, "--lang", "de"])
    assert shown.status == 0
    assert "Netzwerk, Primarstufe: Mitgliedsschulen" in shown.stdout
    shown = ssa_cli([*argv, "--lang", "en"])
    assert "Network, primary stage: member schools" in shown.stdout


def test_the_cli_lists_the_installed_plugin(ssa_cli: Cli) -> None:
    result = ssa_cli(["--plugin", "gelsenkirchen", "plugins", "--format", "json"])
    assert result.status == 0
    listed = {p["name"]: p for p in json.loads(result.stdout)["plugins"]}
    assert listed["gelsenkirchen"]["version"] == "0.1.0"
    assert listed["gelsenkirchen"]["hooks"] == ["extra_figures"]
    assert listed["gelsenkirchen"]["formats"] == []
