"""The core's own contributions, registered through the hooks like any plugin's.

Every command registers this plugin, and most never export: the formats' modules (openpyxl
for XLSX) are imported when an export runs, not when the formats are listed, and the rules
(with scheduling) and the exporters' class when their hook is first called.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .hookspecs import hookimpl

if TYPE_CHECKING:
    from ..exports.base import Exporter, ExportOptions
    from ..model import Registry
    from ..validation import Context, Issue

#: The table a CSV export gives when no entity is chosen: the one offices keep by hand.
DEFAULT_CSV_ENTITY = "positions"


@hookimpl
def validation_issues(context: Context) -> Iterable[Issue]:
    from ..validation import guarded_all
    from ..validation.rules import BUILTIN_RULES

    # Each rule under its own guard: one that fails is a rule-failed error, not the loss
    # of every built-in issue, which the hook's own guard would report as a plugin fault.
    return guarded_all(BUILTIN_RULES, context)


def _json(registry: Registry, options: ExportOptions) -> bytes:
    from ..exports.registry import export_registry

    return export_registry(registry, "json", options.privacy, options.lang)[0]


def _toml(registry: Registry, options: ExportOptions) -> bytes:
    from ..exports.registry import export_registry

    return export_registry(registry, "toml", options.privacy, options.lang)[0]


def _csv(registry: Registry, options: ExportOptions) -> bytes:
    from ..exports.csv import to_csv
    from ..exports.options import DIALECTS

    entity = options.entity or DEFAULT_CSV_ENTITY
    dialect = options.dialect or "excel-de"
    if dialect not in DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}; use one of {', '.join(DIALECTS)}")
    files = to_csv(
        registry, entity=entity, dialect=dialect, privacy=options.privacy, lang=options.lang
    )
    return files[f"{entity}.csv"]


def _xlsx(registry: Registry, options: ExportOptions) -> bytes:
    from ..exports.xlsx import to_xlsx

    return to_xlsx(registry, as_of=options.as_of, privacy=options.privacy, lang=options.lang)


def _jsonschema(registry: Registry, options: ExportOptions) -> bytes:
    from ..exports.jsonschema import json_schema

    return (json.dumps(json_schema(options.lang), ensure_ascii=False, indent=2) + "\n").encode()


def _oparl(registry: Registry, options: ExportOptions) -> bytes:
    """The whole endpoint as one JSON document, each file's object under its path.

    OParl is a folder: the command line writes it with ``write_oparl``, which also keeps
    removed objects as deleted; this one document is for callers that store files elsewhere.
    """
    from ..exports.oparl import to_oparl

    if options.base_url is None:
        raise ValueError("the oparl format needs ExportOptions.base_url")
    files = to_oparl(
        registry, base_url=options.base_url, privacy=options.privacy, lang=options.lang
    )
    bundle = {name: json.loads(payload) for name, payload in files.items()}
    return (json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode()


@hookimpl
def exporters() -> Iterable[Exporter]:
    from ..exports.base import Exporter

    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return [
        Exporter(name="json", media_type="application/json", suffix=".json", export=_json),
        Exporter(name="toml", media_type="application/toml", suffix=".toml", export=_toml),
        Exporter(
            name="csv",
            media_type="text/csv",
            suffix=".csv",
            export=_csv,
            takes={"entity", "dialect"},
        ),
        Exporter(name="xlsx", media_type=xlsx, suffix=".xlsx", export=_xlsx, takes={"as_of"}),
        Exporter(
            name="jsonschema",
            media_type="application/schema+json",
            suffix=".schema.json",
            export=_jsonschema,
        ),
        Exporter(
            name="oparl",
            media_type="application/json",
            suffix="/",
            export=_oparl,
            takes={"base_url"},
        ),
    ]
