"""School holidays the registry adds to the published tables."""

from __future__ import annotations

from datetime import date

from attrs import frozen


@frozen(kw_only=True)
class HolidayPeriod:
    """School holidays from ``start`` to ``end`` (both included), beyond the tables of the
    ``holidays`` package: years the package does not hold yet (the NRW Ferienordnung is
    fixed years ahead), or days off of one region or one school.

    For all of NRW when neither ``region`` nor ``school`` is given; for the series of a
    region (:func:`~schulsozialarbeit.scheduling.region_of`) with ``region``; for meetings
    held at a school (their venue's ``school``) with ``school``. Scheduling closes these
    days exactly as it closes the package's school holidays, giving ``name`` as the reason.
    """

    id: str
    name: str
    start: date
    end: date
    region: str | None = None
    school: str | None = None
