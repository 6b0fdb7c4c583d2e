"""``import schools`` on seeded hostile CSV: clear errors only, and nothing hangs.

The inputs are the shipped fixture (tests/schuldaten/2024) damaged every way a download, a
spreadsheet or an attacker damages a CSV: bytes flipped, inserted or cut, lines dropped,
doubled or swapped, the ``sep=;`` line or the header changed, line ends mixed, cells
replaced by hostile values (quotes left open, NUL, a BOM, formulas, numbers out of range,
fields longer than the csv module takes), or random bytes altogether. Each goes to the
command line as the directory, a key table or the pupil numbers, most as a dry run and
every tenth for real into a registry of its own.

A failure is an exception that escapes the command line, an exit status outside 0-2, a
traceback on stderr, or an input that takes longer than ``HANG_GUARD`` seconds.

``make test`` runs a fixed seed with a few hundred inputs (tests/test_fuzz_csv.py);
``python -m tests.fuzzing_csv --count 10000`` prints the figures for docs/robustness.md.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from attrs import define, field

from schulsozialarbeit.testing import run_cli

from .fuzzing import HOSTILE, Hang, _guard

#: Seconds one input may take; the fixture imports in a fraction of one.
HANG_GUARD = 5

FIXTURE = Path(__file__).parent / "schuldaten" / "2024"
REGISTRY = """\
name = "Kreis Soest"
[[regions]]
id = "kreis-soest"
name = "Kreis Soest"
kind = "kreis"
key = "05974000"
"""

#: Cell values that have broken CSV readers and importers somewhere.
CELLS: tuple[str, ...] = (
    *(value for value in HOSTILE if isinstance(value, str)),
    '"',
    '"open',
    'a"b',
    '""""',
    "\x00",
    "\ufeff02",
    "x" * 200_000,
    "9" * 60,
    "-1",
    "1e9",
    "0x1F",
    "٠٢",
    "02 ",
    "null",
    "NaN",
    "05974040",
    "999999",
    "1234567",
    "4326",
    "353412,5,5",
    "\r",
    "\n",
    ";",
)


def _cells(text: str, rng: random.Random) -> str:
    lines = text.split("\r\n")
    for _ in range(rng.randint(1, 5)):
        index = rng.randrange(len(lines))
        cells = lines[index].split(";")
        cells[rng.randrange(len(cells))] = rng.choice(CELLS)
        lines[index] = ";".join(cells)
    return "\r\n".join(lines)


def _lines(text: str, rng: random.Random) -> str:
    lines = text.split("\r\n")
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(lines))
        action = rng.choice(("drop", "double", "swap", "sep", "header", "trailing"))
        if action == "drop":
            del lines[index]
        elif action == "double":
            lines.insert(index, lines[index])
        elif action == "swap" and len(lines) > 1:
            other = rng.randrange(len(lines))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "sep":
            lines[0] = rng.choice(("sep=,", "sep=;;", "", "SEP=;", "\ufeffsep=;", "sep=\t"))
        elif action == "header" and len(lines) > 1:
            lines[1] = lines[1].replace(rng.choice(lines[1].split(";")), "X", 1)
        elif lines:
            lines[index] = lines[index].rstrip(";") if rng.random() < 0.5 else lines[index] + ";;"
        if not lines:
            break
    return rng.choice(("\r\n", "\n", "\r")).join(lines)


def _bytes(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 6)):
        if not data:
            break
        at = rng.randrange(len(data))
        action = rng.choice(("flip", "insert", "cut", "copy", "truncate"))
        if action == "flip":
            data[at] = rng.randrange(256)
        elif action == "insert":
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif action == "cut":
            del data[at : at + rng.randint(1, 200)]
        elif action == "copy":
            data[at:at] = data[at : at + rng.randint(1, 400)]
        else:
            del data[at:]
    return bytes(data)


def _whole(rng: random.Random) -> bytes:
    kind = rng.choice(("random", "columns", "quotes", "empty", "lines"))
    if kind == "random":
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))
    if kind == "columns":
        return b"sep=;\r\n" + b";" * rng.randint(1, 200_000)
    if kind == "quotes":
        return b'sep=;\r\n"' + b'""' * rng.randint(1, 50_000)
    if kind == "empty":
        return rng.choice((b"", b"sep=;", b"sep=;\r\n", b"\xef\xbb\xbf"))
    return b"sep=;\r\n" + b"\r\n" * rng.randint(1, 100_000)


def make_input(rng: random.Random) -> tuple[str, bytes]:
    """Which file the input stands for (``directory``, ``keys``, ``pupils``) and its bytes."""
    target = rng.choices(("directory", "keys", "pupils"), weights=(8, 1, 1))[0]
    source = {
        "directory": FIXTURE / "schuldaten.csv",
        "keys": FIXTURE / "key_traeger.csv",
        "pupils": FIXTURE / "SchuelerGesamtZahl" / "anzahlen.csv",
    }[target]
    text = source.read_bytes().decode("utf-8")
    damage: Callable[[], bytes] = rng.choice(
        (
            lambda: _cells(text, rng).encode("utf-8"),
            lambda: _lines(text, rng).encode("utf-8"),
            lambda: _bytes(text.encode("utf-8"), rng),
            lambda: _lines(_cells(text, rng), rng).encode("utf-8"),
            lambda: _whole(rng),
        )
    )
    return target, damage()


@define
class Tally:
    """What a run met, for the figures in docs/robustness.md."""

    inputs: int = 0
    statuses: dict[int, int] = field(factory=dict)
    failures: list[str] = field(factory=list)
    slowest: float = 0.0
    seconds: float = 0.0


def _command(target: str, path: Path, registry: Path, real: bool) -> list[str | Path]:
    directory, keys, pupils = FIXTURE / "schuldaten.csv", FIXTURE, None
    if target == "directory":
        directory = path
    elif target == "keys":
        keys = path.parent
    else:
        pupils = path
    command: list[str | Path] = ["import", "schools", registry, directory, "--keys", keys]
    if pupils is not None:
        command += ["--pupils", pupils]
    return command if real else [*command, "--dry-run"]


def run(seed: int, count: int) -> Tally:
    tally = Tally()
    rng = random.Random(seed)  # noqa: S311 - a seeded fuzz run, not a secret
    began = time.monotonic()
    for number in range(count):
        target, payload = make_input(rng)
        real = number % 10 == 0
        tally.inputs += 1
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            registry = folder / "registry.toml"
            registry.write_text(REGISTRY, encoding="utf-8")
            name = {"directory": "schuldaten.csv", "keys": "key_traeger.csv"}.get(
                target, "anzahlen.csv"
            )
            path = folder / name
            if target == "keys":
                for table in FIXTURE.glob("key_*.csv"):
                    shutil.copy(table, folder / table.name)
            path.write_bytes(payload)
            start = time.monotonic()
            try:
                with _guard(HANG_GUARD):
                    result = run_cli(_command(target, path, registry, real))
                status = result.status
                tally.statuses[status] = tally.statuses.get(status, 0) + 1
                if status not in (0, 1, 2) or "Traceback" in result.stderr:
                    tally.failures.append(f"input {number} ({target}): {result.stderr[:300]}")
            except Hang as hang:
                tally.failures.append(f"input {number} ({target}): {hang}")
            except Exception as error:  # what the fuzz run is looking for
                tally.failures.append(f"input {number} ({target}): {type(error).__name__}: {error}")
            tally.slowest = max(tally.slowest, time.monotonic() - start)
    tally.seconds = time.monotonic() - began
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    tally = run(args.seed, args.count)
    print(f"seed {args.seed}: {tally.inputs} CSV inputs in {tally.seconds:.0f} s")
    print(f"  exit statuses {dict(sorted(tally.statuses.items()))}")
    print(f"  slowest input {tally.slowest:.2f} s (hang guard {HANG_GUARD} s)")
    print(f"  failures: {len(tally.failures)}")
    for failure in tally.failures[:20]:
        print(f"    {failure[:300]}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
