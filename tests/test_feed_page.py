"""The feed folder's page as people use it: served by a web server running as another user,
opened in Chromium on a desktop and a phone, each subscribe link followed to its feed, and the
schema.org data read from the rendered page, all checked against what scheduling reports."""

from __future__ import annotations

import json
import os
import pwd
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date, datetime
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from schulsozialarbeit import (
    ChangeAction,
    HolidayPolicy,
    MeetingKind,
    MeetingSeries,
    OccurrenceChange,
    dump,
    load,
    occurrences,
)
from schulsozialarbeit.scheduling import OccurrenceStatus

from .browser import render, render_widths
from .ical_clients import Row, expected_rows, ical_js_rows

EXAMPLE_DIR = Path(__file__).parent.parent / "src" / "schulsozialarbeit" / "examples"
SOEST = EXAMPLE_DIR / "kreis-soest"
AS_OF = "2022-06-30"
SCHEMA = "https://schema.org/"
BERLIN = ZoneInfo("Europe/Berlin")


def cli(*argv: str, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    """The command line as a user runs it, in its own process."""

    def setup() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "schulsozialarbeit", *argv, "--no-plugins"],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=setup,
        timeout=300,
    )


def feeds(registry: Path, site: Path, *options: str) -> None:
    done = cli("feeds", str(registry), str(site), "--as-of", AS_OF, *options, umask=0o022)
    assert done.returncode == 0, done.stderr


def listed_dates(registry: Path, series: str) -> list[dict[str, Any]]:
    """What ``occurrences`` lists for a series, as JSON."""
    done = cli("occurrences", str(registry), "--series", series, "--format", "json")
    assert done.returncode == 0, done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)["occurrences"]
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def public() -> Iterator[Path]:
    """A folder any user may enter, as a web server's document root's parent is."""
    folder = Path(tempfile.mkdtemp(prefix="ssa-feeds-"))
    folder.chmod(0o755)
    yield folder
    subprocess.run(["rm", "-rf", str(folder)], check=True)


def _serve(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``python -m http.server`` on ``root`` as the unprivileged user nobody."""
    if os.geteuid() != 0:
        pytest.skip("serving as another user needs root (CI runs .ci/run as root)")
    nobody = pwd.getpwnam("nobody")

    def drop() -> None:
        os.setgroups([])
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)

    port = _free_port()
    server = subprocess.Popen(
        ["/usr/bin/python3", "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=root,
        preexec_fn=drop,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            with urllib.request.urlopen(base, timeout=1):
                return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("http.server did not start")


@pytest.fixture
def served(public: Path) -> Iterator[tuple[Path, str]]:
    """The Kreis Soest feed folder with its address, served by http.server as nobody."""
    site = public / "site"
    site.mkdir(mode=0o755)
    server, base = _serve(site)
    try:
        feeds(SOEST, site, "--base-url", base)
        yield site, base
    finally:
        server.kill()
        server.wait()


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (http only)
        data: bytes = answer.read()
    return data


def _rows_of(records: list[dict[str, Any]]) -> list[Row]:
    return [
        (
            datetime.fromisoformat(r["start"]).astimezone(UTC),
            datetime.fromisoformat(r["end"]).astimezone(UTC),
            "CANCELLED" if r["status"] == "cancelled" else "CONFIRMED",
        )
        for r in records
        if r["status"] != "skipped"
    ]


def test_served_page_works_and_each_subscribe_link_has_the_dates_occurrences_lists(
    served: tuple[Path, str],
) -> None:
    _site, base = served
    registry = load(SOEST)
    views = render_widths(base + "index.html", (1280, 390))
    for view in views.values():
        assert view.console_errors == ()
        assert not view.violations, view.violation_summary()
        assert view.broken_links() == []
    assert views[390].overflow == 0
    page = views[390]
    subscribe = [link for link in page.links if link.href.startswith("webcal://")]
    networks = sorted(registry.networks, key=lambda n: n.id)
    assert len(subscribe) == 1 + len(networks)  # all.ics and one per network
    by_file = {link.href.rsplit("/", 1)[1]: link.href for link in subscribe}
    assert by_file["all.ics"] == "webcal://" + base.split("://")[1] + "all.ics"
    for network in [None, *networks]:
        file = "all.ics" if network is None else f"{network.id}.ics"
        feed = _fetch("http://" + by_file[file][len("webcal://") :])
        listed = [
            row
            for series in registry.series
            if network is None or series.network in _group(registry, network.id)
            for row in _rows_of(listed_dates(SOEST, series.id))
        ]
        singles = [
            (m.start.astimezone(UTC), m.end.astimezone(UTC), "CONFIRMED")
            for m in registry.meetings
            if network is None or m.network in _group(registry, network.id)
        ]
        assert ical_js_rows(feed, "2") == sorted(listed + singles), file
    text = " ".join(page.text.split())
    assert (
        "5 Termine in den zwölf Monaten ab 30.06.2022; der nächste am Mi 21.09.2022 um 09:00 Uhr"
        in text
    )
    assert text.count("Dieser Kalender enthält keine Termine.") == 3
    for client in ("Outlook", "Google Kalender", "Apple Kalender", "Thunderbird"):
        assert client in page.text
    assert "Abonnieren, nicht importieren" in page.text
    assert not {person for person in _personal(registry) if person in page.text}


def _group(registry: Any, network: str) -> set[str]:
    group = {network}
    while more := {n.id for n in registry.networks if n.parent in group} - group:
        group |= more
    return group


def test_json_ld_of_the_rendered_page_matches_the_occurrences(served: tuple[Path, str]) -> None:
    _site, base = served
    registry = load(SOEST)
    data = render(base + "index.html", axe=False).json_ld_data()
    (document,) = data
    series = [item for item in document if item["@type"] == "EventSeries"]
    events = [item for item in document if item["@type"] == "Event"]
    assert [s["name"] for s in series] == [s.title for s in registry.series]
    as_of = date.fromisoformat(AS_OF)
    expected = [
        row
        for row in expected_rows(registry)
        if as_of <= row[0].astimezone(BERLIN).date() < date(as_of.year + 1, 6, 30)
    ]
    assert len(expected) == 5
    found = sorted(
        (
            datetime.fromisoformat(e["startDate"]).astimezone(UTC),
            datetime.fromisoformat(e["endDate"]).astimezone(UTC),
            "CANCELLED" if e["eventStatus"] == SCHEMA + "EventCancelled" else "CONFIRMED",
        )
        for e in events
    )
    assert found == expected
    (schedule,) = [s["eventSchedule"] for s in series]
    assert schedule["byDay"] == [SCHEMA + "Wednesday"]
    assert schedule["repeatFrequency"] == "P1M"
    assert (schedule["startTime"], schedule["endTime"]) == ("09:00:00", "12:00:00")
    assert schedule["scheduleTimezone"] == "Europe/Berlin"
    online = [e for e in events if e["eventStatus"] == SCHEMA + "EventMovedOnline"]
    assert [e["startDate"] for e in online] == ["2022-11-16T09:00:00+01:00"]
    assert online[0]["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    organizers = {json.dumps(e["organizer"], sort_keys=True) for e in events}
    assert all(json.loads(o)["@type"] == "Organization" for o in organizers)
    assert not _personal(registry) & _strings(document)


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value))
    return set()


def _personal(registry: Any) -> set[str]:
    """Every name, e-mail address and phone number of a person in the registry."""
    found: set[str] = set()
    for member in registry.staff:
        found |= {v for v in (member.name, getattr(member, "email", None)) if v}
    for office in registry.offices:
        for contact in office.contacts:
            found |= {v for v in (contact.name, contact.email, contact.phone) if v}
    return found


def _changed_registry(folder: Path) -> Path:
    """Kreis Soest with a cancelled, a moved and a skipped date, in one file."""
    registry = load(SOEST)
    (ak,) = registry.series
    changes = (
        *ak.changes,
        OccurrenceChange(date=date(2022, 9, 21), action=ChangeAction.CANCEL, note="Krankheit"),
        OccurrenceChange(
            date=date(2023, 2, 15),
            action=ChangeAction.MOVE,
            start=datetime.combine(date(2023, 2, 22), clock(10), tzinfo=BERLIN),
        ),
    )
    monthly = MeetingSeries(
        id="sprechstunde",
        kind=MeetingKind.WORKING_GROUP,
        title="Offene Sprechstunde",
        first=date(2022, 7, 1),
        start_time=clock(14),
        end_time=clock(15),
        venue=ak.venue,
        rrule="FREQ=MONTHLY;BYMONTHDAY=1",
        count=12,
        on_holiday=HolidayPolicy.SKIP,
        organiser=ak.organiser,
        network=ak.network,
    )
    changed = attrs.evolve(registry, series=(attrs.evolve(ak, changes=changes), monthly))
    target = folder / "registry.json"
    dump(changed, target)
    return target


def test_json_ld_statuses_and_skipped_dates(public: Path) -> None:
    source = _changed_registry(public)
    registry = load(source)
    site = public / "site"
    feeds(source, site, "--base-url", "https://www.example.org/kalender/")
    (document,) = render(site / "index.html", axe=False).json_ld_data()
    events = {e["startDate"]: e for e in document if e["@type"] == "Event"}
    assert events["2022-09-21T09:00:00+02:00"]["eventStatus"] == SCHEMA + "EventCancelled"
    moved = events["2023-02-22T10:00:00+01:00"]
    assert moved["eventStatus"] == SCHEMA + "EventRescheduled"
    assert moved["previousStartDate"] == "2023-02-15T09:00:00+01:00"
    assert events["2023-05-17T09:00:00+02:00"]["eventStatus"] == SCHEMA + "EventScheduled"
    series = {s["@id"]: s for s in document if s["@type"] == "EventSeries"}
    skipped = [
        o.original.isoformat()
        for o in occurrences(registry, series="sprechstunde")
        if o.status is OccurrenceStatus.SKIPPED
    ]
    assert skipped  # 1 November and 1 January are holidays in NRW
    schedule = series["#series-sprechstunde"]["eventSchedule"]
    assert schedule["exceptDate"] == skipped
    assert schedule["byMonthDay"] == [1]
    assert "exceptDate" not in series["#series-ak-schulsozialarbeit-sitzungen"]["eventSchedule"]
    modes = {e["eventAttendanceMode"] for e in events.values()}
    assert modes == {
        SCHEMA + m
        for m in (
            "MixedEventAttendanceMode",
            "OnlineEventAttendanceMode",
            "OfflineEventAttendanceMode",
        )
    }


def test_same_as_of_same_bytes_and_the_count_follows_it(public: Path) -> None:
    first, second, later = public / "a", public / "b", public / "c"
    feeds(SOEST, first, "--base-url", "https://www.example.org/kalender/")
    feeds(SOEST, second, "--base-url", "https://www.example.org/kalender/")
    assert (first / "index.html").read_bytes() == (second / "index.html").read_bytes()
    done = cli(
        "feeds",
        str(SOEST),
        str(later),
        "--as-of",
        "2031-10-01",
        "--lang",
        "en",
        "--base-url",
        "https://www.example.org/calendars/",
    )
    assert done.returncode == 0, done.stderr
    page = render(later / "index.html", axe=True)
    assert not page.violations, page.violation_summary()
    assert page.lang == "en"
    text = " ".join(page.text.split())
    assert (
        "1 date in the twelve months from 2031-10-01; the next on Wed 2031-11-19 at 09:00" in text
    )
    assert "Subscribe, do not import" in text


def test_without_base_url_the_page_says_what_to_do(public: Path) -> None:
    site = public / "site"
    feeds(SOEST, site)
    page = render(site / "index.html")
    assert not page.violations, page.violation_summary()
    assert page.broken_links() == []
    assert not [link for link in page.links if link.href.startswith("webcal:")]
    assert "--base-url https://www.example.org/kalender/" in page.text


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/feeds/",
        "https://",
        "https://x.org/?a=1",
        'https://x.org/"onload',
        "www.example.org/feeds",
    ],
)
def test_a_bad_base_url_is_refused_before_anything_is_written(public: Path, url: str) -> None:
    site = public / "site"
    done = cli("feeds", str(SOEST), str(site), "--base-url", url)
    assert done.returncode == 2
    assert url in done.stderr
    assert "https://www.example.org/kalender/" in done.stderr
    assert "Traceback" not in done.stderr
    assert not site.exists()


def test_feeds_mode_rrule_writes_recurring_feeds_with_the_same_dates(public: Path) -> None:
    site = public / "site"
    feeds(SOEST, site, "--mode", "rrule")
    registry = load(SOEST)
    feed = (site / "ak-schulsozialarbeit-kreis-soest.ics").read_bytes()
    assert b"\r\nRRULE:FREQ=YEARLY;UNTIL=" in feed
    expected = expected_rows(registry, network="ak-schulsozialarbeit-kreis-soest")
    assert ical_js_rows(feed, "1.5") == expected


def test_the_commands_of_the_feed_docs_run(tmp_path: Path) -> None:
    """Each command of docs/feeds.md's first block, as a reader would paste it."""
    docs = (Path(__file__).parent.parent / "docs" / "feeds.md").read_text(encoding="utf-8")
    block = docs.split("```sh\n", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    commands = [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]
    assert [c[1] for c in commands] == ["ical", "ical", "ical", "feeds", "feeds"]
    (tmp_path / "examples").symlink_to(EXAMPLE_DIR)
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-m", "schulsozialarbeit", *command[1:], "--no-plugins"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"{command}: {done.stderr}"
    # The last command's options took effect: recurring events, an English page.
    assert b"\r\nRRULE:FREQ=YEARLY;UNTIL=" in (tmp_path / "site" / "all.ics").read_bytes()
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
