"""The registry: everything a coordination office keeps, in one immutable value."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from attrs import frozen

from .meetings import Meeting, MeetingSeries
from .networks import Network
from .organizations import CoordinationOffice, Organization
from .schools import District, Region, School
from .staffing import Carrier, Position, StaffMember

DEFAULT_TIMEZONE = "Europe/Berlin"

#: The collections of a registry, in file order, with the class each holds.
COLLECTIONS: dict[str, type[Any]] = {
    "regions": Region,
    "districts": District,
    "schools": School,
    "carriers": Carrier,
    "staff": StaffMember,
    "positions": Position,
    "offices": CoordinationOffice,
    "organizations": Organization,
    "networks": Network,
    "meetings": Meeting,
    "series": MeetingSeries,
}


@frozen(kw_only=True)
class Registry:
    """Every entity has an ``id`` unique across the whole registry, so a reference is a plain id."""

    name: str
    timezone: str = DEFAULT_TIMEZONE
    description: str | None = None
    regions: tuple[Region, ...] = ()
    districts: tuple[District, ...] = ()
    schools: tuple[School, ...] = ()
    carriers: tuple[Carrier, ...] = ()
    staff: tuple[StaffMember, ...] = ()
    positions: tuple[Position, ...] = ()
    offices: tuple[CoordinationOffice, ...] = ()
    organizations: tuple[Organization, ...] = ()
    networks: tuple[Network, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    series: tuple[MeetingSeries, ...] = ()

    def region_ids(self, key: str) -> frozenset[str]:
        """The ids of the regions with the official regional key ``key``.

        A district's plugin knows its Regionalschlüssel, not the id a registry chose.
        """
        return frozenset(region.id for region in self.regions if region.key == key)

    def entities(self) -> Iterator[tuple[str, int, Any]]:
        """Every entity with the collection it sits in and its index there."""
        for collection in COLLECTIONS:
            for index, entity in enumerate(getattr(self, collection)):
                yield collection, index, entity
