"""``import schools`` on a fixed seed of hostile CSV: no traceback, no hang, status 0-2.

The larger run is ``python -m tests.fuzzing_csv --count 10000``; its figures are in
docs/robustness.md.
"""

from __future__ import annotations

from .fuzzing_csv import HANG_GUARD, run

#: A few hundred inputs: every kind of damage several times, in about fifteen seconds.
INPUTS = 300


def test_import_schools_copes_with_whatever_csv_it_is_given() -> None:
    tally = run(seed=20261202, count=INPUTS)
    assert tally.failures == []
    assert tally.inputs == INPUTS
    # Every outcome is met: imported, rows left out, and the whole file refused.
    assert all(tally.statuses.get(status, 0) > 0 for status in (0, 1, 2))
    assert tally.slowest < HANG_GUARD
