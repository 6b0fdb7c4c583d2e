"""The holiday calendar: NRW public and school holidays, the school holidays a registry adds
(later years, a region's, a school's, a school's movable days) and the district's own
closed days.

The tables come from the ``holidays`` package (subdivision NW). They are fixed data and
building them costs more than expanding a series, so each year's table is built once per
process and the years a series spans are combined from them: however many different spans
the series of a registry have, no table is built twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

from ..model import Region
from .index import RegistryIndex


def closed_days(
    first: date,
    last: date,
    blackouts: Mapping[date, str],
    added: Mapping[date, str] | None = None,
) -> Mapping[date, str]:
    """Every day without meetings in the years ``first`` to ``last``, with why.

    Public holidays are named before school holidays ("Zweiter Weihnachtstag,
    Weihnachtsferien"), then the holidays the registry ``added``, the district's own reason
    last. Names stay German in every language: they are the names people know, and the
    ``holidays`` package provides them.
    """
    years = range(first.year, last.year + 1)
    if added:
        blackouts = {
            day: ", ".join(found)
            for day, found in _together(added.items(), blackouts.items()).items()
        }
    if not blackouts:
        if len(years) == 1:
            return MappingProxyType(_joined(first.year))
        combined: dict[date, str] = {}
        for year in years:
            combined.update(_joined(year))
        return combined
    names: dict[date, list[str]] = {}
    for year in years:
        for day, found in _holidays(year).items():
            names[day] = list(found)
    for day, reason in sorted(blackouts.items()):
        names.setdefault(day, []).append(reason)
    return {day: ", ".join(dict.fromkeys(found)) for day, found in names.items()}


@cache
def _holidays(year: int) -> dict[date, tuple[str, ...]]:
    """NRW's public and school holidays of one year, built once per process.

    The tables are fixed data, and building them takes longer than expanding a series'
    rule, so a feed or a validation of many series asks the ``holidays`` package once a
    year. Never handed out: callers copy what they combine.
    """
    import holidays  # 40 ms of data modules: paid when scheduling, not at package import

    names: dict[date, list[str]] = {}
    for category in ("public", "school"):
        table = holidays.country_holidays(
            "DE", subdiv="NW", categories=(category,), language="de", years=year
        )
        for day in sorted(table):
            names.setdefault(day, []).extend(table.get_list(day))
    return {day: tuple(found) for day, found in names.items()}


@cache
def _joined(year: int) -> dict[date, str]:
    """One year's holidays alone, with their reasons joined, for series without blackouts.

    Handed out as is for a series within one year; ``closed_days`` copies it otherwise.
    Callers only look days up in what they get.
    """
    return {day: ", ".join(dict.fromkeys(found)) for day, found in _holidays(year).items()}


def _together(*sources: Iterable[tuple[date, str]]) -> dict[date, list[str]]:
    together: dict[date, list[str]] = {}
    for source in sources:
        for day, reason in sorted(source):
            together.setdefault(day, []).append(reason)
    return together


def _days(start: date, end: date, first: date, last: date) -> Iterable[date]:
    """The days of ``start`` to ``end`` that lie within ``first`` to ``last``."""
    day, until = max(start, first), min(end, last)
    while day <= until:
        yield day
        day += timedelta(days=1)


def added_days(
    index: RegistryIndex, region: Region | None, school: str | None, first: date, last: date
) -> dict[date, str]:
    """The days off a registry adds, from ``first`` to ``last``, for meetings of
    ``region`` held at the school with the id ``school``: its holiday periods that apply,
    and the school's movable days."""
    found: list[tuple[date, str]] = []
    for period in index.periods(region, school):
        found.extend((day, period.name) for day in _days(period.start, period.end, first, last))
    at = None if school is None else index.schools.get(school)
    if at is not None:
        reason = f"Beweglicher Ferientag ({at.name})"
        found.extend((day, reason) for day in at.movable_days if first <= day <= last)
    return {day: ", ".join(dict.fromkeys(names)) for day, names in _together(found).items()}


@cache
def school_holidays_known(year: int) -> bool:
    """Whether the ``holidays`` package holds NRW school holidays of ``year`` at all.

    Validation asks this of every registry with series and needs no table: the package's
    own table of German school holidays by year answers it without building a calendar,
    which imports every country of the package (40 ms of a validation's start). The
    calendar begins a year after that table (1991, the table 1990), so years up to the
    table's first, and every year of a release that keeps the table elsewhere, are asked
    of the calendar as before.
    """
    try:
        from holidays.calendars.germany_school import GERMANY_SCHOOL_HOLIDAYS
    except ImportError:
        return _school_holidays_in_calendar(year)
    if year <= min(GERMANY_SCHOOL_HOLIDAYS):
        return _school_holidays_in_calendar(year)
    return bool(GERMANY_SCHOOL_HOLIDAYS.get(year, {}).get("NW"))


def _school_holidays_in_calendar(year: int) -> bool:
    """Whether the calendar of NRW school holidays of ``year`` holds any day."""
    import holidays

    table = holidays.country_holidays(
        "DE", subdiv="NW", categories=("school",), language="de", years=year
    )
    return len(table) > 0
