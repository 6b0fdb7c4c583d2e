"""Everything that loads is safe: each hostile registry of issue 10, as a test.

Whatever ``load``, ``loads`` and ``from_dict`` accept, every public function processes in
bounded time and memory, or loading refuses it with a problem at its path. The command line
runs in a child process, so a hang would end at the ``timeout`` guard, not stall the suite;
memory is measured in the child, under a limit on its address space. No assertion is timed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

import schulsozialarbeit as ssa
from schulsozialarbeit import (
    InvalidRuleError,
    OccurrenceChange,
    ParseError,
    StructureError,
    from_dict,
    load,
    loads,
)
from schulsozialarbeit.files import dumps, to_dict
from schulsozialarbeit.files.limits import MAX_ALIKE, MAX_PROBLEMS
from schulsozialarbeit.ical import write_feeds
from schulsozialarbeit.model import ChangeAction, VenueMode
from schulsozialarbeit.scheduling import series as series_module

from .test_rules import VALID

SERIES = "ak-schulsozialarbeit-sitzungen"
EXAMPLES = Path(__file__).resolve().parent.parent / "src/schulsozialarbeit/examples"
#: The hang guard: a command that has not ended by then hangs. Never a timed assertion.
GUARD = 120
AS_OF = date(2022, 6, 30)


def ssa_example(name: str) -> ssa.Registry:
    return load(EXAMPLES / name)


def soest() -> dict[str, Any]:
    """The Kreis Soest example as plain JSON data, to be spoilt by each test."""
    data: dict[str, Any] = json.loads(json.dumps(to_dict(ssa_example("kreis-soest"))))
    return data


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "registry.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SCHULSOZIALARBEIT_LOAD_PLUGINS": ""}
    return subprocess.run(
        [sys.executable, "-m", "schulsozialarbeit", "--lang", "en", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=GUARD,
        check=False,
    )


def refused(data: dict[str, Any]) -> dict[str, str]:
    """The problems loading reports, by path, in English."""
    with pytest.raises(StructureError) as caught:
        from_dict(data)
    return {p.path: p.message("en") for p in caught.value.problems}


def with_series(**fields: Any) -> dict[str, Any]:
    data = soest()
    series = data["series"][0]
    series.pop("changes", None)
    series.update(fields)
    for name, value in fields.items():
        if value is None:
            del series[name]
    return data


# --- 1. a rule that raises does not take the others with it -------------------------------


def test_a_series_at_the_end_of_the_calendar_cannot_be_built_by_hand() -> None:
    """The model holds a hand-built object to the loader's bounds, in the loader's words."""
    registry = ssa_example("kreis-soest")
    with pytest.raises(ssa.StructureError) as caught:
        OccurrenceChange(date=date(9999, 12, 31), action=ChangeAction.CANCEL)
    assert [p.message("en") for p in caught.value.problems] == [
        "date: expected a date in the years 1900 to 2200, found: datetime.date(9999, 12, 31)"
    ]
    with pytest.raises(ssa.StructureError) as caught:
        attrs.evolve(registry.series[0], first=date(9999, 12, 31), rrule="FREQ=YEARLY")
    assert [p.path for p in caught.value.problems] == ["first"]


def test_a_rule_that_fails_on_a_hand_built_registry_leaves_every_other_problem() -> None:
    registry = ssa_example("kreis-soest")
    series = attrs.evolve(registry.series[0], first=date(2200, 12, 31), rrule="FREQ=YEARLY")
    position = attrs.evolve(registry.positions[0], carrier="gibt-es-nicht", fte=Decimal("1.5"))
    meeting = attrs.evolve(
        registry.meetings[0], venue=attrs.evolve(registry.meetings[0].venue, mode=VenueMode.ONLINE)
    )
    spoilt = attrs.evolve(
        registry,
        series=(series,),
        positions=(position, *registry.positions[1:]),
        meetings=(meeting, *registry.meetings[1:]),
    )
    report = ssa.validate(spoilt, as_of=AS_OF)  # must not raise
    codes = {(i.code, i.path) for i in report.issues}
    assert ("unknown-reference", "positions[0].carrier") in codes
    assert ("fte-out-of-range", "positions[0].fte") in codes
    assert ("online-venue-without-url", "meetings[0].venue.url") in codes
    assert not report.ok
    for issue in report.issues:
        issue.message("de")


def test_the_same_series_in_a_file_is_refused_at_its_path(tmp_path: Path) -> None:
    data = with_series(first="9999-12-31", rrule="FREQ=YEARLY")
    data["series"][0]["changes"] = [{"date": "9999-12-31", "action": "cancel"}]
    problems = refused(data)
    assert "1900 to 2200" in problems["series[0].first"]
    assert "series[0].changes[0].date" in problems
    result = cli("validate", str(write(tmp_path, data)))
    assert result.returncode == 1
    assert "series[0].first" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


# --- 2. rules that parse but would hang ---------------------------------------------------

HANGING = [
    "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=SECONDLY;COUNT=10000000",
    "FREQ=DAILY;INTERVAL=0",
    "FREQ=MINUTELY",
    "FREQ=DAILY",  # open: more than MAX_DATES in ten years
]


@pytest.mark.parametrize("rule", HANGING)
def test_a_rule_that_would_hang_is_invalid_and_every_output_refuses_it(
    rule: str, tmp_path: Path
) -> None:
    data = with_series(rrule=rule)
    registry = from_dict(data)
    report = ssa.validate(registry, as_of=AS_OF)
    assert ("invalid-rrule", "series[0].rrule") in {(i.code, i.path) for i in report.issues}
    with pytest.raises(InvalidRuleError):
        ssa.occurrences(registry, series=SERIES)
    for mode in ("expanded", "rrule"):
        with pytest.raises(InvalidRuleError):
            ssa.to_ical(registry, mode=mode)
    with pytest.raises(InvalidRuleError):
        write_feeds(registry, tmp_path / "api-feeds")
    path = write(tmp_path, data)
    assert cli("validate", str(path)).returncode == 1
    for args in (
        ("occurrences", str(path), "--series", SERIES),
        ("ical", str(path)),
        ("ical", str(path), "--mode", "rrule"),
        ("feeds", str(path), str(tmp_path / "feeds")),
    ):
        result = cli(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert rule in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "rule", ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31"]
)
def test_a_rule_without_any_date_is_an_error_and_gives_empty_outputs(
    rule: str, tmp_path: Path
) -> None:
    for count in (None, 1000):
        data = with_series(rrule=rule, count=count)
        registry = from_dict(data)
        report = ssa.validate(registry, as_of=AS_OF)
        assert ("rrule-without-dates", "series[0].rrule") in {
            (i.code, i.path) for i in report.issues
        }
        assert ssa.occurrences(registry, series=SERIES) == ()
        for mode in ("expanded", "rrule"):
            assert b"BEGIN:VCALENDAR" in ssa.to_ical(registry, mode=mode)
        path = write(tmp_path, data)
        assert cli("validate", str(path)).returncode == 1
        assert cli("occurrences", str(path), "--series", SERIES).returncode == 0
        assert cli("feeds", str(path), str(tmp_path / f"feeds-{count}")).returncode == 0


@pytest.mark.parametrize("count", [-5, 0, 1001, 9007199254740991])
def test_a_count_out_of_range_is_refused_at_load(count: int, tmp_path: Path) -> None:
    problems = refused(with_series(rrule="FREQ=WEEKLY", count=count))
    assert "from 1 to 1000" in problems["series[0].count"]
    result = cli("ical", str(write(tmp_path, with_series(rrule="FREQ=WEEKLY", count=count))))
    assert result.returncode == 2
    assert "series[0].count" in result.stderr


@pytest.mark.parametrize(
    "rule",
    [
        "RRULE:FREQ=DAILY;COUNT=3\nEXDATE:20240111T090000",
        "DTSTART:20240101T090000\nRRULE:FREQ=DAILY",
        "FREQ=WEEKLY\n",
        "BYDAY=MO",
        "FREQ=WEEKLY;FREQ=DAILY",
        "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12",
        "FREQ=WEEKLY;X-NAME=1",
        "FREQ=WEEKLY;BYDAY=" + ",".join(["MO"] * 300),
    ],
)
def test_a_rule_text_that_is_not_one_rrule_line_is_refused_at_load(
    rule: str, tmp_path: Path
) -> None:
    problems = refused(with_series(rrule=rule))
    assert "recurrence rule on one line" in problems["series[0].rrule"]
    result = cli("occurrences", str(write(tmp_path, with_series(rrule=rule))), "--series", SERIES)
    assert result.returncode == 2
    assert "series[0].rrule" in result.stderr


def test_the_rule_parts_a_series_uses_still_load() -> None:
    for rule in (
        "FREQ=MONTHLY;BYDAY=2WE",
        "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
        "freq=monthly;bymonthday=-1",
        "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;WKST=MO",
        "FREQ=WEEKLY;UNTIL=20241231T230000Z",
    ):
        registry = from_dict(with_series(rrule=rule))
        assert registry.series[0].rrule == rule


# --- 3. memory: many empty tables, dotted keys ---------------------------------------------

#: The child process: the command under a limit on its address space, then its peak memory.
_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
from schulsozialarbeit.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
# VmHWM belongs to this program's own memory map; ru_maxrss would also count the
# parent's (a large pytest process) from before exec.
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(f"PEAK {peak} CODE {code}", file=sys.stderr)
"""


def child(*args: str) -> tuple[int, int, str, str]:
    """(exit status, peak resident memory in KiB, stdout, stderr) of a command in a child."""
    env = {**os.environ, "SCHULSOZIALARBEIT_LOAD_PLUGINS": ""}
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, "--lang", "en", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=GUARD,
        check=False,
    )
    last = result.stderr.rstrip().rsplit("\n", 1)[-1]
    assert last.startswith("PEAK "), result.stderr[-2000:]
    _, peak, _, code = last.split()
    return int(code), int(peak), result.stdout, result.stderr


def test_a_hundred_thousand_empty_schools_give_a_page_of_problems(tmp_path: Path) -> None:
    path = tmp_path / "schools.json"
    path.write_text(json.dumps({"name": "x", "schools": [{}] * 100_000}), encoding="utf-8")
    code, peak, out, err = child("validate", str(path))
    assert code == 1
    assert peak < 300 * 1024
    lines = (out + err).splitlines()
    assert len(lines) < 200
    assert "more problems like it" in out + err
    assert "checking stopped" in out + err
    with pytest.raises(StructureError) as caught:
        load(path)
    problems = caught.value.problems
    assert len(problems) < 100
    missing_ids = [p for p in problems if p.key == "missing-field" and p.path.endswith(".id")]
    assert len(missing_ids) == MAX_ALIKE
    (stopped,) = [p for p in problems if p.key == "structure-stopped"]
    assert dict(stopped.params)["count"] == 100_000 - MAX_PROBLEMS


def test_a_million_empty_tables_are_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "tables.json"
    path.write_text('{"name": "x", "schools": [' + ",".join(["{}"] * 1_000_000) + "]}")
    code, peak, out, err = child("validate", str(path))
    assert code == 1
    assert peak < 400 * 1024
    assert len((out + err).splitlines()) < 200


def test_a_million_empty_toml_tables_are_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "tables.toml"
    path.write_text('name = "x"\n' + "[[schools]]\n" * 1_000_000, encoding="utf-8")
    code, peak, out, err = child("validate", str(path))
    assert code == 1
    assert peak < 400 * 1024
    assert len((out + err).splitlines()) < 200


@pytest.mark.parametrize(
    "text",
    [
        "a" + ".a" * 20_000 + " = 1\n",
        "[" + ".".join(["a"] * 20_000) + "]\nx = 1\n",
        "x = { " + ".".join(['"a"'] * 20_000) + " = 1 }\n",
        "a" + " . a" * 100 + " = 1\n",
    ],
)
def test_dotted_keys_count_in_the_depth_limit(text: str, tmp_path: Path) -> None:
    with pytest.raises(ParseError) as caught:
        loads(text)
    assert caught.value.line == 1
    assert "levels deep" in caught.value.message("en")
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_shallow_dotted_keys_still_load() -> None:
    inline = 'venue = { mode = "online", url = "https://meet.example/ak" }'
    assert VALID.count(inline) == 1
    dotted = VALID.replace(
        inline, 'venue . mode = "online"\n"venue".url = "https://meet.example/ak"'
    )
    assert loads(dotted) == loads(VALID)
    for name in ("herne", "gelsenkirchen", "kreis-soest"):
        registry = ssa_example(name)
        assert loads(dumps(registry, "toml")) == registry


# --- 4. values that loaded, then crashed --------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("start", "0001-01-01T00:10"),
        ("start", "9999-12-31T23:00"),
        ("start", "1899-12-31T23:00"),
        ("end", "2201-01-01T00:00"),
        ("start", "9999-12-31T23:00+00:00"),
    ],
)
def test_a_meeting_time_outside_the_years_is_refused_at_its_path(
    field: str, value: str, tmp_path: Path
) -> None:
    data = soest()
    data["meetings"][0][field] = value
    problems = refused(data)
    assert "1900 to 2200" in problems[f"meetings[0].{field}"]
    result = cli("ical", str(write(tmp_path, data)))
    assert result.returncode == 2
    assert f"meetings[0].{field}" in result.stderr


@pytest.mark.parametrize(
    "zone",
    [
        "Etc/GMT-14",
        "Etc/GMT+12",
        "Factory",
        "localtime",
        "posix/Europe/Berlin",
        "right/Europe/Berlin",
        "US/Eastern",
        "CET",
        "Europe",
        "Europe/../Europe/Berlin",
        "Europe/Atlantis",
    ],
)
def test_a_time_zone_that_is_no_place_is_refused(zone: str, tmp_path: Path) -> None:
    data = soest()
    data["timezone"] = zone
    problems = refused(data)
    assert "Area/Location" in problems["timezone"]
    result = cli("ical", str(write(tmp_path, data)))
    assert result.returncode == 2


@pytest.mark.parametrize("zone", ["Europe/Berlin", "UTC", "Etc/UTC", "America/Argentina/Cordoba"])
def test_a_time_zone_of_a_place_loads(zone: str) -> None:
    data = soest()
    data["timezone"] = zone
    assert from_dict(data).timezone == zone


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_furthest_zones_at_the_edges_of_the_years_give_every_output(
    zone: str, tmp_path: Path
) -> None:
    data = soest()
    data["timezone"] = zone
    data["meetings"][0].update(start="1900-01-01T00:10", end="1900-01-01T01:10")
    data["meetings"][1].update(start="2200-12-31T23:00", end="2200-12-31T23:50")
    data["series"][0].update(first="2200-11-01", rrule="FREQ=YEARLY")
    data["series"][0]["changes"] = [{"date": "2200-11-01", "action": "cancel"}]
    registry = from_dict(data)
    ssa.validate(registry)
    ssa.key_figures(registry)
    ssa.occurrences(registry, series=SERIES)
    for mode in ("expanded", "rrule"):
        ssa.to_ical(registry, mode=mode)
    path = write(tmp_path, data)
    for args in (
        ("validate", str(path)),
        ("ical", str(path), "--mode", "rrule"),
        ("feeds", str(path), str(tmp_path / "feeds")),
        ("report", str(path), "--format", "json"),
        ("export", str(path), "--format", "xlsx", "-o", str(tmp_path / "out.xlsx")),
        ("export", str(path), "--format", "toml", "--privacy", "internal"),
        ("occurrences", str(path), "--series", SERIES, "--format", "json"),
    ):
        result = cli(*args)
        assert result.returncode in (0, 1), (args, result.stderr)
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("revision", [-1, 1_000_001, 9007199254740991, -9007199254740991])
def test_a_revision_out_of_range_is_refused(revision: int, tmp_path: Path) -> None:
    data = soest()
    data["meetings"][0]["revision"] = revision
    data["series"][0]["revision"] = revision
    problems = refused(data)
    assert "from 0 to 1000000" in problems["meetings[0].revision"]
    assert "from 0 to 1000000" in problems["series[0].revision"]
    result = cli("ical", str(write(tmp_path, data)))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_the_largest_revision_gives_a_feed() -> None:
    data = soest()
    data["series"][0]["revision"] = 1_000_000
    data["meetings"][0]["revision"] = 1_000_000
    assert b"SEQUENCE:1000000" in ssa.to_ical(from_dict(data), mode="rrule")


def test_a_series_from_the_first_year_with_a_count_is_refused() -> None:
    problems = refused(with_series(first="0001-01-01", count=5, rrule="FREQ=WEEKLY"))
    assert "1900 to 2200" in problems["series[0].first"]


def test_every_refusal_names_its_path_in_both_languages() -> None:
    data = with_series(first="9999-12-31", count=-5, rrule="FREQ=DAILY\nEXDATE:20240111")
    data["timezone"] = "Factory"
    with pytest.raises(StructureError) as caught:
        from_dict(data)
    paths = {p.path for p in caught.value.problems}
    assert paths >= {"timezone", "series[0].first", "series[0].count", "series[0].rrule"}
    for lang in ("de", "en"):
        assert caught.value.message(lang)


def test_the_search_for_a_date_that_never_comes_stops_at_the_horizon(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """dateutil alone would search on to the year 9999; the guard must be what stops it."""
    stops: list[int] = []

    class Counted(series_module._PastHorizon):
        def __init__(self) -> None:
            stops.append(1)
            super().__init__()

    monkeypatch.setattr(series_module, "_PastHorizon", Counted)
    registry = from_dict(with_series(rrule="FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"))
    zone = ZoneInfo(registry.timezone)
    assert series_module.rule_dates(registry.series[0], zone) == []
    assert stops == [1]
