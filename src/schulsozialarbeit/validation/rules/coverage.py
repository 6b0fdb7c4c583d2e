"""Coverage at the reference date: schools without social work, positions about to end."""

from __future__ import annotations

from collections.abc import Iterator

from ..codes import issue
from ..issues import Context, Issue


def schools_without_position(context: Context) -> Iterator[Issue]:
    """A vacant position still covers its schools: the gap is in staffing, not in funding."""
    covered = {
        assignment.school
        for position in context.registry.positions
        if position.active_on(context.as_of)
        for assignment in position.assignments
    }
    for i, school in enumerate(context.registry.schools):
        if school.id not in covered:
            yield issue("school-without-position", school.id, f"schools[{i}]", as_of=context.as_of)


def positions_ending_soon(context: Context) -> Iterator[Issue]:
    for i, position in enumerate(context.registry.positions):
        if position.ends_soon(context.as_of):
            yield issue("position-ends-soon", position.id, f"positions[{i}].end", end=position.end)
