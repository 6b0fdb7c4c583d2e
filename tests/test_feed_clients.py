"""Every example feed, in both modes, read by the calendar libraries people's clients are built
on: libical (Evolution) and ical.js 2 and 1.5 (web calendars), with exactly the dates that
scheduling reports. The Python parsers are in tests/test_ical.py."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

from schulsozialarbeit import HolidayPolicy, Registry, load, to_ical
from schulsozialarbeit.examples import EXAMPLES
from schulsozialarbeit.ical import file_stem, write_feeds

from .ical_clients import ICAL_JS, expected_rows, ical_js_rows, libical_rows

EXAMPLE_DIR = Path(__file__).parent.parent / "src" / "schulsozialarbeit" / "examples"
SOEST = EXAMPLE_DIR / "kreis-soest"
MODES = ("expanded", "rrule")
SERIES = "ak-schulsozialarbeit-sitzungen"


def _folder_feeds(name: str, mode: Any, folder: Path) -> Iterator[tuple[str | None, bytes]]:
    """Each feed of the example's published folder with the network it is for (None: all)."""
    registry = load(EXAMPLE_DIR / name)
    write_feeds(registry, folder, mode=mode, as_of=date(2020, 1, 1))
    yield None, (folder / "all.ics").read_bytes()
    for network in registry.networks:
        yield network.id, (folder / f"{file_stem(network.id, set())}.ics").read_bytes()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", EXAMPLES)
def test_libical_reads_every_example_feed(name: str, mode: Any, tmp_path: Path) -> None:
    registry = load(EXAMPLE_DIR / name)
    for network, feed in _folder_feeds(name, mode, tmp_path):
        assert libical_rows(feed) == expected_rows(registry, network=network), network


@pytest.mark.parametrize("version", ICAL_JS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", EXAMPLES)
def test_ical_js_reads_every_example_feed(
    name: str, mode: Any, version: str, tmp_path: Path
) -> None:
    registry = load(EXAMPLE_DIR / name)
    for network, feed in _folder_feeds(name, mode, tmp_path):
        assert ical_js_rows(feed, version) == expected_rows(registry, network=network), network


@pytest.mark.parametrize("version", ICAL_JS)
def test_the_issue_s_feed_from_april_is_read_by_ical_js(version: str, tmp_path: Path) -> None:
    """The reproduction: from April 2022 the Kreis Soest series starts in May, not in February,
    the first month of its BYMONTH, and ical.js 1.5 refused the whole feed ("Same occurrence
    found twice")."""
    target = tmp_path / "soest.ics"
    argv = [sys.executable, "-m", "schulsozialarbeit", "ical", str(SOEST), "--mode", "rrule"]
    argv += ["--from", "2022-04-01", "-o", str(target), "--no-plugins"]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    feed = target.read_bytes()
    assert b"RRULE:FREQ=YEARLY;UNTIL=" in feed  # still one series, not a list of dates
    expected = expected_rows(load(SOEST), start=date(2022, 4, 1))
    assert ical_js_rows(feed, version) == expected
    assert libical_rows(feed) == expected


def _with_rule(rule: str, first: date) -> Registry:
    """The Kreis Soest series on another rule; holidays skipped, as a move onto the next week
    would meet the next date of a weekly rule and the series be written expanded anyway."""
    registry = load(SOEST)
    series = tuple(
        attrs.evolve(s, rrule=rule, first=first, changes=(), on_holiday=HolidayPolicy.SKIP)
        if s.id == SERIES
        else s
        for s in registry.series
    )
    return attrs.evolve(registry, series=series)


@pytest.mark.parametrize(
    ("rule", "first", "recurring"),
    [
        ("FREQ=MONTHLY;BYMONTH=2,5,9,11;BYDAY=WE;BYSETPOS=3", date(2022, 9, 21), True),
        ("FREQ=MONTHLY;BYMONTH=3,6,10;BYDAY=2TU", date(2022, 6, 14), True),
        ("FREQ=MONTHLY;BYMONTH=1,7;BYMONTHDAY=10", date(2022, 7, 10), True),
        ("FREQ=MONTHLY;BYMONTH=2,5;BYDAY=WE", date(2022, 5, 4), True),
        ("FREQ=MONTHLY;BYMONTH=4,8,12", date(2022, 8, 9), True),
        # No equivalent yearly rule: these dates are listed one by one.
        ("FREQ=MONTHLY;INTERVAL=2;BYMONTH=3,5,9,11;BYDAY=3WE", date(2022, 5, 18), False),
        ("FREQ=MONTHLY;BYMONTH=2,5;BYDAY=WE,TH;BYSETPOS=2", date(2022, 5, 5), False),
    ],
)
def test_monthly_rules_with_bymonth_are_read_by_ical_js_1_5(
    rule: str, first: date, recurring: bool
) -> None:
    registry = _with_rule(rule, first)
    feed = to_ical(registry, series=SERIES, mode="rrule")
    rules = [line for line in feed.split(b"\r\n") if line.startswith(b"RRULE:FREQ=")]
    assert not any(b"FREQ=MONTHLY" in line for line in rules)
    assert any(b"UNTIL=" in line for line in rules) is recurring
    expected = expected_rows(_only(registry))
    for version in ICAL_JS:
        assert ical_js_rows(feed, version) == expected
    assert libical_rows(feed) == expected


def _only(registry: Registry) -> Registry:
    """The registry with the one series and no single meetings, as a ``--series`` feed."""
    return attrs.evolve(
        registry, meetings=(), series=tuple(s for s in registry.series if s.id == SERIES)
    )
