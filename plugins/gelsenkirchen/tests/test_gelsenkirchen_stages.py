"""The network figures along the education biography, through the plugin manager and the CLI."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import schulsozialarbeit_gelsenkirchen
from schulsozialarbeit import Registry, SchoolForm, load
from schulsozialarbeit.cli import main
from schulsozialarbeit.examples import example_path
from schulsozialarbeit.plugins import Plugins, load_plugins
from schulsozialarbeit_gelsenkirchen import STAGE_NAMES, STAGES

STICHTAG = date(2023, 4, 27)
GELSENKIRCHEN = Path(str(example_path("gelsenkirchen")))


@pytest.fixture(scope="module")
def gelsenkirchen() -> Registry:
    return load(GELSENKIRCHEN)


@pytest.fixture
def plugins() -> Plugins:
    return load_plugins(
        entry_points=False, plugins={"gelsenkirchen": schulsozialarbeit_gelsenkirchen}
    )


def _values(plugins: Plugins, registry: Registry) -> dict[str, int | Decimal | str]:
    figures = plugins.key_figures(registry, as_of=STICHTAG)
    assert not plugins.faults
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
        attrs.evolve(m, end=date(2022, 12, 31)) if m.member.startswith("bk-") else m
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


def test_the_cli_report_carries_the_stages() -> None:
    out = io.StringIO()
    argv = ["--plugin", "gelsenkirchen", "report", str(GELSENKIRCHEN), "--as-of", "2023-04-27"]
    assert main([*argv, "--format", "json"], stdout=out) == 0
    extra = json.loads(out.getvalue())["extra"]
    assert extra["gelsenkirchen/stage.secondary.fte"] == "30.5"
    assert extra["gelsenkirchen/stage.primary.schools"] == 38

    out = io.StringIO()
    assert main([*argv, "--lang", "de"], stdout=out) == 0
    assert "Netzwerk, Primarstufe: Mitgliedsschulen" in out.getvalue()


def test_the_cli_lists_the_installed_plugin() -> None:
    out = io.StringIO()
    assert main(["--plugin", "gelsenkirchen", "plugins", "--format", "json"], stdout=out) == 0
    listed = {p["name"]: p for p in json.loads(out.getvalue())["plugins"]}
    assert listed["gelsenkirchen"]["version"] == "0.1.0"
    assert listed["gelsenkirchen"]["hooks"] == ["extra_figures"]
