"""Every built-in code with its severity, and the one way rules turn a code into an Issue.

Severity belongs to the code, not to the rule that finds it: a code means the same thing
wherever it is reported, so it is declared here once and looked up, never passed around.
"""

from __future__ import annotations

from .issues import Issue, Severity

_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Errors make figures or feeds wrong; warnings are suspicious; infos show coverage gaps.
SEVERITIES: dict[str, Severity] = {
    "duplicate-id": _E,
    "unsafe-id": _E,
    "unknown-reference": _E,
    "wrong-reference-kind": _E,
    "fte-out-of-range": _E,
    "assignment-fte-not-positive": _E,
    "assignment-sum-mismatch": _E,
    "assignment-sum-mismatch-on": _E,
    "position-without-assignments": _W,
    "staff-over-full-time": _E,
    "costs-year-twice": _E,
    "cost-negative": _E,
    "end-before-start": _E,
    "invalid-school-number": _E,
    "invalid-postal-code": _E,
    "invalid-email": _E,
    "invalid-phone": _E,
    "invalid-url": _E,
    "online-venue-without-url": _E,
    "venue-without-place": _E,
    "attendance-over-capacity": _W,
    "invalid-rrule": _E,
    "rrule-without-dates": _E,
    "series-without-dates": _E,
    "series-change-unmatched": _W,
    "network-without-members": _W,
    "network-without-coordinator": _W,
    "network-parent-cycle": _E,
    "position-ends-soon": _W,
    "school-without-position": _I,
    "rule-failed": _E,
}


def issue(code: str, entity: str | None, path: str, **params: object) -> Issue:
    """An Issue for ``code``; a code missing from SEVERITIES fails here, in the rule's tests."""
    return Issue(
        code=code,
        severity=SEVERITIES[code],
        entity=entity,
        path=path,
        params=tuple(params.items()),
    )
