"""Seeded hostile calendars through what ``import meetings`` does, short of writing the file.

Inputs are the client samples of tests/calendars and the feeds of every shipped example in
both modes, each changed a few times at random: a line dropped, doubled, moved or cut, a
value swapped for one that has broken calendar readers (impossible dates, rules by the
second, counts of a hundred million, unknown or hostile zones, control characters), a
component left open, deep nesting, a time zone whose rule runs every second. Each input is
read (:func:`read_calendar_text`), merged into a registry (:func:`merge_calendar`), the
result checked by the converter and written as a feed again, as the command does.

What counts as a failure: any exception but the library's own RegistryError, a merged
registry the converter would not load back, or an input that takes longer than
:data:`HANG_GUARD` seconds. ``make test`` runs a fixed seed of a few hundred inputs;
``make fuzz`` runs ``python -m tests.fuzz_calendars --count 10000``.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from attrs import define, field

from schulsozialarbeit import from_dict, load, to_dict, to_ical
from schulsozialarbeit.errors import RegistryError
from schulsozialarbeit.examples import EXAMPLES, example_path
from schulsozialarbeit.ical.reading import merge_calendar, read_calendar_text
from schulsozialarbeit.model import Registry
from schulsozialarbeit.testing import run_cli

from .fuzzing import Hang, _guard

#: Seconds one input may take, reading, merging and writing the feed again.
HANG_GUARD = 5
#: Every this many calendars that read, the whole command runs on one as well.
CLI_EVERY = 10

CALENDARS = Path(__file__).parent / "calendars"

#: Values that have broken calendar readers somewhere.
HOSTILE = (
    "20241345T150000",
    "00000000T000000",
    "99991231T235959Z",
    "00010101",
    "99991231",
    "20240230",
    "FREQ=SECONDLY;COUNT=100000000",
    "FREQ=DAILY;UNTIL=99991231T235959Z",
    "FREQ=DAILY;UNTIL=00010101T000000Z",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=WEEKLY;COUNT=100000000;BYDAY=MO,TU,WE,TH,FR,SA,SU",
    "FREQ=MONTHLY;INTERVAL=0",
    "FREQ=DAILY;BYHOUR=1,2,3",
    "FREQ=WEEKLY;X-NAME=1",
    "P99999999W",
    "-PT1H",
    "PT0S",
    "Mars/Olympus",
    "../../../etc/passwd",
    "W. Europe Standard Time",
    "/freeassociation.sourceforge.net/Europe/Berlin",
    "\x00\x01\x0b",
    "a\r\nEND:VCALENDAR",
    "x" * 40_000,
    "",
    ";",
    ":",
)
#: Property names whose values the mutations aim at.
TARGETS = ("DTSTART", "DTEND", "RRULE", "EXDATE", "RDATE", "RECURRENCE-ID", "DURATION", "UID")
EVIL_ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Evil\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
    "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=SECONDLY\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE"
)


def sources() -> list[str]:
    """The samples and every example's feeds, as text."""
    found = [path.read_text(encoding="utf-8") for path in sorted(CALENDARS.glob("*.ics"))]
    for name in EXAMPLES:
        registry = load(str(example_path(name)))
        for mode in ("expanded", "rrule"):
            found.append(to_ical(registry, mode=mode).decode("utf-8"))
    return found


def _mutate(lines: list[str], rng: random.Random) -> None:
    """One change in place."""
    choice = rng.random()
    index = rng.randrange(len(lines)) if lines else 0
    if not lines:
        lines.append(rng.choice(HOSTILE))
    elif choice < 0.35:
        targets = [i for i, line in enumerate(lines) if line.split(";")[0].split(":")[0] in TARGETS]
        at = rng.choice(targets) if targets else index
        head = lines[at].rpartition(":")[0] or lines[at]
        lines[at] = f"{head}:{rng.choice(HOSTILE)}"
    elif choice < 0.5:
        del lines[index]
    elif choice < 0.6:
        lines.insert(index, lines[rng.randrange(len(lines))])
    elif choice < 0.7:
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
    elif choice < 0.75:
        depth = rng.choice((3, 70, 5000))
        lines[index:index] = ["BEGIN:VEVENT"] * depth + ["END:VEVENT"] * depth
    elif choice < 0.8:
        lines[index:index] = EVIL_ZONE.split("\r\n")
    elif choice < 0.85:
        del lines[index:]
    elif choice < 0.9:
        lines[index] = lines[index][: rng.randrange(len(lines[index]) + 1)]
    elif choice < 0.95:
        param = rng.choice(
            (";TZID=Mars/Olympus", ";VALUE=DATE", ";VALUE=PERIOD", ";RANGE=THISANDFUTURE")
        )
        name, colon, value = lines[index].partition(":")
        lines[index] = name + param + colon + value
    else:
        spot = rng.randrange(len(lines[index]) + 1)
        noise = "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(1, 8)))
        lines[index] = (
            lines[index][:spot] + noise.encode("utf-8", "replace").decode() + lines[index][spot:]
        )


def inputs(seed: int, count: int) -> Iterator[str]:
    """``count`` mutated calendars, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 -- repeatable inputs, not secrets
    texts = sources()
    for _ in range(count):
        lines = rng.choice(texts).split("\r\n")
        for _ in range(rng.randint(1, 4)):
            _mutate(lines, rng)
        yield "\r\n".join(lines)


@define
class Tally:
    """What a run met, for the figures in docs/robustness.md."""

    inputs: int = 0
    refused: int = 0
    imported: int = 0
    events: int = 0
    unmapped: int = 0
    commands: int = 0
    slowest: float = 0.0
    seconds: float = 0.0
    failures: list[str] = field(factory=list)


def _through_the_command_line(text: str, number: int, tally: Tally) -> None:
    """The whole command on a calendar that reads: it writes a registry that loads."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        registry = folder / "registry.toml"
        registry.write_text('# Von Hand.\nname = "Fuzz"\n', encoding="utf-8")
        calendar = folder / "calendar.ics"
        calendar.write_text(text, encoding="utf-8", newline="")
        with _guard(HANG_GUARD):
            result = run_cli(["import", "meetings", str(registry), str(calendar)])
        tally.commands += 1
        if result.status not in (0, 1) or "Traceback" in result.stderr:
            tally.failures.append(f"input {number}: import meetings: {result.stderr}")
            return
        try:
            load(registry)
        except RegistryError as error:
            tally.failures.append(f"input {number}: the imported registry does not load: {error}")


def run(seed: int, count: int) -> Tally:
    tally = Tally()
    began = time.monotonic()
    registry = Registry(name="Fuzz")
    for number, text in enumerate(inputs(seed, count)):
        tally.inputs += 1
        start = time.monotonic()
        try:
            with _guard(HANG_GUARD):
                content = read_calendar_text(text, registry, source=f"input-{number}.ics")
                merged, done = merge_calendar(registry, content)
                if from_dict(to_dict(merged)) != merged:
                    tally.failures.append(f"input {number}: the merged registry changes on load")
                to_ical(merged)
            tally.imported += 1
            tally.events += len(done)
            tally.unmapped += len(content.unmapped)
            if tally.imported % CLI_EVERY == 0:
                _through_the_command_line(text, number, tally)
        except RegistryError:
            tally.refused += 1
        except Hang as hang:
            tally.failures.append(f"input {number}: {hang}")
        except Exception as error:  # what the fuzz run is looking for
            tally.failures.append(f"input {number}: {type(error).__name__}: {error}")
        tally.slowest = max(tally.slowest, time.monotonic() - start)
    tally.seconds = time.monotonic() - began
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    tally = run(args.seed, args.count)
    print(f"seed {args.seed}: {tally.inputs} calendars in {tally.seconds:.0f} s")
    print(f"  {tally.refused} refused with a RegistryError, {tally.imported} read")
    print(f"  {tally.events} events imported, {tally.unmapped} listed as not mapped")
    print(f"  {tally.commands} of them through the whole command")
    print(f"  slowest input {tally.slowest:.2f} s; failures: {len(tally.failures)}")
    for failure in tally.failures[:20]:
        print(f"    {failure[:300]}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
