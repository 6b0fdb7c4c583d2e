"""The content of one VEVENT: what a meeting or an occurrence says to a calendar.

Meetings and the occurrences of a series are first put into one shape, :class:`Entry`, so
both get exactly the same properties. Identity and versions are derived from the data alone,
never from the clock or the machine, so the same registry gives the same bytes:

* UID: a name-based UUID (RFC 4122 version 5, the form RFC 7986 5.3 recommends) of the
  registry's name, ``meeting`` or ``series``, the id and, for one occurrence, its original
  date. It survives every edit of the event itself, moves included.
* SEQUENCE: how many recorded edits touch the event: the meeting's or series' ``revision``
  (which the office raises when it edits the event itself), each change of the series naming
  its original date, one for a move by the holiday policy, one for a cancelled meeting.
* DTSTAMP: midnight UTC of the event's first date plus SEQUENCE seconds, so it moves forward
  exactly when SEQUENCE does, for clients that compare DTSTAMPs of equal SEQUENCEs.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

import icalendar
from attrs import frozen
from icalendar.prop import vCalAddress, vGeo, vUri

from ..i18n import message
from ..i18n.labels import label
from ..model import (
    CoordinationOffice,
    Geo,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Registry,
    Venue,
    VenueMode,
)
from .text import Text, clean_uri, mailto, parameter, single_line
from .timezones import covers

Audience = Literal["public", "internal"]
Status = Literal["CONFIRMED", "TENTATIVE", "CANCELLED"]

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "schulsozialarbeit.invalid").bytes
#: A version-5 UUID keeps the top two bits of its variant digit as 10 (RFC 4122 4.1.1).
_VARIANT = {f"{n:x}": f"{n & 0x3 | 0x8:x}" for n in range(16)}
#: The ORGANIZER of a registry without any office e-mail: RFC 2606 reserves ``.invalid``.
_NOBODY = "mailto:noreply@schulsozialarbeit.invalid"


def uid(registry: Registry, *parts: str) -> str:
    """``str(uuid.uuid5(...))`` of the parts, formatted from SHA-1's hex digits directly:
    ``uuid.UUID`` checks and converts its argument in Python, several times the hash's cost,
    once for every occurrence of a feed."""
    return _formatted(_hashed(registry, parts))


class Uids:
    """:func:`uid` of names that share their start, as the occurrences of a series do
    (``uids(day)`` is ``uid(registry, *parts, day)``): the start is hashed once and the hash
    copied for each, a quarter less per occurrence."""

    __slots__ = ("_start",)

    def __init__(self, registry: Registry, *parts: str) -> None:
        self._start = _hashed(registry, parts)

    def __call__(self, last: str) -> str:
        hashed = self._start.copy()
        hashed.update(f"\x1f{last}".encode())
        return _formatted(hashed)


def _hashed(registry: Registry, parts: tuple[str, ...]) -> hashlib._Hash:
    """SHA-1 of the namespace and the name: the registry's and the parts, joined by US."""
    name = "\x1f".join((registry.name, *parts)).encode("utf-8")
    return hashlib.sha1(_NAMESPACE + name, usedforsecurity=False)


def _formatted(hashed: hashlib._Hash) -> str:
    """A version-5 UUID's text from the SHA-1 of its namespace and name."""
    digits = hashed.hexdigest()
    return (
        f"{digits[:8]}-{digits[8:12]}-5{digits[13:16]}-"
        f"{_VARIANT[digits[16]]}{digits[17:20]}-{digits[20:32]}"
    )


@frozen(kw_only=True)
class Entry:
    """One event to write, from a meeting, an occurrence or a series' master."""

    uid: str
    kind: MeetingKind
    title: str
    start: datetime
    end: datetime
    venue: Venue
    status: Status
    sequence: int
    first: date
    organiser: str | None
    network: str | None
    topics: tuple[str, ...]
    partners: tuple[str, ...]
    notes: tuple[str, ...] = ()


def instant(moment: datetime) -> datetime:
    """A start or end as written: in its table zone (with TZID), else in UTC."""
    return moment if covers(moment) else moment.astimezone(UTC)


def zone(written: datetime) -> str:
    """The zone an instant as :func:`instant` writes it names: its TZID, else ``UTC``."""
    return str(getattr(written.tzinfo, "key", "UTC"))


class Directory:
    """Names and offices of a registry, looked up by id, with audience rules applied.

    A feed names only the partners and organisers of the registry's meetings and series, so
    only their names are kept: a registry of a whole country holds tens of thousands of
    schools and staff, and mapping all their names took a tenth of a feed's time.
    """

    def __init__(self, registry: Registry, audience: Audience) -> None:
        self.registry = registry
        self.audience = audience
        self.offices = {office.id: office for office in registry.offices}
        self.networks = {network.id: network for network in registry.networks}
        planned: tuple[Meeting | MeetingSeries, ...] = (*registry.meetings, *registry.series)
        named = {
            ident
            for source in planned
            for ident in (*source.partners, source.organiser)
            if ident is not None
        }
        names: dict[str, str] = {}
        for group in (
            registry.schools,
            registry.carriers,
            registry.organizations,
            registry.offices,
            registry.networks,
        ):
            names.update({entity.id: entity.name for entity in group if entity.id in named})
        if audience == "internal":
            names.update({m.id: m.name for m in registry.staff if m.id in named})
        self.names: Mapping[str, str] = names
        self.people = frozenset(member.id for member in registry.staff if member.id in named)
        self._contents: dict[Says, Content] = {}

    def content(self, entry: Entry) -> Content:
        """:func:`content`, once for all the entries that say the same."""
        key = says(entry)
        found = self._contents.get(key)
        if found is None:
            found = self._contents[key] = content(entry, self)
        return found

    def name(self, ident: str) -> str | None:
        """The name for ``ident``, a partner or organiser of one of the registry's meetings
        or series; a staff member's only in an internal feed."""
        if ident in self.names:
            return self.names[ident]
        return None if ident in self.people else ident

    def office(self, entry: Entry) -> CoordinationOffice | None:
        """The coordinating office: the organiser, else the network's coordinator, else
        the office of the network's region, else the first office by id."""
        network = self.networks.get(entry.network or "")
        for ident in (entry.organiser, network.coordinator if network else None):
            if ident in self.offices:
                return self.offices[ident]
        if network is not None:
            for office in sorted(self.offices.values(), key=lambda o: o.id):
                if office.region == network.region:
                    return office
        return min(self.offices.values(), key=lambda o: o.id, default=None)


def _location(venue: Venue) -> str | None:
    parts = [venue.name] if venue.name else []
    if venue.address is not None:
        address = venue.address
        parts.append(address.street)
        if address.addition:
            parts.append(address.addition)
        parts.append(f"{address.postal_code} {address.city}")
    if not parts and venue.mode is not VenueMode.IN_PERSON:
        parts.append(message("feed-online"))
    return single_line(", ".join(parts)) or None


def _details(entry: Entry, office: CoordinationOffice | None, names: Directory) -> tuple[str, ...]:
    """The description's lines after the entry's own notes."""
    lines: list[str] = []
    if entry.venue.url and entry.venue.mode is not VenueMode.IN_PERSON:
        url = clean_uri(entry.venue.url)
        if url:
            lines.append(message("feed-online-link", url=url))
    if entry.topics:
        lines.append(message("feed-topics"))
        lines.extend(f"– {topic}" for topic in entry.topics)
    partners = [name for name in map(names.name, entry.partners) if name]
    if partners:
        lines.append(message("feed-partners", names=", ".join(partners)))
    network = names.networks.get(entry.network or "")
    if network is not None:
        lines.append(message("feed-network", name=network.name))
    organiser = names.name(entry.organiser) if entry.organiser else None
    if organiser and (office is None or entry.organiser != office.id):
        lines.append(message("feed-organiser", name=organiser))
    if names.audience == "internal" and office is not None and office.contacts:
        lines.append(message("feed-contacts"))
        for contact in office.contacts:
            fields = (contact.role, contact.name, contact.email, contact.phone)
            lines.append("– " + ", ".join(single_line(f) for f in fields if f))
    return tuple(lines)


@frozen(kw_only=True)
class Content:
    """What an event says, every value cleaned: the one source of both writers of a VEVENT
    (icalendar objects for plugins' hooks, lines for speed), so they cannot disagree.

    The same for every occurrence of a series that no change touches, so it is computed
    once per :func:`says` key of a feed (see :meth:`Directory.content`). An occurrence's
    notes (why it was moved, a cancellation's reason) are its own; they lead the
    description, so they are not part of the content and the rest of it is shared.
    """

    office: CoordinationOffice | None
    summary: str
    location: str | None
    geo: Geo | None
    url: str | None
    #: The lines of the description after the notes: link, topics, partners, network,
    #: contacts.
    details: tuple[str, ...]

    def description(self, notes: tuple[str, ...]) -> str:
        return "\n".join((*notes, *self.details))


#: What the content of an entry depends on: everything but its dates, versions and notes.
Says = tuple[str, Venue, tuple[str, ...], tuple[str, ...], str | None, str | None]


def says(entry: Entry) -> Says:
    return (
        entry.title,
        entry.venue,
        entry.topics,
        entry.partners,
        entry.network,
        entry.organiser,
    )


def stamp(entry: Entry) -> datetime:
    """DTSTAMP: see the module's docstring."""
    return datetime.combine(entry.first, time(0), UTC) + timedelta(seconds=entry.sequence)


def content(entry: Entry, names: Directory) -> Content:
    office = names.office(entry)
    address = entry.venue.address
    url = clean_uri(entry.venue.url) if entry.venue.url else None
    return Content(
        office=office,
        summary=single_line(entry.title),
        location=_location(entry.venue),
        geo=address.geo if address is not None else None,
        url=url if url and entry.venue.mode is not VenueMode.IN_PERSON else None,
        details=_details(entry, office, names),
    )


def geo(value: Geo) -> vGeo:
    return vGeo((str(value.latitude), str(value.longitude)))


def organizer(office: CoordinationOffice | None, registry: Registry) -> vCalAddress:
    address = (mailto(office.email) if office and office.email else None) or _NOBODY
    result = vCalAddress(address)
    result.params["CN"] = parameter(office.name if office else registry.name)
    return result


def event(entry: Entry, names: Directory) -> icalendar.Event:
    """The VEVENT of ``entry``, every value cleaned; recurrence is the caller's to add."""
    found = names.content(entry)
    result = icalendar.Event()
    result.add("uid", entry.uid)
    result.add("dtstamp", stamp(entry))
    result.add("sequence", entry.sequence)
    result.add("dtstart", instant(entry.start))
    result.add("dtend", instant(entry.end))
    result.add("summary", Text(found.summary))
    result.add("status", entry.status)
    result.add("categories", [label(entry.kind)])
    result.add("organizer", organizer(found.office, names.registry))
    if found.location:
        result.add("location", Text(found.location))
    if found.geo is not None:
        result.add("geo", geo(found.geo))
    if found.url:
        result.add("url", vUri(found.url))
        result.add("conference", vUri(found.url), parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
    description = found.description(entry.notes)
    if description:
        result.add("description", Text(description))
    return result
