"""Every step at every size, with its baselines, in one run: ``python -m benchmarks.run``.

A time on its own says little (it depends on the machine), so each step is measured beside a
baseline run in the same process on the same data, and the figures to judge are the ratios:
against the floor (parsing alone, bare rrule, joining finished bytes), against the obvious
code with the libraries everyone would use (icalendar, ics-py), and against the next smaller
size (how cost grows). docs/performance.md says what each ratio means and what it should be.

Times are best of N with ``time.perf_counter`` (N falls with size; Germany runs once, but for
the feed, which is the same size everywhere and runs three times). Peak
memory is tracemalloc's peak of Python allocations during the step, taken in a separate,
untimed pass, because tracing slows Python code down severalfold. The Germany check at the
end (load, validate, report in one fresh process) is that process's peak resident set size
from ``resource``, which is what a machine's RAM must hold.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import tomllib
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from importlib import metadata
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import icalendar
from attrs import frozen
from dateutil.rrule import rrule, rruleset, rrulestr
from ical.calendar_stream import IcsCalendarStream
from icalendar.parser import unescape_backslash

from benchmarks.generate import SIZES, generate
from schulsozialarbeit import (
    MeetingSeries,
    Registry,
    key_figures,
    load,
    occurrences,
    to_ical,
    validate,
)
from schulsozialarbeit.files import dumps

#: The reference date of validation and figures: fixed, so every run counts the same.
AS_OF = date(2025, 6, 30)
#: How many events the feed of the to_ical step holds, at every size.
FEED_EVENTS = 10_000
#: The span of the occurrences step: ten years of every series.
SPAN = timedelta(days=3653)
REPEAT = {"district": 5, "nrw": 3, "germany": 1}
#: The feed is the same size at every size, and its icalendar baseline takes seconds: three
#: runs at each, so that Germany's ratio is not that of a single run.
FEED_REPEAT = 3


@frozen(kw_only=True)
class Step:
    """One measured step at one size: its time, peak memory, how much data it handled
    (``units``, to normalise growth) and each baseline's time under its name."""

    name: str
    size: str
    seconds: float
    peak: int
    units: int
    unit: str
    baselines: dict[str, float] = attrs.field(factory=dict)


def best(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The fastest of ``repeat`` runs of each action, the actions taking turns.

    Slower runs only add noise from the machine; taking turns puts a step and its
    baselines under the same noise, so their ratio holds even when the machine is busy.
    """
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            gc.collect()
            begin = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - begin)
    return {name: min(found) for name, found in times.items()}


def peak(action: Callable[[], object]) -> int:
    """Peak bytes of Python allocations while ``action`` runs, above what was held before."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        action()
        _, highest = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return highest - before


def weekly(registry: Registry) -> list[MeetingSeries]:
    return [s for s in registry.series if s.rrule is not None and "FREQ=WEEKLY" in s.rrule]


def _occurrences(registry: Registry) -> int:
    """Ten years of every series (weekly, monthly with BYSETPOS, bounded by COUNT or UNTIL,
    on explicit dates), through the public API as an embedding calls it: by registry and
    series id."""
    total = 0
    for series in registry.series:
        total += len(
            occurrences(registry, series=series.id, start=series.first, end=series.first + SPAN)
        )
    return total


def _bare_rrule(registry: Registry) -> int:
    """The baseline of the occurrences step: dateutil expanding the same series, nothing else.

    Each rule with the series' COUNT and UNTIL, as a caller would pass them, and the explicit
    dates as RDATEs of a set; a rule alone is iterated as it is (a set merges through a
    heap, which would slow the baseline). ``measure_size`` checks that it counts the same
    occurrences as the library.
    """
    zone = ZoneInfo(registry.timezone)
    total = 0
    for series in registry.series:
        dtstart = datetime.combine(series.first, series.start_time, tzinfo=zone)
        bounds: dict[str, Any] = {}
        if series.count is not None:
            bounds["count"] = series.count
        if series.until is not None:
            bounds["until"] = datetime.combine(series.until, series.start_time, tzinfo=zone)
        rule = None
        if series.rrule is not None:
            parsed = rrulestr(series.rrule, dtstart=dtstart)
            if not isinstance(parsed, rrule):
                raise AssertionError(f"{series.id}: one RRULE a generated series")
            rule = parsed.replace(**bounds)
        dates: Iterable[datetime]
        if series.dates or rule is None:
            dates = found = rruleset()
            if rule is not None:
                found.rrule(rule)
            for day in series.dates:
                found.rdate(datetime.combine(day, series.start_time, tzinfo=zone))
        else:
            dates = rule
        last = series.first + SPAN
        for moment in dates:
            if moment.date() > last:
                break
            total += 1
    return total


def feed_registry(registry: Registry) -> Registry:
    """The registry with just enough weekly series for a feed of about FEED_EVENTS events.

    Everything else stays (schools, offices, networks), so the feed is written in the
    context of the whole registry, as a real one would be.
    """
    chosen: list[MeetingSeries] = []
    events = 0
    for series in weekly(registry) * (FEED_EVENTS // 100):
        if events >= FEED_EVENTS:
            break
        copy = attrs.evolve(series, id=f"{series.id}-feed{len(chosen)}")
        chosen.append(copy)
        events += sum(
            1 for o in occurrences(copy, timezone=registry.timezone) if o.status.value != "skipped"
        )
    return attrs.evolve(registry, meetings=(), series=tuple(chosen))


def _events(feed: bytes) -> list[dict[str, Any]]:
    """The feed's events as plain values, so every baseline writes exactly the same events."""
    calendar = icalendar.Calendar.from_ical(feed)
    found = []
    for component in calendar.walk("VEVENT"):
        # Read back as the plain values the baselines need: the types are known here.
        organizer: Any = component["ORGANIZER"]
        categories: Any = component["CATEGORIES"]
        geo: Any = component.get("GEO")
        found.append(
            {
                "uid": str(component["UID"]),
                "dtstamp": component.decoded("DTSTAMP"),
                "sequence": int(str(component["SEQUENCE"])),
                "start": component.decoded("DTSTART"),
                "end": component.decoded("DTEND"),
                "summary": str(component["SUMMARY"]),
                "status": str(component["STATUS"]),
                "category": str(categories.cats[0]),
                "organizer": str(organizer),
                "organizer_name": str(organizer.params["CN"]),
                "location": str(component.get("LOCATION", "")) or None,
                "geo": (geo.latitude, geo.longitude) if geo is not None else None,
                "url": str(component.get("URL", "")) or None,
                "conference": str(component.get("CONFERENCE", "")) or None,
                "description": str(component.get("DESCRIPTION", "")) or None,
            }
        )
    return found


def _calendar(feed: bytes) -> dict[str, Any]:
    """The values of the feed's calendar and its one time zone, for the value floor."""
    calendar = icalendar.Calendar.from_ical(feed)
    (zone,) = calendar.walk("VTIMEZONE")
    # The rule of each block is a vRecur, read as the mapping it is.
    rules: list[Any] = [block["RRULE"] for block in zone.subcomponents]
    return {
        "prodid": str(calendar["PRODID"]),
        "calscale": str(calendar["CALSCALE"]),
        "method": str(calendar["METHOD"]),
        # X- properties are read back raw (icalendar does not know them): unescaped here.
        "name": unescape_backslash(str(calendar["X-WR-CALNAME"])),
        "refresh": calendar.decoded("REFRESH-INTERVAL"),
        "tzid": str(zone["TZID"]),
        "rules": [
            {
                "kind": block.name,
                "start": block.decoded("DTSTART"),
                "month": int(rule["BYMONTH"][0]),
                "day": str(rule["BYDAY"][0]),
                "name": str(block["TZNAME"]),
                "from": block.decoded("TZOFFSETFROM"),
                "to": block.decoded("TZOFFSETTO"),
            }
            for block, rule in zip(zone.subcomponents, rules, strict=True)
        ],
    }


def obvious_icalendar(events: Sequence[dict[str, Any]]) -> bytes:
    """What one would write with icalendar: an Event per occurrence, zones added for us."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//benchmark//icalendar//DE")
    calendar.add("version", "2.0")
    for item in events:
        event = icalendar.Event()
        event.add("uid", item["uid"])
        event.add("dtstamp", item["dtstamp"])
        event.add("sequence", item["sequence"])
        event.add("dtstart", item["start"])
        event.add("dtend", item["end"])
        event.add("summary", item["summary"])
        event.add("status", item["status"])
        event.add("categories", [item["category"]])
        organizer = icalendar.vCalAddress(item["organizer"])
        organizer.params["CN"] = item["organizer_name"]
        event.add("organizer", organizer)
        for name in ("location", "url", "description"):
            if item[name]:
                event.add(name, item[name])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def ics_py(events: Sequence[dict[str, Any]]) -> str:
    """The same events written by ics-py, the other common calendar writer."""
    import ics

    calendar = ics.Calendar()
    for item in events:
        calendar.events.add(
            ics.Event(
                name=item["summary"],
                begin=item["start"],
                end=item["end"],
                uid=item["uid"],
                description=item["description"],
                location=item["location"],
                url=item["url"],
                status=item["status"],
                categories=[item["category"]],
                organizer=ics.Organizer(
                    email=item["organizer"].removeprefix("mailto:"),
                    common_name=item["organizer_name"],
                ),
            )
        )
    return str(calendar.serialize())


def _fold(line: str) -> str:
    """RFC 5545 folding: at most 74 octets a line, never inside a character, and a
    backslash or caret kept with what it escapes (as icalendar folds)."""
    data = line.encode("utf-8")
    if len(data) <= 74:
        return line
    parts = []
    start = 0
    while len(data) - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
    parts.append(data[start:].decode("utf-8"))
    return "\r\n ".join(parts)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _moment(name: str, value: datetime) -> str:
    """A start, end or stamp: local time with its TZID, or UTC with Z."""
    key = getattr(value.tzinfo, "key", "UTC")
    if key == "UTC":
        return f"{name}:{value:%Y%m%dT%H%M%S}Z"
    return f"{name};TZID={key}:{value:%Y%m%dT%H%M%S}"


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _header(calendar: dict[str, Any]) -> list[str]:
    """The calendar's properties and its VTIMEZONE, as f-strings from their values."""
    name = _escape(calendar["name"])
    refresh = f"PT{int(calendar['refresh'].total_seconds()) // 3600}H"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{calendar['prodid']}",
        f"CALSCALE:{calendar['calscale']}",
        f"METHOD:{calendar['method']}",
        _fold(f"NAME:{name}"),
        _fold(f"X-WR-CALNAME:{name}"),
        f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}",
        f"X-PUBLISHED-TTL:{refresh}",
        f"X-WR-TIMEZONE:{calendar['tzid']}",
        "BEGIN:VTIMEZONE",
        f"TZID:{calendar['tzid']}",
    ]
    for rule in calendar["rules"]:
        lines += [
            f"BEGIN:{rule['kind']}",
            f"DTSTART:{rule['start']:%Y%m%dT%H%M%S}",
            f"RRULE:FREQ=YEARLY;BYDAY={rule['day']};BYMONTH={rule['month']}",
            f"TZNAME:{rule['name']}",
            f"TZOFFSETFROM:{_offset(rule['from'])}",
            f"TZOFFSETTO:{_offset(rule['to'])}",
            f"END:{rule['kind']}",
        ]
    lines.append("END:VTIMEZONE")
    return lines


def value_floor(events: Sequence[dict[str, Any]], calendar: dict[str, Any]) -> bytes:
    """The floor of to_ical: the same calendar and events as f-strings from their values,
    escaped and folded, every property to_ical writes, in its order.

    No objects, no checks, no cleaning of hostile text, no caching of repeated lines: what
    any writer must at least do to turn these values into these bytes.
    """
    lines = _header(calendar)
    for e in events:
        lines.append("BEGIN:VEVENT")
        lines.append(_fold(f"SUMMARY:{_escape(e['summary'])}"))
        lines.append(_moment("DTSTART", e["start"]))
        lines.append(_moment("DTEND", e["end"]))
        lines.append(_moment("DTSTAMP", e["dtstamp"]))
        lines.append(f"UID:{e['uid']}")
        lines.append(f"SEQUENCE:{e['sequence']}")
        lines.append(_fold(f"CATEGORIES:{_escape(e['category'])}"))
        if e["conference"]:
            lines.append(_fold(f"CONFERENCE;FEATURE=VIDEO;VALUE=URI:{e['conference']}"))
        if e["description"]:
            lines.append(_fold(f"DESCRIPTION:{_escape(e['description'])}"))
        if e["geo"]:
            lines.append(f"GEO:{e['geo'][0]};{e['geo'][1]}")
        if e["location"]:
            lines.append(_fold(f"LOCATION:{_escape(e['location'])}"))
        lines.append(_fold(f'ORGANIZER;CN="{e["organizer_name"]}":{e["organizer"]}'))
        lines.append(f"STATUS:{e['status']}")
        if e["url"]:
            lines.append(_fold(f"URL:{e['url']}"))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR\r\n")
    return "\r\n".join(lines).encode("utf-8")


def measure_size(size: str, folder: Path, log: Callable[[str], None]) -> list[Step]:
    registry = generate(size)
    json_path, toml_path = folder / f"{size}.json", folder / f"{size}.toml"
    json_path.write_text(dumps(registry, "json"), encoding="utf-8")
    toml_path.write_text(dumps(registry, "toml"), encoding="utf-8")
    schools = len(registry.schools)
    steps: list[Step] = []

    def step(
        name: str,
        action: Callable[[], object],
        units: int,
        unit: str,
        baselines: dict[str, Callable[[], object]] | None = None,
        repeat: int = REPEAT[size],
    ) -> None:
        measured = best({name: action, **(baselines or {})}, repeat)
        seconds = measured.pop(name)
        found = Step(
            name=name,
            size=size,
            seconds=seconds,
            peak=peak(action),
            units=units,
            unit=unit,
            baselines=measured,
        )
        steps.append(found)
        ratios = ", ".join(f"{k} {seconds / v:.2f}x" for k, v in measured.items())
        log(f"  {size:8} {name:13} {seconds:9.3f} s  {found.peak / 2**20:8.1f} MiB  {ratios}")

    step(
        "load JSON",
        lambda: load(json_path),
        schools,
        "schools",
        {"json.loads": lambda: json.loads(json_path.read_text(encoding="utf-8"))},
    )
    step(
        "load TOML",
        lambda: load(toml_path),
        schools,
        "schools",
        {"tomllib.loads": lambda: tomllib.loads(toml_path.read_text(encoding="utf-8"))},
    )
    step("validate", lambda: validate(registry, as_of=AS_OF), schools, "schools")
    step("key_figures", lambda: key_figures(registry, as_of=AS_OF), schools, "schools")
    counted = _occurrences(registry)
    if _bare_rrule(registry) != counted:
        raise AssertionError(f"bare rrule does not count the library's occurrences at {size}")
    step(
        "occurrences",
        lambda: _occurrences(registry),
        counted,
        "occurrences",
        {"bare rrule": lambda: _bare_rrule(registry)},
    )
    feed = feed_registry(registry)
    written = to_ical(feed)
    events = _events(written)
    strict = IcsCalendarStream.calendar_from_ics(written.decode("utf-8"))
    if len(strict.events) != len(events):
        raise AssertionError("icalendar and ical read a different number of events")
    text_lines = written.decode("utf-8").split("\r\n")
    values = _calendar(written)
    if value_floor(events, values) != written:
        raise AssertionError(f"the value floor does not write to_ical's bytes at {size} size")
    step(
        "to_ical",
        lambda: to_ical(feed),
        len(events),
        "events",
        {
            "icalendar": lambda: obvious_icalendar(events),
            "ics-py": lambda: ics_py(events),
            "value floor": lambda: value_floor(events, values),
            "join": lambda: "\r\n".join(text_lines).encode("utf-8"),
        },
        repeat=FEED_REPEAT,
    )
    return steps


# The commands as people type them: the console script pip installs beside the interpreter
# (``python -m`` would add runpy, which the script does without).
_STARTUP = {
    "python -c pass": ["{python}", "-c", "pass"],
    "import icalendar": ["{python}", "-c", "import icalendar"],
    "--help": ["{script}", "--help"],
    "validate herne": ["{script}", "--no-plugins", "validate", "{herne}"],
}


def startup(log: Callable[[str], None], repeat: int = 10) -> dict[str, float]:
    """Seconds of a fresh interpreter for each command, best of ``repeat``, taking turns.

    Every command runs with bytecode caching on, as an installed package has it (pip
    compiles at install), and the caches in a folder of their own: with
    ``PYTHONDONTWRITEBYTECODE`` set, as it may be where the benchmark runs, the package
    would be compiled from source at every start while the standard library and icalendar,
    the baselines, come with their caches. A round that is not counted fills the folder.
    """
    from schulsozialarbeit.examples import example_path

    herne = str(example_path("herne"))
    names = {"python": sys.executable, "herne": herne}
    names["script"] = str(Path(sys.executable).with_name("schulsozialarbeit"))
    times: dict[str, list[float]] = {name: [] for name in _STARTUP}
    with tempfile.TemporaryDirectory() as caches:
        environment = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPYCACHEPREFIX": caches,
        }
        for turn in range(repeat + 1):
            for name, args in _STARTUP.items():
                command = [a.format(**names) for a in args]
                begin = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True, env=environment)  # noqa: S603
                if turn:
                    times[name].append(time.perf_counter() - begin)
    best_of = {name: min(found) for name, found in times.items()}
    floor = best_of["python -c pass"]
    ical = best_of["import icalendar"]
    log(
        f"  start-up: --help {best_of['--help'] * 1000:.0f} ms = "
        f"{best_of['--help'] / floor:.1f}x python -c pass ({floor * 1000:.0f} ms); "
        f"validate herne {best_of['validate herne'] * 1000:.0f} ms = "
        f"{best_of['validate herne'] / ical:.2f}x import icalendar ({ical * 1000:.0f} ms)"
    )
    return best_of


# The peak is read as VmHWM, which belongs to the child's own memory map: ru_maxrss would
# also count this (large) benchmark process, from which the child was forked. The baseline
# process reads the same file with ``json.loads`` and nothing else, and is measured the same
# way: both peaks include the interpreter.
_PEAK = """
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
"""
_CHECK = (
    """
import sys
from datetime import date
from schulsozialarbeit import load, validate, key_figures
registry = load(sys.argv[1])
report = validate(registry, as_of=date(2025, 6, 30))
figures = key_figures(registry, as_of=date(2025, 6, 30))
"""
    + _PEAK
    + "print(peak * 1024, len(report.errors))\n"
)
_JSON_LOADS = (
    """
import json, sys
from pathlib import Path
data = json.loads(Path(sys.argv[1]).read_bytes())
"""
    + _PEAK
    + "print(peak * 1024, len(data))\n"
)


def _child(script: str, path: Path) -> tuple[float, list[str]]:
    begin = time.perf_counter()
    output = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script, str(path)], check=True, capture_output=True, text=True
    ).stdout.split()
    return time.perf_counter() - begin, output


def one_process(path: Path) -> dict[str, float]:
    """Load, validate and report ``path`` in a fresh process, and ``json.loads`` it in another.

    The seconds and peak resident set of the first, and the peak of the second: the issue's
    memory goal is the ratio of the two peaks.
    """
    seconds, output = _child(_CHECK, path)
    if output[1] != "0":
        raise AssertionError(f"the generated registry has {output[1]} validation errors")
    _, baseline = _child(_JSON_LOADS, path)
    return {"seconds": seconds, "peak_rss": int(output[0]), "json_loads_peak_rss": int(baseline[0])}


#: validate plus report may hold at most this multiple of what ``json.loads`` alone holds.
MEMORY_TARGET = 1.5


_BASELINE_TARGETS: dict[tuple[str, str], float] = {
    ("load JSON", "json.loads"): 2.5,
    ("occurrences", "bare rrule"): 2.0,
    ("to_ical", "icalendar"): 1 / 3,
    ("to_ical", "ics-py"): 1.0,
    ("to_ical", "value floor"): 1.5,
}
#: Ten times the data may cost at most eleven times the time.
GROWTH_TARGET = 1.1


def _growth(steps: Sequence[Step]) -> list[dict[str, Any]]:
    """Each step against the same step one size smaller, per unit of data."""
    by_key = {(s.size, s.name): s for s in steps}
    sizes = list(SIZES)
    rows = []
    for smaller, larger in pairwise(sizes):
        for step in steps:
            if step.size != larger or (smaller, step.name) not in by_key:
                continue
            before = by_key[smaller, step.name]
            data = step.units / before.units
            time_ratio = step.seconds / before.seconds
            # The floor's own growth, for comparison: at the larger size even json.loads
            # pays for memory the smaller one kept in cache.
            floors = [
                (name, step.baselines[name] / before.baselines[name] / data)
                for name in step.baselines
                if name in before.baselines
            ]
            rows.append(
                {
                    "step": step.name,
                    "from": smaller,
                    "to": larger,
                    "data": data,
                    "time": time_ratio,
                    "per_unit": time_ratio / data,
                    "met": time_ratio / data <= GROWTH_TARGET,
                    "floor": floors[0] if floors else None,
                }
            )
    return rows


def _markdown(result: dict[str, Any]) -> str:
    steps = [Step(**s) for s in result["steps"]]
    out = [
        "# Benchmark results",
        "",
        f"Measured by `make bench` on {result['machine']}. What the figures mean and the "
        "targets: [docs/performance.md](../docs/performance.md). Sizes in this run: "
        + ", ".join(result.get("sizes", SIZES))
        + ".",
        "",
        "## Time and memory",
        "",
        "Time: best of N runs (N = "
        + ", ".join(f"{k} {v}" for k, v in REPEAT.items())
        + f"; to_ical {FEED_REPEAT} at every size). Peak: tracemalloc's peak of Python"
        + " allocations during the step.",
        "",
        "| size | step | data | time | peak | baselines (time) | ratio to baseline |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for step in steps:
        bases = "<br>".join(f"{k} {v:.3f} s" for k, v in step.baselines.items())
        ratios = "<br>".join(
            f"{step.seconds / v:.2f}x {k}" + _mark(step.name, k, step.seconds / v)
            for k, v in step.baselines.items()
        )
        out.append(
            f"| {step.size} | {step.name} | {step.units:,} {step.unit} | {step.seconds:.3f} s "
            f"| {step.peak / 2**20:.1f} MiB | {bases} | {ratios} |"
        )
    started = result.get("startup")
    if started:
        floor, ical = started["python -c pass"], started["import icalendar"]
        out += [
            "",
            "## Start-up",
            "",
            "A fresh interpreter per command, best of 10, the commands taking turns.",
            "",
            "| command | time | ratio | target |",
            "|---|---:|---:|---|",
            f"| `python -c pass` | {floor * 1000:.0f} ms | 1.00x | baseline |",
            f"| `python -c 'import icalendar'` | {ical * 1000:.0f} ms | "
            f"{ical / floor:.2f}x python -c pass | baseline |",
            f"| `schulsozialarbeit --help` | {started['--help'] * 1000:.0f} ms | "
            f"{started['--help'] / floor:.2f}x python -c pass | ≤ 3x"
            f"{' ✓' if started['--help'] <= 3 * floor else ' ✗'} |",
            f"| `schulsozialarbeit validate` (herne) | {started['validate herne'] * 1000:.0f} ms"
            f" | {started['validate herne'] / ical:.2f}x import icalendar | ≤ 1x"
            f"{' ✓' if started['validate herne'] <= ical else ' ✗'} |",
        ]
    out += ["", "## Validate plus key figures against load", ""]
    out += [
        "| size | validate + key_figures | load JSON | ratio (target ≤ 1) |",
        "|---|---:|---:|---:|",
    ]
    for size in SIZES:
        parts = {s.name: s.seconds for s in steps if s.size == size}
        if "validate" in parts:
            checked = parts["validate"] + parts["key_figures"]
            ratio = checked / parts["load JSON"]
            out.append(
                f"| {size} | {checked:.3f} s | {parts['load JSON']:.3f} s | {ratio:.2f}"
                f"{' ✓' if ratio <= 1 else ' ✗'} |"
            )
    out += [
        "",
        "## Growth",
        "",
        "Time ratio to the next smaller size, divided by the data ratio (schools for load, "
        f"validate and figures; occurrences; events). Target: ≤ {GROWTH_TARGET}.",
        "",
        "| step | sizes | data ratio | time ratio | per unit of data | baseline per unit |",
        "|---|---|---:|---:|---:|---|",
    ]
    for row in result["growth"]:
        floor = f"{row['floor'][1]:.2f} ({row['floor'][0]})" if row["floor"] else ""
        out.append(
            f"| {row['step']} | {row['from']} → {row['to']} | {row['data']:.2f} | "
            f"{row['time']:.2f} | {row['per_unit']:.2f}{' ✓' if row['met'] else ' ✗'} "
            f"| {floor} |"
        )
    check = result.get("germany_process")
    if check:
        memory = check["peak_rss"] / check["json_loads_peak_rss"]
        out += [
            "",
            "## Germany in one process",
            "",
            f"A fresh process loads the Germany JSON file, validates it and computes the key "
            f"figures in {check['seconds']:.1f} s with a peak resident set of "
            f"{check['peak_rss'] / 2**30:.2f} GiB (VmHWM of the process). A fresh process "
            f"that only reads the same file with `json.loads` peaks at "
            f"{check['json_loads_peak_rss'] / 2**30:.2f} GiB: "
            f"{memory:.2f}x json.loads (target ≤ {MEMORY_TARGET}x"
            f"{' ✓' if memory <= MEMORY_TARGET else ' ✗'}).",
        ]
    out += ["", f"Whole run: {result['seconds']:.0f} s.", ""]
    return "\n".join(out)


def _mark(step: str, baseline: str, ratio: float) -> str:
    target = _BASELINE_TARGETS.get((step, baseline))
    if target is None:
        return ""
    return " ✓" if ratio <= target else " ✗"


def _machine() -> str:
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("schulsozialarbeit", "cattrs", "icalendar", "ics", "python-dateutil")
    )
    return (
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {len(os.sched_getaffinity(0))}"
        f" cores; {versions}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmarks of every step at every size.")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES))
    parser.add_argument("--output", type=Path, help="write OUTPUT.json and OUTPUT.md")
    args = parser.parse_args(argv)
    begin = time.perf_counter()
    steps: list[Step] = []
    germany: dict[str, float] | None = None
    print("start-up:", flush=True)
    started = startup(lambda line: print(line, flush=True))
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            print(f"{size}:", flush=True)
            steps += measure_size(size, Path(folder), lambda line: print(line, flush=True))
            if size == "germany":
                germany = one_process(Path(folder) / "germany.json")
                print(
                    f"  germany in one process: {germany['seconds']:.1f} s, "
                    f"{germany['peak_rss'] / 2**30:.2f} GiB peak RSS = "
                    f"{germany['peak_rss'] / germany['json_loads_peak_rss']:.2f}x json.loads "
                    f"({germany['json_loads_peak_rss'] / 2**30:.2f} GiB)"
                )
    result: dict[str, Any] = {
        "machine": _machine(),
        "seconds": time.perf_counter() - begin,
        "steps": [attrs.asdict(s) for s in steps],
        "growth": _growth(steps),
        "germany_process": germany,
        "startup": started,
        "sizes": args.sizes,
    }
    markdown = _markdown(result)
    print(markdown)
    if args.output:
        args.output.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
        args.output.with_suffix(".md").write_text(markdown)


if __name__ == "__main__":
    main()
