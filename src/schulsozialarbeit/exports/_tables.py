"""The people-facing view of a registry: one table per entity, at a privacy level.

CSV and XLSX show the same tables, so a column means the same in both and in the format
reference: its header is the field's name in the registry, nested fields joined by a dot
(``address.city``). Only how a cell is written differs between the formats.

Privacy follows the model's own ``personal`` marker, never a list kept here. At the
``public`` level every field so marked is left out, and a reference to a staff member
(a position's holder, a coordinator, a network member) shows the role word instead of the
id, because registries often use name slugs (``julia-hoffmann``) as ids. At ``internal``
the ids stay and a position also shows its holder's personal fields (``holder.name``).
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

import attrs
from attrs import frozen

from ..errors import UnknownEntityError
from ..i18n import DEFAULT_LANG, Lang, message
from ..i18n.labels import label
from ..model import COLLECTIONS, Address, Position, Registry, StaffMember
from ..model._fields import is_personal
from .options import DEFAULT_PRIVACY as DEFAULT_PRIVACY
from .options import ENTITIES as ENTITIES
from .options import PRIVACY_LEVELS as PRIVACY_LEVELS
from .options import Privacy as Privacy

#: The last column of every table: the privacy level the file was written at.
PRIVACY_COLUMN = "privacy"
#: The prefix of a position's columns that show its holder's personal fields.
HOLDER_PREFIX = "holder."

Scalar = str | int | Decimal | date | time | datetime
#: A list cell holds items; an item of a list of tables (an assignment) holds its parts.
Item = Scalar | tuple[Scalar, ...]
Cell = Scalar | tuple[Item, ...] | None
_SCALARS = (str, int, Decimal, date, time, datetime)


@frozen(kw_only=True)
class Table:
    entity: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def check_privacy(privacy: str) -> Privacy:
    if privacy not in PRIVACY_LEVELS:
        raise ValueError(f"unknown privacy level {privacy!r}; use one of {PRIVACY_LEVELS}")
    return privacy


def privacy_note(privacy: Privacy, lang: Lang = DEFAULT_LANG) -> str:
    """One sentence saying what the output holds at this level, for people reading it."""
    return message(f"exports.privacy.{privacy}", lang)


def optional_inner(kind: Any) -> Any:
    """``X`` for ``X | None``; anything else unchanged."""
    if get_origin(kind) in (Union, types.UnionType):
        inner = [arg for arg in get_args(kind) if arg is not type(None)]
        if len(inner) == 1:
            return inner[0]
    return kind


Getter = Callable[[Any], Any]


def _flat_fields(
    cls: type[Any], privacy: Privacy, fold: bool = False
) -> Iterator[tuple[str, Getter]]:
    """Column names and how to read each from an entity; nested tables become dotted names,
    or with ``fold`` one column (an address is one cell of lines, for people)."""
    for field in attrs.fields(attrs.resolve_types(cls)):
        if privacy == "public" and is_personal(field):
            continue
        kind = optional_inner(field.type)
        name = field.name
        if attrs.has(kind) and not fold:
            for inner, getter in _flat_fields(kind, privacy):
                yield f"{name}.{inner}", _nested(name, getter)
        else:
            yield name, _attribute(name)


def _attribute(name: str) -> Getter:
    return lambda entity: getattr(entity, name)


def _nested(name: str, getter: Getter) -> Getter:
    def read(entity: Any) -> Any:
        parent = getattr(entity, name)
        return None if parent is None else getter(parent)

    return read


def _holder_fields() -> list[str]:
    return [f.name for f in attrs.fields(StaffMember) if is_personal(f)]


@frozen
class _Cells:
    """How values become cells at one privacy level."""

    privacy: Privacy
    staff: frozenset[str]
    staff_word: str
    #: Enum values as people read them in this language (XLSX), not as the registry writes
    #: them (CSV, which is read back).
    words: Lang | None = None

    def scalar(self, value: Any) -> Scalar:
        if isinstance(value, enum.Enum):
            return str(value.value) if self.words is None else label(value, self.words)
        if self.privacy == "public" and isinstance(value, str) and value in self.staff:
            return self.staff_word
        if isinstance(value, _SCALARS):
            return value
        raise TypeError(f"no cell for {type(value).__name__}")

    def cell(self, value: Any) -> Cell:
        if value is None:
            return None
        if isinstance(value, tuple):
            return tuple(self.item(item) for item in value)
        if attrs.has(type(value)):
            return tuple(self.lines(value))
        return self.scalar(value)

    def lines(self, value: Any) -> Iterator[Scalar]:
        """A nested table as the lines people write it in: its present parts in field
        order, an address's postal code and city on one line."""
        if isinstance(value, Address) and value.postal_code and value.city:
            value = attrs.evolve(value, postal_code=f"{value.postal_code} {value.city}", city="")
        for field in attrs.fields(type(value)):
            part = getattr(value, field.name)
            if part is None or part == "" or (self.privacy == "public" and is_personal(field)):
                continue
            if attrs.has(type(part)):
                yield from self.lines(part)
            else:
                yield self.scalar(part)

    def item(self, item: Any) -> Item:
        """An item of a list; a table's parts in field order, without hidden ones. Absent
        parts at the end are left out; an absent part before a present one is empty text,
        so the parts keep their place (an assignment's ``start`` is never read as its
        ``concept``)."""
        if not attrs.has(type(item)):
            return self.scalar(item)
        parts = [
            getattr(item, field.name)
            for field in attrs.fields(type(item))
            if self.privacy == "internal" or not is_personal(field)
        ]
        while parts and parts[-1] is None:
            parts.pop()
        return tuple("" if part is None else self.scalar(part) for part in parts)


def table(
    registry: Registry,
    entity: str,
    privacy: Privacy = DEFAULT_PRIVACY,
    lang: Lang = DEFAULT_LANG,
    words: bool = False,
) -> Table:
    """The table of one entity; ``lang`` picks the role word that replaces staff ids and,
    with ``words`` (for people, not for reading back), the names of enum values and of the
    privacy level, and an address or venue as one cell of lines."""
    if entity not in ENTITIES:
        raise UnknownEntityError(entity, ENTITIES)
    cls = COLLECTIONS[entity]
    fields = list(_flat_fields(cls, privacy, fold=words))
    cells = _Cells(
        privacy=privacy,
        staff=frozenset(member.id for member in registry.staff),
        staff_word=message("exports.staff-member", lang),
        words=lang if words else None,
    )
    level = message(f"exports.privacy-level.{privacy}", lang) if words else privacy
    columns = [name for name, _ in fields]
    holders: dict[str, StaffMember] = {}
    personal = _holder_fields()
    if cls is Position and privacy == "internal":
        columns += [HOLDER_PREFIX + name for name in personal]
        for member in registry.staff:
            holders.setdefault(member.id, member)
    rows = []
    for entity_value in getattr(registry, entity):
        row = [cells.cell(getter(entity_value)) for _, getter in fields]
        if cls is Position and privacy == "internal":
            holder = holders.get(entity_value.holder or "")
            row += [None if holder is None else getattr(holder, name) for name in personal]
        rows.append((*row, level))
    return Table(entity=entity, columns=(*columns, PRIVACY_COLUMN), rows=tuple(rows))


def tables(
    registry: Registry,
    entity: str | None = None,
    privacy: Privacy = DEFAULT_PRIVACY,
    lang: Lang = DEFAULT_LANG,
    words: bool = False,
) -> list[Table]:
    """Every entity's table in :data:`ENTITIES` order, or only ``entity``'s."""
    chosen = ENTITIES if entity is None else (entity,)
    return [table(registry, name, check_privacy(privacy), lang, words) for name in chosen]
