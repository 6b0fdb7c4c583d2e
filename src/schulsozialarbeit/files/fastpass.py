"""The loader's fast pass: a valid registry built without cattrs' bookkeeping.

cattrs' detailed validation (:mod:`.converter`) collects every problem with its path and
pays for that on every value, though most registries are valid. The fast pass builds the
same objects with none of it: for each model class one loop over the keys of its table,
with the check of texts written in the loop and the common forms of whole numbers, dates,
times and amounts taken without a fault built. The first value it does not take ends it,
and the detailed pass runs over the data from the start, so a refused file is reported
exactly as before.

It may refuse more than the detailed pass (a str subclass, a Mapping that is not a dict),
never less, and never builds anything different: tests/test_fast_structure.py holds it to
that, value by value.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from types import NoneType, UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo

import attrs

from .._gc import gc_paused
from ..model import Registry
from ..model.bounds import MAX_INTEGER, MAX_TEXT_LENGTH, MAX_YEAR, MIN_YEAR
from ..model.checks import checked_values
from .converter import (
    _FIELD_HOOKS,
    _ZONE,
    CONVERTER,
    DATE_PATTERN,
    DATETIME_PATTERN,
    DECIMAL_PATTERN,
    _date,
    _datetime,
    _decimal,
    _is_tuple_of,
    structure_detailed,
)
from .limits import MAX_DECIMAL_DIGITS

Fast = Callable[[Any], Any]


class Rejected(Exception):
    """The fast pass met a value it does not take; the detailed pass tells what is wrong."""


def fast_text(value: Any) -> str:
    """Text as the detailed pass takes it, without building the fault it would report."""
    if type(value) is not str or len(value) > MAX_TEXT_LENGTH:
        raise Rejected
    return value


def fast_optional_text(value: Any) -> str | None:
    """Text or None: half of the model's texts are optional."""
    if value is not None and (type(value) is not str or len(value) > MAX_TEXT_LENGTH):
        raise Rejected
    return value


def fast_integer(value: Any) -> int:
    """A whole number as the detailed pass takes it (never a bool: its type is not ``int``)."""
    if type(value) is not int or not -MAX_INTEGER <= value <= MAX_INTEGER:
        raise Rejected
    return value


def fast_date(value: Any) -> date:
    """A date in the one form a registry file writes, else what ``_date`` makes of it."""
    if type(value) is str and len(value) == 10 and DATE_PATTERN.fullmatch(value):
        parsed = date.fromisoformat(value)
        if MIN_YEAR <= parsed.year <= MAX_YEAR:
            return parsed
    return _date(value, date)


def fast_datetime(value: Any) -> datetime:
    """A wall-clock time without offset, as a registry file writes it, else ``_datetime``.

    The local time is the parsed one with the registry's zone attached, in the same year:
    one year check where ``_datetime`` makes two, and no fault built.
    """
    if type(value) is str and len(value) == 16 and DATETIME_PATTERN.fullmatch(value):
        parsed = datetime.fromisoformat(value)
        if MIN_YEAR <= parsed.year <= MAX_YEAR:
            return parsed.replace(tzinfo=ZoneInfo(_ZONE.get()))
    return _datetime(value, datetime)


def fast_decimal(value: Any) -> Decimal:
    """An amount such as ``"0.5"``, else what ``_decimal`` makes of it.

    A text of at most ``MAX_DECIMAL_DIGITS`` characters in the pattern's form has no more
    digits than that and a small exponent: within bounds without ``check_decimal``.
    """
    if type(value) is str and len(value) <= MAX_DECIMAL_DIGITS and DECIMAL_PATTERN.fullmatch(value):
        return Decimal(value)
    return _decimal(value, Decimal)


#: Leaves whose common form the fast pass takes itself; any other form goes to the detailed
#: pass's own hook, so the two cannot build different values.
LEAVES: dict[Any, Fast] = {
    str: fast_text,
    int: fast_integer,
    date: fast_date,
    datetime: fast_datetime,
    Decimal: fast_decimal,
}


def _optional_of(kind: Any) -> Any | None:
    """``X`` for ``X | None``, else None."""
    args = get_args(kind)
    if get_origin(kind) in (Union, UnionType) and len(args) == 2 and NoneType in args:
        return args[0] if args[1] is NoneType else args[1]
    return None


def fast_hook(kind: Any, made: dict[Any, Fast]) -> Fast:
    """A function that builds ``kind`` from plain data as the detailed pass does, or raises."""
    if kind in made:
        return made[kind]
    hook: Fast
    inner = _optional_of(kind)
    if attrs.has(kind):
        hook = _class(kind, made)
    elif _is_tuple_of(kind):
        hook = _tuple(fast_hook(get_args(kind)[0], made))
    elif inner is str:
        hook = fast_optional_text
    elif inner is not None:
        hook = _optional(fast_hook(inner, made))
    elif kind in LEAVES:
        hook = LEAVES[kind]
    elif isinstance(kind, type) and issubclass(kind, enum.Enum):
        # A dict lookup, where _enum compares with every member: a str value finds its
        # member, anything else raises KeyError or TypeError.
        members = {member.value: member for member in kind if isinstance(member.value, str)}
        hook = members.__getitem__
    else:
        # The leaf hooks take the type as ``_`` and ignore it; partial calls them from C.
        leaf: Callable[..., Any] = CONVERTER.get_structure_hook(kind)
        hook = partial(leaf, _=kind)
    made[kind] = hook
    return hook


def _tuple(item: Fast) -> Fast:
    def structure(value: Any) -> tuple[Any, ...]:
        if type(value) is not list and type(value) is not tuple:
            raise Rejected
        return tuple(map(item, value))

    return structure


def _optional(inner: Fast) -> Fast:
    def structure(value: Any) -> Any:
        return None if value is None else inner(value)

    return structure


def _class(cls: type[Any], made: dict[Any, Fast]) -> Fast:
    """A function that builds one ``cls`` from a dict.

    A key the class does not know (KeyError), a required one missing (TypeError), a value
    of the wrong type: each raises, and the detailed pass reports it.
    """
    hints = get_type_hints(cls)
    hooks = {field.name: fast_hook(hints[field.name], made) for field in attrs.fields(cls)}
    for (owner, name), hook in _FIELD_HOOKS.items():
        if owner is cls:
            hooks[name] = partial(hook, kind=hints[name])
    texts = frozenset(k for k, hook in hooks.items() if hook in (fast_text, fast_optional_text))
    limit = MAX_TEXT_LENGTH

    def structure(value: Any) -> Any:
        if type(value) is not dict:
            raise Rejected
        found = {}
        for key, item in value.items():
            # A text's check made here, not called: a third of a registry's values. Any
            # other value of a text field (None, a number) goes to the field's hook.
            if key in texts and type(item) is str:
                if len(item) > limit:
                    raise Rejected
                found[key] = item
            else:
                found[key] = hooks[key](item)
        return cls(**found)

    return structure


_FAST_REGISTRY = fast_hook(Registry, {})


def structure_registry(data: Mapping[str, Any]) -> Registry:
    """Build a Registry from plain data or raise the cattrs error tree.

    Most registries are valid, so the fast pass runs first; only when it refuses, cattrs'
    detailed validation runs over the data again, to collect every problem with its path.
    """
    try:
        registry = fast_registry(data)
    except Exception:  # noqa: S110 - every refusal is reported by the detailed pass below
        pass
    else:
        return registry
    return structure_detailed(data)


def fast_registry(data: Mapping[str, Any]) -> Registry:
    """The fast pass alone: the Registry, or whatever exception its first refusal raised."""
    with gc_paused(), checked_values():
        registry: Registry = _FAST_REGISTRY(data)
    return registry
