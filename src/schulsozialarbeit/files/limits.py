"""Every bound the loader holds input to, in one place: what it is, and why it is where it is.

A registry is input from outside; these bounds keep a hostile or broken file from costing
unbounded time or memory. docs/robustness.md lists each with its message.
"""

from __future__ import annotations

#: The most bytes one ``load`` reads: one file, or all files of a folder together (``loads``
#: counts characters). A parsed registry takes several times its text in memory, up to about
#: 25 times for a file of nothing but empty tables, so this bounds what a hostile file can
#: take; every school of Germany is about 90 MB of JSON. Pass ``max_bytes`` to change it.
MAX_BYTES = 128 * 1024 * 1024
#: The deepest nesting of arrays and tables. The model needs 8 levels; the parsers recurse
#: per level, so a much deeper file would end in a RecursionError instead of a message.
MAX_DEPTH = 64
#: The longest number literal. The model's numbers have a few digits; Python refuses to
#: convert integers of more than 4300 digits, and long decimals only cost time later.
MAX_NUMBER_LENGTH = 100

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
#: The most problems a ``StructureError`` collects before the loader stops looking, and how
#: many problems alike (same message, same path but for the indices) it lists before it says
#: how many more there are. A file of a million empty tables then costs a pass over its
#: items, not a million messages.
MAX_PROBLEMS = 1_000
MAX_ALIKE = 10
#: The most time zone definitions (VTIMEZONE) one calendar may carry. icalendar builds each
#: while it parses, a few thousand yearly switches apiece; a calendar names a zone or two.
MAX_CALENDAR_ZONES = 20
#: The most yearly rules in those definitions together (a zone has two, one for summer and
#: one for winter time; a zone with its history a few more): icalendar expands each from
#: its first year on, so thousands of them in one zone would take minutes.
MAX_CALENDAR_ZONE_RULES = 100
#: The most dates the series of one calendar may give together, each expanded and checked
#: against the calendar once: a hundred series of ten years of weekly meetings fit, while a
#: small hostile file of thousands of long rules cannot make an import run for minutes.
MAX_CALENDAR_DATES = 100_000
