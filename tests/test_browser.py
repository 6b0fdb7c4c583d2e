"""The browser helper sees the faults the page tests rely on it to see.

A check that cannot fail proves nothing, so one page here has each fault the report and feed
page tests look for, and the helper must report every one.
"""

from __future__ import annotations

from pathlib import Path

from .browser import pdf_pages, render

_FAULTY = """<!doctype html>
<html><head><meta charset="utf-8"><title>faulty</title></head>
<body>
<h1>Seite</h1>
<a href="#missing">to nowhere</a> <a href="absent.html">absent</a> <a href="#present">ok</a>
<p id="present" style="width: 700px">too wide for a phone</p>
<svg width="120" height="30" viewBox="0 0 120 30">
<text x="0" y="20">a label far longer than its drawing</text></svg>
<script type="application/ld+json">{"@type": "Event", "name": "x"}</script>
<script>console.error("broken script")</script>
</body></html>
"""


def test_the_helper_reports_each_fault_a_reader_would_meet(tmp_path: Path) -> None:
    page_file = tmp_path / "faulty.html"
    page_file.write_text(_FAULTY, encoding="utf-8")
    pdf = tmp_path / "faulty.pdf"
    page = render(page_file, width=390, pdf=pdf)
    assert page.overflow > 0
    assert page.console_errors == ("broken script",)
    assert "a label far longer than its drawing" in page.clipped
    assert {v["id"] for v in page.violations} >= {"html-has-lang", "region"}
    assert sorted(page.broken_links()) == [
        "#missing: no element with id 'missing'",
        f"absent.html: {tmp_path / 'absent.html'} does not exist",
    ]
    assert page.json_ld_data() == [{"@type": "Event", "name": "x"}]
    assert "too wide for a phone" in page.text
    assert "too wide for a phone" in pdf_pages(pdf)[0]
