"""Which positions and schools the programme concerns, read from a registry the one way the
rules, the application list and the figures share, so they never disagree."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from attrs import frozen

from schulsozialarbeit.hooks import Region, Registry
from schulsozialarbeit.model import Position, School

from .parameters import PROGRAMME


def is_applicant(region: Region) -> bool:
    """Whether the region may apply: a Kreis, a kreisfreie Stadt, the StädteRegion Aachen."""
    return (
        region.kind in PROGRAMME.applicant_kinds.value
        or region.key in PROGRAMME.applicant_keys.value
    )


def nrw_schools(registry: Registry) -> dict[str, School]:
    """The schools of the registry's regions in NRW, by id: the programme's ground."""
    regions = {region.id for region in registry.regions if region.state == PROGRAMME.state.value}
    return {school.id: school for school in registry.schools if school.region in regions}


def is_social_work(position: Position) -> bool:
    return PROGRAMME.programme.value in position.programmes


def is_coordination(position: Position) -> bool:
    return PROGRAMME.coordination.value in position.programmes


@frozen(kw_only=True)
class Funded:
    """A position the programme pays for, with its index in the registry (for the path)."""

    index: int
    position: Position


def funded(registry: Registry, first: date, last: date | None = None) -> Iterator[Funded]:
    """The programme's positions (school social work and coordination) active on some day
    of ``first``..``last`` (one day when ``last`` is left out, and then as they stand on it).
    A registry without NRW schools is none of the programme's business, and neither is a
    position whose schools all lie outside NRW."""
    schools = nrw_schools(registry)
    if not schools:
        return
    end = first if last is None else last
    for index, position in enumerate(registry.positions):
        if not (is_social_work(position) or is_coordination(position)):
            continue
        if not runs(position.start, position.end, first, end):
            continue
        if position.assignments and not any(a.school in schools for a in position.assignments):
            continue
        yield Funded(index=index, position=position.on(first) if last is None else position)


def runs(start: date | None, end: date | None, first: date, last: date) -> bool:
    """Whether a period open at either side meets ``first``..``last``."""
    return (start is None or start <= last) and (end is None or first <= end)


def staff_and_coordination(registry: Registry, day: date) -> tuple[int, Decimal]:
    """The two sides of the 1:30 key on ``day``, counted as the parameter table says: the
    people in every position serving an NRW school of the registry, and the FTE of the
    programme's coordination posts."""
    schools = nrw_schools(registry)
    people = {
        holder
        for position in registry.positions
        if position.active_on(day)
        and any(a.school in schools for a in position.on(day).assignments)
        and (holder := position.holder_on(day)) is not None
    }
    coordination = sum(
        (f.position.fte for f in funded(registry, day) if is_coordination(f.position)),
        Decimal(0),
    )
    return len(people), coordination
