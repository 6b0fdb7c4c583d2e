"""Every bound the loader holds input to, in one place: what it is, and why it is where it is.

A registry is input from outside; these bounds keep a hostile or broken file from costing
unbounded time or memory. docs/robustness.md lists each with its message.
"""

from __future__ import annotations

# The bounds of single values live with the model, which holds hand-built objects to them
# as the loader holds files; they are named here too, so this stays the one list of bounds.
from ..model.bounds import (
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

__all__ = [
    "MAX_ALIKE",
    "MAX_BYTES",
    "MAX_CALENDAR_DATES",
    "MAX_CALENDAR_ZONES",
    "MAX_CALENDAR_ZONE_RULES",
    "MAX_COUNT",
    "MAX_DECIMAL_DIGITS",
    "MAX_DECIMAL_EXPONENT",
    "MAX_DEPTH",
    "MAX_INTEGER",
    "MAX_NUMBER_LENGTH",
    "MAX_PROBLEMS",
    "MAX_REVISION",
    "MAX_RULE_LENGTH",
    "MAX_TEXT_LENGTH",
    "MAX_YEAR",
    "MIN_YEAR",
]
