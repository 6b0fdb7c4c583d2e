"""The core's own contributions, registered through the hooks like any plugin's."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .exporter import Exporter, ExportOptions
from .exports.csv import DIALECTS, to_csv
from .exports.jsonschema import json_schema
from .exports.xlsx import to_xlsx
from .files import dumps
from .hookspecs import hookimpl
from .model import Registry
from .rules import BUILTIN_RULES
from .validation import Context, Issue

#: The table a CSV export gives when no entity is chosen: the one offices keep by hand.
DEFAULT_CSV_ENTITY = "positions"


@hookimpl
def validation_issues(context: Context) -> Iterable[Issue]:
    return [issue for rule in BUILTIN_RULES for issue in rule(context)]


def _json(registry: Registry, options: ExportOptions) -> bytes:
    return dumps(registry, "json").encode("utf-8")


def _toml(registry: Registry, options: ExportOptions) -> bytes:
    return dumps(registry, "toml").encode("utf-8")


def _csv(registry: Registry, options: ExportOptions) -> bytes:
    entity = options.entity or DEFAULT_CSV_ENTITY
    dialect = options.dialect if options.dialect in DIALECTS else "excel-de"
    files = to_csv(
        registry, entity=entity, dialect=dialect, privacy=options.privacy, lang=options.lang
    )
    return files[f"{entity}.csv"]


def _xlsx(registry: Registry, options: ExportOptions) -> bytes:
    return to_xlsx(registry, as_of=options.as_of, privacy=options.privacy, lang=options.lang)


def _jsonschema(registry: Registry, options: ExportOptions) -> bytes:
    return (json.dumps(json_schema(options.lang), ensure_ascii=False, indent=2) + "\n").encode()


@hookimpl
def exporters() -> Iterable[Exporter]:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return [
        Exporter(name="json", media_type="application/json", suffix=".json", export=_json),
        Exporter(name="toml", media_type="application/toml", suffix=".toml", export=_toml),
        Exporter(name="csv", media_type="text/csv", suffix=".csv", export=_csv),
        Exporter(name="xlsx", media_type=xlsx, suffix=".xlsx", export=_xlsx),
        Exporter(
            name="jsonschema",
            media_type="application/schema+json",
            suffix=".schema.json",
            export=_jsonschema,
        ),
    ]
