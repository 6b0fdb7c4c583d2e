"""Calendars people already keep (Outlook, Google, Apple, Thunderbird), read as meetings and series.

A calendar is input from outside, so it is read in two passes. The first walks the lines
itself, before icalendar sees them: it refuses a file that is not one calendar, a BEGIN
without its END, nesting beyond :data:`~..files.limits.MAX_DEPTH` and time zone definitions
that would make icalendar expand rules for minutes (icalendar builds every VTIMEZONE while it
parses). What passes is parsed by icalendar and mapped event by event: an event that cannot
be mapped is listed with its line and the reason, never half imported.

Every time is resolved to the registry's zone. A TZID is looked up as an IANA name, then as
a Windows name (Outlook writes ``W. Europe Standard Time``), then in the calendar's own
VTIMEZONE; UTC stays UTC; floating times are in the calendar's X-WR-TIMEZONE, else the
registry's zone; an all-day event runs from midnight to midnight there.

A recurring event becomes a series only when the model gives back exactly the instances
the calendar describes: the series is built, scheduled, and compared with the calendar's own
expansion (EXDATE, RDATE and RECURRENCE-ID overrides applied). Imported series keep their
dates on holidays (``on_holiday = "keep"``): the calendar already says when it meets.

Descriptions, attendees and organisers are left out: they are where calendars keep
people's names and addresses, and a registry's meetings are published.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, available_timezones

import attrs
import icalendar
from attrs import frozen
from icalendar.error import GloballyUniqueTZIDGuessed
from icalendar.prop import vBroken, vDDDLists, vDDDTypes, vRecur
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from ..errors import InvalidRuleError, ParseError, SourceError
from ..files.limits import (
    MAX_BYTES,
    MAX_CALENDAR_DATES,
    MAX_CALENDAR_ZONE_RULES,
    MAX_CALENDAR_ZONES,
    MAX_COUNT,
    MAX_DEPTH,
    MAX_TEXT_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
)
from ..files.reading import read_bounded
from ..i18n import DEFAULT_LANG, LANGUAGES, Lang, Text, message
from ..i18n.labels import label
from ..model import (
    ChangeAction,
    HolidayPolicy,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    OccurrenceChange,
    Registry,
    Venue,
    VenueMode,
)
from ..model.checks import rule_parts
from ..scheduling import candidate_dates, occurrences
from .events import uid as published_uid
from .text import clean_uri, single_line

#: Where an imported event's id comes from when the registry did not publish its UID itself.
ID_PREFIX = "ics-"
_DAY = timedelta(days=1)
#: The longest event that is still a meeting (a conference of some days, a project week);
#: it also keeps every end a ``datetime`` can hold.
_LONGEST = timedelta(days=31)
#: Properties that carry the link of an online meeting, in the order they are trusted.
_LINKS = ("URL", "CONFERENCE", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL")
_UNTIL = re.compile(r"(\d{8})(?:T(\d{6})(Z?))?", re.ASCII)
#: What a VTIMEZONE's rule may say: a yearly switch on one day (icalendar expands it from
#: its DTSTART on, a few thousand dates at most).
_ZONE_RULE = re.compile(
    r"FREQ=YEARLY(;(BYMONTH|BYDAY|BYMONTHDAY|UNTIL|COUNT|INTERVAL|WKST)=[+-]?[A-Z0-9]+)*",
    re.ASCII | re.IGNORECASE,
)


@frozen(kw_only=True)
class Unmapped:
    """An event of the calendar that was not imported, where it is and why."""

    line: int
    uid: str | None
    title: str | None
    reason: Text

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        what = self.title or self.uid or "?"
        return message(
            "calendar-unmapped", lang, line=self.line, event=what, reason=self.reason.render(lang)
        )


@frozen(kw_only=True)
class CalendarContent:
    """What a calendar holds as the model has it: its meetings and series, and the rest."""

    meetings: tuple[Meeting, ...]
    series: tuple[MeetingSeries, ...]
    unmapped: tuple[Unmapped, ...]


class _Unmappable(Exception):
    def __init__(self, reason: Text) -> None:
        super().__init__(reason)
        self.reason = reason


# -- the first pass: lines ----------------------------------------------------------------


def _name_and_value(line: str) -> tuple[str, str]:
    head, _, value = line.partition(":")
    return head.split(";", 1)[0].strip().upper(), value.strip()


def _check_lines(text: str, source: str) -> list[int]:
    """Refuse what icalendar would read wrongly or slowly; the line of each BEGIN:VEVENT.

    icalendar closes a component at any END and drops what is never closed; a missing END
    would silently merge or lose events, so every END must close the BEGIN it belongs to.
    """
    opened: list[tuple[str, int]] = []
    events: list[int] = []
    zones = rules = 0
    seen_calendar = False
    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line[0] in " \t":
            continue
        name, value = _name_and_value(line)
        if not opened and (seen_calendar or (name, value.upper()) != ("BEGIN", "VCALENDAR")):
            key = "calendar-after-end" if seen_calendar else "calendar-not-calendar"
            raise ParseError(source, number, 1, Text(key))
        if name == "BEGIN":
            component = value.upper()
            opened.append((component, number))
            seen_calendar = True
            if len(opened) > MAX_DEPTH:
                raise ParseError(source, number, 1, Text("calendar-too-deep", limit=MAX_DEPTH))
            if component == "VEVENT":
                events.append(number)
            elif component == "VTIMEZONE":
                zones += 1
                if zones > MAX_CALENDAR_ZONES:
                    why = Text("calendar-too-many-zones", limit=MAX_CALENDAR_ZONES)
                    raise ParseError(source, number, 1, why)
        elif name == "END":
            if not opened:
                raise ParseError(source, number, 1, Text("calendar-end-alone", name=value))
            component, began = opened.pop()
            if value.upper() != component:
                why = Text("calendar-end-mismatch", closing=value, expected=component, line=began)
                raise ParseError(source, number, 1, why)
        elif name == "RRULE" and any(c == "VTIMEZONE" for c, _ in opened):
            rules += 1
            if rules > MAX_CALENDAR_ZONE_RULES:
                why = Text("calendar-too-many-zone-rules", limit=MAX_CALENDAR_ZONE_RULES)
                raise ParseError(source, number, 1, why)
            if not _ZONE_RULE.fullmatch(_unfolded_value(lines, number)):
                raise ParseError(source, number, 1, Text("calendar-zone-rule"))
    if opened:
        component, began = opened[-1]
        raise ParseError(source, began, 1, Text("calendar-not-closed", name=component))
    if not seen_calendar:
        raise ParseError(source, None, None, Text("calendar-not-calendar"))
    return events


def _unfolded_value(lines: Sequence[str], number: int) -> str:
    """The value of the content line that starts on line ``number``, its folds joined."""
    parts = [lines[number - 1].rstrip("\r")]
    for more in lines[number:]:
        if more[:1] not in (" ", "\t"):
            break
        parts.append(more.rstrip("\r")[1:])
    return "".join(parts).partition(":")[2].strip()


# -- time zones -----------------------------------------------------------------------------


@cache
def _iana() -> frozenset[str]:
    return frozenset(available_timezones())


def _known_zone(tzid: str) -> ZoneInfo | None:
    """An IANA zone for a TZID: the name itself, a Windows name, or a vendor-prefixed name
    (``/freeassociation.sourceforge.net/Europe/Berlin``, as libical writes them)."""
    cleaned = tzid.strip().strip("/")
    names = [cleaned, WINDOWS_TO_OLSON.get(cleaned, "")]
    parts = cleaned.split("/")
    names += ["/".join(parts[start:]) for start in range(1, len(parts))]
    for name in names:
        if name in _iana():
            return ZoneInfo(name)
    return None


class _Zones:
    """The zones a calendar names, resolved once each; floating times go to ``floating``."""

    def __init__(self, calendar: icalendar.Component, target: ZoneInfo) -> None:
        self.target = target
        self._defined = {
            str(component.get("TZID", "")): component
            for component in calendar.walk("VTIMEZONE")
            if isinstance(component, icalendar.Timezone)
        }
        self._found: dict[str, tzinfo | None] = {}
        named = calendar.get("X-WR-TIMEZONE")
        self.floating = (_known_zone(str(named)) if named else None) or target

    def zone(self, tzid: str) -> tzinfo | None:
        if tzid not in self._found:
            found: tzinfo | None = _known_zone(tzid)
            if found is None and tzid in self._defined:
                found = self._defined[tzid].to_tz(lookup_tzid=False)
            self._found[tzid] = found
        return self._found[tzid]


# -- values ---------------------------------------------------------------------------------


def _one(component: icalendar.Component, name: str) -> Any:
    """The property ``name`` if it is there once and parsed; None when it is absent."""
    value = component.get(name)
    if isinstance(value, list):
        raise _Unmappable(Text("calendar-repeated", name=name))
    broken = [error for prop, error in component.errors if prop == name]
    if broken:
        raise _Unmappable(Text("calendar-bad-value", name=name, detail=broken[0]))
    return value


def _text(component: icalendar.Component, name: str) -> str | None:
    value = _one(component, name)
    if value is None:
        return None
    text = single_line(str(value))
    if len(text) > MAX_TEXT_LENGTH:
        raise _Unmappable(Text("calendar-text-too-long", name=name, limit=MAX_TEXT_LENGTH))
    return text or None


def _moment(value: Any, name: str, zones: _Zones, tzid: Any = None) -> datetime | date:
    """A DATE as it is, a DATE-TIME in its zone (``tzid``, else its own TZID, UTC or
    floating)."""
    if not isinstance(value, vDDDTypes):
        raise _Unmappable(Text("calendar-bad-value", name=name, detail=str(value)[:80]))
    moment = value.dt
    if isinstance(moment, datetime):
        tzid = tzid or value.params.get("TZID")
        if tzid is not None:
            zone = zones.zone(str(tzid))
            if zone is None:
                raise _Unmappable(Text("calendar-unknown-zone", zone=single_line(str(tzid))))
            moment = moment.replace(tzinfo=zone)
        elif moment.tzinfo is None:
            moment = moment.replace(tzinfo=zones.floating)
    elif not isinstance(moment, date):
        raise _Unmappable(Text("calendar-bad-value", name=name, detail=str(moment)[:80]))
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise _Unmappable(Text("calendar-year", name=name, first=MIN_YEAR, last=MAX_YEAR))
    return moment


def _moments(component: icalendar.Component, name: str, zones: _Zones) -> list[datetime | date]:
    """Every value of a list property (EXDATE, RDATE), over all its lines."""
    found = component.get(name)
    lines = found if isinstance(found, list) else [] if found is None else [found]
    values: list[datetime | date] = []
    for line in lines:
        if not isinstance(line, vDDDLists):
            raise _Unmappable(Text("calendar-bad-value", name=name, detail=str(line)[:80]))
        for value in line.dts:
            if isinstance(value.dt, tuple):
                raise _Unmappable(Text("calendar-period", name=name))
            # The line's TZID: icalendar hands each value one with its commas escaped again
            # (``Amsterdam\\, Berlin``, as Outlook 2010 names its zone), which names nothing.
            values.append(_moment(value, name, zones, line.params.get("TZID")))
    return values


def _local(moment: datetime | date, zones: _Zones) -> datetime:
    """A start or end in the registry's zone; a DATE is midnight there."""
    if isinstance(moment, datetime):
        return moment.astimezone(zones.target)
    return datetime.combine(moment, time(0), zones.floating).astimezone(zones.target)


def _times(component: icalendar.Component, zones: _Zones) -> tuple[datetime | date, timedelta]:
    """DTSTART as written, and the wall-clock length (DTEND or DURATION, RFC 5545 3.6.1)."""
    start_value = _one(component, "DTSTART")
    if start_value is None:
        raise _Unmappable(Text("calendar-no-start"))
    start = _moment(start_value, "DTSTART", zones)
    end_value, duration = _one(component, "DTEND"), _one(component, "DURATION")
    if end_value is not None:
        end = _moment(end_value, "DTEND", zones)
        if isinstance(start, datetime) and isinstance(end, datetime):
            length = end.astimezone(start.tzinfo).replace(tzinfo=None) - start.replace(tzinfo=None)
        elif isinstance(start, datetime) or isinstance(end, datetime):
            raise _Unmappable(Text("calendar-mixed-times"))
        else:
            length = end - start
    elif duration is not None:
        given = getattr(duration, "dt", None)
        if not isinstance(given, timedelta):
            raise _Unmappable(Text("calendar-bad-value", name="DURATION", detail=str(duration)))
        length = given
    else:
        length = timedelta(0) if isinstance(start, datetime) else _DAY
    if length < timedelta(0):
        raise _Unmappable(Text("calendar-ends-before"))
    if length > _LONGEST:
        raise _Unmappable(Text("calendar-too-long", days=_LONGEST.days))
    return start, length


def _ends(start: datetime | date, length: timedelta, zones: _Zones) -> tuple[datetime, datetime]:
    """Start and end in the registry's zone; the length is counted on the wall clock where
    the event was written, as clients count it."""
    if isinstance(start, datetime):
        end = (start.replace(tzinfo=None) + length).replace(tzinfo=start.tzinfo)
        found = start.astimezone(zones.target), end.astimezone(zones.target)
    else:
        found = _local(start, zones), _local(start + length, zones)
    if not all(MIN_YEAR <= moment.year <= MAX_YEAR for moment in found):
        raise _Unmappable(Text("calendar-year", name="DTEND", first=MIN_YEAR, last=MAX_YEAR))
    return found


# -- what an event says ---------------------------------------------------------------------


@cache
def _kinds() -> Mapping[str, MeetingKind]:
    """The kinds by their label in either language: the CATEGORIES our own feeds write."""
    return {label(kind, lang).casefold(): kind for kind in MeetingKind for lang in LANGUAGES}


def _kind(component: icalendar.Component) -> MeetingKind:
    found = component.get("CATEGORIES")
    for line in found if isinstance(found, list) else [found] if found is not None else []:
        if isinstance(line, vBroken):  # a category that does not parse names no kind
            continue
        for category in getattr(line, "cats", []):
            kind = _kinds().get(str(category).strip().casefold())
            if kind is not None:
                return kind
    return MeetingKind.NETWORK_MEETING


def _link(component: icalendar.Component) -> str | None:
    for name in _LINKS:
        found = component.get(name)
        for value in found if isinstance(found, list) else [found] if found is not None else []:
            url = clean_uri(str(value))
            if url:
                return url
    return None


def _venue(component: icalendar.Component) -> Venue:
    place = _text(component, "LOCATION")
    if place in {message("feed-online", lang) for lang in LANGUAGES}:
        place = None  # what our own feeds write for a venue that is only a link
    url = _link(component)
    if url is None:
        return Venue(mode=VenueMode.IN_PERSON, name=place)
    return Venue(mode=VenueMode.HYBRID if place else VenueMode.ONLINE, name=place, url=url)


_STATUSES = {
    "CANCELLED": MeetingStatus.CANCELLED,
    "TENTATIVE": MeetingStatus.PLANNED,
    "CONFIRMED": MeetingStatus.CONFIRMED,
}


def _status(component: icalendar.Component) -> MeetingStatus:
    """A calendar entry without a status is on: what every client shows."""
    return _STATUSES.get(str(component.get("STATUS", "")).upper(), MeetingStatus.CONFIRMED)


def published_ids(registry: Registry) -> dict[str, str]:
    """The ids of the registry's meetings and series by the UID its feeds publish them
    under, so that our own feeds, imported, come back onto what they were made from."""
    return {
        published_uid(registry, kind, entity.id): entity.id
        for collection, kind in (("meetings", "meeting"), ("series", "series"))
        for entity in getattr(registry, collection)
    }


def event_id(event_uid: str, published: Mapping[str, str]) -> str:
    """The id of an event: the one its UID was published under, else one derived from the
    UID alone, so importing the same calendar again finds what it brought in before."""
    found = published.get(event_uid)
    if found is not None:
        return found
    return ID_PREFIX + hashlib.sha256(event_uid.encode("utf-8", "replace")).hexdigest()[:12]


# -- events into the model -----------------------------------------------------------------


@frozen(kw_only=True)
class _Event:
    component: icalendar.Component
    line: int
    uid: str | None
    title: str | None


def _meeting(event: _Event, ident: str, zones: _Zones) -> Meeting:
    start, length = _times(event.component, zones)
    begin, end = _ends(start, length, zones)
    return Meeting(
        id=ident,
        kind=_kind(event.component),
        title=_title(event),
        start=begin,
        end=end,
        venue=_venue(event.component),
        status=_status(event.component),
    )


def _title(event: _Event) -> str:
    title = _text(event.component, "SUMMARY")  # again, for the reason it was not read
    if title is None:
        raise _Unmappable(Text("calendar-no-summary"))
    return title


def _until(text: str, start: datetime) -> date:
    """The last day UNTIL lets an instance start on, where the series is written."""
    found = _UNTIL.fullmatch(text)
    if found is None:
        raise _Unmappable(Text("calendar-bad-value", name="UNTIL", detail=text[:40]))
    day_text, clock, utc = found.groups()
    try:
        day = datetime.strptime(day_text, "%Y%m%d").date()
        at = datetime.combine(day, datetime.strptime(clock or "000000", "%H%M%S").time())
    except ValueError:
        raise _Unmappable(Text("calendar-bad-value", name="UNTIL", detail=text[:40])) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise _Unmappable(Text("calendar-year", name="UNTIL", first=MIN_YEAR, last=MAX_YEAR))
    if clock is None:
        return day
    moment = at.replace(tzinfo=UTC if utc else start.tzinfo).astimezone(start.tzinfo)
    local = moment.replace(tzinfo=None)
    return (
        local.date() if local.time() >= start.replace(tzinfo=None).time() else (local.date() - _DAY)
    )


def _rule(component: icalendar.Component) -> dict[str, str] | None:
    value = _one(component, "RRULE")
    if value is None:
        return None
    if not isinstance(value, vRecur):
        raise _Unmappable(Text("calendar-bad-value", name="RRULE", detail=str(value)[:80]))
    written: Callable[[], bytes] = value.to_ical
    text = written().decode("utf-8", "replace")
    parts = rule_parts(text)
    if parts is None:
        raise _Unmappable(Text("calendar-rule-parts", rule=single_line(text)[:120]))
    return parts


@frozen(kw_only=True)
class _Plan:
    """The series as the registry keeps it, and the instants the calendar gives it."""

    series: MeetingSeries
    #: By original local date: the instant the calendar's rule or RDATE gives it.
    instants: Mapping[date, datetime]
    length: timedelta


def _dates(series: MeetingSeries, zones: _Zones) -> tuple[date, ...]:
    try:
        return candidate_dates(series, timezone=str(zones.target.key))
    except InvalidRuleError as error:
        raise _Unmappable(Text("calendar-rule-refused", detail=error.detail)) from None


def _plan(event: _Event, ident: str, zones: _Zones, parts: dict[str, str] | None) -> _Plan:
    """The series without its changes, checked to give the calendar's own dates and times.

    The rule is first expanded where it was written (its TZID), as clients expand it, then
    the same rule is placed in the registry's zone; a rule whose instants do not keep one
    wall-clock time there (one written in UTC or a zone with other summer time) is refused.
    """
    start, length = _times(event.component, zones)
    if not timedelta(0) < length <= _DAY:
        raise _Unmappable(Text("calendar-series-length"))
    if _status(event.component) is MeetingStatus.CANCELLED:
        raise _Unmappable(Text("calendar-series-cancelled"))
    if isinstance(start, datetime):
        written = start
    else:
        written = datetime.combine(start, time(0), zones.floating)
    where = written.tzinfo
    rule = dict(parts or {})
    count_text, until_text = rule.pop("COUNT", None), rule.pop("UNTIL", None)
    count = None
    if count_text is not None:
        if not (count_text.isdigit() and len(count_text) < 8 and 1 <= int(count_text) <= MAX_COUNT):
            raise _Unmappable(Text("rule-number", part="COUNT", limit=MAX_COUNT))
        count = int(count_text)
    wall = written.replace(tzinfo=None)
    # Without a rule, DTSTART is an instance as the RDATEs are (RFC 5545 3.8.5.2); the model
    # has only the dates then.
    extra: list[datetime] = [] if rule else [written]
    for moment in _moments(event.component, "RDATE", zones):
        at = moment.astimezone(where) if isinstance(moment, datetime) else None
        if at is not None and at.replace(tzinfo=None).time() != wall.time():
            raise _Unmappable(Text("calendar-rdate-time"))
        extra.append(datetime.combine(at.date() if at else moment, wall.time(), where))
    as_written = MeetingSeries(
        id=ident,
        kind=_kind(event.component),
        title=_title(event),
        first=wall.date(),
        start_time=wall.time(),
        end_time=(wall + length).time(),
        venue=_venue(event.component),
        rrule=";".join(f"{name}={value}" for name, value in rule.items()) or None,
        dates=tuple(sorted({moment.date() for moment in extra})),
        count=count,
        until=_until(until_text, written) if until_text is not None else None,
        on_holiday=HolidayPolicy.KEEP,
    )
    written_dates = _dates(as_written, zones)
    if not written_dates:
        raise _Unmappable(Text("calendar-no-instance"))
    instants = {
        moment.date(): moment
        for moment in (
            datetime.combine(day, wall.time(), where).astimezone(zones.target)
            for day in written_dates
        )
    }
    until = max(instants) if as_written.until is not None else None  # its last date
    if getattr(where, "key", None) == zones.target.key:  # most calendars: nothing to place
        return _Plan(series=attrs.evolve(as_written, until=until), instants=instants, length=length)
    local = written.astimezone(zones.target).replace(tzinfo=None)
    series = attrs.evolve(
        as_written,
        first=local.date(),
        start_time=local.time(),
        end_time=(local + length).time(),
        dates=tuple(sorted({moment.astimezone(zones.target).date() for moment in extra})),
        until=until,
    )
    placed = {
        day: datetime.combine(day, series.start_time, zones.target) for day in _dates(series, zones)
    }
    if len(instants) != len(written_dates) or placed != instants:
        raise _Unmappable(Text("calendar-rule-differs", zone=str(zones.target.key)))
    return _Plan(series=series, instants=instants, length=length)


def _original(moment: datetime | date, plan: _Plan, zones: _Zones) -> date | None:
    """The local date of the instance a RECURRENCE-ID or EXDATE names, if the series has it."""
    if isinstance(moment, datetime):
        day = moment.astimezone(zones.target).date()
        return day if plan.instants.get(day) == moment else None
    return moment if moment in plan.instants else None


def _override(
    event: _Event, plan: _Plan, zones: _Zones, cancelled: set[date]
) -> OccurrenceChange | None:
    """The change an override (RECURRENCE-ID) makes to its instance; None for no change."""
    named = _one(event.component, "RECURRENCE-ID")
    if str(getattr(named, "params", {}).get("RANGE", "")):
        raise _Unmappable(Text("calendar-override-range"))
    original = _original(_moment(named, "RECURRENCE-ID", zones), plan, zones)
    if original is None:
        raise _Unmappable(Text("calendar-override-unknown"))
    if original in cancelled:
        return None  # EXDATE removes the instance; an override of it shows nowhere
    series = plan.series
    if _status(event.component) is MeetingStatus.CANCELLED:
        return OccurrenceChange(date=original, action=ChangeAction.CANCEL)
    start, length = _times(event.component, zones)
    if length != plan.length:
        raise _Unmappable(Text("calendar-override-length", date=original))
    begin = _ends(start, length, zones)[0]
    title = _title(event)
    venue = _venue(event.component)
    moved = begin != plan.instants[original]
    changed_title = title if title != series.title else None
    changed_venue = venue if venue != series.venue else None
    if not (moved or changed_title or changed_venue):
        return None
    return OccurrenceChange(
        date=original,
        action=ChangeAction.MOVE if moved else ChangeAction.AMEND,
        start=begin if moved else None,
        title=changed_title,
        venue=changed_venue,
    )


def _series(
    master: _Event,
    overrides: Sequence[_Event],
    ident: str,
    zones: _Zones,
    parts: dict[str, str] | None,
) -> tuple[MeetingSeries, list[Unmapped], int]:
    """The series, the overrides that could not be mapped, and how many dates it has."""
    plan = _plan(master, ident, zones, parts)
    cancelled = {
        original
        for moment in _moments(master.component, "EXDATE", zones)
        if (original := _original(moment, plan, zones)) is not None
    }
    changes = {day: OccurrenceChange(date=day, action=ChangeAction.CANCEL) for day in cancelled}
    unmapped: list[Unmapped] = []
    for override in overrides:
        try:
            change = _override(override, plan, zones, cancelled)
        except _Unmappable as refusal:
            unmapped.append(_unmapped(override, refusal.reason))
            continue
        if change is not None:
            changes[change.date] = change
    series = attrs.evolve(plan.series, changes=tuple(changes[day] for day in sorted(changes)))
    if changes:  # without, scheduling gives the candidates _plan already compared
        _check_series(series, plan, zones)
    return series, unmapped, len(plan.instants)


def _check_series(series: MeetingSeries, plan: _Plan, zones: _Zones) -> None:
    """Schedule the series and compare: every instance where the calendar has it."""
    by_change = {change.date: change for change in series.changes}
    expected = []
    for original, instant in sorted(plan.instants.items()):
        change = by_change.get(original)
        if change is not None and change.action is ChangeAction.CANCEL:
            continue
        begin = change.start if change is not None and change.start is not None else instant
        expected.append(_ends(begin, plan.length, zones)[0])
    try:
        found = occurrences(series, timezone=str(zones.target.key))
    except InvalidRuleError as error:
        raise _Unmappable(Text("calendar-rule-refused", detail=error.detail)) from None
    if [o.start for o in found if o.status.takes_place] != sorted(expected):
        raise _Unmappable(Text("calendar-rule-differs", zone=str(zones.target.key)))


def _unmapped(event: _Event, reason: Text) -> Unmapped:
    return Unmapped(line=event.line, uid=event.uid, title=event.title, reason=reason)


def _events(
    calendars: Sequence[icalendar.Component], lines: Sequence[int]
) -> Iterator[tuple[_Event, icalendar.Component]]:
    vevents = [(v, cal) for cal in calendars for v in cal.walk("VEVENT")]
    for (component, calendar), line in zip(vevents, lines, strict=False):
        uid_value = component.get("UID")
        try:
            title = _text(component, "SUMMARY")
        except _Unmappable:  # said again, with its reason, if the event needs its title
            title = None
        uid_text = single_line(str(uid_value)) if isinstance(uid_value, str) else None
        yield _Event(component=component, line=line, uid=uid_text or None, title=title), calendar


def read_calendar(
    path: str | Path, registry: Registry, *, max_bytes: int = MAX_BYTES
) -> CalendarContent:
    """The meetings and series of the calendar file at ``path``, for ``registry``.

    Raises :class:`~..errors.SourceError` for a file that cannot be read or is larger than
    ``max_bytes``, :class:`~..errors.ParseError` for one that is not a whole calendar.
    """
    location = Path(path)
    if not location.exists():
        raise SourceError(str(location), "source-missing")
    text, _ = read_bounded(location, max_bytes)
    return read_calendar_text(text, registry, source=str(path))


def read_calendar_text(
    text: str, registry: Registry, *, source: str = "<calendar>"
) -> CalendarContent:
    """:func:`read_calendar` of text already read."""
    with warnings.catch_warnings():
        # icalendar warns that it guesses a vendor-prefixed TZID; the guess is documented
        # here (docs/calendars.md), and a warning would only reach the terminal as noise.
        warnings.simplefilter("ignore", GloballyUniqueTZIDGuessed)
        return _read(text, registry, source)


def _read(text: str, registry: Registry, source: str) -> CalendarContent:
    lines = _check_lines(text, source)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise ParseError(
            source, None, None, Text("calendar-unreadable", detail=str(error)[:200])
        ) from None
    target = ZoneInfo(registry.timezone)
    zones = {id(calendar): _Zones(calendar, target) for calendar in calendars}
    masters: dict[str, tuple[_Event, icalendar.Component]] = {}
    overrides: dict[str, list[_Event]] = {}
    unmapped: list[Unmapped] = []
    for event, calendar in _events(calendars, lines):
        if event.uid is None:
            unmapped.append(_unmapped(event, Text("calendar-no-uid")))
        elif "RECURRENCE-ID" in event.component:
            overrides.setdefault(event.uid, []).append(event)
        elif event.uid in masters:
            first = masters[event.uid][0]
            unmapped.append(_unmapped(event, Text("calendar-duplicate-uid", line=first.line)))
        else:
            masters[event.uid] = (event, calendar)
    meetings: list[Meeting] = []
    series: list[MeetingSeries] = []
    budget = MAX_CALENDAR_DATES
    published = published_ids(registry)
    for event_uid, (event, calendar) in masters.items():
        ident = event_id(event_uid, published)
        found = zones[id(calendar)]
        own = overrides.pop(event_uid, [])
        try:
            parts = _rule(event.component)
            if parts is None and "RDATE" not in event.component:
                meetings.append(_meeting(event, ident, found))
                unmapped.extend(_unmapped(o, Text("calendar-override-single")) for o in own)
                continue
            if budget <= 0:
                raise _Unmappable(Text("calendar-too-many-dates", limit=MAX_CALENDAR_DATES))
            made, refused, dates = _series(event, own, ident, found, parts)
            budget -= dates
        except _Unmappable as refusal:
            unmapped.append(_unmapped(event, refusal.reason))
            unmapped.extend(_unmapped(o, Text("calendar-override-master")) for o in own)
            continue
        series.append(made)
        unmapped.extend(refused)
    for orphans in overrides.values():
        unmapped.extend(_unmapped(o, Text("calendar-override-alone")) for o in orphans)
    return CalendarContent(
        meetings=tuple(meetings),
        series=tuple(series),
        unmapped=tuple(sorted(unmapped, key=lambda u: u.line)),
    )


# -- into a registry ------------------------------------------------------------------------

#: What a calendar says of a meeting and of a series; everything else is the office's own
#: (network, organiser, topics, partners, capacity, notes, kind and holiday policy once set).
MEETING_FIELDS = ("title", "start", "end", "venue", "status")
SERIES_FIELDS = (
    "title",
    "first",
    "start_time",
    "end_time",
    "venue",
    "rrule",
    "dates",
    "count",
    "until",
    "changes",
)


Action = Literal["added", "updated", "unchanged"]


@frozen(kw_only=True)
class Imported:
    """What importing did to one meeting or series: ``added``, ``updated`` or ``unchanged``."""

    action: Action
    entity: Meeting | MeetingSeries


def _updated(old: Any, new: Any, fields: Sequence[str]) -> Any:
    """``old`` with the calendar's fields of ``new``; a change counts as a published edit."""
    if all(getattr(old, name) == getattr(new, name) for name in fields):
        return old
    return attrs.evolve(
        old, revision=old.revision + 1, **{name: getattr(new, name) for name in fields}
    )


def merge_calendar(
    registry: Registry, content: CalendarContent
) -> tuple[Registry, tuple[Imported, ...]]:
    """``registry`` with the calendar's meetings and series in it, and what each became.

    An event found by its id (see :func:`event_id`) is updated where it is, keeping what
    the office added by hand; a new one is added after the others. Nothing is deleted: an
    event no longer in the calendar stays as it is.
    """
    done: list[Imported] = []
    collections: dict[str, list[Any]] = {
        "meetings": list(registry.meetings),
        "series": list(registry.series),
    }
    for collection, other, items, fields in (
        ("meetings", "series", content.meetings, MEETING_FIELDS),
        ("series", "meetings", content.series, SERIES_FIELDS),
    ):
        kept = collections[collection]
        where = {entity.id: index for index, entity in enumerate(kept)}
        for item in items:
            if item.id in where:
                old = kept[where[item.id]]
                new = _updated(old, item, fields)
                kept[where[item.id]] = new
                done.append(Imported(action="unchanged" if new is old else "updated", entity=new))
                continue
            # An event that became recurring, or stopped recurring, since the last import
            # changes its collection but keeps its id.
            before = len(collections[other])
            collections[other] = [e for e in collections[other] if e.id != item.id]
            kept.append(item)
            where[item.id] = len(kept) - 1
            moved = len(collections[other]) < before
            done.append(Imported(action="updated" if moved else "added", entity=item))
    merged = attrs.evolve(
        registry, meetings=tuple(collections["meetings"]), series=tuple(collections["series"])
    )
    return merged, tuple(done)
