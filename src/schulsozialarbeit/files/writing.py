"""Writing registries and files: deterministic text, and atomic writes that never leave half a file.

A reader of a file the library writes sees the old content or the new, never a mix: every
writer goes through :func:`write_atomic`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import tomli_w

from ..model import Registry
from .atomic import write_atomic
from .reading import FORMATS, Format, suffix_format, to_dict


def _json_default(value: object) -> Any:
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def json_text(data: Any) -> str:
    """Plain data as the JSON of a registry file: indented, UTF-8 as it is, one newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def dumps(registry: Registry, format: Format = "toml") -> str:
    """The registry as text, deterministic: the same registry always gives the same bytes."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of {FORMATS}")
    data = to_dict(registry)
    if format == "json":
        return json_text(data)
    return tomli_w.dumps(data)


def dump(registry: Registry, path: str | os.PathLike[str], format: Format | None = None) -> None:
    """Write the registry to ``path`` atomically; the format follows the suffix unless given."""
    target = Path(path)
    chosen = format or suffix_format(target)
    write_atomic(target, dumps(registry, chosen).encode("utf-8"))
