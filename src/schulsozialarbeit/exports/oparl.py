"""A static, read-only OParl 1.1 endpoint: a folder of JSON files a web server publishes as is.

OParl is the standard interface of German council information systems; its clients (and the
portals that gather them) read bodies, organisations, people and meetings. A coordination
office's networks and meetings fit that shape, so they can be published without running a
server: every URL ``{base}/P`` is the file ``P.json`` of the folder (docs/exports/oparl.md
says how to configure the web server).

What keeps a published endpoint trustworthy for clients that mirror it:

* **Stable URLs.** Every URL derives from registry ids (an occurrence's from its series and
  its *original* date), made safe as a path segment, so republishing keeps every URL and a
  moved date keeps its URL while ``start`` and ``modified`` change.
* **Timestamps from the data, never the clock.** ``created`` and ``modified`` come from the
  entity, else from the registry, else from :data:`FALLBACK_TIMESTAMP`, so two exports of one
  registry give identical bytes.
* **Deletion is visible.** Written over an earlier export, objects that are gone are kept as
  ``deleted: true`` stubs (OParl's rule), so mirrors learn that they went.
* **Privacy.** People and memberships are written at ``internal`` only; at ``public`` the
  endpoint has none, its person lists are empty, and no staff id appears in any URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..files import write_atomic
from ..files.addresses import check_base_url
from ..i18n import DEFAULT_LANG, Lang, message
from ..i18n.labels import label
from ..model import (
    Address,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Registry,
    Venue,
    VenueMode,
)
from ..scheduling import Occurrence, OccurrenceStatus, occurrences, region_of
from ._tables import DEFAULT_PRIVACY, check_privacy
from .base import Privacy

OPARL_VERSION = "https://schema.oparl.org/1.1/"
#: Objects per page of a list. OParl lets the server choose; 100 keeps a page of meetings
#: around 100 KB and the examples' lists on one page.
PAGE_SIZE = 100
#: ``created`` and ``modified`` of whatever neither the entity nor the registry dates: a fixed
#: instant, so an export never depends on the clock and two runs give the same bytes.
FALLBACK_TIMESTAMP = datetime(1970, 1, 1, tzinfo=UTC)
#: The file suffix of every URL's file.
SUFFIX = ".json"

_UNSAFE = re.compile(r"[^a-z0-9_-]+")
_MAX_SEGMENT = 100
_NO_REGION_BODY = "registry"

#: meetingState words the OParl specification recommends, by the meeting's status.
_STATE = {
    MeetingStatus.PLANNED: "terminiert",
    MeetingStatus.CONFIRMED: "eingeladen",
    MeetingStatus.HELD: "durchgeführt",
    MeetingStatus.CANCELLED: "terminiert",
}


def oparl_type(name: str) -> str:
    return f"{OPARL_VERSION}{name}"


def segment(ident: str, taken: set[str]) -> str:
    """A path segment for ``ident``: lower-case letters, digits, ``-`` and ``_``, never empty,
    never one already taken in its folder (a number tells them apart)."""
    stem = _UNSAFE.sub("-", ident.lower()).strip("-_")[:_MAX_SEGMENT] or "x"
    candidate, number = stem, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}"
    taken.add(candidate)
    return candidate


def _segments(ids: Iterable[str]) -> dict[str, str]:
    """Segments for ids in sorted order, so the same ids always get the same segments."""
    taken: set[str] = set()
    return {ident: segment(ident, taken) for ident in sorted(set(ids))}


def _safe_link(url: str | None) -> str | None:
    """A website or an online room's link when it is a plain http(s) URL with a host and
    without spaces or control characters; anything else (``javascript:``, a typo) is left out."""
    if not url:
        return None
    link = url.strip()
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in link):
        return None
    return link


class _Stamps:
    """``created`` and ``modified`` of an entity, with the registry's and the fallback."""

    def __init__(self, registry: Registry) -> None:
        self.zone = ZoneInfo(registry.timezone)
        self.modified = registry.modified or FALLBACK_TIMESTAMP
        self.created = registry.created or FALLBACK_TIMESTAMP

    def text(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).isoformat(timespec="seconds")

    def of(
        self, created: datetime | None, modified: datetime | None, *edits: datetime | None
    ) -> dict[str, str]:
        """Entity's own, else the registry's; a later edit (an occurrence's change) moves
        ``modified``; a ``created`` after ``modified`` is moved back to it."""
        last = max([modified or self.modified, *(e for e in edits if e is not None)])
        first = min(created or self.created, last)
        return {"created": self.text(first), "modified": self.text(last)}


class _Builder:
    """Turns one registry into OParl objects and lists, keyed by their path below the base."""

    def __init__(
        self, registry: Registry, base: str, privacy: Privacy, lang: Lang, page_size: int
    ) -> None:
        self.registry = registry
        self.base = base
        self.privacy = privacy
        self.lang = lang
        self.page_size = page_size
        self.stamps = _Stamps(registry)
        self.objects: dict[str, dict[str, Any]] = {}
        self.lists: dict[str, list[dict[str, Any]]] = {}
        regions = registry.regions
        self.body_ids = [r.id for r in regions] or [_NO_REGION_BODY]
        self.bodies = _segments(self.body_ids)
        self.first_body = self.body_ids[0]
        self.staff = {member.id: member for member in registry.staff}
        self.people = _segments(self.staff) if privacy == "internal" else {}
        taking_part = self._taking_part()
        self.org_ids = [o.id for o in registry.offices] + [n.id for n in registry.networks]
        self.org_ids += [o.id for o in registry.organizations]
        self.org_ids += [c.id for c in registry.carriers if c.id in taking_part]
        self.orgs = _segments(self.org_ids)
        self.meetings = _segments(
            [m.id for m in registry.meetings] + [s.id for s in registry.series]
        )

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"

    def _taking_part(self) -> set[str]:
        """Ids named by a network (member, coordinator) or a meeting (organiser, partner)."""
        found: set[str] = set()
        for network in self.registry.networks:
            found.update(m.member for m in network.memberships if m.member is not None)
            if network.coordinator:
                found.add(network.coordinator)
        items: list[Meeting | MeetingSeries] = [*self.registry.meetings, *self.registry.series]
        for item in items:
            found.update(item.partners)
            if item.organiser:
                found.add(item.organiser)
        return found

    # -- lists ---------------------------------------------------------------------------

    def _listed(self, list_path: str, obj: dict[str, Any]) -> None:
        self.lists.setdefault(list_path, []).append(obj)

    def _body_list(self, body: str, kind: str) -> str:
        return f"body/{self.bodies[body]}/{kind}"

    # -- objects -------------------------------------------------------------------------

    def build(self) -> None:
        self._system()
        for body in self.body_ids:
            self._body(body)
        for office in self.registry.offices:
            self._organization(
                office.id,
                office.region,
                office.name,
                "Verwaltungsbereich",
                message("exports.oparl.office", self.lang),
                self.stamps.of(office.created, office.modified),
                website=office.url,
                address=office.address,
                start=office.established,
            )
        for network in self.registry.networks:
            self._organization(
                network.id,
                network.region,
                network.name,
                "Gremium",
                label(network.kind, self.lang),
                self.stamps.of(network.created, network.modified),
                parent=network.parent,
            )
        for organization in self.registry.organizations:
            self._organization(
                organization.id,
                None,
                organization.name,
                "Institution",
                label(organization.kind, self.lang),
                self.stamps.of(organization.created, organization.modified),
                website=organization.url,
                address=organization.address,
            )
        for carrier in self.registry.carriers:
            if carrier.id in self.orgs:
                self._organization(
                    carrier.id,
                    None,
                    carrier.name,
                    "Institution",
                    label(carrier.kind, self.lang),
                    self.stamps.of(carrier.created, carrier.modified),
                    website=carrier.url,
                    address=carrier.address,
                )
        if self.privacy == "internal":
            self._people()
        for meeting in self.registry.meetings:
            self._meeting(meeting)
        for series in self.registry.series:
            self._series(series)

    def _system(self) -> None:
        stamps = self.stamps.of(None, None)
        system: dict[str, Any] = {
            "id": self.url("system"),
            "type": oparl_type("System"),
            "oparlVersion": OPARL_VERSION,
            "name": self.registry.name,
            "body": self.url("body"),
        }
        office = next((o for o in self.registry.offices if o.email), None)
        if office is not None and office.email:
            system["contactEmail"] = office.email
            system["contactName"] = office.name
        self.objects["system"] = {**system, **stamps}

    def _body(self, body: str) -> None:
        path = f"body/{self.bodies[body]}"
        region = next((r for r in self.registry.regions if r.id == body), None)
        obj: dict[str, Any] = {
            "id": self.url(path),
            "type": oparl_type("Body"),
            "system": self.url("system"),
            "name": region.name if region else self.registry.name,
        }
        if region is not None:
            if region.key:
                obj["ags"] = region.key
            obj["classification"] = label(region.kind, self.lang)
        office = next(
            (o for o in self.registry.offices if region is None or o.region == region.id), None
        )
        if office is not None:
            if office.url and _safe_link(office.url):
                obj["website"] = office.url
            if office.email:
                obj["contactEmail"] = office.email
                obj["contactName"] = office.name
        for kind in ("organization", "person", "meeting", "paper"):
            obj[kind] = self.url(f"{path}/{kind}")
            self.lists.setdefault(f"{path}/{kind}", [])
        obj["legislativeTerm"] = []
        obj["locationList"] = self.url(f"{path}/location")
        self.lists.setdefault(f"{path}/location", [])
        stamps = self.stamps.of(*((region.created, region.modified) if region else (None, None)))
        obj.update(stamps)
        self.objects[path] = obj
        self._listed("body", obj)

    def _body_of_region(self, region: str | None) -> str:
        return region if region in self.bodies else self.first_body

    def _location(
        self,
        path: str,
        body: str,
        stamps: dict[str, str],
        *,
        name: str | None = None,
        address: Address | None = None,
        venue: Venue | None = None,
    ) -> dict[str, Any]:
        """A Location at ``path``, embedded where it is used and written on its own too."""
        parts: list[str] = []
        if venue is not None:
            name, address = venue.name, venue.address
        if name:
            parts.append(name)
        if address is not None and address.addition:
            parts.append(address.addition)
        if venue is not None and venue.mode is not VenueMode.IN_PERSON:
            link = _safe_link(venue.url)
            parts.append(
                message("exports.oparl.online-link", self.lang, url=link)
                if link
                else message("exports.oparl.online", self.lang)
            )
        obj: dict[str, Any] = {"id": self.url(path), "type": oparl_type("Location")}
        if parts:
            obj["description"] = "; ".join(parts)
        if address is not None:
            obj["streetAddress"] = address.street
            obj["postalCode"] = address.postal_code
            obj["locality"] = address.city
            if address.geo is not None:
                obj["geojson"] = {
                    "type": "Feature",
                    "geometry": {
                        "type": "Point",
                        "coordinates": [
                            float(address.geo.longitude),
                            float(address.geo.latitude),
                        ],
                    },
                    "properties": {},
                }
        obj.update(stamps)
        if path not in self.objects:
            self.objects[path] = obj
            self._listed(self._body_list(body, "location"), obj)
        return obj

    def _organization(
        self,
        ident: str,
        region: str | None,
        name: str,
        organization_type: str,
        classification: str,
        stamps: dict[str, str],
        *,
        parent: str | None = None,
        website: str | None = None,
        address: Address | None = None,
        start: date | None = None,
    ) -> None:
        path = f"organization/{self.orgs[ident]}"
        body = self._body_of_region(region)
        obj: dict[str, Any] = {
            "id": self.url(path),
            "type": oparl_type("Organization"),
            "body": self.url(f"body/{self.bodies[body]}"),
            "name": name,
        }
        if self.privacy == "internal":
            obj["membership"] = [self.url(p) for p in self._membership_paths(ident)]
        obj["meeting"] = self.url(f"{path}/meeting")
        self.lists.setdefault(f"{path}/meeting", [])
        if parent is not None and parent in self.orgs:
            obj["subOrganizationOf"] = self.url(f"organization/{self.orgs[parent]}")
        obj["organizationType"] = organization_type
        obj["classification"] = classification
        if start is not None:
            obj["startDate"] = start.isoformat()
        link = _safe_link(website)
        if link:
            obj["website"] = link
        if address is not None:
            obj["location"] = self._location(f"{path}/location", body, stamps, address=address)
        obj.update(stamps)
        self.objects[path] = obj
        self._listed(self._body_list(body, "organization"), obj)

    # -- people (internal only) ----------------------------------------------------------

    @cached_property
    def _memberships(self) -> list[tuple[str, str, Any]]:
        """(path, network id, membership) for every staff member's membership in a network;
        found once, since every network and every person asks."""
        found: list[tuple[str, str, Any]] = []
        for network in sorted(self.registry.networks, key=lambda n: n.id):
            taken: set[str] = set()
            for membership in network.memberships:
                if membership.member is None or membership.member not in self.staff:
                    continue
                name = segment(membership.member, taken)
                found.append((f"membership/{self.orgs[network.id]}/{name}", network.id, membership))
        return found

    def _membership_paths(self, network: str) -> list[str]:
        return [path for path, owner, _ in self._memberships if owner == network]

    def _people(self) -> None:
        by_person: dict[str, list[dict[str, Any]]] = {}
        networks = {n.id: n for n in self.registry.networks}
        for path, owner, membership in self._memberships:
            network = networks[owner]
            obj: dict[str, Any] = {
                "id": self.url(path),
                "type": oparl_type("Membership"),
                "person": self.url(f"person/{self.people[membership.member]}"),
                "organization": self.url(f"organization/{self.orgs[owner]}"),
                "role": membership.role,
            }
            if membership.start is not None:
                obj["startDate"] = membership.start.isoformat()
            if membership.end is not None:
                obj["endDate"] = membership.end.isoformat()
            obj.update(
                self.stamps.of(
                    membership.created or network.created, membership.modified or network.modified
                )
            )
            self.objects[path] = obj
            by_person.setdefault(membership.member, []).append(obj)
        for member in self.registry.staff:
            path = f"person/{self.people[member.id]}"
            person: dict[str, Any] = {
                "id": self.url(path),
                "type": oparl_type("Person"),
                "body": self.url(f"body/{self.bodies[self.first_body]}"),
                "name": member.name,
            }
            if member.email:
                person["email"] = [member.email]
            if member.phone:
                person["phone"] = [member.phone]
            if member.qualification:
                person["status"] = [member.qualification]
            person["membership"] = by_person.get(member.id, [])
            person.update(self.stamps.of(member.created, member.modified))
            self.objects[path] = person
            self._listed(self._body_list(self.first_body, "person"), person)

    # -- meetings ------------------------------------------------------------------------

    def _organizers(self, item: Meeting | MeetingSeries) -> list[str]:
        chosen: list[str] = []
        for ident in (item.network, item.organiser, *item.partners):
            if ident is not None and ident in self.orgs and ident not in chosen:
                chosen.append(ident)
        return chosen

    def _meeting_object(
        self,
        path: str,
        body: str,
        item: Meeting | MeetingSeries,
        *,
        name: str,
        state: str,
        cancelled: bool,
        start: datetime,
        end: datetime,
        location: dict[str, Any],
        stamps: dict[str, str],
    ) -> None:
        organizers = self._organizers(item)
        obj: dict[str, Any] = {
            "id": self.url(path),
            "type": oparl_type("Meeting"),
            "name": name,
            "meetingState": state,
            "cancelled": cancelled,
            "start": self.stamps.text(start),
            "end": self.stamps.text(end),
            "location": location,
            "organization": [self.url(f"organization/{self.orgs[o]}") for o in organizers],
        }
        if item.topics:
            obj["keyword"] = list(item.topics)
        obj.update(stamps)
        self.objects[path] = obj
        self._listed(self._body_list(body, "meeting"), obj)
        for organizer in organizers:
            self._listed(f"organization/{self.orgs[organizer]}/meeting", obj)

    def _region(self, item: Meeting | MeetingSeries) -> str | None:
        found = region_of(self.registry, item)
        return None if found is None else found.id

    def _meeting(self, meeting: Meeting) -> None:
        path = f"meeting/{self.meetings[meeting.id]}"
        body = self._body_of_region(self._region(meeting))
        stamps = self.stamps.of(meeting.created, meeting.modified)
        self._meeting_object(
            path,
            body,
            meeting,
            name=meeting.title,
            state=_STATE[meeting.status],
            cancelled=meeting.status is MeetingStatus.CANCELLED,
            start=meeting.start,
            end=meeting.end,
            location=self._location(f"{path}/location", body, stamps, venue=meeting.venue),
            stamps=stamps,
        )

    def _series(self, series: MeetingSeries) -> None:
        base = f"meeting/{self.meetings[series.id]}"
        body = self._body_of_region(self._region(series))
        edits: dict[date, list[datetime]] = {}
        for change in series.changes:
            if change.modified is not None:
                edits.setdefault(change.date, []).append(change.modified)
        found: tuple[Occurrence, ...] = occurrences(self.registry, series=series.id)
        for occurrence in found:
            if occurrence.status is OccurrenceStatus.SKIPPED:
                continue
            path = f"{base}/{occurrence.original.isoformat()}"
            stamps = self.stamps.of(
                series.created, series.modified, *edits.get(occurrence.original, ())
            )
            if occurrence.venue == series.venue:
                location = self._location(
                    f"{base}/location",
                    body,
                    self.stamps.of(series.created, series.modified),
                    venue=series.venue,
                )
            else:
                location = self._location(f"{path}/location", body, stamps, venue=occurrence.venue)
            self._meeting_object(
                path,
                body,
                series,
                name=occurrence.title,
                state="terminiert",
                cancelled=occurrence.status is OccurrenceStatus.CANCELLED,
                start=occurrence.start,
                end=occurrence.end,
                location=location,
                stamps=stamps,
            )

    # -- tombstones and pages ------------------------------------------------------------

    def tombstones(self, previous: Mapping[str, Any]) -> None:
        """Objects of an earlier export that are gone now, kept as ``deleted: true``.

        An earlier stub stays as it was; an object that just went keeps its ``created`` and
        takes the registry's ``modified`` when that is later than its own. At ``public``,
        earlier people and memberships are dropped, not kept: the public endpoint has none.
        """
        lists = {
            "Body": "body",
            "Organization": self._body_list(self.first_body, "organization"),
            "Person": self._body_list(self.first_body, "person"),
            "Meeting": self._body_list(self.first_body, "meeting"),
            "Location": self._body_list(self.first_body, "location"),
        }
        for path in sorted(previous):
            old = previous[path]
            if path in self.objects:
                continue
            kind = str(old["type"]).removeprefix(OPARL_VERSION)
            if self.privacy == "public" and kind in ("Person", "Membership"):
                continue
            if old.get("deleted") is True:
                stub = old
            else:
                modified = max(datetime.fromisoformat(old["modified"]), self.stamps.modified)
                stub = {
                    "id": old["id"],
                    "type": old["type"],
                    "created": old["created"],
                    "modified": self.stamps.text(modified),
                    "deleted": True,
                }
            self.objects[path] = stub
            if kind in lists:
                self._listed(lists[kind], stub)

    def pages(self) -> dict[str, dict[str, Any]]:
        """Every list, split into pages: the first at the list's URL, page n at ``/page/n``."""
        pages: dict[str, dict[str, Any]] = {}
        for path, items in self.lists.items():
            ordered = sorted(items, key=lambda obj: obj["id"])
            total = max(1, -(-len(ordered) // self.page_size))

            def page_path(number: int, path: str = path) -> str:
                return path if number == 1 else f"{path}/page/{number}"

            for number in range(1, total + 1):
                chunk = ordered[(number - 1) * self.page_size : number * self.page_size]
                links = {"first": self.url(page_path(1))}
                if number > 1:
                    links["prev"] = self.url(page_path(number - 1))
                if number < total:
                    links["next"] = self.url(page_path(number + 1))
                links["last"] = self.url(page_path(total))
                links["self"] = self.url(page_path(number))
                pages[page_path(number)] = {
                    "data": chunk,
                    "pagination": {
                        "totalElements": len(ordered),
                        "elementsPerPage": self.page_size,
                        "currentPage": number,
                        "totalPages": total,
                    },
                    "links": links,
                }
        return pages


def _encode(document: Mapping[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_oparl(
    registry: Registry,
    *,
    base_url: str,
    privacy: Privacy = DEFAULT_PRIVACY,
    lang: Lang = DEFAULT_LANG,
    previous: Mapping[str, Mapping[str, Any]] | None = None,
    page_size: int = PAGE_SIZE,
) -> dict[str, bytes]:
    """The endpoint's files: relative path (``organization/ak.json``) to bytes, sorted.

    ``previous`` holds the objects of an earlier export by their path without suffix (what
    :func:`read_previous` finds); those that are gone are written as ``deleted: true``.
    ``lang`` picks the words of classifications and location descriptions. Pure: the same
    arguments give the same bytes.
    """
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    builder = _Builder(registry, check_base_url(base_url), check_privacy(privacy), lang, page_size)
    builder.build()
    builder.tombstones(previous or {})
    documents: dict[str, Mapping[str, Any]] = {**builder.objects, **builder.pages()}
    return {f"{path}{SUFFIX}": _encode(documents[path]) for path in sorted(documents)}


def read_previous(folder: str | Path, base_url: str) -> dict[str, dict[str, Any]]:
    """The OParl objects an earlier export left in ``folder``, by path without suffix.

    Only a file whose object's ``id`` is exactly its own URL under ``base_url`` counts: lists,
    other files and objects of another base are not objects of this endpoint.
    """
    root = Path(folder)
    base = check_base_url(base_url)
    found: dict[str, dict[str, Any]] = {}
    if not root.is_dir():
        return found
    for file in sorted(root.rglob(f"*{SUFFIX}")):
        if not file.is_file() or file.is_symlink() or file.name.startswith("."):
            continue
        path = file.relative_to(root).as_posix()[: -len(SUFFIX)]
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if (
            isinstance(document, dict)
            and document.get("id") == f"{base}/{path}"
            and str(document.get("type", "")).startswith(OPARL_VERSION)
            and _moment(document.get("created"))
            and _moment(document.get("modified"))
        ):
            found[path] = document
    return found


def _moment(value: object) -> bool:
    """Whether ``value`` is an ISO date-time with an offset, as this exporter writes them."""
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _ours(document: object) -> bool:
    """A file this exporter wrote: an OParl 1.1 object or one of its list pages."""
    if not isinstance(document, dict):
        return False
    if str(document.get("type", "")).startswith(OPARL_VERSION):
        return True
    return isinstance(document.get("data"), list) and isinstance(document.get("pagination"), dict)


def write_oparl(
    registry: Registry,
    folder: str | Path,
    *,
    base_url: str,
    privacy: Privacy = DEFAULT_PRIVACY,
    lang: Lang = DEFAULT_LANG,
    page_size: int = PAGE_SIZE,
) -> list[Path]:
    """Write the endpoint into ``folder`` (created when missing) and return the files written.

    An earlier export there is read first, so objects that are gone stay as ``deleted:
    true``. Each file is written atomically, so a web server never serves half an object;
    afterwards the files of the earlier export that this one no longer has (pages of a list
    that shrank, people at ``public``) are removed. Other files are left alone.
    """
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    root = root.resolve()
    files = to_oparl(
        registry,
        base_url=base_url,
        privacy=privacy,
        lang=lang,
        previous=read_previous(root, base_url),
        page_size=page_size,
    )
    targets = [(_inside(root, name), payload) for name, payload in files.items()]
    written: list[Path] = []
    for target, payload in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, payload)
        written.append(target)
    keep = set(written)
    for stale in sorted(root.rglob(f"*{SUFFIX}")):
        if stale in keep or not stale.is_file() or stale.is_symlink():
            continue
        try:
            document = json.loads(stale.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if _ours(document):
            stale.unlink()
            _prune(stale.parent, root)
    return written


def _prune(folder: Path, root: Path) -> None:
    """Remove ``folder`` and its parents up to ``root`` while they are empty."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _inside(root: Path, name: str) -> Path:
    """``root / name`` for a relative path of safe segments; anything else is refused.

    A folder on the way that is a symlink is refused too, since writing through it would
    leave ``root``; the file itself is replaced by the rename, never followed.
    """
    parts = name.split("/")
    if any(not part or part in (".", "..") or "\\" in part for part in parts):
        raise ValueError(f"{name!r} would leave {root}")
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise ValueError(f"{name!r} would leave {root} through the link {folder}")
    return root.joinpath(*parts)
