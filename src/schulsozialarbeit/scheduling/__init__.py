"""Scheduling: the dates of a meeting series around NRW public and school holidays.

:func:`occurrences` expands a series' rule, applies its changes and moves or skips dates
that fall on a holiday or a district's blackout day, saying why for each.
"""

from .occurrence import Occurrence, OccurrenceStatus
from .series import (
    Blackouts,
    candidate_dates,
    occurrence_line,
    occurrence_record,
    occurrences,
    occurrences_json,
    region_of,
    rule_dates,
    series_region,
)

__all__ = [
    "Blackouts",
    "Occurrence",
    "OccurrenceStatus",
    "candidate_dates",
    "occurrence_line",
    "occurrence_record",
    "occurrences",
    "occurrences_json",
    "region_of",
    "rule_dates",
    "series_region",
]
