"""The holiday calendar: NRW public and school holidays, and the district's own closed days.

The tables come from the ``holidays`` package (subdivision NW). They are fixed data and
building them costs more than expanding a series, so each year's table is built once per
process and the years a series spans are combined from them: however many different spans
the series of a registry have, no table is built twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from types import MappingProxyType


def closed_days(first: date, last: date, blackouts: Mapping[date, str]) -> Mapping[date, str]:
    """Every day without meetings in the years ``first`` to ``last``, with why.

    Public holidays are named before school holidays ("Zweiter Weihnachtstag,
    Weihnachtsferien"), the district's own reason last. Names stay German in every language:
    they are the names people know, and the ``holidays`` package provides them.
    """
    years = range(first.year, last.year + 1)
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
