"""Gelsenkirchen's network figures along the education biography (Bildungsbiografie).

The network "Soziale Arbeit an Schulen" joins the actors at the city's schools from the
primary school to the Berufskolleg, and the city reports it along that path: how many
member schools and how much school social work (FTE) there are at each stage. The core
counts by school form; the stages are Gelsenkirchen's way of grouping them, so they live
here as extra key figures (``stage.primary.schools``, ``stage.primary.fte``, ...).

Definitions, so that two readers of the report count alike:

- the network is every network of the region (recognised by its Regionalschlüssel
  ``05513000``, not by an id); a member school is a school whose membership in one of
  them runs on the reference date, counted once however many networks it is in;
- ``fte`` sums the assignment FTE of active held positions at the stage's member
  schools, as the core's ``by_school_form`` does, so with every school a member the
  stages add up to the core's total FTE.
"""

from __future__ import annotations

from decimal import Decimal

from schulsozialarbeit.hooks import Bilingual, ExtraFigure, KeyFigures, Registry, hookimpl
from schulsozialarbeit.model import SchoolForm

#: Gelsenkirchen's Regionalschlüssel.
REGION_KEY = "05513000"

#: Each school form at one stage, so that the stages add up. A school that spans stages
#: counts where most of its years lie: the PRIMUS-Schule (years 1-10), the Förderschule
#: and the Waldorfförderschule (usually years 1-10, some only 5-10), the Volksschule
#: (years 1-9 or 10), the Waldorfschule and the Hiberniaschule (years 1-12 or 13) at the
#: secondary stage. The Weiterbildungskolleg (second-chance education for adults) joins
#: the Berufskolleg at the vocational stage, the end of the path.
STAGES: dict[SchoolForm, str] = {
    SchoolForm.GRUNDSCHULE: "primary",
    SchoolForm.HAUPTSCHULE: "secondary",
    SchoolForm.REALSCHULE: "secondary",
    SchoolForm.SEKUNDARSCHULE: "secondary",
    SchoolForm.GESAMTSCHULE: "secondary",
    SchoolForm.GEMEINSCHAFTSSCHULE: "secondary",
    SchoolForm.PRIMUS_SCHULE: "secondary",
    SchoolForm.GYMNASIUM: "secondary",
    SchoolForm.FOERDERSCHULE: "secondary",
    SchoolForm.WALDORFSCHULE: "secondary",
    SchoolForm.VOLKSSCHULE: "secondary",
    SchoolForm.HIBERNIASCHULE: "secondary",
    SchoolForm.WALDORFFOERDERSCHULE: "secondary",
    SchoolForm.BERUFSKOLLEG: "vocational",
    SchoolForm.WEITERBILDUNGSKOLLEG: "vocational",
}

#: The stages in the order of the path, with their names in German and English.
STAGE_NAMES: dict[str, tuple[str, str]] = {
    "primary": ("Primarstufe", "primary stage"),
    "secondary": ("Sekundarstufe", "secondary stage"),
    "vocational": ("Berufskollegs und Weiterbildungskollegs", "vocational stage"),
}


@hookimpl
def extra_figures(registry: Registry, figures: KeyFigures) -> list[ExtraFigure]:
    as_of = figures.as_of
    regions = registry.region_ids(REGION_KEY)
    networks = [network for network in registry.networks if network.region in regions]
    if not networks:
        return []
    forms = {school.id: school.form for school in registry.schools}
    members = {
        membership.member
        for network in networks
        for membership in network.memberships
        if membership.member in forms and membership.active_on(as_of)
    }
    schools = dict.fromkeys(STAGE_NAMES, 0)
    fte = dict.fromkeys(STAGE_NAMES, Decimal(0))
    for school in members:
        schools[STAGES[forms[school]]] += 1
    for school, held in registry.held_fte_by_school(as_of).items():
        if school in members:
            fte[STAGES[forms[school]]] += held
    result = []
    for stage, (german, english) in STAGE_NAMES.items():
        result += [
            ExtraFigure(
                key=f"stage.{stage}.schools",
                value=schools[stage],
                label=Bilingual(
                    de=f"Netzwerk, {german}: Mitgliedsschulen",
                    en=f"Network, {english}: member schools",
                ),
            ),
            ExtraFigure(
                key=f"stage.{stage}.fte",
                value=fte[stage],
                label=Bilingual(
                    de=f"Netzwerk, {german}: Stellenanteil an den Mitgliedsschulen",
                    en=f"Network, {english}: FTE at member schools",
                ),
            ),
        ]
    return result
