"""A minimal plugin for schulsozialarbeit, to copy: one rule, one blackout day, one figure.

Every hook acts only on the region whose Regionalschlüssel is :data:`REGION_KEY`, so the
plugin can be installed beside other districts' plugins without touching their data. The
placeholder key matches no real region: put in your own (Herne is ``05916000``).
"""

from __future__ import annotations

from datetime import date

from schulsozialarbeit.hooks import (
    Bilingual,
    Context,
    ExtraFigure,
    Issue,
    KeyFigures,
    Region,
    Registry,
    Severity,
    hookimpl,
    region_is,
)

#: Your region's Regionalschlüssel (8 digits, from the official municipality directory).
REGION_KEY = "00000000"


@hookimpl
def validation_issues(context: Context) -> list[Issue]:
    """A rule: return issues, never raise. The host puts "template/" before each code.

    The pupil count is what turns FTE into "pupils per FTE", the figure councils compare,
    so a school without it is worth a hint (info: it never fails ``--strict``).
    """
    regions = context.registry.region_ids(REGION_KEY)
    return [
        Issue.local(
            "school-pupils-missing",
            Severity.INFO,
            school.id,
            f"schools[{index}].pupils",
            Bilingual(
                de="Die Schülerzahl der Schule fehlt: unter pupils eintragen, damit der Bericht "
                "Schülerinnen und Schüler je Stelle ausweisen kann",
                en="The school's pupil count is missing: enter it under pupils so that the report "
                "can show pupils per FTE",
            ),
        )
        for index, school in enumerate(context.registry.schools)
        if school.region in regions and school.pupils is None
    ]


@hookimpl
def blackout_dates(region: Region | None, start: date, end: date) -> dict[date, str]:
    """A local day without meetings, here one on a fixed date every year: 11 November,
    when the carnival session opens and, in carnival towns, nobody comes to a meeting."""
    if not region_is(region, REGION_KEY):
        return {}
    # Whole years: the host keeps the days within start..end.
    return {date(year, 11, 11): "Sessionseröffnung" for year in range(start.year, end.year + 1)}


@hookimpl
def extra_figures(registry: Registry, figures: KeyFigures) -> list[ExtraFigure]:
    """A figure of your own; the host puts "template/" before the key."""
    regions = registry.region_ids(REGION_KEY)
    if not regions:
        return []
    count = sum(1 for s in registry.schools if s.region in regions and s.contacts)
    return [
        ExtraFigure(
            key="schools.with_contact",
            value=count,
            label=Bilingual(de="Schulen mit Ansprechperson", en="Schools naming a contact person"),
        )
    ]
