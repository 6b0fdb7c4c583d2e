"""The types and bounds of every field, held by the loader and by each model class alike.

A registry built by hand (from database rows, a web form) must be one every function of
the library can work with, as a loaded one is: a float where a Decimal belongs would
otherwise build, and fail later deep inside validation as a ``TypeError``. So the checks
the loader applies to a file's values live here, and every model class runs them when it
is built (:func:`checked`), raising the loader's own :class:`StructureError` with the
loader's messages. Domain rules (an FTE above 1, an end before a start) stay validation
issues: a registry with them can still be loaded, shown and corrected.

Each check returns None for a good value, or a :class:`Fault`: the catalogue key of what
was expected and its parameters, as the loader words a ``wrong-type`` problem.
"""

from __future__ import annotations

import enum
import re
import reprlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time
from decimal import Decimal
from functools import partial
from types import NoneType, UnionType
from typing import Any, NamedTuple, Union, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from ..errors import Problem, StructureError
from ..i18n import Text
from .bounds import (
    MAX_COUNT,
    MAX_DECIMAL_DIGITS,
    MAX_DECIMAL_EXPONENT,
    MAX_INTEGER,
    MAX_REVISION,
    MAX_RULE_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
)


class Fault(NamedTuple):
    """What a value should have been: a catalogue key (``expected-date``) and its values."""

    expected: str
    params: dict[str, object]

    def problem(self, path: str, got: object) -> Problem:
        expected = Text(self.expected, **self.params)
        return Problem(
            path=path, key="wrong-type", params=(("expected", expected), ("got", describe(got)))
        )


Check = Callable[[Any], Fault | None]


def check_text(value: object) -> Fault | None:
    if not isinstance(value, str):
        return Fault("expected-text", {})
    if len(value) > MAX_TEXT_LENGTH:
        return Fault("expected-text-length", {"limit": MAX_TEXT_LENGTH})
    return None


def check_integer(value: object) -> Fault | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return Fault("expected-integer", {})
    if not -MAX_INTEGER <= value <= MAX_INTEGER:
        return Fault("expected-integer-range", {"limit": MAX_INTEGER})
    return None


def check_boolean(value: object) -> Fault | None:
    return None if isinstance(value, bool) else Fault("expected-boolean", {})


#: A decimal beyond the bounds: too many digits, or an exponent too far either way.
DECIMAL_RANGE = Fault(
    "expected-decimal-range", {"digits": MAX_DECIMAL_DIGITS, "exponent": MAX_DECIMAL_EXPONENT}
)


def bounded(number: Decimal) -> bool:
    """Whether a finite decimal has at most the digits and exponent sums can work with."""
    _, digits, exponent = number.as_tuple()
    return (
        isinstance(exponent, int)
        and len(digits) <= MAX_DECIMAL_DIGITS
        and -MAX_DECIMAL_EXPONENT <= exponent <= MAX_DECIMAL_EXPONENT
    )


def check_decimal(value: object) -> Fault | None:
    if not isinstance(value, Decimal):
        return Fault("expected-decimal", {})
    if not value.is_finite():
        return Fault("expected-decimal-finite", {})
    return None if bounded(value) else DECIMAL_RANGE


def in_years(value: date) -> Fault | None:
    """Whether a date, or the date of a date and time, lies in the years the library handles."""
    if MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    return Fault("expected-date-range", {"first": MIN_YEAR, "last": MAX_YEAR})


def check_date(value: object) -> Fault | None:
    if not isinstance(value, date) or isinstance(value, datetime):
        return Fault("expected-date", {})
    return in_years(value)


def check_time(value: object) -> Fault | None:
    """A wall-clock time without a zone: the registry's time zone gives it one."""
    if not isinstance(value, time) or value.tzinfo is not None:
        return Fault("expected-time", {})
    return None


def check_datetime(value: object) -> Fault | None:
    """A date and time with its zone: a naive one would be read in the machine's zone."""
    if not isinstance(value, datetime):
        return Fault("expected-datetime", {})
    if value.utcoffset() is None:
        return Fault("expected-datetime-aware", {})
    return in_years(value)


def check_choice(kind: type[enum.Enum], value: object) -> Fault | None:
    if isinstance(value, kind):
        return None
    return Fault("expected-choice", {"choices": ", ".join(str(member.value) for member in kind)})


def check_instance(kind: type[Any], value: object) -> Fault | None:
    return None if isinstance(value, kind) else Fault("expected-instance", {"kind": kind.__name__})


def check_revision(value: object) -> Fault | None:
    fault = check_integer(value)
    if fault is None and not 0 <= value <= MAX_REVISION:  # type: ignore[operator]
        return Fault("expected-revision", {"limit": MAX_REVISION})
    return fault


def check_count(value: object) -> Fault | None:
    if value is None:
        return None
    fault = check_integer(value)
    if fault is None and not 1 <= value <= MAX_COUNT:  # type: ignore[operator]
        return Fault("expected-count", {"limit": MAX_COUNT})
    return fault


_RULE_PARTS = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYSETPOS",
    "WKST",
)
_RULE_PART = re.compile(rf"({'|'.join(_RULE_PARTS)})=[A-Z0-9+,-]+", re.IGNORECASE | re.ASCII)


def rule_parts(text: str) -> dict[str, str] | None:
    """The parts of a one-line RRULE by upper-case name, or None when it is not one.

    Each part at most once, FREQ among them, no other iCalendar line (DTSTART, EXDATE)
    hidden after a line break, and only the parts that fall on days: a meeting series has
    its time of day, and parts by hour, minute or second would multiply its dates. Whether
    the values make dates is for scheduling and validation to say.
    """
    body = text[len("RRULE:") :] if text[:6].upper() == "RRULE:" else text
    parts = body.split(";")
    if len(text) > MAX_RULE_LENGTH or not all(_RULE_PART.fullmatch(part) for part in parts):
        return None
    found = dict(part.upper().split("=", 1) for part in parts)
    return found if len(found) == len(parts) and "FREQ" in found else None


def check_rule(value: object) -> Fault | None:
    if value is None:
        return None
    fault = check_text(value)
    if fault is None and rule_parts(value) is None:  # type: ignore[arg-type]
        return Fault("expected-rrule", {"parts": ", ".join(_RULE_PARTS)})
    return fault


#: A time zone where people meet: a region and a place, as the IANA database names them,
#: or UTC. Not ``Factory``, ``localtime``, the ``posix/`` and ``right/`` copies, the
#: fixed-offset ``Etc/GMT+12`` (whose sign is the reverse of what it says) or old aliases.
_ZONE_NAME = re.compile(
    r"(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)"
    r"(?:/[A-Za-z][A-Za-z0-9_+-]*){1,2}|UTC|Etc/UTC"
)


def timezone_problem(name: str) -> Problem | None:
    """The problem with a registry's ``timezone``, or None when it names a usable zone."""
    problem = Problem(path="timezone", key="invalid-timezone", params=(("zone", name[:60]),))
    if not _ZONE_NAME.fullmatch(name):
        return problem
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # A name is looked up as a file: "Europe/Atlantis" is not there.
        return problem
    return None


#: Fields bounded beyond their type, by class name and field: the loader uses them too.
FIELD_CHECKS: dict[tuple[str, str], Check] = {
    ("Meeting", "revision"): check_revision,
    ("MeetingSeries", "revision"): check_revision,
    ("MeetingSeries", "count"): check_count,
    ("MeetingSeries", "rrule"): check_rule,
}

_LEAVES: dict[Any, Check] = {
    str: check_text,
    bool: check_boolean,
    int: check_integer,
    Decimal: check_decimal,
    datetime: check_datetime,
    date: check_date,
    time: check_time,
}


def _optional(inner: Check, value: object) -> Fault | None:
    return None if value is None else inner(value)


def _check_of(kind: Any) -> Check:
    args = get_args(kind)
    if get_origin(kind) in (Union, UnionType) and len(args) == 2 and NoneType in args:
        return partial(_optional, _check_of(args[0] if args[1] is NoneType else args[1]))
    if kind in _LEAVES:
        return _LEAVES[kind]
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return partial(check_choice, kind)
    if isinstance(kind, type):
        return partial(check_instance, kind)
    raise TypeError(f"no check for {kind!r}")  # pragma: no cover - a model field of a new kind


class _Field(NamedTuple):
    name: str
    check: Check
    items: bool  # a tuple of values, each checked


def _fields_of(cls: type[Any]) -> tuple[_Field, ...]:
    hints = get_type_hints(cls)
    fields = []
    for field in attrs.fields(cls):
        kind = hints[field.name]
        args = get_args(kind)
        if get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis:
            fields.append(_Field(field.name, _check_of(args[0]), items=True))
            continue
        check = FIELD_CHECKS.get((cls.__name__, field.name)) or _check_of(kind)
        if field.default is None:
            # A personal field (a staff member's name) is left out of public outputs: typed
            # as its value, absent when unknown, as a file may leave it out.
            check = partial(_optional, check)
        fields.append(_Field(field.name, check, items=False))
    return tuple(fields)


_FIELDS: dict[type[Any], tuple[_Field, ...]] = {}


def problems_of_fields(entity: Any) -> list[Problem]:
    """Every field of ``entity`` that is not of its type or out of its bounds.

    A list given for a tuple field is taken as the tuple it holds, as the loader takes a
    file's list: what is stored is immutable and hashable either way.
    """
    cls = type(entity)
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = _fields_of(cls)
    problems: list[Problem] = []
    for name, check, items in fields:
        value = getattr(entity, name)
        if not items:
            fault = check(value)
            if fault is not None:
                problems.append(fault.problem(name, value))
            continue
        if type(value) is not tuple:
            if not isinstance(value, list | tuple):
                problems.append(Fault("expected-list", {}).problem(name, value))
                continue
            value = tuple(value)
            object.__setattr__(entity, name, value)
        for index, item in enumerate(value):
            fault = check(item)
            if fault is not None:
                problems.append(fault.problem(f"{name}[{index}]", item))
    return problems


#: Set while the loader builds objects from values its hooks have checked already, with
#: these very checks: checking them again cost a third of the loading time at NRW size. A
#: context variable, so a registry built by hand in another thread is checked all the same.
_CHECKED: ContextVar[bool] = ContextVar("_CHECKED", default=False)


@contextmanager
def checked_values() -> Iterator[None]:
    """Within the block, model objects take their values as already checked (the loader)."""
    token = _CHECKED.set(True)
    try:
        yield
    finally:
        _CHECKED.reset(token)


def values_checked() -> bool:
    """Whether objects are being built from values checked already (:func:`checked_values`)."""
    return _CHECKED.get()


def check_fields(self: Any) -> None:
    """Every model class's ``__attrs_post_init__``: a wrong field raises the loader's
    :class:`StructureError`, whose problems name the field in the loader's words. It runs
    for ``attrs.evolve`` too."""
    if _CHECKED.get():
        return
    problems = problems_of_fields(self)
    if problems:
        raise StructureError(tuple(problems))


_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = 60


def describe(value: object) -> str:
    """The found value, short: a message must stay readable, and building it must not cost
    what the value itself would (a list nested a thousand deep, a 10**9-digit decimal)."""
    if isinstance(value, Decimal):
        text = format(value, "f") if value.is_finite() and bounded(value) else str(value)
    else:
        text = _REPR.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
