"""``import meetings PATH FILE.ics``: a calendar an office already keeps, into its registry.

The whole calendar is read and mapped before anything is written; then the registry is
edited in place (:func:`~..files.editing.update`), so its comments and layout stay. Events
that could not be mapped are listed on stderr, one line each, and make the exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from ..i18n import Lang, format_date, message

EXIT_OK = 0
EXIT_UNMAPPED = 1


def configure(parser: argparse.ArgumentParser, text: Callable[[str], str]) -> None:
    parser.add_argument("calendar", metavar="FILE.ics", help=text("help-import-calendar"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
    from ..files import load
    from ..files.editing import update
    from ..ical import merge_calendar, read_calendar
    from ..model import Meeting
    from .output import print_table

    registry = load(args.path)
    content = read_calendar(args.calendar, registry)
    merged, done = merge_calendar(registry, content)
    rows = [
        [
            message(_ACTION_KEYS[item.action], lang),
            message(
                "calendar-import-meeting"
                if isinstance(item.entity, Meeting)
                else "calendar-import-series",
                lang,
            ),
            item.entity.id,
            format_date(
                item.entity.start.date() if isinstance(item.entity, Meeting) else item.entity.first,
                lang,
            ),
            item.entity.title,
        ]
        for item in done
    ]
    header = [message(key, lang) for key in _COLUMNS]
    if rows:
        print_table(header, rows, stdout)
    counts = {action: sum(1 for item in done if item.action == action) for action in _ACTIONS}
    stdout.write(message("calendar-import-summary", lang, **counts) + "\n")
    for unmapped in content.unmapped:
        sys.stderr.write(unmapped.message(lang) + "\n")
    if args.dry_run:
        stdout.write(message("imports.dry-run", lang) + "\n")
    else:
        written = update(args.path, merged) if merged != registry else ()
        stdout.write(message("imports.written", lang, path=args.path, files=len(written)) + "\n")
    return EXIT_UNMAPPED if content.unmapped else EXIT_OK


_COLUMNS = (
    "imports.column.change",
    "calendar-import-column-kind",
    "calendar-import-column-id",
    "calendar-import-column-first",
    "calendar-import-column-title",
)
_ACTION_KEYS = {
    "added": "imports.change.added",
    "updated": "imports.change.updated",
    "unchanged": "calendar-import-unchanged",
}
_ACTIONS = tuple(_ACTION_KEYS)
