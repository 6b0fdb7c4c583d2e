"""Occurrences of a meeting series: its dates, and for each skipped or moved one, why.

A series produces candidate dates (its rule and explicit dates); NRW public and school
holidays, a district's blackout days and the series' own changes decide what becomes of
each. The semantics are documented in ``docs/scheduling.md``; this module is pure: the same
series, window and blackouts give the same occurrences on every run, without the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from operator import attrgetter
from typing import TypeVar
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from ..errors import InvalidRuleError, UnknownSeriesError
from ..files.limits import MAX_COUNT
from ..i18n import DEFAULT_LANG, Lang, Text, format_date, message
from ..i18n.labels import label
from ..i18n.text import json_text
from ..model import (
    ChangeAction,
    HolidayPolicy,
    Meeting,
    MeetingSeries,
    OccurrenceChange,
    Region,
    Registry,
)
from ..model.checks import rule_parts
from ..model.registry import DEFAULT_TIMEZONE
from .holidays import added_days, closed_days
from .index import registry_index
from .occurrence import Occurrence, OccurrenceStatus

#: How far a holiday may push an occurrence before it is skipped: the longest NRW school
#: holidays (summer, six weeks) plus a margin, so a moved date still belongs near its place.
MAX_SHIFT = timedelta(weeks=8)

#: How far an open-ended rule is expanded when no ``end`` is asked for. A bound keeps the
#: function total; ten years covers any plan an office makes, and callers can pass ``end``.
OPEN_END = timedelta(days=3653)

#: The furthest any series reaches past its ``first`` date, whatever its count, until or
#: the window asked for: thirty years, so that a weekly series of a thousand dates fits.
MAX_SPAN = timedelta(days=10_958)

#: The most dates a rule may give up to its horizon; a rule that would give more is refused.
#: Ten years of weekly meetings are 522 dates, a thousand counted ones a thousand.
MAX_DATES = 2_000

#: The frequencies a meeting series needs; finer ones would make thousands of dates a day.
FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY")

#: The largest INTERVAL: every thousandth day, week, month or year.
MAX_INTERVAL = 1_000

_T = TypeVar("_T")

#: Local days without meetings: given, or asked for the range being scheduled.
Blackouts = Mapping[date, str] | Callable[[date, date], Mapping[date, str]]


def occurrences(
    registry_or_series: Registry | MeetingSeries,
    *,
    series: str | None = None,
    start: date | None = None,
    end: date | None = None,
    blackouts: Blackouts | None = None,
    timezone: str | None = None,
) -> tuple[Occurrence, ...]:
    """Every occurrence of a series whose original or actual date lies in ``[start, end]``.

    ``blackouts`` are local days without meetings, with the reason: a mapping, or a function
    of the first and last day scheduled that returns one (plugins answer for a range). A
    registry's own holiday periods and the movable days of the school a series meets at
    close days as the package's school holidays do.
    Sorted by start, then original date. Raises ``UnknownSeriesError`` for a series id the
    registry lacks and ``InvalidRuleError`` for an RRULE that does not parse.
    """
    chosen, zone = _select(registry_or_series, series, timezone)
    candidates = _candidates(chosen, zone, _horizon(chosen, start, end))
    if not candidates:
        return ()
    closed: Mapping[date, str] = {}
    if chosen.on_holiday is not HolidayPolicy.KEEP:  # a kept series needs no holiday tables
        last = _later(candidates[-1], MAX_SHIFT)
        local = blackouts(candidates[0], last) if callable(blackouts) else blackouts
        added = None
        if isinstance(registry_or_series, Registry):
            index = registry_index(registry_or_series)
            region, school = index.region_of(chosen), chosen.venue.school
            added = added_days(index, region, school, candidates[0], last)
        closed = closed_days(candidates[0], last, local or {}, added)
    return tuple(_resolve(chosen, zone, candidates, closed, start, end))


def candidate_dates(
    series: MeetingSeries, *, timezone: str | None = None, last: date | None = None
) -> tuple[date, ...]:
    """The dates the rule and the explicit dates produce, before holidays and changes.

    They are the ``original`` dates of what :func:`occurrences` returns without a window,
    found without the holiday tables, which cost far more than the dates themselves.
    With ``last``, only those up to that day: a ten-year rule need not be expanded to
    check a date in its first year.
    """
    zone = ZoneInfo(timezone or DEFAULT_TIMEZONE)
    horizon = _horizon(series, None, None)
    if last is not None:
        horizon = last if horizon is None else min(horizon, last)
    return tuple(_candidates(series, zone, horizon))


def series_region(registry: Registry, series: str) -> Region | None:
    """The region a series meets in, for its local blackout days.

    Its network's region, else the region of the office that organises it, else the
    registry's region when it has only one; None when nothing says.
    """
    chosen, _ = _select(registry, series, None)
    return registry_index(registry).region_of(chosen)


def region_of(registry: Registry, item: Meeting | MeetingSeries) -> Region | None:
    """The region a meeting or series belongs to: its network's region, else the region of
    the office that organises it, else the registry's region when it has only one."""
    return registry_index(registry).region_of(item)


def _select(
    registry_or_series: Registry | MeetingSeries, series: str | None, timezone: str | None
) -> tuple[MeetingSeries, ZoneInfo]:
    """A registry names its zone and holds many series; a bare series needs both from the caller."""
    if isinstance(registry_or_series, MeetingSeries):
        if series is not None:
            raise TypeError("series= is for a Registry; a MeetingSeries is already chosen")
        return registry_or_series, ZoneInfo(timezone or DEFAULT_TIMEZONE)
    if series is None:
        raise TypeError("series= is required when a Registry is given")
    if timezone is not None:
        raise TypeError("timezone= is for a bare MeetingSeries; a Registry brings its own")
    chosen = registry_index(registry_or_series).series.get(series)
    if chosen is None:
        raise UnknownSeriesError(series)
    return chosen, ZoneInfo(registry_or_series.timezone)


def _horizon(series: MeetingSeries, start: date | None, end: date | None) -> date | None:
    """The last candidate date worth generating, or None when the series bounds itself.

    Candidates up to ``MAX_SHIFT`` past the window still count: a date moved into the window
    must not land on a day they occupy. A change can pull any candidate into the window.
    """
    if end is not None:
        return _later(max([end, *(change.date for change in series.changes)]), MAX_SHIFT)
    if series.rrule is not None and series.count is None and series.until is None:
        return _later(start or series.first, OPEN_END)
    return None


def _later(day: date, step: timedelta) -> date:
    """``day + step``, or the last day ``date`` holds: never an OverflowError."""
    try:
        return day + step
    except OverflowError:
        return date.max


def _parse(series: MeetingSeries, zone: ZoneInfo) -> rrule:
    """The series' rule for dateutil, refused before dateutil is asked for dates it cannot
    give in bounded time: a text that is not one RRULE line, a frequency finer than a day,
    INTERVAL below one or COUNT outside 1 to ``MAX_COUNT``.
    """
    text = series.rrule or ""
    parts = rule_parts(text)
    if parts is None:
        raise _invalid(series, Text("rule-not-one-line"))
    if parts["FREQ"] not in FREQUENCIES:
        raise _invalid(series, Text("rule-frequency", allowed=", ".join(FREQUENCIES)))
    for name, largest in (("INTERVAL", MAX_INTERVAL), ("COUNT", MAX_COUNT)):
        value = parts.get(name, "1")
        if not (value.isdigit() and len(value) < 8 and 1 <= int(value) <= largest):
            raise _invalid(series, Text("rule-number", part=name, limit=largest))
    dtstart = datetime.combine(series.first, series.start_time, tzinfo=zone)
    try:
        rule = rrulestr(text, dtstart=dtstart)
    except (ValueError, TypeError, OverflowError) as error:
        raise InvalidRuleError(series.id, text, str(error)) from None
    if not isinstance(rule, rrule):  # pragma: no cover - one RRULE line gives one rrule
        raise _invalid(series, Text("rule-not-one-line"))
    return rule


def _invalid(series: MeetingSeries, why: Text) -> InvalidRuleError:
    return InvalidRuleError(series.id, series.rrule or "", why)


class _PastHorizon(Exception):
    """dateutil has looked at more days than lie before the horizon: no date is left in it."""


class _Budget:
    """Counts the days and months dateutil looks at, and stops it past the horizon.

    dateutil searches on until it finds a date or reaches the year 9999: a rule whose
    filters match no day (February 30th) would take seconds a series. It takes BYEASTER, a
    part no series may use, as a flag it tests for every month it prepares and every day
    it has not ruled out yet; standing in for that flag, this counts each test and raises
    once more days were tested than lie before the horizon. Always false, it changes no date.
    """

    def __init__(self, limit: int) -> None:
        self.left = limit

    def __bool__(self) -> bool:
        self.left -= 1
        if self.left < 0:
            raise _PastHorizon
        return False


def rule_dates(series: MeetingSeries, zone: ZoneInfo, last: date | None = None) -> list[date]:
    """The dates the rule alone gives from ``first`` up to ``last`` and its count, bounded.

    Without ``last``, up to the series' own horizon: its ``until``, else ten years
    (``OPEN_END``) for an open rule; never further than ``MAX_SPAN`` past ``first``. The
    search costs at most a pass over the days up to there; more than ``MAX_DATES`` dates
    raise InvalidRuleError, as does a rule :func:`_parse` refuses.
    """
    rule = _parse(series, zone)
    if last is None:
        open_end = series.count is None and series.until is None
        last = series.until or (_later(series.first, OPEN_END) if open_end else date.max)
    last = min(last, _later(series.first, MAX_SPAN))
    # Its count, or one date too many to report: one test a date for both.
    most = MAX_DATES + 1 if series.count is None else min(series.count, MAX_DATES + 1)
    step = _fixed_step(series)
    if step is not None:
        days = range(series.first.toordinal(), last.toordinal() + 1, step)[:most]
        found = [date.fromordinal(day) for day in days]
    else:
        found = _searched(series, rule, last, most)
    if len(found) > MAX_DATES:
        why = Text("rule-too-many-dates", limit=MAX_DATES, first=series.first, last=last)
        raise _invalid(series, why)
    return found


#: BYDAY's names of the days, in the order of ``date.weekday()``.
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _fixed_step(series: MeetingSeries) -> int | None:
    """The days from one date to the next of a rule that meets every n days, or every n
    weeks on the weekday of ``first``; None for any other rule.

    Such a rule's dates are ``first`` and every step after it, whatever WKST says. Most
    series are weekly: counting their dates instead of having dateutil test each day of
    each week takes a twentieth of the time, and gives the same dates.
    """
    parts = rule_parts(series.rrule or "")
    if parts is None or not parts.keys() <= {"FREQ", "INTERVAL", "BYDAY", "WKST"}:
        return None
    interval = int(parts.get("INTERVAL", "1"))  # a whole number, as _parse checked
    if parts["FREQ"] == "DAILY" and "BYDAY" not in parts:
        return interval
    if parts["FREQ"] == "WEEKLY" and parts.get("BYDAY") in (None, _BYDAY[series.first.weekday()]):
        return 7 * interval
    return None


def _searched(series: MeetingSeries, rule: rrule, last: date, most: int) -> list[date]:
    """The rule's dates as dateutil finds them, up to ``last`` and at most ``most``."""
    span = max((last - series.first).days, 0)
    rule._byeaster = _Budget(2 * span + 800)  # type: ignore[attr-defined]  # see _Budget
    found: list[date] = []
    try:
        for instance in rule:
            day = instance.date()
            if day > last or len(found) >= most:
                break
            found.append(day)
    except _PastHorizon:
        pass
    except (ValueError, OverflowError) as error:
        raise InvalidRuleError(series.id, series.rrule or "", str(error)) from None
    return found


def _candidates(series: MeetingSeries, zone: ZoneInfo, horizon: date | None) -> list[date]:
    """The rule's dates and the explicit ones, from ``first``, within until, count and horizon.

    Count takes the earliest candidates of both sources together; a horizon cuts the rule
    and the dates alike, so the first ``count`` of what remains are the first of the whole.
    """
    last = min((d for d in (series.until, horizon) if d is not None), default=None)
    found = [d for d in series.dates if d >= series.first and (last is None or d <= last)]
    if series.rrule is not None:
        found += rule_dates(series, zone, date.max if last is None else last)
    # The rule's dates come in order: sorting finds them one run, where the order of a set
    # had to be sorted from scratch.
    ordered = list(dict.fromkeys(sorted(found)))
    return ordered if series.count is None else ordered[: series.count]


def _resolve(
    series: MeetingSeries,
    zone: ZoneInfo,
    candidates: Sequence[date],
    closed: Mapping[date, str],
    start: date | None,
    end: date | None,
) -> list[Occurrence]:
    """Those whose original or actual date lies in ``[start, end]``, by start, then original.

    Changes first, then the holiday policy, so a move never lands where the series meets.
    Dates kept or placed by a change occupy their day before any holiday move is searched;
    holiday moves are then placed in original order, each taking its day in turn.
    """
    changes: dict[date, list[OccurrenceChange]] = {}
    for change in series.changes:
        changes.setdefault(change.date, []).append(change)
    place = _Placer(series, zone)
    resolved: list[Occurrence] = []  # the plain ones: in order, as their dates are
    placed: list[Occurrence] = []  # the others, by change or holiday, in any order
    occupied: set[date] = set()
    blocked: list[date] = []
    # Most dates have no change and no closed day: built only within the window, they occupy
    # their day regardless.
    low, high = start or date.min, end or date.max
    scheduled = place.scheduled
    for original in candidates:
        if original not in changes:
            if original in closed:
                blocked.append(original)
                continue
            occupied.add(original)
            if low <= original <= high:
                resolved.append(scheduled(original))
            continue
        edits: Sequence[OccurrenceChange] = changes[original]
        new_start = _last(c.start for c in edits if c.action is ChangeAction.MOVE)
        if any(c.action is ChangeAction.CANCEL for c in edits):
            note = _last(c.note for c in edits)
            reason = (
                Text("occurrence-cancelled", original=original)
                if note is None
                else Text("occurrence-cancelled-note", original=original, note=note)
            )
            placed.append(place(original, original, OccurrenceStatus.CANCELLED, reason, edits))
        elif new_start is not None:
            begin = new_start.astimezone(zone)
            reason = Text("occurrence-moved-by-change", original=original)
            placed.append(place(original, begin, OccurrenceStatus.MOVED, reason, edits))
            occupied.add(begin.date())
        elif original in closed:
            blocked.append(original)
        else:
            placed.append(place(original, original, OccurrenceStatus.SCHEDULED, None, edits))
            occupied.add(original)
    reached: dict[int, date] = {}
    for original in blocked:
        edits, why = changes.get(original, ()), closed[original]
        latest = min(d for d in (_later(original, MAX_SHIFT), series.until) if d is not None)
        target = _free_day(original, latest, series.on_holiday, closed, occupied, reached)
        if target is None:
            reason = (
                Text("occurrence-skipped", closed=why)
                if series.on_holiday is HolidayPolicy.SKIP
                else Text("occurrence-no-free-day", closed=why, latest=latest)
            )
            placed.append(place(original, original, OccurrenceStatus.SKIPPED, reason, edits))
        else:
            occupied.add(target)
            reason = Text("occurrence-moved", original=original, closed=why)
            placed.append(place(original, target, OccurrenceStatus.MOVED, reason, edits))
    placed = [occurrence for occurrence in placed if _in_window(occurrence, start, end)]
    if not placed:
        return resolved
    return sorted(resolved + placed, key=attrgetter("start", "original"))


def _free_day(
    original: date,
    latest: date,
    policy: HolidayPolicy,
    closed: Mapping[date, str],
    occupied: set[date],
    reached: dict[int, date],
) -> date | None:
    """The first allowed day after ``original`` up to ``latest``, or None to skip.

    ``latest`` is ``MAX_SHIFT`` on, or the series' ``until`` when sooner: a series that ends
    does not meet after its end because a holiday came first.

    Weekends are ruled out only when moving to the next weekday: a series that meets on a
    Saturday by rule may keep meeting on Saturdays a week later.

    ``reached`` holds where the searches of a series stopped, for each day the step can
    land on: the days before were closed or taken, and stay so, as dates are searched in
    original order and only ever take days. So the dates in a six-week holiday pass over it
    once together, not once each.
    """
    if policy is HolidayPolicy.SKIP:
        return None
    days = 1 if policy is HolidayPolicy.NEXT_WEEKDAY else 7
    step, lane = timedelta(days=days), original.toordinal() % days
    day = original + step
    day = max(day, reached.get(lane, day))
    while day <= latest:
        weekday_ok = policy is HolidayPolicy.NEXT_WEEK or day.weekday() < 5
        if weekday_ok and day not in closed and day not in occupied:
            break
        day += step
    reached[lane] = day
    return day if day <= latest else None


class _Placer:
    """Builds the occurrences of one series: times stay local wall-clock times across DST."""

    def __init__(self, series: MeetingSeries, zone: ZoneInfo) -> None:
        self.series = series
        self.zone = zone
        self.duration = _duration(series.start_time, series.end_time)
        # The day the meeting ends on, after its start day: the next one when it runs past
        # midnight, as _duration has it.
        self.end_day = timedelta(days=1 if series.end_time <= series.start_time else 0)

    def _times(self, day: date) -> tuple[datetime, datetime]:
        """Start and end of a meeting on ``day`` at the series' wall-clock times."""
        series, zone = self.series, self.zone
        return (
            datetime.combine(day, series.start_time, zone),
            datetime.combine(day + self.end_day, series.end_time, zone),
        )

    def scheduled(self, day: date) -> Occurrence:
        """``day`` as the series has it, no change and no closed day touching it: what
        ``self(day, day, SCHEDULED, None, ())`` gives, in fewer steps, for most dates."""
        start, end = self._times(day)
        series = self.series
        return Occurrence(
            series=series.id,
            original=day,
            start=start,
            end=end,
            status=OccurrenceStatus.SCHEDULED,
            title=series.title,
            venue=series.venue,
        )

    def __call__(
        self,
        original: date,
        when: date | datetime,
        status: OccurrenceStatus,
        reason: Text | None,
        edits: Sequence[OccurrenceChange],
    ) -> Occurrence:
        """``when`` is a day at the series' start time, or the exact start a change gave."""
        series, zone = self.series, self.zone
        if isinstance(when, datetime):
            begin = when.replace(tzinfo=None)
            start, end = begin.replace(tzinfo=zone), (begin + self.duration).replace(tzinfo=zone)
        else:  # the same wall-clock times, without the arithmetic
            start, end = self._times(when)
        return Occurrence(
            series=series.id,
            original=original,
            start=start,
            end=end,
            status=status,
            title=(_last(c.title for c in edits) if edits else None) or series.title,
            venue=(_last(c.venue for c in edits) if edits else None) or series.venue,
            reason=reason,
            note=_last(c.note for c in edits) if edits else None,
        )


def _duration(start: time, end: time) -> timedelta:
    """Wall-clock length; an end at or before the start means the meeting runs past midnight."""
    day = date(2000, 1, 1)
    length = datetime.combine(day, end) - datetime.combine(day, start)
    return length if length > timedelta(0) else length + timedelta(days=1)


def _last(values: Iterable[_T | None]) -> _T | None:
    """The last value a change sets: later changes of the same date override earlier ones."""
    found: _T | None = None
    for value in values:
        if value is not None:
            found = value
    return found


def _in_window(occurrence: Occurrence, start: date | None, end: date | None) -> bool:
    """Whether the original or the actual date lies in ``[start, end]``."""
    original, actual = occurrence.original, occurrence.start.date()
    return ((start is None or start <= original) and (end is None or original <= end)) or (
        (start is None or start <= actual) and (end is None or actual <= end)
    )


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def occurrence_line(occurrence: Occurrence, lang: Lang = DEFAULT_LANG) -> str:
    """One line for people: "Mi 30.10.2019 15:00–17:00  findet statt", or why not.

    A cancellation's note is already in its reason; any other note follows the status.
    """
    start, end = occurrence.start, occurrence.end
    weekday = message(f"weekday-short.{_WEEKDAYS[start.weekday()]}", lang)
    when = f"{weekday} {format_date(start.date(), lang)} {start:%H:%M}–{end:%H:%M}"
    what = occurrence.reason_text(lang) or label(occurrence.status, lang)
    if occurrence.note and occurrence.status is not OccurrenceStatus.CANCELLED:
        what += f" – {occurrence.note}"
    return f"{when}  {what}"


def occurrence_record(occurrence: Occurrence, lang: Lang = DEFAULT_LANG) -> dict[str, str | None]:
    """The JSON shape of SPEC.md; the same as :meth:`Occurrence.to_dict`."""
    return occurrence.to_dict(lang)


def occurrences_json(series: str, found: Iterable[Occurrence], lang: Lang = DEFAULT_LANG) -> str:
    """The occurrences of ``series`` as the JSON text ``occurrences --format json`` prints."""
    records = [occurrence.to_dict(lang) for occurrence in found]
    return json_text({"series": series, "occurrences": records})
