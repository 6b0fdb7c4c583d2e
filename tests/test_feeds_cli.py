"""The `ical` and `feeds` commands, and the feed folder writer."""

from __future__ import annotations

import html.parser
import io
from pathlib import Path

import attrs
import icalendar
import pytest

from schulsozialarbeit import Network, NetworkKind, load, to_ical
from schulsozialarbeit.cli import main
from schulsozialarbeit.ical import file_stem, write_feeds

EXAMPLES = Path(__file__).parent.parent / "src" / "schulsozialarbeit" / "examples"
SOEST = str(EXAMPLES / "kreis-soest")


def _stdout() -> tuple[io.TextIOWrapper, io.BytesIO]:
    """A text stream with a binary buffer beneath, like sys.stdout."""
    raw = io.BytesIO()
    return io.TextIOWrapper(raw, encoding="utf-8", newline=""), raw


def test_ical_writes_the_feed_bytes_to_stdout() -> None:
    out, raw = _stdout()
    assert main(["ical", SOEST, "--no-plugins"], stdout=out) == 0
    assert raw.getvalue() == to_ical(load(SOEST))


def test_ical_options_and_output_file(tmp_path: Path) -> None:
    target = tmp_path / "ak.ics"
    argv = ["ical", SOEST, "--series", "ak-schulsozialarbeit-sitzungen", "--mode", "rrule"]
    argv += ["--from", "2022-01-01", "--to", "2022-12-31", "--audience", "internal"]
    assert main([*argv, "-o", str(target), "--no-plugins"], stdout=io.StringIO()) == 0
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert any("RRULE" in event for event in calendar.walk("VEVENT"))


@pytest.mark.parametrize("option", ["--network", "--series"])
def test_unknown_ids_exit_2_with_a_message(option: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ical", SOEST, option, "nope", "--no-plugins"], stdout=io.StringIO()) == 2
    assert "nope" in capsys.readouterr().err


def test_feeds_folder(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["feeds", SOEST, str(tmp_path / "site"), "--no-plugins"], stdout=out) == 0
    names = sorted(p.name for p in (tmp_path / "site").iterdir() if not p.name.startswith("."))
    registry = load(SOEST)
    assert names == sorted(["all.ics", "index.html", *(f"{n.id}.ics" for n in registry.networks)])
    assert (tmp_path / "site" / ".schulsozialarbeit-feeds.json").is_file()
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    found = _Loads()
    found.feed(page)
    assert found.loads == []  # nothing from elsewhere: the folder works on any server
    assert "all.ics" in found.links


class _Loads(html.parser.HTMLParser):
    """What a page makes the browser fetch by itself, and where its links go."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        target = found.get("src") or (found.get("href") if tag == "link" else None)
        if tag in ("img", "iframe", "object", "embed") or (target and target != "data:,"):
            self.loads.append(tag)

    def handle_data(self, data: str) -> None:
        if "url(" in data or "@import" in data or "fetch(" in data:
            self.loads.append(data[:40])


def test_feeds_never_write_outside_the_folder(tmp_path: Path) -> None:
    registry = load(SOEST)
    hostile = (
        Network(id="../x", name="<b>böse</b>", kind=NetworkKind.NETWORK, region="kreis-soest"),
        Network(id="/etc/passwd", name="b", kind=NetworkKind.NETWORK, region="kreis-soest"),
        Network(id="..", name="c", kind=NetworkKind.NETWORK, region="kreis-soest"),
        Network(id="all", name="d", kind=NetworkKind.NETWORK, region="kreis-soest"),
    )
    target = tmp_path / "site"
    written = write_feeds(attrs.evolve(registry, networks=hostile), target)
    assert all(path.parent == target.resolve() for path in written)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert len({path.name for path in written}) == len(written)
    page = (target / "index.html").read_text(encoding="utf-8")
    assert "<b>" not in page
    assert "&lt;b&gt;böse&lt;/b&gt;" in page


def test_feeds_replace_a_symlink_in_the_folder_and_cap_long_names(tmp_path: Path) -> None:
    """A link left in OUTDIR is replaced, not followed; a very long id still gives a file."""
    outside = tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    out = tmp_path / "feeds"
    out.mkdir()
    (out / "all.ics").symlink_to(outside)
    soest = Path(__file__).resolve().parent.parent / "examples" / "kreis-soest"
    assert main(["feeds", str(soest), str(out)], stdout=io.StringIO()) == 0
    assert outside.read_text(encoding="utf-8") == "keep"
    assert not (out / "all.ics").is_symlink()
    assert len(file_stem("x" * 400, set())) <= 100
