"""Herne's local days without meetings: Rosenmontag and the Cranger Kirmes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import attrs
import pytest

import schulsozialarbeit_herne
from schulsozialarbeit import OccurrenceStatus, Plugins
from schulsozialarbeit.hooks import Region, Registry, series_region
from schulsozialarbeit.model import RegionKind
from schulsozialarbeit_herne import cranger_kirmes, rosenmontag

HERNE = Region(id="herne", name="Stadt Herne", kind=RegionKind.KREISFREIE_STADT, key="05916000")
SOEST = Region(id="soest", name="Kreis Soest", kind=RegionKind.KREIS, key="05974000")


@pytest.fixture
def plugins(ssa_plugins: Callable[..., Plugins]) -> Plugins:
    return ssa_plugins(schulsozialarbeit_herne, "herne")


def _days(plugins: Plugins, region: Region | None, start: date, end: date) -> dict[date, str]:
    outcome = plugins.blackout_dates(region, start, end)
    assert outcome.faults == ()
    return outcome.value


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2017, date(2017, 2, 27)), (2020, date(2020, 2, 24)), (2024, date(2024, 2, 12))],
)
def test_rosenmontag_follows_easter(year: int, expected: date) -> None:
    assert rosenmontag(year) == expected


@pytest.mark.parametrize(
    ("year", "opening", "closing"),
    [
        (2011, date(2011, 8, 4), date(2011, 8, 14)),
        (2018, date(2018, 8, 2), date(2018, 8, 12)),
        (2023, date(2023, 8, 3), date(2023, 8, 13)),
        (2024, date(2024, 8, 1), date(2024, 8, 11)),
    ],
)
def test_the_kirmes_runs_from_the_first_thursday_in_august_to_sunday_week(
    year: int, opening: date, closing: date
) -> None:
    days = cranger_kirmes(year)
    assert (days[0], days[-1]) == (opening, closing)
    assert days == [opening + timedelta(days=n) for n in range(11)]


def test_only_days_in_the_range_are_kept(plugins: Plugins) -> None:
    found = _days(plugins, HERNE, date(2024, 2, 1), date(2024, 8, 5))
    assert found == {
        date(2024, 2, 12): "Rosenmontag",
        **dict.fromkeys([date(2024, 8, day) for day in range(1, 6)], "Cranger Kirmes"),
    }


def test_ranges_across_years_get_each_year(plugins: Plugins) -> None:
    found = _days(plugins, HERNE, date(2023, 1, 1), date(2024, 12, 31))
    assert sorted(d for d, reason in found.items() if reason == "Rosenmontag") == [
        date(2023, 2, 20),
        date(2024, 2, 12),
    ]
    assert sum(reason == "Cranger Kirmes" for reason in found.values()) == 22


@pytest.mark.parametrize("region", [SOEST, None])
def test_other_regions_get_none(plugins: Plugins, region: Region | None) -> None:
    assert _days(plugins, region, date(2024, 1, 1), date(2024, 12, 31)) == {}


def test_a_herne_series_skips_rosenmontag(
    plugins: Plugins, ssa_example: Callable[[str], Registry]
) -> None:
    registry = ssa_example("herne")
    series = attrs.evolve(
        registry.series[0], first=date(2024, 2, 5), dates=(), rrule="FREQ=WEEKLY;COUNT=3"
    )
    registry = attrs.evolve(registry, series=(series,))
    assert series_region(registry, series.id) == registry.regions[0]
    outcome = plugins.occurrences(registry, series=series.id)
    assert outcome.faults == ()
    skipped = [o for o in outcome.value if o.status is OccurrenceStatus.SKIPPED]
    assert [o.original for o in skipped] == [date(2024, 2, 12)]
    assert "Rosenmontag" in (skipped[0].reason_text("de") or "")
