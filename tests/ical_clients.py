"""Calendar clients outside Python that the tests read feeds with: libical and ical.js.

Each returns the feed's instances as ``(start, end, status)`` rows (aware UTC datetimes and
STATUS as written), sorted, so a test compares them with what scheduling says. A client that
is not installed skips the test with a reason that says how to install it; one that refuses
the feed fails it with the client's own message.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from schulsozialarbeit import Registry, occurrences
from schulsozialarbeit.model import MeetingStatus
from schulsozialarbeit.scheduling import OccurrenceStatus

CLIENTS = Path(__file__).parent / "clients"
SYSTEM_PYTHON = "/usr/bin/python3"
ICAL_JS = ("2", "1.5")
Row = tuple[datetime, datetime, str]

_MEETING_STATUS = {
    MeetingStatus.PLANNED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def _rows(found: Iterable[list[str]]) -> list[Row]:
    return sorted(
        (
            datetime.fromisoformat(start).astimezone(UTC),
            datetime.fromisoformat(end).astimezone(UTC),
            status,
        )
        for start, end, status in found
    )


def _run(argv: list[str], feed: bytes) -> list[Row]:
    done = subprocess.run(argv, input=feed, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, f"{argv[-1]} refused the feed: {done.stderr.decode()}"
    return _rows(json.loads(done.stdout))


def libical_rows(feed: bytes) -> list[Row]:
    """The instances libical 3 (behind Evolution) expands, through the system's GObject
    bindings, which only the system interpreter has."""
    probe = [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('ICalGLib', '3.0')"]
    if not Path(SYSTEM_PYTHON).exists() or subprocess.run(probe, check=False).returncode != 0:
        pytest.skip("libical missing: apt-get install python3-gi gir1.2-ical-3.0")
    return _run([SYSTEM_PYTHON, str(CLIENTS / "libical_dates.py")], feed)


def node_client(*packages: str) -> str:
    """The node executable, once the npm packages the tests need are installed."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node missing: apt-get install nodejs npm, then npm ci --prefix tests/clients")
    for package in packages:
        if not (CLIENTS / "node_modules" / package / "package.json").is_file():
            pytest.skip(f"npm package {package} missing: npm ci --prefix tests/clients")
    return node


def ical_js_rows(feed: bytes, version: str) -> list[Row]:
    """The instances ical.js 2, or ical.js 1.5 as bundled by ical-expander, shows."""
    node = node_client("ical.js" if version == "2" else "ical-expander")
    return _run([node, str(CLIENTS / "ical_dates.mjs"), version], feed)


def _group(registry: Registry, network: str) -> set[str]:
    """The network and its sub-groups at any depth, whose meetings its feed carries."""
    group = {network}
    while more := {n.id for n in registry.networks if n.parent in group} - group:
        group |= more
    return group


def expected_rows(
    registry: Registry,
    *,
    network: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Row]:
    """What a feed must show according to scheduling: every occurrence that is not skipped
    (a cancelled one as CANCELLED) and every single meeting, of ``network`` (None: all)."""
    networks = None if network is None else _group(registry, network)
    rows: list[Row] = []
    for series in registry.series:
        if networks is not None and series.network not in networks:
            continue
        for found in occurrences(registry, series=series.id, start=start, end=end):
            if found.status is OccurrenceStatus.SKIPPED:
                continue
            cancelled = found.status is OccurrenceStatus.CANCELLED
            status = "CANCELLED" if cancelled else "CONFIRMED"
            rows.append((found.start.astimezone(UTC), found.end.astimezone(UTC), status))
    for meeting in registry.meetings:
        if networks is not None and meeting.network not in networks:
            continue
        if (start is None or meeting.end.date() >= start) and (
            end is None or meeting.start.date() <= end
        ):
            status = _MEETING_STATUS[meeting.status]
            rows.append((meeting.start.astimezone(UTC), meeting.end.astimezone(UTC), status))
    return sorted(rows)
