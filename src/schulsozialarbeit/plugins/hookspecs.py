# mypy: disable-error-code="empty-body"
"""Every hook a plugin can implement, in one place, each with when it runs and what it returns.

A plugin is a module or object with functions marked ``@hookimpl`` whose names and
arguments match the specifications below (a plugin may accept fewer arguments than a spec
offers, never others). It is found through the entry-point group ``schulsozialarbeit``
or given explicitly to :func:`schulsozialarbeit.plugins.load_plugins`.

The contract is pluggy's: hooks are called through pluggy, so ``tryfirst``/``trylast``,
wrappers (``wrapper=True``) and hook-call monitoring work as pluggy documents them, and a
hook that returns ``None`` adds nothing. On top of that the host guards each plugin's
implementation on its own: one that raises, or returns something other than its spec
says, adds nothing and becomes a :class:`~schulsozialarbeit.plugins.PluginFault` named by
plugin and hook, returned with the result of the call that met it, while the other plugins
and the core still run. That is why hooks that report problems return them instead of
raising, and why no hook here uses ``firstresult``: every plugin's contribution counts.

The core registers its own rules and exporters through these same hooks
(:mod:`schulsozialarbeit.plugins.builtin`), so a plugin has exactly the powers the core has.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import icalendar

    from ..exports.base import Exporter
    from ..figures import ExtraFigure, KeyFigures
    from ..model import Meeting, MeetingSeries, Network, Region, Registry
    from ..scheduling import Occurrence
    from ..validation import Context, Issue

PROJECT = "schulsozialarbeit"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def validation_issues(context: Context) -> Iterable[Issue] | None:
    """Check the registry and return the issues found.

    :param context: the registry (``context.registry``), the reference date
        (``context.as_of``) and every entity by id with its place (``context.by_id``).
    :return: the issues, any iterable (a list, a tuple, a generator), each made with
        :meth:`Issue.local` (a plugin's own words as a :class:`Bilingual`). The host puts the
        plugin's name before each code (``herne/school-contact-missing``), so codes never
        clash with the core's. ``None`` or an empty iterable: nothing found.

    Called once per ``validate``, after the registry has loaded.
    """


@hookspec
def blackout_dates(region: Region | None, start: date, end: date) -> Mapping[date, str] | None:
    """Days in ``start``..``end`` (inclusive) on which no meeting should take place.

    :param region: the region whose meetings are scheduled (None when the registry names
        none); act only on your own, with ``region_is(region, REGION_KEY)``.
    :param start: first day of the range scheduled.
    :param end: last day of the range scheduled.
    :return: a mapping of :class:`~datetime.date` (a plain date, not a datetime) to the
        reason shown to people ("Rosenmontag"). Days outside the range are ignored, so a
        plugin may return whole years. ``None``: no blackout days.

    Called whenever occurrences of a meeting series are computed (``occurrences``,
    ``ical``, ``feeds``), on top of the NRW public and school holidays.
    """


@hookspec
def exporters() -> Iterable[Exporter] | None:
    """Export formats this plugin adds.

    :return: :class:`~schulsozialarbeit.hooks.Exporter` values, each with a ``name``
        (what ``export --format`` takes), a media type, a file suffix, a function
        ``(registry, options) -> bytes`` and a :class:`Bilingual` description. ``None``: none.

    A name is kept by the first plugin that offers it in this order: the core, then the
    plugins by name (alphabetically). A later offer of the same name is left out and
    reported as a fault of the plugin that made it.

    Called when the command line lists or runs exports; the export function itself runs
    under the same guard when its format is chosen.
    """


@hookspec
def extra_figures(registry: Registry, figures: KeyFigures) -> Iterable[ExtraFigure] | None:
    """Key figures of the plugin's own, computed at the same reference date.

    :param registry: the registry.
    :param figures: the core's figures (``figures.as_of`` is the reference date).
    :return: :class:`~schulsozialarbeit.hooks.ExtraFigure` values (a key, a
        :class:`Bilingual` label, a value). The host puts the plugin's name before each key.
        ``None``: no figures.

    Called once per ``report``, after the core's figures are computed.
    """


@hookspec
def ical_event(
    event: icalendar.Event,
    source: Meeting | Occurrence | MeetingSeries,
    audience: str,
    registry: Registry,
    region: Region | None,
) -> None:
    """Adjust one iCalendar event before it is written (add a property, say).

    :param event: the ``icalendar.Event``, to change in place.
    :param source: what it was made from: a :class:`~schulsozialarbeit.Meeting`, an
        :class:`~schulsozialarbeit.Occurrence` of a series, or, for the one recurring event
        of ``--mode rrule``, the :class:`~schulsozialarbeit.MeetingSeries` itself.
    :param audience: ``"public"`` or ``"internal"``: add no personal data to a public feed.
    :param registry: the registry the feed is made from.
    :param region: the region the meeting or series belongs to (its network's, else its
        organiser's, else the registry's only one), or None: act only on your own.
    :return: ``None``. A change that leaves a value which would break the feed's lines, or
        that removes a property the feed needs (UID, DTSTAMP, DTSTART), is undone
        and reported as a fault of the plugin.

    Called for every event of every feed, after the core has filled it.
    """


@hookspec
def ical_calendar(
    calendar: icalendar.Calendar,
    audience: str,
    registry: Registry,
    network: Network | None,
    region: Region | None,
) -> None:
    """Adjust the whole iCalendar object before it is serialised.

    :param calendar: the ``icalendar.Calendar``, to change in place.
    :param audience: ``"public"`` or ``"internal"``.
    :param registry: the registry the feed is made from.
    :param network: the network the feed is for, or None for a feed of everything.
    :param region: that network's region, else the registry's only region, else None.
    :return: ``None``. As for :func:`ical_event`, an unsafe change is undone and reported.

    Called once per feed, after all events are in it.
    """
