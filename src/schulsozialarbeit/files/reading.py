"""Reading registries: TOML for people, JSON for machines, a file or a folder.

Loading is all or nothing. Text that does not parse raises one ParseError with file, line
and column; data that parses but does not fit the model raises one StructureError listing
every problem with its path.

A registry file is input from outside, so loading refuses what would exhaust memory or
stack before it gets that far: more than ``MAX_BYTES``, nesting deeper than ``MAX_DEPTH``
(each part of a dotted TOML key a level), number literals longer than ``MAX_NUMBER_LENGTH``
(and, in the converter, over-long texts and numbers, dates and rules out of range). What
loads is then safe for every other function of the library; a structure with more problems
than anyone reads is summed up, not listed. Each refusal is one of the documented errors,
never a crash.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from typing import Any, Literal

from cattrs.errors import BaseValidationError

from .._gc import gc_paused
from ..errors import ParseError, Problem, SourceError, StructureError
from ..i18n import Text
from ..model import COLLECTIONS, DEFAULT_TIMEZONE, Registry
from ..model.checks import Fault, timezone_problem
from .converter import bounded, problems_of, unstructure, zone
from .fastpass import structure_registry
from .limits import MAX_BYTES, MAX_DEPTH, MAX_NUMBER_LENGTH

Format = Literal["toml", "json"]
FORMATS: tuple[Format, ...] = ("toml", "json")

#: The version of the registry format this library writes, as ``format_version`` at the
#: top of every registry file. A file without one is of version 1, the format before the
#: key existed. When the model changes in a way older files do not fit, the version goes
#: up and loading upgrades the older files; a file of a newer version than this library
#: knows is refused with a message saying so, never half read.
FORMAT_VERSION = 1
VERSION_KEY = "format_version"

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")

# What may hide brackets from the depth count: strings, and in TOML comments too.
_SKIP = {
    "json": r'"[^"\\]*(?:\\.[^"\\]*)*"',
    "toml": "|".join(
        (
            r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""',
            r"'''[\s\S]*?'''",
            r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"',
            r"'[^'\n]*'",
            r"#[^\n]*",
        )
    ),
}
_TOML_SKIP = re.compile(_SKIP["toml"])
_TOKENS = {name: re.compile(rf"{pattern}|[\[\]{{}}]") for name, pattern in _SKIP.items()}
_ESCAPE_BYTES = re.compile(rb"\\.", re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b'"[]{}')
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile(
    r"(?<!\\)(?:\\\\)*(?:\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|(\\u[dD][89a-fA-F][0-9a-fA-F]{2}))"
)
_NUMBER = re.compile(r"[-+]?[0-9][0-9_.eE+-]*")
# A dotted key (``a.b.c = 1``, ``[a.b.c]``) nests a table per dot. With strings, comments and
# blanks taken out, its dots follow each other with nothing but key characters between.
_DOTS = re.compile(r"\.(?:[A-Za-z0-9_-]*\.)*")
_SPACED_DOTS = re.compile(r"\.(?:[ \t]*(?:[A-Za-z0-9_-]+[ \t]*)?\.)*")


def suffix_format(path: Path) -> Format:
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "toml":
        return "toml"
    if suffix == "json":
        return "json"
    raise SourceError(str(path), "source-unknown-format")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The object as a dict, built in C; only when keys were lost is the first repeat sought."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return result


class _LongNumber(ValueError):
    """Raised inside a parser's number hook, which knows the literal but not where it is."""

    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _short(convert: Callable[[str], Any]) -> Callable[[str], Any]:
    def parse(literal: str) -> Any:
        if len(literal) > MAX_NUMBER_LENGTH:
            raise _LongNumber(literal)
        return convert(literal)

    return parse


_DECIMAL_LITERAL = _short(Decimal)
_INT_LITERAL = _short(int)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _refusal(text: str, offset: int | None, source: str, key: str, **params: object) -> ParseError:
    line, column = _line_column(text, offset) if offset is not None else (None, None)
    return ParseError(source, line, column, Text(key, **params))


def _long_number_offset(text: str) -> int | None:
    for match in _NUMBER.finditer(text):
        if len(match[0]) > MAX_NUMBER_LENGTH:
            return match.start()
    return None


def _brackets(text: str, format: Format, utf8: bytes | None = None) -> tuple[bytes, int]:
    """The brackets outside strings (and TOML comments), with quotes of strings holding any,
    and the most dots of one dotted TOML key (0 for JSON).

    A few passes in C: raises UnicodeEncodeError on a lone surrogate, which no output
    could write either. ``utf8``, the text's own bytes as read from a file, spares encoding
    it again (4 % of loading a JSON file of NRW size). In UTF-8 no byte of a character beyond
    ASCII is a bracket, a quote or a backslash, so the bytes count as the text does.
    """
    if format == "json":
        encoded = text.encode("utf-8") if utf8 is None else utf8
        if b"\\" in encoded:
            encoded = _ESCAPE_BYTES.sub(b"", encoded)
        kept = encoded.translate(None, _NOT_BRACKET)
        # Each string without brackets is now a pair of quotes next to each other; a string
        # with a bracket leaves a quote behind.
        return kept.replace(b'""', b""), 0
    text.encode("utf-8")
    bare = _TOML_SKIP.sub("", text)
    dots = 0
    if "." in bare:
        # A number such as 0.5 counts a level too: a harmless overcount of one.
        chains = _DOTS.finditer(bare.replace(" ", "").replace("\t", ""))
        dots = max((match[0].count(".") for match in chains), default=0)
    return bare.encode("utf-8").translate(None, _NOT_BRACKET), dots


def _dotted_at(text: str, most: int) -> int | None:
    """The offset of the first dotted key with more than ``most`` dots, strings blanked."""
    blanked = _TOML_SKIP.sub(lambda m: "x" * len(m[0]), text)
    for match in _SPACED_DOTS.finditer(blanked):
        if match[0].count(".") > most:
            return match.start()
    return None


def _too_deep_at(
    text: str, format: Format, max_depth: int, utf8: bytes | None = None
) -> int | None:
    """The offset of the first bracket or dotted key nested deeper than ``max_depth``, or None.

    The parsers recurse per level, so this runs before them; every later step that walks
    the data would too. Counting the brackets alone is exact unless a JSON string holds one;
    that case, and a file found too deep, take the slower walk over tokens, which also finds
    the offset. In TOML each dot of a dotted key is a level as well: the count adds the
    longest dotted key to the deepest brackets, which may count a level or two more than
    there are, never fewer.
    """
    kept, dots = _brackets(text, format, utf8)
    deepest = max(accumulate(map(_STEP.__getitem__, kept)), default=0) if b'"' not in kept else None
    if deepest is not None and deepest + dots <= max_depth:
        return None
    if dots and (deepest is None or deepest <= max_depth):
        found = _dotted_at(text, max(max_depth - (deepest or 0), 0))
        return 0 if found is None else found
    depth = 0
    for token in _TOKENS[format].finditer(text):
        char = token[0]
        if char in "[{":
            depth += 1
            if depth > max_depth:
                return token.start()
        elif char in "]}":
            depth -= 1
    return None


def _check_text(
    text: str,
    format: Format,
    source: str,
    max_bytes: int,
    max_depth: int,
    utf8: bytes | None = None,
) -> None:
    """Refuse, before any parsing, text too large, nested too deep, or not Unicode at all."""
    if len(text) > max_bytes:
        raise SourceError(source, "source-too-large", size=len(text), limit=max_bytes)
    if format == "json" and "\\" in text and _SURROGATE_ESCAPE.search(text):
        # JSON may spell a lone surrogate as an escape; no output could encode the result.
        for match in _LONE_SURROGATE.finditer(text):
            if match[1]:
                raise _refusal(text, match.start(1), source, "parse-lone-surrogate")
    try:
        offset = _too_deep_at(text, format, max_depth, utf8)
    except UnicodeEncodeError:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise _refusal(text, error.start, source, "parse-lone-surrogate") from None
        raise
    if offset is not None:
        raise _refusal(text, offset, source, "parse-too-deep", limit=max_depth)


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text, parse_float=_DECIMAL_LITERAL)
    except tomllib.TOMLDecodeError as error:
        detail = str(error)
        match = _TOML_POSITION.search(detail)
        if match:
            line, column = int(match[1]), int(match[2])
            raise ParseError(source, line, column, detail[: match.start()]) from None
        end = _TOML_END.search(detail)
        line, column = _line_column(text, len(text))
        raise ParseError(source, line, column, detail[: end.start()] if end else detail) from None
    except ValueError:
        # The float hook's _LongNumber, or Python refusing an integer of over 4300 digits,
        # which tomllib lets through as it is.
        offset = _long_number_offset(text)
        raise _refusal(
            text, offset, source, "parse-number-too-long", limit=MAX_NUMBER_LENGTH
        ) from None
    except RecursionError:
        # Only from a caller whose stack was deep already: the depth check came first.
        raise _refusal(text, None, source, "parse-stack-exhausted") from None


def _parse_json(text: str, source: str) -> Any:
    try:
        parsed = json.loads(
            text,
            parse_float=_DECIMAL_LITERAL,
            parse_int=_INT_LITERAL,
            parse_constant=_no_constant,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as error:
        raise ParseError(source, error.lineno, error.colno, error.msg) from None
    except _LongNumber as error:
        found = text.find(error.literal)
        raise _refusal(
            text,
            found if found >= 0 else None,
            source,
            "parse-number-too-long",
            limit=MAX_NUMBER_LENGTH,
        ) from None
    except RecursionError:
        raise _refusal(text, None, source, "parse-stack-exhausted") from None
    except ValueError as error:
        raise ParseError(source, None, None, str(error) or type(error).__name__) from None
    return parsed


def _parse(text: str, format: Format, source: str, max_bytes: int, max_depth: int) -> Any:
    """Text to plain data; numbers with a fraction become exact Decimals, never floats."""
    _check_text(text, format, source, max_bytes, max_depth)
    return _parse_checked(text, format, source)


def _parse_checked(text: str, format: Format, source: str) -> Any:
    """Text that :func:`_check_text` let through, to plain data."""
    if format == "toml":
        return _parse_toml(text, source)
    return _parse_json(text, source)


def _read_parsed(path: Path, budget: int, max_bytes: int, max_depth: int) -> tuple[Any, int]:
    """The plain data of a registry file, checked and parsed as :func:`_parse` does, and the
    file's size in bytes.

    The file's bytes spare the check encoding the text again, and are let go before the text
    is parsed, the text once it is: at Germany size each is 90 MB or more that the objects
    built from the data need not share memory with.
    """
    text, raw = read_bounded(path, budget)
    format, source, size = suffix_format(path), str(path), len(raw)
    _check_text(text, format, source, max_bytes, max_depth, raw)
    del raw
    return _parse_checked(text, format, source), size


def _check_timezone(data: Mapping[str, Any]) -> tuple[str, list[Problem]]:
    name = data.get("timezone", DEFAULT_TIMEZONE)
    if not isinstance(name, str):
        return DEFAULT_TIMEZONE, []  # the converter reports the wrong type
    problem = timezone_problem(name)
    return (DEFAULT_TIMEZONE, [problem]) if problem else (name, [])


def _version_problem(version: object) -> Problem | None:
    """What is wrong with a file's ``format_version``, or None for one this library reads."""
    if isinstance(version, int) and not isinstance(version, bool) and version >= 1:
        if version <= FORMAT_VERSION:
            return None
        params = (("found", version), ("latest", FORMAT_VERSION))
        return Problem(path=VERSION_KEY, key="format-version-newer", params=params)
    return Fault("expected-format-version", {"latest": FORMAT_VERSION}).problem(
        VERSION_KEY, version
    )


def _unversioned(data: Mapping[str, Any], origin: _Origins | None) -> dict[str, Any]:
    """The data without its ``format_version``, once that is one this library reads."""
    problem = _version_problem(data.get(VERSION_KEY, 1))
    if problem is not None:
        raise StructureError((origin.locate(problem) if origin else problem,))
    return {key: value for key, value in data.items() if key != VERSION_KEY}


def _build(data: object, origin: _Origins | None = None) -> Registry:
    if not isinstance(data, Mapping):
        # A JSON array, number or null where the registry's table belongs.
        top = Fault("expected-table", {}).problem("", data)
        raise StructureError((origin.locate(top) if origin else top,))
    if VERSION_KEY in data:
        data = _unversioned(data, origin)
    zone_name, problems = _check_timezone(data)
    registry: Registry | None = None
    with zone(zone_name):
        try:
            registry = structure_registry(data)
        except BaseValidationError as error:
            # The time zone, found above, is reported by the registry's class again.
            problems.extend(p for p in bounded(problems_of(error)) if p not in problems)
    if problems or registry is None:
        located = tuple(origin.locate(p) if origin else p for p in problems)
        raise StructureError(located)
    return registry


def from_dict(data: Mapping[str, Any]) -> Registry:
    """A Registry from plain data as ``json.loads``, a web form or database rows give it
    (strict, all or nothing). Decimals may be texts (``"0.5"``), whole numbers or floats,
    a float taken by its shortest text (0.1 is exactly 0.1); NaN and infinities are refused.
    Anything that is not such a registry raises :class:`StructureError`, never another
    exception: a list or ``None`` at the top level too."""
    return _build(data)


def to_dict(registry: Registry) -> dict[str, Any]:
    """Plain JSON-safe data; defaults are left out, decimals and dates are strings, and the
    registry format's version comes first (:data:`FORMAT_VERSION`)."""
    with zone(registry.timezone):
        data: dict[str, Any] = unstructure(registry)
    return {VERSION_KEY: FORMAT_VERSION, **data}


def loads(
    text: str,
    format: Format = "toml",
    *,
    source: str = "<string>",
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> Registry:
    """A Registry from TOML or JSON text; ``max_bytes`` counts its characters here."""
    origins = _Origins.single(source)
    return _built(lambda: (_parse(text, format, source, max_bytes, max_depth), origins))[0]


def _built(read: Callable[[], tuple[Any, _Origins]]) -> tuple[Registry, _Origins]:
    """The Registry of the plain data ``read`` gives, and where each part of it came from.

    Reading, parsing and building run with the collector paused (see .._gc), and the data
    is let go before it is back on, so that the collector never walks it.
    """
    with gc_paused():
        data, origins = read()
        registry = _build(data, origins)
        del data
    return registry, origins


def read_bounded(path: Path, budget: int) -> tuple[str, bytes]:
    """The text of ``path`` and its bytes, refused unread beyond ``budget`` bytes."""
    if not path.is_file():
        # A FIFO or device would block or never end; a registry is a regular file.
        raise SourceError(str(path), "source-unreadable", detail="not a regular file")
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > budget:
                raise SourceError(str(path), "source-too-large", size=size, limit=budget)
            # A file may grow while it is read; never take more than the budget. Asking for
            # the size first keeps a small file from reserving a buffer of the whole budget.
            raw = stream.read(size + 1)
            if len(raw) > size:
                raw += stream.read(max(budget + 1 - len(raw), 0))
    except OSError as error:
        raise SourceError(str(path), "source-unreadable", detail=error.strerror or "") from None
    if len(raw) > budget:
        raise SourceError(str(path), "source-too-large", size=len(raw), limit=budget)
    try:
        return raw.decode("utf-8-sig"), raw
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

    def path(self, path: str) -> tuple[str, str]:
        """(file, path inside that file) of a path into the merged registry."""
        match = re.match(r"([a-z_]+)(?:\[(\d+)\])?(.*)", path)
        if match and match[2] is not None and match[1] in self.items:
            collection, index, rest = match[1], int(match[2]), match[3]
            if index < len(self.items[collection]):
                file, local = self.items[collection][index]
                return file, f"{collection}[{local}]{rest}"
        if match and match[1] in self.scalars:
            return self.scalars[match[1]], path
        return self.default, path

    def locate(self, problem: Problem) -> Problem:
        file, path = self.path(problem.path)
        return Problem(path=path, key=problem.key, params=problem.params, file=file)


def _registry_files(folder: Path) -> list[Path]:
    """The folder's .toml and .json files in name order; hidden ones are not the registry.

    An editor's backup or a temporary file of an interrupted ``dump`` starts with a dot.
    """
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".toml", ".json") and not p.name.startswith(".") and p.is_file()
    )


def _merge(folder: Path, max_bytes: int, max_depth: int) -> tuple[dict[str, Any], _Origins]:
    files = _registry_files(folder)
    if not files:
        raise SourceError(str(folder), "source-empty-folder")
    parsed: list[tuple[str, dict[str, Any]]] = []
    budget = max_bytes
    for file in files:
        data, size = _read_parsed(file, budget, max_bytes, max_depth)
        budget -= size
        parsed.append((str(file), data))
    return merge_files(str(folder), parsed)


def merge_files(
    folder: str, parsed: list[tuple[str, dict[str, Any]]]
) -> tuple[dict[str, Any], _Origins]:
    """The data of a folder's files, given in name order, as one registry's data.

    Each collection may be spread over files; every other key may appear in one file only.
    """
    merged: dict[str, Any] = {}
    origins = _Origins()
    origins.default = folder
    seen: dict[str, list[str]] = {}
    listed: dict[str, list[str]] = {}
    for file, data in parsed:
        if not isinstance(data, dict):
            _build(data, _Origins.single(file))  # raises: a file that is not a table
        # Each file says which version it is written in; the merged registry has none.
        data = _unversioned(data, _Origins.single(file))
        for key, value in data.items():
            if key in COLLECTIONS and isinstance(value, list) and key not in seen:
                merged.setdefault(key, []).extend(value)
                listed.setdefault(key, []).append(file)
                locations = origins.items.setdefault(key, [])
                locations.extend((file, index) for index in range(len(value)))
            else:
                # A collection that is not a list here is one value like any other; given as
                # a list in another file too, it is defined twice.
                origins.items.pop(key, None)
                seen.setdefault(key, listed.pop(key, [])).append(file)
                merged[key] = value
                origins.scalars[key] = file
    twice = tuple(
        Problem(path=key, key="defined-twice", params=(("files", ", ".join(files_)),))
        for key, files_ in sorted(seen.items())
        if len(files_) > 1
    )
    if twice:
        raise StructureError(twice)
    return merged, origins


def load_located(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH
) -> tuple[Registry, Callable[[str], tuple[str, str]]]:
    """Like :func:`load`, with a function that tells for a path into the registry
    (``positions[8].end``) the file it came from and the path inside that file: in a folder,
    the eighth position may be the third of ``positions-nord.toml``."""
    location = Path(path)
    if location.is_dir():
        registry, origins = _built(lambda: _merge(location, max_bytes, max_depth))
        return registry, origins.path
    return load(location, max_bytes=max_bytes, max_depth=max_depth), _Origins.single(
        str(location)
    ).path


def load(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH
) -> Registry:
    """A Registry from a .toml or .json file, or from a folder of them merged in name order.

    In a folder, each collection (``schools``, ``positions``, ...) may be spread over files;
    every other key may appear in one file only. Hidden files (``.name``) are left out.
    ``max_bytes`` bounds the file, or the folder's files together.
    """
    location = Path(path)
    if location.is_dir():
        return _built(lambda: _merge(location, max_bytes, max_depth))[0]
    if not location.exists():
        raise SourceError(str(location), "source-missing")
    origins = _Origins.single(str(location))
    return _built(lambda: (_read_parsed(location, max_bytes, max_bytes, max_depth)[0], origins))[0]
