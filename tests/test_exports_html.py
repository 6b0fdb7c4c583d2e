"""The HTML report: valid HTML5, self-contained, a chart per figure group, no staff in public."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import openpyxl
import pytest

from schulsozialarbeit import Carrier, CarrierKind, Position, Registry, StaffMember, load
from schulsozialarbeit.examples import EXAMPLES, REFERENCE_DATES, example_path
from schulsozialarbeit.exports import to_html, to_xlsx
from schulsozialarbeit.exports._svg import Bar, horizontal_bars
from schulsozialarbeit.figures import key_figures, render_report

NS = "{http://www.w3.org/1999/xhtml}"
HERNE_DAY = REFERENCE_DATES["herne"]


def _herne() -> Registry:
    return load(Path(str(example_path("herne"))))


def _parse(page: str) -> Element:
    parser = html5lib.HTMLParser(strict=True)
    document: Element = parser.parse(page)
    return document


def test_the_herne_report_parses_as_html5_with_a_chart_per_figure_group() -> None:
    document = _parse(to_html(_herne(), as_of=HERNE_DAY))
    sections = {s.get("id"): s for s in document.iter(f"{NS}section")}
    for group in ("school-forms", "carriers", "carrier-kinds", "ending"):
        svgs = sections[group].iter("{http://www.w3.org/2000/svg}svg")
        charts = [svg for svg in svgs if svg.get("aria-hidden") != "true"]  # not legend keys
        assert len(charts) == 1, group
        assert charts[0].get("role") == "img"


def test_the_report_names_nothing_outside_the_file() -> None:
    page = to_html(_herne(), as_of=HERNE_DAY, privacy="internal")
    assert not re.search(r"""(src|href)\s*=|url\(|@import|<script|<link""", page, re.I)
    assert "http://" not in page
    assert "https://" not in page


def test_public_report_names_no_staff_and_says_its_level() -> None:
    registry = _herne()
    page = to_html(registry, as_of=HERNE_DAY)
    for member in registry.staff:
        assert member.name not in page
        assert member.id not in page
    assert '<meta name="privacy" content="public">' in page
    assert "Datenschutzstufe: öffentlich" in page


def test_internal_report_names_holders_of_ending_positions() -> None:
    end = date(2018, 4, 30)  # within the six months every format looks ahead
    registry = Registry(
        name="r",
        carriers=(Carrier(id="c", name="Träger", kind=CarrierKind.PUBLIC),),
        staff=(StaffMember(id="s", name="Erika Beispiel"),),
        positions=(Position(id="p", carrier="c", fte=Decimal(1), end=end, holder="s"),),
    )
    internal = to_html(registry, as_of=HERNE_DAY, privacy="internal")
    assert "Erika Beispiel" in internal
    assert "30.04.2018" in internal
    assert "Erika Beispiel" not in to_html(registry, as_of=HERNE_DAY)


def test_text_is_escaped() -> None:
    carrier = Carrier(id="c", name="<script>alert(1)</script> & Co", kind=CarrierKind.PUBLIC)
    page = to_html(Registry(name="r", carriers=(carrier,)), as_of=HERNE_DAY, lang="en")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    _parse(page)


def test_tables_come_sorted_by_each_column_without_javascript() -> None:
    page = to_html(_herne(), as_of=HERNE_DAY, lang="en")
    assert "<summary>sorted by FTE</summary>" in page
    assert "@page { size: A4" in page


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_report_is_byte_identical_across_runs(name: str) -> None:
    registry = load(Path(str(example_path(name))))
    day = REFERENCE_DATES[name]
    assert to_html(registry, as_of=day) == to_html(load(Path(str(example_path(name)))), as_of=day)


def test_every_format_looks_ahead_the_same_six_months_and_lists_carriers_by_fte() -> None:
    """The fixed terms were 12 months ahead in HTML and 6 elsewhere; now one horizon."""
    registry = _herne()
    figures = key_figures(registry, as_of=HERNE_DAY)
    title = "Befristungen in den nächsten 6 Monaten"
    text = render_report(figures, "text")
    page = to_html(registry, as_of=HERNE_DAY)
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(registry, as_of=HERNE_DAY)))["Kennzahlen"]
    assert title in text
    assert f"<h2>{title}</h2>" in page
    assert title in [cell.value for cell in sheet["A"]]
    ending = [row.position for row in figures.ending_soon]
    assert ending[:3] == ["stelle-09", "stelle-12", "stelle-15"]
    assert len(ending) == 8
    section = page[page.index('<section id="ending">') :].split("</table>")[0]
    assert re.findall(r"<td>(stelle-\d+)</td>", section) == ending
    # Carriers, largest FTE first, in the text report and in the page's chart and table.
    carriers = text.split("\nTräger\n")[1].split("\n\n")[0].splitlines()[1:]
    ftes = [Decimal(line.split()[-1].replace(",", ".")) for line in carriers]
    assert ftes == sorted(ftes, reverse=True)
    assert ftes[0] == 12
    part = page[page.index('<section id="carriers">') :]
    chart, table = part.split("</svg>")[0], part.split("</svg>")[1].split("</table>")[0]
    assert chart.index(">Stadt Herne<") < chart.index(">Kinderschutzbund Herne<")
    assert table.index(">Stadt Herne<") < table.index(">Kinderschutzbund Herne<")


def test_a_registry_name_cannot_leave_the_print_margin_string() -> None:
    """The name stands in the stylesheet too (the printed source line): escaped there as CSS."""
    name = '"; } </style><script>alert(1)</script> \\'
    page = to_html(Registry(name=name), as_of=HERNE_DAY)
    assert "<script>" not in page
    style = page[page.index("<style>") : page.index("</style>")]
    assert "</" not in style[len("<style>") :]
    assert '"; }' not in style
    _parse(page)


def test_a_label_longer_than_three_lines_is_shortened_and_kept_whole_in_its_tooltip() -> None:
    name = " ".join(["Trägerverbund"] * 20)
    chart = horizontal_bars("t", [Bar(label=name, value=Decimal(1), text="1")])
    lines = re.findall(r'<text x="0" y="\d+">([^<]*)</text>', chart)
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(len(line) <= 52 for line in lines)
    assert f"<title>{name}: 1</title>" in chart
