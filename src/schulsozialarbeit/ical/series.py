"""A meeting series as events: one per occurrence, or one recurring event with exceptions.

Both forms must describe exactly the occurrences that scheduling reports, as every client
reads them. The recurring form is therefore built from those occurrences, not from the
series' rule alone: the rule is re-anchored on the first occurrence and bounded by the last
(UNTIL in UTC, since DTSTART carries a TZID), rule dates that do not take place become
EXDATEs, and every occurrence that differs from the series (moved, cancelled, another
title, venue or note) gets an override with a RECURRENCE-ID. The result is expanded once
more with dateutil and compared with the occurrences.

A series is written expanded instead, even in ``rrule`` mode, when Outlook could not map it:
a rule outside its patterns, explicit dates (Outlook imports an RDATE only as the partner of
an EXDATE, [MS-OXCICAL] 2.1.3.1.1.20.18), moves that reorder or overlap instances, or
instants that need UTC (a zone without a hand-written VTIMEZONE).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import attrs
from attrs import frozen
from dateutil.rrule import rrule, rruleset, rrulestr

from ..model import ChangeAction, Meeting, MeetingSeries, Registry
from ..scheduling import Occurrence, OccurrenceStatus
from .events import Entry, uid
from .timezones import covers

#: The largest COUNT Outlook maps to its own recurrence patterns.
MAX_COUNT = 999
_FREQUENCIES = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
_UNMAPPED = ("BYYEARDAY", "BYWEEKNO", "BYHOUR", "BYMINUTE", "BYSECOND")


@frozen(kw_only=True)
class Planned:
    """An event to write, what it was made from, and its recurrence properties if any."""

    entry: Entry
    source: Meeting | Occurrence | MeetingSeries
    rrule: str | None = None
    exdates: tuple[datetime, ...] = ()
    recurrence_id: datetime | None = None


def sequence(series: MeetingSeries, occurrence: Occurrence) -> int:
    """The series' revision, the changes naming the occurrence's date, and one if the holiday
    policy moved it."""
    if not series.changes:  # most series: nothing to look through
        return series.revision + (occurrence.status is OccurrenceStatus.MOVED)
    changes = [c for c in series.changes if c.date == occurrence.original]
    by_policy = occurrence.status is OccurrenceStatus.MOVED and not any(
        c.action is ChangeAction.MOVE for c in changes
    )
    return series.revision + len(changes) + by_policy


def occurrence_entry(series: MeetingSeries, occurrence: Occurrence, *, uid: str) -> Entry:
    """The event of one occurrence: its own ``uid``, or the recurring event's for an override
    of it."""
    reason = occurrence.reason_text()
    notes = [reason] if reason else []
    if occurrence.note and (reason is None or occurrence.note not in reason):
        notes.append(occurrence.note)
    cancelled = occurrence.status is OccurrenceStatus.CANCELLED
    return Entry(
        uid=uid,
        kind=series.kind,
        title=occurrence.title,
        start=occurrence.start,
        end=occurrence.end,
        venue=occurrence.venue,
        status="CANCELLED" if cancelled else "CONFIRMED",
        sequence=sequence(series, occurrence),
        first=occurrence.original,
        organiser=series.organiser,
        network=series.network,
        topics=series.topics,
        partners=series.partners,
        notes=tuple(notes),
    )


def rule_parts(rule: str) -> dict[str, list[str]]:
    """The rule's parts by name (``BYDAY`` -> ``["WE"]``), without an ``RRULE:`` prefix."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    parts: dict[str, list[str]] = {}
    for part in filter(None, text.split(";")):
        name, _, value = part.partition("=")
        parts[name.strip().upper()] = [v.strip() for v in value.split(",")]
    return parts


def _mappable(series: MeetingSeries, parts: dict[str, list[str]]) -> bool:
    """Whether Outlook maps the rule to one of its patterns (see docs/feeds.md)."""
    counts = [*parts.get("COUNT", []), *([str(series.count)] if series.count is not None else [])]
    try:
        return (
            all(f.upper() in _FREQUENCIES for f in parts.get("FREQ", []))
            and all(int(c) <= MAX_COUNT for c in counts)
            and all(int(p) > 0 for p in parts.get("BYSETPOS", []))
            and all(int(d) > 0 for d in parts.get("BYMONTHDAY", []))
            and not any(part in parts for part in _UNMAPPED)
        )
    except ValueError:
        return False


def _for_ical_js(parts: dict[str, list[str]]) -> dict[str, list[str]] | None:
    """The rule in a form ical.js 1.5 expands correctly, or None if there is none.

    ical.js 1.5 (bundled by ical-expander, behind many web calendars) mishandles a MONTHLY
    rule with BYMONTH whenever DTSTART's month is not the first listed: it refuses the whole
    feed ("Same occurrence found twice") or adds dates. A YEARLY rule with the same BYMONTH
    gives the same dates (RFC 5545 3.3.10: an ordinal BYDAY then counts within the month) and
    it reads that correctly. BYSETPOS picks from a month's set but from a year's set in a
    YEARLY rule, so only its common use, one weekday and one position, is moved into BYDAY
    (``BYDAY=WE;BYSETPOS=3`` is ``BYDAY=3WE``); INTERVAL counts months, not years. Any other
    such rule is written expanded. The caller compares the dates of the result with the
    occurrences, so a rewrite can never change what a client shows.
    """
    if [f.upper() for f in parts.get("FREQ", [])] != ["MONTHLY"] or "BYMONTH" not in parts:
        return parts
    if parts.get("INTERVAL", ["1"]) != ["1"]:
        return None
    rewritten = {**parts, "FREQ": ["YEARLY"]}
    if "BYSETPOS" in parts:
        days, positions = parts.get("BYDAY", []), parts["BYSETPOS"]
        if "BYMONTHDAY" in parts or len(days) != 1 or len(positions) != 1:
            return None
        if not days[0].isalpha() or not positions[0].isdigit():
            return None
        del rewritten["BYSETPOS"]
        rewritten["BYDAY"] = [f"{int(positions[0])}{days[0].upper()}"]
    return rewritten


class _Plan:
    """Start times of a series' dates, as the series itself would place them."""

    def __init__(self, series: MeetingSeries, zone: ZoneInfo) -> None:
        self.series = series
        self.zone = zone

    def start(self, day: date) -> datetime:
        return datetime.combine(day, self.series.start_time, tzinfo=self.zone)

    def end(self, day: date) -> datetime:
        begin, finish = self.start(day), datetime.combine(day, self.series.end_time)
        if finish.replace(tzinfo=self.zone) <= begin:
            finish += timedelta(days=1)
        return finish.replace(tzinfo=self.zone)

    def is_plain(self, occurrence: Occurrence) -> bool:
        """Whether the occurrence is just the series on its date: no override needed."""
        return (
            occurrence.status is OccurrenceStatus.SCHEDULED
            and occurrence.start == self.start(occurrence.original)
            and occurrence.end == self.end(occurrence.original)
            and occurrence.title == self.series.title
            and occurrence.venue == self.series.venue
            and occurrence.note is None
        )


def _dates(rule: str, start: datetime, last: date) -> set[date]:
    found: set[date] = set()
    for moment in rrulestr(rule, dtstart=start):
        if moment.date() > last:
            break
        found.add(moment.date())
    return found


def _in_order(found: Sequence[Occurrence]) -> bool:
    """Whether moves keep the instances in order, one a day, without overlap, as Outlook needs.

    Outlook stores an exception only if it starts after the previous instance ends and ends
    before the next one starts ([MS-OXOCAL] PidLidAppointmentRecur).
    """
    taking = sorted(
        (o for o in found if o.status is not OccurrenceStatus.SKIPPED), key=lambda o: o.original
    )
    return all(
        before.end <= after.start and before.start.date() < after.start.date()
        for before, after in pairwise(taking)
    )


def recurring(
    registry: Registry, series: MeetingSeries, found: Sequence[Occurrence]
) -> list[Planned] | None:
    """One recurring event and its overrides, or None where the series must be expanded."""
    plan = _Plan(series, ZoneInfo(registry.timezone))
    held = sorted({o.original for o in found if o.status is not OccurrenceStatus.SKIPPED})
    if not held:
        return []
    first, last = held[0], held[-1]
    if series.rrule is None:
        return None
    parts = rule_parts(series.rrule)
    if not _mappable(series, parts) or first not in _dates(
        series.rrule, plan.start(series.first), first
    ):
        return None
    readable = _for_ical_js(parts)
    if readable is None:
        return None
    until = plan.start(last).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = [f"{k}={','.join(v)}" for k, v in readable.items() if k not in ("COUNT", "UNTIL")]
    rule_text = ";".join([*kept, f"UNTIL={until}"])
    parsed = rrulestr(rule_text, dtstart=plan.start(first))
    dates = _dates(rule_text, plan.start(first), last)
    excluded = sorted(dates - set(held))
    if (
        not isinstance(parsed, rrule)
        or not set(held) <= dates
        or not all(covers(plan.start(d)) and covers(plan.end(d)) for d in dates)
        or not _in_order(found)
    ):
        return None
    check = rruleset()
    check.rrule(parsed)
    for day in excluded:
        check.exdate(plan.start(day))
    if [moment.date() for moment in check] != held:
        return None
    master_uid = uid(registry, "series", series.id)
    total = sum(sequence(series, o) for o in found)
    master = Entry(
        uid=master_uid,
        kind=series.kind,
        title=series.title,
        start=plan.start(first),
        end=plan.end(first),
        venue=series.venue,
        status="CONFIRMED",
        sequence=total,
        first=first,
        organiser=series.organiser,
        network=series.network,
        topics=series.topics,
        partners=series.partners,
    )
    planned = [
        Planned(
            entry=master,
            source=series,
            rrule=rule_text,
            exdates=tuple(plan.start(d) for d in excluded),
        )
    ]
    for occurrence in found:
        if occurrence.status is OccurrenceStatus.SKIPPED or plan.is_plain(occurrence):
            continue
        entry = occurrence_entry(series, occurrence, uid=master_uid)
        planned.append(
            Planned(
                entry=attrs.evolve(entry, sequence=total),
                source=occurrence,
                recurrence_id=plan.start(occurrence.original),
            )
        )
    return planned
