"""Reading and writing registries: TOML for people, JSON for machines, a file or a folder.

Loading is all or nothing. Text that does not parse raises one ParseError with file, line
and column; data that parses but does not fit the model raises one StructureError listing
every problem with its path. Writing is atomic: a reader sees the old file or the new one.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w
from cattrs.errors import BaseValidationError

from .converter import problems_of, structure_registry, unstructure, zone
from .errors import ParseError, Problem, SourceError, StructureError
from .model import COLLECTIONS, DEFAULT_TIMEZONE, Registry

Format = Literal["toml", "json"]
FORMATS: tuple[Format, ...] = ("toml", "json")

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


def _suffix_format(path: Path) -> Format:
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "toml":
        return "toml"
    if suffix == "json":
        return "json"
    raise SourceError(str(path), "source-unknown-format")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _parse(text: str, format: Format, source: str) -> dict[str, Any]:
    """Text to plain data; numbers with a fraction become exact Decimals, never floats."""
    if format == "toml":
        try:
            data = tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as error:
            detail = str(error)
            match = _TOML_POSITION.search(detail)
            if match:
                line, column = int(match[1]), int(match[2])
                raise ParseError(source, line, column, detail[: match.start()]) from None
            end = _TOML_END.search(detail)
            line, column = _line_column(text, len(text))
            raise ParseError(
                source, line, column, detail[: end.start()] if end else detail
            ) from None
        return data
    try:
        parsed = json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_no_constant,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as error:
        raise ParseError(source, error.lineno, error.colno, error.msg) from None
    except (ValueError, RecursionError) as error:
        raise ParseError(source, None, None, str(error) or type(error).__name__) from None
    if not isinstance(parsed, dict):
        raise ParseError(source, 1, 1, "the document must be a JSON object")
    return parsed


def _check_timezone(data: Mapping[str, Any]) -> tuple[str, list[Problem]]:
    name = data.get("timezone", DEFAULT_TIMEZONE)
    if not isinstance(name, str):
        return DEFAULT_TIMEZONE, []  # the converter reports the wrong type
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        problem = Problem(path="timezone", key="invalid-timezone", params=(("zone", name),))
        return DEFAULT_TIMEZONE, [problem]
    return name, []


def _build(data: Mapping[str, Any], origin: _Origins | None = None) -> Registry:
    zone_name, problems = _check_timezone(data)
    registry: Registry | None = None
    with zone(zone_name):
        try:
            registry = structure_registry(data)
        except BaseValidationError as error:
            problems.extend(problems_of(error))
    if problems or registry is None:
        located = tuple(origin.locate(p) if origin else p for p in problems)
        raise StructureError(located)
    return registry


def from_dict(data: Mapping[str, Any]) -> Registry:
    """A Registry from plain data as found in a JSON document (strict, all or nothing)."""
    return _build(data)


def to_dict(registry: Registry) -> dict[str, Any]:
    """Plain JSON-safe data; defaults are left out, decimals and dates are strings."""
    with zone(registry.timezone):
        data: dict[str, Any] = unstructure(registry)
    return data


def loads(text: str, format: Format = "toml", *, source: str = "<string>") -> Registry:
    """A Registry from TOML or JSON text."""
    return _build(_parse(text, format, source), _Origins.single(source))


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError(str(path), "source-unreadable", detail=error.strerror or "") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw[: error.start].decode("utf-8", "replace"), error.start)
        raise ParseError(str(path), line, column, "not UTF-8") from None


class _Origins:
    """Where each item of a merged folder came from, to point problems at the right file."""

    def __init__(self) -> None:
        self.scalars: dict[str, str] = {}
        self.items: dict[str, list[tuple[str, int]]] = {}
        self.default = ""

    @classmethod
    def single(cls, source: str) -> _Origins:
        origins = cls()
        origins.default = source
        return origins

    def locate(self, problem: Problem) -> Problem:
        match = re.match(r"([a-z_]+)(?:\[(\d+)\])?(.*)", problem.path)
        if match and match[2] is not None and match[1] in self.items:
            collection, index, rest = match[1], int(match[2]), match[3]
            file, local = self.items[collection][index]
            path = f"{collection}[{local}]{rest}"
            return Problem(path=path, key=problem.key, params=problem.params, file=file)
        if match and match[1] in self.scalars:
            return Problem(
                path=problem.path,
                key=problem.key,
                params=problem.params,
                file=self.scalars[match[1]],
            )
        return Problem(path=problem.path, key=problem.key, params=problem.params, file=self.default)


def _merge(folder: Path) -> tuple[dict[str, Any], _Origins]:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".toml", ".json") and p.is_file())
    if not files:
        raise SourceError(str(folder), "source-empty-folder")
    merged: dict[str, Any] = {}
    origins = _Origins()
    origins.default = str(folder)
    seen: dict[str, list[str]] = {}
    for file in files:
        data = _parse(_read(file), _suffix_format(file), str(file))
        for key, value in data.items():
            if key in COLLECTIONS and isinstance(value, list):
                merged.setdefault(key, []).extend(value)
                locations = origins.items.setdefault(key, [])
                locations.extend((str(file), index) for index in range(len(value)))
            else:
                seen.setdefault(key, []).append(str(file))
                merged[key] = value
                origins.scalars[key] = str(file)
    twice = tuple(
        Problem(path=key, key="defined-twice", params=(("files", ", ".join(files_)),))
        for key, files_ in sorted(seen.items())
        if len(files_) > 1
    )
    if twice:
        raise StructureError(twice)
    return merged, origins


def load(path: str | os.PathLike[str]) -> Registry:
    """A Registry from a .toml or .json file, or from a folder of them merged in name order.

    In a folder, each collection (``schools``, ``positions``, ...) may be spread over files;
    every other key may appear in one file only.
    """
    location = Path(path)
    if location.is_dir():
        data, origins = _merge(location)
        return _build(data, origins)
    if not location.exists():
        raise SourceError(str(location), "source-missing")
    return loads(_read(location), _suffix_format(location), source=str(location))


def _json_default(value: object) -> Any:
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(registry: Registry, format: Format = "toml") -> str:
    """The registry as text, deterministic: the same registry always gives the same bytes."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of {FORMATS}")
    data = to_dict(registry)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    return tomli_w.dumps(data)


def write_atomic(path: Path, payload: bytes) -> None:
    """Write through a temporary file in the same folder, fsync, then rename over ``path``."""
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def dump(registry: Registry, path: str | os.PathLike[str], format: Format | None = None) -> None:
    """Write the registry to ``path`` atomically; the format follows the suffix unless given."""
    target = Path(path)
    chosen = format or _suffix_format(target)
    write_atomic(target, dumps(registry, chosen).encode("utf-8"))
