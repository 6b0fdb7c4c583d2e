"""Every command on a fixed seed of hostile registries: no traceback, no hang, status 0-2.

The larger run is ``make fuzz``; its figures are in docs/robustness.md.
"""

from __future__ import annotations

from .fuzzing import run

#: A few hundred inputs per loader: enough to meet every kind of mutation, quick enough
#: to run in every `make test`.
INPUTS = 200


def test_every_command_copes_with_whatever_loads() -> None:
    tally = run(seed=20261201, count=INPUTS)
    assert tally.failures == []
    assert tally.inputs == INPUTS
    assert all(tally.loaded.get(name, 0) > 0 for name in ("load", "loads", "from_dict"))
    assert all(tally.refused.get(name, 0) > 0 for name in ("load", "loads", "from_dict"))
