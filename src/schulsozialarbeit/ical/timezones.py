"""The time zones a feed names by TZID, each with a hand-written, RRULE-style VTIMEZONE.

icalendar generates VTIMEZONE blocks as long RDATE lists with two STANDARD blocks and a
COMMENT; Outlook is reported to shift events under such blocks by an hour and vobject reads
their summer times wrong. Clients cope best with one STANDARD and one DAYLIGHT block, each a
yearly rule, as Outlook and Google write them. Such a block only describes the zone while its
rule holds, so :func:`covers` checks every instant against the tz database: an instant the
rule does not describe (before the rule began, or after a future change of the law) and any
zone without a table entry is written in UTC instead, which every client reads correctly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import icalendar
from attrs import frozen
from icalendar.prop import vRecur


@frozen
class _Switch:
    """One yearly switch: on the last Sunday of ``month`` at ``hour`` local (old offset) time."""

    name: str
    offset_from: timedelta
    offset_to: timedelta
    month: int
    hour: int

    def day(self, year: int) -> date:
        """The local day of the switch in ``year``."""
        following = date(year + self.month // 12, self.month % 12 + 1, 1)
        last = following - timedelta(days=1)
        return last - timedelta(days=(last.weekday() + 1) % 7)

    def instant(self, year: int) -> datetime:
        """The switch in ``year`` as a UTC instant."""
        sunday = self.day(year)
        local = datetime(sunday.year, sunday.month, sunday.day, self.hour, tzinfo=UTC)
        return local - self.offset_from


@frozen
class _Zone:
    standard: _Switch
    daylight: _Switch
    #: The first year the two rules describe the zone (for Europe/Berlin, the EU rule of 1996).
    since: int


_HOUR = timedelta(hours=1)

#: Zones with a hand-written VTIMEZONE. Another zone is written in UTC until it gets an entry.
ZONES: dict[str, _Zone] = {
    "Europe/Berlin": _Zone(
        standard=_Switch("CET", 2 * _HOUR, _HOUR, 10, 3),
        daylight=_Switch("CEST", _HOUR, 2 * _HOUR, 3, 2),
        since=1996,
    ),
}


@cache
def _switches(key: str, year: int) -> tuple[date, date, datetime, datetime]:
    """The local days on which summer time begins and ends in ``year`` by the rule of zone
    ``key``, and the two switches as UTC instants.

    Cached by name and year, which hash in C: a feed asks for the same few years once for
    every start and end it writes.
    """
    zone = ZONES[key]
    daylight, standard = zone.daylight, zone.standard
    return daylight.day(year), standard.day(year), daylight.instant(year), standard.instant(year)


def covers(instant: datetime) -> bool:
    """Whether ``instant`` can be written with its TZID: a table zone whose rule holds then.

    The rule's offset is that of the instant's local day, but on the two days of a switch,
    where the instant is compared with the switch in UTC. On any other day the two agree
    whenever the real offset is one of the rule's (else the answer is no either way): a
    switch lies hours after the day's start and before its end, more than the offsets move
    an instant. Converting each start and end to UTC was a third of this check's time.
    """
    tzinfo = instant.tzinfo
    if not isinstance(tzinfo, ZoneInfo) or tzinfo.key not in ZONES:
        return False
    zone = ZONES[tzinfo.key]
    if instant.year < zone.since:
        return False
    day = instant.date()
    begins, ends, begin, end = _switches(tzinfo.key, instant.year)
    if begins < day < ends:
        rule = zone.daylight.offset_to
    elif day != begins and day != ends:
        rule = zone.standard.offset_to
    else:  # a switch day: the local and the UTC year are the same
        moment = instant.astimezone(UTC)
        rule = zone.daylight.offset_to if begin <= moment < end else zone.standard.offset_to
    return rule == instant.utcoffset()


def _block(kind: type[icalendar.Component], switch: _Switch, year: int) -> icalendar.Component:
    block = kind()
    first = switch.instant(year) + switch.offset_from
    block.add("dtstart", first.replace(tzinfo=None))
    block.add("rrule", vRecur(freq="YEARLY", bymonth=switch.month, byday="-1SU"))
    block.add("tzname", switch.name)
    block.add("tzoffsetfrom", switch.offset_from)
    block.add("tzoffsetto", switch.offset_to)
    return block


def vtimezone(key: str) -> icalendar.Timezone:
    """The VTIMEZONE of a table zone: one STANDARD and one DAYLIGHT block and nothing else."""
    zone = ZONES[key]
    timezone = icalendar.Timezone()
    timezone.add("tzid", key)
    timezone.add_component(_block(icalendar.TimezoneDaylight, zone.daylight, zone.since))
    timezone.add_component(_block(icalendar.TimezoneStandard, zone.standard, zone.since))
    return timezone
