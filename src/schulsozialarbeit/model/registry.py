"""The registry: everything a coordination office keeps, in one immutable value."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar, overload

from attrs import evolve, frozen

from ..errors import BrokenReferencesError, EditError, StructureError, UnknownIdError
from .checks import problems_of_fields, timezone_problem, values_checked
from .holidays import HolidayPeriod
from .meetings import Meeting, MeetingSeries
from .networks import Network
from .organizations import CoordinationOffice, Organization
from .schools import District, Region, School
from .sources import Source
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
    "sources": Source,
    "holidays": HolidayPeriod,
}


#: Anything with an id that a registry holds in one of its collections.
Entity = (
    Region
    | District
    | School
    | Carrier
    | StaffMember
    | Position
    | CoordinationOffice
    | Organization
    | Network
    | Meeting
    | MeetingSeries
)
_E = TypeVar("_E", bound=Entity)


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
    sources: tuple[Source, ...] = ()
    holidays: tuple[HolidayPeriod, ...] = ()
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

    def cited_sources(self) -> tuple[Source, ...]:
        """The sources the registry's schools name, in the order of ``sources``: an output
        that shows school data names these, as their licences ask."""
        named = {school.source for school in self.schools if school.source is not None}
        return tuple(source for source in self.sources if source.id in named)

    def entities(self) -> Iterator[tuple[str, int, Any]]:
        """Every entity with the collection it sits in and its index there."""
        for collection in COLLECTIONS:
            for index, entity in enumerate(getattr(self, collection)):
                yield collection, index, entity

    # -- editing: each returns a new registry, this one stays as it is --------------------

    @overload
    def get(self, id: str) -> Entity: ...
    @overload
    def get(self, id: str, kind: type[_E]) -> _E: ...
    def get(self, id: str, kind: type[Any] | None = None) -> Any:
        """The entity with ``id`` (the first, should validation find the id twice); with
        ``kind``, only an entity of that class. Raises :class:`UnknownIdError`."""
        for _, _, entity in self.entities():
            if entity.id == id and (kind is None or isinstance(entity, kind)):
                return entity
        raise UnknownIdError(id)

    def replace(self, entity: Entity) -> Registry:
        """The registry with ``entity`` in place of the entity of its class with its id.

        References to the id stay valid, as the id is the same; to change an id, ``add``
        the entity under the new one and ``remove`` the old. Raises :class:`UnknownIdError`.
        """
        collection = _collection_of(entity)
        items = getattr(self, collection)
        for index, item in enumerate(items):
            if item.id == entity.id:
                changed: dict[str, Any] = {
                    collection: (*items[:index], entity, *items[index + 1 :])
                }
                return evolve(self, **changed)
        raise UnknownIdError(entity.id)

    def add(self, entity: Entity) -> Registry:
        """The registry with ``entity`` at the end of its collection. Raises
        :class:`EditError` (``edit-id-taken``) when any entity already has its id."""
        if any(item.id == entity.id for _, _, item in self.entities()):
            raise EditError("edit-id-taken", id=entity.id)
        collection = _collection_of(entity)
        added: dict[str, Any] = {collection: (*getattr(self, collection), entity)}
        return evolve(self, **added)

    def remove(self, id: str) -> Registry:
        """The registry without the entity ``id``. Raises :class:`UnknownIdError`, or
        :class:`BrokenReferencesError` listing every reference to it that would break
        (nothing is dropped silently: change or remove those first)."""
        self.get(id)
        broken = tuple(
            (entity, path)
            for entity, path, ref, _ in references(self)
            if ref == id and entity != id
        )
        if broken:
            raise BrokenReferencesError(id, broken)
        changed: dict[str, Any] = {
            collection: tuple(item for item in getattr(self, collection) if item.id != id)
            for collection in COLLECTIONS
            if any(item.id == id for item in getattr(self, collection))
        }
        return evolve(self, **changed)


def _collection_of(entity: object) -> str:
    for collection, cls in COLLECTIONS.items():
        if type(entity) is cls:
            return collection
    # A programming error (an Assignment, a str), not input: mypy catches it first.
    raise TypeError(f"not an entity of a registry: {type(entity).__name__}")


_NETWORK_COORDINATORS = ("offices", "organizations", "staff")
_MEMBERS = ("schools", "staff", "organizations", "carriers", "offices")
_ORGANISERS = ("offices", "organizations")

#: (entity id, path of the field, the id it names, the collections that id may come from)
Reference = tuple[str, str, str, tuple[str, ...]]


def _event_references(base: str, event: Meeting | MeetingSeries) -> Iterator[Reference]:
    if event.venue.school is not None:
        yield event.id, f"{base}.venue.school", event.venue.school, ("schools",)
    for k, change in enumerate(event.changes if isinstance(event, MeetingSeries) else ()):
        if change.venue is not None and change.venue.school is not None:
            path = f"{base}.changes[{k}].venue.school"
            yield event.id, path, change.venue.school, ("schools",)
    if event.organiser is not None:
        yield event.id, f"{base}.organiser", event.organiser, _ORGANISERS
    if event.network is not None:
        yield event.id, f"{base}.network", event.network, ("networks",)
    for k, partner in enumerate(event.partners):
        yield event.id, f"{base}.partners[{k}]", partner, ("organizations",)


def references(registry: Registry) -> Iterator[Reference]:
    """Every reference in the registry; the one list of which field may name what."""
    for i, school in enumerate(registry.schools):
        yield school.id, f"schools[{i}].region", school.region, ("regions",)
        if school.district is not None:
            yield school.id, f"schools[{i}].district", school.district, ("districts",)
        if school.source is not None:
            yield school.id, f"schools[{i}].source", school.source, ("sources",)
    for i, district in enumerate(registry.districts):
        yield district.id, f"districts[{i}].region", district.region, ("regions",)
    for i, position in enumerate(registry.positions):
        yield position.id, f"positions[{i}].carrier", position.carrier, ("carriers",)
        if position.holder is not None:
            yield position.id, f"positions[{i}].holder", position.holder, ("staff",)
        for k, assignment in enumerate(position.assignments):
            path = f"positions[{i}].assignments[{k}].school"
            yield position.id, path, assignment.school, ("schools",)
    for i, office in enumerate(registry.offices):
        yield office.id, f"offices[{i}].region", office.region, ("regions",)
    for i, network in enumerate(registry.networks):
        yield network.id, f"networks[{i}].region", network.region, ("regions",)
        if network.district is not None:
            yield network.id, f"networks[{i}].district", network.district, ("districts",)
        if network.coordinator is not None:
            path = f"networks[{i}].coordinator"
            yield network.id, path, network.coordinator, _NETWORK_COORDINATORS
        if network.parent is not None:
            yield network.id, f"networks[{i}].parent", network.parent, ("networks",)
        for k, membership in enumerate(network.memberships):
            if membership.member is not None:
                path = f"networks[{i}].memberships[{k}].member"
                yield network.id, path, membership.member, _MEMBERS
    for i, period in enumerate(registry.holidays):
        if period.region is not None:
            yield period.id, f"holidays[{i}].region", period.region, ("regions",)
        if period.school is not None:
            yield period.id, f"holidays[{i}].school", period.school, ("schools",)
    for i, meeting in enumerate(registry.meetings):
        yield from _event_references(f"meetings[{i}]", meeting)
    for i, series in enumerate(registry.series):
        yield from _event_references(f"series[{i}]", series)
