"""Key figures and their reports: a registry with known answers, invariants, and rendering."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from random import Random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schulsozialarbeit
from schulsozialarbeit import (
    Assignment,
    Carrier,
    CarrierKind,
    Position,
    Registry,
    School,
    SchoolForm,
    StaffMember,
)
from schulsozialarbeit.figures import (
    CarrierFigures,
    CarrierKindFigures,
    EndingPosition,
    FundingFigures,
    KeyFigures,
    ReportFormat,
    SchoolFormFigures,
    key_figures,
    render_report,
    report_json,
)
from schulsozialarbeit.i18n import LANGUAGES, Lang, decimal_text

AS_OF = date(2017, 11, 30)
FORMATS: tuple[ReportFormat, ...] = ("text", "json", "markdown")
PERSONAL_MARKER = "Geheimname"

KNOWN = f"""
name = "Musterstadt"

[[regions]]
id = "r"
name = "Musterstadt"
kind = "kreisfreie_stadt"

[[schools]]
id = "s1"
name = "Grundschule Am Bach"
form = "grundschule"
region = "r"
pupils = 200

[[schools]]
id = "s2"
name = "Grundschule Am Berg"
form = "grundschule"
region = "r"
pupils = 301

[[schools]]
id = "s3"
name = "Gymnasium Mitte"
form = "gymnasium"
region = "r"

[[schools]]
id = "s4"
name = "Förderschule Süd"
form = "foerderschule"
region = "r"
pupils = 100

[[carriers]]
id = "c-city"
name = "Stadt Musterstadt"
kind = "public"

[[carriers]]
id = "c-awo"
name = "AWO | Ortsverein"
kind = "independent"

[[staff]]
id = "h1"
name = "Erika {PERSONAL_MARKER}"

[[staff]]
id = "h2"
name = "Max {PERSONAL_MARKER}"

[[staff]]
id = "h3"
name = "Lena {PERSONAL_MARKER}"

# Held by h1, who also holds p2: one person, counted once.
[[positions]]
id = "p1"
carrier = "c-city"
fte = 1.0
holder = "h1"
funding = ["Land NRW"]
start = 2015-01-01
assignments = [{{ school = "s1", fte = 0.5 }}, {{ school = "s2", fte = 0.5 }}]

# Two funding sources; ends within six months.
[[positions]]
id = "p2"
carrier = "c-awo"
fte = 0.5
holder = "h1"
funding = ["Kommune", "BuT"]
end = 2018-03-31
assignments = [{{ school = "s3", fte = 0.5 }}]

[[positions]]
id = "p3"
carrier = "c-awo"
fte = 0.75
holder = "h2"
assignments = [{{ school = "s2", fte = 0.75 }}]

# Vacant, so s4 has no social work; ends on the last day of the six months.
[[positions]]
id = "p4"
carrier = "c-city"
fte = 0.5
funding = ["Land NRW"]
end = 2018-05-30
assignments = [{{ school = "s4", fte = 0.5 }}]

# Ended the day before.
[[positions]]
id = "p5"
carrier = "c-city"
fte = 1.0
holder = "h3"
end = 2017-11-29
assignments = [{{ school = "s3", fte = 1.0 }}]

# Starts the day after.
[[positions]]
id = "p6"
carrier = "c-city"
fte = 1.0
holder = "h3"
start = 2017-12-01
assignments = [{{ school = "s4", fte = 1.0 }}]

# Starts on the reference date, ends one day after the six months; its carrier is unknown.
[[positions]]
id = "p7"
carrier = "c-gone"
fte = 0.25
holder = "h2"
start = 2017-11-30
end = 2018-05-31
assignments = [{{ school = "s1", fte = 0.25 }}]
"""


@pytest.fixture(scope="module")
def known() -> KeyFigures:
    return key_figures(schulsozialarbeit.loads(KNOWN), as_of=AS_OF)


def test_totals(known: KeyFigures) -> None:
    assert (known.as_of, known.staff, known.fte) == (AS_OF, 2, Decimal("2.5"))
    assert (known.schools, known.schools_with_social_work) == (4, 3)
    assert (known.positions, known.vacant_positions, known.vacant_fte) == (5, 1, Decimal("0.5"))
    assert known.pupils_per_fte == Decimal("250.5")


def test_breakdowns(known: KeyFigures) -> None:
    assert known.by_school_form == (
        SchoolFormFigures(
            form=SchoolForm.GRUNDSCHULE, schools=2, schools_with_social_work=2, fte=Decimal(2)
        ),
        SchoolFormFigures(
            form=SchoolForm.GYMNASIUM, schools=1, schools_with_social_work=1, fte=Decimal("0.5")
        ),
        SchoolFormFigures(
            form=SchoolForm.FOERDERSCHULE, schools=1, schools_with_social_work=0, fte=Decimal(0)
        ),
    )
    assert known.by_carrier == (
        CarrierFigures(
            carrier="c-awo",
            name="AWO | Ortsverein",
            kind=CarrierKind.INDEPENDENT,
            positions=2,
            staff=2,
            fte=Decimal("1.25"),
        ),
        CarrierFigures(
            carrier="c-city",
            name="Stadt Musterstadt",
            kind=CarrierKind.PUBLIC,
            positions=2,
            staff=1,
            fte=Decimal(1),
        ),
        CarrierFigures(
            carrier="unknown", name=None, kind=None, positions=1, staff=1, fte=Decimal("0.25")
        ),
    )
    assert known.by_carrier_kind == (
        CarrierKindFigures(kind=CarrierKind.PUBLIC, positions=2, staff=1, fte=Decimal(1)),
        CarrierKindFigures(kind=CarrierKind.INDEPENDENT, positions=2, staff=2, fte=Decimal("1.25")),
        CarrierKindFigures(kind=None, positions=1, staff=1, fte=Decimal("0.25")),
    )
    assert known.by_funding == (
        FundingFigures(source="BuT", positions=1, fte=Decimal("0.5")),
        FundingFigures(source="Kommune", positions=1, fte=Decimal("0.5")),
        FundingFigures(source="Land NRW", positions=2, fte=Decimal(1)),
        FundingFigures(source="unspecified", positions=2, fte=Decimal(1)),
    )
    assert known.ending_soon == (
        EndingPosition(
            position="p2", end=date(2018, 3, 31), fte=Decimal("0.5"), schools=("Gymnasium Mitte",)
        ),
        EndingPosition(
            position="p4", end=date(2018, 5, 30), fte=Decimal("0.5"), schools=("Förderschule Süd",)
        ),
    )


def test_as_of_defaults_to_today() -> None:
    assert key_figures(schulsozialarbeit.loads(KNOWN)).as_of == date.today()


def test_an_empty_registry_has_zero_figures() -> None:
    figures = key_figures(Registry(name="leer"), as_of=AS_OF)
    assert (figures.staff, figures.fte, figures.schools, figures.pupils_per_fte) == (
        0,
        Decimal(0),
        0,
        None,
    )
    assert "keine Fachkraft" in render_report(figures, "text")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("39.5", "39.5"), ("39.50", "39.5"), ("40", "40"), ("40.0", "40"), ("0.00", "0")],
)
def test_decimal_text(value: str, expected: str) -> None:
    assert decimal_text(Decimal(value)) == expected
    assert decimal_text(Decimal(f"-{value}")) in {f"-{expected}", "0"}


def test_json_keys_values_and_privacy(known: KeyFigures) -> None:
    data = report_json(known)
    assert list(data) == [
        "as_of",
        "staff",
        "fte",
        "schools",
        "schools_with_social_work",
        "positions",
        "vacant_positions",
        "vacant_fte",
        "by_school_form",
        "by_carrier",
        "by_carrier_kind",
        "by_funding",
        "pupils_per_fte",
        "ending_soon",
        "extra",
    ]
    assert data["extra"] == {}
    assert (data["as_of"], data["fte"], data["pupils_per_fte"]) == ("2017-11-30", "2.5", "250.5")
    assert data["by_school_form"]["grundschule"]["fte"] == "2"
    assert data["by_carrier"]["unknown"] == {
        "name": None,
        "kind": None,
        "positions": 1,
        "staff": 1,
        "fte": "0.25",
    }
    assert list(data["by_carrier_kind"]) == ["public", "independent", "unknown"]
    assert data["ending_soon"][0] == {
        "position": "p2",
        "end": "2018-03-31",
        "fte": "0.5",
        "schools": ["Gymnasium Mitte"],
    }
    text = render_report(known, "json")
    assert text.endswith("}\n")
    assert json.loads(text) == data
    assert PERSONAL_MARKER not in text
    assert "h1" not in text


def test_text_in_german(known: KeyFigures) -> None:
    text = render_report(known, "text")
    assert text.startswith(
        "Am 30.11.2017 sind 2 Fachkräfte für Schulsozialarbeit mit einem Gesamtstellenanteil "
        "von 2,5 in unterschiedlicher Trägerschaft an 3 von 4 Schulen tätig."
    )
    assert "250,5" in text
    assert "31.03.2018" in text
    assert "Befristungen in den nächsten 6 Monaten" in text
    assert "  Gymnasium           1                      1            0,5\n" in text


def test_text_in_english(known: KeyFigures) -> None:
    text = render_report(known, "text", "en")
    assert text.startswith(
        "On 2017-11-30, 2 school social workers with a total FTE of 2.5, "
        "employed by different carriers, work at 3 of 4 schools."
    )
    assert "250.5" in text
    assert "2018-03-31" in text


def _one_position(pupils: int | None, fte: str) -> KeyFigures:
    """One person with one carrier at one school, whose pupils are ``pupils``."""
    registry = Registry(
        name="klein",
        schools=(School(id="s", name="S", form=SchoolForm.GRUNDSCHULE, region="r", pupils=pupils),),
        carriers=(Carrier(id="c", name="Diakonie Musterstadt", kind=CarrierKind.INDEPENDENT),),
        positions=(
            Position(
                id="p",
                carrier="c",
                fte=Decimal(fte),
                holder="h",
                assignments=(Assignment(school="s", fte=Decimal(fte)),),
            ),
        ),
    )
    return key_figures(registry, as_of=AS_OF)


@pytest.mark.parametrize(
    ("pupils", "fte", "expected"),
    [(1, "0.8", Decimal("1.3")), (3, "0.8", Decimal("3.8")), (None, "1", None), (5, "0", None)],
)
def test_pupils_per_fte_rounds_half_up(
    pupils: int | None, fte: str, expected: Decimal | None
) -> None:
    assert _one_position(pupils, fte).pupils_per_fte == expected


def test_one_person_with_one_carrier_at_one_school() -> None:
    figures = _one_position(99, "0.50")
    assert render_report(figures, "text").startswith(
        "Am 30.11.2017 ist 1 Fachkraft für Schulsozialarbeit mit einem Stellenanteil von 0,5 "
        "in Trägerschaft von Diakonie Musterstadt an 1 von 1 Schule tätig."
    )
    assert render_report(figures, "text", "en").startswith(
        "On 2017-11-30, 1 school social worker with an FTE of 0.5, "
        "employed by Diakonie Musterstadt, works at 1 of 1 school."
    )


def test_markdown_has_a_row_per_school_form_and_escapes_pipes(known: KeyFigures) -> None:
    markdown = render_report(known, "markdown")
    assert markdown.startswith("# Kennzahlen der Schulsozialarbeit am 30.11.2017\n")
    assert "## Schulformen" in markdown
    for row in ("| Grundschule | 2 | 2 | 2 |", "| Gymnasium | 1 | 1 | 0,5 |"):
        assert row in markdown
    assert "| Förderschule | 1 | 0 | 0 |" in markdown
    assert "| AWO \\| Ortsverein | freier Träger | 2 | 2 | 1,25 |" in markdown


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_renderings_are_byte_identical(format: ReportFormat, lang: Lang) -> None:
    first = render_report(key_figures(schulsozialarbeit.loads(KNOWN), as_of=AS_OF), format, lang)
    second = render_report(key_figures(schulsozialarbeit.loads(KNOWN), as_of=AS_OF), format, lang)
    assert first.encode() == second.encode()
    assert PERSONAL_MARKER not in first


def test_herne_example_reproduces_the_article() -> None:
    herne = Path(schulsozialarbeit.__file__).parent / "examples" / "herne"
    figures = key_figures(schulsozialarbeit.load(herne), as_of=date(2017, 11, 30))
    data = report_json(figures)
    assert (data["staff"], data["fte"]) == (44, "39.5")
    assert (data["schools"], data["schools_with_social_work"]) == (43, 41)
    assert render_report(figures, "text").startswith(
        "Am 30.11.2017 sind 44 Fachkräfte für Schulsozialarbeit mit einem Gesamtstellenanteil "
        "von 39,5 in unterschiedlicher Trägerschaft an 41 von 43 Schulen tätig."
    )


# Small registries whose ids collide on purpose: shared holders, shared schools, carriers
# that do not exist, positions before, around and after the reference date.
_SCHOOL_IDS = ("s0", "s1", "s2", "s3")
_CARRIER_IDS = ("c0", "c1", "c2")
_FTE = st.integers(min_value=0, max_value=20).map(lambda n: Decimal(n) / 20)
_DAY = st.integers(min_value=-400, max_value=400).map(lambda n: AS_OF + timedelta(days=n))

_schools = st.lists(
    st.builds(
        School,
        id=st.sampled_from(_SCHOOL_IDS),
        name=st.just("Schule"),
        form=st.sampled_from(SchoolForm),
        region=st.just("r"),
        pupils=st.none() | st.integers(min_value=0, max_value=1500),
    ),
    max_size=5,
)
_carriers = st.lists(
    st.builds(
        Carrier,
        id=st.sampled_from(_CARRIER_IDS),
        name=st.sampled_from(("Stadt", "Caritas | Mitte", "AWO")),
        kind=st.sampled_from(CarrierKind),
    ),
    max_size=3,
    unique_by=lambda carrier: carrier.id,
)
_positions = st.lists(
    st.builds(
        Position,
        id=st.just("p"),
        carrier=st.sampled_from((*_CARRIER_IDS, "c-missing")),
        fte=_FTE,
        assignments=st.lists(
            st.builds(Assignment, school=st.sampled_from((*_SCHOOL_IDS, "s-missing")), fte=_FTE),
            max_size=3,
        ).map(tuple),
        funding=st.lists(st.sampled_from(("Land NRW", "BuT", "Kommune")), max_size=2).map(tuple),
        start=st.none() | _DAY,
        end=st.none() | _DAY,
        holder=st.none() | st.sampled_from(("h0", "h1", "h2")),
    ),
    max_size=8,
)


@st.composite
def registries(draw: st.DrawFn) -> Registry:
    return Registry(
        name="r",
        schools=tuple(draw(_schools)),
        carriers=tuple(draw(_carriers)),
        staff=tuple(StaffMember(id=f"h{i}", name=f"{PERSONAL_MARKER} {i}") for i in range(3)),
        positions=tuple(
            attrs.evolve(position, id=f"p{i}") for i, position in enumerate(draw(_positions))
        ),
    )


@settings(deadline=None)
@given(registries())
def test_breakdowns_add_up(registry: Registry) -> None:
    figures = key_figures(registry, as_of=AS_OF)
    assert figures.fte == sum(row.fte for row in figures.by_carrier)
    assert figures.fte == sum(row.fte for row in figures.by_carrier_kind)
    assert figures.positions == sum(row.positions for row in figures.by_carrier)
    assert figures.positions == sum(row.positions for row in figures.by_carrier_kind)
    assert figures.schools == sum(row.schools for row in figures.by_school_form)
    assert figures.schools_with_social_work == sum(
        row.schools_with_social_work for row in figures.by_school_form
    )
    assert figures.schools_with_social_work <= figures.schools
    assert figures.staff <= figures.positions - figures.vacant_positions
    assert figures.positions <= sum(row.positions for row in figures.by_funding)


@settings(deadline=None)
@given(registries(), st.randoms(use_true_random=False))
def test_order_of_positions_does_not_matter(registry: Registry, random: Random) -> None:
    shuffled = list(registry.positions)
    random.shuffle(shuffled)
    reordered = attrs.evolve(registry, positions=tuple(shuffled))
    assert key_figures(reordered, as_of=AS_OF) == key_figures(registry, as_of=AS_OF)


@settings(max_examples=50, deadline=None)
@given(registries(), st.sampled_from(FORMATS), st.sampled_from(LANGUAGES))
def test_every_registry_renders_without_people(
    registry: Registry, format: ReportFormat, lang: Lang
) -> None:
    figures = key_figures(registry, as_of=AS_OF)
    text = render_report(figures, format, lang)
    assert text == render_report(figures, format, lang)
    assert PERSONAL_MARKER not in text
    if format == "json":
        assert json.loads(text)["fte"] == decimal_text(figures.fte)
