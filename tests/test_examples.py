"""The shipped examples: they load, reproduce the facts of the seeds and contain no real people."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

import schulsozialarbeit
from schulsozialarbeit import (
    CoordinationOffice,
    Meeting,
    MeetingSeries,
    Organization,
    Registry,
    SchoolForm,
    Weekday,
    dumps,
    load,
    loads,
)
from schulsozialarbeit.errors import TargetNotEmptyError, UnknownExampleError
from schulsozialarbeit.examples import (
    EXAMPLES,
    REFERENCE_DATES,
    example_files,
    example_path,
    write_example,
)

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_EXAMPLES = ROOT / "src" / "schulsozialarbeit" / "examples"

#: Surnames (and first names) of the real people named in the seed articles.
SEED_NAMES = (
    "Ammann",
    "Christoph-Martini",
    "Martini",
    "Jordan",
    "Brinkhoff",
    "Lombardi",
    "Schlüter",
    "Peters",
    "Berger",
    "Toykun",
    "Schulte-Kellinghaus",
    "Kellinghaus",
    "Ermel",
    "Thulfaut",
    "Gröne",
    "Groene",
    "Besse",
    "Schmacks",
    "Nikolai",
    "Raphaela",
    "Pamela",
    "Sibel",
)

EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")


def _events(registry: Registry) -> list[Meeting | MeetingSeries]:
    return [*registry.meetings, *registry.series]


def _load(name: str) -> Registry:
    return load(PACKAGE_EXAMPLES / name)


@pytest.fixture(scope="module")
def herne() -> Registry:
    return _load("herne")


@pytest.fixture(scope="module")
def soest() -> Registry:
    return _load("kreis-soest")


@pytest.fixture(scope="module")
def gelsenkirchen() -> Registry:
    return _load("gelsenkirchen")


def _text(name: str) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted((PACKAGE_EXAMPLES / name).glob("*.toml"))
    )


# ---------------------------------------------------------------------------- loading


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_loads_from_package_and_root_link(name: str) -> None:
    registry = _load(name)
    assert registry.name
    assert load(ROOT / "examples" / name) == registry


def test_root_examples_are_relative_links_to_the_package() -> None:
    for name in EXAMPLES:
        link = ROOT / "examples" / name
        assert link.is_symlink()
        target = Path(link.readlink())
        assert not target.is_absolute()
        assert link.resolve() == (PACKAGE_EXAMPLES / name).resolve()


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_path_points_at_the_package_data(name: str) -> None:
    folder = example_path(name)
    assert folder.is_dir()
    assert [item.name for item in example_files(name)] == sorted(
        path.name for path in (PACKAGE_EXAMPLES / name).glob("*.toml")
    )


@pytest.mark.parametrize("name", EXAMPLES)
def test_ids_are_unique_slugs(name: str) -> None:
    registry = _load(name)
    ids = [entity.id for _, _, entity in registry.entities()]
    assert len(ids) == len(set(ids))
    slug = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
    assert [i for i in ids if not slug.match(i)] == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_positions_are_consistent(name: str) -> None:
    registry = _load(name)
    as_of = REFERENCE_DATES[name]
    load_by_holder: dict[str, Decimal] = {}
    for position in registry.positions:
        assert Decimal(0) < position.fte <= Decimal(1), position.id
        assert sum((a.fte for a in position.assignments), Decimal(0)) == position.fte, position.id
        assert all(Decimal(0) < a.fte <= Decimal(1) for a in position.assignments), position.id
        if position.holder and position.active_on(as_of):
            load_by_holder[position.holder] = (
                load_by_holder.get(position.holder, Decimal(0)) + position.fte
            )
    assert all(fte <= Decimal(1) for fte in load_by_holder.values())


@pytest.mark.parametrize("name", EXAMPLES)
def test_references_resolve(name: str) -> None:
    registry = _load(name)
    ids = {entity.id for _, _, entity in registry.entities()}
    schools = {s.id for s in registry.schools}
    for school in registry.schools:
        assert school.region in ids
        assert school.district is None or school.district in ids
        assert school.school_number is not None
        assert re.fullmatch(r"\d{6}", school.school_number)
    for position in registry.positions:
        assert position.carrier in {c.id for c in registry.carriers}
        assert position.holder is None or position.holder in {s.id for s in registry.staff}
        assert {a.school for a in position.assignments} <= schools
    for network in registry.networks:
        assert network.coordinator in ids
        assert network.parent is None or network.parent in ids
        assert network.memberships
        assert {m.member for m in network.memberships} <= ids
    for event in _events(registry):
        assert event.organiser is None or event.organiser in ids
        assert event.network is None or event.network in ids
        assert set(event.partners) <= ids


@pytest.mark.parametrize("name", EXAMPLES)
def test_venues_are_complete(name: str) -> None:
    registry = _load(name)
    for event in _events(registry):
        venue = event.venue
        if venue.mode.value in ("online", "hybrid"):
            assert venue.url is not None
            assert venue.url.startswith("https://"), event.id
        if venue.mode.value in ("in_person", "hybrid"):
            assert venue.name, event.id
            assert venue.address is not None, event.id
            assert re.fullmatch(r"\d{5}", venue.address.postal_code)


# ---------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", EXAMPLES)
def test_round_trip_json_and_toml(name: str) -> None:
    registry = _load(name)
    text = dumps(registry, "json")
    assert loads(text, "json") == registry
    assert dumps(registry, "json") == text
    toml = dumps(registry, "toml")
    assert loads(toml, "toml") == registry
    assert dumps(registry, "toml") == toml


# ---------------------------------------------------------------------------- write_example


@pytest.mark.parametrize("name", EXAMPLES)
def test_write_example_copies_a_loadable_registry(name: str, tmp_path: Path) -> None:
    target = tmp_path / "neu" / name
    written = write_example(name, target)
    assert sorted(p.name for p in written) == [item.name for item in example_files(name)]
    assert all(p.parent == target for p in written)
    assert sorted(p.name for p in target.iterdir()) == sorted(p.name for p in written)
    assert load(target) == _load(name)


def test_write_example_into_an_existing_empty_folder(tmp_path: Path) -> None:
    written = write_example("herne", tmp_path)
    assert written
    assert load(tmp_path) == _load("herne")


def test_write_example_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    keep = tmp_path / "notizen.txt"
    keep.write_text("bleibt", encoding="utf-8")
    with pytest.raises(TargetNotEmptyError) as caught:
        write_example("herne", tmp_path)
    assert str(tmp_path) in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notizen.txt"]
    assert keep.read_text(encoding="utf-8") == "bleibt"


def test_write_example_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "registry.toml"
    target.write_text("", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_example("herne", target)


def test_write_example_refuses_unknown_names(tmp_path: Path) -> None:
    with pytest.raises(UnknownExampleError) as caught:
        write_example("../herne", tmp_path / "x")
    message = str(caught.value)
    for name in EXAMPLES:
        assert name in message
    assert not (tmp_path / "x").exists()
    with pytest.raises(LookupError, match="herne"):
        example_path("bochum")


# ---------------------------------------------------------------------------- no real people


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_email_outside_example_domains(name: str) -> None:
    text = _text(name)
    emails = re.findall(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", text)
    assert emails
    assert {domain.lower() for domain in emails} <= set(EXAMPLE_DOMAINS)
    registry = _load(name)
    contacts = [c for office in registry.offices for c in office.contacts]
    addresses = [s.email for s in registry.staff] + [c.email for c in contacts]
    bodies: list[CoordinationOffice | Organization] = [*registry.offices, *registry.organizations]
    addresses += [body.email for body in bodies]
    for address in addresses:
        assert address is None or address.rsplit("@", 1)[1] in EXAMPLE_DOMAINS


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_name_from_the_seeds(name: str) -> None:
    text = _text(name)
    for seed_name in SEED_NAMES:
        pattern = rf"(?<![\w-]){re.escape(seed_name)}(?![\w-])"
        assert not re.search(pattern, text, flags=re.IGNORECASE), seed_name


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_phone_from_the_seeds(name: str) -> None:
    digits = re.sub(r"\D", "", _text(name))
    for real in ("0232316370", "02921303947", "02921302592"):
        assert real not in digits


# ---------------------------------------------------------------------------- herne


HERNE_DAY = date(2017, 11, 30)


def test_herne_facts_in_november_2017(herne: Registry) -> None:
    active_held = [p for p in herne.positions if p.holder is not None and p.active_on(HERNE_DAY)]
    assert len({p.holder for p in active_held}) == 44
    assert sum((p.fte for p in active_held), Decimal(0)) == Decimal("39.5")
    assert len(herne.schools) == 43
    served = {a.school for p in active_held for a in p.assignments}
    assert len(served) == 41
    assert len({p.carrier for p in active_held}) >= 3


def test_herne_exercises_the_reference_date(herne: Registry) -> None:
    positions = herne.positions
    assert any(p.end is not None and p.end < HERNE_DAY for p in positions)
    assert any(
        p.start is not None and p.start > HERNE_DAY and p.start.year == 2018 for p in positions
    )
    assert any(p.ends_soon(HERNE_DAY) for p in positions)
    held_schools = {
        a.school for p in positions if p.holder and p.active_on(HERNE_DAY) for a in p.assignments
    }
    vacant = [p for p in positions if p.holder is None and p.active_on(HERNE_DAY)]
    assert vacant
    assert all({a.school for a in p.assignments} <= held_schools for p in vacant)
    funding = {source for p in positions for source in p.funding}
    assert {"Land NRW", "Stadt Herne", "BuT"} <= funding


def test_herne_school_forms(herne: Registry) -> None:
    forms = [s.form for s in herne.schools]
    assert forms.count(SchoolForm.GRUNDSCHULE) > len(forms) / 3
    for form in (
        SchoolForm.HAUPTSCHULE,
        SchoolForm.REALSCHULE,
        SchoolForm.GESAMTSCHULE,
        SchoolForm.GYMNASIUM,
        SchoolForm.FOERDERSCHULE,
        SchoolForm.BERUFSKOLLEG,
    ):
        assert form in forms
    assert sum(1 for s in herne.schools if s.pupils is not None) > len(forms) / 2


def test_herne_office_and_workshop_series(herne: Registry) -> None:
    assert herne.description is not None
    assert "Juli 2017" in herne.description
    assert "Qualitätsmanagement" in herne.description
    (office,) = herne.offices
    assert "Kinder-Jugend-Familie" in office.name
    assert any(d.name.endswith("Wanne-Eickel") for d in herne.districts)
    (network,) = herne.networks
    assert network.name == "Austausch Grundschulen und ASD"
    assert network.kind.value == "workshop_series"
    assert network.coordinator == office.id
    we_primary = {
        s.id
        for s in herne.schools
        if s.form is SchoolForm.GRUNDSCHULE and s.district == "asd-wanne-eickel"
    }
    members = {m.member for m in network.memberships}
    assert we_primary
    assert we_primary <= members
    (series,) = herne.series
    assert series.network == network.id
    assert series.first == date(2019, 10, 30)
    assert series.dates[0] == date(2019, 10, 30)
    assert len(series.dates) == 4
    assert [d.month for d in series.dates[1:]] == [1, 3, 5]
    assert all(d.weekday() == 2 for d in series.dates)  # Wednesdays
    assert (series.start_time, series.end_time) == (time(15), time(17))
    assert series.venue.name == "Stadtteilzentrum Pluto"
    (meeting,) = herne.meetings
    assert meeting.start.date() == date(2019, 10, 30)
    assert meeting.attendance == 40
    assert meeting.status.value == "held"


# ---------------------------------------------------------------------------- kreis soest


def test_soest_office(soest: Registry) -> None:
    (office,) = soest.offices
    assert office.established == date(2020, 1, 1)
    assert office.address is not None
    assert (office.address.street, office.address.postal_code, office.address.city) == (
        "Hoher Weg 1-3",
        "59494",
        "Soest",
    )
    hours = [(h.day, h.opens, h.closes) for h in office.opening_hours]
    assert hours == [
        (Weekday.MONDAY, time(8), time(16)),
        (Weekday.TUESDAY, time(7), time(16)),
        (Weekday.WEDNESDAY, time(8), time(12)),
        (Weekday.THURSDAY, time(8), time(18)),
        (Weekday.FRIDAY, time(8), time(12)),
    ]
    assert len(office.contacts) == 2
    assert all(c.name and c.email and c.phone for c in office.contacts)


def test_soest_networks(soest: Registry) -> None:
    by_name = {n.name: n for n in soest.networks}
    ak = by_name["AK Schulsozialarbeit Kreis Soest"]
    assert ak.kind.value == "working_group"
    fall = by_name["AK Kollegiale Fallberatung"]
    assert fall.kind.value == "case_consultation"
    groups = [n for n in soest.networks if n.parent == fall.id]
    assert sorted(n.name.rsplit(" ", 1)[-1] for n in groups) == ["Lippstadt", "Soest"]
    staff = {s.id for s in soest.staff}
    assert all(n.coordinator in staff for n in groups)
    (series,) = [s for s in soest.series if s.network == ak.id]
    assert series.rrule is not None
    assert "BYMONTH=2,5,9,11" in series.rrule
    assert series.venue.mode.value == "hybrid"
    assert series.on_holiday.value == "next_week"


def test_soest_meetings(soest: Registry) -> None:
    by_day = {m.start.date(): m for m in soest.meetings}
    fachtagung = by_day[date(2017, 10, 9)]
    assert fachtagung.kind.value == "conference_day"
    assert fachtagung.attendance == 60
    assert any(
        m.kind.value == "education_conference" and m.start.year == 2018 for m in by_day.values()
    )
    assert any(m.attendance == 50 and "Digitalisierung" in m.title for m in by_day.values())
    talk = by_day[date(2022, 6, 20)]
    assert (talk.venue.mode.value, talk.attendance) == ("online", 20)
    session = by_day[date(2022, 5, 9)]
    assert session.start.weekday() == 0
    assert session.end - session.start == timedelta(minutes=90)
    assert session.attendance == 19
    assert session.venue.mode.value == "online"
    kinderschutz = {o.id for o in soest.organizations if o.kind.value == "kinderschutz"}
    assert set(session.partners) & kinderschutz


# ---------------------------------------------------------------------------- gelsenkirchen


def test_gelsenkirchen_network_joins_68_schools(gelsenkirchen: Registry) -> None:
    schools = {s.id for s in gelsenkirchen.schools}
    assert len(schools) == 68
    (network,) = [n for n in gelsenkirchen.networks if n.name == "Soziale Arbeit an Schulen"]
    assert network.kind.value == "network"
    members = {m.member for m in network.memberships if m.member in schools}
    assert len(members) == 68
    forms = {s.form for s in gelsenkirchen.schools}
    assert {SchoolForm.GRUNDSCHULE, SchoolForm.GESAMTSCHULE, SchoolForm.BERUFSKOLLEG} <= forms
    (office,) = gelsenkirchen.offices
    assert office.established is not None
    assert office.established.year == 2022
    assert network.coordinator == office.id


def test_gelsenkirchen_meetings(gelsenkirchen: Registry) -> None:
    day = date(2023, 4, 27)
    held = [m for m in gelsenkirchen.meetings if m.start.date() == day]
    assert len(held) == 1
    assert held[0].status.value == "held"
    assert held[0].start.weekday() == 3
    later = [m for m in gelsenkirchen.meetings if m.start.date() > day]
    assert later
    assert all(m.status.value == "planned" for m in later)
    assert {m.kind.value for m in later} >= {"network_meeting", "training"}


# ---------------------------------------------------------------------------- validation


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_have_no_validation_errors(name: str) -> None:
    report = schulsozialarbeit.validate(_load(name), as_of=REFERENCE_DATES[name])
    assert [issue.to_dict() for issue in report.errors] == []


def test_public_api_is_untouched() -> None:
    assert schulsozialarbeit.load is load
