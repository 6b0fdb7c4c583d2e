"""Validation: every problem of a registry at once, each with a stable code.

Rules are plain functions from a :class:`Context` to :class:`Issue` values; the built-in
ones live in :mod:`.rules`, their codes and severities in :mod:`.codes`.
"""

from .codes import SEVERITIES
from .issues import Context, Issue, Located, Rule, Severity, ValidationReport, sort_issues
from .rules import BUILTIN_RULES
from .runner import guarded, guarded_all, run_rules, validate

__all__ = [
    "BUILTIN_RULES",
    "SEVERITIES",
    "Context",
    "Issue",
    "Located",
    "Rule",
    "Severity",
    "ValidationReport",
    "guarded",
    "guarded_all",
    "run_rules",
    "sort_issues",
    "validate",
]
