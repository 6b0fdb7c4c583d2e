"""Exports meant for people and for other systems: CSV, XLSX, JSON Schema and an HTML report.

Each format is one module with one plain function, so a plugin can register it as an
exporter. Outputs for people take a privacy level (``public`` by default) and write it into
the output; the registry formats json and toml live in :mod:`schulsozialarbeit.files` and
stay complete.
"""

from ..exporter import Privacy
from ._tables import DEFAULT_PRIVACY, ENTITIES, PRIVACY_LEVELS, UnknownEntityError
from .csv import DIALECTS, Dialect, to_csv
from .csv_read import CellProblem, CsvReadError, read_positions_csv
from .html import to_html
from .jsonschema import json_schema
from .xlsx import to_xlsx

__all__ = [
    "DEFAULT_PRIVACY",
    "DIALECTS",
    "ENTITIES",
    "PRIVACY_LEVELS",
    "CellProblem",
    "CsvReadError",
    "Dialect",
    "Privacy",
    "UnknownEntityError",
    "json_schema",
    "read_positions_csv",
    "to_csv",
    "to_html",
    "to_xlsx",
]
