"""VEVENTs written straight as lines: the bytes icalendar would write, at a fraction of the cost.

Building an ``icalendar.Event`` per occurrence and serialising it costs most of a feed's time
(parameter objects, property type lookups, folding character by character). A feed that no
plugin adjusts has no use for the objects, so :func:`to_ical` writes its plain events here,
from the same :class:`~.ical_events.Content` and with the same escaping as the object path,
in icalendar's property order and folding. What is rare or has many forms (ORGANIZER with its
quoted parameter, CATEGORIES, GEO) still goes through icalendar once and is cached, so the
two paths agree byte for byte; tests compare them on every example.
"""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar.parser import Contentline
from icalendar.prop import vCategory, vText

from ..i18n.labels import label
from ..model import CoordinationOffice, MeetingKind
from .events import Directory, Entry, Says, geo, instant, organizer, says, stamp
from .text import clean_text, escape_text, fold

_BEGIN = b"BEGIN:VEVENT"
_END = b"\r\nEND:VEVENT\r\n"


def _text(value: str) -> str:
    """A TEXT value as :class:`~.ical_text.Text` writes it: cleaned, then escaped."""
    return escape_text(clean_text(value))


def _moment(name: str, moment: datetime) -> str:
    """DTSTART, DTEND or DTSTAMP as icalendar writes a datetime: in UTC with Z, else TZID."""
    written = instant(moment)
    stamp = written.strftime("%Y%m%dT%H%M%S")
    if written.tzinfo is UTC:
        return f"{name}:{stamp}Z"
    return f"{name};TZID={getattr(written.tzinfo, 'key', 'UTC')}:{stamp}"


class EventWriter:
    """Writes the plain events of one feed; caches the lines that repeat across events."""

    def __init__(self, names: Directory) -> None:
        self.names = names
        self._organizers: dict[str | None, bytes] = {}
        self._categories: dict[MeetingKind, bytes] = {}
        self._said: dict[tuple[Says, MeetingKind, str], tuple[bytes, bytes]] = {}

    def _organizer(self, office: CoordinationOffice | None) -> bytes:
        key = office.id if office is not None else None
        if key not in self._organizers:
            value = organizer(office, self.names.registry)
            line = Contentline.from_parts("ORGANIZER", value.params, value)
            self._organizers[key] = fold(str(line))
        return self._organizers[key]

    def _category(self, kind: MeetingKind) -> bytes:
        if kind not in self._categories:
            value = vCategory([label(kind)]).to_ical().decode("utf-8")
            self._categories[kind] = fold(f"CATEGORIES:{value}")
        return self._categories[kind]

    def _lines(self, entry: Entry) -> tuple[bytes, bytes]:
        """SUMMARY, and every line after SEQUENCE: the same for every occurrence that says
        the same, so written once per feed for each."""
        key = (says(entry), entry.kind, entry.status)
        found = self._said.get(key)
        if found is not None:
            return found
        said = self.names.content(entry)
        status = vText(entry.status).to_ical().decode("utf-8")
        lines = [self._category(entry.kind)]
        if said.url:
            lines.append(fold(f"CONFERENCE;FEATURE=VIDEO;VALUE=URI:{said.url}"))
        if said.description:
            lines.append(fold(f"DESCRIPTION:{_text(said.description)}"))
        if said.geo is not None:
            lines.append(fold(f"GEO:{geo(said.geo).to_ical()}"))
        if said.location:
            lines.append(fold(f"LOCATION:{_text(said.location)}"))
        lines.append(self._organizer(said.office))
        lines.append(fold(f"STATUS:{status}"))
        if said.url:
            lines.append(fold(f"URL:{said.url}"))
        found = self._said[key] = (fold(f"SUMMARY:{_text(said.summary)}"), b"\r\n".join(lines))
        return found

    def __call__(self, entry: Entry) -> bytes:
        """The VEVENT of ``entry`` as ``event`` would build and icalendar serialise it."""
        summary, tail = self._lines(entry)
        # icalendar's order: SUMMARY, DTSTART, DTEND, DTSTAMP, UID, SEQUENCE, then by name.
        lines = [
            _BEGIN,
            summary,
            fold(_moment("DTSTART", entry.start)),
            fold(_moment("DTEND", entry.end)),
            fold(_moment("DTSTAMP", stamp(entry))),
            fold(f"UID:{escape_text(entry.uid)}"),
            fold(f"SEQUENCE:{entry.sequence}"),
            tail,
        ]
        return b"\r\n".join(lines) + _END
