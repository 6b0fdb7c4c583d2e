"""The holiday calendar: NRW public and school holidays, and the district's own closed days.

The tables come from the ``holidays`` package (subdivision NW). They are fixed data and
building them costs more than expanding a series, so they are built once per span of years.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from types import MappingProxyType


def closed_days(first: date, last: date, blackouts: Mapping[date, str]) -> Mapping[date, str]:
    """Every day without meetings in the years ``first`` to ``last``, with why.

    Public holidays are named before school holidays ("Zweiter Weihnachtstag,
    Weihnachtsferien"), the district's own reason last. Names stay German in every language:
    they are the names people know, and the ``holidays`` package provides them.
    """
    if not blackouts:
        return _joined(first.year, last.year)
    names = {day: list(found) for day, found in _holidays(first.year, last.year).items()}
    for day, reason in sorted(blackouts.items()):
        names.setdefault(day, []).append(reason)
    return {day: ", ".join(dict.fromkeys(found)) for day, found in names.items()}


@lru_cache(maxsize=16)
def _holidays(first_year: int, last_year: int) -> Mapping[date, tuple[str, ...]]:
    """NRW's public and school holidays of those years, built once per span, not per series.

    The tables are fixed data, and building them takes longer than expanding a series'
    rule, so a feed or a validation of many series asks the ``holidays`` package once.
    """
    import holidays  # 40 ms of data modules: paid when scheduling, not at package import

    years = range(first_year, last_year + 1)
    names: dict[date, list[str]] = {}
    for category in ("public", "school"):
        table = holidays.country_holidays(
            "DE", subdiv="NW", categories=(category,), language="de", years=years
        )
        for day in sorted(table):
            names.setdefault(day, []).extend(table.get_list(day))
    return MappingProxyType({day: tuple(found) for day, found in names.items()})


@lru_cache(maxsize=16)
def _joined(first_year: int, last_year: int) -> Mapping[date, str]:
    """The holidays alone, with their reasons joined, for series without blackout days."""
    joined = {
        day: ", ".join(dict.fromkeys(found))
        for day, found in _holidays(first_year, last_year).items()
    }
    return MappingProxyType(joined)
