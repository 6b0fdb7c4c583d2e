"""Coordination offices and the partner organisations they work with."""

from __future__ import annotations

import enum
from datetime import date, datetime

from attrs import frozen

from .checks import check_fields
from .places import Address, Contact, OpeningHours


class OrganizationKind(enum.StrEnum):
    SCHULAMT = "schulamt"
    ASD = "asd"
    JUGENDAMT = "jugendamt"
    MEDIENZENTRUM = "medienzentrum"
    KINDERSCHUTZ = "kinderschutz"
    BILDUNGSBUERO = "bildungsbuero"
    BERATUNGSSTELLE = "beratungsstelle"
    SCHULAUFSICHT = "schulaufsicht"
    OTHER = "other"


@frozen(kw_only=True)
class CoordinationOffice:
    """A Koordinierungsstelle. Its own e-mail, phone and URL are functional, not personal."""

    __attrs_post_init__ = check_fields

    id: str
    name: str
    region: str
    description: str | None = None
    address: Address | None = None
    contacts: tuple[Contact, ...] = ()
    opening_hours: tuple[OpeningHours, ...] = ()
    established: date | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    created: datetime | None = None
    modified: datetime | None = None


@frozen(kw_only=True)
class Organization:
    __attrs_post_init__ = check_fields

    id: str
    name: str
    kind: OrganizationKind
    address: Address | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
