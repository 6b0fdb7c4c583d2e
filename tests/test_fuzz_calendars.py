"""Calendars on a fixed seed of hostile changes: clear errors only, nothing hangs.

The larger run is ``make fuzz`` (``python -m tests.fuzz_calendars --count 10000``); its
figures are in docs/robustness.md.
"""

from __future__ import annotations

from .fuzz_calendars import HANG_GUARD, run

#: A few hundred calendars: enough to meet every kind of change, quick enough for `make test`.
INPUTS = 400


def test_import_copes_with_hostile_calendars() -> None:
    tally = run(seed=20261202, count=INPUTS)
    assert tally.failures == []
    assert tally.inputs == INPUTS
    assert tally.refused > 0  # broken calendars met
    assert tally.imported > 0  # and some that still read
    assert tally.events > 0
    assert tally.unmapped > 0  # with events that could not be mapped
    assert tally.commands > 0  # some through the whole command
    assert tally.slowest < HANG_GUARD
