"""Editing a registry: lookups and the common edits of an office, each from a date.

Issue #12: changing one position's FTE meant rebuilding ``registry.positions`` and fixing
its shares by hand. Each edit here is checked by what the office gets afterwards: the key
figures before the date unchanged, after it changed, the registry still valid, and the
edit saved and loaded again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import schulsozialarbeit as ssa
from schulsozialarbeit import (
    BrokenReferencesError,
    EditError,
    Position,
    Registry,
    School,
    UnknownIdError,
    change_fte,
    end_position,
    forget_staff_member,
    key_figures,
    load,
    move_assignment,
    validate,
)
from schulsozialarbeit.testing import example_registry

BEFORE, ON, AFTER = date(2022, 6, 30), date(2023, 2, 1), date(2023, 6, 30)
WHEN = datetime(2023, 1, 20, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def soest() -> Registry:
    return example_registry("kreis-soest")


def _codes(registry: Registry, day: date) -> set[str]:
    return {i.code for i in validate(registry, as_of=day).issues if i.severity == "error"}


def test_get_finds_any_entity_and_a_kind_narrows_it(soest: Registry) -> None:
    position = soest.get("stelle-s03", Position)
    assert position.fte == Decimal("1.0")
    assert isinstance(soest.get("gs-soest-ost"), School)
    with pytest.raises(UnknownIdError) as caught:
        soest.get("gs-soest-ost", Position)
    assert caught.value.message("en") == "No entity with the id „gs-soest-ost“ in the registry"
    assert isinstance(caught.value, LookupError)


def test_replace_add_and_remove_return_new_registries(soest: Registry) -> None:
    school = soest.get("gs-soest-ost", School)
    renamed = soest.replace(attrs.evolve(school, name="GS Soest-Ost (neu)"))
    assert renamed.get("gs-soest-ost", School).name == "GS Soest-Ost (neu)"
    assert soest.get("gs-soest-ost", School).name == school.name  # the old one is unchanged
    assert [s.id for s in renamed.schools] == [s.id for s in soest.schools]
    extra = School(
        id="gs-neu", name="GS Neu", form=ssa.SchoolForm.GRUNDSCHULE, region=school.region
    )
    added = soest.add(extra)
    assert added.schools[-1] == extra
    assert added.remove("gs-neu") == soest
    with pytest.raises(EditError) as taken:
        soest.add(attrs.evolve(extra, id="stelle-s01"))
    assert taken.value.key == "edit-id-taken"
    with pytest.raises(UnknownIdError):
        soest.replace(attrs.evolve(extra, id="gibt-es-nicht"))


def test_remove_reports_every_reference_that_would_break(soest: Registry) -> None:
    with pytest.raises(BrokenReferencesError) as caught:
        soest.remove("gs-soest-ost")
    error = caught.value
    assert ("stelle-s03", "positions[2].assignments[0].school") in error.references
    assert all(path.endswith(".school") or ".member" in path for _, path in error.references)
    assert "positions[2].assignments[0].school" in error.message("de")
    assert "cannot be removed" in error.message("en")
    assert soest.get("gs-soest-ost")  # nothing was dropped


def test_change_fte_from_a_date_keeps_the_past_and_rescales_the_shares(
    soest: Registry, tmp_path: Path
) -> None:
    changed = change_fte(soest, "stelle-s03", Decimal("0.5"), on=ON, modified=WHEN)
    before, after = key_figures(soest, as_of=BEFORE), key_figures(changed, as_of=BEFORE)
    assert before == after  # last year's report is what it was
    assert key_figures(changed, as_of=AFTER).fte == key_figures(soest, as_of=AFTER).fte - Decimal(
        "0.5"
    )
    old = changed.get("stelle-s03", Position)
    new = changed.get("stelle-s03-20230201", Position)
    assert old.end == date(2023, 1, 31)
    assert (new.start, new.fte, new.holder, new.modified) == (ON, Decimal("0.5"), "fk-s03", WHEN)
    assert [(a.school, a.fte) for a in new.assignments] == [
        ("gs-soest-ost", Decimal("0.25")),
        ("gs-werl-buederich", Decimal("0.25")),
    ]
    assert _codes(changed, AFTER) == _codes(soest, AFTER)
    ssa.dump(changed, tmp_path / "r.toml")
    assert load(tmp_path / "r.toml") == changed


def test_shares_that_cannot_be_rescaled_exactly_are_refused_with_the_reason(
    soest: Registry,
) -> None:
    uneven = {"gs-soest-ost": Decimal("0.5"), "gs-werl-buederich": Decimal("0.25")}
    three_quarters = change_fte(
        soest, "stelle-s03", Decimal("0.75"), on=date(2018, 8, 1), shares=uneven
    )
    with pytest.raises(EditError) as caught:  # 0.5 of 0.75 is a third of 0.5 at one school
        change_fte(three_quarters, "stelle-s03", Decimal("0.5"), on=ON)
    assert caught.value.key == "edit-shares-inexact"
    assert "give the new shares" in caught.value.message("en")
    # Given by hand, they are taken as they are.
    shares = {"gs-soest-ost": Decimal("0.4"), "gs-werl-buederich": Decimal("0.3")}
    changed = change_fte(soest, "stelle-s03", Decimal("0.7"), on=ON, shares=shares)
    assert validate(changed, as_of=AFTER).ok
    with pytest.raises(EditError, match="nennen die Schulen"):
        change_fte(soest, "stelle-s03", Decimal("0.7"), on=ON, shares={"x": Decimal("0.7")})


def test_an_fte_change_on_the_first_day_changes_the_position_in_place(soest: Registry) -> None:
    changed = change_fte(soest, "stelle-s03", Decimal("0.5"), on=date(2018, 8, 1))
    assert changed.get("stelle-s03", Position).fte == Decimal("0.5")
    assert len(changed.positions) == len(soest.positions)


def test_an_fte_change_outside_the_positions_life_is_refused(soest: Registry) -> None:
    with pytest.raises(EditError) as caught:
        change_fte(soest, "stelle-s03", Decimal("0.5"), on=date(2010, 1, 1))
    assert caught.value.message("de") == (
        "Die Stelle „stelle-s03“ besteht am 01.01.2010 nicht (sie läuft von 2018-08-01 bis …)"
    )


def test_end_position_counts_it_up_to_the_last_day_and_not_after(soest: Registry) -> None:
    ended = end_position(soest, "stelle-s04", on=date(2023, 1, 31), modified=WHEN)
    assert key_figures(ended, as_of=BEFORE) == key_figures(soest, as_of=BEFORE)
    assert (
        key_figures(ended, as_of=AFTER).positions == key_figures(soest, as_of=AFTER).positions - 1
    )
    assert ended.get("stelle-s04", Position).modified == WHEN
    assert validate(ended, as_of=AFTER).ok == validate(soest, as_of=AFTER).ok


def test_move_assignment_moves_the_work_from_a_date(soest: Registry) -> None:
    moved = move_assignment(soest, "stelle-s01", "gs-lippstadt-nordpark", "gs-geseke-mitte", on=ON)
    position = moved.get("stelle-s01", Position)
    assert [(a.school, a.start, a.end) for a in position.assignments] == [
        ("gs-lippstadt-nordpark", None, date(2023, 1, 31)),
        ("gs-geseke-mitte", ON, None),
    ]
    assert "gs-lippstadt-nordpark" in moved.served_schools(BEFORE)
    assert "gs-lippstadt-nordpark" not in moved.served_schools(AFTER)
    assert key_figures(moved, as_of=BEFORE) == key_figures(soest, as_of=BEFORE)
    assert validate(moved, as_of=AFTER).ok == validate(soest, as_of=AFTER).ok
    with pytest.raises(EditError, match="keine Schule"):
        move_assignment(soest, "stelle-s01", "gs-lippstadt-nordpark", "stelle-s02", on=ON)
    with pytest.raises(EditError) as caught:
        move_assignment(soest, "stelle-s01", "gs-soest-ost", "gs-geseke-mitte", on=ON)
    assert caught.value.key == "edit-no-assignment"


def test_forget_staff_member_removes_every_personal_field_and_reference(
    soest: Registry, tmp_path: Path
) -> None:
    person = soest.get("fk-s01", ssa.StaffMember)
    forgotten = forget_staff_member(soest, "fk-s01", modified=WHEN)
    text = ssa.dumps(forgotten, "json")
    assert "fk-s01" not in text
    assert person.name not in text
    assert person.email is None or person.email not in text
    position = forgotten.get("stelle-s01", Position)
    assert (position.holder, position.fte, position.modified) == (None, Decimal("0.5"), WHEN)
    network = forgotten.get("ak-schulsozialarbeit-kreis-soest", ssa.Network)
    assert len(network.memberships) == len(soest.get(network.id, ssa.Network).memberships)
    assert any(m.member is None for m in network.memberships)
    figures_before, figures_after = (
        key_figures(soest, as_of=AFTER),
        key_figures(forgotten, as_of=AFTER),
    )
    assert figures_after.positions == figures_before.positions
    assert figures_after.vacant_positions == figures_before.vacant_positions + 1
    assert "unknown-reference" not in _codes(forgotten, AFTER)
    ssa.dump(forgotten, tmp_path / "r.json")
    assert load(tmp_path / "r.json") == forgotten
