"""Every value of every enum people see has a name in both languages, and no two collide."""

from __future__ import annotations

import enum

import pytest

from schulsozialarbeit import (
    CarrierKind,
    ChangeAction,
    DistrictKind,
    HolidayPolicy,
    MeetingKind,
    MeetingStatus,
    NetworkKind,
    OrganizationKind,
    RegionKind,
    SchoolForm,
    VenueMode,
    Weekday,
)
from schulsozialarbeit.i18n import LANGUAGES, Lang, has_message
from schulsozialarbeit.i18n.labels import label, label_key

ENUMS: tuple[type[enum.Enum], ...] = (
    SchoolForm,
    CarrierKind,
    NetworkKind,
    MeetingKind,
    VenueMode,
    OrganizationKind,
    RegionKind,
    DistrictKind,
    Weekday,
    MeetingStatus,
    HolidayPolicy,
    ChangeAction,
)


@pytest.mark.parametrize("family", ENUMS, ids=lambda family: family.__name__)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_member_has_a_distinct_label(family: type[enum.Enum], lang: Lang) -> None:
    labels = [label(member, lang) for member in family]
    assert all(text.strip() == text and text for text in labels)
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize("family", ENUMS, ids=lambda family: family.__name__)
def test_keys_are_in_the_catalogue(family: type[enum.Enum]) -> None:
    assert all(has_message(label_key(member)) for member in family)


def test_keys_follow_the_documented_shape() -> None:
    assert label_key(SchoolForm.GRUNDSCHULE) == "school-form.grundschule"
    assert label_key(SchoolForm.PRIMUS_SCHULE) == "school-form.primus-schule"
    assert label_key(CarrierKind.PUBLIC) == "carrier-kind.public"
    assert label_key(Weekday.MONDAY) == "weekday.mon"


@pytest.mark.parametrize(
    ("member", "lang", "expected"),
    [
        (SchoolForm.FOERDERSCHULE, "de", "Förderschule"),
        (SchoolForm.FOERDERSCHULE, "en", "special needs school"),
        (CarrierKind.INDEPENDENT, "de", "freier Träger"),
        (Weekday.THURSDAY, "en", "Thursday"),
    ],
)
def test_label_words(member: enum.Enum, lang: Lang, expected: str) -> None:
    assert label(member, lang) == expected


def test_default_language_is_german() -> None:
    assert label(Weekday.FRIDAY) == "Freitag"
