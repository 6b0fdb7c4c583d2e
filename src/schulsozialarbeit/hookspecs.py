# mypy: disable-error-code="empty-body"
"""Every hook a plugin can implement, in one place, each with when it runs and what it returns.

A plugin is a module or object with functions marked ``@hookimpl`` whose names and
arguments match the specifications below (a plugin may accept fewer arguments than a spec
offers, never others). It is found through the entry-point group ``schulsozialarbeit``
or given explicitly to :func:`schulsozialarbeit.plugins.load_plugins`.

The host calls each plugin's implementation on its own, under its own guard, in pluggy's
order (``tryfirst``/``trylast`` respected, otherwise the last registered first): an
implementation that raises or returns the wrong type is reported by its plugin's name and
the other plugins and the core still run. That is why hooks that report problems return
them instead of raising, and why no hook here uses ``firstresult`` or wrappers: every
plugin's contribution counts, and one plugin cannot swallow another's.

The core registers its own rules and exporters through these same hooks
(:mod:`schulsozialarbeit.builtin`), so a plugin has exactly the powers the core has.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from .exporter import Exporter
    from .figures import ExtraFigure, KeyFigures
    from .model import Region, Registry
    from .validation import Context, Issue

PROJECT = "schulsozialarbeit"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def validation_issues(context: Context) -> Iterable[Issue]:
    """Check the registry and return the issues found (an empty list when all is well).

    :param context: the registry (``context.registry``), the reference date
        (``context.as_of``) and every entity by id (``context.by_id``).
    :return: the issues, each made with :meth:`Issue.local` (a plugin's own words in
        German and English). The host puts the plugin's name before each code
        (``herne/school-contact-missing``), so codes never clash with the core's.

    Called once per ``validate``, after the registry has loaded.
    """


@hookspec
def blackout_dates(region: Region | None, start: date, end: date) -> Mapping[date, str]:
    """Days in ``start``..``end`` (inclusive) on which no meeting should take place.

    :param region: the region whose meetings are scheduled (None when the registry names
        none); compare ``region.key`` (the Regionalschlüssel) to act only on your own.
    :param start: first day of the range scheduled.
    :param end: last day of the range scheduled.
    :return: a mapping of date to the reason shown to people ("Rosenmontag").

    Called whenever occurrences of a meeting series are computed (``occurrences``,
    ``ical``, ``feeds``), on top of the NRW public and school holidays.
    """


@hookspec
def exporters() -> Iterable[Exporter]:
    """Export formats this plugin adds.

    :return: :class:`~schulsozialarbeit.exporter.Exporter` values, each with a ``name``
        (what ``export --format`` takes), a media type, a file suffix and a function
        ``(registry, options) -> bytes``. A name the core or another plugin already uses
        is reported and the first one registered is kept.

    Called when the command line lists or runs exports.
    """


@hookspec
def extra_figures(registry: Registry, figures: KeyFigures) -> Iterable[ExtraFigure]:
    """Key figures of the plugin's own, computed at the same reference date.

    :param registry: the registry.
    :param figures: the core's figures (``figures.as_of`` is the reference date).
    :return: :class:`~schulsozialarbeit.figures.ExtraFigure` values (a key, German and
        English labels, a value). The host puts the plugin's name before each key.

    Called once per ``report``, after the core's figures are computed.
    """


@hookspec
def ical_event(event: Any, source: Any, audience: str) -> None:
    """Adjust one iCalendar event before it is written (add a property, say).

    :param event: the ``icalendar.Event``, to change in place.
    :param source: what it was made from: a :class:`~schulsozialarbeit.Meeting`, an
        :class:`~schulsozialarbeit.Occurrence` of a series, or, for the one recurring event
        of ``--mode rrule``, the :class:`~schulsozialarbeit.MeetingSeries` itself.
    :param audience: ``"public"`` or ``"internal"``: add no personal data to a public feed.
    :return: nothing.

    Called for every event of every feed, after the core has filled it.
    """


@hookspec
def ical_calendar(calendar: Any, audience: str) -> None:
    """Adjust the whole iCalendar object before it is serialised.

    :param calendar: the ``icalendar.Calendar``, to change in place.
    :param audience: ``"public"`` or ``"internal"``.
    :return: nothing.

    Called once per feed, after all events are in it.
    """
