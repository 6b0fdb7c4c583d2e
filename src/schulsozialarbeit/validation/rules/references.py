"""References: every id a field names must exist and be an entity of the kind the field means."""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import Text
from ...model import Meeting, MeetingSeries, Registry
from ..codes import issue
from ..issues import Context, Issue

_NETWORK_COORDINATORS = ("offices", "organizations", "staff")
_MEMBERS = ("schools", "staff", "organizations", "carriers", "offices")
_ORGANISERS = ("offices", "organizations")

#: (entity id, path of the field, the id it names, the collections that id may come from)
Reference = tuple[str, str, str, tuple[str, ...]]


def _event_references(base: str, event: Meeting | MeetingSeries) -> Iterator[Reference]:
    if event.venue.school is not None:
        yield event.id, f"{base}.venue.school", event.venue.school, ("schools",)
    for k, change in enumerate(event.changes if isinstance(event, MeetingSeries) else ()):
        if change.venue is not None and change.venue.school is not None:
            path = f"{base}.changes[{k}].venue.school"
            yield event.id, path, change.venue.school, ("schools",)
    if event.organiser is not None:
        yield event.id, f"{base}.organiser", event.organiser, _ORGANISERS
    if event.network is not None:
        yield event.id, f"{base}.network", event.network, ("networks",)
    for k, partner in enumerate(event.partners):
        yield event.id, f"{base}.partners[{k}]", partner, ("organizations",)


def references(registry: Registry) -> Iterator[Reference]:
    """Every reference in the registry; the one list of which field may name what."""
    for i, school in enumerate(registry.schools):
        yield school.id, f"schools[{i}].region", school.region, ("regions",)
        if school.district is not None:
            yield school.id, f"schools[{i}].district", school.district, ("districts",)
        if school.source is not None:
            yield school.id, f"schools[{i}].source", school.source, ("sources",)
    for i, district in enumerate(registry.districts):
        yield district.id, f"districts[{i}].region", district.region, ("regions",)
    for i, position in enumerate(registry.positions):
        yield position.id, f"positions[{i}].carrier", position.carrier, ("carriers",)
        if position.holder is not None:
            yield position.id, f"positions[{i}].holder", position.holder, ("staff",)
        for k, assignment in enumerate(position.assignments):
            path = f"positions[{i}].assignments[{k}].school"
            yield position.id, path, assignment.school, ("schools",)
    for i, office in enumerate(registry.offices):
        yield office.id, f"offices[{i}].region", office.region, ("regions",)
    for i, network in enumerate(registry.networks):
        yield network.id, f"networks[{i}].region", network.region, ("regions",)
        if network.district is not None:
            yield network.id, f"networks[{i}].district", network.district, ("districts",)
        if network.coordinator is not None:
            path = f"networks[{i}].coordinator"
            yield network.id, path, network.coordinator, _NETWORK_COORDINATORS
        if network.parent is not None:
            yield network.id, f"networks[{i}].parent", network.parent, ("networks",)
        for k, membership in enumerate(network.memberships):
            yield network.id, f"networks[{i}].memberships[{k}].member", membership.member, _MEMBERS
    for i, period in enumerate(registry.holidays):
        if period.region is not None:
            yield period.id, f"holidays[{i}].region", period.region, ("regions",)
        if period.school is not None:
            yield period.id, f"holidays[{i}].school", period.school, ("schools",)
    for i, meeting in enumerate(registry.meetings):
        yield from _event_references(f"meetings[{i}]", meeting)
    for i, series in enumerate(registry.series):
        yield from _event_references(f"series[{i}]", series)


def _kind(collection: str) -> Text:
    return Text(f"kind-{collection}")


def _one_of(collections: tuple[str, ...]) -> Text:
    """ "a school or a carrier", in the reader's language, from the collections allowed."""
    if len(collections) == 1:
        return _kind(collections[0])
    kinds = {name: _kind(c) for name, c in zip("abcde", collections, strict=False)}
    return Text(f"one-of-{len(collections)}", **kinds)


def unknown_references(context: Context) -> Iterator[Issue]:
    for entity, path, ref, _ in references(context.registry):
        if ref not in context.by_id:
            yield issue("unknown-reference", entity, path, ref=ref)


def wrong_reference_kinds(context: Context) -> Iterator[Issue]:
    for entity, path, ref, allowed in references(context.registry):
        target = context.by_id.get(ref)
        if target is not None and target.collection not in allowed:
            found = _kind(target.collection)
            yield issue(
                "wrong-reference-kind",
                entity,
                path,
                ref=ref,
                found=found,
                expected=_one_of(allowed),
            )
