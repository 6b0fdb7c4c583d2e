"""The command line: parse, call the public API, print. Nothing here that a library user lacks.

Exit status: 0 success, 1 validation errors (or warnings with ``--strict``), 2 unreadable
input, a bad command line or an output that cannot be written (a plugin's exporter that
failed included). A user never sees a traceback for bad input: every error of the library
becomes one message on stderr, and every plugin fault one warning line, once.

The parser is :mod:`.parser`, what each command does is :mod:`.commands`. Each command
imports what it uses when it runs (cattrs to load, dateutil and the holiday tables to
schedule, icalendar for feeds, openpyxl for XLSX; even pathlib), so that ``--help`` and every
command start without the others: tests/test_startup.py checks which modules each loads.
"""

from __future__ import annotations

import sys

from ..i18n import message, resolve_lang
from .output import EXIT_UNREADABLE, warn
from .parser import build

TYPE_CHECKING = False  # typing stays out of ``--help`` (see .parser)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

    from ..i18n import Lang
    from .parser import Command


def _early_lang(argv: Sequence[str]) -> Lang:
    """The language, known before parsing, so that help and errors are in it too."""
    for index, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return _safe_lang(arg.partition("=")[2])
        if arg == "--lang" and index + 1 < len(argv):
            return _safe_lang(argv[index + 1])
    return resolve_lang()


def _safe_lang(value: str) -> Lang:
    try:
        return resolve_lang(value)
    except ValueError:
        return resolve_lang()


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting, for embedding."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    out = sys.stdout if stdout is None else stdout
    lang = _early_lang(arguments)
    try:
        args = build(lang).parse_args(arguments)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else EXIT_UNREADABLE
    run: Command = args.run
    only = getattr(args, "only_plugins", None)
    from ..errors import SchulsozialarbeitError
    from ..plugins import load_plugins
    from .guard import DEFAULT_HOOK_TIMEOUT, Watchdog, user_interrupts

    with user_interrupts() as user_interrupted:
        args.plugins = load_plugins(
            entry_points=not getattr(args, "no_plugins", False),
            only=only,
            user_interrupted=user_interrupted,
        )
    missing = [f for f in args.plugins.load_faults if f.kind == "not-found"]
    if only is not None and missing:
        for fault in missing:
            sys.stderr.write(fault.message(lang) + "\n")
        return EXIT_UNREADABLE
    watchdog = Watchdog(args.plugins, getattr(args, "hook_timeout", DEFAULT_HOOK_TIMEOUT), lang)
    with args.plugins.collecting() as collected:
        try:
            with watchdog.watching():
                return run(args, lang, out)
        except KeyboardInterrupt:
            if watchdog.fired is None:
                raise
            sys.stderr.write(watchdog.message() + "\n")
            return EXIT_UNREADABLE
        except SchulsozialarbeitError as error:
            sys.stderr.write(error.message(lang) + "\n")
            return EXIT_UNREADABLE
        except OSError as error:
            detail = error.strerror or str(error)
            problem = message("write-failed", lang, file=error.filename, detail=detail)
            sys.stderr.write(problem + "\n")
            return EXIT_UNREADABLE
        finally:
            # Every fault once, whichever calls met it; validate and plugins show their own.
            if not getattr(args, "reports_faults", False):
                warn((*args.plugins.load_faults, *collected()), lang)
