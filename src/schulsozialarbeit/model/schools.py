"""Regions, their districts and the schools in them."""

from __future__ import annotations

import enum
from datetime import date, datetime

from attrs import frozen

from .checks import check_fields
from .places import Address, Contact


class RegionKind(enum.StrEnum):
    KREIS = "kreis"
    KREISFREIE_STADT = "kreisfreie_stadt"
    KREISANGEHOERIGE_STADT = "kreisangehoerige_stadt"


class DistrictKind(enum.StrEnum):
    ASD = "asd"
    SOZIALRAUM = "sozialraum"
    STADTBEZIRK = "stadtbezirk"


class SchoolForm(enum.StrEnum):
    """The school forms of NRW (Schulgesetz NRW, §§ 10-20), and every form the NRW school
    directory (Schulgrunddaten) lists, so that each school in it has its form here."""

    GRUNDSCHULE = "grundschule"
    HAUPTSCHULE = "hauptschule"
    REALSCHULE = "realschule"
    SEKUNDARSCHULE = "sekundarschule"
    GESAMTSCHULE = "gesamtschule"
    GEMEINSCHAFTSSCHULE = "gemeinschaftsschule"
    PRIMUS_SCHULE = "primus_schule"
    GYMNASIUM = "gymnasium"
    FOERDERSCHULE = "foerderschule"
    BERUFSKOLLEG = "berufskolleg"
    WEITERBILDUNGSKOLLEG = "weiterbildungskolleg"
    WALDORFSCHULE = "waldorfschule"
    VOLKSSCHULE = "volksschule"
    HIBERNIASCHULE = "hiberniaschule"
    WALDORFFOERDERSCHULE = "waldorffoerderschule"


class LegalForm(enum.StrEnum):
    """Who runs a school: the state or a municipality (öffentlich), or a private body."""

    PUBLIC = "public"
    PRIVATE = "private"


@frozen(kw_only=True)
class Region:
    """A Kreis or a kreisfreie Stadt: the level at which school social work is coordinated.

    ``key`` is the official regional key (Regionalschlüssel, e.g. "05916000" for Herne), by
    which a district's plugin recognises its own region whatever id the registry gives it.
    """

    __attrs_post_init__ = check_fields

    id: str
    name: str
    kind: RegionKind
    state: str = "NW"
    key: str | None = None
    created: datetime | None = None
    modified: datetime | None = None


def region_is(region: Region | None, key: str) -> bool:
    """Whether ``region`` is the one with the regional key ``key``; None is no region.

    The hooks that concern a place (blackout days, iCal events) receive a region or None,
    and a district's plugin acts only when this is true, so it leaves others' data alone.
    """
    return region is not None and region.key == key


@frozen(kw_only=True)
class District:
    """An ASD district or Sozialraum inside a region."""

    __attrs_post_init__ = check_fields

    id: str
    name: str
    region: str
    kind: DistrictKind = DistrictKind.ASD
    created: datetime | None = None
    modified: datetime | None = None


@frozen(kw_only=True)
class School:
    __attrs_post_init__ = check_fields

    id: str
    name: str
    form: SchoolForm
    region: str
    school_number: str | None = None
    address: Address | None = None
    district: str | None = None
    pupils: int | None = None
    operator: str | None = None
    contacts: tuple[Contact, ...] = ()
    cooperation_agreement: date | None = None
    legal_form: LegalForm | None = None
    #: The school's movable days off (bewegliche Ferientage), set each year by its
    #: Schulkonferenz: no meeting held at the school takes place on them.
    movable_days: tuple[date, ...] = ()
    #: The id of the :class:`Source` the school's directory data came from, which outputs
    #: showing that data name, as its licence asks.
    source: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
