"""The core's own contributions, registered through the hooks like any plugin's."""

from __future__ import annotations

from collections.abc import Iterable

from .exporter import Exporter, ExportOptions
from .files import dumps
from .hookspecs import hookimpl
from .model import Registry
from .rules import BUILTIN_RULES
from .validation import Context, Issue


@hookimpl
def validation_issues(context: Context) -> Iterable[Issue]:
    return [issue for rule in BUILTIN_RULES for issue in rule(context)]


def _json(registry: Registry, options: ExportOptions) -> bytes:
    return dumps(registry, "json").encode("utf-8")


def _toml(registry: Registry, options: ExportOptions) -> bytes:
    return dumps(registry, "toml").encode("utf-8")


@hookimpl
def exporters() -> Iterable[Exporter]:
    return [
        Exporter(name="json", media_type="application/json", suffix=".json", export=_json),
        Exporter(name="toml", media_type="application/toml", suffix=".toml", export=_toml),
    ]
