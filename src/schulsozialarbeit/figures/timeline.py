"""Development over time: the key figures at two dates side by side, over a run of dates, and
what changed in between.

Everything here is computed from the dates in the registry, by the same :func:`key_figures`
that answers for one date, so a comparison or a history agrees, date for date, with
``report --as-of`` at each of its dates. Three rules make the dates honest:

- An assignment or a holder without dates of its own counts for the whole life of its
  position (:meth:`Position.on`); :class:`Coverage` counts them, and every report says so.
- A registry cannot answer for a date before its first recorded position start: its figures
  there would be zeros that look like facts. Such a date has no figures (``None``), and the
  reports say why instead of showing numbers. A registry with a position without ``start``
  answers for every date (that position has always existed, as far as it knows).
- The change list compares the two dates' states, not the events in between: a position
  started and ended between them does not appear, as it changed neither date's figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from attrs import frozen
from dateutil.relativedelta import relativedelta

from ..model import Position, Registry
from .counts import KeyFigures, key_figures
from .step import STEPS, Step

#: A figure's value: a count, a decimal, or (an extra figure of a plugin) a short text.
FigureValue = int | Decimal | str
_MONTHS: dict[Step, int] = {"year": 12, "half-year": 6, "month": 1}
#: Computes the key figures at a date: :func:`key_figures`, or the plugins' version of it.
FiguresAt = Callable[[date], KeyFigures]
#: What a position change in :class:`PositionChange` can be.
ChangeKind = Literal["started", "ended", "changed"]
_PERCENT = Decimal("0.1")


@frozen(kw_only=True)
class Coverage:
    """What the registry can say about time: from when, and how much of it is undated.

    ``first`` is the earliest position start; None when the registry has no positions, or
    :data:`date.min` when a position has no start (it has always existed, as far as the
    registry knows).
    """

    first: date | None
    undated_assignments: int
    undated_holders: int

    def answers(self, day: date) -> bool:
        """Whether the registry's figures on ``day`` are facts, not zeros for lack of data."""
        return self.first is not None and self.first <= day


def coverage(registry: Registry) -> Coverage:
    """The :class:`Coverage` of ``registry``."""
    starts = [position.start for position in registry.positions]
    first = None if not starts else min(date.min if day is None else day for day in starts)
    return Coverage(
        first=first,
        undated_assignments=sum(
            1 for p in registry.positions for a in p.assignments if not a.dated
        ),
        undated_holders=sum(
            1 for p in registry.positions if p.holder is not None and not p.holder_dated
        ),
    )


@frozen(kw_only=True)
class ComparedFigure:
    """One key figure at both dates and its change (``later`` minus ``earlier``).

    ``group`` is the figure's table (``totals``, ``school-forms``, ``carriers``,
    ``carrier-kinds``, ``funding``, ``extra``); ``item`` the row in it (a school form, a
    carrier id, a carrier kind or ``unknown``, a funding source, an extra figure's key; empty
    for the totals); ``measure`` the column (``staff``, ``fte``, ``schools``, ...).
    A value is None where the registry cannot answer for the date or the figure has no value
    then (pupils per FTE without pupils); ``change`` is None then, and for texts.
    """

    group: str
    item: str
    measure: str
    earlier: FigureValue | None
    later: FigureValue | None
    change: int | Decimal | None


@frozen(kw_only=True)
class PositionChange:
    """A position that started, ended or changed between two dates. ``aspects`` of a
    changed one: ``filled``, ``vacated``, ``holder`` (another holder: never who) and
    ``schools`` (other schools or shares)."""

    position: str
    kind: ChangeKind
    aspects: tuple[str, ...] = ()


@frozen(kw_only=True)
class Named:
    """A school or carrier in a change list: its id for machines, its name for people."""

    id: str
    name: str


@frozen(kw_only=True)
class Changes:
    """What differs between the registry's state on ``start`` and on ``end``, sorted by id."""

    start: date
    end: date
    positions: tuple[PositionChange, ...]
    schools_gained: tuple[Named, ...]
    schools_lost: tuple[Named, ...]
    carriers_joined: tuple[Named, ...]
    carriers_left: tuple[Named, ...]


@frozen(kw_only=True)
class Comparison:
    """The key figures at ``as_of`` beside those at ``earlier``, and what changed between.

    ``earlier`` is usually the earlier date; if it is not, every change is still the value
    at ``as_of`` minus the value at ``earlier``. A side's figures are None where the
    registry cannot answer for its date (:class:`Coverage`).
    """

    as_of: date
    earlier: date
    figures: KeyFigures | None
    earlier_figures: KeyFigures | None
    rows: tuple[ComparedFigure, ...]
    changes: Changes
    coverage: Coverage


@frozen(kw_only=True)
class History:
    """The key figures on ``start`` and every ``every`` after it up to ``end`` inclusive;
    each point's figures are None where the registry cannot answer for its date."""

    start: date
    end: date
    every: Step
    points: tuple[tuple[date, KeyFigures | None], ...]
    coverage: Coverage


def _values(figures: KeyFigures) -> Iterator[tuple[tuple[str, str, str], FigureValue | None]]:
    """Every key figure, flat, in report order, each keyed by group, item and measure."""
    yield ("totals", "", "staff"), figures.staff
    yield ("totals", "", "fte"), figures.fte
    yield ("totals", "", "schools"), figures.schools
    yield ("totals", "", "schools-with-social-work"), figures.schools_with_social_work
    yield ("totals", "", "positions"), figures.positions
    yield ("totals", "", "vacant-positions"), figures.vacant_positions
    yield ("totals", "", "vacant-fte"), figures.vacant_fte
    yield ("totals", "", "pupils-per-fte"), figures.pupils_per_fte
    for form in figures.by_school_form:
        yield ("school-forms", form.form.value, "schools"), form.schools
        yield (
            ("school-forms", form.form.value, "schools-with-social-work"),
            (form.schools_with_social_work),
        )
        yield ("school-forms", form.form.value, "fte"), form.fte
    for carrier in figures.by_carrier:
        yield ("carriers", carrier.carrier, "positions"), carrier.positions
        yield ("carriers", carrier.carrier, "staff"), carrier.staff
        yield ("carriers", carrier.carrier, "fte"), carrier.fte
    for kind in figures.by_carrier_kind:
        name = "unknown" if kind.kind is None else kind.kind.value
        yield ("carrier-kinds", name, "positions"), kind.positions
        yield ("carrier-kinds", name, "staff"), kind.staff
        yield ("carrier-kinds", name, "fte"), kind.fte
    for funding in figures.by_funding:
        yield ("funding", funding.source, "positions"), funding.positions
        yield ("funding", funding.source, "fte"), funding.fte
    for extra in figures.extra:
        yield ("extra", extra.key, "value"), extra.value


def _absent(key: tuple[str, str, str]) -> FigureValue | None:
    """A row missing at one date: zero for counts of a breakdown (no positions of that source
    then), None where there is no number (a plugin's figure, pupils per FTE)."""
    group, _, measure = key
    if group == "extra" or measure == "pupils-per-fte":
        return None
    return Decimal(0) if measure in ("fte", "vacant-fte") else 0


def _change(earlier: FigureValue | None, later: FigureValue | None) -> int | Decimal | None:
    if isinstance(earlier, str) or isinstance(later, str) or earlier is None or later is None:
        return None
    return later - earlier


def compare_figures(
    figures: KeyFigures | None, earlier: KeyFigures | None
) -> tuple[ComparedFigure, ...]:
    """Every key figure of either side, in report order, beside the other and its change."""
    later_values = dict(_values(figures)) if figures is not None else {}
    earlier_values = dict(_values(earlier)) if earlier is not None else {}
    keys = list(dict.fromkeys([*later_values, *earlier_values]))
    rows = []
    for key in keys:
        old = earlier_values.get(key, _absent(key)) if earlier is not None else None
        new = later_values.get(key, _absent(key)) if figures is not None else None
        rows.append(
            ComparedFigure(
                group=key[0],
                item=key[1],
                measure=key[2],
                earlier=old,
                later=new,
                change=_change(old, new),
            )
        )
    return tuple(rows)


def changes(registry: Registry, start: date, end: date) -> Changes:
    """What differs between the registry's state on ``start`` and on ``end``.

    Positions by id: started (active on ``end`` only), ended (active on ``start`` only),
    changed (active on both, with another holder or other schools). Schools that gained or
    lost social work (a held position assigned, as in the key figures); carriers that
    joined or left (at least one active position). No holder is named, only that one
    changed.
    """
    started: list[PositionChange] = []
    for position in registry.positions:
        before, after = position.active_on(start), position.active_on(end)
        if after and not before:
            started.append(PositionChange(position=position.id, kind="started"))
        elif before and not after:
            started.append(PositionChange(position=position.id, kind="ended"))
        elif before and after:
            aspects = _aspects(position.on(start), position.on(end))
            if aspects:
                started.append(
                    PositionChange(position=position.id, kind="changed", aspects=aspects)
                )
    order: dict[ChangeKind, int] = {"started": 0, "ended": 1, "changed": 2}
    positions = sorted(started, key=lambda change: (order[change.kind], change.position))
    served_before = set(registry.held_fte_by_school(start))
    served_after = set(registry.held_fte_by_school(end))
    carriers_before = {p.carrier for p in registry.positions if p.active_on(start)}
    carriers_after = {p.carrier for p in registry.positions if p.active_on(end)}
    schools = {school.id: school.name for school in reversed(registry.schools)}
    carriers = {carrier.id: carrier.name for carrier in reversed(registry.carriers)}

    def named(ids: set[str], names: dict[str, str]) -> tuple[Named, ...]:
        """An id that names nothing (a validation error) shows as itself."""
        return tuple(Named(id=key, name=names.get(key, key)) for key in sorted(ids))

    return Changes(
        start=start,
        end=end,
        positions=tuple(positions),
        schools_gained=named(served_after - served_before, schools),
        schools_lost=named(served_before - served_after, schools),
        carriers_joined=named(carriers_after - carriers_before, carriers),
        carriers_left=named(carriers_before - carriers_after, carriers),
    )


def _aspects(before: Position, after: Position) -> tuple[str, ...]:
    """How one position differs between two dates, without naming anyone."""
    aspects = []
    if before.holder is None and after.holder is not None:
        aspects.append("filled")
    elif before.holder is not None and after.holder is None:
        aspects.append("vacated")
    elif before.holder != after.holder:
        aspects.append("holder")
    shares = {(a.school, a.fte) for a in before.assignments}
    if shares != {(a.school, a.fte) for a in after.assignments}:
        aspects.append("schools")
    return tuple(aspects)


def _figures_at(registry: Registry, figures_at: FiguresAt | None) -> FiguresAt:
    if figures_at is not None:
        return figures_at
    return lambda day: key_figures(registry, as_of=day)


def compare(
    registry: Registry,
    *,
    as_of: date,
    earlier: date,
    figures_at: FiguresAt | None = None,
) -> Comparison:
    """The key figures of ``registry`` at ``as_of`` beside those at ``earlier``.

    ``figures_at`` computes the figures at a date; the default is :func:`key_figures`, and
    the command line passes the plugins' version so their extra figures are compared too.
    The change list runs from the earlier of the two dates to the later one.
    """
    known = coverage(registry)
    compute = _figures_at(registry, figures_at)
    later_figures = compute(as_of) if known.answers(as_of) else None
    earlier_figures = compute(earlier) if known.answers(earlier) else None
    first, last = sorted((earlier, as_of))
    return Comparison(
        as_of=as_of,
        earlier=earlier,
        figures=later_figures,
        earlier_figures=earlier_figures,
        rows=compare_figures(later_figures, earlier_figures),
        changes=changes(registry, first, last),
        coverage=known,
    )


def steps(start: date, end: date, every: Step = "year") -> tuple[date, ...]:
    """``start`` and every ``every`` after it up to ``end``: each date counted from
    ``start``, so a month step from the 31st gives each month's last day (31 Jan, 28 Feb,
    31 Mar), never drifting to the 28th."""
    if every not in _MONTHS:
        raise ValueError(f"unknown step {every!r}; use one of {STEPS}")
    days = []
    count = 0
    while (day := start + relativedelta(months=count * _MONTHS[every])) <= end:
        days.append(day)
        count += 1
    return tuple(days)


def history(
    registry: Registry,
    *,
    start: date,
    end: date,
    every: Step = "year",
    figures_at: FiguresAt | None = None,
) -> History:
    """The key figures on ``start`` and each step after it up to ``end`` (see :func:`steps`)."""
    if end < start:
        raise ValueError(f"the history ends ({end}) before it starts ({start})")
    known = coverage(registry)
    compute = _figures_at(registry, figures_at)
    points = tuple(
        (day, compute(day) if known.answers(day) else None) for day in steps(start, end, every)
    )
    return History(start=start, end=end, every=every, points=points, coverage=known)


def coverage_percent(figures: KeyFigures) -> Decimal | None:
    """The share of schools with social work in percent, one place; None without schools."""
    if figures.schools == 0:
        return None
    share = Decimal(100 * figures.schools_with_social_work) / Decimal(figures.schools)
    return share.quantize(_PERCENT, rounding=ROUND_HALF_UP)


__all__ = [
    "STEPS",
    "Changes",
    "ComparedFigure",
    "Comparison",
    "Coverage",
    "FiguresAt",
    "History",
    "Named",
    "PositionChange",
    "Step",
    "changes",
    "compare",
    "compare_figures",
    "coverage",
    "coverage_percent",
    "history",
    "steps",
]
