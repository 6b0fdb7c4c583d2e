"""The one cattrs converter behind every round trip, made strict.

cattrs coerces by default (``str(1)``, ``int("1")``, a string iterated into a tuple of
characters) and ignores unknown keys. A registry is edited by hand, so here nothing is
coerced and nothing is dropped: every value must already have its type, every key must be
known, and every problem is collected with its path before anything is returned.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time
from decimal import Decimal
from functools import partial
from typing import Any, get_args, get_origin
from zoneinfo import ZoneInfo

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from ..errors import Problem, StructureError
from ..i18n import Text
from ..model import DEFAULT_TIMEZONE, Meeting, MeetingSeries, Registry
from ..model.checks import (
    DECIMAL_RANGE,
    FIELD_CHECKS,
    Fault,
    check_boolean,
    check_choice,
    check_decimal,
    check_integer,
    check_text,
    describe,
    in_years,
)
from .limits import MAX_ALIKE, MAX_DECIMAL_DIGITS, MAX_PROBLEMS

_ZONE: ContextVar[str] = ContextVar("_ZONE", default=DEFAULT_TIMEZONE)

DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
TIME_PATTERN = re.compile(r"\d{2}:\d{2}(:\d{2})?")
DATETIME_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?")
DECIMAL_PATTERN = re.compile(r"-?\d+(\.\d+)?")


class WrongType(ValueError):
    """A value of the wrong kind; ``expected`` is a catalogue key such as ``expected-date``."""

    def __init__(self, expected: str, got: object, **params: object) -> None:
        super().__init__(expected, got)
        self.expected = expected
        self.got = got
        self.params = params


@contextmanager
def zone(name: str) -> Iterator[None]:
    """Interpret and write wall-clock times in ``name`` while the block runs."""
    token = _ZONE.set(name)
    try:
        yield
    finally:
        _ZONE.reset(token)


def _raise(fault: Fault | None, value: object) -> None:
    if fault is not None:
        raise WrongType(fault.expected, value, **fault.params)


def _str(value: object, _: type) -> str:
    _raise(check_text(value), value)
    return value  # type: ignore[return-value]


def _int(value: object, _: type) -> int:
    _raise(check_integer(value), value)
    return value  # type: ignore[return-value]


def _bool(value: object, _: type) -> bool:
    _raise(check_boolean(value), value)
    return value  # type: ignore[return-value]


def _decimal(value: object, _: type) -> Decimal:
    """A decimal from a Decimal, a whole number, a text such as ``"0.5"``, or a float.

    A float (from JSON parsed without ``parse_float``, a web form, a database column) is
    taken by its shortest text, the digits the sender wrote: 0.1 is 0.1, not the binary
    fraction 0.1000000000000000055511151231257827. NaN and the infinities are no amount.
    """
    number: Decimal | None = None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise WrongType("expected-decimal-finite", value)
        number = Decimal(repr(value))
    elif isinstance(value, str) and DECIMAL_PATTERN.fullmatch(value):
        # Sign and point aside, a longer text has too many digits: no need to convert it.
        if len(value) > MAX_DECIMAL_DIGITS + 2:
            raise WrongType(DECIMAL_RANGE.expected, value, **DECIMAL_RANGE.params)
        number = Decimal(value)
    if number is None:
        raise WrongType("expected-decimal", value)
    _raise(check_decimal(number), value)
    return number


def _in_years(value: date, got: object) -> None:
    _raise(in_years(value), got)


def _date(value: object, _: type) -> date:
    parsed: date | None = None
    if isinstance(value, date) and not isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and DATE_PATTERN.fullmatch(value):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            parsed = None
    if parsed is None:
        raise WrongType("expected-date", value)
    _in_years(parsed, value)
    return parsed


def _time(value: object, _: type) -> time:
    if isinstance(value, time) and value.tzinfo is None:
        return value
    if isinstance(value, str) and TIME_PATTERN.fullmatch(value):
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise WrongType("expected-time", value)


def _datetime(value: object, _: type) -> datetime:
    parsed: datetime | None = None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and DATETIME_PATTERN.fullmatch(value):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
    if parsed is None:
        raise WrongType("expected-datetime", value)
    # Checked before and after the conversion: a year far out would overflow it, and the
    # local time is what the rest of the library works with.
    _in_years(parsed, value)
    if parsed.tzinfo is None:
        local = parsed.replace(tzinfo=ZoneInfo(_ZONE.get()))
    else:
        local = parsed.astimezone(ZoneInfo(_ZONE.get()))
    _in_years(local, value)
    return local


def _unstructure_time(value: time) -> str:
    return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")


def _unstructure_datetime(value: datetime) -> str:
    local = value.astimezone(ZoneInfo(_ZONE.get())) if value.tzinfo else value
    spec = "minutes" if local.second == 0 else "seconds"
    return local.replace(tzinfo=None).isoformat(timespec=spec)


def _enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, str):
        for member in cls:
            if member.value == value:
                return member
    _raise(check_choice(cls, None), value)
    raise AssertionError  # pragma: no cover - check_choice refuses None


def _checked(check: Callable[[object], Fault | None], value: object, kind: type) -> Any:
    """A bounded field: the value as its type's hook takes it, then the field's own check."""
    hook: Callable[[object, type], Any] = CONVERTER.get_structure_hook(kind)
    _raise(check(value), value)
    return hook(value, kind)


#: Fields whose values are bounded beyond their type, in the detailed and the fast pass.
_FIELD_HOOKS: dict[tuple[type, str], Callable[..., Any]] = {
    (owner, name): partial(_checked, check)
    for owner in (Meeting, MeetingSeries)
    for (owner_name, name), check in FIELD_CHECKS.items()
    if owner_name == owner.__name__
}


def _is_tuple_of(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


class Stopped(Exception):
    """The detailed pass gave up at this list: ``left`` of its items were not checked."""

    def __init__(self, left: int) -> None:
        super().__init__(left)
        self.left = left


class _Budget:
    """How many more items may fail before the detailed pass stops looking."""

    def __init__(self, limit: int) -> None:
        self.left = limit


_BUDGET: ContextVar[_Budget | None] = ContextVar("_BUDGET", default=None)


def _tuple_hook(cls: Any, converter: cattrs.Converter) -> Callable[[object, type], tuple[Any, ...]]:
    item_type = get_args(cls)[0]
    item_hook = converter.get_structure_hook(item_type)

    def structure(value: object, _: type) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise WrongType("expected-list", value)
        items: list[Any] = []
        errors: list[Exception] = []
        budget = _BUDGET.get()
        for index, item in enumerate(value):
            if budget is not None and budget.left <= 0:
                errors.append(Stopped(len(value) - index))
                break
            try:
                items.append(item_hook(item, item_type))
            except Exception as error:
                error.__notes__ = [IterableValidationNote(f"@ [{index}]", index, item_type)]
                errors.append(error)
                if budget is not None:
                    budget.left -= 1
        if errors:
            raise IterableValidationError(f"while structuring {cls!r}", errors, cls)
        return tuple(items)

    return structure


def _attrs_hook(cls: Any, converter: cattrs.Converter) -> Callable[[object, type], Any]:
    overrides = {
        name: override(struct_hook=hook)
        for (owner, name), hook in _FIELD_HOOKS.items()
        if owner is cls
    }
    base = make_dict_structure_fn(cls, converter, **overrides)  # type: ignore[arg-type]

    def structure(value: object, _: type) -> Any:
        if not isinstance(value, Mapping):
            raise WrongType("expected-table", value)
        return base(value, cls)

    return structure


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(
        forbid_extra_keys=True, detailed_validation=True, omit_if_default=True
    )
    converter.register_structure_hook(str, _str)
    converter.register_structure_hook(int, _int)
    converter.register_structure_hook(bool, _bool)
    # A StrEnum is a str first in its MRO: without its own hook it would match _str.
    converter.register_structure_hook(enum.StrEnum, _enum)
    converter.register_structure_hook(enum.Enum, _enum)
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_structure_hook(date, _date)
    converter.register_structure_hook(time, _time)
    converter.register_structure_hook(datetime, _datetime)
    converter.register_unstructure_hook(Decimal, lambda value: format(value, "f"))
    converter.register_unstructure_hook(date, lambda value: value.isoformat())
    converter.register_unstructure_hook(time, _unstructure_time)
    converter.register_unstructure_hook(datetime, _unstructure_datetime)
    converter.register_structure_hook_factory(_is_tuple_of, lambda cls: _tuple_hook(cls, converter))
    converter.register_structure_hook_factory(attrs.has, lambda cls: _attrs_hook(cls, converter))
    return converter


CONVERTER = _make_converter()


def _make_native() -> cattrs.Converter:
    """CONVERTER, unstructuring to the values TOML has types for: a registry edited in place
    keeps ``first = 2022-02-16`` and ``fte = 0.5`` as they were written, not as strings."""
    native = CONVERTER.copy()
    native.register_unstructure_hook(Decimal, lambda value: value)
    native.register_unstructure_hook(date, lambda value: value)
    native.register_unstructure_hook(time, lambda value: value)
    native.register_unstructure_hook(
        datetime, lambda value: datetime.fromisoformat(_unstructure_datetime(value))
    )
    return native


NATIVE = _make_native()


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def problems_of(error: BaseException, path: str = "") -> Iterator[Problem]:
    """Every leaf of a cattrs error tree, as a Problem with the path to the bad value."""
    if isinstance(error, ClassValidationError):
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            yield from problems_of(inner, _join(path, note.name))
        for inner in without:
            yield from problems_of(inner, path)
    elif isinstance(error, IterableValidationError):
        with_notes_i, without_i = error.group_exceptions()
        for inner, inote in with_notes_i:
            yield from problems_of(inner, f"{path}[{inote.index}]")
        for inner in without_i:
            yield from problems_of(inner, path)
    elif isinstance(error, ForbiddenExtraKeysError):
        for name in sorted(error.extra_fields):
            yield Problem(path=_join(path, name), key="unknown-field")
    elif isinstance(error, WrongType):
        expected = Text(error.expected, **error.params)
        yield Problem(
            path=path,
            key="wrong-type",
            params=(("expected", expected), ("got", describe(error.got))),
        )
    elif isinstance(error, KeyError):
        yield Problem(path=path, key="missing-field")
    elif isinstance(error, StructureError):
        # A model class refused what its fields' hooks let through: a registry's time zone.
        for problem in error.problems:
            yield attrs.evolve(problem, path=_join(path, problem.path))
    elif isinstance(error, Stopped):
        yield Problem(
            path=path,
            key="structure-stopped",
            params=(("count", error.left), ("limit", MAX_PROBLEMS)),
        )
    else:
        yield Problem(path=path, key="invalid-value", params=(("detail", str(error)),))


def structure_detailed(data: Mapping[str, Any]) -> Registry:
    """Build a Registry from plain data or raise the cattrs error tree with every problem.

    At most ``MAX_PROBLEMS`` items fail before a list stops being looked at, so a file of a
    million broken entries is reported in bounded time.
    """
    token = _BUDGET.set(_Budget(MAX_PROBLEMS))
    try:
        return CONVERTER.structure(data, Registry)
    finally:
        _BUDGET.reset(token)


def _alike(problem: Problem) -> tuple[str, str, str]:
    return (problem.key, re.sub(r"\[\d+\]", "[]", problem.path), repr(problem.params))


def bounded(problems: Iterable[Problem]) -> list[Problem]:
    """The problems to show: ``MAX_ALIKE`` of each kind and a count of the rest, and no
    more than ``MAX_PROBLEMS`` in all, so a file of a million empty tables gives a page of
    messages, not a million lines. Taken one by one from a generator, never all at once."""
    shown: list[Problem] = []
    more: dict[tuple[str, str, str], tuple[Problem, int]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    beyond = 0
    for problem in problems:
        kind = _alike(problem)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] > MAX_ALIKE:
            first, count = more.get(kind, (problem, 0))
            more[kind] = (first, count + 1)
        elif len(shown) < MAX_PROBLEMS:
            shown.append(problem)
        else:
            beyond += 1
    for first, count in more.values():
        what = Text(first.key, **dict(first.params))
        shown.append(
            Problem(
                path=first.path, key="problems-alike", params=(("count", count), ("problem", what))
            )
        )
    if beyond:
        shown.append(Problem(path="", key="problems-beyond", params=(("count", beyond),)))
    return shown


def unstructure(value: Any) -> Any:
    return CONVERTER.unstructure(value)


def unstructure_native(value: Any) -> Any:
    """Plain data like :func:`unstructure`, with dates, times and decimals left as they are."""
    return NATIVE.unstructure(value)
