"""VEVENTs written straight as lines: the bytes icalendar would write, at a fraction of the cost.

Building an ``icalendar.Event`` per occurrence and serialising it costs most of a feed's time
(parameter objects, property type lookups, folding character by character). A feed that no
plugin adjusts has no use for the objects, so :func:`to_ical` writes its plain events here,
from the same :class:`~.ical_events.Content` and with the same escaping as the object path,
in icalendar's property order and folding. What is rare or has many forms (ORGANIZER with its
quoted parameter, CATEGORIES, GEO) still goes through icalendar once and is cached, so the
two paths agree byte for byte; tests compare them on every example.

Per event only its dates, UID and SEQUENCE are new; every other line is the same for all
the occurrences that say the same and is written once per feed, DESCRIPTION once for each
set of notes (a moved occurrence's reason leads it). Dates and times of day repeat too, and
each is formatted once.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TypeVar

from icalendar.parser import Contentline
from icalendar.prop import vCategory, vText

from ..i18n.labels import label
from ..model import CoordinationOffice, MeetingKind
from .events import Content, Directory, Entry, Says, geo, instant, organizer, says, stamp, zone
from .text import clean_text, escape_text, fold

_Moment = TypeVar("_Moment", date, time)


class _Formatted(dict[_Moment, str]):
    """``strftime`` of each distinct date or time of day, asked for once."""

    def __init__(self, pattern: str) -> None:
        super().__init__()
        self.pattern = pattern

    def __missing__(self, key: _Moment) -> str:
        found = self[key] = key.strftime(self.pattern)
        return found


def _text(value: str) -> str:
    """A TEXT value as :class:`~.ical_text.Text` writes it: cleaned, then escaped."""
    return escape_text(clean_text(value))


class _Said:
    """The lines of the events that say the same: before DESCRIPTION (CATEGORIES,
    CONFERENCE), after it (GEO to URL, each after a line break), SUMMARY, and the
    DESCRIPTION line (led by a line break) for each set of notes, written when first asked."""

    __slots__ = ("after", "before", "content", "descriptions", "summary")

    def __init__(self, content: Content, summary: str, before: str, after: str) -> None:
        self.content = content
        self.summary = summary
        self.before = before
        self.after = after
        self.descriptions: dict[tuple[str, ...], str] = {}

    def description(self, notes: tuple[str, ...]) -> str:
        found = self.descriptions.get(notes)
        if found is None:
            text = self.content.description(notes)
            found = f"\r\n{fold(f'DESCRIPTION:{_text(text)}')}" if text else ""
            self.descriptions[notes] = found
        return found


class EventWriter:
    """Writes the plain events of one feed; caches the lines that repeat across events.

    ``zones`` collects the zone of every start and end written (``UTC`` for those in UTC),
    so the feed's head, written last, carries the VTIMEZONEs its events name.
    """

    def __init__(self, names: Directory) -> None:
        self.names = names
        self.zones: set[str] = set()
        self._organizers: dict[str | None, str] = {}
        self._categories: dict[MeetingKind, str] = {}
        self._said: dict[tuple[Says, MeetingKind, str], _Said] = {}
        self._dates = _Formatted[date]("%Y%m%d")
        self._times = _Formatted[time]("%H%M%S")
        #: DTSTAMP's value by first date and sequence: most occurrences of a series share
        #: their sequence, and a date repeats across series.
        self._stamps: dict[tuple[date, int], str] = {}

    def _stamp(self, entry: Entry) -> str:
        key = (entry.first, entry.sequence)
        found = self._stamps.get(key)
        if found is None:
            stamped = stamp(entry)
            found = f"{self._dates[stamped.date()]}T{self._times[stamped.time()]}Z"
            self._stamps[key] = found
        return found

    def _organizer(self, office: CoordinationOffice | None) -> str:
        key = office.id if office is not None else None
        if key not in self._organizers:
            value = organizer(office, self.names.registry)
            line = Contentline.from_parts("ORGANIZER", value.params, value)
            self._organizers[key] = fold(str(line))
        return self._organizers[key]

    def _category(self, kind: MeetingKind) -> str:
        if kind not in self._categories:
            value = vCategory([label(kind)]).to_ical().decode("utf-8")
            self._categories[kind] = fold(f"CATEGORIES:{value}")
        return self._categories[kind]

    def _lines(self, entry: Entry) -> _Said:
        """What the lines of ``entry`` share with every occurrence that says the same."""
        key = (says(entry), entry.kind, entry.status)
        found = self._said.get(key)
        if found is not None:
            return found
        said = self.names.content(entry)
        status = vText(entry.status).to_ical().decode("utf-8")
        before = [self._category(entry.kind)]
        if said.url:
            before.append(fold(f"CONFERENCE;FEATURE=VIDEO;VALUE=URI:{said.url}"))
        after = [""]
        if said.geo is not None:
            after.append(fold(f"GEO:{geo(said.geo).to_ical()}"))
        if said.location:
            after.append(fold(f"LOCATION:{_text(said.location)}"))
        after.append(self._organizer(said.office))
        after.append(fold(f"STATUS:{status}"))
        if said.url:
            after.append(fold(f"URL:{said.url}"))
        found = self._said[key] = _Said(
            said,
            fold(f"SUMMARY:{_text(said.summary)}"),
            "\r\n".join(before),
            "\r\n".join(after),
        )
        return found

    def _moment(self, moment: datetime) -> str:
        """What follows DTSTART or DTEND: as icalendar writes a datetime, in UTC with Z,
        else with TZID."""
        written = instant(moment)
        key = zone(written)
        self.zones.add(key)
        digits = f"{self._dates[written.date()]}T{self._times[written.time()]}"
        return f":{digits}Z" if key == "UTC" else f";TZID={key}:{digits}"

    def __call__(self, entry: Entry) -> bytes:
        """The VEVENT of ``entry`` as ``event`` would build and icalendar serialise it."""
        said = self._lines(entry)
        # icalendar's order: SUMMARY, DTSTART, DTEND, DTSTAMP, UID, SEQUENCE, then by name.
        # None of these lines needs folding or escaping: a TZID is a zone of the table (IANA
        # names have at most 32 characters), the UID a UUID, SEQUENCE a number.
        return (
            f"BEGIN:VEVENT\r\n{said.summary}\r\n"
            f"DTSTART{self._moment(entry.start)}\r\n"
            f"DTEND{self._moment(entry.end)}\r\n"
            f"DTSTAMP:{self._stamp(entry)}\r\n"
            f"UID:{entry.uid}\r\nSEQUENCE:{entry.sequence}\r\n{said.before}"
            f"{said.description(entry.notes)}{said.after}\r\nEND:VEVENT\r\n"
        ).encode()
