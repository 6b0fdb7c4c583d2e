"""The cyclic garbage collector paused while a registry is built or a feed written.

Both allocate tens or hundreds of thousands of containers that stay alive to the end (a
registry's records, a feed's occurrences and events), and every few hundred allocations the
collector would walk them, and everything the process already holds, again in vain: a
quarter of the time of loading at NRW size, and of writing a feed beside a registry of that
size a twentieth (docs/performance.md). Neither makes cycles, so nothing is left for the
collector afterwards; what an error or a plugin's hook makes is collected once it is back on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The collector off inside, as it was after: back on even when the work fails, and
    left off if the caller had it off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
