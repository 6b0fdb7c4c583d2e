"""The built-in validation rules, one module per family; each rule is a plain function.

``BUILTIN_RULES`` is what :func:`schulsozialarbeit.validation.validate` runs by default;
``SEVERITIES`` declares every built-in code and its severity (see ``docs/validation.md``).
"""

from __future__ import annotations

from ..codes import SEVERITIES, issue
from ..issues import Rule
from . import contact, coverage, identity, meetings, networks, periods, references, staffing

BUILTIN_RULES: tuple[Rule, ...] = (
    identity.duplicate_ids,
    identity.unsafe_ids,
    references.unknown_references,
    references.wrong_reference_kinds,
    staffing.fte_out_of_range,
    staffing.assignment_fte_not_positive,
    staffing.assignment_shares,
    staffing.staff_over_full_time,
    staffing.annual_costs,
    periods.end_before_start,
    contact.school_numbers,
    contact.postal_codes,
    contact.emails,
    contact.phones,
    contact.urls,
    meetings.venue_details,
    meetings.attendance_over_capacity,
    meetings.series_dates,
    meetings.series_changes,
    networks.network_staffing,
    networks.parent_cycles,
    coverage.schools_without_position,
    coverage.positions_ending_soon,
)

__all__ = ["BUILTIN_RULES", "SEVERITIES", "issue"]
