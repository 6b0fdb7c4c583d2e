"""Every command on whatever loads: seeded hostile registries through the whole command line.

The promise of docs/robustness.md is that a registry that loads is safe for the rest of the
library. This driver makes inputs from the shipped examples (values swapped for hostile
ones, entries dropped, doubled or emptied), feeds each to the three loaders (``load`` of a
file, ``loads`` of the text, ``from_dict`` of the data), and runs every command on each
input that loads: validate, report in every format, every export, occurrences of every
series, ical in both modes and feeds. What counts as a failure: an exception that escapes
the command line, an exit status outside 0-2, or an input that takes longer than the hang
guard (a generous limit that only fires when something never ends).

``make test`` runs a fixed seed with a few hundred inputs per loader; ``make fuzz`` runs
``python -m tests.fuzzing --count 10000`` and prints the figures for docs/robustness.md.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import Any

import tomli_w
from attrs import define, field

from schulsozialarbeit import RegistryError, dumps, from_dict, load, loads
from schulsozialarbeit.examples import EXAMPLES, example_path
from schulsozialarbeit.testing import run_cli

#: Seconds one input may take through every command before it counts as a hang.
HANG_GUARD = 120

#: Values that have broken parsers, converters or writers somewhere.
HOSTILE: tuple[Any, ...] = (
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:00:00",
    "0001-01-01T00:10:00",
    "Etc/GMT-14",
    "Factory",
    "localtime",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=SECONDLY;COUNT=10000000",
    "FREQ=DAILY;INTERVAL=0",
    "FREQ=MINUTELY",
    "RRULE:FREQ=DAILY;COUNT=3\nEXDATE:20240111T090000",
    "DTSTART:20240101T090000\nRRULE:FREQ=DAILY",
    -5,
    0,
    9007199254740991,
    -9007199254740991,
    "1.5",
    "0",
    "-0.5",
    "\x00\x01\x0b",
    '=HYPERLINK("http://x")',
    "\n=1+1",
    "\u00a0@SUM(A1)",
    "\ufeff+1",
    "a\r\nEND:VEVENT",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "x" * 5000,
    "",
    [],
    {},
    True,
    None,
)


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(dumps(load(str(example_path(name))), "json"))
    return data


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in _leaves(value, (*path, i))]
    return [path]


def _containers(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(data, dict | list) else []
    children = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in children:
        found += _containers(value, (*path, key))
    return found


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _mutate(data: Any, rng: random.Random) -> None:
    """One change in place: a hostile value, a dropped key, a doubled or emptied list."""
    choice = rng.random()
    if choice < 0.6:
        path = rng.choice(_leaves(data))
        if path:
            _at(data, path[:-1])[path[-1]] = rng.choice(HOSTILE)
        return
    path = rng.choice(_containers(data))
    container = _at(data, path)
    if not container:
        return
    if isinstance(container, dict):
        if choice < 0.8:
            del container[rng.choice(sorted(container))]
        else:
            container[rng.choice(sorted(container))] = rng.choice(HOSTILE)
    elif choice < 0.85:
        container.append(json.loads(json.dumps(rng.choice(container))))
    else:
        container.clear()


def inputs(seed: int, count: int) -> Iterator[dict[str, Any]]:
    """``count`` mutated examples, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 -- repeatable inputs, not secrets
    examples = {name: _example(name) for name in EXAMPLES}
    for _ in range(count):
        data = json.loads(json.dumps(examples[rng.choice(EXAMPLES)]))
        for _ in range(rng.randint(1, 4)):
            _mutate(data, rng)
        yield data


class Hang(Exception):
    """An input took longer than the hang guard."""


@contextmanager
def _guard(seconds: int) -> Iterator[None]:
    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _commands(path: Path, series: list[str], out: Path) -> Iterator[list[str]]:
    registry = str(path)
    yield ["validate", registry, "--as-of", "2022-06-30"]
    for fmt in ("text", "json", "markdown", "html"):
        yield ["report", registry, "--format", fmt, "--as-of", "2022-06-30"]
    for fmt in ("json", "toml", "xlsx", "jsonschema"):
        for privacy in ("public", "internal"):
            target = out / f"export.{fmt}"
            yield ["export", registry, "--format", fmt, "--privacy", privacy, "-o", str(target)]
    yield ["export", registry, "--format", "csv", "-o", str(out / "csv")]
    for ident in series[:3]:
        yield ["occurrences", registry, "--series", ident, "--format", "json"]
    for mode in ("expanded", "rrule"):
        yield ["ical", registry, "--mode", mode]
    yield ["feeds", registry, str(out / "feeds")]


@define
class Tally:
    """What a run met, for the figures in docs/robustness.md."""

    inputs: int = 0
    loaded: dict[str, int] = field(factory=dict)
    refused: dict[str, int] = field(factory=dict)
    commands: int = 0
    statuses: dict[int, int] = field(factory=dict)
    failures: list[str] = field(factory=list)
    seconds: float = 0.0


def _loaders(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Each loader's result: a registry, or the RegistryError it raised."""
    results: dict[str, Any] = {}
    text = json.dumps(data, ensure_ascii=False)
    try:
        toml_text: str | None = tomli_w.dumps(_plain(data))
    except (TypeError, ValueError):
        toml_text = None
    (folder / "registry.json").write_text(text, encoding="utf-8")
    attempts: dict[str, Callable[[], Any]] = {
        "load": lambda: load(str(folder / "registry.json")),
        "loads": lambda: loads(text, "json") if toml_text is None else loads(toml_text, "toml"),
        "from_dict": lambda: from_dict(data),
    }
    for name, attempt in attempts.items():
        try:
            results[name] = attempt()
        except RegistryError as error:
            results[name] = error
    return results


def _plain(value: Any) -> Any:
    """TOML has no null: leave None out, as a file would."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value if v is not None]
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def run(seed: int, count: int) -> Tally:
    tally = Tally()
    began = time.monotonic()
    for number, data in enumerate(inputs(seed, count)):
        tally.inputs += 1
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            try:
                with _guard(HANG_GUARD):
                    results = _loaders(data, folder)
                    for name, result in results.items():
                        kind = tally.refused if isinstance(result, RegistryError) else tally.loaded
                        kind[name] = kind.get(name, 0) + 1
                    registry = results["load"]
                    if isinstance(registry, RegistryError):
                        continue
                    series = [s.id for s in registry.series]
                    for command in _commands(folder / "registry.json", series, folder):
                        tally.commands += 1
                        result = run_cli(command)
                        tally.statuses[result.status] = tally.statuses.get(result.status, 0) + 1
                        if result.status not in (0, 1, 2) or "Traceback" in result.stderr:
                            tally.failures.append(f"input {number}: {command[0]}: {result.stderr}")
            except Hang as hang:
                tally.failures.append(f"input {number}: {hang}")
            except Exception as error:  # what the fuzz run is looking for
                tally.failures.append(f"input {number}: {type(error).__name__}: {error}")
    tally.seconds = time.monotonic() - began
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    tally = run(args.seed, args.count)
    print(f"seed {args.seed}: {tally.inputs} inputs in {tally.seconds:.0f} s")
    for loader in ("load", "loads", "from_dict"):
        loaded, refused = tally.loaded.get(loader, 0), tally.refused.get(loader, 0)
        print(f"  {loader}: {loaded} loaded, {refused} refused with a RegistryError")
    print(f"  {tally.commands} command runs; exit statuses {dict(sorted(tally.statuses.items()))}")
    print(f"  failures: {len(tally.failures)}")
    for failure in tally.failures[:20]:
        print(f"    {failure[:300]}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
