"""What an export format is: a name, a media type, a file suffix and a function.

The built-in formats and those of plugins are the same kind of thing, so the command line
lists and runs them alike. An exporter returns bytes: text formats encode themselves, so
the BOM of an Excel CSV or the binary of an XLSX file is the exporter's business alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from attrs import Attribute, field, frozen
from attrs.validators import instance_of, is_callable, optional

from ..errors import UnusedOptionError
from ..i18n import DEFAULT_LANG, Lang
from ..i18n.bilingual import Bilingual
from .options import CHOSEN_OPTIONS
from .options import Privacy as Privacy

if TYPE_CHECKING:
    from ..model import Registry


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


def _names(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _chosen_options(
    instance: object, attribute: Attribute[frozenset[str]], value: frozenset[str]
) -> None:
    unknown = sorted(value - set(CHOSEN_OPTIONS))
    if unknown:
        raise ValueError(f"takes: expected names among {', '.join(CHOSEN_OPTIONS)}: {unknown}")


@frozen(kw_only=True)
class Exporter:
    """A named export format. ``name`` is what ``export --format`` takes.

    ``plugin`` is set by the host to the plugin that offered the format; a plugin leaves it
    empty. ``description`` says in both languages what the file is for (``plugins`` shows it).
    ``takes`` names the options among ``CHOSEN_OPTIONS`` the format uses, so that an
    option it would ignore is refused instead (:meth:`check`): no option is accepted and
    then ignored.
    """

    name: str = field(validator=instance_of(str))
    media_type: str = field(validator=instance_of(str))
    suffix: str = field(validator=instance_of(str))
    export: Callable[[Registry, ExportOptions], bytes] = field(validator=is_callable())
    description: Bilingual | None = field(default=None, validator=optional(instance_of(Bilingual)))
    takes: frozenset[str] = field(default=frozenset(), converter=_names, validator=_chosen_options)
    plugin: str = ""

    def check(self, given: Iterable[str]) -> None:
        """Raise :class:`UnusedOptionError` for the options in ``given`` this format ignores."""
        ignored = set(given) - self.takes
        unused = tuple(name for name in CHOSEN_OPTIONS if name in ignored)
        if unused:
            raise UnusedOptionError(self.name, unused)
