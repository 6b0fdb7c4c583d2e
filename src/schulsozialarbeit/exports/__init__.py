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

from typing import TYPE_CHECKING, Any

from ._tables import DEFAULT_PRIVACY, ENTITIES, PRIVACY_LEVELS
from .base import Exporter, ExportOptions, Privacy
from .csv import DIALECTS, Dialect, to_csv
from .csv_read import CellProblem, read_positions_csv
from .registry import REGISTRY_FORMATS, RegistryFormat, export_registry, without_personal

if TYPE_CHECKING:
    from .html import comparison_html, history_html, to_html
    from .jsonschema import json_schema
    from .oparl import to_oparl, write_oparl
    from .xlsx import comparison_xlsx, figures_workbook, history_xlsx, to_xlsx

_HTML = ("to_html", "comparison_html", "history_html")
_XLSX = ("to_xlsx", "comparison_xlsx", "history_xlsx", "figures_workbook")


def __getattr__(name: str) -> Any:
    if name in _HTML:
        from . import html

        return getattr(html, name)
    if name == "json_schema":
        from .jsonschema import json_schema

        return json_schema
    if name in ("to_oparl", "write_oparl"):
        from . import oparl

        return getattr(oparl, name)
    if name in _XLSX:
        from . import xlsx

        return getattr(xlsx, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
