"""Where the registry keeps venues and addresses, so format and venue rules look in one place."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Address, Registry, Venue


def venues(registry: Registry) -> Iterator[tuple[str, str, Venue]]:
    """(entity, path, venue) of every meeting, series and moved occurrence."""
    for i, meeting in enumerate(registry.meetings):
        yield meeting.id, f"meetings[{i}].venue", meeting.venue
    for i, series in enumerate(registry.series):
        yield series.id, f"series[{i}].venue", series.venue
        for k, change in enumerate(series.changes):
            if change.venue is not None:
                yield series.id, f"series[{i}].changes[{k}].venue", change.venue


def addresses(registry: Registry) -> Iterator[tuple[str, str, Address]]:
    """(entity, path, address) of every entity and venue that has one."""
    for collection, index, entity in registry.entities():
        address = getattr(entity, "address", None)
        if isinstance(address, Address):
            yield entity.id, f"{collection}[{index}].address", address
    for entity_id, path, venue in venues(registry):
        if venue.address is not None:
            yield entity_id, f"{path}.address", venue.address


def contact_values(registry: Registry, field: str) -> Iterator[tuple[str, str, str]]:
    """(entity, path, value) of ``field`` (email, phone, url) on entities and their contacts."""
    for collection, index, entity in registry.entities():
        base = f"{collection}[{index}]"
        value = getattr(entity, field, None)
        if isinstance(value, str):
            yield entity.id, f"{base}.{field}", value
        for k, contact in enumerate(getattr(entity, "contacts", ())):
            value = getattr(contact, field, None)
            if isinstance(value, str):
                yield entity.id, f"{base}.contacts[{k}].{field}", value
