"""Fuzzing the readers: whatever the text, only the documented errors come out.

A registry file is input from outside. Random documents, mutated examples, deep nesting,
huge strings and numbers must end in a registry or in one RegistryError, and a registry
that loads must then survive validation, key figures and the round trip too: a value the
loader lets through is one the rest of the library has to cope with.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schulsozialarbeit import Registry, RegistryError, dumps, load, loads
from schulsozialarbeit.cli import main
from schulsozialarbeit.examples import EXAMPLES, example_path
from schulsozialarbeit.figures import key_figures
from schulsozialarbeit.files import FORMATS, Format
from schulsozialarbeit.validation import validate

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**20, max_value=10**120)
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.sampled_from([Decimal("1e999999999"), Decimal("1e-999999999"), Decimal("-0")])
    | st.text(max_size=30)
    | st.sampled_from(["Europe", "", "x" * 300, "2017-02-30", "25:61", "0.5", "-"])
    | st.dates().map(str)
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
keys = st.sampled_from(
    [
        "name",
        "timezone",
        "schools",
        "positions",
        "networks",
        "series",
        "meetings",
        "id",
        "fte",
        "form",
    ]
) | st.text(max_size=8)
documents = st.dictionaries(keys, values, max_size=6)


def _survives(registry: Registry) -> None:
    """What a loaded registry must go through without a crash."""
    validate(registry)
    key_figures(registry)
    for fmt in FORMATS:
        assert loads(dumps(registry, fmt), fmt) == registry


def _only_documented(text: str, fmt: Format) -> None:
    """Loads, or raises a RegistryError that can be put into words in either language."""
    failure: RegistryError | None = None
    try:
        registry = loads(text, fmt)
    except RegistryError as error:
        failure = error
    if failure is not None:
        assert failure.message("de")
        assert failure.message("en")
        return
    _survives(registry)


def _plain(value: Any) -> Any:
    """JSON-like data as TOML takes it: no null, and no Decimal that TOML has no text for."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value if v is not None]
    return value


def _number_marker(value: object) -> str:
    assert isinstance(value, Decimal)
    return f"\0decimal {value}"


_MARKED = re.compile(r'"\\u0000decimal ([-+0-9.eE]+)"')


def _json_text(document: Any) -> str:
    """JSON text with every Decimal written as the number it is, however large."""
    text = json.dumps(document, default=_number_marker, ensure_ascii=False)
    return _MARKED.sub(r"\1", text)


@cache
def _exported(name: str) -> dict[str, Any]:
    text = dumps(load(str(example_path(name))), "json")
    data: dict[str, Any] = json.loads(text)
    return data


@FUZZ
@given(st.text(max_size=200), st.sampled_from(FORMATS))
def test_random_text(text: str, fmt: Format) -> None:
    _only_documented(text, fmt)


@FUZZ
@given(documents)
def test_random_documents_as_json(document: dict[str, Any]) -> None:
    _only_documented(_json_text(document), "json")


@FUZZ
@given(documents)
def test_random_documents_as_toml(document: dict[str, Any]) -> None:
    try:
        text = tomli_w.dumps(_plain(document))
    except (TypeError, ValueError):
        return  # tomli_w cannot write every such value; those are not TOML to test
    _only_documented(text, "toml")


def _mutate(data: Any, draw: Callable[..., Any]) -> Any:
    """One random change somewhere in ``data``: delete, replace or insert a key or item."""
    if isinstance(data, dict) and data:
        key = draw(st.sampled_from(sorted(data)))
        action = draw(st.sampled_from(["delete", "replace", "insert", *["descend"] * 5]))
        changed = dict(data)
        if action == "delete":
            del changed[key]
        elif action == "replace":
            changed[key] = draw(values)
        elif action == "insert":
            changed[draw(keys)] = draw(values)
        else:
            changed[key] = _mutate(data[key], draw)
        return changed
    if isinstance(data, list) and data:
        index = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["delete", "replace", "insert", *["descend"] * 5]))
        items = list(data)
        if action == "delete":
            del items[index]
        elif action == "replace":
            items[index] = draw(values)
        elif action == "insert":
            items.insert(index, draw(values))
        else:
            items[index] = _mutate(data[index], draw)
        return items
    return draw(values)


@st.composite
def mutated_examples(draw: st.DrawFn) -> Any:
    data: Any = _exported(draw(st.sampled_from(EXAMPLES)))
    for _ in range(draw(st.integers(1, 4))):
        data = _mutate(data, draw)
    return data


@FUZZ
@given(mutated_examples(), st.sampled_from(FORMATS))
def test_mutated_examples(data: Any, fmt: Format) -> None:
    if fmt == "json":
        _only_documented(_json_text(data), "json")
        return
    try:
        text = tomli_w.dumps(_plain(data))
    except (TypeError, ValueError, AttributeError):
        return
    _only_documented(text, "toml")


hostile: st.SearchStrategy[Any] = st.sampled_from(
    [
        Decimal("1e999999999"),
        Decimal("-1e-999999999"),
        Decimal("0.1234567890123456789012345678901"),
        10**30,
        -(2**63),
        "x" * 40_000,
        "\x00",
        "Europe",
        "../../etc/passwd",
        "",
        [],
        {},
        None,
        True,
        [[[[[[[[[[1]]]]]]]]]],
    ]
)


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(data, list):
        return [leaf for index, value in enumerate(data) for leaf in _leaves(value, (*path, index))]
    return [path]


def _replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = _replaced(data[head], tuple(rest), value)
    return copy


@st.composite
def hostile_leaves(draw: st.DrawFn) -> Any:
    """An example with one of its values, anywhere, swapped for a hostile one."""
    data = _exported(draw(st.sampled_from(EXAMPLES)))
    path = draw(st.sampled_from(_leaves(data)))
    return _replaced(data, path, draw(hostile | values))


@FUZZ
@given(hostile_leaves())
def test_hostile_values_anywhere(data: Any) -> None:
    _only_documented(_json_text(data), "json")


@st.composite
def damaged_texts(draw: st.DrawFn) -> tuple[bytes, Format]:
    """An example's text with bytes flipped, cut, doubled or dropped."""
    fmt: Format = draw(st.sampled_from(FORMATS))
    registry = load(str(example_path(draw(st.sampled_from(EXAMPLES)))))
    raw = bytearray(dumps(registry, fmt).encode("utf-8"))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(raw) - 1))
        action = draw(st.sampled_from(["flip", "byte", "cut", "drop", "repeat"]))
        if action == "flip":
            raw[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "byte":
            raw[at] = draw(st.sampled_from(b"[]{}\"\\'#=,.:0e\n\x00\xff"))
        elif action == "cut":
            del raw[at:]
        elif action == "drop":
            del raw[at : at + draw(st.integers(1, 50))]
        else:
            raw[at:at] = raw[at : at + draw(st.integers(1, 50))] * draw(st.integers(1, 80))
        if not raw:
            break
    return bytes(raw), fmt


@FUZZ
@given(damaged_texts())
def test_damaged_files(tmp_path_factory: pytest.TempPathFactory, damaged: Any) -> None:
    raw, fmt = damaged
    path = tmp_path_factory.mktemp("damaged") / f"registry.{fmt}"
    path.write_bytes(raw)
    try:
        registry = load(path)
    except RegistryError:
        return
    _survives(registry)


def _nested(depth: int, fmt: Format, opener: str) -> str:
    if fmt == "json":
        inner = '{"a": ' * depth + "1" + "}" * depth if opener == "{" else "[" * depth + "]" * depth
        return '{"name": ' + inner + "}"
    inner = "{a = " * depth + "1" + "}" * depth if opener == "{" else "[" * depth + "]" * depth
    return "name = " + inner + "\n"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("opener", ["[", "{"])
@pytest.mark.parametrize("depth", [1, 63, 64, 65, 1_000, 100_000])
def test_deep_nesting(fmt: Format, opener: str, depth: int) -> None:
    _only_documented(_nested(depth, fmt, opener), fmt)


@FEW
@given(
    st.sampled_from(FORMATS),
    st.sampled_from(["name", "timezone", "schools"]),
    st.sampled_from(["9", "1", "a", "ä", "[", "\\", '"', "\n"]),
    st.sampled_from([10**3, 10**5, 10**6]),
)
def test_huge_strings_and_numbers(fmt: Format, key: str, char: str, size: int) -> None:
    number = char * size if char in "91" else None
    if number is not None:
        text = f'{{"{key}": {number}}}' if fmt == "json" else f"{key} = {number}\n"
    else:
        value = json.dumps(char * size, ensure_ascii=False)
        text = f'{{"{key}": {value}}}' if fmt == "json" else f"{key} = {value}\n"
    _only_documented(text, fmt)


def _cli_files(folder: Path) -> list[Path]:
    """A few hostile files for the command line, one per kind of trouble."""
    sound = _exported("kreis-soest")
    files = {
        "deep.json": _nested(5_000, "json", "["),
        "deep.toml": _nested(5_000, "toml", "{"),
        "digits.toml": "name = " + "9" * 5_000 + "\n",
        "exponent.json": _json_text({**sound, "positions": [{"id": "p", "fte": 1}]}).replace(
            '"fte": 1', '"fte": 1e999999999'
        ),
        "surrogate.json": '{"name": "\\udc00"}',
        "zone.json": _json_text({**sound, "timezone": "Europe"}),
        "mutated.json": _json_text({**sound, "networks": [{"id": "../x"}], "schools": {}}),
        "binary.toml": "\x00\x01[[[",
    }
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        paths.append(path)
    return paths


COMMANDS = [
    ["validate"],
    ["validate", "--format", "json"],
    ["report", "--format", "json"],
    ["export", "--format", "json"],
    ["export", "--format", "csv"],
    ["ical"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_cli_never_shows_a_traceback(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in _cli_files(tmp_path):
        out = io.StringIO()
        status = main([command[0], str(path), *command[1:], "--no-plugins"], stdout=out)
        err = capsys.readouterr().err
        assert status in (0, 1, 2), (path.name, status)
        assert "Traceback" not in err, path.name
        assert status == 0 or err.strip() or out.getvalue().strip(), path.name


@FEW
@given(mutated_examples())
def test_cli_on_mutated_examples(tmp_path_factory: pytest.TempPathFactory, data: Any) -> None:
    path = tmp_path_factory.mktemp("cli") / "registry.json"
    path.write_text(_json_text(data), encoding="utf-8")
    for command in (["validate"], ["report", "--format", "json"], ["export", "--format", "csv"]):
        status = main([command[0], str(path), *command[1:], "--no-plugins"], stdout=io.StringIO())
        assert status in (0, 1, 2)


def test_cli_in_a_subprocess_exits_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    paths = [str(path) for path in _cli_files(tmp_path)]
    for command in (["validate", *paths], ["report", paths[0]], ["report", paths[3]]):
        done = subprocess.run(
            [sys.executable, "-m", "schulsozialarbeit", *command, "--no-plugins"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode in (1, 2), done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.strip() or done.stdout.strip()
