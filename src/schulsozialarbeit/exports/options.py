"""The choices of the exports, on their own: the command line's help lists them before any
format (or the model) is imported."""

from __future__ import annotations

from typing import Literal, get_args

#: How much of a registry an output for people shows.
Privacy = Literal["public", "internal"]
PRIVACY_LEVELS: tuple[Privacy, ...] = get_args(Privacy)
DEFAULT_PRIVACY: Privacy = "public"

#: The CSV dialects: German Excel (semicolons, BOM) and RFC 4180.
Dialect = Literal["excel-de", "rfc4180"]
DIALECTS: tuple[Dialect, ...] = get_args(Dialect)

#: The entities exported as tables, in file order.
ENTITIES: tuple[str, ...] = ("schools", "positions", "carriers", "networks", "meetings")

#: The registry's own formats, exported at a privacy level like every other output.
RegistryFormat = Literal["json", "toml"]
REGISTRY_FORMATS: tuple[RegistryFormat, ...] = get_args(RegistryFormat)

#: The options of an export a format may use or not (every format honours privacy and
#: language): a format names those it uses in ``Exporter.takes``, and the rest are refused
#: when given, never ignored.
CHOSEN_OPTIONS: tuple[str, ...] = ("as_of", "entity", "dialect", "base_url")
