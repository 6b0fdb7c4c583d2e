"""What the command line adds to the plugin guard: a watchdog for a hook that never returns,
and telling the user's Ctrl-C from a ``KeyboardInterrupt`` that a plugin raises.

The library enforces no time limit: a function that never returns cannot be stopped from
inside Python without the host's help. The command line is such a host. Its watchdog reads
which hook call has run longest (:class:`~schulsozialarbeit.plugins.manager.Running`); past
the limit it interrupts the main thread the way Ctrl-C would, and when even that does not end
the call (a hook blocked inside C code), it ends the process with exit status 2. Every file
the library writes is written atomically, so ending the process leaves no half file.

Both need the main thread (signals reach only it); run elsewhere, as an embedded ``main``
in a worker thread, the command line goes without them.
"""

from __future__ import annotations

import _thread
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING

from ..i18n import Lang, message

if TYPE_CHECKING:
    from ..plugins import Plugins

#: Seconds one hook call may run before the command line gives up on it (``--hook-timeout``).
#: Generous: the slowest hook of the district plugins takes milliseconds, a whole NRW
#: registry's validation a few seconds.
DEFAULT_HOOK_TIMEOUT = 120.0
#: After interrupting, how long to wait for the hook to notice before ending the process.
_GRACE = 5.0
EXIT_TIMEOUT = 2


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def user_interrupts() -> Iterator[Callable[[], bool]]:
    """While inside, a Ctrl-C is remembered; the callable says whether one came."""
    pressed = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal pressed
        pressed = True
        raise KeyboardInterrupt

    if not _in_main_thread():
        yield lambda: True
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield lambda: pressed
    finally:
        signal.signal(signal.SIGINT, previous)


class Watchdog:
    """A daemon thread that ends a hook call running longer than ``limit`` seconds."""

    def __init__(self, plugins: Plugins, limit: float, lang: Lang) -> None:
        self._plugins = plugins
        self._limit = limit
        self._lang = lang
        self._done = threading.Event()
        self.fired: tuple[str, str] | None = None

    def message(self) -> str:
        plugin, hook = self.fired or ("?", "?")
        return message(
            "plugin-hook-timeout", self._lang, plugin=plugin, hook=hook, seconds=int(self._limit)
        )

    def _watch(self) -> None:
        step = min(1.0, self._limit / 10)
        while not self._done.wait(step):
            found = self._plugins.running.longest()
            if found is None or found[2] <= self._limit:
                continue
            self.fired = (found[0], found[1])
            _thread.interrupt_main()
            if not self._done.wait(_GRACE):
                sys.stderr.write(self.message() + "\n")
                sys.stderr.flush()
                os._exit(EXIT_TIMEOUT)
            return

    @contextmanager
    def watching(self) -> Iterator[None]:
        if not _in_main_thread() or self._limit <= 0:
            yield
            return
        thread = threading.Thread(target=self._watch, name="hook-watchdog", daemon=True)
        thread.start()
        try:
            yield
        finally:
            self._done.set()
