"""``import``: bring what a district already has into its registry.

Each kind of import is a subcommand (``import schools``, ``import meetings``) in a module of
its own. This module holds what they share: the group's subcommands, and the registry ``PATH`` and
``--dry-run`` that every one of them takes (:func:`~.output.print_table` prints what a dry
run would change). A kind is added by naming its module's ``configure`` in
:data:`IMPORTS`; ``configure`` adds the kind's own arguments and sets ``run`` (a
:data:`~.parser.Command`), and imports nothing heavy, so ``import --help`` stays quick.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from . import import_meetings, import_schools

#: ``configure(parser, text)`` of each kind of import, by subcommand name.
Configure = Callable[[argparse.ArgumentParser, Callable[[str], str]], None]
IMPORTS: dict[str, Configure] = {
    "schools": import_schools.configure,
    "meetings": import_meetings.configure,
}


def add_kinds(
    group: argparse.ArgumentParser,
    common: argparse.ArgumentParser,
    text: Callable[[str], str],
) -> None:
    """One subcommand of the ``import`` group per entry of :data:`IMPORTS`; each takes the
    registry ``PATH`` first and ``--dry-run``, then its own arguments. The help text of a
    kind is the catalogue's ``help-import-NAME``."""
    kinds = group.add_subparsers(dest="kind", required=True, metavar="WHAT")
    for name, configure in IMPORTS.items():
        sub = kinds.add_parser(
            name,
            parents=[common],
            help=text(f"help-import-{name}"),
            description=text(f"help-import-{name}"),
            formatter_class=group.formatter_class,
        )
        sub.add_argument("path", metavar="PATH", help=text("help-path"))
        configure(sub, text)
        sub.add_argument("--dry-run", action="store_true", help=text("help-import-dry-run"))
