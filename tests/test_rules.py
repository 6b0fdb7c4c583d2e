"""The built-in rules, through the public API: one valid registry, then one mistake at a time."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schulsozialarbeit as ssa
from schulsozialarbeit import Registry, loads
from schulsozialarbeit.i18n import LANGUAGES, placeholders
from schulsozialarbeit.plugins.builtin import validation_issues
from schulsozialarbeit.validation import Context, Issue, Severity, ValidationReport, validate
from schulsozialarbeit.validation.rules import BUILTIN_RULES, SEVERITIES

from .strategies import registries

AS_OF = date(2022, 6, 30)
DOCS = Path(__file__).parent.parent / "docs" / "validation.md"

# Every collection once, every optional check exercised with a valid value: zero issues.
VALID = """
name = "Kreis Beispiel"

[[regions]]
id = "kreis-beispiel"
name = "Kreis Beispiel"
kind = "kreis"

[[districts]]
id = "asd-nord"
name = "ASD Nord"
region = "kreis-beispiel"

[[schools]]
id = "gs-am-park"
name = "Grundschule Am Park"
form = "grundschule"
region = "kreis-beispiel"
district = "asd-nord"
school_number = "123456"
address = { street = "Parkweg 1", postal_code = "59494", city = "Soest" }

[[carriers]]
id = "diakonie"
name = "Diakonie Beispiel"
kind = "independent"
url = "https://diakonie.example"

[[staff]]
id = "fk-1"
name = "Erika Beispiel"
email = "erika.beispiel@diakonie.example"
phone = "02921 30-1234"

[[positions]]
id = "stelle-1"
carrier = "diakonie"
fte = 1.0
holder = "fk-1"
start = 2020-01-01

[[positions.assignments]]
school = "gs-am-park"
fte = 1.0

[[offices]]
id = "ks-beispiel"
name = "Koordinierungsstelle Schulsozialarbeit"
region = "kreis-beispiel"
phone = "+49 2921 301234"
email = "schulsozialarbeit@kreis.example"
url = "https://kreis.example/schulsozialarbeit"
address = { street = "Hoher Weg 1-3", postal_code = "59494", city = "Soest" }

[[offices.contacts]]
role = "Koordination"
phone = "0 23 23 / 16 - 37 09"

[[offices.opening_hours]]
day = "mon"
opens = 08:00:00
closes = 16:00:00

[[organizations]]
id = "schulamt"
name = "Schulamt"
kind = "schulamt"

[[networks]]
id = "ak-ssa"
name = "AK Schulsozialarbeit"
kind = "working_group"
region = "kreis-beispiel"
coordinator = "ks-beispiel"

[[networks.memberships]]
member = "gs-am-park"
start = 2021-01-01

[[meetings]]
id = "fachtag-2022"
kind = "conference_day"
title = "Fachtag Digitalisierung"
start = 2022-06-20T09:00:00
end = 2022-06-20T16:00:00
organiser = "ks-beispiel"
network = "ak-ssa"
partners = ["schulamt"]
capacity = 60
attendance = 50
venue = { mode = "hybrid", name = "Kreishaus", url = "https://meet.example/fachtag" }

[[series]]
id = "ak-termine"
kind = "working_group"
title = "AK Schulsozialarbeit"
first = 2022-01-12
start_time = 14:00:00
end_time = 16:00:00
rrule = "FREQ=MONTHLY;BYDAY=2WE"
until = 2022-12-31
organiser = "ks-beispiel"
network = "ak-ssa"
venue = { mode = "online", url = "https://meet.example/ak" }
"""

Found = tuple[str, str | None, str]


def found(text: str) -> set[Found]:
    """(code, entity, path) of every issue the registry in ``text`` gets at AS_OF."""
    report = validate(loads(text), as_of=AS_OF)
    return {(i.code, i.entity, i.path) for i in report.issues}


def variant(old: str, new: str) -> str:
    """VALID with one line changed; the line must be there exactly once."""
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


@pytest.fixture
def valid() -> Registry:
    return loads(VALID)


def test_the_valid_registry_has_no_issue_at_all(valid: Registry) -> None:
    report = validate(valid, as_of=AS_OF)
    assert report.issues == ()
    assert report.ok


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'id = "schulamt"',
            'id = "diakonie"',
            {
                ("duplicate-id", "diakonie", "organizations[0].id"),
                ("unknown-reference", "fachtag-2022", "meetings[0].partners[0]"),
            },
        ),
        (
            'id = "asd-nord"',
            'id = "ASD Nord"',
            {
                ("unsafe-id", "ASD Nord", "districts[0].id"),
                ("unknown-reference", "gs-am-park", "schools[0].district"),
            },
        ),
        (
            'holder = "fk-1"',
            'holder = "fk-2"',
            {("unknown-reference", "stelle-1", "positions[0].holder")},
        ),
        (
            'carrier = "diakonie"',
            'carrier = "schulamt"',
            {("wrong-reference-kind", "stelle-1", "positions[0].carrier")},
        ),
        (
            'partners = ["schulamt"]',
            'partners = ["schulamt", "fk-1"]',
            {("wrong-reference-kind", "fachtag-2022", "meetings[0].partners[1]")},
        ),
        (
            'member = "gs-am-park"',
            'member = "ak-ssa"',
            {("wrong-reference-kind", "ak-ssa", "networks[0].memberships[0].member")},
        ),
        (
            "fte = 1.0\nholder",
            "fte = 1.5\nholder",
            {
                ("fte-out-of-range", "stelle-1", "positions[0].fte"),
                ("assignment-sum-mismatch", "stelle-1", "positions[0].assignments"),
                ("staff-over-full-time", "fk-1", "staff[0]"),
            },
        ),
        (
            'holder = "fk-1"\nstart = 2020-01-01',
            'holder = "fk-1"\nstart = 2020-01-01\n'
            "costs = [{ year = 2022, personnel = 60000 }, { year = 2022, material = 2000 }]",
            {("costs-year-twice", "stelle-1", "positions[0].costs[1].year")},
        ),
        (
            'holder = "fk-1"\nstart = 2020-01-01',
            'holder = "fk-1"\nstart = 2020-01-01\n'
            "costs = [{ year = 2022, personnel = 60000, material = -2000 }]",
            {("cost-negative", "stelle-1", "positions[0].costs[0].material")},
        ),
        (
            'school = "gs-am-park"\nfte = 1.0',
            'school = "gs-am-park"\nfte = 0\n\n'
            '[[positions.assignments]]\nschool = "gs-am-park"\nfte = 1.0',
            {("assignment-fte-not-positive", "stelle-1", "positions[0].assignments[0].fte")},
        ),
        (
            'school = "gs-am-park"\nfte = 1.0',
            'school = "gs-am-park"\nfte = 0.75',
            {("assignment-sum-mismatch", "stelle-1", "positions[0].assignments")},
        ),
        (
            'school = "gs-am-park"\nfte = 1.0',
            'school = "gs-am-park"\nfte = 1.0\nend = 2021-07-31\n\n'
            '[[positions.assignments]]\nschool = "gs-am-park"\nfte = 1.0\nstart = 2021-09-01',
            {("assignment-sum-mismatch-on", "stelle-1", "positions[0].assignments")},
        ),
        (
            'school = "gs-am-park"\nfte = 1.0',
            'school = "gs-am-park"\nfte = 1.0\nend = 2021-07-31\n\n'
            '[[positions.assignments]]\nschool = "gs-am-park"\nfte = 1.0\nstart = 2021-08-01',
            set(),
        ),
        (
            "start = 2020-01-01",
            "start = 2020-01-01\nend = 2019-12-31",
            {
                ("end-before-start", "stelle-1", "positions[0].end"),
                ("school-without-position", "gs-am-park", "schools[0]"),
            },
        ),
        (
            "start = 2021-01-01",
            "start = 2021-01-01\nend = 2020-12-31",
            {
                ("end-before-start", "ak-ssa", "networks[0].memberships[0].end"),
                ("network-without-members", "ak-ssa", "networks[0].memberships"),
            },
        ),
        (
            "end = 2022-06-20T16:00:00",
            "end = 2022-06-20T09:00:00",
            {("end-before-start", "fachtag-2022", "meetings[0].end")},
        ),
        (
            "until = 2022-12-31",
            "until = 2021-12-31",
            {("end-before-start", "ak-termine", "series[0].until")},
        ),
        (
            "end_time = 16:00:00",
            "end_time = 13:00:00",
            {("end-before-start", "ak-termine", "series[0].end_time")},
        ),
        (
            "closes = 16:00:00",
            "closes = 08:00:00",
            {("end-before-start", "ks-beispiel", "offices[0].opening_hours[0].closes")},
        ),
        (
            'school_number = "123456"',
            'school_number = "12345"',
            {("invalid-school-number", "gs-am-park", "schools[0].school_number")},
        ),
        (
            'street = "Parkweg 1", postal_code = "59494"',
            'street = "Parkweg 1", postal_code = "D-59494"',
            {("invalid-postal-code", "gs-am-park", "schools[0].address.postal_code")},
        ),
        (
            'email = "erika.beispiel@diakonie.example"',
            'email = "erika.beispiel(at)diakonie.example"',
            {("invalid-email", "fk-1", "staff[0].email")},
        ),
        (
            'phone = "0 23 23 / 16 - 37 09"',
            'phone = "siehe Website"',
            {("invalid-phone", "ks-beispiel", "offices[0].contacts[0].phone")},
        ),
        (
            'url = "https://diakonie.example"',
            'url = "www.diakonie.example"',
            {("invalid-url", "diakonie", "carriers[0].url")},
        ),
        (
            'url = "https://meet.example/ak"',
            'url = "http://meet.example/ak"',
            {("online-venue-without-url", "ak-termine", "series[0].venue.url")},
        ),
        (
            'mode = "hybrid", name = "Kreishaus"',
            'mode = "hybrid"',
            {("venue-without-place", "fachtag-2022", "meetings[0].venue.name")},
        ),
        (
            "attendance = 50",
            "attendance = 61",
            {("attendance-over-capacity", "fachtag-2022", "meetings[0].attendance")},
        ),
        (
            'rrule = "FREQ=MONTHLY;BYDAY=2WE"',
            'rrule = "FREQ=MONATLICH"',
            {("invalid-rrule", "ak-termine", "series[0].rrule")},
        ),
        (
            'rrule = "FREQ=MONTHLY;BYDAY=2WE"',
            "",
            {("series-without-dates", "ak-termine", "series[0].rrule")},
        ),
        (
            'rrule = "FREQ=MONTHLY;BYDAY=2WE"',
            'rrule = "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30"',
            {("rrule-without-dates", "ak-termine", "series[0].rrule")},
        ),
        (
            'rrule = "FREQ=MONTHLY;BYDAY=2WE"',
            'rrule = "FREQ=MINUTELY"',
            {("invalid-rrule", "ak-termine", "series[0].rrule")},
        ),
        (
            "until = 2022-12-31",
            'until = 2022-12-31\nchanges = [{ date = 2022-03-09, action = "cancel" },'
            ' { date = 2022-03-10, action = "cancel" }]',
            {("series-change-unmatched", "ak-termine", "series[0].changes[1].date")},
        ),
        (
            "until = 2022-12-31",
            "until = 2031-06-30",
            {("school-holidays-unknown", "ak-termine", "series[0].until")},
        ),
        (
            'coordinator = "ks-beispiel"',
            "",
            {("network-without-coordinator", "ak-ssa", "networks[0].coordinator")},
        ),
        (
            'coordinator = "ks-beispiel"',
            'coordinator = "ks-beispiel"\nparent = "ak-ssa"',
            {("network-parent-cycle", "ak-ssa", "networks[0].parent")},
        ),
        (
            "start = 2020-01-01",
            "start = 2020-01-01\nend = 2022-12-01",
            {("position-ends-soon", "stelle-1", "positions[0].end")},
        ),
        (
            "start = 2020-01-01",
            "start = 2022-08-01",
            {("school-without-position", "gs-am-park", "schools[0]")},
        ),
    ],
)
def test_one_mistake_gives_its_issue(old: str, new: str, expected: set[Found]) -> None:
    assert found(variant(old, new)) == expected


def test_a_rule_that_raises_is_an_error_of_the_run_and_the_others_still_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(context: Context) -> Iterator[Issue]:
        yield from ()
        raise OverflowError("date value out of range")

    rules = (broken, *BUILTIN_RULES)
    monkeypatch.setattr("schulsozialarbeit.validation.rules.BUILTIN_RULES", rules)
    monkeypatch.setattr("schulsozialarbeit.validation.runner.BUILTIN_RULES", rules)
    online = 'venue = { mode = "online", url = "https://meet.example/ak" }'
    registry = loads(variant(online, 'venue = { mode = "online" }'))
    by_hook = validation_issues(Context.of(registry, AS_OF))
    reports = (
        validate(registry, as_of=AS_OF, rules=rules),
        ssa.validate(registry, as_of=AS_OF),
        ValidationReport(as_of=AS_OF, issues=tuple(by_hook)),
    )
    for report in reports:
        codes = {(i.code, i.path) for i in report.issues}
        assert codes == {("rule-failed", ""), ("online-venue-without-url", "series[0].venue.url")}
        assert not report.ok
        (failed,) = [i for i in report.issues if i.code == "rule-failed"]
        assert "broken" in failed.message("en")
        assert "OverflowError: date value out of range" in failed.message("de")


def test_every_code_has_a_test_above() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    tested = set(re.findall(r'\(\s*"([a-z-]+)",\s*"', source))
    assert set(SEVERITIES) <= tested


def test_a_dozen_mistakes_are_all_reported_in_one_run() -> None:
    text = (
        VALID
        + """
[[regions]]
id = "kreis-beispiel"
name = "Zweimal"
kind = "kreis"

[[schools]]
id = "Schule am See"
name = "Schule am See"
form = "realschule"
region = "asd-nord"
school_number = "1234567"

[[carriers]]
id = "awo"
name = "AWO"
kind = "independent"
url = "https:///ohne-host"

[[positions]]
id = "stelle-2"
carrier = "caritas"
fte = 0.5
holder = "fk-1"
start = 2021-01-01
end = 2022-09-30

[[positions.assignments]]
school = "gs-am-park"
fte = 0.25

[[positions]]
id = "stelle-3"
carrier = "awo"
fte = 0

[[networks]]
id = "raum-soest"
name = "Raum Soest"
kind = "case_consultation"
region = "kreis-beispiel"
parent = "raum-lippstadt"

[[networks]]
id = "raum-lippstadt"
name = "Raum Lippstadt"
kind = "case_consultation"
region = "kreis-beispiel"
parent = "raum-soest"
coordinator = "fk-1"

[[networks.memberships]]
member = "fk-1"

[[meetings]]
id = "vortrag"
kind = "online_talk"
title = "Digitaler Vortrag"
start = 2022-06-20T18:00:00
end = 2022-06-20T17:00:00
capacity = 20
attendance = 25
venue = { mode = "online" }

[[series]]
id = "leer"
kind = "workshop"
title = "Workshop-Reihe"
first = 2019-10-30
start_time = 15:00:00
end_time = 17:00:00
venue = { mode = "in_person", address = { street = "Pluto", postal_code = "4468", city = "Herne" } }
"""
    )
    expected = {
        ("duplicate-id", "kreis-beispiel", "regions[1].id"),
        ("unsafe-id", "Schule am See", "schools[1].id"),
        ("wrong-reference-kind", "Schule am See", "schools[1].region"),
        ("invalid-school-number", "Schule am See", "schools[1].school_number"),
        ("school-without-position", "Schule am See", "schools[1]"),
        ("invalid-url", "awo", "carriers[1].url"),
        ("unknown-reference", "stelle-2", "positions[1].carrier"),
        ("assignment-sum-mismatch", "stelle-2", "positions[1].assignments"),
        ("position-ends-soon", "stelle-2", "positions[1].end"),
        ("staff-over-full-time", "fk-1", "staff[0]"),
        ("fte-out-of-range", "stelle-3", "positions[2].fte"),
        ("position-without-assignments", "stelle-3", "positions[2].assignments"),
        ("network-without-members", "raum-soest", "networks[1].memberships"),
        ("network-without-coordinator", "raum-soest", "networks[1].coordinator"),
        ("network-parent-cycle", "raum-soest", "networks[1].parent"),
        ("network-parent-cycle", "raum-lippstadt", "networks[2].parent"),
        ("end-before-start", "vortrag", "meetings[1].end"),
        ("attendance-over-capacity", "vortrag", "meetings[1].attendance"),
        ("online-venue-without-url", "vortrag", "meetings[1].venue.url"),
        ("series-without-dates", "leer", "series[1].rrule"),
        ("invalid-postal-code", "leer", "series[1].venue.address.postal_code"),
    }
    assert found(text) == expected


def test_issues_carry_the_severity_of_their_code_and_render_in_both_languages() -> None:
    text = variant("attendance = 50", "attendance = 61").replace('"ak-ssa"\n', '"fk-1"\n', 1)
    report = validate(loads(text), as_of=AS_OF)
    assert report.issues
    for issue in report.issues:
        assert issue.severity is SEVERITIES[issue.code]
        for lang in LANGUAGES:
            assert "{" not in issue.message(lang)


def test_messages_name_the_facts_in_german_by_default() -> None:
    text = variant("start = 2020-01-01", "start = 2020-01-01\nend = 2022-12-01")
    (issue,) = validate(loads(text), as_of=AS_OF).issues
    assert issue.severity is Severity.WARNING
    assert issue.message() == (
        "Die Stelle ist bis zum 01.12.2022 befristet: die Anschlussfinanzierung rechtzeitig klären"
    )
    text = variant('carrier = "diakonie"', 'carrier = "ak-ssa"')
    (issue,) = validate(loads(text), as_of=AS_OF).issues
    assert issue.message() == "„ak-ssa“ ist ein Netzwerk, erwartet wird hier ein Träger"
    text = variant('member = "gs-am-park"', 'member = "fachtag-2022"')
    (issue,) = validate(loads(text), as_of=AS_OF).issues
    assert issue.message("en") == (
        "“fachtag-2022” is a meeting, but a school, a staff member, an organisation, "
        "a carrier or a coordination office is expected here"
    )


def test_ids_are_safe_slugs_of_at_most_64_characters() -> None:
    def unsafe(new_id: str) -> bool:
        text = variant('id = "schulamt"', f'id = "{new_id}"')
        return ("unsafe-id", new_id, "organizations[0].id") in found(text)

    assert not unsafe("a" * 64)
    assert unsafe("a" * 65)
    assert not unsafe("0.schul_amt-2")
    assert unsafe("-schulamt")
    assert unsafe("schulämter")
    assert unsafe("")


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("02921 30-1234", True),
        ("+49 2921 301234", True),
        ("0 23 23 / 16 - 37 09", True),
        ("(02921) 301234", True),
        ("12345", False),
        ("02921 30-1234 ext", False),
        ("02921 30–1234", False),
    ],
)
def test_phone_numbers_in_german_formats(phone: str, ok: bool) -> None:
    issues = found(variant('phone = "02921 30-1234"', f'phone = "{phone}"'))
    assert (("invalid-phone", "fk-1", "staff[0].phone") not in issues) is ok


@pytest.mark.parametrize(
    ("email", "ok"),
    [
        ("info@stadt-herne.example", True),
        ("vorname.nachname@kreis-soest.de", True),
        ("post@müllerstadt.de", True),
        ("post@kreis", False),
        ("zwei@@kreis.de", False),
        ("mit leerzeichen@kreis.de", False),
    ],
)
def test_email_addresses(email: str, ok: bool) -> None:
    issues = found(variant('email = "erika.beispiel@diakonie.example"', f'email = "{email}"'))
    assert (("invalid-email", "fk-1", "staff[0].email") not in issues) is ok


@given(
    fte=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1), places=2),
    shares=st.lists(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1), places=2),
        min_size=1,
        max_size=4,
    ),
)
@settings(max_examples=40, deadline=None)
def test_shares_mismatch_exactly_when_their_sum_differs(
    fte: Decimal, shares: list[Decimal]
) -> None:
    assignments = "".join(
        f'\n[[positions.assignments]]\nschool = "gs-am-park"\nfte = "{share}"\n' for share in shares
    )
    text = VALID + f'\n[[positions]]\nid = "extra"\ncarrier = "diakonie"\nfte = "{fte}"\n'
    mismatch = ("assignment-sum-mismatch", "extra", "positions[1].assignments")
    assert (mismatch in found(text + assignments)) is (sum(shares) != fte)


@given(registries, st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)))
@settings(max_examples=60, deadline=None)
def test_rules_never_raise_and_give_the_same_issues_twice(registry: Registry, as_of: date) -> None:
    first = validate(registry, as_of=as_of)
    assert first == validate(registry, as_of=as_of)
    for issue in first.issues:
        issue.message("de")


def _sections() -> dict[str, str]:
    """The catalogue in docs/validation.md: each "## code" heading with the text below it."""
    parts = re.split(r"^## (.+)$", DOCS.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _messages() -> dict[str, dict[str, str]]:
    toml = resources.files("schulsozialarbeit.i18n").joinpath("validation.toml")
    return tomllib.loads(toml.read_text(encoding="utf-8"))


def test_every_code_is_documented_with_its_severity_and_german_message() -> None:
    sections, messages = _sections(), _messages()
    assert set(sections) == set(SEVERITIES)
    for code, severity in SEVERITIES.items():
        assert f"**Severity:** {severity.value}" in sections[code], code
        assert messages[code]["de"] in sections[code], code


def test_every_code_has_both_messages_with_the_same_placeholders() -> None:
    messages = _messages()
    assert set(SEVERITIES) <= set(messages)
    for key, texts in messages.items():
        assert set(texts) == set(LANGUAGES), key
        assert placeholders(texts["de"]) == placeholders(texts["en"]), key
