"""The runner: every rule over one registry, and every issue of all of them at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..model import Registry
from .issues import Context, Rule, ValidationReport, sort_issues
from .rules import BUILTIN_RULES


def run_rules(registry: Registry, as_of: date, rules: Sequence[Rule]) -> ValidationReport:
    context = Context.of(registry, as_of)
    issues = sort_issues(issue for rule in rules for issue in rule(context))
    return ValidationReport(as_of=as_of, issues=issues)


def validate(
    registry: Registry, *, as_of: date | None = None, rules: Sequence[Rule] | None = None
) -> ValidationReport:
    """Check the registry against every rule and report all issues at once.

    ``as_of`` is the reference date for rules that depend on time (double bookings,
    positions ending soon); it defaults to today. ``rules`` replaces the built-in rules.
    """
    chosen = BUILTIN_RULES if rules is None else rules
    return run_rules(registry, as_of or date.today(), chosen)
