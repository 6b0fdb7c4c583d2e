"""One catalogue for every message meant for people, in German and English.

Messages live in the TOML files beside this module, one file per concern, each entry
holding both languages side by side so a missing translation shows in review. Keys are
stable; validation codes are keys too. The catalogue is read on first use, never at import.

A message that counts says so where the word depends on the number: ``{count|Problem|Probleme}``
is "Problem" when ``count`` is 1 and "Probleme" otherwise, so "1 Problem", "2 Probleme".
German and English both have these two forms; the number itself is ``{count}`` as usual.

Text that does not come from the catalogue (a plugin's own words) is a :class:`Bilingual`,
which refuses a missing or empty language when it is made, not when it is shown.
"""

from __future__ import annotations

import os
import re
import string
import tomllib
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal, cast, get_args

from attrs import Attribute, field, frozen

Lang = Literal["de", "en"]
LANGUAGES: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "de"


class CatalogueError(Exception):
    """The shipped catalogue is inconsistent: a packaging bug, never a user error."""


@cache
def catalogue() -> Mapping[str, Mapping[Lang, str]]:
    """Every message, by key, read once from the TOML files of this package."""
    entries: dict[str, Mapping[Lang, str]] = {}
    for item in sorted(resources.files(__name__).iterdir(), key=lambda i: i.name):
        if not item.name.endswith(".toml"):
            continue
        for key, texts in tomllib.loads(item.read_text(encoding="utf-8")).items():
            if key in entries:
                raise CatalogueError(f"{item.name}: key {key!r} is defined twice")
            if not isinstance(texts, dict) or set(texts) != set(LANGUAGES):
                raise CatalogueError(f"{item.name}: {key!r} needs exactly {LANGUAGES}")
            entries[key] = cast(Mapping[Lang, str], texts)
    return entries


#: ``{name|one|other}``: the word for a count of one, and for every other count.
_PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")


def placeholders(template: str) -> frozenset[str]:
    """The parameters a template uses, plural choices included."""
    plural = {match[1] for match in _PLURAL.finditer(template)}
    plain = _PLURAL.sub("", template)
    return frozenset(name for _, name, _, _ in string.Formatter().parse(plain) if name) | plural


def _plural(template: str, params: Mapping[str, object]) -> str:
    def choose(match: re.Match[str]) -> str:
        return match[2] if params.get(match[1]) == 1 else match[3]

    return _PLURAL.sub(choose, template)


def resolve_lang(requested: str | None = None) -> Lang:
    """The language asked for, else English when the locale is English, else German."""
    if requested is not None:
        if requested not in LANGUAGES:
            raise ValueError(f"unsupported language {requested!r}; use one of {LANGUAGES}")
        return requested
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT_LANG
    return DEFAULT_LANG


def decimal_text(value: Decimal) -> str:
    """A decimal as plain digits without trailing fraction zeros: 39.50 is "39.5", 40.0 "40".

    The model keeps whatever precision a file gave (0.50, 1.0); what people and JSON readers
    see should not show that accident, and the value is the same either way.
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_decimal(value: Decimal | int, lang: Lang) -> str:
    """39.5 as "39,5" in German and "39.5" in English; no exponent, no trailing zeros."""
    text = decimal_text(value) if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",") if lang == "de" else text


def format_date(value: date, lang: Lang) -> str:
    return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()


class Text:
    """A message not yet rendered: a key and its parameters, put into words on output.

    Errors and issues keep these, so one result can be shown in either language.
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params

    def render(self, lang: Lang = DEFAULT_LANG) -> str:
        return message(self.key, lang, **self.params)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Text({self.key!r}, **{self.params!r})"


def _non_empty(instance: object, attribute: Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"Bilingual.{attribute.name} must be a non-empty text, got {value!r}")


@frozen
class Bilingual:
    """Words of a plugin's own, in German and English: both are required and non-empty.

    Issues, extra figures and exporters all take this one type, so a plugin writes its
    texts one way, and a forgotten translation fails where it is written.
    """

    de: str = field(validator=_non_empty)
    en: str = field(validator=_non_empty)

    def render(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.de if lang == "de" else self.en


def _format_param(value: object, lang: Lang) -> str:
    if isinstance(value, Text | Bilingual):
        return value.render(lang)
    if isinstance(value, bool):
        return message("yes" if value else "no", lang)
    if isinstance(value, Decimal):
        return format_decimal(value, lang)
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M") if lang == "de" else value.isoformat()
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def message(key: str, lang: Lang = DEFAULT_LANG, /, **params: object) -> str:
    """The message ``key`` in ``lang``, its placeholders filled and formatted for that language."""
    try:
        template = catalogue()[key][lang]
    except KeyError:
        raise CatalogueError(f"no message {key!r} in language {lang!r}") from None
    return _plural(template, params).format_map(
        {name: _format_param(v, lang) for name, v in params.items()}
    )


def has_message(key: str) -> bool:
    return key in catalogue()
