"""``import schools PATH SCHULDATEN.csv``: the NRW school directory into the registry at PATH.

Exit status: 0 imported, 1 some rows were left out (each named on stderr with its line and
column; the rest is imported), 2 the file is not the directory or the registry cannot take
it (nothing written).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TextIO

from ..i18n import Lang, message
from .output import print_table

if TYPE_CHECKING:
    from ..imports import SchoolImport

EXIT_OK = 0
EXIT_ROWS_LEFT_OUT = 1

#: The key tables read from ``--keys``, each with what it gives.
_OPERATORS = "key_traeger.csv"
_STATUSES = "key_schulbetriebsschluessel.csv"
_FORMS = "key_schulformschluessel.csv"
_LEGAL_FORMS = "key_rechtsform.csv"
_AREA = re.compile(r"\d{2,8}")


def _area(text: str) -> str:
    if not _AREA.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"not a Gemeindeschlüssel or its prefix (2 to 8 digits): {text!r}"
        )
    return text


def configure(parser: argparse.ArgumentParser, text: Callable[[str], str]) -> None:
    parser.add_argument(
        "directory", metavar="SCHULDATEN.csv", help=text("help-import-schools-file")
    )
    parser.add_argument("--keys", metavar="DIR", help=text("help-import-schools-keys"))
    parser.add_argument("--pupils", metavar="FILE", help=text("help-import-schools-pupils"))
    parser.add_argument("--area", metavar="KEY", type=_area, help=text("help-import-schools-area"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
    from pathlib import Path

    from ..errors import ImportRefusedError
    from ..files import load
    from ..files.editing import update
    from ..imports import (
        FORMS,
        import_schools,
        read_directory,
        read_key_table,
        read_pupils,
        utm32_to_wgs84,
    )
    from ..imports.schooldir import LEGAL_FORMS

    registry = load(args.path)
    directory = read_directory(args.directory)
    problems = list(directory.problems)
    operators = statuses = None
    if args.keys is not None:
        keys = Path(args.keys)
        present = {name: keys / name for name in (_OPERATORS, _STATUSES, _FORMS, _LEGAL_FORMS)}
        present = {name: path for name, path in present.items() if path.is_file()}
        if not present:
            raise ImportRefusedError("imports.refused.no-keys", directory=str(keys))
        tables = {name: read_key_table(path) for name, path in present.items()}
        for table in tables.values():
            problems.extend(table.problems)
        operators = tables[_OPERATORS].labels if _OPERATORS in tables else None
        statuses = tables[_STATUSES].labels if _STATUSES in tables else None
        for name, known in ((_FORMS, FORMS), (_LEGAL_FORMS, LEGAL_FORMS)):
            for code, label in sorted(tables[name].labels.items() if name in tables else ()):
                if code not in known:
                    note = message("imports.unknown-key", lang, file=name, code=code, label=label)
                    sys.stderr.write(note + "\n")
    pupils = None
    if args.pupils is not None:
        counted = read_pupils(args.pupils)
        problems.extend(counted.problems)
        pupils = counted.counts
    to_wgs84 = utm32_to_wgs84()
    if to_wgs84 is None and any(s.easting is not None for s in directory.schools):
        sys.stderr.write(message("imports.no-pyproj", lang) + "\n")
    result = import_schools(
        registry,
        directory,
        area=(args.area,) if args.area else None,
        operators=operators,
        pupils=pupils,
        statuses=statuses,
        to_wgs84=to_wgs84,
        retrieved=date.today(),
    )
    for problem in problems:
        sys.stderr.write(problem.message(lang) + "\n")
    _print_changes(result, lang, stdout)
    if args.dry_run:
        stdout.write(message("imports.dry-run", lang) + "\n")
    else:
        written = update(args.path, result.registry)
        stdout.write(message("imports.written", lang, path=args.path, files=len(written)) + "\n")
    return EXIT_ROWS_LEFT_OUT if problems else EXIT_OK


def _print_changes(result: SchoolImport, lang: Lang, stdout: TextIO) -> None:
    rows = [
        [
            message(f"imports.change.{change.kind.value}", lang),
            change.school_number,
            change.name,
            " ".join(
                part
                for part in (
                    ", ".join(message(f"imports.field.{field}", lang) for field in change.fields),
                    f"({change.status})" if change.status else "",
                )
                if part
            ),
        ]
        for change in result.changes
    ]
    if rows:
        columns = ("change", "number", "school", "fields")
        print_table([message(f"imports.column.{name}", lang) for name in columns], rows, stdout)
    kinds = ("added", "updated", "closed", "gone")
    counts = {kind: sum(1 for c in result.changes if c.kind == kind) for kind in kinds}
    stdout.write(message("imports.summary", lang, unchanged=result.unchanged, **counts) + "\n")
