"""What scheduling looks up in a registry by id, found once per registry.

A caller that schedules every series of a registry asks about one series at a time. A
search of the registry's tuples for each one (the series, the region of its network or
office, its school, the holiday periods that apply) made the work per series grow with the
registry: at Germany size the regions alone were an eighth of the time of occurrences. A
registry is immutable, so what is found once stays true for it.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping

from attrs import frozen

from ..model import HolidayPeriod, Meeting, MeetingSeries, Region, Registry, School


@frozen(kw_only=True)
class RegistryIndex:
    """A registry's entities by id, with the first of a repeated id or the last, as the
    searches this replaces found them, and its holiday periods by what they apply to."""

    series: Mapping[str, MeetingSeries]
    regions: Mapping[str, Region]
    #: The region id of each network and office, by its id (an office's wins on a clash).
    owners: Mapping[str, str]
    only_region: Region | None
    schools: Mapping[str, School]
    #: Each period with its place in the registry: for all of NRW, by region, by school.
    everywhere: tuple[tuple[int, HolidayPeriod], ...]
    by_region: Mapping[str, tuple[tuple[int, HolidayPeriod], ...]]
    by_school: Mapping[str, tuple[tuple[int, HolidayPeriod], ...]]

    def region_of(self, item: Meeting | MeetingSeries) -> Region | None:
        """See :func:`schulsozialarbeit.scheduling.region_of`."""
        for owner in (item.network, item.organiser):
            if owner is not None and owner in self.owners:
                region = self.regions.get(self.owners[owner])
                if region is not None:
                    return region
        return self.only_region

    def periods(self, region: Region | None, school: str | None) -> list[HolidayPeriod]:
        """The holiday periods that close days for a series of ``region`` held at
        ``school``, in registry order: one for all of NRW always, one of a region or a
        school for its own."""
        found = list(self.everywhere)
        if region is not None:
            found += self.by_region.get(region.id, ())
        if school is not None:
            found += self.by_school.get(school, ())
        # A period of a region and a school applies once, however many of the two match.
        return [period for _, period in sorted(dict(found).items())]


def _build(registry: Registry) -> RegistryIndex:
    series: dict[str, MeetingSeries] = {}
    for item in registry.series:
        series.setdefault(item.id, item)
    schools: dict[str, School] = {}
    for school in registry.schools:
        schools.setdefault(school.id, school)
    everywhere: list[tuple[int, HolidayPeriod]] = []
    by_region: dict[str, list[tuple[int, HolidayPeriod]]] = {}
    by_school: dict[str, list[tuple[int, HolidayPeriod]]] = {}
    for position, period in enumerate(registry.holidays):
        if period.region is None and period.school is None:
            everywhere.append((position, period))
        if period.region is not None:
            by_region.setdefault(period.region, []).append((position, period))
        if period.school is not None:
            by_school.setdefault(period.school, []).append((position, period))
    return RegistryIndex(
        series=series,
        regions={region.id: region for region in registry.regions},
        owners={n.id: n.region for n in registry.networks}
        | {o.id: o.region for o in registry.offices},
        only_region=registry.regions[0] if len(registry.regions) == 1 else None,
        schools=schools,
        everywhere=tuple(everywhere),
        by_region={key: tuple(found) for key, found in by_region.items()},
        by_school={key: tuple(found) for key, found in by_school.items()},
    )


#: The registry last asked about (weakly) and its index: one entry, rebuilt when another
#: registry comes, so that an index never outlives its registry.
_LAST: tuple[weakref.ref[Registry], RegistryIndex] | None = None


def registry_index(registry: Registry) -> RegistryIndex:
    """The index of ``registry``, built on its first use."""
    global _LAST
    cached = _LAST
    if cached is not None and cached[0]() is registry:
        return cached[1]
    index = _build(registry)
    _LAST = (weakref.ref(registry), index)
    return index
