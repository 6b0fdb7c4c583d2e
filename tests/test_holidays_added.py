"""School holidays beyond the published tables: a registry's own periods and movable days.

The ``holidays`` package knows NRW school holidays up to the summer of 2029. The 2030
summer holidays below (15 July to 27 August) are assumed for the test, the way an office
would type in the Ferienordnung; 2029's come from the package.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import icalendar
import pytest

import schulsozialarbeit as ssa
from schulsozialarbeit.scheduling import occurrences

REGISTRY = """\
name = "Kreis Soest"

[[regions]]
id = "kreis-soest"
name = "Kreis Soest"
kind = "kreis"
key = "05974000"

[[regions]]
id = "kreis-olpe"
name = "Kreis Olpe"
kind = "kreis"
key = "05966000"

[[schools]]
id = "gs-stadtpark"
name = "Grundschule am Stadtpark"
form = "grundschule"
region = "kreis-soest"
movable_days = [2029-06-13]

[[offices]]
id = "ks"
name = "Koordinierungsstelle Kreis Soest"
region = "kreis-soest"

[[offices]]
id = "olpe"
name = "Koordinierungsstelle Kreis Olpe"
region = "kreis-olpe"

# Jedes Jahr im Juli; in den Sommerferien eine Woche später, bis es passt.
[[series]]
id = "sommer-ak"
kind = "working_group"
title = "AK im Juli"
first = 2029-07-11
dates = [2029-07-11, 2030-07-17]
start_time = 09:00:00
end_time = 12:00:00
on_holiday = "next_week"
organiser = "ks"
venue = { mode = "in_person", name = "Kreishaus Soest" }

[[series]]
id = "an-der-schule"
kind = "working_group"
title = "Runder Tisch an der Grundschule"
first = 2029-06-13
dates = [2029-06-13, 2029-06-20]
start_time = 14:00:00
end_time = 15:00:00
organiser = "ks"
venue = { mode = "in_person", name = "Aula", school = "gs-stadtpark" }

[[series]]
id = "in-olpe"
kind = "working_group"
title = "AK Olpe"
first = 2029-06-13
dates = [2029-06-13]
start_time = 14:00:00
end_time = 15:00:00
organiser = "olpe"
venue = { mode = "in_person", name = "Kreishaus Olpe" }
"""

SUMMER_2030 = """\
# Sommerferien 2030 nach der Ferienordnung NRW (für den Test angenommen)
[[holidays]]
id = "sommerferien-2030"
name = "Sommerferien"
start = 2030-07-15
end = 2030-08-27
"""


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schulsozialarbeit", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "registry.toml").write_text(REGISTRY, encoding="utf-8")
    return tmp_path


def _dates(folder: Path, series: str) -> list[dict[str, str]]:
    result = cli("occurrences", folder, "--series", series, "--format", "json")
    assert result.returncode == 0, result.stderr
    records: list[dict[str, str]] = json.loads(result.stdout)["occurrences"]
    return records


def _warnings(folder: Path) -> list[tuple[str, str, str]]:
    result = cli("--lang", "en", "validate", folder, "--format", "json", "--as-of", "2029-01-01")
    assert result.returncode == 0, result.stderr
    return [
        (i["code"], i["path"], i["message"])
        for i in json.loads(result.stdout)["issues"]
        if i["severity"] == "warning"
    ]


def test_a_series_crossing_into_2030_is_warned_about_naming_the_year(folder: Path) -> None:
    assert _warnings(folder) == [
        (
            "school-holidays-unknown",
            "registry.toml:series[0].dates",
            "The series has dates in 2030, a year for which no school holidays are known; "
            "dates in holidays will not be moved",
        )
    ]
    # Without the period, the 2030 date stays in what will be the summer holidays.
    assert _dates(folder, "sommer-ak")[1]["start"] == "2030-07-17T09:00:00+02:00"


def test_a_2030_period_moves_its_date_as_the_package_moves_2029s(folder: Path) -> None:
    (folder / "holidays.toml").write_text(SUMMER_2030, encoding="utf-8")
    in_2029, in_2030 = _dates(folder, "sommer-ak")
    assert in_2029 == {
        "start": "2029-08-15T09:00:00+02:00",
        "end": "2029-08-15T12:00:00+02:00",
        "status": "moved",
        "reason": "verschoben vom 11.07.2029 (Sommerferien)",
    }
    assert in_2030 == {
        "start": "2030-08-28T09:00:00+02:00",
        "end": "2030-08-28T12:00:00+02:00",
        "status": "moved",
        "reason": "verschoben vom 17.07.2030 (Sommerferien)",
    }
    assert _warnings(folder) == []
    # The feed a calendar subscribes to carries the moved date.
    feed = cli("ical", folder, "--series", "sommer-ak")
    assert feed.returncode == 0, feed.stderr
    calendar = icalendar.Calendar.from_ical(feed.stdout)
    starts = sorted(event.decoded("DTSTART").date() for event in calendar.walk("VEVENT"))
    assert starts == [date(2029, 8, 15), date(2030, 8, 28)]


def test_a_regions_period_closes_days_for_that_region_only(folder: Path) -> None:
    (folder / "holidays.toml").write_text(
        '[[holidays]]\nid = "olpe-frei"\nname = "Schützenfest"\nstart = 2029-06-13\n'
        'end = 2029-06-13\nregion = "kreis-olpe"\n',
        encoding="utf-8",
    )
    registry = ssa.load(folder)
    (olpe,) = occurrences(registry, series="in-olpe")
    assert (olpe.status.value, olpe.reason_text("de")) == (
        "skipped",
        "entfällt: Schützenfest",
    )
    # The series at the school in Kreis Soest is closed by the school's movable day only.
    first, second = occurrences(registry, series="an-der-schule")
    assert first.status.value == "skipped"
    assert first.reason_text("de") == "entfällt: Beweglicher Ferientag (Grundschule am Stadtpark)"
    assert second.status.value == "scheduled"
    (july,) = [o for o in occurrences(registry, series="sommer-ak") if o.original.year == 2029]
    assert july.reason_text("de") == "verschoben vom 11.07.2029 (Sommerferien)"


def test_a_schools_period_closes_days_for_meetings_held_there(folder: Path) -> None:
    (folder / "holidays.toml").write_text(
        '[[holidays]]\nid = "projektwoche"\nname = "Projektwoche"\nstart = 2029-06-18\n'
        'end = 2029-06-22\nschool = "gs-stadtpark"\n',
        encoding="utf-8",
    )
    registry = ssa.load(folder)
    statuses = [o.status.value for o in occurrences(registry, series="an-der-schule")]
    assert statuses == ["skipped", "skipped"]
    assert [o.status.value for o in occurrences(registry, series="in-olpe")] == ["scheduled"]


def test_holiday_periods_name_real_regions_and_schools(folder: Path) -> None:
    (folder / "holidays.toml").write_text(
        '[[holidays]]\nid = "x"\nname = "X"\nstart = 2029-06-22\nend = 2029-06-18\n'
        'school = "gibt-es-nicht"\n',
        encoding="utf-8",
    )
    result = cli("validate", folder, "--format", "json", "--as-of", "2029-01-01")
    assert result.returncode == 1
    found = {(i["code"], i["path"]) for i in json.loads(result.stdout)["issues"]}
    assert ("unknown-reference", "holidays.toml:holidays[0].school") in found
    assert ("end-before-start", "holidays.toml:holidays[0].end") in found


def test_the_scheduling_docs_holidays_file_works_as_described(folder: Path) -> None:
    import re

    text = (Path(__file__).parent.parent / "docs" / "scheduling.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```toml\n(.*?)```", text, re.S)
    (folder / "holidays.toml").write_text(example, encoding="utf-8")
    registry = ssa.load(folder)
    moved = occurrences(registry, series="sommer-ak")[1]
    assert moved.reason_text("de") == "verschoben vom 17.07.2030 (Sommerferien)"
    at_school = occurrences(registry, series="an-der-schule")
    assert [o.reason_text("de") for o in at_school] == [
        "entfällt: Beweglicher Ferientag (Grundschule am Stadtpark)",
        "entfällt: Projektwoche",
    ]
