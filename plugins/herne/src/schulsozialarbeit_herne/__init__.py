"""Herne's local rules for schulsozialarbeit: the quality-management concept and local days.

Herne has applied a quality-management concept (Qualitätsmanagementkonzept) to all school
social work since July 2017. Two of its requirements can be read from a registry, so they
become warnings: every school where a position serves names a contact person at the school,
and has a cooperation agreement on file. Herne's meetings also avoid two local occasions
that the NRW holiday calendar does not know: Rosenmontag and the Cranger Kirmes.

The plugin recognises Herne by its Regionalschlüssel (``05916000``), not by an id, so it
can stay installed beside other districts' plugins and ignores their registries.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import easter

from schulsozialarbeit.hooks import (
    Bilingual,
    Context,
    Issue,
    Region,
    Severity,
    format_date,
    hookimpl,
    region_is,
)

#: Herne's Regionalschlüssel.
REGION_KEY = "05916000"

#: The quality-management concept applies from this day on; earlier reference dates are
#: not held to it, so a look back at 2016 shows no warnings the city could not have met.
QM_SINCE = date(2017, 7, 1)

#: Rosenmontag lies 48 days before Easter Sunday (Shrove Monday, the Monday before Ash
#: Wednesday). It is no public holiday, but many NRW schools place one of their movable
#: days off (bewegliche Ferientage) on it, so school staff cannot come to meetings.
ROSENMONTAG_BEFORE_EASTER = 48

#: Since 2011 the Cranger Kirmes opens on the first Thursday in August and closes on the
#: Sunday of the following week: eleven days (2011: 4-14 August, 2018: 2-12 August,
#: 2023: 3-13 August, 2024: 1-11 August). Until 2010 it opened a day later, on the Friday;
#: meetings are planned for the present, so the older rule is not kept. The largest fair
#: in NRW fills Wanne-Eickel, and the city's staff work at it.
KIRMES_DAYS = 11
_THURSDAY = 3


def rosenmontag(year: int) -> date:
    return easter(year) - timedelta(days=ROSENMONTAG_BEFORE_EASTER)


def cranger_kirmes(year: int) -> list[date]:
    first_of_august = date(year, 8, 1)
    opening = first_of_august + timedelta(days=(_THURSDAY - first_of_august.weekday()) % 7)
    return [opening + timedelta(days=offset) for offset in range(KIRMES_DAYS)]


def _school_issues(context: Context, index: int) -> list[Issue]:
    school = context.registry.schools[index]
    path = f"schools[{index}]"
    issues = []
    if not school.contacts:
        issues.append(
            Issue.local(
                "school-contact-missing",
                Severity.WARNING,
                school.id,
                f"{path}.contacts",
                Bilingual(
                    de="Die Schule nennt keine Ansprechperson für die Schulsozialarbeit "
                    "(Qualitätsmanagement Herne): unter contacts eine Ansprechperson an der "
                    "Schule eintragen",
                    en="The school names no contact person for school social work (Herne "
                    "quality management): add a contact person at the school under contacts",
                ),
            )
        )
    agreement = school.cooperation_agreement
    if agreement is None:
        issues.append(
            Issue.local(
                "cooperation-agreement-missing",
                Severity.WARNING,
                school.id,
                f"{path}.cooperation_agreement",
                Bilingual(
                    de="Für die Schule liegt keine Kooperationsvereinbarung vor "
                    "(Qualitätsmanagement Herne): die Vereinbarung abschließen und ihr Datum "
                    "unter cooperation_agreement eintragen",
                    en="No cooperation agreement is on file for the school (Herne quality "
                    "management): conclude the agreement and enter its date under "
                    "cooperation_agreement",
                ),
            )
        )
    elif agreement > context.as_of:
        issues.append(
            Issue.local(
                "cooperation-agreement-pending",
                Severity.WARNING,
                school.id,
                f"{path}.cooperation_agreement",
                Bilingual(
                    de="Die Kooperationsvereinbarung der Schule ist auf den "
                    f"{format_date(agreement, 'de')} datiert; am Stichtag "
                    f"{format_date(context.as_of, 'de')} liegt sie noch nicht vor "
                    "(Qualitätsmanagement Herne)",
                    en=f"The school's cooperation agreement is dated {agreement.isoformat()}; "
                    f"on the reference date {context.as_of.isoformat()} it is not yet on file "
                    "(Herne quality management)",
                ),
            )
        )
    return issues


@hookimpl
def validation_issues(context: Context) -> list[Issue]:
    if context.as_of < QM_SINCE:
        return []
    herne = context.registry.region_ids(REGION_KEY)
    # Held or vacant alike: the contact person and the agreement belong to the school's
    # cooperation, which outlasts a change of staff.
    served = context.registry.served_schools(context.as_of)
    return [
        issue
        for index, school in enumerate(context.registry.schools)
        if school.region in herne and school.id in served
        for issue in _school_issues(context, index)
    ]


@hookimpl
def blackout_dates(region: Region | None, start: date, end: date) -> dict[date, str]:
    """Whole years: the host keeps the days within ``start``..``end``."""
    if not region_is(region, REGION_KEY):
        return {}
    days: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        days[rosenmontag(year)] = "Rosenmontag"
        days.update(dict.fromkeys(cranger_kirmes(year), "Cranger Kirmes"))
    return days
