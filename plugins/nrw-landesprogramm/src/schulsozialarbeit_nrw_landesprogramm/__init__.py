"""The NRW state programme for school social work, as a plugin of schulsozialarbeit.

The Land funds posts for school social work under the "Richtlinie über die Förderung von
Schulsozialarbeit in Nordrhein-Westfalen" (RdErl. of 22.09.2021, BASS 19543). A registry
records which posts the programme pays for (``programmes = ["nrw-landesprogramm"]``, or
``"nrw-landesprogramm-koordination"`` for a coordination post) and what they cost a year
(``costs``). From that the plugin checks the guideline's conditions, writes the list for
the application and the proof of use, and adds the programme's key figures.

Every figure of the guideline is in :mod:`.parameters`, with its source: a new guideline is
an edit there. The plugin acts on the registry's regions in NRW only, and adds nothing to a
registry that records no post of the programme.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from schulsozialarbeit.hooks import (
    Bilingual,
    Context,
    Exporter,
    ExtraFigure,
    Issue,
    KeyFigures,
    Registry,
    hookimpl,
)

from . import application
from .parameters import PROGRAMME
from .posts import funded, is_coordination, staff_and_coordination
from .rules import RULES

__all__ = ["PROGRAMME"]


@hookimpl
def validation_issues(context: Context) -> list[Issue]:
    return [issue for rule in RULES for issue in rule(context)]


@hookimpl
def exporters() -> list[Exporter]:
    described = Bilingual(
        de="Landesprogramm Schulsozialarbeit NRW: Antrag und Verwendungsnachweis für das "
        "Förderjahr des Stichtags (--as-of)",
        en="NRW state programme for school social work: application and proof of use for the "
        "funding year of the reference date (--as-of)",
    )
    return [
        Exporter(
            name="nrw-landesprogramm",
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            suffix=".xlsx",
            export=application.to_xlsx,
            takes={"as_of"},
            description=Bilingual(de=f"{described.de} (Excel)", en=f"{described.en} (Excel)"),
        ),
        Exporter(
            name="nrw-landesprogramm-schulen",
            media_type="text/csv",
            suffix=".csv",
            export=application.schools_csv,
            takes={"as_of"},
            description=Bilingual(
                de=f"{described.de}: die Schulen (CSV für Excel)",
                en=f"{described.en}: the schools (CSV for Excel)",
            ),
        ),
        Exporter(
            name="nrw-landesprogramm-stellen",
            media_type="text/csv",
            suffix=".csv",
            export=application.positions_csv,
            takes={"as_of"},
            description=Bilingual(
                de=f"{described.de}: die Stellen (CSV für Excel)",
                en=f"{described.en}: the positions (CSV for Excel)",
            ),
        ),
    ]


@hookimpl
def extra_figures(registry: Registry, figures: KeyFigures) -> list[ExtraFigure] | None:
    """The programme's side of the key figures, on the report's reference date."""
    day = figures.as_of
    programme = [f.position for f in funded(registry, day)]
    if not programme:
        return None
    posts = [p for p in programme if not is_coordination(p)]
    staff, coordination = staff_and_coordination(registry, day)
    result = [
        ExtraFigure(
            key="stellenanteile",
            value=sum((p.fte for p in posts), Decimal(0)),
            label=Bilingual(
                de="Landesprogramm: geförderte Stellenanteile",
                en="State programme: funded FTE",
            ),
        ),
        ExtraFigure(
            key="stellen",
            value=len(posts),
            label=Bilingual(
                de="Landesprogramm: geförderte Stellen", en="State programme: funded posts"
            ),
        ),
        ExtraFigure(
            key="schulen",
            value=len({a.school for p in posts for a in p.assignments}),
            label=Bilingual(
                de="Landesprogramm: Schulen mit geförderter Stelle",
                en="State programme: schools with a funded post",
            ),
        ),
    ]
    if coordination:
        ratio = (Decimal(staff) / coordination).quantize(Decimal("0.1"), ROUND_HALF_UP)
        result.append(
            ExtraFigure(
                key="fachkraefte-je-koordination",
                value=ratio,
                label=Bilingual(
                    de="Landesprogramm: Fachkräfte je Vollzeitstelle Koordination "
                    f"(mindestens {PROGRAMME.staff_per_coordinator.value})",
                    en="State programme: staff per full-time coordinator "
                    f"(at least {PROGRAMME.staff_per_coordinator.value})",
                ),
            )
        )
    return result
