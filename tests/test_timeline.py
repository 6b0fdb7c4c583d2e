"""Development over time: comparisons, histories and change lists, through the API and the CLI.

What a user relies on: a comparison or history agrees, date for date, with ``report --as-of``;
dated holders and assignments count only within their dates; a date before the registry's
first position shows "–" and says why; every format carries the same figures.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import html5lib
import openpyxl
import pytest

from schulsozialarbeit import (
    Assignment,
    Carrier,
    CarrierKind,
    Position,
    Registry,
    School,
    SchoolForm,
    key_figures,
    load,
    validate,
)
from schulsozialarbeit.exports import comparison_html, comparison_xlsx, history_html
from schulsozialarbeit.figures import (
    changes,
    compare,
    coverage,
    history,
    render_comparison,
    render_history,
    steps,
)

HERNE = Path(__file__).parent.parent / "examples" / "herne"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schulsozialarbeit", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def report_as_of(day: str) -> dict[str, Any]:
    done = cli("report", str(HERNE), "--as-of", day, "--format", "json")
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_herne_comparison_agrees_with_the_report_at_each_date() -> None:
    done = cli(
        "report", str(HERNE), "--as-of", "2017-11-30", "--compare", "2016-11-30", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["figures"] == report_as_of("2017-11-30")
    assert found["earlier_figures"] == report_as_of("2016-11-30")
    staff = next(r for r in found["compared"] if r["group"] == "totals" and r["measure"] == "fte")
    assert (staff["earlier"], staff["later"], staff["change"]) == ("39.5", "39.5", "0")
    served = next(
        r
        for r in found["compared"]
        if r["group"] == "totals" and r["measure"] == "schools-with-social-work"
    )
    assert (served["earlier"], served["later"], served["change"]) == (42, 41, -1)
    assert found["changes"]["from"] == "2016-11-30"
    assert found["changes"]["to"] == "2017-11-30"


def test_herne_history_agrees_with_the_report_at_each_date() -> None:
    done = cli(
        "report",
        str(HERNE),
        "--history",
        "2015-11-30..2018-11-30",
        "--every",
        "year",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    points = json.loads(done.stdout)["points"]
    days = ["2015-11-30", "2016-11-30", "2017-11-30", "2018-11-30"]
    assert [point["as_of"] for point in points] == days
    for point, day in zip(points, days, strict=True):
        assert point["figures"] == report_as_of(day)


def test_a_month_step_from_the_31st_ends_on_each_months_last_day() -> None:
    assert steps(date(2021, 1, 31), date(2021, 5, 1), "month") == (
        date(2021, 1, 31),
        date(2021, 2, 28),
        date(2021, 3, 31),
        date(2021, 4, 30),
    )
    assert steps(date(2020, 8, 31), date(2021, 8, 31), "half-year") == (
        date(2020, 8, 31),
        date(2021, 2, 28),
        date(2021, 8, 31),
    )


def _registry() -> Registry:
    """Two schools; one post moves from A to B, another gets its holder later."""
    return Registry(
        name="Zeitreihe",
        schools=(
            School(id="a", name="Schule A", form=SchoolForm.GRUNDSCHULE, region="r"),
            School(id="b", name="Schule B", form=SchoolForm.HAUPTSCHULE, region="r"),
        ),
        carriers=(
            Carrier(id="stadt", name="Stadt", kind=CarrierKind.PUBLIC),
            Carrier(id="awo", name="AWO", kind=CarrierKind.INDEPENDENT),
        ),
        positions=(
            Position(
                id="p1",
                carrier="stadt",
                fte=Decimal(1),
                start=date(2020, 1, 1),
                holder="fk-1",
                assignments=(
                    Assignment(school="a", fte=Decimal(1), end=date(2020, 12, 31)),
                    Assignment(school="b", fte=Decimal(1), start=date(2021, 1, 1)),
                ),
            ),
            Position(
                id="p2",
                carrier="awo",
                fte=Decimal("0.5"),
                start=date(2021, 1, 1),
                holder="fk-2",
                holder_since=date(2021, 3, 1),
                assignments=(Assignment(school="a", fte=Decimal("0.5")),),
            ),
        ),
    )


def test_dated_holders_and_assignments_count_within_their_dates() -> None:
    registry = _registry()
    before = key_figures(registry, as_of=date(2020, 6, 30))
    assert (before.staff, before.fte, before.schools_with_social_work) == (1, Decimal(1), 1)
    vacant = key_figures(registry, as_of=date(2021, 2, 1))
    assert (vacant.staff, vacant.positions, vacant.vacant_positions) == (1, 2, 1)
    assert dict(registry.held_fte_by_school(date(2021, 2, 1))) == {"b": Decimal(1)}
    both = key_figures(registry, as_of=date(2021, 6, 30))
    assert (both.staff, both.fte, both.schools_with_social_work) == (2, Decimal("1.5"), 2)
    codes = {issue.code for issue in validate(registry, as_of=date(2021, 6, 30)).issues}
    assert "assignment-sum-mismatch-on" not in codes


def test_the_change_list_names_positions_schools_and_carriers_never_people() -> None:
    found = changes(_registry(), date(2020, 6, 30), date(2021, 6, 30))
    kinds = {(c.position, c.kind, c.aspects) for c in found.positions}
    assert kinds == {("p2", "started", ()), ("p1", "changed", ("schools",))}
    assert [s.name for s in found.schools_gained] == ["Schule B"]
    assert found.schools_lost == ()
    assert [c.name for c in found.carriers_joined] == ["AWO"]
    filled = changes(_registry(), date(2021, 2, 1), date(2021, 6, 30))
    assert {(c.position, c.aspects) for c in filled.positions} == {("p2", ("filled",))}
    text = render_comparison(
        compare(_registry(), as_of=date(2021, 6, 30), earlier=date(2020, 6, 30)), "text", "en"
    )
    assert "fk-1" not in text
    assert "fk-2" not in text
    assert re.search(r"Position started +p2\n", text)
    assert re.search(r"School gained social work +Schule B\n", text)


def test_undated_entries_and_unanswerable_dates_are_said() -> None:
    registry = _registry()
    known = coverage(registry)
    assert (known.first, known.undated_assignments, known.undated_holders) == (
        date(2020, 1, 1),
        1,
        1,
    )
    found = history(registry, start=date(2019, 6, 30), end=date(2021, 6, 30))
    assert found.points[0][1] is None
    text = render_history(found, "text", "en")
    assert "cannot answer for the date 2019-06-30" in text
    assert "1 school assignment and 1 holder without dates" in text
    row = next(line for line in text.splitlines() if line.strip().startswith("2019-06-30"))
    assert "–" in row
    assert " 0 " not in row
    data = json.loads(render_history(found, "json"))
    assert data["points"][0]["figures"] is None
    german = render_history(found, "text", "de")
    assert "Für den Stichtag 30.06.2019 kann die Registry nichts sagen" in german


def test_a_registry_without_positions_answers_for_no_date() -> None:
    empty = Registry(name="leer")
    found = compare(empty, as_of=date(2021, 1, 1), earlier=date(2020, 1, 1))
    assert found.figures is None
    assert found.earlier_figures is None
    assert "keine Stellen" in render_comparison(found, "text")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--compare", "2016-11-30", "--history", "2015-11-30..2016-11-30"), "--compare"),
        (("--history", "2015-11-30..2016-11-30", "--as-of", "2016-11-30"), "--as-of"),
        (("--every", "month"), "--every"),
        (("--compare", "2016-11-30", "--privacy", "internal"), "always public"),
        (("--history", "2016-11-30..2015-11-30"), "ends before"),
        (("--history", "2016-11-30"), "FROM..TO"),
    ],
)
def test_options_that_do_not_go_together_are_refused(args: tuple[str, ...], words: str) -> None:
    done = cli("--lang", "en", "report", str(HERNE), *args)
    assert done.returncode == 2
    assert words in done.stderr


def test_every_format_of_the_comparison_carries_the_same_change(tmp_path: Path) -> None:
    for fmt in ("text", "markdown", "html"):
        done = cli(
            "--lang",
            "en",
            "report",
            str(HERNE),
            "--as-of",
            "2017-11-30",
            "--compare",
            "2016-11-30",
            "--format",
            fmt,
        )
        assert done.returncode == 0, done.stderr
        assert "Berufskolleg Am Westring" in done.stdout, fmt
        assert "stelle-46" in done.stdout, fmt
    out = tmp_path / "compare.xlsx"
    done = cli(
        "report",
        str(HERNE),
        "--as-of",
        "2017-11-30",
        "--compare",
        "2016-11-30",
        "--format",
        "xlsx",
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    served = next(row for row in rows if row[0] == "mit Schulsozialarbeit")
    assert served[1:4] == (42, 41, -1)
    assert any(row[1] == "stelle-46" for row in rows)


def test_the_history_page_draws_lines_and_parses() -> None:
    page = history_html(
        history(_registry(), start=date(2019, 12, 31), end=date(2021, 12, 31), every="half-year"),
        "en",
    )
    html5lib.HTMLParser(strict=True).parse(page)
    assert page.count("<polyline") == 3  # staff, FTE, coverage; the first date is a gap
    assert "fk-1" not in page


def test_comparison_outputs_are_deterministic() -> None:
    comparison = compare(_registry(), as_of=date(2021, 6, 30), earlier=date(2020, 6, 30))
    assert comparison_xlsx(comparison) == comparison_xlsx(comparison)
    assert comparison_html(comparison) == comparison_html(comparison)
    assert openpyxl.load_workbook(io.BytesIO(comparison_xlsx(comparison)))


def test_report_xlsx_without_compare_is_the_figures_workbook(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    done = cli("report", str(HERNE), "--as-of", "2017-11-30", "--format", "xlsx", "-o", str(out))
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out)
    assert book.worksheets[0]["A1"].value == "Kennzahlen der Schulsozialarbeit am 30.11.2017"
    names = {member.name for member in load(HERNE).staff}
    cells = {cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row}
    assert names
    assert not names & cells
