"""Ends before starts, wherever something has both.

Whole days are inclusive (a one-day membership is fine), so they only need ``end >= start``;
times of day and date-times describe a span that must have a length, so ``end > start``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from typing import TypeVar

from ..codes import issue
from ..issues import Context, Issue

_Moment = TypeVar("_Moment", date, time)


def _check(
    entity: str, path: str, start: _Moment | None, end: _Moment | None, *, whole_days: bool
) -> Iterator[Issue]:
    if start is None or end is None:
        return
    if end < start or (end == start and not whole_days):
        yield issue("end-before-start", entity, path, start=start, end=end)


def end_before_start(context: Context) -> Iterator[Issue]:
    registry = context.registry
    for i, position in enumerate(registry.positions):
        path = f"positions[{i}].end"
        yield from _check(position.id, path, position.start, position.end, whole_days=True)
    for i, network in enumerate(registry.networks):
        for k, membership in enumerate(network.memberships):
            path = f"networks[{i}].memberships[{k}].end"
            yield from _check(network.id, path, membership.start, membership.end, whole_days=True)
    for i, period in enumerate(registry.holidays):
        path = f"holidays[{i}].end"
        yield from _check(period.id, path, period.start, period.end, whole_days=True)
    for i, meeting in enumerate(registry.meetings):
        path = f"meetings[{i}].end"
        yield from _check(meeting.id, path, meeting.start, meeting.end, whole_days=False)
    for i, series in enumerate(registry.series):
        until_path, end_path = f"series[{i}].until", f"series[{i}].end_time"
        yield from _check(series.id, until_path, series.first, series.until, whole_days=True)
        yield from _check(series.id, end_path, series.start_time, series.end_time, whole_days=False)
    for i, office in enumerate(registry.offices):
        for k, hours in enumerate(office.opening_hours):
            path = f"offices[{i}].opening_hours[{k}].closes"
            yield from _check(office.id, path, hours.opens, hours.closes, whole_days=False)
