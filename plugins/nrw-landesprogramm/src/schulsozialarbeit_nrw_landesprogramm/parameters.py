"""Every parameter of the state programme, in one table, each with where it comes from.

State programmes change on their own schedule. When a new guideline is issued, this table
is the one place to edit: the rules, the application list and the figures read it and
nothing else. Each :class:`Parameter` carries its value, the guideline's number or the
published source it rests on, and, where a rule is built on it, the guideline's sentence;
whether a rule is an error or a warning follows that sentence's word ("nur": only, an
error; "sollte": should, a warning).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Generic, TypeVar

from attrs import frozen

from schulsozialarbeit.model import RegionKind

T = TypeVar("T")

#: The guideline itself.
GUIDELINE = (
    "Richtlinie über die Förderung von Schulsozialarbeit in Nordrhein-Westfalen, "
    "RdErl. d. Ministeriums für Schule und Bildung v. 22.09.2021 - 524-6.08.01-162765 "
    "(BASS 19543)"
)
#: The state's funding portal, which publishes the programme's conditions in short.
PORTAL = "nordrhein-westfalen-foerdert.nrw, Förderprogramm Schulsozialarbeit"


@frozen(kw_only=True)
class Parameter(Generic[T]):
    """One value of the programme, with its source and, for a rule, the sentence it rests on."""

    value: T
    source: str
    wording: str | None = None


@frozen(kw_only=True)
class Programme:
    """The parameters of one version of the guideline."""

    #: What a position names in ``programmes`` when the programme pays for school social work.
    programme: Parameter[str]
    #: What a position names in ``programmes`` when it is a funded coordination post.
    coordination: Parameter[str]
    #: The region kinds that may apply; with ``applicant_keys`` the applicants.
    applicant_kinds: Parameter[frozenset[RegionKind]]
    #: Applicants recognised by their Regionalschlüssel, whatever kind a registry gives them.
    applicant_keys: Parameter[frozenset[str]]
    #: The state of the applicants (``Region.state``).
    state: Parameter[str]
    #: Applications are due on this (month, day) of the funding year.
    deadline: Parameter[tuple[int, int]]
    #: The share of the eligible costs (personnel and material) the state pays at most.
    rate: Parameter[Decimal]
    #: The eligible costs per full-time post and year, at most.
    cap_per_fte: Parameter[Decimal]
    #: The same in exceptional cases the authority allows; shown beside the regular cap.
    exceptional_cap_per_fte: Parameter[Decimal]
    #: A post of more than half time should serve at most this many schools (a warning).
    max_schools: Parameter[int]
    #: A post of this FTE or less ...
    part_time: Parameter[Decimal]
    #: ... serves this many schools only (an error).
    part_time_schools: Parameter[int]
    #: The school's number and name and the post's share there are conditions (errors).
    school_conditions: Parameter[tuple[str, ...]]
    #: One full-time coordinator for at least this many social-work staff (an error beyond).
    staff_per_coordinator: Parameter[int]


SCHOOL_SENTENCE = (
    "Die Schulnummern und Namen der Schulen sowie die jeweiligen Beschäftigungsumfänge je "
    "Schule sind Zuwendungsvoraussetzungen."
)

PROGRAMME = Programme(
    programme=Parameter(
        value="nrw-landesprogramm",
        source="this plugin: the key a registry gives the programme in Position.programmes",
    ),
    coordination=Parameter(
        value="nrw-landesprogramm-koordination",
        source="this plugin: the key of a coordination post funded by the programme",
    ),
    applicant_kinds=Parameter(
        value=frozenset({RegionKind.KREIS, RegionKind.KREISFREIE_STADT}),
        source=f"{GUIDELINE}, Nr. 3.1; {PORTAL}",
        wording="Antragsberechtigt: Kreise und kreisfreie Städte des Landes Nordrhein-Westfalen, "
        "StädteRegion Aachen.",
    ),
    applicant_keys=Parameter(
        value=frozenset({"05334000"}),
        source=f"{GUIDELINE}, Nr. 3.1: the StädteRegion Aachen (Regionalschlüssel 05334000)",
    ),
    state=Parameter(value="NW", source=f"{GUIDELINE}, Nr. 1.1: a programme of the Land NRW"),
    deadline=Parameter(
        value=(4, 30),
        source=f"{PORTAL}: applications by 30 April of the funding year",
    ),
    rate=Parameter(
        value=Decimal("0.80"),
        source=f"{GUIDELINE}, Nr. 5; {PORTAL}: up to 80 % of the eligible total costs, "
        "personnel and material",
    ),
    cap_per_fte=Parameter(
        value=Decimal(70000),
        source=f"{GUIDELINE}, Nr. 5.4.1 and Anlage 1: 70,000 EUR per full-time post a year",
    ),
    exceptional_cap_per_fte=Parameter(
        value=Decimal(80000),
        source=f"{GUIDELINE}, as amended: up to 80,000 EUR in justified single cases",
    ),
    max_schools=Parameter(
        value=2,
        source=f"{GUIDELINE}, Nr. 4; {PORTAL}",
        wording="Eine Fachkraft in Vollzeitanstellung sollte dabei in nicht mehr als zwei "
        "Schulen eingesetzt werden.",
    ),
    part_time=Parameter(
        value=Decimal("0.5"),
        source=f"{GUIDELINE}, Nr. 4; {PORTAL}",
        wording="Teilzeitkräfte mit halber Stundenzahl oder weniger können nur an einer "
        "Schule tätig werden.",
    ),
    part_time_schools=Parameter(value=1, source=f"{GUIDELINE}, Nr. 4; {PORTAL}"),
    school_conditions=Parameter(
        value=("school_number", "name", "fte"),
        source=f"{GUIDELINE}, Nr. 4; {PORTAL}",
        wording=SCHOOL_SENTENCE,
    ),
    staff_per_coordinator=Parameter(
        value=30,
        source=f"{GUIDELINE}, Nr. 4 with Nr. 4.2; {PORTAL}. Counted by this plugin on the "
        "reference date: staff are the people (distinct holders) in every position that "
        "serves a school of the region, whoever pays for it, since the guideline lets "
        "purely municipal and state-employed staff count; coordinators are the FTE of the "
        "posts the programme funds as coordination, held or vacant, since it funds posts. "
        "The coordination FTE may be at most staff / 30.",
        wording="Zudem können Fachkräfte bei Koordinierungsaufgaben eingesetzt werden, sofern "
        "von der Zuwendungsempfängerin oder dem Zuwendungsempfänger ein Berechnungsschlüssel "
        "von einer Fachkraft in Vollzeit zur Koordinierung zu mindestens 30 Fachkräften in "
        "Schulsozialarbeit gemäß Nummer 4.2 nachgewiesen wird (Schlüssel 1:30).",
    ),
)
