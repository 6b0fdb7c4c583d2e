"""The command line's parser, whose commands get their arguments only when they are given.

``schulsozialarbeit --help`` shows each command's name and one line; a command shows its own
arguments. So each command's parser (:class:`CommandParser`) adds its arguments when argparse
hands it the rest of the command line, or when its help is shown: the arguments of the
others, and the modules their choices and their work come from (exports, figures, examples,
the import kinds, :mod:`.commands`), are never built. ``--help`` thereby starts at about two
and a half times a bare interpreter instead of three and a half (docs/performance.md).

For the same reason no module on this path imports :mod:`typing`, :mod:`datetime` or
:mod:`shutil`: ``TYPE_CHECKING`` is a plain ``False`` that mypy reads as true, dates are
parsed by functions that import :mod:`datetime` when called, and the help is as wide as
the terminal, asked of :func:`os.get_terminal_size` as :mod:`shutil` would ask it.
tests/test_startup.py checks which modules ``--help`` imports.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..i18n import message

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import date
    from typing import Any, TextIO

    from ..i18n import Lang

    #: What a command does with its parsed arguments; returns the exit status.
    Command = Callable[[argparse.Namespace, Lang, TextIO], int]
    #: Adds a command's arguments to its parser, in the language of the help; the options
    #: every command takes (``common``) go to the parsers it adds in turn (``import``).
    Arguments = Callable[[argparse.ArgumentParser, Lang, argparse.ArgumentParser], None]


def iso_date(text: str) -> date:
    """An ISO date of the command line (``--as-of 2017-11-30``)."""
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def date_range(text: str) -> tuple[date, date]:
    """``FROM..TO`` with ISO dates, FROM not after TO."""
    first, dots, last = text.partition("..")
    if not dots:
        raise argparse.ArgumentTypeError(f"not a date range FROM..TO: {text!r}")
    start, end = iso_date(first), iso_date(last)
    if end < start:
        raise argparse.ArgumentTypeError(f"the range ends before it starts: {text!r}")
    return start, end


class CommandParser(argparse.ArgumentParser):
    """A command's parser that adds its arguments the first time it parses or shows help.

    argparse passes what follows a command's name to that command's ``parse_known_args``,
    so a command line builds the arguments of the command it names and no other.
    """

    def __init__(
        self, *args: Any, arguments: Callable[[CommandParser], None] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._arguments = arguments

    def complete(self) -> None:
        """Add the arguments, once."""
        if self._arguments is not None:
            add, self._arguments = self._arguments, None
            add(self)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self.complete()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self.complete()
        return super().format_usage()

    def format_help(self) -> str:
        self.complete()
        return super().format_help()


def _formatter(prog: str) -> argparse.HelpFormatter:
    """argparse's formatter at the terminal's width, found without importing shutil.

    The width is :func:`shutil.get_terminal_size`'s: ``COLUMNS`` when set, else the
    terminal's on stdout, else 80; argparse takes two off, as it does with shutil's.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return argparse.HelpFormatter(prog, width=(columns or 80) - 2)


def build(lang: Lang) -> argparse.ArgumentParser:
    """The parser of the whole command line, its help in ``lang``."""

    def text(key: str) -> str:
        return message(key, lang)

    common = argparse.ArgumentParser(add_help=False, formatter_class=_formatter)
    common.add_argument(
        "--no-plugins", action="store_true", default=argparse.SUPPRESS, help=text("help-no-plugins")
    )
    common.add_argument(
        "--plugin",
        action="append",
        metavar="NAME",
        dest="only_plugins",
        default=argparse.SUPPRESS,
        help=text("help-plugin"),
    )
    common.add_argument(
        "--lang", choices=("de", "en"), default=argparse.SUPPRESS, help=text("help-lang")
    )
    common.add_argument(
        "--hook-timeout",
        type=float,
        metavar="SECONDS",
        default=argparse.SUPPRESS,
        help=text("help-hook-timeout"),
    )
    parser = argparse.ArgumentParser(
        prog="schulsozialarbeit",
        description=text("help-program"),
        parents=[common],
        formatter_class=_formatter,
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=CommandParser
    )
    for name, arguments in _COMMANDS.items():

        def add(sub: CommandParser, arguments: Arguments = arguments) -> None:
            arguments(sub, lang, common)

        commands.add_parser(
            name,
            # typeshed wants parents of the commands' own class; argparse takes any parser.
            parents=[common],  # type: ignore[list-item]
            help=text(f"help-{name}"),
            description=text(f"help-{name}"),
            formatter_class=_formatter,
            arguments=add,
        )
    return parser


def _validate(parser: argparse.ArgumentParser, lang: Lang, common: argparse.ArgumentParser) -> None:
    from .commands import validate

    parser.add_argument("paths", nargs="+", metavar="PATH", help=message("help-path", lang))
    parser.add_argument("--as-of", type=iso_date, help=message("help-as-of", lang))
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help=message("help-strict", lang))
    parser.set_defaults(run=validate, reports_faults=True)


def _report(parser: argparse.ArgumentParser, lang: Lang, common: argparse.ArgumentParser) -> None:
    from ..figures.step import STEPS
    from .commands import report
    from .export import add_privacy_option

    parser.add_argument("path", metavar="PATH", help=message("help-path", lang))
    parser.add_argument("--as-of", type=iso_date, help=message("help-as-of", lang))
    parser.add_argument(
        "--compare", type=iso_date, metavar="DATE", help=message("help-compare", lang)
    )
    parser.add_argument(
        "--history", type=date_range, metavar="FROM..TO", help=message("help-history", lang)
    )
    parser.add_argument("--every", choices=STEPS, help=message("help-every", lang))
    parser.add_argument(
        "--format", choices=("text", "json", "markdown", "html", "xlsx"), default="text"
    )
    add_privacy_option(parser, lang)
    parser.add_argument("-o", "--output", metavar="FILE", help=message("help-output", lang))
    parser.set_defaults(run=report)


def _export(parser: argparse.ArgumentParser, lang: Lang, common: argparse.ArgumentParser) -> None:
    from .export import add_export_options, export

    parser.add_argument("path", metavar="PATH", help=message("help-path", lang))
    parser.add_argument("--format", required=True, help=message("help-export-format", lang))
    add_export_options(parser, lang, iso_date)
    parser.add_argument("-o", "--output", metavar="FILE", help=message("help-output", lang))
    parser.set_defaults(run=export)


def _occurrences(
    parser: argparse.ArgumentParser, lang: Lang, common: argparse.ArgumentParser
) -> None:
    from .commands import occurrences

    parser.add_argument("path", metavar="PATH", help=message("help-path", lang))
    parser.add_argument("--series", required=True, help=message("help-occurrences-series", lang))
    parser.add_argument(
        "--from", dest="start", type=iso_date, help=message("help-occurrences-from", lang)
    )
    parser.add_argument(
        "--to", dest="end", type=iso_date, help=message("help-occurrences-to", lang)
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=occurrences)


def _feed_choices(parser: argparse.ArgumentParser, lang: Lang) -> None:
    """What a single feed and the folder of feeds share: whom for, and how series are written."""
    parser.add_argument(
        "--audience",
        choices=("public", "internal"),
        default="public",
        help=message("help-feed-audience", lang),
    )
    parser.add_argument(
        "--mode",
        choices=("expanded", "rrule"),
        default="expanded",
        help=message("help-feed-mode", lang),
    )


def _ical(parser: argparse.ArgumentParser, lang: Lang, common: argparse.ArgumentParser) -> None:
    from .commands import ical

    parser.add_argument("path", metavar="PATH", help=message("help-path", lang))
    parser.add_argument("--network", help=message("help-feed-network", lang))
    parser.add_argument("--series", help=message("help-feed-series", lang))
    parser.add_argument("--from", dest="start", type=iso_date, help=message("help-feed-from", lang))
    parser.add_argument("--to", dest="end", type=iso_date, help=message("help-feed-to", lang))
    parser.add_argument("-o", "--output", metavar="FILE", help=message("help-output", lang))
    _feed_choices(parser, lang)
    parser.set_defaults(run=ical)


def _feeds(parser: argparse.ArgumentParser, lang: Lang, common: argparse.ArgumentParser) -> None:
    from .commands import feeds

    parser.add_argument("path", metavar="PATH", help=message("help-path", lang))
    parser.add_argument("outdir", metavar="OUTDIR", help=message("help-feed-outdir", lang))
    parser.add_argument("--base-url", metavar="URL", help=message("help-feed-base-url", lang))
    parser.add_argument("--as-of", type=iso_date, help=message("help-feed-as-of", lang))
    _feed_choices(parser, lang)
    parser.set_defaults(run=feeds)


def _plugins(parser: argparse.ArgumentParser, lang: Lang, common: argparse.ArgumentParser) -> None:
    from .commands import plugins

    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=plugins, reports_faults=True)


def _import(parser: argparse.ArgumentParser, lang: Lang, common: argparse.ArgumentParser) -> None:
    from .imports import add_kinds

    add_kinds(parser, common, lambda key: message(key, lang))


def _init(parser: argparse.ArgumentParser, lang: Lang, common: argparse.ArgumentParser) -> None:
    from ..examples.names import EXAMPLES
    from .commands import init

    parser.add_argument("directory", metavar="DIR", help=message("help-init-dir", lang))
    parser.add_argument(
        "--example", choices=EXAMPLES, default="herne", help=message("help-example", lang)
    )
    parser.set_defaults(run=init)


#: The commands in the order of the help, each with what adds its arguments.
_COMMANDS: dict[str, Arguments] = {
    "validate": _validate,
    "report": _report,
    "export": _export,
    "occurrences": _occurrences,
    "ical": _ical,
    "feeds": _feeds,
    "plugins": _plugins,
    "import": _import,
    "init": _init,
}
