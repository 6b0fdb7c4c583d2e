"""Everything a plugin author imports: the marker, the types the hooks take and return, and
the helpers districts' plugins share.

A plugin imports from here (and the model classes from :mod:`schulsozialarbeit` or
:mod:`schulsozialarbeit.model`) and from nowhere else in the package, so the core can
reshape its inside without breaking a district's plugin. Every command loads the installed
plugins, so importing this module stays light: no export format, no openpyxl, no icalendar
(``write_xlsx`` brings openpyxl in when it is first asked for).

The hooks themselves, with their arguments, results and when they are called, are in
:mod:`schulsozialarbeit.plugins.hookspecs` and in docs/plugins.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .exports.base import Exporter, ExportOptions, Privacy
from .exports.csv import neutralise, write_csv
from .figures import ExtraFigure, KeyFigures
from .i18n import Lang, format_date, format_decimal
from .i18n.bilingual import Bilingual
from .i18n.labels import label
from .model import Region, Registry, region_is
from .plugins.hookspecs import hookimpl
from .scheduling import Occurrence, series_region
from .validation import Context, Issue, Located, Severity

if TYPE_CHECKING:
    from .exports.xlsx import write_xlsx

__all__ = [
    "Bilingual",
    "Context",
    "ExportOptions",
    "Exporter",
    "ExtraFigure",
    "Issue",
    "KeyFigures",
    "Lang",
    "Located",
    "Occurrence",
    "Privacy",
    "Region",
    "Registry",
    "Severity",
    "format_date",
    "format_decimal",
    "hookimpl",
    "label",
    "neutralise",
    "region_is",
    "series_region",
    "write_csv",
    "write_xlsx",
]


def __getattr__(name: str) -> Any:
    """``write_xlsx`` on first use: openpyxl is paid for by a plugin's workbook alone."""
    if name != "write_xlsx":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from .exports.xlsx import write_xlsx

    return write_xlsx
