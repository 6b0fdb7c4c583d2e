"""Making registry text safe for an iCalendar feed.

Nothing a registry holds may add a line or a property to a feed: one bad title must not make
a strict client reject the whole calendar. icalendar guards only with ``assert`` (gone under
``python -O``), writes unknown ``X-`` values verbatim, and turns a literal backslash-N in a
title into a line break. So every value is cleaned and escaped here before icalendar sees
it, and :func:`unsafe_property` checks the finished components (plugin hooks included) with
real code.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

from icalendar.prop import vText

#: Line breaks of every kind that some parser splits lines on (str.splitlines does).
_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
#: Characters a URI keeps as they are; everything else is percent-encoded.
_URI_SAFE = "!#$%&'()*+,-./:;=?@[]_~"
_URI_SCHEMES = frozenset({"http", "https"})
#: What no serialised value may contain: a line break or a control character except TAB.
_UNSAFE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


#: Control characters (Unicode category Cc) but LF, and surrogates (Cs): both categories are
#: closed by Unicode's stability policy, so this class is exactly "Cc or Cs, except LF".
_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
#: What a URI drops: whitespace (``\s`` is exactly ``str.isspace``), controls, surrogates.
_NOT_IN_URI = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: RFC 5545 3.1: lines of at most 75 octets; icalendar's folding keeps 74 on each.
_FOLD_OCTETS = 74


def clean_text(value: str) -> str:
    """Text with every line break as LF, tabs as spaces, control characters and surrogates gone.

    Surrogates cannot be written as UTF-8 at all; the rest are what strict parsers reject.
    """
    return _UNPRINTABLE.sub("", _BREAKS.sub("\n", value).replace("\t", " "))


def fold(line: str) -> str:
    """One content line, folded exactly as icalendar folds it.

    At most 74 octets a line, never inside a character, and a trailing backslash or caret
    moves to the next line with what it escapes (icalendar issue #1501). Done on the
    encoded bytes, where icalendar walks the line character by character.
    """
    data = line.encode("utf-8")
    if len(data) <= _FOLD_OCTETS:
        return line
    parts = []
    start = 0
    while len(data) - start > _FOLD_OCTETS:
        end = start + _FOLD_OCTETS
        while data[end] & 0xC0 == 0x80:  # a continuation byte: back to the character's start
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def single_line(value: str) -> str:
    """Clean text on one line, for names and parameters that cannot hold a line break."""
    return " ".join(clean_text(value).split("\n")).strip()


def escape_text(value: str) -> str:
    r"""RFC 5545 TEXT escaping (3.3.11) of already cleaned text.

    Unlike icalendar's, it leaves a literal ``\N`` in the data alone, so every text round-trips.
    """
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


class Text(vText):
    """A TEXT value, cleaned and escaped by this module's rules instead of icalendar's."""

    def __new__(cls, value: str, /, params: dict[str, Any] | None = None) -> Text:
        return super().__new__(cls, clean_text(value), params=params)

    def to_ical(self) -> bytes:
        return escape_text(str(self)).encode("utf-8")


def clean_uri(value: str) -> str | None:
    """An http(s) URI fit for a URI value, or None when ``value`` is not one.

    Whitespace and control characters are dropped and anything outside URI syntax is
    percent-encoded, so the value stays one token; other schemes (``javascript:``, ``file:``)
    are refused because clients render URL and CONFERENCE as links.
    """
    compact = _NOT_IN_URI.sub("", value)
    encoded = quote(compact, safe=_URI_SAFE)
    try:
        parts = urlsplit(encoded)
    except ValueError:
        return None
    if parts.scheme.lower() not in _URI_SCHEMES or not parts.netloc:
        return None
    return encoded


def mailto(address: str) -> str | None:
    """A mailto: URI for one e-mail address, or None when it does not look like one."""
    compact = _NOT_IN_URI.sub("", address)
    local, at, domain = compact.rpartition("@")
    if not at or not local or not domain:
        return None
    return "mailto:" + quote(local, safe="!$&'*+=^_`{|}~.-") + "@" + quote(domain, safe=".-")


def parameter(value: str) -> str:
    """A parameter value: one line, no double quote (RFC 5545 3.2 has no escape for it)."""
    return single_line(value).replace('"', "'")


def unsafe_property(value: Any) -> bool:
    """Whether a property, as icalendar will write it, would break out of its line.

    Checked on the finished calendar, after plugins had their say: icalendar only asserts.
    """
    values = value if isinstance(value, list) else [value]
    for item in values:
        raw = item.to_ical() if hasattr(item, "to_ical") else str(item)
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        params = getattr(item, "params", {})
        if _UNSAFE.search(text) or any(_UNSAFE.search(str(p)) for p in params.values()):
            return True
    return False
