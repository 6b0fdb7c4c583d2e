"""Text from a registry made fit for a document people open: XLSX, HTML and CSV alike.

A registry is input, and input may hold characters that no such document can carry: control
characters (XML 1.0 forbids them, so openpyxl refuses a whole workbook over one U+0001),
a raw NUL (an HTML parse error that browsers turn into U+FFFD or drop), noncharacters, and
lone surrogates that a JSON registry can spell as ``\\ud800`` but no UTF-8 file can hold.
Every output cleans text with the one function here, so a cell, a table row and an index
page show the same text for the same value.

It lives in ``i18n``, the lowest layer, because both output families need it and neither
may import the other: ``exports`` (CSV, XLSX, the HTML report) and ``ical`` (the feed
folder's index page) are independent siblings, and everything they share must sit below
both. Text meant for people is what this layer is about.
"""

from __future__ import annotations

import html
import json
import re

#: The last two code points of every plane are noncharacters.
_PLANE_ENDS = "".join(chr(plane << 16 | end) for plane in range(17) for end in (0xFFFE, 0xFFFF))
#: C0 controls except tab, line feed and carriage return; DEL and the C1 controls;
#: Unicode noncharacters (U+FDD0..U+FDEF and the ends of the planes).
_UNFIT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef{_PLANE_ENDS}]")
#: Lone surrogates: a Python string can hold them, UTF-8 cannot.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def printable(text: str) -> str:
    """``text`` without the characters XLSX, HTML and CSV cannot carry.

    Control characters and noncharacters are dropped (they show nothing); a lone surrogate
    becomes U+FFFD, as a decoder shows a broken character. Tab, line feed and carriage
    return stay: every format carries them, and each format decides what a line break means.
    """
    if text.isprintable():
        return text  # the common case, and it holds none of the above
    return _SURROGATE.sub(REPLACEMENT, _UNFIT.sub("", text))


def html_text(text: str) -> str:
    """``text`` for HTML content or a quoted attribute: cleaned, then escaped."""
    return html.escape(printable(text))


def json_text(data: object) -> str:
    """``data`` as the library writes every JSON document: indented, UTF-8 characters as they
    are, a final newline. One spelling, so a ``to_json()`` of the library and the command
    line's ``--format json`` give the same bytes, and a web application can serve either."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
