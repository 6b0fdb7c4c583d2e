"""What a web application hands the library: JSON numbers, form posts, hand-built objects.

Issue #12's reproductions: ``from_dict(json.loads(...))`` refused the number 0.5,
``from_dict([])`` raised AttributeError, and ``Position(fte=1.5, ...)`` built and then
broke ``validate`` with a TypeError. Each is a test here, with the generated inputs the
issue asks for.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schulsozialarbeit as ssa
from schulsozialarbeit import (
    Assignment,
    Position,
    Registry,
    RegistryError,
    StructureError,
    from_dict,
    key_figures,
    loads,
    to_dict,
    to_ical,
    validate,
)
from schulsozialarbeit.model import COLLECTIONS
from schulsozialarbeit.testing import example_registry

AS_OF = date(2022, 6, 30)


def small() -> dict[str, Any]:
    """A registry as a web form would post it: numbers where the file has decimal texts."""
    return {
        "name": "Kreis Web",
        "regions": [{"id": "kreis", "name": "Kreis", "kind": "kreis"}],
        "schools": [
            {"id": "gs-a", "name": "GS A", "form": "grundschule", "region": "kreis", "pupils": 200}
        ],
        "carriers": [{"id": "awo", "name": "AWO", "kind": "independent"}],
        "staff": [{"id": "p1", "name": "Pat Muster"}],
        "positions": [
            {
                "id": "s1",
                "carrier": "awo",
                "fte": 0.5,
                "holder": "p1",
                "assignments": [{"school": "gs-a", "fte": 0.5}],
            }
        ],
    }


# --- numbers as JSON and forms give them --------------------------------------------------


def test_json_numbers_are_taken_exactly_by_their_shortest_text() -> None:
    data = json.loads(json.dumps(small()))  # what json.loads gives: floats
    data["positions"][0]["fte"] = 0.1
    data["positions"][0]["assignments"][0]["fte"] = 0.1
    registry = from_dict(data)
    assert registry.positions[0].fte == Decimal("0.1")
    assert str(registry.positions[0].fte) == "0.1"
    assert validate(registry, as_of=AS_OF).ok
    assert key_figures(registry, as_of=AS_OF).fte == Decimal("0.1")
    # and it writes out as the text it was
    assert to_dict(registry)["positions"][0]["fte"] == "0.1"


@pytest.mark.parametrize(
    ("number", "expected"),
    [(0.3, "0.3"), (1.0, "1.0"), (1e-05, "0.00001"), (0.75, "0.75"), (1, "1")],
)
def test_each_float_keeps_the_digits_it_was_written_with(number: float, expected: str) -> None:
    data = small()
    data["positions"][0]["fte"] = number
    assert format(from_dict(data).positions[0].fte, "f") == expected


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_nan_and_infinities_are_refused_with_a_clear_problem(number: float) -> None:
    data = small()
    data["positions"][0]["fte"] = number
    with pytest.raises(StructureError) as caught:
        from_dict(data)
    [problem] = caught.value.problems
    assert problem.path == "positions[0].fte"
    assert problem.message("en") == (
        f"positions[0].fte: expected a finite decimal number (e.g. 0.5), not NaN or infinity,"
        f" found: {number!r}"
    )
    assert "endliche Dezimalzahl" in problem.message("de")


def test_a_float_too_large_for_a_decimal_is_out_of_range() -> None:
    data = small()
    data["positions"][0]["fte"] = 1e300
    with pytest.raises(StructureError) as caught:
        from_dict(data)
    assert "at most 28 digits" in caught.value.problems[0].message("en")


def test_loads_reads_json_numbers_exactly_too() -> None:
    text = json.dumps(small()).replace('"fte": 0.5', '"fte": 0.1')
    registry = loads(text, "json")
    assert registry.positions[0].fte == Decimal("0.1")
    assert registry.positions[0].assignments[0].fte == Decimal("0.1")


@pytest.mark.parametrize("top", [[], [small()], None, 3, 0.5, "registry", True])
def test_a_top_level_that_is_no_table_is_a_structure_error(top: object) -> None:
    with pytest.raises(StructureError) as caught:
        from_dict(top)  # type: ignore[arg-type]
    [problem] = caught.value.problems
    assert problem.path == ""
    assert problem.message("en").startswith(": expected a table (key = value), found:")
    with pytest.raises(StructureError):
        loads(json.dumps(top), "json")


# --- 10,000 generated inputs: only RegistryError -----------------------------------------

_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities included
    | st.text(max_size=12)
    | st.sampled_from(["0.5", "2022-06-30", "12:00", "2022-06-30T12:00", "kreis", "awo", ""])
)
_json = st.recursive(
    _leaves,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
_FIELDS = sorted(
    {field.name for cls in (*COLLECTIONS.values(), Registry) for field in attrs.fields(cls)}
)
_keys = st.sampled_from(_FIELDS) | st.sampled_from(list(COLLECTIONS)) | st.text(max_size=8)


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``data``."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*path, index))
    return found


@st.composite
def _spoilt(draw: st.DrawFn) -> Any:
    """A registry a form could post, with junk put in at a few places."""
    data = small()
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_places(data)))
        if not path:
            return draw(_json)
        holder = data
        for step in path[:-1]:
            holder = holder[step]
        if isinstance(holder, dict) and draw(st.booleans()):
            holder[draw(_keys)] = draw(_json)  # a field, known or not, with any value
        else:
            holder[path[-1]] = draw(_json)
    return data


@settings(
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.one_of(_json, _spoilt(), st.dictionaries(_keys, _json, max_size=6)))
def test_from_dict_on_generated_json_raises_only_registry_errors(data: Any) -> None:
    try:
        registry = from_dict(data)
    except RegistryError as error:
        error.message("de")
        error.message("en")
        return
    # What builds is a registry every function can work with.
    validate(registry, as_of=AS_OF)
    key_figures(registry, as_of=AS_OF)


# --- objects built by hand ----------------------------------------------------------------


def test_a_hand_built_position_with_a_float_is_refused_in_the_loaders_words() -> None:
    with pytest.raises(StructureError) as caught:
        Position(id="s1", carrier="awo", fte=1.5)  # type: ignore[arg-type]
    [problem] = caught.value.problems
    assert problem.message("en") == "fte: expected a decimal number (e.g. 0.5), found: 1.5"
    data = small()
    data["positions"][0]["fte"] = True
    with pytest.raises(StructureError) as loaded:
        from_dict(data)
    # The same words as the loader's, after the path.
    assert (
        loaded.value.problems[0]
        .message("en")
        .endswith("expected a decimal number (e.g. 0.5), found: True")
    )
    with pytest.raises(StructureError) as built:
        Position(id="s1", carrier="awo", fte=True)  # type: ignore[arg-type]
    assert built.value.problems[0].message("en") == (
        "fte: expected a decimal number (e.g. 0.5), found: True"
    )


def test_a_hand_built_object_reports_every_wrong_field_at_once() -> None:
    with pytest.raises(StructureError) as caught:
        Position(
            id=7,  # type: ignore[arg-type]
            carrier="awo",
            fte=Decimal("NaN"),
            start="2022-01-01",  # type: ignore[arg-type]
            assignments=(Assignment(school="gs-a", fte=Decimal("0.5")), "gs-b"),  # type: ignore[arg-type]
        )
    messages = [p.message("en") for p in caught.value.problems]
    assert messages == [
        "id: expected text, found: 7",
        "fte: expected a finite decimal number (e.g. 0.5), not NaN or infinity, found: NaN",
        "assignments[1]: expected a Assignment, found: 'gs-b'",
        "start: expected a date YYYY-MM-DD, found: '2022-01-01'",
    ]


def test_bounds_hold_for_hand_built_objects_as_for_files() -> None:
    with pytest.raises(StructureError, match="höchstens 32767 Zeichen"):
        ssa.StaffMember(id="p", name="x" * 40_000)
    with pytest.raises(StructureError, match="1900 bis 2200"):
        Position(id="s", carrier="c", fte=Decimal(1), end=date(1800, 1, 1))
    with pytest.raises(StructureError, match="mit Zeitzone"):
        attrs.evolve(example_registry("kreis-soest").meetings[0], start=datetime(2022, 1, 1, 9))
    with pytest.raises(StructureError, match="unbekannte Zeitzone"):
        Registry(name="x", timezone="Mars/Olympus")
    with pytest.raises(StructureError, match="Wiederholungsregel"):
        attrs.evolve(example_registry("kreis-soest").series[0], rrule="FREQ=WEEKLY;BYHOUR=9")


def test_a_list_where_a_tuple_belongs_is_taken_as_the_tuple() -> None:
    position = Position(
        id="s",
        carrier="c",
        fte=Decimal(1),
        assignments=[Assignment(school="a", fte=Decimal(1))],  # type: ignore[arg-type]
    )
    assert position.assignments == (Assignment(school="a", fte=Decimal(1)),)
    hash(position)


def test_domain_rules_stay_validation_issues() -> None:
    position = Position(id="s1", carrier="awo", fte=Decimal("1.5"), holder="p1")
    registry = attrs.evolve(from_dict(small()), positions=(position,))
    codes = {issue.code for issue in validate(registry, as_of=AS_OF).issues}
    assert "fte-out-of-range" in codes


_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=5),
    st.decimals(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.lists(st.integers(), max_size=2),
    st.tuples(st.text(max_size=3)),
    st.builds(object),
)
_SOEST = example_registry("kreis-soest")


def _entities(registry: Registry) -> list[tuple[str, int, Any]]:
    return list(registry.entities())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_entities(_SOEST)), st.data())
def test_a_hand_built_registry_with_wrong_types_never_reaches_a_type_error(
    located: tuple[str, int, Any], data: st.DataObject
) -> None:
    collection, index, entity = located
    field = data.draw(st.sampled_from([f.name for f in attrs.fields(type(entity))]))
    value = data.draw(_junk)
    try:
        spoilt = attrs.evolve(entity, **{field: value})
        items = list(getattr(_SOEST, collection))
        items[index] = spoilt
        changed: dict[str, Any] = {collection: tuple(items)}
        registry = attrs.evolve(_SOEST, **changed)
    except StructureError as error:
        refused = error  # the constructor refused the value, in the loader's words
        refused.message("en")
        return
    # Built: right types, maybe wrong domain values. Nothing below may raise a TypeError.
    validate(registry, as_of=AS_OF)
    key_figures(registry, as_of=AS_OF)
    to_ical(registry, start=date(2022, 1, 1), end=date(2022, 12, 31))


def test_a_timezone_aware_time_is_no_wall_clock_time() -> None:
    aware = time(9, tzinfo=ZoneInfo("Europe/Berlin"))
    with pytest.raises(StructureError) as caught:
        attrs.evolve(_SOEST.series[0], start_time=aware)
    assert [p.path for p in caught.value.problems] == ["start_time"]
