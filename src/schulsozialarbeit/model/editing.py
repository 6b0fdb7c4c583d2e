"""The edits a coordination office makes most, each a function that returns a new registry.

Each is effective from a date, so the past stays as it was: the figures of last year's
council report come out the same after this year's change. A position whose FTE changes
is ended the day before and continued by a new position from that day; an assignment
that moves ends, and a new one begins. An edit that cannot be made as asked raises
:class:`EditError` with the reason, and changes nothing.

Given ``modified``, an edit sets it on every entity it changes or adds, so a feed's
Last-Modified and an OParl client see the change (docs/format.md, change timestamps).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Context, Decimal, Inexact

from attrs import evolve

from ..errors import EditError, UnknownIdError
from .registry import Registry
from .schools import School
from .staffing import Assignment, Position, StaffMember

_DAY = timedelta(days=1)
#: Rescaled shares are exact or refused: a share of 1/3 would have no end.
_EXACT = Context(prec=28, traps=[Inexact])


def _span(value: date | None) -> str:
    return "…" if value is None else value.isoformat()


def _position_on(registry: Registry, position_id: str, on: date) -> Position:
    position = registry.get(position_id, Position)
    if not position.active_on(on):
        raise EditError(
            "edit-not-active",
            position=position_id,
            date=on,
            start=_span(position.start),
            end=_span(position.end),
        )
    return position


def _continuation_id(registry: Registry, position: Position, on: date) -> str:
    new_id = f"{position.id}-{on:%Y%m%d}"
    try:
        registry.get(new_id)
    except UnknownIdError:
        return new_id
    raise EditError("edit-id-taken", id=new_id)


def _rescaled(
    position: Position, assignments: tuple[Assignment, ...], fte: Decimal
) -> tuple[Assignment, ...]:
    try:
        return tuple(
            evolve(a, fte=_EXACT.divide(_EXACT.multiply(a.fte, fte), position.fte))
            for a in assignments
        )
    except (Inexact, ArithmeticError):
        shares = ", ".join(f"{a.school} {a.fte}" for a in assignments)
        raise EditError(
            "edit-shares-inexact", position=position.id, shares=shares, fte=fte
        ) from None


def _given_shares(
    position: Position, assignments: tuple[Assignment, ...], shares: Mapping[str, Decimal]
) -> tuple[Assignment, ...]:
    assigned = sorted({a.school for a in assignments})
    if sorted(shares) != assigned:
        raise EditError(
            "edit-shares-mismatch",
            position=position.id,
            given=", ".join(sorted(shares)),
            assigned=", ".join(assigned),
        )
    return tuple(evolve(a, fte=shares[a.school]) for a in assignments)


def change_fte(
    registry: Registry,
    position_id: str,
    fte: Decimal,
    *,
    on: date,
    shares: Mapping[str, Decimal] | None = None,
    modified: datetime | None = None,
) -> Registry:
    """The position's FTE is ``fte`` from ``on``; until the day before, it stays as it was.

    A position that begins on ``on`` changes in place. Otherwise it ends the day before
    and a new position ``<id>-YYYYMMDD`` continues it from ``on``: same carrier, holder
    and funding, the assignments running then with their shares rescaled to the new FTE
    (0.5 at each of two schools become 0.25 each for 0.5 in all). Shares that cannot be
    rescaled exactly are refused with the reason (``edit-shares-inexact``); give them as
    ``shares``, by school id. Whether ``fte`` fits (above 0, at most 1) is validation's.
    """
    position = _position_on(registry, position_id, on)
    running = tuple(a for a in position.assignments if a.end is None or a.end >= on)
    new_shares = (
        _rescaled(position, running, fte)
        if shares is None
        else _given_shares(position, running, shares)
    )
    if position.start == on:
        kept = tuple(a for a in position.assignments if a not in running)
        changed = evolve(
            position,
            fte=fte,
            assignments=(*kept, *new_shares),
            modified=modified or position.modified,
        )
        return registry.replace(changed)
    holder = position.holder
    if position.holder_until is not None and position.holder_until < on:
        holder = None
    continued = evolve(
        position,
        id=_continuation_id(registry, position, on),
        fte=fte,
        start=on,
        assignments=tuple(
            evolve(a, start=None if a.start is None or a.start <= on else a.start)
            for a in new_shares
        ),
        holder=holder,
        holder_since=position.holder_since if holder and position.holder_since else None,
        holder_until=position.holder_until if holder else None,
        created=modified,
        modified=modified,
    )
    ended = _ended(position, on - _DAY, modified)
    return registry.replace(ended).add(continued)


def _ended(position: Position, last: date, modified: datetime | None) -> Position:
    """The position ending on ``last``, its assignments and holder no longer than it."""
    return evolve(
        position,
        end=last,
        assignments=tuple(
            evolve(a, end=last) if a.end is None or a.end > last else a
            for a in position.assignments
            if a.start is None or a.start <= last
        ),
        holder_until=(
            last
            if position.holder_until is not None and position.holder_until > last
            else position.holder_until
        ),
        modified=modified or position.modified,
    )


def end_position(
    registry: Registry, position_id: str, *, on: date, modified: datetime | None = None
) -> Registry:
    """The position ends on ``on`` (its last day, inclusive): from the next day it counts
    nowhere, up to it everywhere as before. An assignment or holder period running longer
    ends with it; one that starts after it is dropped, as it never began."""
    position = _position_on(registry, position_id, on)
    return registry.replace(_ended(position, on, modified))


def move_assignment(
    registry: Registry,
    position_id: str,
    school: str,
    to: str,
    *,
    on: date,
    modified: datetime | None = None,
) -> Registry:
    """The position's work at ``school`` moves to the school ``to`` from ``on``, with the
    same share: the assignment at ``school`` ends the day before, a new one at ``to``
    begins on ``on`` (and ends when the old one would have). An assignment that begins on
    ``on`` only changes its school. ``to`` must be a school of the registry."""
    position = _position_on(registry, position_id, on)
    try:
        registry.get(to, School)
    except UnknownIdError:
        raise EditError("edit-not-a-school", school=to) from None
    found = [a for a in position.assignments if a.school == school and a.active_on(on)]
    if not found:
        raise EditError("edit-no-assignment", position=position_id, school=school, date=on)
    moving = found[0]
    moved = evolve(moving, school=to, start=on, concept=None)
    if moving.start == on:
        replacement: tuple[Assignment, ...] = (evolve(moving, school=to, concept=None),)
    else:
        replacement = (evolve(moving, end=on - _DAY), moved)
    index = position.assignments.index(moving)
    assignments = (
        *position.assignments[:index],
        *replacement,
        *position.assignments[index + 1 :],
    )
    return registry.replace(
        evolve(position, assignments=assignments, modified=modified or position.modified)
    )


def forget_staff_member(
    registry: Registry, staff_id: str, *, modified: datetime | None = None
) -> Registry:
    """Erase a person under DSGVO Art. 17: the staff member and every reference to them.

    Positions they held stay, vacant for the time they held them (the FTE and its
    figures stay right, without a person); memberships stay, without a member; a network
    they coordinated has no coordinator. Nothing personal remains: no name, no id.
    """
    registry.get(staff_id, StaffMember)
    positions = tuple(
        evolve(
            p,
            holder=None,
            holder_since=None,
            holder_until=None,
            modified=modified or p.modified,
        )
        if p.holder == staff_id
        else p
        for p in registry.positions
    )
    networks = tuple(
        evolve(
            n,
            coordinator=None if n.coordinator == staff_id else n.coordinator,
            memberships=tuple(
                evolve(m, member=None, modified=modified or m.modified)
                if m.member == staff_id
                else m
                for m in n.memberships
            ),
            modified=modified or n.modified,
        )
        if n.coordinator == staff_id or any(m.member == staff_id for m in n.memberships)
        else n
        for n in registry.networks
    )
    staff = tuple(s for s in registry.staff if s.id != staff_id)
    return evolve(
        registry,
        staff=staff,
        positions=positions,
        networks=networks,
        modified=modified or registry.modified,
    )
