"""iCalendar feeds of a registry's meetings and series, for every common calendar client.

The feed is built as icalendar components (so plugins can adjust them with a familiar
API) from values that :mod:`.ical_text` has already cleaned and escaped; what the clients
in the field need beyond RFC 5545 is documented in docs/feeds.md, each quirk where it is
honoured. Nothing depends on the clock or the machine: the same registry gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Literal

import icalendar
from icalendar.prop import vDuration

from .._gc import gc_paused
from ..errors import FeedSelectionError, UnsafeFeedError
from ..model import Meeting, MeetingSeries, MeetingStatus, Registry
from ..scheduling import Blackouts, Occurrence, OccurrenceStatus, occurrences
from .events import Audience, Directory, Entry, Status, Uids, event, instant, uid, zone
from .series import Planned, occurrence_entry, recurring
from .text import Text, single_line, unsafe_property
from .timezones import ZONES, vtimezone
from .writer import EventWriter

Mode = Literal["expanded", "rrule"]

#: Called with each event and what it was made from (a Meeting, an Occurrence, or for the
#: recurring event of ``rrule`` mode its MeetingSeries), after the core filled it in.
EventHook = Callable[[icalendar.Event, Meeting | Occurrence | MeetingSeries], None]
#: Called once with the whole calendar, after every event is in it, and the network the
#: feed is for (None for everything).
CalendarHook = Callable[[icalendar.Calendar, str | None], None]
#: Closed days for every series alike, or asked per series: local blackout days depend on
#: the region a series meets in (scheduling.series_region), and a feed may span regions.
FeedBlackouts = Mapping[date, str] | Callable[[MeetingSeries], Blackouts]

PRODID = "-//schulsozialarbeit//Feeds//DE"
_CALENDAR_END = b"END:VCALENDAR\r\n"
#: How often clients should reload: twice a day keeps cancellations timely without load.
REFRESH = timedelta(hours=12)

_STATUS: dict[MeetingStatus, Status] = {
    MeetingStatus.PLANNED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def network_group(registry: Registry, network: str | None) -> frozenset[str] | None:
    """The network asked for and all its sub-groups, at any depth; None for no filter."""
    if network is None:
        return None
    if network not in {n.id for n in registry.networks}:
        raise FeedSelectionError("feed-unknown-network", network=network)
    chosen = {network}
    grew = True
    while grew:
        more = {n.id for n in registry.networks if n.parent in chosen} - chosen
        chosen |= more
        grew = bool(more)
    return frozenset(chosen)


def _within(first: date, last: date, start: date | None, end: date | None) -> bool:
    return (start is None or last >= start) and (end is None or first <= end)


def _meeting(registry: Registry, meeting: Meeting) -> Planned:
    cancelled = meeting.status is MeetingStatus.CANCELLED
    entry = Entry(
        uid=uid(registry, "meeting", meeting.id),
        kind=meeting.kind,
        title=meeting.title,
        start=meeting.start,
        end=meeting.end,
        venue=meeting.venue,
        status=_STATUS[meeting.status],
        sequence=meeting.revision + int(cancelled),
        first=meeting.start.date(),
        organiser=meeting.organiser,
        network=meeting.network,
        topics=meeting.topics,
        partners=meeting.partners,
        notes=(meeting.note,) if meeting.note else (),
    )
    return Planned(entry=entry, source=meeting)


def series_blackouts(series: MeetingSeries, blackouts: FeedBlackouts | None) -> Blackouts | None:
    """The closed days of ``series``: one mapping serves every series, a function is asked."""
    return blackouts if blackouts is None or isinstance(blackouts, Mapping) else blackouts(series)


def _series(
    registry: Registry,
    series: MeetingSeries,
    mode: Mode,
    start: date | None,
    end: date | None,
    blackouts: FeedBlackouts | None,
) -> list[Planned]:
    closed = series_blackouts(series, blackouts)
    found = occurrences(registry, series=series.id, start=start, end=end, blackouts=closed)
    if mode == "rrule":
        planned = recurring(registry, series, found)
        if planned is not None:
            return planned
    uids = Uids(registry, "series", series.id)
    return [
        Planned(entry=occurrence_entry(series, o, uid=uids(o.original.isoformat())), source=o)
        for o in found
        if o.status is not OccurrenceStatus.SKIPPED
    ]


def shown(
    registry: Registry, *, network: str | None = None, series: str | None = None
) -> tuple[Meeting | MeetingSeries, ...]:
    """The meetings and series a feed of ``network`` or ``series`` is made of, before its
    dates bound them: what :func:`to_ical` puts in it, and what its Last-Modified is the
    newest change of. Raises :class:`FeedSelectionError` for an unknown id."""
    if series is not None and series not in {s.id for s in registry.series}:
        raise FeedSelectionError("feed-unknown-series", series=series)
    networks = network_group(registry, network)
    meetings = (
        ()
        if series is not None
        else tuple(m for m in registry.meetings if networks is None or m.network in networks)
    )
    chosen = tuple(
        s
        for s in registry.series
        if (series is None or s.id == series) and (networks is None or s.network in networks)
    )
    return (*meetings, *chosen)


def _planned(
    registry: Registry,
    sources: Iterable[Meeting | MeetingSeries],
    mode: Mode,
    start: date | None,
    end: date | None,
    blackouts: FeedBlackouts | None,
) -> list[Planned]:
    planned: list[Planned] = []
    for source in sources:
        if isinstance(source, MeetingSeries):
            planned.extend(_series(registry, source, mode, start, end, blackouts))
        elif _within(source.start.date(), source.end.date(), start, end):
            planned.append(_meeting(registry, source))
    return planned


def dated_entries(registry: Registry, blackouts: FeedBlackouts | None) -> list[Planned]:
    """Every event of the registry's feeds, one per date, in order: what the index page counts
    and describes. Skipped occurrences are not among them, cancelled ones are."""
    found = _planned(registry, shown(registry), "expanded", None, None, blackouts)
    return sorted(found, key=_sort_key)


def _instants(item: Planned) -> Iterable[datetime]:
    yield from (item.entry.start, item.entry.end, *item.exdates)
    if item.recurrence_id is not None:
        yield item.recurrence_id


def _zone(moment: datetime) -> str:
    return zone(instant(moment))


def _vevent(item: Planned, names: Directory) -> icalendar.Event:
    result = event(item.entry, names)
    if item.rrule is not None:
        result.add("rrule", icalendar.vRecur.from_ical(item.rrule))
    for moment in item.exdates:
        result.add("exdate", moment)
    if item.recurrence_id is not None:
        result.add("recurrence-id", item.recurrence_id)
    return result


#: Where an event without RECURRENCE-ID sorts among those with the same start and UID.
_NO_RECURRENCE = datetime.min.replace(tzinfo=UTC)


def _sort_key(item: Planned) -> tuple[datetime, str, datetime]:
    recurrence = item.recurrence_id
    return (
        item.entry.start.astimezone(UTC),
        item.entry.uid,
        _NO_RECURRENCE if recurrence is None else recurrence.astimezone(UTC),
    )


def _title(registry: Registry, network: str | None, series: str | None) -> str:
    for chosen in registry.series:
        if chosen.id == series:
            return chosen.title
    for group in registry.networks:
        if group.id == network:
            return group.name
    return registry.name


#: What each kind of component needs to be read at all (RFC 5545 3.6.1, 3.7).
_REQUIRED = {"VEVENT": ("UID", "DTSTAMP", "DTSTART"), "VCALENDAR": ("PRODID", "VERSION")}


def component_problem(component: icalendar.cal.Component) -> str | None:
    """What would make this component break its feed, in a few words, or None.

    A property whose value would break out of its line, or a property the component
    needs that is gone: what a plugin's hook can do to an event or a calendar.
    """
    for part in component.walk():
        for name, value in part.property_items(recursive=False, sorted=False):
            if name not in ("BEGIN", "END") and unsafe_property(value):
                return f"{name} would break its line"
        missing = [name for name in _REQUIRED.get(part.name or "", ()) if name not in part]
        if missing:
            return f"{part.name} without {', '.join(missing)}"
    return None


def restore_component(component: icalendar.cal.Component, before: icalendar.cal.Component) -> None:
    """Put ``component`` back as ``before`` was, in place (a hook's change undone)."""
    component.clear()
    component.update(before)
    component.subcomponents[:] = before.subcomponents


def _check(calendar: icalendar.Calendar) -> None:
    for component in calendar.walk():
        for name, value in component.property_items(recursive=False, sorted=False):
            if name not in ("BEGIN", "END") and unsafe_property(value):
                raise UnsafeFeedError(name)


def _plain(item: Planned) -> bool:
    """Whether the event is one the line writer writes: no rule, exception or override."""
    return item.rrule is None and not item.exdates and item.recurrence_id is None


def _written(
    registry: Registry,
    network: str | None,
    series: str | None,
    planned: Sequence[Planned],
    names: Directory,
) -> bytes:
    """The feed with its plain events written as lines, without an icalendar object each.

    Nothing but the core's own cleaned values goes in, so there is nothing for ``_check``
    to find. The recurring events of ``rrule`` mode, their exceptions and overrides still
    go through icalendar: there are few of them, and their rule has many forms to write.
    The events are written first, noting their zones, and the head after them. Each is
    encoded on its own: a single string of them all would be as wide as its widest
    character, and encoding it took twice as long.
    """
    write = EventWriter(names)
    events = [
        write(item.entry) if _plain(item) else bytes(_vevent(item, names).to_ical())
        for item in planned
    ]
    zones = write.zones.union(
        *({_zone(m) for m in _instants(item)} for item in planned if not _plain(item))
    )
    head = bytes(_calendar(registry, network, series, sorted(zones)).to_ical())
    return b"".join([head.removesuffix(_CALENDAR_END), *events, _CALENDAR_END])


def _calendar(
    registry: Registry, network: str | None, series: str | None, zones: Sequence[str]
) -> icalendar.Calendar:
    """The calendar without its events: its properties and the VTIMEZONE of each zone."""
    title = single_line(_title(registry, network, series))
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", Text(title))
    calendar.add("x-wr-calname", Text(title))
    if len(zones) == 1 and zones[0] in ZONES:
        calendar.add("x-wr-timezone", Text(zones[0]))
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for key in zones:
        if key in ZONES:
            calendar.add_component(vtimezone(key))
    return calendar


def to_ical(
    registry: Registry,
    *,
    network: str | None = None,
    series: str | None = None,
    audience: Audience = "public",
    mode: Mode = "expanded",
    start: date | None = None,
    end: date | None = None,
    blackouts: FeedBlackouts | None = None,
    adjust_event: EventHook | None = None,
    adjust_calendar: CalendarHook | None = None,
) -> bytes:
    """The registry's meetings and series occurrences as one iCalendar feed (UTF-8, CRLF).

    ``network`` keeps the meetings and series of that network and its sub-groups; ``series``
    keeps that one series (and no single meetings). ``start`` and ``end`` bound the dates;
    ``blackouts`` adds closed days to the NRW holidays: one mapping for all series, or a
    function giving each series its own. A ``public`` feed names offices, roles and venues
    only; ``internal`` adds the office's contact persons. ``mode`` is ``expanded`` (an event
    per occurrence) or ``rrule`` (a recurring event per series with exceptions, where
    Outlook can map it). The hooks let plugins adjust events and the calendar; a value they
    set that would break a line raises :class:`UnsafeFeedError`. Raises
    :class:`FeedSelectionError` for an unknown network or series id.
    """
    sources = shown(registry, network=network, series=series)
    names = Directory(registry, audience)
    with gc_paused():  # every occurrence and event stays alive to the end: see .._gc
        planned = sorted(_planned(registry, sources, mode, start, end, blackouts), key=_sort_key)
        if adjust_event is None and adjust_calendar is None:
            return _written(registry, network, series, planned, names)
    zones = sorted({_zone(m) for item in planned for m in _instants(item)})
    calendar = _calendar(registry, network, series, zones)
    for item in planned:
        vevent = _vevent(item, names)
        if adjust_event is not None:
            adjust_event(vevent, item.source)
        calendar.add_component(vevent)
    if adjust_calendar is not None:
        adjust_calendar(calendar, network)
    _check(calendar)
    return bytes(calendar.to_ical())
