"""The NRW school directory brought into a registry: matched by Schulnummer, never deleting.

What the directory knows (name, form, address, legal form, the Schulträger, pupils) is
taken from it; everything an office keeps by hand (the school's id and region, its
district, contacts, cooperation agreement, positions) stays as it is. A school that is
closing or closed, or that the directory no longer lists, is reported and left in the
registry: its positions and history are the office's to wind up.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

import attrs
from attrs import frozen

from ..errors import ImportRefusedError
from ..model import Address, Geo, Region, Registry, School, Source
from .schooldir import Directory, DirectorySchool, RowProblem

#: The directory as a source, with the licence its reuse must name.
SCHOOL_DIRECTORY = Source(
    id="schulgrunddaten-nrw",
    name="Schulgrunddaten NRW",
    publisher="Ministerium für Schule und Bildung des Landes Nordrhein-Westfalen",
    licence="Datenlizenz Deutschland – Namensnennung – Version 2.0",
    licence_url="https://www.govdata.de/dl-de/by-2-0",
    url="https://www.schulministerium.nrw.de/BiPo/OpenData/Schuldaten/schuldaten.csv",
)

#: Converts UTM zone 32 (EPSG:25832) easting and northing to WGS84 coordinates.
ToWgs84 = Callable[[Decimal, Decimal], Geo]


class ChangeKind(enum.StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    CLOSED = "closed"
    GONE = "gone"


@frozen(kw_only=True)
class SchoolChange:
    """One school the import adds, changes or reports; ``fields`` are those it changed."""

    kind: ChangeKind
    school_number: str
    school: str
    name: str
    fields: tuple[str, ...] = ()
    status: str | None = None


@frozen(kw_only=True)
class SchoolImport:
    """The registry after the import, what changed in it, and the rows left out."""

    registry: Registry
    changes: tuple[SchoolChange, ...]
    unchanged: int
    problems: tuple[RowProblem, ...]


#: The fields the directory fills; every other field of a school is the office's.
_FIELDS = ("name", "form", "address", "legal_form", "operator", "pupils", "source")


def area_of(registry: Registry) -> tuple[str, ...]:
    """The Gemeindeschlüssel prefixes of the registry's regions: a Kreis or kreisfreie
    Stadt (``05974000``) by its first five digits, a kreisangehörige Gemeinde by all eight."""
    return tuple(
        sorted(
            {
                region.key[:5] if region.key.endswith("000") else region.key
                for region in registry.regions
                if region.key and len(region.key) == 8 and region.key.isdigit()
            }
        )
    )


def _region(regions: tuple[Region, ...], municipality: str) -> Region | None:
    """The region of a Gemeindeschlüssel: the Gemeinde's own, else its Kreis."""
    for region in regions:
        if region.key == municipality:
            return region
    for region in regions:
        if region.key == municipality[:5] + "000":
            return region
    return None


def _unique_id(number: str, taken: set[str]) -> str:
    base = f"schule-{number}"
    identifier, suffix = base, 2
    while identifier in taken:
        identifier, suffix = f"{base}-{suffix}", suffix + 1
    taken.add(identifier)
    return identifier


def _address(
    row: DirectorySchool, before: Address | None, to_wgs84: ToWgs84 | None
) -> Address | None:
    if not (row.street and row.postal_code and row.city):
        return before
    geo = before.geo if before else None
    if to_wgs84 is not None and row.easting is not None and row.northing is not None:
        geo = to_wgs84(row.easting, row.northing)
    return Address(
        street=row.street,
        postal_code=row.postal_code,
        city=row.city,
        addition=before.addition if before else None,
        geo=geo,
    )


def import_schools(
    registry: Registry,
    directory: Directory,
    *,
    area: tuple[str, ...] | None = None,
    operators: Mapping[str, str] | None = None,
    pupils: Mapping[str, int] | None = None,
    statuses: Mapping[str, str] | None = None,
    to_wgs84: ToWgs84 | None = None,
    retrieved: date | None = None,
) -> SchoolImport:
    """The registry with the directory's schools of ``area`` (Gemeindeschlüssel prefixes;
    by default those of the registry's regions) added or brought up to date.

    ``operators`` (Trägernummer to name) and ``pupils`` (Schulnummer to count) fill those
    fields when given and know the school, and leave them as they are otherwise: a key
    table that lacks one Träger must not blank a name an office typed in. ``statuses``
    names the codes of schools not in operation in the report; ``to_wgs84`` converts the
    coordinates, which are left as they are without it. Raises :class:`ImportRefusedError`
    for an area with no Gemeindeschlüssel or a school in it that no region holds.
    """
    prefixes = area if area is not None else area_of(registry)
    if not prefixes:
        raise ImportRefusedError("imports.refused.no-area")
    rows = [row for row in directory.schools if row.municipality.startswith(prefixes)]
    homes = {row.municipality: _region(registry.regions, row.municipality) for row in rows}
    homeless = sorted(key for key, region in homes.items() if region is None)
    if homeless:
        raise ImportRefusedError("imports.refused.no-region", keys=", ".join(homeless[:10]))
    by_number = {s.school_number: s for s in registry.schools if s.school_number}
    taken = {entity.id for _, _, entity in registry.entities()}
    schools = list(registry.schools)
    index = {school.id: i for i, school in enumerate(schools)}
    changes: list[SchoolChange] = []
    unchanged = 0
    for row in rows:
        before = by_number.get(row.number)
        region = homes[row.municipality]
        if region is None or (before is None and not row.in_operation):
            continue
        operator = (operators or {}).get(row.operator_key or "")
        count = (pupils or {}).get(row.number)
        if before is None:
            school = School(
                id=_unique_id(row.number, taken),
                name=row.name,
                form=row.form,
                region=region.id,
                school_number=row.number,
                address=_address(row, None, to_wgs84),
                pupils=count,
                operator=operator,
                legal_form=row.legal_form,
                source=SCHOOL_DIRECTORY.id,
            )
            schools.append(school)
            changes.append(_change(ChangeKind.ADDED, school))
            continue
        after = attrs.evolve(
            before,
            name=row.name,
            form=row.form,
            address=_address(row, before.address, to_wgs84),
            legal_form=row.legal_form,
            source=SCHOOL_DIRECTORY.id,
            operator=before.operator if operator is None else operator,
            pupils=before.pupils if count is None else count,
        )
        changed = tuple(f for f in _FIELDS if getattr(before, f) != getattr(after, f))
        schools[index[before.id]] = after
        if not row.in_operation:
            status = (statuses or {}).get(row.status, row.status)
            changes.append(_change(ChangeKind.CLOSED, after, changed, status))
        elif changed:
            changes.append(_change(ChangeKind.UPDATED, after, changed))
        else:
            unchanged += 1
    for school in registry.schools:
        if school.school_number and school.school_number not in directory.listed:
            changes.append(_change(ChangeKind.GONE, school))
    source = attrs.evolve(SCHOOL_DIRECTORY, retrieved=retrieved)
    known = any(s.id == source.id for s in registry.sources)
    sources = tuple(source if s.id == source.id else s for s in registry.sources)
    result = attrs.evolve(
        registry, schools=tuple(schools), sources=sources if known else (*sources, source)
    )
    return SchoolImport(
        registry=result, changes=tuple(changes), unchanged=unchanged, problems=directory.problems
    )


def _change(
    kind: ChangeKind, school: School, fields: tuple[str, ...] = (), status: str | None = None
) -> SchoolChange:
    return SchoolChange(
        kind=kind,
        school_number=school.school_number or "",
        school=school.id,
        name=school.name,
        fields=fields,
        status=status,
    )
