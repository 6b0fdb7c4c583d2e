"""The runner: every rule over one registry, and every issue of all of them at once.

A rule that raises must not take the others with it, nor leave a report that says all is
well: each built-in rule runs under its own guard, and a failure is an error of the run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from ..model import Registry
from .codes import issue
from .issues import Context, Issue, Rule, ValidationReport, sort_issues
from .rules import BUILTIN_RULES

#: How much of an exception's own words a ``rule-failed`` issue repeats.
_DETAIL_LENGTH = 200


def guarded(rule: Rule, context: Context) -> list[Issue]:
    """The rule's issues; if it raises, those found so far and a ``rule-failed`` error.

    Any exception: a rule meets data it was not written for (a date at the end of the
    calendar, a value only hand-built objects can hold), and the run must go on.
    """
    found: list[Issue] = []
    try:
        found.extend(rule(context))
    except Exception as error:
        name = getattr(rule, "__qualname__", None) or type(rule).__name__
        text = str(error)
        detail = f"{type(error).__name__}: {text}" if text else type(error).__name__
        if len(detail) > _DETAIL_LENGTH:
            detail = detail[: _DETAIL_LENGTH - 1] + "…"
        found.append(issue("rule-failed", None, "", rule=name, detail=detail))
    return found


def guarded_all(rules: Iterable[Rule], context: Context) -> list[Issue]:
    """Every rule's issues, each rule under its own guard."""
    return [found for rule in rules for found in guarded(rule, context)]


def run_rules(registry: Registry, as_of: date, rules: Sequence[Rule]) -> ValidationReport:
    context = Context.of(registry, as_of)
    issues = sort_issues(guarded_all(rules, context))
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
