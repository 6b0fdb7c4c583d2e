"""The dates libical (the C library behind Evolution) finds in a feed, as JSON on stdout.

Run by the system interpreter, the only one with the GObject bindings (Debian python3-gi and
gir1.2-ical-3.0): ``/usr/bin/python3 libical_dates.py < feed.ics``. libical expands each
recurring event with its RRULE, RDATE and EXDATE; an override (RECURRENCE-ID) then replaces
the instance it names, as Evolution does. Prints ``[[start, end, status], ...]`` with instants
in UTC (ISO 8601) and STATUS as written (empty when absent), sorted. A feed libical cannot
read exits 1 with the reason on stderr.
"""

import json
import sys
from datetime import UTC, datetime

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

#: The range expanded: wider than any feed the tests write.
FIRST, LAST = "19900101T000000Z", "21000101T000000Z"
_STATUS = {
    ICalGLib.PropertyStatus.NONE: "",
    ICalGLib.PropertyStatus.CONFIRMED: "CONFIRMED",
    ICalGLib.PropertyStatus.TENTATIVE: "TENTATIVE",
    ICalGLib.PropertyStatus.CANCELLED: "CANCELLED",
}


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()


def _events(calendar: ICalGLib.Component) -> list[ICalGLib.Component]:
    found = []
    event = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while event is not None:
        found.append(event)
        event = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    return found


def _utc(time: ICalGLib.Time) -> int:
    return int(time.as_timet_with_zone(time.get_timezone() or ICalGLib.Timezone.get_utc_timezone()))


def _recurrence_id(calendar: ICalGLib.Component, event: ICalGLib.Component) -> int:
    """RECURRENCE-ID as an instant: libical leaves its TZID unresolved, so look it up."""
    prop = event.get_first_property(ICalGLib.PropertyKind.RECURRENCEID_PROPERTY)
    time = prop.get_recurrenceid()
    tzid = prop.get_parameter_as_string("TZID")
    if tzid and not time.is_utc():
        zone = calendar.get_timezone(tzid)
        if zone is None:
            raise ValueError(f"no VTIMEZONE {tzid}")
        time.set_timezone(zone)
    return _utc(time)


def dates(text: str) -> list[list[str]]:
    calendar = ICalGLib.Component.new_from_string(text)
    if calendar is None or calendar.isa() != ICalGLib.ComponentKind.VCALENDAR_COMPONENT:
        raise ValueError("libical found no VCALENDAR")
    problems = calendar.count_errors()
    if problems:
        raise ValueError(f"libical found {problems} errors")
    events = _events(calendar)
    overrides = {}
    for event in events:
        if event.get_first_property(ICalGLib.PropertyKind.RECURRENCEID_PROPERTY) is not None:
            overrides[(event.get_uid(), _recurrence_id(calendar, event))] = event
    rows = []
    for event in events:
        status = _STATUS.get(event.get_status(), str(event.get_status()))
        if event.get_first_property(ICalGLib.PropertyKind.RECURRENCEID_PROPERTY) is not None:
            rows.append([_iso(_utc(event.get_dtstart())), _iso(_utc(event.get_dtend())), status])
            continue
        uid = event.get_uid()

        def instance(_component, span, *_data, uid=uid, status=status):  # type: ignore[no-untyped-def]
            if (uid, span.get_start()) not in overrides:
                rows.append([_iso(span.get_start()), _iso(span.get_end()), status])

        event.foreach_recurrence(
            ICalGLib.Time.new_from_string(FIRST), ICalGLib.Time.new_from_string(LAST), instance
        )
    return sorted(rows)


def main() -> int:
    try:
        found = dates(sys.stdin.read())
    except (ValueError, gi.repository.GLib.Error) as error:
        sys.stderr.write(f"{error}\n")
        return 1
    sys.stdout.write(json.dumps(found) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
