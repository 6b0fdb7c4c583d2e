"""iCalendar feeds, read back by icalendar, recurring-ical-events and the strict `ical` parser."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import icalendar
import pytest
import recurring_ical_events  # type: ignore[import-untyped]
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from schulsozialarbeit import (
    Address,
    ChangeAction,
    Contact,
    CoordinationOffice,
    Geo,
    Meeting,
    MeetingKind,
    MeetingSeries,
    OccurrenceChange,
    Registry,
    Venue,
    VenueMode,
    load,
    occurrences,
    to_ical,
)
from schulsozialarbeit.errors import FeedSelectionError, UnsafeFeedError
from schulsozialarbeit.examples import EXAMPLES
from schulsozialarbeit.ical.events import Uids, uid
from schulsozialarbeit.ical.text import clean_text, single_line
from schulsozialarbeit.ical.timezones import covers
from schulsozialarbeit.model._fields import is_personal
from schulsozialarbeit.scheduling import OccurrenceStatus

EXAMPLE_DIR = Path(__file__).parent.parent / "src" / "schulsozialarbeit" / "examples"
BERLIN = ZoneInfo("Europe/Berlin")
FAR_PAST, FAR_FUTURE = date(1990, 1, 1), date(2100, 1, 1)
MODES = ("expanded", "rrule")


def example(name: str) -> Registry:
    return load(EXAMPLE_DIR / name)


def small(
    title: str = "AK",
    note: str = "Hinweis",
    place: str = "Rathaus",
    url: str = "https://meet.example.org/ak",
    rrule: str = "FREQ=WEEKLY;BYDAY=MO",
    changes: tuple[OccurrenceChange, ...] = (),
) -> Registry:
    """A registry with one office, one weekly series of four and one single meeting."""
    address = Address(street="Markt 1", postal_code="59494", city="Soest")
    venue = Venue(mode=VenueMode.HYBRID, name=place, address=address, url=url)
    office = CoordinationOffice(
        id="office",
        name="Koordinierungsstelle",
        region="kreis",
        email="koordination@example.org",
        contacts=(
            Contact(role="Leitung", name="Erika Beispiel", email="e.b@example.org", phone="0123"),
        ),
    )
    series = MeetingSeries(
        id="ak",
        kind=MeetingKind.WORKING_GROUP,
        title=title,
        first=date(2024, 9, 2),
        start_time=time(9),
        end_time=time(11),
        venue=venue,
        rrule=rrule,
        count=4,
        organiser="office",
        topics=("Thema",),
        changes=changes,
    )
    meeting = Meeting(
        id="fachtag",
        kind=MeetingKind.CONFERENCE_DAY,
        title=title,
        start=datetime(2024, 10, 1, 9, tzinfo=BERLIN),
        end=datetime(2024, 10, 1, 15, tzinfo=BERLIN),
        venue=venue,
        organiser="office",
        topics=("Thema",),
        note=note,
    )
    return Registry(name="Test", offices=(office,), series=(series,), meetings=(meeting,))


def lines(feed: bytes) -> list[bytes]:
    """Content lines, unfolded."""
    assert feed.endswith(b"\r\n")
    return feed.replace(b"\r\n ", b"").split(b"\r\n")[:-1]


def events(feed: bytes) -> list[Any]:
    """The VEVENTs, untyped: icalendar types each property as a union of every value type."""
    return list(icalendar.Calendar.from_ical(feed).walk("VEVENT"))


def expected_starts(registry: Registry) -> set[datetime]:
    """What takes place according to scheduling, and the meetings not cancelled."""
    starts = {
        o.start.astimezone(UTC)
        for s in registry.series
        for o in occurrences(registry, series=s.id)
        if o.status.takes_place
    }
    starts.update(m.start.astimezone(UTC) for m in registry.meetings if m.status != "cancelled")
    return starts


def starts_by_recurring_ical_events(feed: bytes) -> set[datetime]:
    calendar = icalendar.Calendar.from_ical(feed)
    found = recurring_ical_events.of(calendar).between(FAR_PAST, FAR_FUTURE)
    return {
        e.decoded("dtstart").astimezone(UTC)
        for e in found
        if str(e.get("status", "")) != "CANCELLED"
    }


def starts_by_ical(feed: bytes) -> set[datetime]:
    calendar = IcsCalendarStream.calendar_from_ics(feed.decode("utf-8"))
    return {
        e.dtstart.astimezone(UTC)
        for e in calendar.timeline_tz(UTC)
        if str(e.status or "") not in ("CANCELLED", "EventStatus.CANCELLED")
        and isinstance(e.dtstart, datetime)
    }


# --- structure ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("mode", MODES)
def test_feed_structure(name: str, mode: Any) -> None:
    feed = to_ical(example(name), mode=mode)
    assert b"\n" not in feed.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in feed.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(feed)
    assert str(calendar["prodid"]).startswith("-//schulsozialarbeit//")
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["calscale"]) == "GREGORIAN"
    assert str(calendar["method"]) == "PUBLISH"
    assert str(calendar["name"]) == str(calendar["x-wr-calname"])
    assert str(calendar["x-wr-timezone"]) == "Europe/Berlin"
    unfolded = lines(feed)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H" in unfolded
    assert b"X-PUBLISHED-TTL:PT12H" in unfolded
    (zone,) = calendar.walk("VTIMEZONE")
    assert [c.name for c in zone.subcomponents] == ["DAYLIGHT", "STANDARD"]
    assert all("RRULE" in c and "RDATE" not in c for c in zone.subcomponents)
    assert not any(line.startswith(b"COMMENT") for line in unfolded)
    for event in events(feed):
        for required in ("uid", "dtstamp", "sequence", "dtstart", "dtend", "organizer"):
            assert required in event
        assert str(event["organizer"]).startswith("mailto:")
        assert event["organizer"].params["CN"]
        assert event["dtstart"].params["TZID"] == "Europe/Berlin"
        assert event.decoded("dtstamp").tzinfo is not None
        assert event["categories"].cats


def test_rrule_quirks_of_the_kreis_soest_series() -> None:
    feed = to_ical(example("kreis-soest"), series="ak-schulsozialarbeit-sitzungen", mode="rrule")
    unfolded = lines(feed)
    # The monthly rule with BYMONTH, written as the yearly rule ical.js 1.5 expands correctly.
    (rule,) = [line for line in unfolded if line.startswith(b"RRULE:FREQ=YEARLY;UNTIL=")]
    assert b"BYDAY=3WE;BYMONTH=2,5,9,11" in rule
    assert b"BYSETPOS" not in rule
    assert re.search(rb"UNTIL=\d{8}T\d{6}Z", rule)
    assert b"COUNT" not in rule
    overrides = [line for line in unfolded if line.startswith(b"RECURRENCE-ID")]
    assert overrides
    assert all(line.startswith(b"RECURRENCE-ID;TZID=Europe/Berlin:") for line in overrides)
    exdates = [line for line in unfolded if line.startswith(b"EXDATE")]
    assert all(line.startswith(b"EXDATE;TZID=Europe/Berlin:") for line in exdates)
    online = [e for e in events(feed) if "recurrence-id" in e]
    assert any(str(e.get("location")) == "Online" for e in online)


def test_online_meetings_carry_url_and_conference() -> None:
    feed = to_ical(example("kreis-soest"))
    unfolded = lines(feed)
    assert any(line.startswith(b"CONFERENCE;FEATURE=VIDEO;VALUE=URI:https://") for line in unfolded)
    for event in events(feed):
        if "conference" in event:
            assert str(event["url"]) == str(event["conference"])


def test_geo_where_known_and_location_from_the_address() -> None:
    registry = small()
    series = registry.series[0]
    assert series.venue.address is not None
    address = attrs.evolve(
        series.venue.address, geo=Geo(latitude=Decimal("51.5713"), longitude=Decimal("8.1060"))
    )
    venue = attrs.evolve(series.venue, address=address)
    changed = attrs.evolve(registry, series=(attrs.evolve(series, venue=venue),))
    feed = to_ical(changed)
    assert b"GEO:51.5713;8.106" in feed
    assert b"LOCATION:Rathaus\\, Markt 1\\, 59494 Soest" in feed


def test_description_names_topics_and_partners() -> None:
    feed = to_ical(example("kreis-soest"))
    (event,) = [e for e in events(feed) if "Fachtagung" in str(e["summary"])]
    description = str(event["description"])
    assert "Strukturierte Vernetzung der Fachkräfte" in description
    assert "Bezirksregierung Arnsberg (obere Schulaufsicht)" in description
    assert "Regionales Bildungsbüro Kreis Soest" in description


# --- determinism and identity --------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_byte_identical_twice(mode: Any) -> None:
    assert to_ical(example("kreis-soest"), mode=mode) == to_ical(example("kreis-soest"), mode=mode)


def _by_uid(feed: bytes) -> dict[tuple[str, str], Any]:
    return {(str(e["uid"]), str(e.get("recurrence-id", ""))): e for e in events(feed)}


@pytest.mark.parametrize("mode", MODES)
def test_an_amended_title_keeps_the_uid_and_raises_the_sequence(mode: Any) -> None:
    before = small()
    change = OccurrenceChange(
        date=date(2024, 9, 16), action=ChangeAction.AMEND, title="AK mit Gast"
    )
    after = attrs.evolve(before, series=(attrs.evolve(before.series[0], changes=(change,)),))
    old, new = _by_uid(to_ical(before, mode=mode)), _by_uid(to_ical(after, mode=mode))
    renamed = [key for key, e in new.items() if str(e["summary"]) == "AK mit Gast"]
    assert len(renamed) == 1
    uid = renamed[0][0]
    assert uid in {key[0] for key in old}
    old_sequence = max(int(e["sequence"]) for (u, _), e in old.items() if u == uid)
    assert int(new[renamed[0]]["sequence"]) > old_sequence
    assert new[renamed[0]].decoded("dtstamp") > min(
        e.decoded("dtstamp") for (u, _), e in old.items() if u == uid
    )
    if mode == "expanded":
        unchanged = {key: e for key, e in new.items() if key != renamed[0]}
        assert {k: e.to_ical() for k, e in unchanged.items()} == {
            k: e.to_ical() for k, e in old.items() if k in unchanged
        }


@given(name=st.text(), parts=st.lists(st.text(), max_size=4))
def test_uids_are_name_based_uuids(name: str, parts: list[str]) -> None:
    """The UID is ``uuid5`` of the registry's name and the parts, whatever they hold."""
    namespace = uuid.uuid5(uuid.NAMESPACE_DNS, "schulsozialarbeit.invalid")
    registry = attrs.evolve(small(), name=name)
    expected = uuid.uuid5(namespace, "\x1f".join((name, *parts)))
    assert uid(registry, *parts) == str(expected)
    if parts:  # a series' occurrences share the start of their names
        assert Uids(registry, *parts[:-1])(parts[-1]) == str(expected)


def test_uids_differ_between_events_and_survive_a_move() -> None:
    before = small()
    move = OccurrenceChange(
        date=date(2024, 9, 9),
        action=ChangeAction.MOVE,
        start=datetime(2024, 9, 10, 14, tzinfo=BERLIN),
    )
    after = attrs.evolve(before, series=(attrs.evolve(before.series[0], changes=(move,)),))
    old, new = events(to_ical(before)), events(to_ical(after))
    assert len({str(e["uid"]) for e in old}) == len(old)
    assert {str(e["uid"]) for e in old} == {str(e["uid"]) for e in new}


# --- read back by independent parsers ------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("mode", MODES)
def test_parsers_read_exactly_what_takes_place(name: str, mode: Any) -> None:
    registry = example(name)
    feed = to_ical(registry, mode=mode)
    expected = expected_starts(registry)
    assert starts_by_recurring_ical_events(feed) == expected
    assert starts_by_ical(feed) == expected


@pytest.mark.parametrize("mode", MODES)
def test_cancelled_and_moved_occurrences(mode: Any) -> None:
    base = small()
    changes = (
        OccurrenceChange(date=date(2024, 9, 9), action=ChangeAction.CANCEL, note="Krankheit"),
        OccurrenceChange(
            date=date(2024, 9, 16),
            action=ChangeAction.MOVE,
            start=datetime(2024, 9, 17, 9, tzinfo=BERLIN),
        ),
    )
    registry = attrs.evolve(base, series=(attrs.evolve(base.series[0], changes=changes),))
    feed = to_ical(registry, mode=mode)
    cancelled = [e for e in events(feed) if str(e["status"]) == "CANCELLED"]
    assert len(cancelled) == 1
    assert "Krankheit" in str(cancelled[0]["description"])
    found = occurrences(registry, series="ak")
    assert {o.status for o in found} >= {OccurrenceStatus.CANCELLED, OccurrenceStatus.MOVED}
    expected = expected_starts(registry)
    assert starts_by_recurring_ical_events(feed) == expected
    assert starts_by_ical(feed) == expected


@pytest.mark.parametrize(
    "rule",
    ["FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=WEEKLY;COUNT=1000"],
)
def test_rules_outlook_cannot_map_are_written_expanded(rule: str) -> None:
    registry = small(rrule=rule)
    feed = to_ical(registry, mode="rrule")
    assert not any(line.startswith(b"RRULE") for line in lines(feed) if b"YEARLY" not in line)
    assert starts_by_ical(feed) == expected_starts(registry)


def test_explicit_dates_are_written_expanded_even_in_rrule_mode() -> None:
    registry = example("herne")
    assert lines(to_ical(registry, mode="rrule")) == lines(to_ical(registry, mode="expanded"))


@pytest.mark.parametrize("year", [1995, 1996, 2024, 2040])
@pytest.mark.parametrize("month", [3, 10])
def test_the_hand_written_rule_covers_every_real_berlin_time_from_1996(
    year: int, month: int
) -> None:
    """Each half hour of the switch days and the days around them, both folds: covered from
    1996 (when the EU rule took its present form) exactly when the local time exists."""
    last = date(year, month + 1, 1) - timedelta(days=1)
    sunday = last - timedelta(days=(last.weekday() + 1) % 7)
    for day in (sunday - timedelta(days=1), sunday, sunday + timedelta(days=1)):
        for minutes in range(0, 24 * 60, 30):
            for fold in (0, 1):
                wall = datetime.combine(day, time(minutes // 60, minutes % 60, fold=fold))
                local = wall.replace(tzinfo=BERLIN)
                real = local.astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None) == wall
                assert covers(local) is (year >= 1996 and real), local


@pytest.mark.parametrize("year", [1996, 2024, 2038])
def test_the_rule_covers_every_half_hour_of_a_year_that_exists(year: int) -> None:
    """Away from the switch days the rule is read by the local day (see ``covers``): every
    half hour of a whole year, both folds, against the tz database."""
    day = date(year, 1, 1)
    while day.year == year:
        for minutes in range(0, 24 * 60, 30):
            for fold in (0, 1):
                wall = datetime.combine(day, time(minutes // 60, minutes % 60, fold=fold))
                local = wall.replace(tzinfo=BERLIN)
                real = local.astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None) == wall
                assert covers(local) is real, local
        day += timedelta(days=1)


@pytest.mark.parametrize("year", [1995, 1996, 2024])
def test_the_rule_covers_the_turn_of_the_year_whichever_year_utc_says(year: int) -> None:
    """Local midnight of New Year is still the old year in UTC: the switches of either year
    give the same answer, covered from the first new year of the rule on."""
    for day in (date(year, 12, 31), date(year + 1, 1, 1)):
        for minutes in range(0, 24 * 60, 30):
            local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=BERLIN)
            assert covers(local) is (local.year >= 1996), local


def test_a_zone_without_a_hand_written_vtimezone_is_written_in_utc() -> None:
    registry = attrs.evolve(small(), timezone="America/New_York", meetings=())
    feed = to_ical(registry, mode="rrule")
    assert b"BEGIN:VTIMEZONE" not in feed
    assert b"X-WR-TIMEZONE" not in feed
    assert b"TZID" not in feed
    assert starts_by_ical(feed) == expected_starts(registry)


# --- filters, audiences, hooks ---------------------------------------------------------------


def test_network_and_series_filters() -> None:
    registry = example("kreis-soest")
    feed = to_ical(registry, network="ak-schulsozialarbeit-kreis-soest")
    summaries = {str(e["summary"]) for e in events(feed)}
    assert summaries == {"Sitzung AK Schulsozialarbeit Kreis Soest"}
    only = to_ical(registry, series="ak-schulsozialarbeit-sitzungen", end=date(2022, 12, 31))
    assert len(events(only)) == 4
    with pytest.raises(FeedSelectionError):
        to_ical(registry, network="nope")
    with pytest.raises(FeedSelectionError):
        to_ical(registry, series="nope")


def _personal(value: Any) -> Iterator[str]:
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            item = getattr(value, field.name)
            if is_personal(field) and isinstance(item, str):
                yield item
            else:
                yield from _personal(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from _personal(item)


def _functional(registry: Registry) -> set[str]:
    """Offices' own addresses: the Gelsenkirchen example lists one as a contact's e-mail too."""
    return {v for o in registry.offices for v in (o.email, o.phone) if v}


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("mode", MODES)
def test_public_feed_carries_no_personal_data(name: str, mode: Any) -> None:
    registry = example(name)
    text = b"".join(lines(to_ical(registry, mode=mode))).decode("utf-8")
    personal = set(_personal(registry)) - _functional(registry)
    assert personal
    assert [value for value in personal if value in text] == []


def test_internal_feed_names_the_contact_persons() -> None:
    internal = to_ical(small(), audience="internal")
    assert b"Erika Beispiel" in b"".join(lines(internal))
    assert b"Erika Beispiel" not in b"".join(lines(to_ical(small())))


def test_hooks_adjust_and_cannot_break_the_feed() -> None:
    seen: list[object] = []

    def tag(event: icalendar.Event, source: object) -> None:
        seen.append(source)
        event.add("x-district", "Soest")

    def rename(calendar: icalendar.Calendar, network: str | None) -> None:
        calendar["x-wr-caldesc"] = icalendar.vText("Termine")

    feed = to_ical(small(), adjust_event=tag, adjust_calendar=rename)
    assert len(seen) == len(events(feed)) == 5
    assert b"X-DISTRICT:Soest" in feed
    assert b"X-WR-CALDESC:Termine" in feed

    def inject(event: icalendar.Event, source: object) -> None:
        event.add("x-bad", "a\r\nEND:VEVENT")

    with pytest.raises(UnsafeFeedError):
        to_ical(small(), adjust_event=inject)


# --- injection --------------------------------------------------------------------------------

_PIECES = ["\r", "\n", "\r\n", ",", ";", "\\", "\\N", ":", '"', "\x00", "\x0b", "\x1b"]
_PIECES += ["\x7f", "\u2028", "\x85", "\t", "END:VEVENT", "BEGIN:VEVENT", "ä", "😀", "a", " "]
_NASTY = st.lists(st.sampled_from(_PIECES), max_size=20).map("".join) | st.text(max_size=20)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_NASTY, note=_NASTY, place=_NASTY, path=_NASTY)
def test_registry_text_cannot_add_lines_or_properties(
    title: str, note: str, place: str, path: str
) -> None:
    amend = (OccurrenceChange(date=date(2024, 9, 9), action=ChangeAction.AMEND, note=note),)
    nasty = small(
        title="x" + title, note=note, place="x" + place, url="https://e.org/" + path, changes=amend
    )
    plain = small(title="x", note="x", place="x", url="https://e.org/x", changes=amend)
    for mode in MODES:
        feed, baseline = to_ical(nasty, mode=mode), to_ical(plain, mode=mode)  # type: ignore[arg-type]
        assert all(len(line) <= 75 for line in feed.split(b"\r\n"))
        assert b"\n" not in feed.replace(b"\r\n", b"")
        assert len(lines(feed)) == len(lines(baseline))
        assert [e.keys() for e in events(feed)] == [e.keys() for e in events(baseline)]
        strict = IcsCalendarStream.calendar_from_ics(feed.decode("utf-8"))
        assert len(strict.events) == len(events(baseline))
        assert {e.summary for e in strict.events} == {single_line("x" + title)}
        cleaned = clean_text(note).strip()
        for event in strict.events:
            assert event.location is not None
            assert event.location.startswith(single_line("x" + place))
        if cleaned:
            assert any(cleaned in (e.description or "") for e in strict.events)
        assert starts_by_recurring_ical_events(feed) == expected_starts(nasty)


def test_raising_a_meetings_revision_raises_its_sequence_and_keeps_its_uid() -> None:
    registry = load(EXAMPLE_DIR / "kreis-soest")
    meeting = registry.meetings[0]
    edited = attrs.evolve(
        registry,
        meetings=(attrs.evolve(meeting, title="Neuer Titel", revision=2), *registry.meetings[1:]),
    )

    def sequences(feed: bytes) -> dict[str, tuple[str, int]]:
        events = icalendar.Calendar.from_ical(feed).walk("VEVENT")
        return {str(e["UID"]): (str(e["SUMMARY"]), int(str(e["SEQUENCE"]))) for e in events}

    before, after = sequences(to_ical(registry)), sequences(to_ical(edited))
    assert before.keys() == after.keys()
    (changed,) = [uid for uid in before if before[uid] != after[uid]]
    assert after[changed] == ("Neuer Titel", before[changed][1] + 2)
