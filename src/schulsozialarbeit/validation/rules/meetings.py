"""Meetings and series: what a feed needs to tell people where to go and when."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

from ...errors import InvalidRuleError
from ...model import HolidayPolicy, VenueMode
from ...scheduling import candidate_dates, rule_dates
from ...scheduling.holidays import school_holidays_known
from ...scheduling.index import registry_index
from ..codes import issue
from ..issues import Context, Issue
from .contact import is_web_url
from .places import venues

_ONLINE = (VenueMode.ONLINE, VenueMode.HYBRID)
_IN_PERSON = (VenueMode.IN_PERSON, VenueMode.HYBRID)


def venue_details(context: Context) -> Iterator[Issue]:
    """A link for those who join online, a place for those who come; hybrid needs both.

    Only https: a meeting link travels in public feeds and opens a video room.
    """
    for entity, path, venue in venues(context.registry):
        if venue.mode in _ONLINE and not (venue.url and is_web_url(venue.url, ("https",))):
            yield issue("online-venue-without-url", entity, f"{path}.url")
        if venue.mode in _IN_PERSON and not venue.name and venue.address is None:
            yield issue("venue-without-place", entity, f"{path}.name")


def attendance_over_capacity(context: Context) -> Iterator[Issue]:
    """A warning, not an error: rooms do overflow, but more often a digit was mistyped."""
    for i, meeting in enumerate(context.registry.meetings):
        capacity, attendance = meeting.capacity, meeting.attendance
        if capacity is not None and attendance is not None and attendance > capacity:
            path = f"meetings[{i}].attendance"
            yield issue(
                "attendance-over-capacity",
                meeting.id,
                path,
                attendance=attendance,
                capacity=capacity,
            )


def series_dates(context: Context) -> Iterator[Issue]:
    """The rule is expanded as the feed will carry it: DTSTART local to the registry's zone.

    With a zoned DTSTART, RFC 5545 wants an UNTIL inside the rule in UTC; dateutil enforces
    it. The expansion is the bounded one scheduling does, up to the series' own horizon, so
    a rule that would make a feed fail (too many dates, a frequency finer than a day) is
    reported here, and one that gives no date at all is not left to look empty in a feed.
    """
    zone = ZoneInfo(context.registry.timezone)
    for i, series in enumerate(context.registry.series):
        path = f"series[{i}].rrule"
        if series.rrule is None:
            if not series.dates:
                yield issue("series-without-dates", series.id, path)
            continue
        try:
            found = rule_dates(series, zone)
        except InvalidRuleError as error:
            yield issue("invalid-rrule", series.id, path, rrule=series.rrule, detail=error.detail)
            continue
        if not found and not (series.until is not None and series.until < series.first):
            # An until before first is end-before-start's to report.
            yield issue("rrule-without-dates", series.id, path, rrule=series.rrule)


def series_changes(context: Context) -> Iterator[Issue]:
    """A change names the original date of an occurrence; on any other date it does nothing.

    That is almost always a typo or a date already moved, so it is worth a warning: the
    meeting the office meant to cancel would otherwise still appear in every feed.
    """
    for i, series in enumerate(context.registry.series):
        if not series.changes:
            continue
        try:
            last = max(change.date for change in series.changes)
            found = candidate_dates(series, timezone=context.registry.timezone, last=last)
            originals = set(found)
        except InvalidRuleError:
            continue  # reported as invalid-rrule
        for k, change in enumerate(series.changes):
            if change.date not in originals:
                path = f"series[{i}].changes[{k}].date"
                yield issue("series-change-unmatched", series.id, path, date=change.date)


#: How far ahead an open-ended series is looked at: the year an office plans.
_PLANNED = timedelta(days=366)


def school_holidays_unknown(context: Context) -> Iterator[Issue]:
    """Dates in a year without known school holidays are scheduled as if there were none.

    The package's tables end a few years ahead and the registry may add later ones; a
    series that runs past both would meet in the summer holidays without anyone noticing,
    so the first such year is named. An open-ended rule runs for ten years by default: only
    the year ahead of the reference date is looked at, or of its first date when later.
    """
    registry = context.registry
    index = registry_index(registry)
    for i, series in enumerate(registry.series):
        if series.on_holiday is HolidayPolicy.KEEP:
            continue  # it meets on holidays as on any day: unknown ones change nothing
        bounded = series.rrule is None or series.count is not None or series.until is not None
        last = None if bounded else max(context.as_of, series.first) + _PLANNED
        try:
            found = candidate_dates(series, timezone=registry.timezone, last=last)
        except InvalidRuleError:
            continue  # reported as invalid-rrule
        periods = index.periods(index.region_of(series), series.venue.school)
        for year in sorted({day.year for day in found}):
            added = any(p.start.year <= year <= p.end.year for p in periods)
            if not added and not school_holidays_known(year):
                field = "until" if series.until else "count" if series.count else "rrule"
                path = f"series[{i}].{field if series.rrule else 'dates'}"
                yield issue("school-holidays-unknown", series.id, path, year=year)
                break
