"""The ``export`` command: the core's formats and the plugins' alike, each under its guard.

CSV gives one file per entity: with ``--entity`` it is one file (to ``-o`` or stdout), else
``-o`` names a folder that receives ``schools.csv``, ``positions.csv`` and so on. A zip
would hide the files from the double click that opens a CSV in Excel, so there is none.
OParl is a folder too, a static endpoint: ``-o`` names it and ``--base-url`` is required,
because every object names itself by the URL it will be published at.
Bytes go to stdout's binary buffer, so the BOM and CRLF of a CSV arrive unchanged.

Every format takes ``--privacy`` and defaults to ``public``, the registry formats too: a
public JSON or TOML export leaves the personal fields out, and stderr says how many and how
to get the complete registry, so nobody mistakes the publication for their registry.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import TextIO

from ..exports.options import (
    CHOSEN_OPTIONS,
    DEFAULT_PRIVACY,
    DIALECTS,
    ENTITIES,
    PRIVACY_LEVELS,
    REGISTRY_FORMATS,
    Dialect,
)
from ..i18n import Lang, message
from .output import write_output

EXIT_OK = 0
EXIT_USAGE = 2


def add_export_options(
    parser: argparse.ArgumentParser, lang: Lang, as_of: Callable[[str], object]
) -> None:
    parser.add_argument("--entity", choices=ENTITIES, help=message("help-entity", lang))
    parser.add_argument("--dialect", choices=DIALECTS, help=message("help-dialect", lang))
    add_privacy_option(parser, lang)
    parser.add_argument("--as-of", type=as_of, help=message("help-as-of", lang))
    parser.add_argument("--base-url", metavar="URL", help=message("help-base-url", lang))


def add_privacy_option(parser: argparse.ArgumentParser, lang: Lang) -> None:
    parser.add_argument(
        "--privacy",
        choices=PRIVACY_LEVELS,
        default=DEFAULT_PRIVACY,
        help=message("help-privacy", lang),
    )


def export(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
    """Run ``export`` with any format the core or a plugin offers; 2 when it cannot go out.

    CSV without ``--entity`` is the one format of several files: it goes to a folder.
    """
    offered = args.plugins.exporters()
    formats = offered.value
    if args.format not in formats:
        return _refuse("exports.cli.unknown-format", lang, formats=", ".join(formats))
    formats[args.format].check(name for name in CHOSEN_OPTIONS if getattr(args, name) is not None)
    if args.format == "oparl":
        return _oparl(args, lang)
    from pathlib import Path

    from ..exports import ExportOptions, export_registry, to_csv
    from ..files import load, write_atomic
    from ..plugins import BUILTIN

    registry = load(args.path)
    if args.format == "csv" and args.entity is None:
        if args.output is None:
            return _refuse("exports.cli.csv-needs-folder", lang)
        dialect: Dialect = args.dialect or "excel-de"
        files = to_csv(registry, dialect=dialect, privacy=args.privacy, lang=lang)
        folder = Path(args.output)
        folder.mkdir(parents=True, exist_ok=True)
        for name, payload in files.items():
            write_atomic(folder / name, payload)
        return EXIT_OK
    exporter = formats[args.format]
    textual = exporter.media_type.startswith("text/") or exporter.media_type.endswith(
        ("json", "toml")
    )
    if args.output is None and not textual and getattr(stdout, "buffer", None) is None:
        return _refuse("exports.cli.binary-needs-output", lang, format=args.format)
    options = ExportOptions(
        as_of=args.as_of or date.today(),
        privacy=args.privacy,
        lang=lang,
        entity=args.entity,
        dialect=args.dialect,
    )
    if args.format in REGISTRY_FORMATS and exporter.plugin == BUILTIN:
        payload, left_out = export_registry(registry, args.format, args.privacy, lang)
        write_output(payload, args.output, stdout)
        if args.privacy == "public":
            sys.stderr.write(message("exports.registry.left-out", lang, count=left_out) + "\n")
        return EXIT_OK
    outcome = args.plugins.export(registry, args.format, options)
    if outcome.value is None:
        return EXIT_USAGE
    write_output(outcome.value, args.output, stdout)
    return EXIT_OK


def _oparl(args: argparse.Namespace, lang: Lang) -> int:
    """The static OParl endpoint into the folder ``-o``, over an earlier export there."""
    from ..exports.oparl import write_oparl
    from ..files import load
    from ..files.addresses import check_base_url

    if args.output is None:
        return _refuse("exports.cli.oparl-needs-folder", lang)
    if args.base_url is None:
        return _refuse("exports.cli.oparl-needs-base-url", lang)
    try:
        base = check_base_url(args.base_url)
    except ValueError:
        return _refuse("exports.cli.bad-base-url", lang, url=args.base_url)
    registry = load(args.path)
    try:
        written = write_oparl(registry, args.output, base_url=base, privacy=args.privacy, lang=lang)
    except ValueError:
        return _refuse("exports.cli.oparl-unsafe-folder", lang, folder=args.output)
    sys.stderr.write(
        message(
            "exports.cli.oparl-written",
            lang,
            count=len(written),
            folder=args.output,
            url=f"{base}/system",
        )
        + "\n"
    )
    return EXIT_OK


def _refuse(key: str, lang: Lang, **params: object) -> int:
    sys.stderr.write(message(key, lang, **params) + "\n")
    return EXIT_USAGE
