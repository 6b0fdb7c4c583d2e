"""Synthetic registries at three sizes, with the mix of the shipped examples.

Benchmarks need registries far larger than any example, and the data must look like the
real thing, or a rule that is slow only on real data (many memberships, split positions,
series with changes) would go unnoticed. The proportions follow the examples and the NRW
school statistics: half the schools are Grundschulen, most positions are full-time with a
quarter half-time, a fifth of them shared between two schools, public and independent
carriers about equally, weekly and monthly series with holiday policies and changes.

Everything comes from one ``random.Random(seed)``: the same size and seed give the same
registry, so results of two runs, and of two machines, describe the same data. All people
and contact details are invented (``example.org``); the registry validates without errors.

Usage: ``python -m benchmarks.generate SIZE OUTDIR [--seed N] [--format toml|json]`` writes
a registry folder, one file per collection, as the shipped examples are laid out.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import attrs
import tomli_w
from attrs import frozen
from dateutil.rrule import rrulestr

from schulsozialarbeit import (
    Address,
    Assignment,
    Carrier,
    CarrierKind,
    ChangeAction,
    Contact,
    CoordinationOffice,
    District,
    DistrictKind,
    HolidayPolicy,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    Membership,
    Network,
    NetworkKind,
    OccurrenceChange,
    OpeningHours,
    Organization,
    OrganizationKind,
    Position,
    Region,
    RegionKind,
    Registry,
    School,
    SchoolForm,
    StaffMember,
    Venue,
    VenueMode,
    Weekday,
)
from schulsozialarbeit.files import Format, to_dict
from schulsozialarbeit.model import COLLECTIONS

_T = TypeVar("_T")

ZONE = ZoneInfo("Europe/Berlin")


@frozen
class Size:
    """How much of everything; series are one per two networks, as in the examples."""

    regions: int
    schools: int
    positions: int
    networks: int
    meetings: int


SIZES: dict[str, Size] = {
    "district": Size(regions=1, schools=150, positions=165, networks=12, meetings=220),
    "nrw": Size(regions=53, schools=5_500, positions=6_000, networks=400, meetings=8_000),
    "germany": Size(regions=400, schools=40_000, positions=45_000, networks=3_000, meetings=60_000),
}

#: School forms weighted by the number of schools in NRW (Schuljahr 2023/24, rounded).
FORM_WEIGHTS: dict[SchoolForm, int] = {
    SchoolForm.GRUNDSCHULE: 2_780,
    SchoolForm.HAUPTSCHULE: 180,
    SchoolForm.REALSCHULE: 430,
    SchoolForm.SEKUNDARSCHULE: 120,
    SchoolForm.GESAMTSCHULE: 350,
    SchoolForm.GEMEINSCHAFTSSCHULE: 5,
    SchoolForm.PRIMUS_SCHULE: 5,
    SchoolForm.GYMNASIUM: 630,
    SchoolForm.FOERDERSCHULE: 470,
    SchoolForm.BERUFSKOLLEG: 380,
    SchoolForm.WEITERBILDUNGSKOLLEG: 60,
    SchoolForm.WALDORFSCHULE: 45,
}

_FORM_NAMES: dict[SchoolForm, tuple[str, str, int, int]] = {
    # prefix of the id, name, smallest and largest number of pupils
    SchoolForm.GRUNDSCHULE: ("gs", "Grundschule", 90, 420),
    SchoolForm.HAUPTSCHULE: ("hs", "Hauptschule", 150, 450),
    SchoolForm.REALSCHULE: ("rs", "Realschule", 350, 850),
    SchoolForm.SEKUNDARSCHULE: ("sk", "Sekundarschule", 300, 750),
    SchoolForm.GESAMTSCHULE: ("ge", "Gesamtschule", 700, 1_400),
    SchoolForm.GEMEINSCHAFTSSCHULE: ("gm", "Gemeinschaftsschule", 300, 700),
    SchoolForm.PRIMUS_SCHULE: ("pr", "PRIMUS-Schule", 300, 600),
    SchoolForm.GYMNASIUM: ("gy", "Gymnasium", 600, 1_300),
    SchoolForm.FOERDERSCHULE: ("fs", "Förderschule", 60, 250),
    SchoolForm.BERUFSKOLLEG: ("bk", "Berufskolleg", 1_000, 3_500),
    SchoolForm.WEITERBILDUNGSKOLLEG: ("wb", "Weiterbildungskolleg", 200, 700),
    SchoolForm.WALDORFSCHULE: ("ws", "Freie Waldorfschule", 250, 600),
}

#: Schools the district (Kreis), not the town, runs as Schulträger.
_KREIS_RUN = frozenset({SchoolForm.FOERDERSCHULE, SchoolForm.BERUFSKOLLEG})

#: Independent carriers by umbrella association, as in the examples.
_UMBRELLAS = (
    ("diakonie", "Diakonie", "Diakonisches Werk"),
    ("caritas", "Caritas", "Caritasverband"),
    ("awo", "AWO", "AWO Kreisverband"),
    ("drk", "DRK", "DRK-Kreisverband"),
    ("paritaet", "Der Paritätische", "Jugendhilfe e. V. im Paritätischen"),
)

#: Stellenanteile of the examples: mostly full-time, a quarter half-time, some three-quarter.
_FTE_WEIGHTS = ((Decimal("1.0"), 65), (Decimal("0.5"), 25), (Decimal("0.75"), 10))
#: How a shared position splits between two schools.
_SPLITS = {
    Decimal("1.0"): (Decimal("0.5"), Decimal("0.5")),
    Decimal("0.75"): (Decimal("0.5"), Decimal("0.25")),
    Decimal("0.5"): (Decimal("0.25"), Decimal("0.25")),
}

_STATES = ("NW", "BY", "BW", "NI", "HE", "SN", "RP", "SH", "BB", "TH", "ST", "MV", "SL", "BE")
_PREFIXES = ("", "", "", "Alt", "Neu", "Ober", "Nieder", "Bad ", "Groß", "Klein")
_STEMS = (
    "Berg", "Bach", "Feld", "Stein", "Wald", "Brück", "Hag", "Lind", "Ros", "Holz", "Mühl",
    "Kirch", "Eich", "Buch", "Hamm", "Sand", "Wester", "Oster", "Horn", "Lau",
)  # fmt: skip
_SUFFIXES = ("en", "ingen", "stadt", "dorf", "hausen", "heim", "bach", "feld", "hagen", "beck")
_STREETS = (
    "Schulstraße", "Hauptstraße", "Kirchplatz", "Am Markt", "Lindenallee", "Bahnhofstraße",
    "Gartenweg", "Parkstraße", "Mühlenweg", "Ringstraße", "Schillerstraße", "Goethestraße",
)  # fmt: skip
_FIRST = (
    "Anna", "Ben", "Clara", "David", "Elif", "Finn", "Greta", "Hannes", "Ines", "Jonas",
    "Katrin", "Lukas", "Mara", "Nils", "Ole", "Paula", "Rana", "Sven", "Tanja", "Yusuf",
)  # fmt: skip
_LAST = (
    "Albers", "Brinkmann", "Demir", "Engel", "Fuchs", "Görtz", "Hagedorn", "Jansen",
    "Kessler", "Lammert", "Möller", "Nowak", "Ostermann", "Peters", "Quast", "Rieger",
    "Schulte", "Tiemann", "Vogt", "Wiesner",
)  # fmt: skip
_TOPICS = (
    "Kinderschutz", "Übergang Schule–Beruf", "Schulabsentismus", "Mobbing und Cybermobbing",
    "Kooperation mit dem ASD", "Medienkompetenz", "Elternarbeit", "Inklusion",
    "Qualitätsentwicklung", "Bildung und Teilhabe",
)  # fmt: skip


@frozen
class _Area:
    """One region with what belongs to it, so references never cross a region by accident."""

    region: Region
    city: str
    postal: int
    districts: tuple[District, ...]
    office: CoordinationOffice
    carriers: tuple[Carrier, ...]
    organizations: tuple[Organization, ...]


def _pick(rng: random.Random, weighted: Sequence[tuple[_T, int]]) -> _T:
    values = [value for value, _ in weighted]
    return rng.choices(values, [weight for _, weight in weighted])[0]


def _city(rng: random.Random) -> str:
    prefix, stem = rng.choice(_PREFIXES), rng.choice(_STEMS)
    suffix = rng.choice(_SUFFIXES)
    return f"{prefix}{stem.lower() if prefix and not prefix.endswith(' ') else stem}{suffix}"


def _address(rng: random.Random, area: _Area) -> Address:
    street = f"{rng.choice(_STREETS)} {rng.randint(1, 120)}"
    postal = f"{area.postal + rng.randint(0, 9):05d}"
    return Address(street=street, postal_code=postal, city=area.city)


def _person(rng: random.Random, serial: int) -> tuple[str, str]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    email = f"{first.lower()}.{last.lower()}.{serial}@example.org".replace("ö", "oe")
    return f"{first} {last}", email


def _area(rng: random.Random, index: int, states: bool) -> _Area:
    city = _city(rng)
    slug = f"r{index:03d}"
    kreis = index % 3 != 0  # NRW: 31 Kreise, 22 kreisfreie Städte
    kind = RegionKind.KREIS if kreis else RegionKind.KREISFREIE_STADT
    state = _STATES[index % len(_STATES)] if states else "NW"
    region = Region(
        id=slug,
        name=f"Kreis {city}" if kreis else city,
        kind=kind,
        state=state,
        key=f"{(index % 16) + 1:02d}{index:03d}000",
    )
    districts = tuple(
        District(
            id=f"{slug}-sr{k}",
            name=f"Sozialraum {city} {direction}",
            region=slug,
            kind=DistrictKind.SOZIALRAUM if kreis else DistrictKind.ASD,
        )
        for k, direction in enumerate(("Nord", "Süd", "Ost", "West"))
    )
    postal = 10_000 + (index * 211) % 89_000
    address = Address(street="Rathausplatz 1", postal_code=f"{postal:05d}", city=city)
    contacts = tuple(
        Contact(role="Koordinierungsstelle Schulsozialarbeit", name=name, email=email,
                phone=f"0{2900 + index} 30-{k:04d}")
        for k, (name, email) in enumerate(_person(rng, index * 10 + k) for k in range(2))
    )  # fmt: skip
    office = CoordinationOffice(
        id=f"{slug}-koordinierung",
        name=f"Koordinierungsstelle Schulsozialarbeit {region.name}",
        region=slug,
        address=address,
        contacts=contacts,
        opening_hours=tuple(
            OpeningHours(day=day, opens=time(8), closes=time(16 if day != Weekday.FRIDAY else 12))
            for day in (
                Weekday.MONDAY,
                Weekday.TUESDAY,
                Weekday.WEDNESDAY,
                Weekday.THURSDAY,
                Weekday.FRIDAY,
            )
        ),
        established=date(2015 + index % 8, 1, 1),
        email=f"schulsozialarbeit.{slug}@example.org",
        phone=f"0{2900 + index} 30-0",
        url=f"https://www.example.org/{slug}/schulsozialarbeit",
    )
    public = [Carrier(id=f"{slug}-stadt", name=f"Stadt {city}", kind=CarrierKind.PUBLIC)]
    if kreis:
        name = region.name
        public.append(Carrier(id=f"{slug}-kreis", name=name, kind=CarrierKind.PUBLIC))
    independent = [
        Carrier(
            id=f"{slug}-{key}",
            name=f"{label} {city}",
            kind=CarrierKind.INDEPENDENT,
            umbrella=umbrella,
            url=f"https://www.example.org/{slug}/{key}",
        )
        for key, umbrella, label in rng.sample(_UMBRELLAS, 3)
    ]
    organizations = (
        Organization(id=f"{slug}-jugendamt", name=f"Jugendamt {city}",
                     kind=OrganizationKind.JUGENDAMT, address=address),
        Organization(id=f"{slug}-schulamt", name=f"Schulamt {city}",
                     kind=OrganizationKind.SCHULAMT),
        Organization(id=f"{slug}-kinderschutz", name=f"Kinderschutzbund {city}",
                     kind=OrganizationKind.KINDERSCHUTZ, email=f"info.{slug}@example.org"),
    )  # fmt: skip
    return _Area(
        region=region,
        city=city,
        postal=postal,
        districts=districts,
        office=office,
        carriers=(*public, *independent),
        organizations=organizations,
    )


def _schools(rng: random.Random, areas: Sequence[_Area], count: int) -> list[School]:
    forms = rng.choices(list(FORM_WEIGHTS), list(FORM_WEIGHTS.values()), k=count)
    schools = []
    for index, form in enumerate(forms):
        area = areas[index * len(areas) // count]
        prefix, label, fewest, most = _FORM_NAMES[form]
        operator = area.region.name if form in _KREIS_RUN and area.region.kind == "kreis" else (
            f"Stadt {area.city}"
        )  # fmt: skip
        with_social_work = rng.random() < 0.6
        schools.append(
            School(
                id=f"{prefix}-{index:06d}",
                name=f"{label} {area.city} {rng.choice(_STREETS)} {index}",
                form=form,
                region=area.region.id,
                school_number=f"{100_000 + index:06d}",
                address=_address(rng, area),
                district=rng.choice(area.districts).id,
                pupils=rng.randint(fewest, most),
                operator=operator,
                contacts=(Contact(role="Schulleitung"),) if with_social_work else (),
                cooperation_agreement=(
                    date(2017, 1, 1) + timedelta(days=rng.randint(0, 2_500))
                    if with_social_work
                    else None
                ),
            )
        )
    return schools


def _positions(
    rng: random.Random, areas: Sequence[_Area], schools: Sequence[School], count: int
) -> tuple[list[Position], list[StaffMember]]:
    """Positions over 96 % of the schools; the rest show up as coverage gaps, as in Herne."""
    by_region: dict[str, list[School]] = {}
    for school in schools:
        by_region.setdefault(school.region, []).append(school)
    land = Carrier(id="land", name="Land (Bezirksregierung)", kind=CarrierKind.PUBLIC)
    areas_by_id = {area.region.id: area for area in areas}
    covered = [s for s in schools if rng.random() < 0.96]
    positions: list[Position] = []
    staff: list[StaffMember] = []
    half_holder: str | None = None  # someone in one half-time position, who may take another
    for index in range(count):
        school = covered[index % len(covered)]
        area = areas_by_id[school.region]
        fte = _pick(rng, _FTE_WEIGHTS)
        neighbours = by_region[school.region]
        assignments: tuple[Assignment, ...]
        if rng.random() < 0.2 and len(neighbours) > 1:
            other = rng.choice([s for s in rng.sample(neighbours, 2) if s is not school])
            first, second = _SPLITS[fte]
            assignments = (
                Assignment(school=school.id, fte=first, concept=date(2021, 2, 1)),
                Assignment(school=other.id, fte=second),
            )
        else:
            assignments = (Assignment(school=school.id, fte=fte),)
        carrier = land if rng.random() < 0.15 else rng.choice(area.carriers)
        start = date(2008, 8, 1) + timedelta(days=rng.randint(0, 5_500))
        end = start + timedelta(days=rng.randint(700, 3_000)) if rng.random() < 0.2 else None
        holder: str | None = None
        if rng.random() < 0.92:
            if fte == Decimal("0.5") and half_holder is not None and rng.random() < 0.3:
                holder, half_holder = half_holder, None
            else:
                name, email = _person(rng, index)
                holder = f"fk-{index:06d}"
                staff.append(
                    StaffMember(
                        id=holder,
                        name=name,
                        email=email,
                        phone=f"0{2900 + index % 900} 99-{index % 10_000:04d}"
                        if rng.random() < 0.3
                        else None,
                        qualification=rng.choice(("Soziale Arbeit B.A.", "Soziale Arbeit M.A.")),
                    )
                )
                if fte == Decimal("0.5"):
                    half_holder = holder
        funding = rng.choice(
            (("Land NRW",), ("BuT",), (f"Stadt {area.city}",), ("BuT", f"Stadt {area.city}"))
        )
        positions.append(
            Position(
                id=f"stelle-{index:06d}",
                carrier=carrier.id,
                fte=fte,
                assignments=assignments,
                funding=funding,
                start=start,
                end=end,
                holder=holder,
            )
        )
    return positions, staff


def _networks(
    rng: random.Random,
    areas: Sequence[_Area],
    schools: Sequence[School],
    staff: Sequence[StaffMember],
    count: int,
) -> list[Network]:
    """Networks per region with members from that region; every sixth is an area sub-group."""
    schools_by_region: dict[str, list[str]] = {}
    for school in schools:
        schools_by_region.setdefault(school.region, []).append(school.id)
    people = [member.id for member in staff]
    kinds = (
        (NetworkKind.NETWORK, 3),
        (NetworkKind.WORKING_GROUP, 4),
        (NetworkKind.CASE_CONSULTATION, 3),
        (NetworkKind.STEERING_GROUP, 1),
        (NetworkKind.WORKSHOP_SERIES, 1),
    )
    networks: list[Network] = []
    last_top: dict[str, Network] = {}
    for index in range(count):
        area = areas[index % len(areas)]
        slug = area.region.id
        kind = _pick(rng, kinds)
        parent = last_top.get(slug) if index % 6 == 5 else None
        local = schools_by_region[slug]
        members = [Membership(member=area.office.id, role="Koordinierungsstelle")]
        for member in rng.sample(local, min(len(local), rng.randint(5, 30))):
            members.append(Membership(member=member, role="Schule"))
        for member in rng.sample(people, min(len(people), rng.randint(3, 15))):
            start = date(2015, 1, 1) + timedelta(days=rng.randint(0, 2_900))
            end = start + timedelta(days=rng.randint(100, 1_500)) if rng.random() < 0.15 else None
            role = rng.choice(("Fachkraft", "Fachkraft", "member", "Ansprechperson"))
            members.append(Membership(member=member, role=role, start=start, end=end))
        network = Network(
            id=f"{slug}-netz-{index:05d}",
            name=f"{_NETWORK_NAMES[kind]} {area.city} {index}",
            kind=kind,
            region=slug,
            district=rng.choice(area.districts).id if rng.random() < 0.3 else None,
            coordinator=area.office.id if rng.random() < 0.7 else members[-1].member,
            parent=parent.id if parent is not None else None,
            description="Austausch, Fortbildung und kollegiale Beratung der Fachkräfte.",
            memberships=tuple(members),
        )
        networks.append(network)
        if parent is None:
            last_top[slug] = network
    return networks


_NETWORK_NAMES = {
    NetworkKind.NETWORK: "Netzwerk Soziale Arbeit an Schulen",
    NetworkKind.WORKING_GROUP: "AK Schulsozialarbeit",
    NetworkKind.CASE_CONSULTATION: "AK Kollegiale Fallberatung",
    NetworkKind.STEERING_GROUP: "Steuerungsgruppe Schulsozialarbeit",
    NetworkKind.WORKSHOP_SERIES: "Workshop-Reihe Schule und ASD",
}

_MEETING_KINDS = (
    (MeetingKind.NETWORK_MEETING, 4),
    (MeetingKind.WORKING_GROUP, 4),
    (MeetingKind.TRAINING, 3),
    (MeetingKind.CONFERENCE_DAY, 2),
    (MeetingKind.WORKSHOP, 2),
    (MeetingKind.ONLINE_TALK, 2),
    (MeetingKind.CASE_CONSULTATION, 2),
    (MeetingKind.STEERING_GROUP, 1),
    (MeetingKind.EDUCATION_CONFERENCE, 1),
)


def _venue(rng: random.Random, area: _Area, slug: str) -> Venue:
    mode = _pick(rng, ((VenueMode.IN_PERSON, 6), (VenueMode.ONLINE, 3), (VenueMode.HYBRID, 1)))
    url = f"https://meet.example.org/{area.region.id}/{slug}"
    if mode is VenueMode.ONLINE:
        return Venue(mode=mode, url=url)
    place = Venue(mode=mode, name=f"Kreishaus {area.city}", address=_address(rng, area))
    return attrs.evolve(place, url=url) if mode is VenueMode.HYBRID else place


def _meetings(
    rng: random.Random, areas: Sequence[_Area], networks: Sequence[Network], count: int
) -> list[Meeting]:
    meetings = []
    for index in range(count):
        area = areas[index % len(areas)]
        kind = _pick(rng, _MEETING_KINDS)
        day = date(2017, 1, 2) + timedelta(days=rng.randint(0, 3_600))
        begin = datetime.combine(day, time(rng.choice((9, 10, 14, 15))), ZONE)
        network = rng.choice(networks) if rng.random() < 0.5 else None
        capacity = rng.choice((None, 20, 40, 60, 120))
        held = day < date(2025, 6, 1)
        meetings.append(
            Meeting(
                id=f"termin-{index:06d}",
                kind=kind,
                title=f"{kind.value.replace('_', ' ').title()} {area.city}",
                start=begin,
                end=begin + timedelta(minutes=rng.choice((90, 120, 180, 390))),
                venue=_venue(rng, area, f"termin-{index}"),
                organiser=area.office.id,
                network=network.id if network is not None else None,
                topics=tuple(rng.sample(_TOPICS, rng.randint(0, 3))),
                partners=tuple(o.id for o in rng.sample(area.organizations, rng.randint(0, 2))),
                capacity=capacity,
                attendance=rng.randint(5, capacity) if capacity and held else None,
                status=_pick(
                    rng,
                    ((MeetingStatus.HELD, 6), (MeetingStatus.CANCELLED, 1))
                    if held
                    else ((MeetingStatus.PLANNED, 3), (MeetingStatus.CONFIRMED, 2)),
                ),
                note="Anmeldung über die Koordinierungsstelle." if rng.random() < 0.3 else None,
            )
        )
    return meetings


_DAYS = ("MO", "TU", "WE", "TH", "FR")


def _series(
    rng: random.Random, areas_by_id: dict[str, _Area], networks: Sequence[Network]
) -> list[MeetingSeries]:
    """One series per two networks: weekly and open-ended, or monthly and bounded.

    Four in ten have changes (a cancellation, a move, a meeting online only), always on a
    date the series meets, so they are real changes and not ``series-change-unmatched``.
    """
    found = []
    for index, network in enumerate(networks[::2]):
        area = areas_by_id[network.region]
        first_day = date(2018, 1, 1) + timedelta(days=rng.randint(0, 1_800))
        weekday = rng.randrange(5)
        first_day += timedelta(days=(weekday - first_day.weekday()) % 7)
        start = time(rng.choice((9, 10, 14, 15)))
        end = time(start.hour + rng.choice((1, 2, 3)), 30)
        rule: str | None
        dates: tuple[date, ...] = ()
        count = until = None
        if index % 10 == 9:  # a workshop series on explicit dates, as in Herne
            rule = None
            dates = tuple(first_day + timedelta(weeks=8 * k) for k in range(4))
        elif index % 2 == 0:
            interval = ";INTERVAL=2" if index % 8 == 4 else ""
            rule = f"FREQ=WEEKLY{interval};BYDAY={_DAYS[weekday]}"
        else:
            months = "BYMONTH=2,5,9,11;" if index % 4 == 1 else ""
            rule = f"FREQ=MONTHLY;{months}BYDAY={_DAYS[weekday]};BYSETPOS={rng.randint(1, 3)}"
            if rng.random() < 0.5:
                count = rng.randint(8, 40)
            else:
                until = first_day + timedelta(days=rng.randint(365, 2_500))
        venue = _venue(rng, area, f"reihe-{index}")
        series = MeetingSeries(
            id=f"reihe-{index:05d}",
            kind=_SERIES_KINDS[network.kind],
            title=f"Sitzung {network.name}",
            first=first_day,
            start_time=start,
            end_time=end,
            venue=venue,
            rrule=rule,
            dates=dates,
            count=count,
            until=until,
            on_holiday=_pick(
                rng,
                (
                    (HolidayPolicy.SKIP, 5),
                    (HolidayPolicy.NEXT_WEEK, 3),
                    (HolidayPolicy.NEXT_WEEKDAY, 2),
                ),
            ),
            organiser=area.office.id,
            network=network.id,
            topics=tuple(rng.sample(_TOPICS, rng.randint(0, 2))),
            partners=tuple(o.id for o in rng.sample(area.organizations, rng.randint(0, 1))),
            capacity=rng.choice((None, 25, 40)),
        )
        if rng.random() < 0.4:
            series = attrs.evolve(series, changes=_changes(rng, series, area))
        found.append(series)
    return found


_SERIES_KINDS = {
    NetworkKind.NETWORK: MeetingKind.NETWORK_MEETING,
    NetworkKind.WORKING_GROUP: MeetingKind.WORKING_GROUP,
    NetworkKind.CASE_CONSULTATION: MeetingKind.CASE_CONSULTATION,
    NetworkKind.STEERING_GROUP: MeetingKind.STEERING_GROUP,
    NetworkKind.WORKSHOP_SERIES: MeetingKind.WORKSHOP,
}


def _changes(
    rng: random.Random, series: MeetingSeries, area: _Area
) -> tuple[OccurrenceChange, ...]:
    if series.rrule is None:
        days = list(series.dates)
    else:
        rule = rrulestr(series.rrule, dtstart=datetime.combine(series.first, time()))
        days = [moment.date() for moment, _ in zip(rule, range(20), strict=False)]
        days = [d for d in days[: series.count] if series.until is None or d <= series.until]
    changes = []
    for day in sorted(rng.sample(days, min(len(days), rng.randint(1, 3)))):
        action = _pick(
            rng, ((ChangeAction.CANCEL, 2), (ChangeAction.MOVE, 2), (ChangeAction.AMEND, 1))
        )
        if action is ChangeAction.CANCEL:
            change = OccurrenceChange(date=day, action=action, note="Entfällt wegen Fortbildung.")
        elif action is ChangeAction.MOVE:
            moved = datetime.combine(day + timedelta(days=1), series.start_time, ZONE)
            change = OccurrenceChange(date=day, action=action, start=moved)
        else:
            url = f"https://meet.example.org/{area.region.id}/{series.id}"
            online = Venue(mode=VenueMode.ONLINE, url=url)
            change = OccurrenceChange(date=day, action=action, venue=online, note="Nur digital.")
        changes.append(change)
    return tuple(changes)


def generate(size: str, seed: int = 0) -> Registry:
    """The registry of ``size`` (``district``, ``nrw`` or ``germany``) for ``seed``."""
    try:
        chosen = SIZES[size]
    except KeyError:
        raise ValueError(f"unknown size {size!r}; use one of {', '.join(SIZES)}") from None
    rng = random.Random(f"{size}/{seed}")  # noqa: S311 - test data, not secrets
    areas = [_area(rng, index, chosen.regions > 60) for index in range(chosen.regions)]
    schools = _schools(rng, areas, chosen.schools)
    positions, staff = _positions(rng, areas, schools, chosen.positions)
    networks = _networks(rng, areas, schools, staff, chosen.networks)
    meetings = _meetings(rng, areas, networks, chosen.meetings)
    series = _series(rng, {area.region.id: area for area in areas}, networks)
    carriers = [carrier for area in areas for carrier in area.carriers]
    if any(position.carrier == "land" for position in positions):
        carriers.append(Carrier(id="land", name="Land (Bezirksregierung)", kind=CarrierKind.PUBLIC))
    return Registry(
        name=f"Synthetisches Register ({size}, seed {seed})",
        description="Erzeugt von benchmarks/generate.py; alle Personen sind erfunden.",
        regions=tuple(area.region for area in areas),
        districts=tuple(d for area in areas for d in area.districts),
        schools=tuple(schools),
        carriers=tuple(carriers),
        staff=tuple(staff),
        positions=tuple(positions),
        offices=tuple(area.office for area in areas),
        organizations=tuple(o for area in areas for o in area.organizations),
        networks=tuple(networks),
        meetings=tuple(meetings),
        series=tuple(series),
    )


def write_folder(registry: Registry, folder: Path, format: Format = "toml") -> list[Path]:
    """The registry as a folder of one file per collection, like the shipped examples."""
    folder.mkdir(parents=True, exist_ok=True)
    data = to_dict(registry)
    parts = {"registry": {k: v for k, v in data.items() if k not in COLLECTIONS}}
    parts.update((name, {name: data[name]}) for name in COLLECTIONS if name in data)
    written = []
    for stem, part in parts.items():
        path = folder / f"{stem}.{format}"
        text = (
            json.dumps(part, ensure_ascii=False, indent=2) + "\n"
            if format == "json"
            else tomli_w.dumps(part)
        )
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=("toml", "json"), default="toml")
    args = parser.parse_args(argv)
    for path in write_folder(generate(args.size, args.seed), args.outdir, args.format):
        print(path)


if __name__ == "__main__":
    main()
