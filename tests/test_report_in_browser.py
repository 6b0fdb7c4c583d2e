"""The council report as its readers open it: Chromium on a desktop and a phone, and printed.

The command line writes the page; headless Chromium shows it at 1280 and 390 pixels and
prints it to PDF; axe-core checks it. What a person would see is what is asserted: the
headline figures as tiles, nothing cut off or wider than the phone, every printed page
saying where its figures come from.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from schulsozialarbeit import (
    Carrier,
    CarrierKind,
    Registry,
    School,
    SchoolForm,
    dump,
    key_figures,
    load,
)
from schulsozialarbeit.examples import REFERENCE_DATES, example_path
from schulsozialarbeit.model import Assignment, Position

from .browser import Rendered, contrast, pdf_fill, pdf_pages, render, render_widths

HERNE = Path(str(example_path("herne")))
WHITE = "rgb(255, 255, 255)"


def _report(tmp_path: Path, registry: Path, *options: str, day: str = "2017-11-30") -> Path:
    page = tmp_path / "bericht.html"
    arguments = ["report", str(registry), "--as-of", day, "--format", "html"]
    done = subprocess.run(
        [sys.executable, "-m", "schulsozialarbeit", *options, *arguments, "-o", str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return page


def _tiles(page: Rendered) -> list[Mapping[str, Any]]:
    tiles = list(page.collected[".tile"])
    assert all(tile["visible"] for tile in tiles)
    return tiles


def _seen_as_a_reader_sees_it(page: Rendered) -> None:
    assert page.console_errors == ()
    assert page.overflow == 0, f"{page.scroll_width} px wide at {page.width} px"
    assert page.violations == (), page.violation_summary()
    assert page.clipped == ()
    assert page.broken_links() == []
    for chart in page.collected["svg.chart"]:
        assert chart["right"] <= page.viewport_width


@pytest.fixture(scope="module")
def herne_de(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[int, Rendered], Path]:
    folder = tmp_path_factory.mktemp("report-de")
    pdf = folder / "bericht.pdf"
    pages = render_widths(
        _report(folder, HERNE), (1280, 390), pdf=pdf, collect=(".tile", "svg.chart")
    )
    return pages, pdf


@pytest.mark.parametrize("width", [1280, 390])
def test_the_herne_figures_stand_as_tiles_at_desktop_and_phone_width(
    herne_de: tuple[dict[int, Rendered], Path], width: int
) -> None:
    page = herne_de[0][width]
    _seen_as_a_reader_sees_it(page)
    figures = [tile["text"].split("\n")[0] for tile in _tiles(page)]
    assert figures[:3] == ["44", "39,5", "41 von 43"]
    assert "Schulen mit Schulsozialarbeit (95,3 %)" in _tiles(page)[2]["text"]


def test_the_charts_follow_the_page_width(herne_de: tuple[dict[int, Rendered], Path]) -> None:
    desktop, phone = (herne_de[0][w].collected["svg.chart"] for w in (1280, 390))
    assert all(c["right"] - c["left"] > 400 for c in desktop)
    assert all(c["right"] - c["left"] <= 390 - 2 * 16 for c in phone)


def test_the_graphics_stand_out_three_to_one(herne_de: tuple[dict[int, Rendered], Path]) -> None:
    """WCAG 1.4.11: every mark a chart is read by (bars, outlines, axes) at least 3:1
    against the white page; a white fill counts by its outline."""
    page = herne_de[0][1280]
    colours = set()
    for shape in page.graphics:
        for paint in (shape["fill"], shape["stroke"]):
            if paint.startswith("rgb") and paint != WHITE:
                colours.add(paint)
        if shape["fill"] == WHITE:
            assert shape["stroke"].startswith("rgb"), shape
    assert colours
    assert {c: round(contrast(c, WHITE), 2) for c in colours if contrast(c, WHITE) < 3} == {}


def test_the_school_table_names_the_schools_with_and_without_social_work(
    herne_de: tuple[dict[int, Rendered], Path],
) -> None:
    text = herne_de[0][1280].text
    rows = text.split("\n")
    # A school's row: form, carriers, the earliest fixed term serving it, FTE.
    assert "Grundschule Crange\tGrundschule\tDiakonisches Werk Herne\t31.12.2017\t0,5" in rows
    assert "Realschule Crange\tRealschule\tCaritasverband Herne\t–\t1" in rows
    # A fixed term with the schools it serves.
    assert (
        "stelle-32\tGrundschule Crange, Grundschule Unser Fritz\tDiakonisches Werk Herne"
        "\t31.12.2017\t1"
    ) in rows
    assert "Ohne Schulsozialarbeit am 30.11.2017 (2 Schulen): " in text
    assert "Vergleich mit dem 30.11.2016" in text
    assert "Befristungen in den nächsten 6 Monaten" in text
    assert "Eine Stelle mit mehreren Finanzierungsquellen zählt bei jeder von ihnen." in text


def test_every_printed_page_says_its_source_and_number(
    herne_de: tuple[dict[int, Rendered], Path],
) -> None:
    pdf = herne_de[1]
    pages = pdf_pages(pdf)
    assert len(pages) > 1
    for number, text in enumerate(pages, 1):
        assert "Quelle: Schulsozialarbeit in Herne · Stichtag 30.11.2017 · Stand 30.11.2017" in text
        assert f"Seite {number} von {len(pages)}" in text
    assert "41 von 43" in pages[0]


def test_no_printed_page_but_the_last_is_half_empty(
    herne_de: tuple[dict[int, Rendered], Path],
) -> None:
    fills = pdf_fill(herne_de[1])
    assert all(fill > 0.5 for fill in fills[:-1]), fills


@pytest.mark.parametrize("name", ["kreis-soest", "gelsenkirchen"])
def test_the_other_examples_read_on_a_phone_and_print_whole_pages(
    tmp_path: Path, name: str
) -> None:
    pdf = tmp_path / "bericht.pdf"
    day = REFERENCE_DATES[name]
    registry = load(Path(str(example_path(name))))
    page = render(
        _report(tmp_path, Path(str(example_path(name))), day=day.isoformat()),
        width=390,
        pdf=pdf,
        collect=(".tile", "svg.chart"),
    )
    _seen_as_a_reader_sees_it(page)
    figures = key_figures(registry, as_of=day)
    tiles = [tile["text"].split("\n")[0] for tile in _tiles(page)]
    assert tiles[0] == str(figures.staff)
    assert tiles[2] == f"{figures.schools_with_social_work} von {figures.schools}"
    pages = pdf_pages(pdf)
    for number, text in enumerate(pages, 1):
        assert f"Quelle: {registry.name} · Stichtag {day:%d.%m.%Y}" in text
        assert f"Seite {number} von {len(pages)}" in text
    fills = pdf_fill(pdf)
    assert all(fill > 0.5 for fill in fills[:-1]), fills


def test_the_english_report_reads_as_english_on_a_phone_and_in_print(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    page = render(
        _report(tmp_path, HERNE, "--lang", "en"),
        width=390,
        pdf=pdf,
        locale="en-GB",
        collect=(".tile", "svg.chart"),
    )
    _seen_as_a_reader_sees_it(page)
    assert page.lang == "en"
    figures = [tile["text"].split("\n")[0] for tile in _tiles(page)]
    assert figures[:3] == ["44", "39.5", "41 of 43"]
    assert "Without social work on 2017-11-30 (2 schools): " in page.text
    pages = pdf_pages(pdf)
    for number, text in enumerate(pages, 1):
        assert "Source: Schulsozialarbeit in Herne · reference date 2017-11-30" in text
        assert f"page {number} of {len(pages)}" in text


def test_a_long_carrier_name_wraps_in_the_chart_and_stays_whole_in_the_table(
    tmp_path: Path,
) -> None:
    long_name = (
        "Evangelischer Verein für Jugendsozialarbeit, Familienbildung und offene Ganztagsschule "
        "im Kirchenkreis Herne-Wanne-Eickel (gemeinnützige GmbH)"
    )
    registry = Registry(
        name="Lange Namen",
        schools=(School(id="s", name="Schule", form=SchoolForm.GRUNDSCHULE, region="r"),),
        carriers=(Carrier(id="c", name=long_name, kind=CarrierKind.INDEPENDENT),),
        positions=(
            Position(
                id="p",
                carrier="c",
                fte=Decimal(1),
                holder="h",
                assignments=(Assignment(school="s", fte=Decimal(1)),),
            ),
        ),
    )
    source = tmp_path / "lange-namen.toml"
    dump(registry, source)
    page = render(_report(tmp_path, source), width=390, collect=("svg.chart",))
    _seen_as_a_reader_sees_it(page)
    assert long_name in page.text


@pytest.mark.parametrize(
    "over_time",
    [["--compare", "2016-11-30"], ["--history", "2014-11-30..2017-11-30", "--every", "year"]],
    ids=["compare", "history"],
)
def test_the_pages_over_time_read_on_a_phone(tmp_path: Path, over_time: list[str]) -> None:
    page_file = tmp_path / "verlauf.html"
    day = [] if over_time[0] == "--history" else ["--as-of", "2017-11-30"]
    arguments = ["report", str(HERNE), *day, *over_time, "--format", "html", "-o", str(page_file)]
    done = subprocess.run(
        [sys.executable, "-m", "schulsozialarbeit", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page = render(page_file, width=390, collect=("svg.chart",))
    _seen_as_a_reader_sees_it(page)
    assert "30.11.2017" in page.text
