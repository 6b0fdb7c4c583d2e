"""The bounds of single values: what a field of the model may hold beyond its type.

The loader holds a file to them and every model class holds a hand-built object to them
(:mod:`.checks`), so a registry the public API lets you build is one every function of the
library can work with. :mod:`schulsozialarbeit.files.limits` lists them with the bounds of
whole files.
"""

from __future__ import annotations

#: The longest text a field may hold: the most a spreadsheet cell takes (Excel, LibreOffice).
MAX_TEXT_LENGTH = 32_767
#: The largest whole number, in either sign: the largest a JSON reader in JavaScript (a form,
#: a web page) reads exactly.
MAX_INTEGER = 2**53 - 1
#: The most digits of a decimal number, and the largest exponent either way. 28 digits is
#: what decimal arithmetic keeps by default; an exponent like 1e999999999 would make sums
#: overflow and writing the number out in full (``0.000...``) take gigabytes.
MAX_DECIMAL_DIGITS = 28
MAX_DECIMAL_EXPONENT = 28

#: The first and last year of any date or date and time. Meetings and positions lie in
#: living memory or in plans; outside these years, converting a time to UTC or stepping a
#: series past its last date would leave what ``datetime`` can hold (years 1 to 9999), and
#: the holiday tables and time zone rules would be guesses.
MIN_YEAR = 1900
MAX_YEAR = 2200
#: The highest ``revision`` of a meeting or series. A revision counts published edits and
#: goes into a feed's SEQUENCE, which calendar clients read as a 32-bit number.
MAX_REVISION = 1_000_000
#: The most dates a series may ask for with ``count``; a meeting series of a network meets a
#: few times a year, and a thousand dates is more than a working life of weekly meetings.
MAX_COUNT = 1_000
#: The longest recurrence rule text: one RRULE line with every part RFC 5545 knows fits well.
MAX_RULE_LENGTH = 500
