"""Hypothesis strategies for every model class, kept in one place beside the tests.

Values are those a registry file can hold: text without surrogates, decimals with a few
places, times to the minute, datetimes as wall-clock times in Europe/Berlin.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

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
    Geo,
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

BERLIN = ZoneInfo("Europe/Berlin")

texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
ids = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
maybe_text = st.none() | texts
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
times = st.builds(time, st.integers(0, 23), st.integers(0, 59))
datetimes = st.builds(lambda day, clock: datetime.combine(day, clock, tzinfo=BERLIN), dates, times)
decimals = st.decimals(min_value=Decimal("-2"), max_value=Decimal("2"), places=3)
fte = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1"), places=2)
#: Rule texts loading takes: one RRULE line of known parts, whether or not they make dates.
rules = st.sampled_from(
    [
        "FREQ=WEEKLY;BYDAY=WE",
        "RRULE:FREQ=MONTHLY;BYDAY=2WE",
        "freq=monthly;bymonthday=-1",
        "FREQ=MONTHLY;BYMONTH=2,5,9,11;BYDAY=WE;BYSETPOS=3",
        "FREQ=DAILY;INTERVAL=5;COUNT=20",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=MONATLICH",
        "FREQ=MINUTELY;COUNT=0",
        "FREQ=DAILY",
    ]
)


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


#: The change timestamps of the entities that carry them.
stamps: dict[str, st.SearchStrategy[Any]] = {
    "created": _opt(datetimes),
    "modified": _opt(datetimes),
}


def _tuples(strategy: st.SearchStrategy[Any], max_size: int = 3) -> st.SearchStrategy[Any]:
    return st.lists(strategy, max_size=max_size).map(tuple)


geos = st.builds(Geo, latitude=decimals, longitude=decimals)
addresses = st.builds(
    Address, street=texts, postal_code=texts, city=texts, addition=maybe_text, geo=_opt(geos)
)
contacts = st.builds(Contact, role=maybe_text, name=maybe_text, email=maybe_text, phone=maybe_text)
opening_hours = st.builds(OpeningHours, day=st.sampled_from(Weekday), opens=times, closes=times)
regions = st.builds(
    Region,
    id=ids,
    name=texts,
    kind=st.sampled_from(RegionKind),
    state=texts,
    key=maybe_text,
    **stamps,
)
districts = st.builds(District, id=ids, name=texts, region=ids, kind=st.sampled_from(DistrictKind))
schools = st.builds(
    School,
    id=ids,
    name=texts,
    form=st.sampled_from(SchoolForm),
    region=ids,
    school_number=maybe_text,
    address=_opt(addresses),
    district=_opt(ids),
    pupils=_opt(st.integers(0, 3000)),
    operator=maybe_text,
    contacts=_tuples(contacts),
    cooperation_agreement=_opt(dates),
)
carriers = st.builds(
    Carrier,
    id=ids,
    name=texts,
    kind=st.sampled_from(CarrierKind),
    umbrella=maybe_text,
    address=_opt(addresses),
    url=maybe_text,
    **stamps,
)
staff_members = st.builds(
    StaffMember,
    id=ids,
    name=texts,
    email=maybe_text,
    phone=maybe_text,
    qualification=maybe_text,
    **stamps,
)
assignments = st.builds(
    Assignment, school=ids, fte=fte, concept=_opt(dates), start=_opt(dates), end=_opt(dates)
)
positions = st.builds(
    Position,
    id=ids,
    carrier=ids,
    fte=fte,
    assignments=_tuples(assignments),
    funding=_tuples(texts),
    start=_opt(dates),
    end=_opt(dates),
    holder=_opt(ids),
    holder_since=_opt(dates),
    holder_until=_opt(dates),
)
offices = st.builds(
    CoordinationOffice,
    id=ids,
    name=texts,
    region=ids,
    description=maybe_text,
    address=_opt(addresses),
    contacts=_tuples(contacts),
    opening_hours=_tuples(opening_hours),
    established=_opt(dates),
    email=maybe_text,
    phone=maybe_text,
    url=maybe_text,
    **stamps,
)
organizations = st.builds(
    Organization,
    id=ids,
    name=texts,
    kind=st.sampled_from(OrganizationKind),
    address=_opt(addresses),
    email=maybe_text,
    phone=maybe_text,
    url=maybe_text,
    **stamps,
)
memberships = st.builds(
    Membership, member=ids, role=texts, start=_opt(dates), end=_opt(dates), **stamps
)
networks = st.builds(
    Network,
    id=ids,
    name=texts,
    kind=st.sampled_from(NetworkKind),
    region=ids,
    district=_opt(ids),
    coordinator=_opt(ids),
    parent=_opt(ids),
    description=maybe_text,
    memberships=_tuples(memberships),
    **stamps,
)
venues = st.builds(
    Venue, mode=st.sampled_from(VenueMode), name=maybe_text, address=_opt(addresses), url=maybe_text
)
meetings = st.builds(
    Meeting,
    id=ids,
    kind=st.sampled_from(MeetingKind),
    title=texts,
    start=datetimes,
    end=datetimes,
    venue=venues,
    organiser=_opt(ids),
    network=_opt(ids),
    topics=_tuples(texts),
    partners=_tuples(ids),
    capacity=_opt(st.integers(0, 500)),
    attendance=_opt(st.integers(0, 500)),
    status=st.sampled_from(MeetingStatus),
    note=maybe_text,
    revision=st.integers(0, 20),
    **stamps,
)
changes = st.builds(
    OccurrenceChange,
    date=dates,
    action=st.sampled_from(ChangeAction),
    start=_opt(datetimes),
    venue=_opt(venues),
    title=maybe_text,
    note=maybe_text,
    modified=_opt(datetimes),
)
series = st.builds(
    MeetingSeries,
    id=ids,
    kind=st.sampled_from(MeetingKind),
    title=texts,
    first=dates,
    start_time=times,
    end_time=times,
    venue=venues,
    rrule=_opt(rules),
    dates=_tuples(dates),
    count=_opt(st.integers(1, 100)),
    until=_opt(dates),
    on_holiday=st.sampled_from(HolidayPolicy),
    organiser=_opt(ids),
    network=_opt(ids),
    topics=_tuples(texts),
    partners=_tuples(ids),
    capacity=_opt(st.integers(0, 500)),
    changes=_tuples(changes),
    revision=st.integers(0, 20),
    **stamps,
)
registries = st.builds(
    Registry,
    name=texts,
    timezone=st.just("Europe/Berlin"),
    description=maybe_text,
    regions=_tuples(regions, 2),
    districts=_tuples(districts, 2),
    schools=_tuples(schools),
    carriers=_tuples(carriers, 2),
    staff=_tuples(staff_members),
    positions=_tuples(positions),
    offices=_tuples(offices, 1),
    organizations=_tuples(organizations, 2),
    networks=_tuples(networks, 2),
    meetings=_tuples(meetings, 2),
    series=_tuples(series, 2),
    **stamps,
)
