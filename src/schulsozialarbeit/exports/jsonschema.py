"""The JSON Schema (draft 2020-12) of the registry format, generated from the model.

Walking the attrs classes keeps the schema in step with the code: a new field appears in it
by itself, and its description must be added to ``i18n/schema.toml`` (a test says so). The
types follow the one converter's rules, and its own patterns are reused, so a document that
passes the schema is one :func:`schulsozialarbeit.from_dict` accepts (apart from what only
validation checks, such as references): no coercion, no unknown keys, decimals as numbers or
decimal strings, dates and times as ISO strings, enums as their values. ``null`` is allowed
where the model allows ``None``, because the converter reads it as "not given".
"""

from __future__ import annotations

import enum
import re
import types
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

import attrs

from ..files.converter import (
    CONVERTER,
    DATE_PATTERN,
    DATETIME_PATTERN,
    DECIMAL_PATTERN,
    TIME_PATTERN,
)
from ..files.limits import MAX_INTEGER, MAX_TEXT_LENGTH
from ..files.reading import FORMAT_VERSION, VERSION_KEY
from ..i18n import DEFAULT_LANG, Lang, message
from ..model import Registry

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _anchored(pattern: re.Pattern[str]) -> str:
    """The converter matches whole values (fullmatch); a schema pattern must say so itself."""
    return f"^(?:{pattern.pattern})$"


def _string(pattern: re.Pattern[str], format: str) -> dict[str, Any]:
    return {"type": "string", "pattern": _anchored(pattern), "format": format}


def _decimal(lang: Lang) -> dict[str, Any]:
    return {
        "description": message("schema.decimal", lang),
        "anyOf": [{"type": "number"}, {"type": "string", "pattern": _anchored(DECIMAL_PATTERN)}],
    }


_SIMPLE: dict[type[Any], dict[str, Any]] = {
    str: {"type": "string", "maxLength": MAX_TEXT_LENGTH},
    int: {"type": "integer", "minimum": -MAX_INTEGER, "maximum": MAX_INTEGER},
    bool: {"type": "boolean"},
    date: _string(DATE_PATTERN, "date"),
    time: _string(TIME_PATTERN, "time"),
    datetime: _string(DATETIME_PATTERN, "date-time"),
}


class _Walker:
    """Turns model types into schemas, collecting each attrs class once under ``$defs``."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.defs: dict[str, dict[str, Any]] = {}

    def type_schema(self, kind: Any) -> dict[str, Any]:
        if get_origin(kind) in (Union, types.UnionType):
            return {"anyOf": [self.type_schema(arg) for arg in get_args(kind)]}
        if kind is type(None):
            return {"type": "null"}
        if get_origin(kind) is tuple:
            return {"type": "array", "items": self.type_schema(get_args(kind)[0])}
        if attrs.has(kind):
            self.define(kind)
            return {"$ref": f"#/$defs/{kind.__name__}"}
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return {"type": "string", "enum": [member.value for member in kind]}
        if kind is Decimal:
            return _decimal(self.lang)
        if kind in _SIMPLE:
            return dict(_SIMPLE[kind])
        raise TypeError(f"no JSON Schema for {kind!r}")

    def object_schema(self, cls: type[Any]) -> dict[str, Any]:
        name = cls.__name__
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(attrs.resolve_types(cls)):
            schema = self.type_schema(field.type)
            schema["description"] = message(f"schema.{name}.{field.name}", self.lang)
            if field.default is attrs.NOTHING:
                required.append(field.name)
            elif field.default is not None:
                schema["default"] = CONVERTER.unstructure(field.default)
            properties[field.name] = schema
        return {
            "type": "object",
            "description": message(f"schema.{name}", self.lang),
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }

    def define(self, cls: type[Any]) -> None:
        if cls.__name__ not in self.defs:
            self.defs[cls.__name__] = {}  # claimed first, so a cycle ends here
            self.defs[cls.__name__] = self.object_schema(cls)


def json_schema(lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
    """The schema of a registry document (one JSON file, or a folder's files merged).

    Descriptions are in ``lang``; the structure is the same in every language.
    """
    walker = _Walker(lang)
    root = walker.object_schema(Registry)
    version = {
        "type": "integer",
        "minimum": 1,
        "maximum": FORMAT_VERSION,
        "description": message("schema.format_version", lang, latest=FORMAT_VERSION),
    }
    root["properties"] = {VERSION_KEY: version, **root["properties"]}
    return {
        "$schema": DRAFT,
        "title": message("schema.title", lang),
        **root,
        "$defs": dict(sorted(walker.defs.items())),
    }
