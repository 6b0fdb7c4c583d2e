"""The steps of a history, on their own: the command line's help lists them before any
figure (or the model) is imported."""

from __future__ import annotations

from typing import Literal, get_args

#: The step of a history: its dates are FROM plus a whole number of these.
Step = Literal["year", "half-year", "month"]
STEPS: tuple[Step, ...] = get_args(Step)
