"""Positions and their shares: the numbers every FTE figure is summed from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from ...model import Position
from ..codes import issue
from ..issues import Context, Issue

_FULL_TIME = Decimal(1)


def fte_out_of_range(context: Context) -> Iterator[Issue]:
    """One position is at most one full-time job; more is two positions."""
    for i, position in enumerate(context.registry.positions):
        if not 0 < position.fte <= _FULL_TIME:
            yield issue("fte-out-of-range", position.id, f"positions[{i}].fte", fte=position.fte)


def assignment_fte_not_positive(context: Context) -> Iterator[Issue]:
    for i, position in enumerate(context.registry.positions):
        for k, assignment in enumerate(position.assignments):
            if assignment.fte <= 0:
                path = f"positions[{i}].assignments[{k}].fte"
                yield issue("assignment-fte-not-positive", position.id, path, fte=assignment.fte)


def assignment_shares(context: Context) -> Iterator[Issue]:
    """Figures by school add up shares, figures by carrier add up positions: both must agree."""
    for i, position in enumerate(context.registry.positions):
        path = f"positions[{i}].assignments"
        if not position.assignments:
            yield issue("position-without-assignments", position.id, path)
            continue
        if any(a.dated for a in position.assignments):
            yield from _dated_shares(position, path)
            continue
        total = sum((a.fte for a in position.assignments), Decimal(0))
        if total != position.fte:
            yield issue("assignment-sum-mismatch", position.id, path, total=total, fte=position.fte)


def _dated_shares(position: Position, path: str) -> Iterator[Issue]:
    """Shares of dated assignments must add up on every day of the position's life; they
    only change where an assignment starts or the day after one ends, so those days and the
    position's first day are all that need checking."""
    days = {a.start for a in position.assignments if a.start is not None}
    days |= {a.end + timedelta(days=1) for a in position.assignments if a.end is not None}
    first = position.start or min(days)
    days.add(first)
    for day in sorted(d for d in days if d >= first and position.active_on(d)):
        total = sum((a.fte for a in position.assignments if a.active_on(day)), Decimal(0))
        if total != position.fte:
            yield issue(
                "assignment-sum-mismatch-on",
                position.id,
                path,
                day=day,
                total=total,
                fte=position.fte,
            )
            return


def annual_costs(context: Context) -> Iterator[Issue]:
    """A year's costs are entered once and are not negative: an application or a proof of
    use sums them, and a second entry for a year would leave one of them unread."""
    for i, position in enumerate(context.registry.positions):
        seen: set[int] = set()
        for k, costs in enumerate(position.costs):
            path = f"positions[{i}].costs[{k}]"
            if costs.year in seen:
                yield issue("costs-year-twice", position.id, f"{path}.year", year=costs.year)
            seen.add(costs.year)
            for part in ("personnel", "material"):
                amount = getattr(costs, part)
                if amount is not None and amount < 0:
                    yield issue("cost-negative", position.id, f"{path}.{part}", amount=amount)


def staff_over_full_time(context: Context) -> Iterator[Issue]:
    """Held positions are counted at the reference date only, so a handover does not count twice.

    A holder that is unknown or not a staff member is left to the reference rules.
    """
    held: dict[str, list[str]] = defaultdict(list)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for position in context.registry.positions:
        if position.holder is not None and position.active_on(context.as_of):
            held[position.holder].append(position.id)
            totals[position.holder] += position.fte
    for holder, total in totals.items():
        target = context.by_id.get(holder)
        if total > _FULL_TIME and target is not None and target.collection == "staff":
            yield issue(
                "staff-over-full-time",
                holder,
                target.path,
                total=total,
                as_of=context.as_of,
                positions=", ".join(held[holder]),
            )
