"""The guideline's conditions as findings, one per break, each saying what to change.

A condition the guideline words with "nur" (only) or makes a Zuwendungsvoraussetzung is an
error: the post is not fundable as it stands. One it words with "sollte" (should) is a
warning: the authority may accept a reason. The conditions are checked on the reference
date, for the positions the programme pays for then.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_DOWN, Decimal

from schulsozialarbeit.hooks import Bilingual, Context, Issue, Severity, format_decimal

from .parameters import PROGRAMME
from .posts import (
    funded,
    is_applicant,
    is_coordination,
    nrw_schools,
    staff_and_coordination,
)


def _schools(count: int, lang: str) -> str:
    if lang == "de":
        return "einer Schule" if count == 1 else f"{count} Schulen"
    return "one school" if count == 1 else f"{count} schools"


def _staff(count: int, lang: str) -> str:
    if lang == "de":
        return "eine Fachkraft" if count == 1 else f"{count} Fachkräfte"
    return "one member of staff" if count == 1 else f"{count} members of staff"


def applicant_issues(context: Context) -> Iterator[Issue]:
    """A region whose schools the programme serves must be one that may apply."""
    schools = nrw_schools(context.registry)
    served = {
        schools[a.school].region
        for f in funded(context.registry, context.as_of)
        for a in f.position.assignments
        if a.school in schools
    }
    for index, region in enumerate(context.registry.regions):
        if region.id in served and not is_applicant(region):
            yield Issue.local(
                "kein-antragsteller",
                Severity.ERROR,
                region.id,
                f"regions[{index}].kind",
                Bilingual(
                    de=f"„{region.name}“ ist keine antragsberechtigte Körperschaft des "
                    "Landesprogramms (nur Kreise, kreisfreie Städte und die StädteRegion "
                    "Aachen): die Stellen über den Kreis beantragen, zu dem die Stadt gehört, "
                    "oder unter kind die richtige Art der Region eintragen",
                    en=f"{region.name} may not apply to the state programme (only Kreise, "
                    "kreisfreie Städte and the StädteRegion Aachen may): apply through the "
                    "Kreis the town belongs to, or correct the region's kind",
                ),
            )


def school_issues(context: Context) -> Iterator[Issue]:
    """The school's number and name are conditions of funding: each school served by the
    programme once, however many funded posts it has."""
    schools = nrw_schools(context.registry)
    served = {
        a.school for f in funded(context.registry, context.as_of) for a in f.position.assignments
    }
    for index, school in enumerate(context.registry.schools):
        if school.id not in served or school.id not in schools:
            continue
        if school.school_number is None:
            yield Issue.local(
                "schulnummer-fehlt",
                Severity.ERROR,
                school.id,
                f"schools[{index}].school_number",
                Bilingual(
                    de=f"Die Schule „{school.name}“ hat eine Stelle aus dem Landesprogramm, "
                    "aber keine Schulnummer; sie ist Zuwendungsvoraussetzung: die sechsstellige "
                    "Schulnummer unter school_number eintragen",
                    en=f"{school.name} has a post from the state programme but no school "
                    "number, a condition of funding: enter its six-digit number under "
                    "school_number",
                ),
            )
        if not school.name.strip():
            yield Issue.local(
                "schulname-fehlt",
                Severity.ERROR,
                school.id,
                f"schools[{index}].name",
                Bilingual(
                    de=f"Die Schule {school.id} hat eine Stelle aus dem Landesprogramm, aber "
                    "keinen Namen; er ist Zuwendungsvoraussetzung: den amtlichen Namen unter "
                    "name eintragen",
                    en=f"School {school.id} has a post from the state programme but no name, "
                    "a condition of funding: enter its official name under name",
                ),
            )


def position_issues(context: Context) -> Iterator[Issue]:
    """How many schools a post serves, and that it names them with its share at each."""
    part_time = PROGRAMME.part_time.value
    for f in funded(context.registry, context.as_of):
        position = f.position
        if is_coordination(position):
            continue
        count = len({a.school for a in position.assignments})
        path = f"positions[{f.index}].assignments"
        fte = {lang: format_decimal(position.fte, lang) for lang in ("de", "en")}
        if count == 0:
            yield Issue.local(
                "ohne-schule",
                Severity.ERROR,
                position.id,
                path,
                Bilingual(
                    de=f"Die Stelle {position.id} aus dem Landesprogramm ist am Stichtag keiner "
                    "Schule zugeordnet; Schule und Stellenanteil je Schule sind "
                    "Zuwendungsvoraussetzung: unter assignments die Schulen mit ihrem "
                    "Stellenanteil eintragen",
                    en=f"Position {position.id} from the state programme serves no school on "
                    "the reference date; the schools and the share at each are a condition of "
                    "funding: enter them under assignments",
                ),
            )
        elif position.fte <= part_time and count > PROGRAMME.part_time_schools.value:
            yield Issue.local(
                "halbe-stelle-mehrere-schulen",
                Severity.ERROR,
                position.id,
                path,
                Bilingual(
                    de=f"Die Stelle {position.id} hat einen Stellenanteil von {fte['de']} und "
                    f"ist an {_schools(count, 'de')} tätig; eine Stelle mit halber Stundenzahl "
                    "oder weniger kann im Landesprogramm nur an einer Schule tätig sein: sie "
                    "einer Schule zuordnen oder den Stellenanteil erhöhen",
                    en=f"Position {position.id} has an FTE of {fte['en']} and serves "
                    f"{_schools(count, 'en')}; in the state programme a post of half time or "
                    "less may serve one school only: assign it to one school or raise its FTE",
                ),
            )
        elif position.fte > part_time and count > PROGRAMME.max_schools.value:
            yield Issue.local(
                "mehr-als-zwei-schulen",
                Severity.WARNING,
                position.id,
                path,
                Bilingual(
                    de=f"Die Stelle {position.id} (Stellenanteil {fte['de']}) ist an "
                    f"{_schools(count, 'de')} tätig; nach dem Landesprogramm sollte eine Stelle "
                    "an nicht mehr als zwei Schulen eingesetzt werden: auf zwei Schulen "
                    "beschränken oder die Ausnahme im Antrag begründen",
                    en=f"Position {position.id} ({fte['en']} FTE) serves "
                    f"{_schools(count, 'en')}; the state programme says a post should serve no "
                    "more than two schools: limit it to two or give the reason in the "
                    "application",
                ),
            )


def coordination_issues(context: Context) -> Iterator[Issue]:
    """Coordination is funded at one full-time post for at least 30 staff: one finding for
    the whole registry, on its first coordination post, since the key is the applicant's."""
    staff, coordination = staff_and_coordination(context.registry, context.as_of)
    ratio = PROGRAMME.staff_per_coordinator.value
    if coordination * ratio <= staff:
        return
    first = next(f for f in funded(context.registry, context.as_of) if is_coordination(f.position))
    allowed = (Decimal(staff) / ratio).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    words = {
        lang: (format_decimal(coordination, lang), format_decimal(allowed, lang))
        for lang in ("de", "en")
    }
    yield Issue.local(
        "koordination-ueber-schluessel",
        Severity.ERROR,
        first.position.id,
        f"positions[{first.index}].fte",
        Bilingual(
            de="Die Koordination aus dem Landesprogramm hat einen Stellenanteil von "
            f"{words['de'][0]} für {_staff(staff, 'de')} in der Schulsozialarbeit; nach dem "
            f"Schlüssel 1:{ratio} ist höchstens ein Stellenanteil von {words['de'][1]} "
            "förderfähig: die Koordination verringern oder die Fachkräfte mit ihren Stellen "
            "eintragen",
            en=f"Coordination from the state programme comes to {words['en'][0]} FTE for "
            f"{_staff(staff, 'en')} in school social work; the 1:{ratio} key allows at most "
            f"{words['en'][1]}: reduce the coordination or record the staff in their positions",
        ),
    )


RULES = (applicant_issues, school_issues, position_issues, coordination_issues)
