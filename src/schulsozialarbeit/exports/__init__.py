"""Exports meant for people and for other systems: CSV, XLSX, JSON Schema, an HTML report,
a static OParl endpoint and the registry itself as JSON or TOML.

Each format is one module with one plain function, registered as an :class:`Exporter`
by the built-in plugin, so the command line lists and runs the core's formats and the
plugins' alike. Every output that carries data about people takes a privacy level
(``public`` by default, the registry formats too) and writes it into the output.

Every command loads the installed plugins, and plugins import this package for
:class:`Exporter`; so the heavy formats (XLSX needs openpyxl, the HTML report the figures,
OParl the scheduling of series) are imported when first used, not here.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

from .options import (
    DEFAULT_PRIVACY,
    DIALECTS,
    ENTITIES,
    PRIVACY_LEVELS,
    REGISTRY_FORMATS,
    Dialect,
    Privacy,
    RegistryFormat,
)

if TYPE_CHECKING:
    from .base import Exporter, ExportOptions
    from .csv import to_csv
    from .csv_read import CellProblem, read_positions_csv
    from .html import comparison_html, history_html, to_html
    from .jsonschema import json_schema
    from .oparl import to_oparl, write_oparl
    from .registry import export_registry, without_personal
    from .xlsx import comparison_xlsx, figures_workbook, history_xlsx, to_xlsx

#: Each name's module, imported on first use: the choices above are all the command line's
#: help needs, openpyxl is paid for by XLSX alone and cattrs by reading CSV.
_LAZY = {
    "CellProblem": ".csv_read",
    "comparison_html": ".html",
    "comparison_xlsx": ".xlsx",
    "ExportOptions": ".base",
    "Exporter": ".base",
    "export_registry": ".registry",
    "figures_workbook": ".xlsx",
    "history_html": ".html",
    "history_xlsx": ".xlsx",
    "json_schema": ".jsonschema",
    "read_positions_csv": ".csv_read",
    "to_csv": ".csv",
    "to_html": ".html",
    "to_oparl": ".oparl",
    "to_xlsx": ".xlsx",
    "without_personal": ".registry",
    "write_oparl": ".oparl",
}


def _module(name: str) -> ModuleType:
    """One of the submodules named in ``_LAZY``, by import statements, never by a name."""
    if name == "base":
        from . import base

        return base
    if name == "csv":
        from . import csv

        return csv
    if name == "csv_read":
        from . import csv_read

        return csv_read
    if name == "html":
        from . import html

        return html
    if name == "jsonschema":
        from . import jsonschema

        return jsonschema
    if name == "oparl":
        from . import oparl

        return oparl
    if name == "registry":
        from . import registry

        return registry
    if name == "xlsx":
        from . import xlsx

        return xlsx
    raise AttributeError(name)  # pragma: no cover - _LAZY names only the modules above


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_module(_LAZY[name].lstrip(".")), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_PRIVACY",
    "DIALECTS",
    "ENTITIES",
    "PRIVACY_LEVELS",
    "REGISTRY_FORMATS",
    "CellProblem",
    "Dialect",
    "ExportOptions",
    "Exporter",
    "Privacy",
    "RegistryFormat",
    "comparison_html",
    "comparison_xlsx",
    "export_registry",
    "figures_workbook",
    "history_html",
    "history_xlsx",
    "json_schema",
    "read_positions_csv",
    "to_csv",
    "to_html",
    "to_oparl",
    "to_xlsx",
    "without_personal",
    "write_oparl",
]
