"""Kreis Soest's local parts of schulsozialarbeit: Rahmenkonzept, case consultation, form.

The Kreis's coordination office (since January 2020) worked out a Rahmenkonzept with
shared standards for every carrier and school form. Two of them can be read from a
registry and become warnings: the work at each school rests on a school-specific concept
agreed with that school, and a position shared by several schools has a real share at
each of them. The AK Kollegiale Fallberatung meets in area groups (Raum Lippstadt, Raum
Soest); their size is what the office reports, so it becomes extra key figures. Positions
are registered with the office through a form; the export ``kreis-soest-stellen`` gives
the same table for Excel.

The plugin recognises the Kreis by its Regionalschlüssel (``05974000``), not by an id, and
leaves every other region's schools, networks and positions alone.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from schulsozialarbeit.hooks import (
    Bilingual,
    Context,
    Exporter,
    ExportOptions,
    ExtraFigure,
    Issue,
    KeyFigures,
    Registry,
    Severity,
    format_date,
    format_decimal,
    hookimpl,
    label,
    write_csv,
)
from schulsozialarbeit.model import NetworkKind, School

#: Kreis Soest's Regionalschlüssel.
REGION_KEY = "05974000"

#: The smallest share of a shared position at one school. 0.1 FTE is about four hours of
#: a 39-hour week, one morning: below that a school gets no presence it can plan with.
#: This threshold is the plugin's reading of "an agreed share per school", not a figure
#: from the Rahmenkonzept; change it here if the Kreis sets another.
MIN_SHARE = Decimal("0.1")

#: The columns of the position form, in the office's words and order.
FORM_HEADER = (
    "Schule",
    "Schulform",
    "Schulnummer",
    "Träger",
    "Trägerart",
    "Stellenanteil",
    "Befristung",
    "Finanzierung",
)
#: The extra column of an internal export: who holds the position.
HOLDER_HEADER = "Fachkraft"
PERMANENT = "unbefristet"


def _region_schools(registry: Registry) -> dict[str, School]:
    return {school.id: school for school in registry.schools_in_region(REGION_KEY)}


# -- Rahmenkonzept ----------------------------------------------------------------------


def _concept_issue(
    context: Context, school: School, concept: date | None, position: str, path: str
) -> Issue:
    if concept is None:
        return Issue.local(
            "concept-missing",
            Severity.WARNING,
            position,
            path,
            Bilingual(
                de=f"Für die Arbeit an der Schule „{school.name}“ liegt kein schuleigenes Konzept "
                "vor (Rahmenkonzept Kreis Soest): das Konzept mit der Schule abstimmen und das "
                "Datum unter concept eintragen",
                en=f"There is no school-specific concept for the work at {school.name} (Kreis "
                "Soest framework): agree one with the school and enter its date under concept",
            ),
        )
    return Issue.local(
        "concept-pending",
        Severity.WARNING,
        position,
        path,
        Bilingual(
            de=f"Das schuleigene Konzept für die Schule „{school.name}“ ist auf den "
            f"{format_date(concept, 'de')} datiert; am Stichtag "
            f"{format_date(context.as_of, 'de')} liegt es noch nicht vor "
            "(Rahmenkonzept Kreis Soest)",
            en=f"The school-specific concept for {school.name} is dated {concept.isoformat()}; "
            f"on the reference date {context.as_of.isoformat()} it is not yet agreed (Kreis "
            "Soest framework)",
        ),
    )


def _share_issue(school: School, share: Decimal, position: str, path: str) -> Issue:
    return Issue.local(
        "share-too-small",
        Severity.WARNING,
        position,
        path,
        Bilingual(
            de=f"Die Stelle ist auf mehrere Schulen verteilt, an der Schule „{school.name}“ aber "
            f"nur mit einem Stellenanteil von {format_decimal(share, 'de')} (Rahmenkonzept Kreis "
            f"Soest): je Schule mindestens {format_decimal(MIN_SHARE, 'de')} vereinbaren",
            en=f"The position serves several schools but {school.name} only with a share of "
            f"{format_decimal(share, 'en')} (Kreis Soest framework): agree at least "
            f"{format_decimal(MIN_SHARE, 'en')} per school",
        ),
    )


@hookimpl
def validation_issues(context: Context) -> list[Issue]:
    """Positions without assignments are the core's finding (``position-without-assignments``);
    without a school they cannot even be told to be the Kreis's."""
    schools = _region_schools(context.registry)
    issues = []
    for i, position in enumerate(context.registry.positions):
        if not position.active_on(context.as_of):
            continue
        shared = len(position.assignments) > 1
        for j, assignment in enumerate(position.assignments):
            school = schools.get(assignment.school)
            if school is None:
                continue
            path = f"positions[{i}].assignments[{j}]"
            concept = assignment.concept
            if concept is None or concept > context.as_of:
                issues.append(
                    _concept_issue(context, school, concept, position.id, f"{path}.concept")
                )
            if shared and assignment.fte < MIN_SHARE:
                issues.append(_share_issue(school, assignment.fte, position.id, f"{path}.fte"))
    return issues


# -- AK Kollegiale Fallberatung ---------------------------------------------------------


@hookimpl
def extra_figures(registry: Registry, figures: KeyFigures) -> list[ExtraFigure]:
    """An area group is a case-consultation network of the Kreis below another one; its
    members are those whose membership runs on the reference date, each person once."""
    regions = registry.region_ids(REGION_KEY)
    consultations = {
        network.id
        for network in registry.networks
        if network.region in regions and network.kind is NetworkKind.CASE_CONSULTATION
    }
    groups = sorted(
        (n for n in registry.networks if n.id in consultations and n.parent in consultations),
        key=lambda network: network.id,
    )
    if not groups:
        return []
    members = {
        group.id: {m.member for m in group.memberships if m.active_on(figures.as_of)}
        for group in groups
    }
    result = [
        ExtraFigure(
            key="fallberatung.area_groups",
            value=len(groups),
            label=Bilingual(
                de="AK Kollegiale Fallberatung: Gebietsgruppen",
                en="Peer case consultation: area groups",
            ),
        ),
        ExtraFigure(
            key="fallberatung.members",
            value=len(set().union(*members.values())),
            label=Bilingual(
                de="AK Kollegiale Fallberatung: Mitglieder der Gebietsgruppen",
                en="Peer case consultation: members of the area groups",
            ),
        ),
    ]
    result += (
        ExtraFigure(
            key=f"fallberatung.members.{group.id}",
            value=len(members[group.id]),
            label=Bilingual(de=f"{group.name}: Mitglieder", en=f"{group.name}: members"),
        )
        for group in groups
    )
    return result


# -- the position form ------------------------------------------------------------------


def export_positions(registry: Registry, options: ExportOptions) -> bytes:
    """One row per active position and school of the Kreis, as the form asks for them.

    The form is German whatever ``options.lang`` says; Excel opens the file as it is
    (semicolons, decimal comma, a BOM for UTF-8), and every cell is neutralised as the
    core's CSV does, so a name cannot run as a formula. Staff names appear only in an
    internal export: the public one carries positions and carriers, never people.
    """
    schools = _region_schools(registry)
    carriers = {carrier.id: carrier for carrier in registry.carriers}
    staff = {member.id: member.name for member in registry.staff}
    internal = options.privacy == "internal"
    rows = []
    for position in registry.positions:
        if not position.active_on(options.as_of):
            continue
        carrier = carriers.get(position.carrier)
        for assignment in position.assignments:
            school = schools.get(assignment.school)
            if school is None:
                continue
            row = [
                school.name,
                label(school.form, "de"),
                school.school_number or "",
                carrier.name if carrier else position.carrier,
                label(carrier.kind, "de") if carrier else "",
                format_decimal(assignment.fte, "de"),
                format_date(position.end, "de") if position.end else PERMANENT,
                ", ".join(position.funding),
            ]
            if internal:
                row.append(staff.get(position.holder, "") if position.holder else "")
            rows.append(row)
    header = [*FORM_HEADER, HOLDER_HEADER] if internal else list(FORM_HEADER)
    return write_csv(header, sorted(rows))


@hookimpl
def exporters() -> list[Exporter]:
    return [
        Exporter(
            name="kreis-soest-stellen",
            media_type="text/csv",
            suffix=".csv",
            export=export_positions,
            takes={"as_of"},
            description=Bilingual(
                de="Stellen im Kreis Soest je Schule, wie sie der Koordinierungsstelle "
                "gemeldet werden (CSV für Excel)",
                en="Kreis Soest positions by school, as reported to the coordination office "
                "(CSV for Excel)",
            ),
        )
    ]
