"""What an export format is: a name, a media type, a file suffix and a function.

The built-in formats and those of plugins are the same kind of thing, so the command line
lists and runs them alike. An exporter returns bytes: text formats encode themselves, so
the BOM of an Excel CSV or the binary of an XLSX file is the exporter's business alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal

from attrs import field, frozen
from attrs.validators import instance_of, is_callable, optional

from ..i18n import DEFAULT_LANG, Bilingual, Lang
from ..model import Registry

Privacy = Literal["public", "internal"]


@frozen(kw_only=True)
class ExportOptions:
    """Everything an exporter may take into account besides the registry.

    ``privacy`` is ``public`` unless the caller asks for ``internal``: an exporter meant for
    people must then leave out every field marked personal. ``as_of`` is the reference date
    for exporters that count (key figures); ``entity`` narrows a per-entity format to one
    collection; ``dialect`` picks a variant of a format (e.g. ``rfc4180`` for CSV);
    ``base_url`` is where a published format (OParl) will live, since its objects name
    themselves by URL.
    """

    as_of: date
    privacy: Privacy = "public"
    lang: Lang = DEFAULT_LANG
    entity: str | None = None
    dialect: str | None = None
    base_url: str | None = None


@frozen(kw_only=True)
class Exporter:
    """A named export format. ``name`` is what ``export --format`` takes.

    ``plugin`` is set by the host to the plugin that offered the format; a plugin leaves it
    empty. ``description`` says in both languages what the file is for (``plugins`` shows it).
    """

    name: str = field(validator=instance_of(str))
    media_type: str = field(validator=instance_of(str))
    suffix: str = field(validator=instance_of(str))
    export: Callable[[Registry, ExportOptions], bytes] = field(validator=is_callable())
    description: Bilingual | None = field(default=None, validator=optional(instance_of(Bilingual)))
    plugin: str = ""
