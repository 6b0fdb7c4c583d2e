"""`import meetings`: calendars people keep, through the command line, read back by a calendar
library (recurring-ical-events) the way a client shows them.

The samples in tests/calendars follow the export shapes of Outlook (Windows zone names, its
own VTIMEZONE, EXDATE, a moved instance, a Teams link; Outlook 2010 names its zone by what it
shows, ``(UTC+01:00) Amsterdam, Berlin, …``, with an all-day event), Google (X-WR-TIMEZONE,
COUNT, an override that renames and moves, a cancelled instance, UTC times, an all-day event),
Apple
(BYSETPOS, an instance moved online, a multi-line location, a two-day all-day event) and
Thunderbird (COUNT with an EXDATE in UTC, an override with another place, a floating time).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time as clock
from datetime import date, datetime, time
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events  # type: ignore[import-untyped]

from schulsozialarbeit import load
from schulsozialarbeit.errors import ParseError
from schulsozialarbeit.examples import EXAMPLES, example_path
from schulsozialarbeit.ical import read_calendar_text, reading
from schulsozialarbeit.model import HolidayPolicy, Registry

from .ical_clients import ICAL_JS, Row, ical_js_rows

CALENDARS = Path(__file__).parent / "calendars"
CLIENTS = ("outlook", "outlook-2010", "google", "apple", "thunderbird")
BERLIN = ZoneInfo("Europe/Berlin")
#: Compared up to here: an open rule is scheduled ten years from its first date (OPEN_END),
#: and the samples and examples begin in 2022 to 2025.
WINDOW = ((2015, 1, 1), (2031, 1, 1))

Instance = tuple[str, datetime, datetime, str]


def cli(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schulsozialarbeit", *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _berlin(value: date | datetime) -> datetime:
    """What a client in Berlin shows: a DATE from midnight, a floating time as local."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0), BERLIN)
    return value.replace(tzinfo=BERLIN) if value.tzinfo is None else value.astimezone(BERLIN)


def shown(calendar: bytes | str) -> list[Instance]:
    """Every instance a client shows: title, start, end and whether it is cancelled."""
    parsed = icalendar.Calendar.from_ical(calendar)
    return sorted(
        (
            str(event["SUMMARY"]),
            _berlin(event["DTSTART"].dt),
            _berlin(event["DTEND"].dt),
            str(event.get("STATUS", "CONFIRMED")),
        )
        for event in recurring_ical_events.of(parsed).between(*WINDOW)
    )


def taking_place(instances: list[Instance]) -> list[Instance]:
    return [i for i in instances if i[3] != "CANCELLED"]


def empty_registry(folder: Path, comment: str = "# Von Hand gepflegt.") -> Path:
    path = folder / "registry.toml"
    path.write_text(f'{comment}\nname = "Import"\n', encoding="utf-8")
    return path


def imported_feed(registry: Path | Traversable, mode: str = "expanded") -> bytes:
    result = cli("ical", str(registry), "--mode", mode)
    assert result.returncode == 0, result.stderr
    return result.stdout.encode("utf-8")


# -- what the clients show -------------------------------------------------------------------


@pytest.mark.parametrize("client", CLIENTS)
def test_a_client_export_imports_with_the_instances_the_client_shows(
    client: str, tmp_path: Path
) -> None:
    registry = empty_registry(tmp_path)
    sample = CALENDARS / f"{client}.ics"
    result = cli("import", "meetings", registry, sample)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    expected = taking_place(shown(sample.read_bytes()))
    assert expected  # the sample shows something
    assert taking_place(shown(imported_feed(registry))) == expected
    assert taking_place(shown(imported_feed(registry, "rrule"))) == expected


#: The samples whose rules end: ical.js expands a rule to its end, and Apple's has none.
BOUNDED = tuple(client for client in CLIENTS if client != "apple")


def _taking_place(rows: list[Row]) -> list[tuple[datetime, datetime]]:
    return [(start, end) for start, end, status in rows if status != "CANCELLED"]


@pytest.mark.parametrize("version", ICAL_JS)
@pytest.mark.parametrize("client", BOUNDED)
def test_ical_js_shows_the_same_before_and_after_import(
    client: str, version: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ical.js is what Thunderbird and many web calendars read with: the sample and the
    registry's own feed after import show the same meetings in it, in both feed modes."""
    monkeypatch.setenv("TZ", "Europe/Berlin")  # a user in NRW: floating times are theirs
    registry = empty_registry(tmp_path)
    sample = CALENDARS / f"{client}.ics"
    assert cli("import", "meetings", registry, sample).returncode == 0
    expected = _taking_place(ical_js_rows(sample.read_bytes(), version))
    assert expected
    for mode in ("expanded", "rrule"):
        assert _taking_place(ical_js_rows(imported_feed(registry, mode), version)) == expected


def test_outlook_windows_zone_exdate_and_moved_instance(tmp_path: Path) -> None:
    registry = empty_registry(tmp_path)
    assert cli("import", "meetings", registry, CALENDARS / "outlook.ics").returncode == 0
    (series,) = load(registry).series
    assert series.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;WKST=MO"
    assert (series.first, series.start_time, series.end_time) == (
        date(2024, 9, 4),
        time(15),
        time(17),
    )
    assert series.until == date(2024, 12, 11)
    assert series.on_holiday is HolidayPolicy.KEEP
    changes = {(c.date, c.action.value, c.start) for c in series.changes}
    assert changes == {
        (date(2024, 10, 16), "cancel", None),
        (date(2024, 10, 30), "move", datetime(2024, 11, 6, 16, tzinfo=BERLIN)),
    }
    # The Herbstferien (14.–26.10.2024) close nothing for a calendar brought in.
    starts = [s for _, s, _, _ in taking_place(shown(imported_feed(registry)))]
    assert datetime(2024, 10, 2, 15, tzinfo=BERLIN) in starts


def test_no_personal_data_comes_in(tmp_path: Path) -> None:
    registry = empty_registry(tmp_path)
    assert cli("import", "meetings", registry, CALENDARS / "outlook.ics").returncode == 0
    text = registry.read_text(encoding="utf-8")
    for personal in ("Beispiel", "Muster, Max", "example.org", "Grüße"):
        assert personal not in text
    teams = next(m for m in load(registry).meetings if m.title.startswith("Fachtag"))
    assert teams.venue.url is not None
    assert teams.venue.url.startswith("https://teams.microsoft.com/")


# -- our own feeds -------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["expanded", "rrule"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_feed_round_trips_through_import(
    example: str, mode: str, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_bytes(imported_feed(example_path(example), mode))
    registry = empty_registry(tmp_path)
    result = cli("import", "meetings", registry, feed)
    assert result.returncode == 0, result.stderr
    original = shown(feed.read_bytes())
    assert taking_place(shown(imported_feed(registry, mode))) == taking_place(original)
    assert taking_place(shown(imported_feed(registry))) == taking_place(original)


def test_our_own_feed_comes_back_onto_the_series_it_was_made_from(tmp_path: Path) -> None:
    registry = tmp_path / "kreis-soest"
    assert cli("init", registry, "--example", "kreis-soest").returncode == 0
    before = load(registry)
    feed = tmp_path / "feed.ics"
    feed.write_bytes(imported_feed(registry, "rrule"))
    result = cli("import", "meetings", registry, feed)
    assert result.returncode == 0, result.stderr
    after = load(registry)
    assert [s.id for s in after.series] == [s.id for s in before.series]
    assert [m.id for m in after.meetings] == [m.id for m in before.meetings]


# -- importing again -----------------------------------------------------------------------


def test_importing_again_updates_by_uid_and_never_duplicates(tmp_path: Path) -> None:
    registry = empty_registry(tmp_path, "# Termine des Kreises, von Hand gepflegt.")
    sample = CALENDARS / "google.ics"
    assert cli("import", "meetings", registry, sample).returncode == 0
    first = load(registry)
    again = cli("--lang", "en", "import", "meetings", registry, sample)
    assert again.returncode == 0, again.stderr
    assert "0 added, 0 changed, 3 unchanged" in again.stdout
    assert f"{registry}: 0 files written." in again.stdout
    assert load(registry) == first
    changed = tmp_path / "changed.ics"
    changed.write_bytes(
        sample.read_bytes().replace(
            b"SUMMARY:Fortbildung Gespr\xc3\xa4chsf\xc3\xbchrung",
            b"SUMMARY:Fortbildung Gespr\xc3\xa4chsf\xc3\xbchrung II",
        )
    )
    third = cli("--lang", "en", "import", "meetings", registry, changed)
    assert third.returncode == 0, third.stderr
    assert "0 added, 1 changed, 2 unchanged" in third.stdout
    after = load(registry)
    assert len(after.meetings) == len(first.meetings) == 2
    assert len(after.series) == 1
    renamed = next(m for m in after.meetings if m.title.endswith(" II"))
    assert renamed.revision == 1
    assert registry.read_text(encoding="utf-8").startswith("# Termine des Kreises, von Hand")


def test_what_the_office_added_by_hand_survives_a_new_import(tmp_path: Path) -> None:
    registry = empty_registry(tmp_path)
    sample = CALENDARS / "thunderbird.ics"
    assert cli("import", "meetings", registry, sample).returncode == 0
    text = registry.read_text(encoding="utf-8")
    text = text.replace(
        'title = "Elternabend Medienkompetenz"',
        'title = "Elternabend Medienkompetenz"\n# Mit der Medienberatung.\n'
        'topics = ["Medienkompetenz"]\ncapacity = 40',
    )
    registry.write_text(text, encoding="utf-8")
    assert cli("import", "meetings", registry, sample).returncode == 0
    kept = registry.read_text(encoding="utf-8")
    assert "# Mit der Medienberatung." in kept
    meeting = next(m for m in load(registry).meetings if m.title.startswith("Elternabend"))
    assert (meeting.topics, meeting.capacity) == (("Medienkompetenz",), 40)


def test_a_dry_run_shows_the_changes_and_writes_nothing(tmp_path: Path) -> None:
    registry = empty_registry(tmp_path)
    before = registry.read_bytes()
    result = cli("import", "meetings", registry, CALENDARS / "apple.ics", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert registry.read_bytes() == before
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Änderung", "Art", "ID", "erster", "Termin", "Titel"]
    assert any("Reihe" in line and "Fallberatung Grundschulen" in line for line in lines)
    assert "2 neu, 0 geändert, 0 unverändert" in result.stdout
    assert "Probelauf (--dry-run): nichts geschrieben." in result.stdout


# -- what cannot be mapped -----------------------------------------------------------------

UNMAPPABLE = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//unmappable//DE\r
BEGIN:VEVENT\r
UID:hourly\r
DTSTAMP:20240101T000000Z\r
DTSTART;TZID=Europe/Berlin:20240110T090000\r
DTEND;TZID=Europe/Berlin:20240110T093000\r
RRULE:FREQ=HOURLY;COUNT=5\r
SUMMARY:Stündlich\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:utc-weekly\r
DTSTAMP:20240101T000000Z\r
DTSTART:20240110T140000Z\r
DTEND:20240110T150000Z\r
RRULE:FREQ=WEEKLY;COUNT=30\r
SUMMARY:Wöchentlich in UTC\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:nowhere\r
DTSTAMP:20240101T000000Z\r
DTSTART;TZID=Mars/Olympus:20240110T090000\r
SUMMARY:Auf dem Mars\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:huge\r
DTSTAMP:20240101T000000Z\r
DTSTART;TZID=Europe/Berlin:20240110T090000\r
DTEND;TZID=Europe/Berlin:20240110T100000\r
RRULE:FREQ=DAILY;COUNT=100000000\r
SUMMARY:Hundert Millionen\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:bad-date\r
DTSTAMP:20240101T000000Z\r
DTSTART:20241345T150000\r
SUMMARY:Dreizehnter Monat\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:fine\r
DTSTAMP:20240101T000000Z\r
DTSTART;TZID=Europe/Berlin:20240110T090000\r
DTEND;TZID=Europe/Berlin:20240110T100000\r
SUMMARY:Das geht\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_what_cannot_be_mapped_is_listed_per_event_and_the_rest_imported(tmp_path: Path) -> None:
    registry = empty_registry(tmp_path)
    calendar = tmp_path / "mixed.ics"
    calendar.write_text(UNMAPPABLE, encoding="utf-8")
    result = cli("--lang", "en", "import", "meetings", registry, calendar)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines == [
        "line 4: “Stündlich” not imported: The rule gives no dates a series can hold: FREQ must"
        " be one of YEARLY, MONTHLY, WEEKLY, DAILY",
        "line 12: “Wöchentlich in UTC” not imported: In Europe/Berlin the rule does not give"
        " the same days and times as in the calendar (a rule in UTC, say, whose time changes"
        " with summer time)",
        "line 20: “Auf dem Mars” not imported: The time zone “Mars/Olympus” is neither known"
        " nor described in the calendar (VTIMEZONE)",
        "line 26: “Hundert Millionen” not imported: COUNT must be a whole number from 1 to 1000",
        "line 34: “Dreizehnter Monat” not imported: DTSTART has no valid value: Wrong datetime"
        " format: 20241345T150000",
    ]
    assert [m.title for m in load(registry).meetings] == ["Das geht"]


# -- broken and hostile calendars ----------------------------------------------------------

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
EVENT = (
    "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20240101T000000Z\r\n"
    "DTSTART:20240110T090000Z\r\nSUMMARY:a\r\nEND:VEVENT\r\n"
)
HOSTILE: dict[str, tuple[bytes, str]] = {
    "missing END:VEVENT": (
        (HEAD + EVENT.replace("END:VEVENT\r\n", "") + "END:VCALENDAR\r\n").encode(),
        "line 9, column 1: unreadable (END:VCALENDAR where END:VEVENT was expected"
        " (for the BEGIN on line 4))",
    ),
    "missing END:VCALENDAR": (
        (HEAD + EVENT).encode(),
        "line 1, column 1: unreadable (BEGIN:VCALENDAR without END:VCALENDAR)",
    ),
    "END before BEGIN": (
        (HEAD + "END:VEVENT\r\n" + EVENT + "END:VCALENDAR\r\n").encode(),
        "line 4, column 1: unreadable (END:VEVENT where END:VCALENDAR was expected",
    ),
    "deep nesting": (
        (HEAD + "BEGIN:X\r\n" * 100_000 + "END:X\r\n" * 100_000 + "END:VCALENDAR\r\n").encode(),
        "line 67, column 1: unreadable (nested more than 64 levels deep)",
    ),
    "a time zone rule by the second": (
        (
            HEAD + "BEGIN:VTIMEZONE\r\nTZID:Evil\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
            "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=SECONDLY\r\nEND:STANDARD\r\n"
            "END:VTIMEZONE\r\n" + EVENT + "END:VCALENDAR\r\n"
        ).encode(),
        "line 10, column 1: unreadable (A time zone's rule (VTIMEZONE) must switch yearly",
    ),
    "thousands of time zone rules": (
        (
            HEAD
            + "BEGIN:VTIMEZONE\r\nTZID:Viele\r\n"
            + "BEGIN:STANDARD\r\nDTSTART:00010101T000000\r\nTZOFFSETFROM:+0100\r\n"
            "TZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY\r\nEND:STANDARD\r\n"
            * 5000
            + "END:VTIMEZONE\r\n"
            + EVENT
            + "END:VCALENDAR\r\n"
        ).encode(),
        "line 610, column 1: unreadable (more than 100 rules in the time zones (VTIMEZONE)",
    ),
    "not UTF-8": (
        (HEAD + EVENT + "END:VCALENDAR\r\n").encode().replace(b"a\r\n", b"\xff\r\n"),
        "not UTF-8",
    ),
    "not a calendar": (b'name = "Kein Kalender"\n', "not an iCalendar file"),
    "text after the end": (
        (HEAD + EVENT + "END:VCALENDAR\r\nBEGIN:VEVENT\r\n").encode(),
        "line 11, column 1: unreadable (text after the end of the calendar",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_broken_or_hostile_calendar_gets_a_clear_error_and_changes_nothing(
    name: str, tmp_path: Path
) -> None:
    data, expected = HOSTILE[name]
    registry = empty_registry(tmp_path)
    before = registry.read_bytes()
    calendar = tmp_path / "hostile.ics"
    calendar.write_bytes(data)
    began = clock.monotonic()
    result = cli("--lang", "en", "import", "meetings", registry, calendar)
    assert clock.monotonic() - began < 30
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    assert str(calendar) in result.stderr
    assert registry.read_bytes() == before


def test_a_huge_count_in_an_otherwise_good_series_is_refused_quickly() -> None:
    text = (
        HEAD + "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20240101T000000Z\r\n"
        "DTSTART;TZID=Europe/Berlin:20240110T090000\r\nDURATION:PT1H\r\n"
        "RRULE:FREQ=DAILY;UNTIL=99991231T000000Z\r\nSUMMARY:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    began = clock.monotonic()
    content = read_calendar_text(text, Registry(name="x"))
    assert clock.monotonic() - began < 5
    assert not content.series
    (unmapped,) = content.unmapped
    assert unmapped.line == 4


def test_a_file_that_is_not_a_calendar_is_a_parse_error() -> None:
    with pytest.raises(ParseError) as caught:
        read_calendar_text("", Registry(name="x"), source="leer.ics")
    assert caught.value.message("en").startswith("leer.ics")


def _expanded(content: Any) -> list[datetime]:
    return [m.start for m in content.meetings]


def test_a_floating_time_is_in_the_calendars_zone_else_berlin() -> None:
    text = HEAD + EVENT.replace("20240110T090000Z", "20240110T090000") + "END:VCALENDAR\r\n"
    assert _expanded(read_calendar_text(text, Registry(name="x"))) == [
        datetime(2024, 1, 10, 9, tzinfo=BERLIN)
    ]
    named = text.replace("PRODID:x\r\n", "PRODID:x\r\nX-WR-TIMEZONE:Europe/London\r\n")
    assert _expanded(read_calendar_text(named, Registry(name="x"))) == [
        datetime(2024, 1, 10, 10, tzinfo=BERLIN)
    ]


# -- the documentation -----------------------------------------------------------------------

DOC = Path(__file__).resolve().parent.parent / "docs" / "calendars.md"


def test_the_docs_examples_run_as_shown(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", text, re.S)
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=DOC.parent.parent, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == (
        "[]\n[('added', 'Fachtag Kinderschutz an Schulen'), ('added', 'AK Schulsozialarbeit')]\n"
        "True 1\n"
    )
    (console,) = re.findall(r"```console\n(.*?)```", text, re.S)
    (tmp_path / "tests").symlink_to(CALENDARS.parent)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    for step in re.split(r"^\$ ", console, flags=re.M)[1:]:
        command, _, shown = step.partition("\n")
        done = subprocess.run(  # noqa: S602 - the doc's own commands, some with a pipe
            command, shell=True, cwd=tmp_path, capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == shown, command
    (toml,) = re.findall(r"```toml\n(.*?)```", text, re.S)
    assert toml in (tmp_path / "mein-kreis" / "meetings.toml").read_text(encoding="utf-8")


# -- zones, and the work a calendar may ask for ------------------------------------------------

OWN_ZONE = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:x\r
BEGIN:VTIMEZONE\r
TZID:Mitteleuropäische Zeit (eigene Angabe)\r
BEGIN:STANDARD\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:own\r
DTSTAMP:20240101T000000Z\r
DTSTART;TZID=Mitteleuropäische Zeit (eigene Angabe):20240320T150000\r
DTEND;TZID=Mitteleuropäische Zeit (eigene Angabe):20240320T163000\r
RRULE:FREQ=WEEKLY;COUNT=4\r
SUMMARY:Über die Sommerzeit\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:libical\r
DTSTAMP:20240101T000000Z\r
DTSTART;TZID=/freeassociation.sourceforge.net/Europe/London:20240320T140000\r
DTEND;TZID=/freeassociation.sourceforge.net/Europe/London:20240320T150000\r
SUMMARY:Aus London\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_zone_the_calendar_describes_itself_and_a_libical_name_are_resolved() -> None:
    content = read_calendar_text(OWN_ZONE, Registry(name="x"))
    assert content.unmapped == ()
    (series,) = content.series
    assert (series.first, series.start_time, series.end_time, series.count) == (
        date(2024, 3, 20),
        time(15),
        time(16, 30),
        4,
    )
    (meeting,) = content.meetings
    assert meeting.start == datetime(2024, 3, 20, 15, tzinfo=BERLIN)


def test_the_dates_a_calendar_may_ask_for_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_CALENDAR_DATES", 2_500)
    rule = (
        "BEGIN:VEVENT\r\nUID:u{0}\r\nDTSTAMP:20240101T000000Z\r\n"
        "DTSTART;TZID=Europe/Berlin:20240110T090000\r\nDURATION:PT1H\r\n"
        "RRULE:FREQ=DAILY;COUNT=1000\r\nSUMMARY:Reihe {0}\r\nEND:VEVENT\r\n"
    )
    text = HEAD + "".join(rule.format(n) for n in range(6)) + "END:VCALENDAR\r\n"
    content = read_calendar_text(text, Registry(name="x"))
    assert [s.title for s in content.series] == ["Reihe 0", "Reihe 1", "Reihe 2"]
    assert [(u.title, u.reason.render("en")) for u in content.unmapped] == [
        (
            f"Reihe {n}",
            "The series before it already give 2500 dates together, more than an import reads",
        )
        for n in (3, 4, 5)
    ]


def test_an_event_that_starts_recurring_keeps_its_id(tmp_path: Path) -> None:
    registry = empty_registry(tmp_path)
    single = tmp_path / "single.ics"
    single.write_text(HEAD + EVENT + "END:VCALENDAR\r\n", encoding="utf-8")
    assert cli("import", "meetings", registry, single).returncode == 0
    (meeting,) = load(registry).meetings
    weekly = tmp_path / "weekly.ics"
    recurring = EVENT.replace(
        "SUMMARY:a", "DTEND:20240110T100000Z\r\nSUMMARY:a\r\nRRULE:FREQ=WEEKLY;COUNT=3"
    )
    weekly.write_text(HEAD + recurring + "END:VCALENDAR\r\n", encoding="utf-8")
    result = cli("--lang", "en", "import", "meetings", registry, weekly)
    assert result.returncode == 0, result.stderr
    assert "0 added, 1 changed, 0 unchanged" in result.stdout
    after = load(registry)
    assert after.meetings == ()
    assert [s.id for s in after.series] == [meeting.id]


def test_what_comes_in_validates_but_for_events_without_a_place(tmp_path: Path) -> None:
    """An event without LOCATION or link comes in as in person without a place, and
    validation names it, so the office adds one; everything else is valid as it comes."""
    registry = empty_registry(tmp_path)
    for client in CLIENTS:
        assert cli("import", "meetings", registry, CALENDARS / f"{client}.ics").returncode == 0
    result = cli("validate", registry, "--format", "json", "--as-of", "2024-10-01")
    issues = json.loads(result.stdout)["issues"]
    titles = {m.id: m.title for m in load(registry).meetings}
    assert sorted((i["code"], titles[i["entity"]]) for i in issues) == [
        ("venue-without-place", "Bildungskonferenz"),
        ("venue-without-place", "Elternabend Medienkompetenz"),
        ("venue-without-place", "Fachtage Schulsozialarbeit NRW"),
    ]


def test_a_series_that_keeps_its_dates_needs_no_school_holidays(tmp_path: Path) -> None:
    """The warning about years without known school holidays is for series that avoid them;
    an imported series meets on holidays too, so it is not warned about."""
    registry = empty_registry(tmp_path)
    late = tmp_path / "late.ics"
    late.write_text(
        HEAD
        + EVENT.replace("20240110T090000Z", "20340110T090000Z").replace(
            "SUMMARY:a",
            "DTEND:20340110T100000Z\r\nLOCATION:Rathaus\r\nSUMMARY:a\r\nRRULE:FREQ=MONTHLY;COUNT=3",
        )
        + "END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    assert cli("import", "meetings", registry, late).returncode == 0
    assert load(registry).series[0].on_holiday is HolidayPolicy.KEEP
    result = cli("validate", registry, "--format", "json", "--as-of", "2034-01-01")
    assert json.loads(result.stdout)["issues"] == []
    skipping = registry.read_text(encoding="utf-8").replace('"keep"', '"skip"')
    registry.write_text(skipping, encoding="utf-8")
    result = cli("validate", registry, "--format", "json", "--as-of", "2034-01-01")
    codes = [issue["code"] for issue in json.loads(result.stdout)["issues"]]
    assert codes == ["school-holidays-unknown"]


def test_a_calendar_that_is_not_there_or_not_a_file_is_named(tmp_path: Path) -> None:
    registry = empty_registry(tmp_path)
    missing = cli("--lang", "en", "import", "meetings", registry, tmp_path / "fehlt.ics")
    assert (missing.returncode, missing.stderr) == (
        2,
        f"{tmp_path / 'fehlt.ics'}: no such file or folder\n",
    )
    folder = cli("--lang", "en", "import", "meetings", registry, tmp_path)
    assert (folder.returncode, folder.stderr) == (
        2,
        f"{tmp_path}: cannot be read (not a regular file)\n",
    )


def test_extra_dates_without_a_rule_become_a_series_of_those_dates(tmp_path: Path) -> None:
    calendar = tmp_path / "rdate.ics"
    calendar.write_text(
        HEAD + "BEGIN:VEVENT\r\nUID:r\r\nDTSTAMP:20240101T000000Z\r\n"
        "DTSTART;TZID=Europe/Berlin:20240110T090000\r\nDTEND;TZID=Europe/Berlin:20240110T100000\r\n"
        "RDATE;TZID=Europe/Berlin:20240117T090000,20240131T090000\r\nLOCATION:Rathaus\r\n"
        "SUMMARY:Drei Termine\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    registry = empty_registry(tmp_path)
    assert cli("import", "meetings", registry, calendar).returncode == 0
    (series,) = load(registry).series
    assert (series.rrule, series.dates) == (
        None,
        (date(2024, 1, 10), date(2024, 1, 17), date(2024, 1, 31)),
    )
    assert taking_place(shown(imported_feed(registry))) == taking_place(
        shown(calendar.read_bytes())
    )
