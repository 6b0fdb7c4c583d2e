"""The ``export`` command's half that knows the formats, so cli.py only parses and delegates.

CSV gives one file per entity: with ``--entity`` it is one file (to ``-o`` or stdout), else
``-o`` names a folder that receives ``schools.csv``, ``positions.csv`` and so on. A zip
would hide the files from the double click that opens a CSV in Excel, so there is none.
Bytes go to stdout's binary buffer, so the BOM and CRLF of a CSV arrive unchanged.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..files import FORMATS, dumps, load, write_atomic
from ..i18n import Lang, message
from ._tables import DEFAULT_PRIVACY, ENTITIES, PRIVACY_LEVELS
from .csv import DIALECTS, to_csv
from .jsonschema import json_schema
from .xlsx import to_xlsx

EXPORT_FORMATS: tuple[str, ...] = (*FORMATS, "csv", "xlsx", "jsonschema")
EXIT_OK = 0
EXIT_USAGE = 2


def add_export_options(
    parser: argparse.ArgumentParser, lang: Lang, as_of: Callable[[str], object]
) -> None:
    parser.add_argument("--entity", choices=ENTITIES, help=message("exports.help.entity", lang))
    parser.add_argument(
        "--dialect",
        choices=DIALECTS,
        default="excel-de",
        help=message("exports.help.dialect", lang),
    )
    add_privacy_option(parser, lang)
    parser.add_argument("--as-of", type=as_of, help=message("help-as-of", lang))


def add_privacy_option(parser: argparse.ArgumentParser, lang: Lang) -> None:
    parser.add_argument(
        "--privacy",
        choices=PRIVACY_LEVELS,
        default=DEFAULT_PRIVACY,
        help=message("exports.help.privacy", lang),
    )


def write_output(payload: bytes, output: str | None, stdout: TextIO) -> None:
    """To ``output`` atomically, else to stdout: its byte buffer when it has one."""
    if output is not None:
        write_atomic(Path(output), payload)
        return
    buffer = getattr(stdout, "buffer", None)
    stdout.flush()
    if buffer is None:
        stdout.write(payload.decode("utf-8"))
    else:
        buffer.write(payload)
        buffer.flush()


def export(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
    """Run ``export``; 2 with a message when the output cannot take the format."""
    if args.format == "jsonschema":
        text = json.dumps(json_schema(lang), ensure_ascii=False, indent=2) + "\n"
        write_output(text.encode("utf-8"), args.output, stdout)
        return EXIT_OK
    registry = load(args.path)
    if args.format in FORMATS:
        write_output(dumps(registry, args.format).encode("utf-8"), args.output, stdout)
    elif args.format == "xlsx":
        if args.output is None and getattr(stdout, "buffer", None) is None:
            return _refuse("exports.cli.binary-needs-output", lang)
        payload = to_xlsx(registry, as_of=args.as_of, privacy=args.privacy, lang=lang)
        write_output(payload, args.output, stdout)
    else:
        files = to_csv(
            registry, entity=args.entity, dialect=args.dialect, privacy=args.privacy, lang=lang
        )
        if args.entity is not None:
            write_output(files[f"{args.entity}.csv"], args.output, stdout)
        elif args.output is None:
            return _refuse("exports.cli.csv-needs-folder", lang)
        else:
            folder = Path(args.output)
            folder.mkdir(parents=True, exist_ok=True)
            for name, payload in files.items():
                write_atomic(folder / name, payload)
    return EXIT_OK


def _refuse(key: str, lang: Lang) -> int:
    sys.stderr.write(message(key, lang) + "\n")
    return EXIT_USAGE
