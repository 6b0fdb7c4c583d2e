"""Occurrences of meeting series: holidays, blackouts, changes, time zones, and the CLI."""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime, time, timedelta
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import holidays
import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from schulsozialarbeit import (
    ChangeAction,
    HolidayPolicy,
    InvalidRuleError,
    MeetingKind,
    MeetingSeries,
    Occurrence,
    OccurrenceChange,
    OccurrenceStatus,
    Registry,
    UnknownSeriesError,
    Venue,
    VenueMode,
    load,
    occurrences,
)
from schulsozialarbeit.cli import main
from schulsozialarbeit.scheduling import rule_dates

EXAMPLES_DIR = Path(__file__).parent.parent / "src" / "schulsozialarbeit" / "examples"
BERLIN = ZoneInfo("Europe/Berlin")
ONLINE = Venue(mode=VenueMode.ONLINE, url="https://meet.example.org/raum")
AK_SOEST = "ak-schulsozialarbeit-sitzungen"
HERNE_WORKSHOPS = "workshops-gs-asd-2019"


def nrw_closed(years: range) -> dict[date, str]:
    """An independent lookup of NRW public and school holidays, as the tests' oracle."""
    table = holidays.country_holidays(
        "DE", subdiv="NW", categories=("public", "school"), language="de", years=years
    )
    return dict(table.items())


def weekly(**fields: object) -> MeetingSeries:
    defaults: dict[str, object] = {
        "id": "ak",
        "kind": MeetingKind.WORKING_GROUP,
        "title": "AK",
        "first": date(2022, 12, 7),
        "start_time": time(15, 0),
        "end_time": time(17, 0),
        "venue": ONLINE,
        "rrule": "FREQ=WEEKLY;BYDAY=WE",
        "until": date(2023, 1, 25),
    }
    return MeetingSeries(**{**defaults, **fields})  # type: ignore[arg-type]


def by_original(found: tuple[Occurrence, ...]) -> dict[date, Occurrence]:
    return {o.original: o for o in found}


# --- the shipped examples ---------------------------------------------------------------


def test_kreis_soest_ak_2022_2023_meets_on_the_third_wednesday_outside_holidays() -> None:
    registry = load(EXAMPLES_DIR / "kreis-soest")
    (series,) = (s for s in registry.series if s.id == AK_SOEST)
    found = occurrences(registry, series=AK_SOEST, start=date(2022, 1, 1), end=date(2023, 12, 31))
    start = datetime.combine(series.first, series.start_time, tzinfo=BERLIN)
    assert series.rrule is not None
    rule_dates = [d.date() for d in islice(rrulestr(series.rrule, dtstart=start), 8)]
    closed = nrw_closed(range(2022, 2024))
    assert [o.original for o in found] == rule_dates
    for occurrence in found:
        held_on_holiday = occurrence.original in closed
        assert occurrence.status is (
            OccurrenceStatus.MOVED if held_on_holiday else OccurrenceStatus.SCHEDULED
        )
        assert occurrence.start.date() not in closed
    amended = by_original(found)[date(2022, 11, 16)]
    assert amended.status is OccurrenceStatus.SCHEDULED
    assert amended.venue.mode is VenueMode.ONLINE
    assert amended.note == "Diesmal nur digital."
    assert amended.title == series.title


def test_a_rule_that_hits_school_holidays_moves_those_dates_by_whole_weeks() -> None:
    registry = load(EXAMPLES_DIR / "kreis-soest")
    summer = attrs.evolve(
        registry,
        series=tuple(
            attrs.evolve(s, rrule="FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY=WE;BYSETPOS=2")
            for s in registry.series
        ),
    )
    found = occurrences(summer, series=AK_SOEST, start=date(2022, 1, 1), end=date(2023, 12, 31))
    closed = nrw_closed(range(2022, 2024))
    hit = [o for o in found if o.original in closed]
    assert hit, "the second Wednesdays of Jan/Apr/Jul/Oct meet some NRW holidays in 2022-23"
    for occurrence in hit:
        assert occurrence.status is OccurrenceStatus.MOVED
        shift = occurrence.start.date() - occurrence.original
        assert shift.days > 0
        assert shift.days % 7 == 0
        assert occurrence.start.date() not in closed
        assert closed[occurrence.original] in (occurrence.reason_text("de") or "")


def test_herne_workshops_are_four_explicit_dates_at_15_local_time() -> None:
    found = occurrences(load(EXAMPLES_DIR / "herne"), series=HERNE_WORKSHOPS)
    assert [o.start.isoformat() for o in found] == [
        "2019-10-30T15:00:00+01:00",
        "2020-01-22T15:00:00+01:00",
        "2020-03-18T15:00:00+01:00",
        "2020-05-13T15:00:00+02:00",
    ]
    assert all(o.status is OccurrenceStatus.SCHEDULED and o.reason is None for o in found)
    assert all(o.end - o.start == timedelta(hours=2) for o in found)


# --- holiday policies and blackouts -----------------------------------------------------


def test_skip_drops_the_christmas_wednesdays_with_the_holiday_name() -> None:
    found = by_original(occurrences(weekly(on_holiday=HolidayPolicy.SKIP)))
    assert len(found) == 8
    for day in (date(2022, 12, 28), date(2023, 1, 4)):
        assert found[day].status is OccurrenceStatus.SKIPPED
        assert found[day].start == datetime(day.year, day.month, day.day, 15, tzinfo=BERLIN)
        assert found[day].reason_text("de") == "entfällt: Weihnachtsferien"
        assert found[day].reason_text("en") == "skipped: Weihnachtsferien"
    assert found[date(2022, 12, 21)].status is OccurrenceStatus.SCHEDULED


def test_next_weekday_moves_to_the_first_free_weekdays_after_the_holidays() -> None:
    found = by_original(occurrences(weekly(on_holiday=HolidayPolicy.NEXT_WEEKDAY)))
    first, second = found[date(2022, 12, 28)], found[date(2023, 1, 4)]
    assert first.status is second.status is OccurrenceStatus.MOVED
    assert first.start == datetime(2023, 1, 9, 15, tzinfo=BERLIN)
    assert second.start == datetime(2023, 1, 10, 15, tzinfo=BERLIN)
    assert first.reason_text("de") == "verschoben vom 28.12.2022 (Weihnachtsferien)"
    assert first.reason_text("en") == "moved from 2022-12-28 (Weihnachtsferien)"


def test_next_week_never_lands_on_a_day_the_series_meets_nor_after_until() -> None:
    found = by_original(occurrences(weekly(on_holiday=HolidayPolicy.NEXT_WEEK)))
    dropped = found[date(2022, 12, 28)]
    assert dropped.status is OccurrenceStatus.SKIPPED
    assert dropped.reason_text("de") == (
        "entfällt: Weihnachtsferien; kein freier Ausweichtermin bis 25.01.2023"
    )
    later = by_original(
        occurrences(weekly(on_holiday=HolidayPolicy.NEXT_WEEK, until=None, count=10))
    )
    assert later[date(2022, 12, 28)].start.date() == date(2023, 2, 15)
    assert later[date(2023, 1, 4)].start.date() == date(2023, 2, 22)


def test_keep_meets_on_holidays_and_blackout_days_as_planned() -> None:
    series = weekly(on_holiday=HolidayPolicy.KEEP)
    blackout = {date(2023, 1, 11): "Klausurtagung"}
    found = by_original(occurrences(series, blackouts=blackout))
    assert date(2022, 12, 28) in found  # Weihnachtsferien
    assert all(o.status is OccurrenceStatus.SCHEDULED for o in found.values())
    assert all(o.start.date() == original for original, o in found.items())
    assert date(2023, 1, 11) in found


def test_blackouts_close_days_with_their_own_reason_after_the_holiday_names() -> None:
    blackouts = {date(2022, 12, 14): "Personalversammlung", date(2022, 12, 28): "Umzug"}
    found = by_original(occurrences(weekly(), blackouts=blackouts))
    assert found[date(2022, 12, 14)].reason_text("en") == "skipped: Personalversammlung"
    assert found[date(2022, 12, 28)].reason_text("de") == "entfällt: Weihnachtsferien, Umzug"
    moved = by_original(
        occurrences(weekly(on_holiday=HolidayPolicy.NEXT_WEEKDAY), blackouts=blackouts)
    )
    assert moved[date(2022, 12, 14)].start.date() == date(2022, 12, 15)


def test_public_holiday_names_come_before_school_holiday_names() -> None:
    series = weekly(rrule=None, dates=(date(2022, 12, 26),), first=date(2022, 12, 26))
    (occurrence,) = occurrences(series)
    assert occurrence.reason_text("de") == "entfällt: Zweiter Weihnachtstag, Weihnachtsferien"


# --- changes ---------------------------------------------------------------------------


def test_cancel_keeps_the_occurrence_and_says_when_and_why() -> None:
    changes = (
        OccurrenceChange(date=date(2023, 1, 11), action=ChangeAction.CANCEL, note="Krankheit"),
        OccurrenceChange(date=date(2023, 1, 18), action=ChangeAction.CANCEL),
    )
    found = by_original(occurrences(weekly(changes=changes)))
    with_note, without = found[date(2023, 1, 11)], found[date(2023, 1, 18)]
    assert with_note.status is without.status is OccurrenceStatus.CANCELLED
    assert with_note.reason_text("en") == "cancelled on 2023-01-11: Krankheit"
    assert with_note.reason_text("de") == "Termin am 11.01.2023 abgesagt: Krankheit"
    assert without.reason_text("de") == "Termin am 18.01.2023 abgesagt"
    assert with_note.start == datetime(2023, 1, 11, 15, tzinfo=BERLIN)


def test_move_places_on_purpose_even_on_a_holiday_and_keeps_the_length() -> None:
    target = datetime(2022, 12, 29, 10, 30, tzinfo=BERLIN)
    change = OccurrenceChange(date=date(2022, 12, 14), action=ChangeAction.MOVE, start=target)
    found = by_original(occurrences(weekly(changes=(change,))))
    moved = found[date(2022, 12, 14)]
    assert moved.status is OccurrenceStatus.MOVED
    assert moved.start == target
    assert moved.end == datetime(2022, 12, 29, 12, 30, tzinfo=BERLIN)
    assert moved.reason_text("de") == "verschoben vom 14.12.2022"


def test_amend_changes_venue_title_and_note_but_not_the_status() -> None:
    hall = Venue(mode=VenueMode.IN_PERSON, name="Aula")
    change = OccurrenceChange(
        date=date(2023, 1, 18), action=ChangeAction.AMEND, venue=hall, title="AK extra", note="n"
    )
    amended = by_original(occurrences(weekly(changes=(change,))))[date(2023, 1, 18)]
    assert (amended.status, amended.venue, amended.title, amended.note) == (
        OccurrenceStatus.SCHEDULED,
        hall,
        "AK extra",
        "n",
    )
    assert amended.reason is None


def test_a_change_on_a_date_that_is_no_candidate_is_ignored() -> None:
    stray = OccurrenceChange(date=date(2023, 1, 12), action=ChangeAction.CANCEL)
    assert occurrences(weekly(changes=(stray,))) == occurrences(weekly())


# --- time, windows, counts, errors -------------------------------------------------------


def test_wall_clock_time_stays_across_daylight_saving_time() -> None:
    series = weekly(rrule="FREQ=MONTHLY;BYMONTHDAY=10", first=date(2023, 1, 10), until=None)
    found = occurrences(series, start=date(2023, 1, 1), end=date(2023, 12, 31))
    kept = [o for o in found if o.status.takes_place]
    assert {o.start.time() for o in kept} == {time(15, 0)}
    offsets = {o.start.utcoffset() for o in kept}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}


def test_a_window_keeps_an_occurrence_moved_into_it_from_before() -> None:
    series = weekly(on_holiday=HolidayPolicy.NEXT_WEEKDAY)
    found = occurrences(series, start=date(2023, 1, 9), end=date(2023, 1, 9))
    assert [(o.original, o.start.date()) for o in found] == [(date(2022, 12, 28), date(2023, 1, 9))]


def test_count_and_until_bound_the_candidates() -> None:
    assert len(occurrences(weekly(until=None, count=3))) == 3
    counted = occurrences(weekly(until=None, count=5, dates=(date(2022, 12, 8),)))
    assert [o.original.day for o in counted] == [7, 8, 14, 21, 28]
    assert max(o.original for o in occurrences(weekly())) == date(2023, 1, 25)


def test_first_is_a_meeting_only_when_the_rule_produces_it() -> None:
    found = occurrences(weekly(first=date(2022, 12, 6)))  # a Tuesday; the rule says Wednesdays
    assert found[0].original == date(2022, 12, 7)
    explicit = weekly(rrule=None, dates=(date(2022, 12, 1), date(2022, 12, 9)))
    assert [o.original for o in occurrences(explicit)] == [date(2022, 12, 9)]


def test_an_open_rule_without_end_is_expanded_ten_years() -> None:
    found = occurrences(weekly(until=None, rrule="FREQ=MONTHLY;BYMONTHDAY=7"))
    assert found[-1].original == date(2032, 12, 7)


def test_errors_name_the_series_and_the_rule() -> None:
    registry = Registry(name="R", series=(weekly(),))
    with pytest.raises(UnknownSeriesError) as unknown:
        occurrences(registry, series="missing")
    assert isinstance(unknown.value, LookupError)
    assert "missing" in unknown.value.message("en")
    with pytest.raises(InvalidRuleError) as invalid:
        occurrences(weekly(rrule="FREQ=SOMETIMES"))
    assert isinstance(invalid.value, ValueError)
    assert "FREQ=SOMETIMES" in invalid.value.message("de")
    with pytest.raises(TypeError):
        occurrences(registry)
    with pytest.raises(TypeError):
        occurrences(registry, series="ak", timezone="Europe/Berlin")


def test_a_bare_series_takes_the_zone_it_is_given() -> None:
    (first, *_) = occurrences(weekly(), timezone="America/New_York")
    assert first.start.utcoffset() == timedelta(hours=-5)
    assert first.start.time() == time(15, 0)


def test_the_python_in_the_scheduling_docs_runs() -> None:
    text = (Path(__file__).parent.parent / "docs" / "scheduling.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", text, re.S)
    exec(compile(block, "docs/scheduling.md", "exec"), {})  # noqa: S102 - our own docs


def test_same_input_same_output() -> None:
    registry = load(EXAMPLES_DIR / "kreis-soest")
    assert occurrences(registry, series=AK_SOEST, end=date(2030, 1, 1)) == occurrences(
        registry, series=AK_SOEST, end=date(2030, 1, 1)
    )


# --- invariants ------------------------------------------------------------------------

RULES = (
    "FREQ=WEEKLY;BYDAY=WE",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
    "FREQ=WEEKLY;INTERVAL=6",
    "FREQ=MONTHLY;BYMONTH=2,5,9,11;BYDAY=WE;BYSETPOS=3",
    "FREQ=MONTHLY;BYDAY=TH;BYSETPOS=-1",
    "FREQ=DAILY;INTERVAL=5",
)


@st.composite
def series_cases(draw: st.DrawFn) -> tuple[MeetingSeries, dict[date, str]]:
    first = draw(st.dates(date(2016, 1, 1), date(2028, 6, 30)))
    near = st.dates(first - timedelta(days=30), first + timedelta(days=400))
    bounded = draw(st.booleans())
    series = weekly(
        first=first,
        rrule=draw(st.none() | st.sampled_from(RULES)),
        dates=tuple(draw(st.lists(near, max_size=6))),
        count=draw(st.integers(1, 40)) if bounded else None,
        until=None if bounded else first + timedelta(days=draw(st.integers(0, 500))),
        on_holiday=draw(st.sampled_from(HolidayPolicy)),
    )
    blackouts = draw(st.dictionaries(near, st.sampled_from(["Klausur", "Umzug"]), max_size=5))
    return series, blackouts


def expected_originals(series: MeetingSeries) -> list[date]:
    found = {d for d in series.dates if d >= series.first}
    if series.rrule:
        start = datetime.combine(series.first, series.start_time, tzinfo=BERLIN)
        rule = rrulestr(series.rrule, dtstart=start)
        limit = series.count or 10_000
        for index, instance in enumerate(rule):
            if index == limit or (series.until and instance.date() > series.until):
                break
            found.add(instance.date())
    ordered = sorted(d for d in found if series.until is None or d <= series.until)
    return ordered[: series.count] if series.count else ordered


@settings(max_examples=40, deadline=None)
@given(series_cases())
def test_invariants(case: tuple[MeetingSeries, dict[date, str]]) -> None:
    series, blackouts = case
    found = occurrences(series, blackouts=blackouts)
    assert [o.original for o in sorted(found, key=lambda o: o.original)] == expected_originals(
        series
    )
    assert list(found) == sorted(found, key=lambda o: (o.start, o.original))
    closed = {**nrw_closed(range(2016, 2031)), **blackouts}
    held = [o for o in found if o.status.takes_place]
    assert len({o.start.date() for o in held}) == len(held)
    for occurrence in held:
        day = occurrence.start.date()
        assert day not in closed or series.on_holiday is HolidayPolicy.KEEP
        assert occurrence.start.time() == series.start_time
        if occurrence.status is OccurrenceStatus.MOVED:
            assert day > occurrence.original
            assert series.until is None or day <= series.until
            if series.on_holiday is HolidayPolicy.NEXT_WEEKDAY:
                assert day.weekday() < 5
            else:
                assert (day - occurrence.original).days % 7 == 0
    for occurrence in found:
        if occurrence.status is OccurrenceStatus.SCHEDULED:
            assert occurrence.original == occurrence.start.date()
        else:
            assert occurrence.reason is not None
    assert occurrences(series, blackouts=blackouts) == found


@st.composite
def stepped_rules(draw: st.DrawFn) -> str:
    """Daily and weekly rules, with and without BYDAY, INTERVAL and WKST, any day of the
    week: those counted in steps and the neighbours that dateutil must still search."""
    freq = draw(st.sampled_from(["DAILY", "WEEKLY"]))
    parts = [f"FREQ={freq}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 9))}")
    if draw(st.booleans()):
        parts.append(f"BYDAY={draw(st.sampled_from(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']))}")
    if draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(['MO', 'SU', 'WE']))}")
    return ";".join(draw(st.permutations(parts)))


@settings(max_examples=200, deadline=None)
@given(
    stepped_rules(),
    st.dates(date(1990, 1, 1), date(2150, 12, 31)),
    st.integers(0, 1_500),
    st.none() | st.integers(1, 60),
)
def test_rule_dates_are_the_dates_dateutil_gives(
    rule: str, first: date, days: int, count: int | None
) -> None:
    """Rules that meet every n days or weeks on their first weekday are counted in steps,
    not searched by dateutil: the dates must be dateutil's all the same."""
    series = weekly(first=first, rrule=rule, until=None, count=count)
    last = first + timedelta(days=days)
    start = datetime.combine(first, series.start_time, tzinfo=BERLIN)
    expected: list[date] = []
    for instance in rrulestr(rule, dtstart=start):
        if instance.date() > last or len(expected) == count:
            break
        expected.append(instance.date())
    assert rule_dates(series, BERLIN, last) == expected


@settings(max_examples=40, deadline=None)
@given(series_cases(), st.dates(date(2016, 1, 1), date(2029, 12, 31)), st.integers(0, 400))
def test_a_window_keeps_those_whose_original_or_actual_date_lies_in_it(
    case: tuple[MeetingSeries, dict[date, str]], start: date, days: int
) -> None:
    """The same occurrences as without a window, filtered: plain dates are left out before
    they are built, moved ones after, and neither may change which are kept."""
    series, blackouts = case  # always bounded: without a window it is expanded to its end
    end = start + timedelta(days=days)
    expected = tuple(
        o
        for o in occurrences(series, blackouts=blackouts)
        if start <= o.original <= end or start <= o.start.date() <= end
    )
    assert occurrences(series, start=start, end=end, blackouts=blackouts) == expected


# --- command line ----------------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), stdout=out), out.getvalue()


def test_cli_json_has_the_contract_shape() -> None:
    code, out = run(
        "occurrences", str(EXAMPLES_DIR / "herne"), "--series", HERNE_WORKSHOPS, "--format", "json"
    )
    assert code == 0
    document = json.loads(out)
    assert set(document) == {"series", "occurrences"}
    assert document["series"] == HERNE_WORKSHOPS
    assert document["occurrences"][0] == {
        "start": "2019-10-30T15:00:00+01:00",
        "end": "2019-10-30T17:00:00+01:00",
        "status": "scheduled",
        "reason": None,
    }


def test_cli_text_is_german_by_default_and_english_on_request(tmp_path: Path) -> None:
    folder = EXAMPLES_DIR / "kreis-soest"
    window = ("--from", "2022-11-01", "--to", "2022-11-30")
    code, out = run("occurrences", str(folder), "--series", AK_SOEST, *window)
    assert code == 0
    assert out == "Mi 16.11.2022 09:00–12:00  findet statt – Diesmal nur digital.\n"
    code, out = run("--lang", "en", "occurrences", str(folder), "--series", AK_SOEST, *window)
    assert out.startswith("Wed 2022-11-16 09:00–12:00  takes place")


def test_cli_reports_reasons_in_the_chosen_language(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(
        'name = "R"\n[[series]]\nid = "w"\nkind = "workshop"\ntitle = "W"\n'
        "first = 2022-12-28\nstart_time = 15:00:00\nend_time = 17:00:00\n"
        'dates = [2022-12-28]\nvenue = { mode = "online", url = "https://x.example" }\n',
        encoding="utf-8",
    )
    code, out = run("--lang", "en", "occurrences", str(path), "--series", "w", "--format", "json")
    assert code == 0
    assert json.loads(out)["occurrences"][0]["reason"] == "skipped: Weihnachtsferien"


def test_cli_unknown_series_and_unreadable_input_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run("occurrences", str(EXAMPLES_DIR / "herne"), "--series", "nope")
    assert (code, out) == (2, "")
    assert "nope" in capsys.readouterr().err
    code, _ = run("occurrences", str(tmp_path / "missing.toml"), "--series", "x")
    assert code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_holiday_tables_per_year_combine_to_the_tables_of_a_span() -> None:
    """Each year's table is built once and the years combined: the same days and reasons
    as one table built for the whole span, with and without blackout days."""
    from schulsozialarbeit.scheduling.holidays import closed_days

    for first, last in ((2019, 2019), (2019, 2021), (2024, 2034)):
        span = range(first, last + 1)
        names: dict[date, list[str]] = {}
        for category in ("public", "school"):
            table = holidays.country_holidays(
                "DE", subdiv="NW", categories=(category,), language="de", years=span
            )
            for day in sorted(table):
                names.setdefault(day, []).extend(table.get_list(day))
        expected = {day: ", ".join(dict.fromkeys(found)) for day, found in names.items()}
        got = closed_days(date(first, 3, 1), date(last, 11, 1), {})
        assert dict(got) == expected
        extra = {date(first, 12, 27): "Betriebsferien", date(last, 5, 4): "Brückentag"}
        with_blackouts = closed_days(date(first, 3, 1), date(last, 11, 1), extra)
        assert with_blackouts == {
            **expected,
            **{d: ", ".join(dict.fromkeys([*names.get(d, []), r])) for d, r in extra.items()},
        }


@pytest.mark.parametrize("table", [True, False], ids=["table", "calendar"])
def test_school_holidays_are_known_in_the_years_the_calendar_has_them(
    table: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read from the package's table, or from the calendar when a release keeps no such
    table, the answer is the calendar's in every year (the table begins a year earlier)."""
    import sys

    from schulsozialarbeit.scheduling.holidays import school_holidays_known

    years = range(1900, 2101)
    expected = {
        year: len(
            holidays.country_holidays(
                "DE", subdiv="NW", categories=("school",), language="de", years=year
            )
        )
        > 0
        for year in years
    }
    if not table:  # after the calendars are built: their module imports the table too
        monkeypatch.setitem(sys.modules, "holidays.calendars.germany_school", None)
    school_holidays_known.cache_clear()
    try:
        assert {year: school_holidays_known(year) for year in years} == expected
    finally:
        school_holidays_known.cache_clear()


def test_series_are_found_by_id_in_any_registry() -> None:
    """The index by id follows the registry asked about, and misses raise as before."""
    from schulsozialarbeit import UnknownSeriesError, load, occurrences
    from schulsozialarbeit.examples import example_path

    registry = load(Path(str(example_path("herne"))))
    series = registry.series[0]
    found = occurrences(registry, series=series.id)
    renamed = attrs.evolve(registry, series=(attrs.evolve(series, id="other"),))
    assert occurrences(renamed, series="other") == tuple(
        attrs.evolve(o, series="other") for o in found
    )
    with pytest.raises(UnknownSeriesError):
        occurrences(renamed, series=series.id)
    assert occurrences(registry, series=series.id) == found
