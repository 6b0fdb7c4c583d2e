"""The registry: everything a coordination office keeps, in one immutable value."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from attrs import frozen

from ..errors import StructureError
from .checks import problems_of_fields, timezone_problem, values_checked
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
    created: datetime | None = None
    modified: datetime | None = None

    def __attrs_post_init__(self) -> None:
        """The fields' types and bounds, and a time zone the feeds and dates can use."""
        if values_checked():
            return
        problems = problems_of_fields(self)
        if isinstance(self.timezone, str):
            zone = timezone_problem(self.timezone)
            if zone is not None:
                problems.append(zone)
        if problems:
            raise StructureError(tuple(problems))

    def region_ids(self, key: str) -> frozenset[str]:
        """The ids of the regions with the official regional key ``key``.

        A district's plugin knows its Regionalschlüssel, not the id a registry chose.
        """
        return frozenset(region.id for region in self.regions if region.key == key)

    def schools_in_region(self, key: str) -> tuple[School, ...]:
        """The schools of the regions with the regional key ``key``, in registry order."""
        regions = self.region_ids(key)
        return tuple(school for school in self.schools if school.region in regions)

    def served_schools(self, day: date) -> frozenset[str]:
        """Ids of the schools that an active position is assigned to on ``day``, held or
        vacant alike: a school keeps its cooperation while a post is being filled again.
        Assignments with their own period count within it only."""
        return frozenset(
            assignment.school
            for position in self.positions
            if position.active_on(day)
            for assignment in position.on(day).assignments
        )

    def held_fte_by_school(self, day: date) -> Mapping[str, Decimal]:
        """The FTE that holders of active positions give each school on ``day``, by school
        id; a school with no held position assigned to it is absent. The key figures count
        schools with social work from this, so a plugin that uses it counts alike. Holders
        and assignments with their own period count within it only (:meth:`Position.on`)."""
        by_school: dict[str, Decimal] = {}
        for position in self.positions:
            if not position.active_on(day):
                continue
            position = position.on(day)
            if position.holder is None:
                continue
            for assignment in position.assignments:
                by_school[assignment.school] = (
                    by_school.get(assignment.school, Decimal(0)) + assignment.fte
                )
        return by_school

    def entities(self) -> Iterator[tuple[str, int, Any]]:
        """Every entity with the collection it sits in and its index there."""
        for collection in COLLECTIONS:
            for index, entity in enumerate(getattr(self, collection)):
                yield collection, index, entity
