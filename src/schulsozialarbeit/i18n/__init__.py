"""One catalogue for every message meant for people, in German and English.

Messages live in the TOML files beside this module, one file per concern, each entry
holding both languages side by side so a missing translation shows in review. Keys are
stable; validation codes are keys too. The catalogue is read on first use, never at import,
and a file at a time: parsing all of it costs more than a command's start-up (``--help``
needs only the command line's file), so a key is looked up in the files in a fixed order,
and a key starting with ``exports.``, ``figures.`` or ``schema.`` only in that file.

A message that counts says so where the word depends on the number: ``{count|Problem|Probleme}``
is "Problem" when ``count`` is 1 and "Probleme" otherwise, so "1 Problem", "2 Probleme".
German and English both have these two forms; the number itself is ``{count}`` as usual.

Text that does not come from the catalogue (a plugin's own words) is a :class:`Bilingual`,
which refuses a missing or empty language when it is made, not when it is shown.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache

# The command line's help reads this module and nothing heavy: no typing (``TYPE_CHECKING``
# is a plain ``False`` that mypy reads as true, ``Lang`` is built on first use), no tomllib
# for the plain files (see _plain_entries), no datetime (see _format_param).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date
    from decimal import Decimal
    from typing import Literal

    Lang = Literal["de", "en"]
    #: Each key's text by language (checked to be exactly ``LANGUAGES`` when read).
    Entries = Mapping[str, Mapping[str, str]]

LANGUAGES: tuple[Lang, ...] = ("de", "en")
DEFAULT_LANG: Lang = "de"


if not TYPE_CHECKING:  # mypy knows ``Lang`` as the alias above, and no other name

    def __getattr__(name: str) -> object:
        """``Lang`` at run time, for annotations that are evaluated: typing on first use."""
        if name != "Lang":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from typing import Literal

        globals()["Lang"] = lang = Literal[LANGUAGES]
        return lang


#: Catalogue files searched in this order for a key without a prefix of its own; the most
#: used first, so a command rarely reads the later ones (``validate`` reads only the first two
#: unless a file cannot be read).
SEARCHED = (
    "cli",
    "validation",
    "common",
    "files",
    "feeds",
    "scheduling",
    "plugins",
    "labels",
    "editing",
)
#: Catalogue files that hold every key starting with their name and a dot, and only those.
PREFIXED = ("exports", "figures", "imports", "schema")

#: The catalogue's folder: the package's own files, read with plain file access, which
#: costs less at start-up than importlib.resources (or pathlib, which ``--help`` does without)
#: and works wherever the package is unpacked.
_FOLDER = os.path.dirname(__file__)


class CatalogueError(Exception):
    """The shipped catalogue is inconsistent: a packaging bug, never a user error."""


@cache
def _part(name: str) -> Entries:
    """The entries of one catalogue file, each with exactly both languages."""
    with open(os.path.join(_FOLDER, f"{name}.toml"), encoding="utf-8") as file:
        text = file.read()
    entries = _plain_entries(text)
    if entries is None:
        import tomllib

        entries = tomllib.loads(text)
    for key, texts in entries.items():
        if not isinstance(texts, dict) or set(texts) != set(LANGUAGES):
            raise CatalogueError(f"{name}.toml: {key!r} needs exactly {LANGUAGES}")
    return entries


#: A table's name as TOML writes it bare.
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
#: What TOML allows nowhere but as a line's end: the control characters but tab.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _plain_entries(text: str) -> dict[str, dict[str, str]] | None:
    """The entries of a catalogue file in the plain form, else None (tomllib reads it).

    The plain form is what most files are: comments, and for each key a table line
    (``[key]`` or ``["key"]``) followed by ``de = "…"`` and ``en = "…"``, each string
    without a backslash or a quote inside. A file with anything else (an escape, an inline
    table, a comment after a value, a space out of place) is left to tomllib whole, so a
    file means what TOML says either way (tests/test_i18n.py compares the two on every
    file and on generated ones). Read here, the command line's help does without tomllib
    and the typing and datetime it imports.
    """
    entries: dict[str, dict[str, str]] = {}
    texts: dict[str, str] | None = None
    lines = text.replace("\r\n", "\n")
    if _CONTROL.search(lines):  # a lone carriage return among them
        return None
    for line in lines.split("\n"):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            key = line[1:-1]
            if len(key) > 1 and key.startswith('"') and key.endswith('"'):
                key = key[1:-1]
                if '"' in key or "\\" in key:
                    return None
            elif not _BARE_KEY.fullmatch(key):
                return None
            if key in entries:
                return None
            texts = entries[key] = {}
            continue
        lang, equals, value = line.partition(" = ")
        if texts is None or not equals or lang not in LANGUAGES or lang in texts:
            return None
        inner = value[1:-1]
        if value[:1] != '"' or value[-1:] != '"' or '"' in inner or "\\" in inner:
            return None
        texts[lang] = inner
    return entries


#: Keys already found, and their file's entry: a feed renders tens of thousands of messages.
_FOUND: dict[str, Mapping[str, str]] = {}


def _lookup(key: str) -> Mapping[str, str] | None:
    found = _FOUND.get(key)
    if found is not None:
        return found
    head = key.partition(".")[0]
    for name in (head,) if head in PREFIXED else SEARCHED:
        found = _part(name).get(key)
        if found is not None:
            _FOUND[key] = found
            return found
    return None


@cache
def catalogue() -> Entries:
    """Every message, by key, read from all the files: for tests and tools, not for lookups.

    Here the layout is checked: every file is named above, no key is in two files, and a
    prefixed file holds only its own prefix (elsewhere such a key would never be found).
    """
    names = sorted(file[: -len(".toml")] for file in os.listdir(_FOLDER) if file.endswith(".toml"))
    if names != sorted((*SEARCHED, *PREFIXED)):
        raise CatalogueError(f"catalogue files {names} differ from {SEARCHED + PREFIXED}")
    entries: dict[str, Mapping[str, str]] = {}
    for name in names:
        for key, texts in _part(name).items():
            if key in entries:
                raise CatalogueError(f"{name}.toml: key {key!r} is defined twice")
            head = key.partition(".")[0]
            if (head in PREFIXED) != (head == name):
                raise CatalogueError(f"{name}.toml: key {key!r} belongs in {head}.toml")
            entries[key] = texts
    return entries


#: ``{name|one|other}``: the word for a count of one, and for every other count.
_PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")


def placeholders(template: str) -> frozenset[str]:
    """The parameters a template uses, plural choices included."""
    import string

    plural = {match[1] for match in _PLURAL.finditer(template)}
    plain = _PLURAL.sub("", template)
    return frozenset(name for _, name, _, _ in string.Formatter().parse(plain) if name) | plural


def _plural(template: str, params: Mapping[str, object]) -> str:
    if "|" not in template:  # most messages: no word that counts, nothing to search
        return template

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
    text = str(value) if isinstance(value, int) else decimal_text(value)
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


def _format_param(value: object, lang: Lang) -> str:
    if type(value) is str:  # most are: names, ids, files (a subclass may be an enum: below)
        return value
    if isinstance(value, Text):
        return value.render(lang)
    # A Bilingual or a Decimal exists only once its module is imported, so neither module is
    # imported here: most messages need neither. Datetime is, here: ``--help`` fills none.
    bilingual = sys.modules.get(f"{__name__}.bilingual")
    if bilingual is not None and isinstance(value, bilingual.Bilingual):
        rendered: str = value.render(lang)
        return rendered
    if isinstance(value, bool):
        return message("yes" if value else "no", lang)
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(value, decimal.Decimal):
        return format_decimal(value, lang)
    from datetime import date, datetime, time

    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M") if lang == "de" else value.isoformat()
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def message(key: str, lang: Lang = DEFAULT_LANG, /, **params: object) -> str:
    """The message ``key`` in ``lang``, its placeholders filled and formatted for that language."""
    texts = _lookup(key)
    if texts is None or lang not in texts:
        raise CatalogueError(f"no message {key!r} in language {lang!r}")
    template = texts[lang]
    return _plural(template, params).format_map(
        {name: _format_param(v, lang) for name, v in params.items()}
    )


def has_message(key: str) -> bool:
    return _lookup(key) is not None
