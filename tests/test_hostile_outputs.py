"""Every output stays safe whatever the registry holds (issue 10, the outputs).

Three promises: no public output in any format carries a field the model marks personal;
the feed folder is always whole, even when the writer is killed, and deletes only feeds it
wrote; and no text reaches a spreadsheet as a formula or a file as a character the format
cannot carry.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import stat
import time
import tomllib
import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import attrs
import html5lib
import icalendar
import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from schulsozialarbeit import (
    AnnualCosts,
    Contact,
    Network,
    NetworkKind,
    Position,
    Registry,
    StaffMember,
    dumps,
    load,
    loads,
)
from schulsozialarbeit.cli import main
from schulsozialarbeit.examples import example_path
from schulsozialarbeit.exports import export_registry, read_positions_csv, to_csv, to_html
from schulsozialarbeit.exports.csv import neutralise, write_csv
from schulsozialarbeit.exports.xlsx import to_xlsx
from schulsozialarbeit.files import write_atomic
from schulsozialarbeit.i18n.text import html_text, printable
from schulsozialarbeit.ical import write_feeds
from schulsozialarbeit.model import COLLECTIONS
from schulsozialarbeit.model._fields import is_personal

from .strategies import registries

AS_OF = date(2017, 11, 30)
MANIFEST = ".schulsozialarbeit-feeds.json"

# --- 1. privacy in every format ---------------------------------------------------------


def _inner_classes(kind: Any) -> Iterator[type[Any]]:
    """The attrs classes a field's type can hold: ``X``, ``X | None``, ``tuple[X, ...]``."""
    if isinstance(kind, type) and attrs.has(kind):
        yield kind
    for arg in get_args(kind):
        yield from _inner_classes(arg)


def _classes_with_personal_fields() -> set[type[Any]]:
    """Every model class reachable from a registry that has a field marked personal."""
    seen: set[type[Any]] = set()
    todo = list(COLLECTIONS.values())
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        for field in attrs.fields(attrs.resolve_types(cls)):
            todo.extend(_inner_classes(field.type))
    return {cls for cls in seen if any(is_personal(f) for f in attrs.fields(cls))}


@attrs.define
class _Planter:
    """Puts a unique marker into every personal field of every entity, at any depth."""

    markers: list[str] = attrs.Factory(list)
    planted_in: set[type[Any]] = attrs.Factory(set)

    def plant(self, value: Any) -> Any:
        if isinstance(value, tuple):
            return tuple(self.plant(item) for item in value)
        if not attrs.has(type(value)):
            return value
        changes: dict[str, Any] = {}
        for field in attrs.fields(attrs.resolve_types(type(value))):
            if is_personal(field):
                self.planted_in.add(type(value))
                changes[field.name] = self._marked(field.type)
            else:
                changes[field.name] = self.plant(getattr(value, field.name))
        return attrs.evolve(value, **changes)

    def _marked(self, kind: Any) -> Any:
        """One marker in the field's own type: a text, a list of one text, or a year's
        costs whose amount is a number found nowhere else (the markers' one digit run)."""
        number = len(self.markers)
        if kind == tuple[AnnualCosts, ...]:
            amount = f"97{number:04}3"
            self.markers.append(amount)
            return (AnnualCosts(year=2017, personnel=Decimal(amount)),)
        marker = f"zqpersonal{number:04}x"
        self.markers.append(marker)
        return (marker,) if kind == tuple[str, ...] else marker


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Registry, list[str]]:
    """Herne with a marker in every personal field; written as a registry file."""
    herne = load(str(example_path("herne")))
    office = herne.offices[0]
    herne = attrs.evolve(
        herne, offices=(attrs.evolve(office, contacts=(*office.contacts, Contact(role="Leitung"))),)
    )
    planter = _Planter()
    registry = planter.plant(herne)
    assert planter.planted_in == _classes_with_personal_fields()
    assert planter.planted_in == {StaffMember, Contact, Position}
    path = tmp_path_factory.mktemp("planted") / "herne.json"
    path.write_text(dumps(registry, "json"), encoding="utf-8")
    return path, registry, planter.markers


def _none_in(text: str, markers: list[str]) -> list[str]:
    return [marker for marker in markers if marker in text]


def _export(argv: list[str]) -> int:
    return main([*argv, "--no-plugins"], stdout=io.StringIO())


def test_public_csv_carries_no_personal_data(
    planted: tuple[Path, Registry, list[str]], tmp_path: Path
) -> None:
    path, _, markers = planted
    assert _export(["export", str(path), "--format", "csv", "-o", str(tmp_path / "csv")]) == 0
    files = list((tmp_path / "csv").iterdir())
    assert len(files) == 5
    for file in files:
        assert _none_in(file.read_text(encoding="utf-8-sig"), markers) == []


def test_public_xlsx_carries_no_personal_data(
    planted: tuple[Path, Registry, list[str]], tmp_path: Path
) -> None:
    path, _, markers = planted
    target = tmp_path / "herne.xlsx"
    argv = ["export", str(path), "--format", "xlsx", "--as-of", AS_OF.isoformat()]
    assert _export([*argv, "-o", str(target)]) == 0
    workbook = openpyxl.load_workbook(target)
    cells = [
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert len(cells) > 100
    assert _none_in("\n".join(cells), markers) == []
    with zipfile.ZipFile(target) as archive:
        raw = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    assert _none_in(raw, markers) == []


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_public_registry_formats_carry_no_personal_data_and_say_so(
    planted: tuple[Path, Registry, list[str]],
    fmt: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, _, markers = planted
    target = tmp_path / f"public.{fmt}"
    assert _export(["--lang", "en", "export", str(path), "--format", fmt, "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert _none_in(text, markers) == []
    err = capsys.readouterr().err
    assert f"left out {len(markers)} personal fields" in err
    assert "--privacy internal" in err
    data = json.loads(text) if fmt == "json" else tomllib.loads(text)
    assert data["privacy"] == "public"
    assert data["staff"]
    assert all(set(member) <= {"id", "qualification"} for member in data["staff"])


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_internal_registry_formats_are_the_complete_registry(
    planted: tuple[Path, Registry, list[str]], fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path, registry, markers = planted
    out = io.StringIO()
    argv = ["export", str(path), "--format", fmt, "--privacy", "internal", "--no-plugins"]
    assert main(argv, stdout=out) == 0
    assert out.getvalue() == dumps(registry, fmt)  # type: ignore[arg-type]
    assert all(marker in out.getvalue() for marker in markers)
    assert loads(out.getvalue(), fmt) == registry  # type: ignore[arg-type]
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("count", "de", "en"),
    [
        (1, "1 personenbezogenes Feld (", "left out 1 personal field ("),
        (2, "2 personenbezogene Felder (", "left out 2 personal fields ("),
    ],
)
def test_the_left_out_count_is_plural_correct(
    count: int, de: str, en: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    staff = tuple(StaffMember(id=f"s{i}", name="x") for i in range(count))
    path = tmp_path / "r.json"
    path.write_text(dumps(Registry(name="r", staff=staff), "json"), encoding="utf-8")
    assert _export(["export", str(path), "--format", "json"]) == 0
    assert de in capsys.readouterr().err
    assert _export(["--lang", "en", "export", str(path), "--format", "toml"]) == 0
    assert en in capsys.readouterr().err
    payload, left_out = export_registry(Registry(name="r", staff=staff), "toml")
    assert left_out == count
    assert payload.decode().startswith(f"# Öffentliche Ausgabe, keine Registry: {de[:-2]}")


def test_a_public_registry_export_is_a_publication_not_a_registry() -> None:
    one = Registry(name="r", staff=(StaffMember(id="a", name="x"),))
    for fmt in ("json", "toml"):
        payload, _ = export_registry(one, fmt)
        with pytest.raises(Exception, match="privacy"):
            loads(payload.decode(), fmt)


def test_public_html_report_carries_no_personal_data(
    planted: tuple[Path, Registry, list[str]], tmp_path: Path
) -> None:
    path, _, markers = planted
    argv = ["report", str(path), "--format", "html", "--as-of", AS_OF.isoformat()]
    assert _export([*argv, "-o", str(tmp_path / "public.html")]) == 0
    assert _none_in((tmp_path / "public.html").read_text(encoding="utf-8"), markers) == []
    # The internal page names the holders of ending positions: the markers reach the page.
    assert _export([*argv, "--privacy", "internal", "-o", str(tmp_path / "internal.html")]) == 0
    assert _none_in((tmp_path / "internal.html").read_text(encoding="utf-8"), markers)


def test_public_feeds_carry_no_personal_data(
    planted: tuple[Path, Registry, list[str]], tmp_path: Path
) -> None:
    path, _, markers = planted
    assert _export(["feeds", str(path), str(tmp_path / "site")]) == 0
    for file in (tmp_path / "site").iterdir():
        assert _none_in(file.read_text(encoding="utf-8"), markers) == []


# --- 2. the feed folder -------------------------------------------------------------------


def _network(ident: str, region: str) -> Network:
    return Network(id=ident, name=f"Netzwerk {ident}", kind=NetworkKind.NETWORK, region=region)


def _soest(networks: range | list[int]) -> Registry:
    soest = load(str(example_path("kreis-soest")))
    region = soest.networks[0].region
    extra = tuple(_network(f"netz-{i:03}", region) for i in networks)
    return attrs.evolve(soest, networks=soest.networks + extra)


def _feed_names(registry: Registry) -> set[str]:
    return {"all.ics", *(f"{network.id}.ics" for network in registry.networks)}


def _visible(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir() if not path.name.startswith(".")}


def test_a_removed_networks_feed_disappears_and_a_users_files_stay(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    mine = {"mine.ics": "BEGIN:VCALENDAR", "README.html": "<p>Hallo</p>", ".htaccess": "x"}
    for name, text in mine.items():
        (site / name).write_text(text, encoding="utf-8")
    (site / "netz-009.ics").mkdir()  # a folder named like a feed is not a feed
    before = _soest(range(3))
    write_feeds(before, site)
    assert _visible(site) == _feed_names(before) | {"index.html", "netz-009.ics"} | {
        "mine.ics",
        "README.html",
    }
    after = _soest([0, 2])
    write_feeds(after, site)
    assert not (site / "netz-001.ics").exists()
    assert (site / "netz-000.ics").is_file()
    assert "netz-001" not in (site / "index.html").read_text(encoding="utf-8")
    for name, text in mine.items():
        assert (site / name).read_text(encoding="utf-8") == text
    assert (site / "netz-009.ics").is_dir()
    assert json.loads((site / MANIFEST).read_text(encoding="utf-8"))["files"] == sorted(
        _feed_names(after)
    )


def test_a_tampered_manifest_never_deletes_anything_but_feeds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "registry.toml").write_text("name = 'x'", encoding="utf-8")
    (tmp_path / "outside.ics").write_text("keep", encoding="utf-8")
    files = ["registry.toml", "../outside.ics", "/etc/passwd", "index.html", MANIFEST]
    (site / MANIFEST).write_text(json.dumps({"files": files}), encoding="utf-8")
    write_feeds(_soest(range(1)), site)
    assert (site / "registry.toml").exists()
    assert (tmp_path / "outside.ics").read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_rewritten_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    registry = _soest(range(1))
    write_feeds(registry, tmp_path)
    for path in tmp_path.iterdir():
        path.chmod(mode)
    write_feeds(registry, tmp_path)
    assert {stat.S_IMODE(path.stat().st_mode) for path in tmp_path.iterdir()} == {mode}


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_new_files_get_the_mode_of_the_umask(tmp_path: Path, umask: int, expected: int) -> None:
    previous = os.umask(umask)
    try:
        write_feeds(_soest(range(1)), tmp_path / "site")
        write_atomic(tmp_path / "plain.txt", b"x")
    finally:
        os.umask(previous)
    paths = [*(tmp_path / "site").iterdir(), tmp_path / "plain.txt"]
    assert {stat.S_IMODE(path.stat().st_mode) for path in paths} == {expected}


def _check_whole(
    site: Path, users: dict[str, bytes], allowed: set[str], checked: set[tuple[str, int, int]]
) -> None:
    """Every file is whole, every user file is there, and nothing unexpected is.

    ``checked`` remembers files already parsed by name and inode: a file the writer
    replaced has a new inode (the rename), so it is parsed again.
    """
    for name, content in users.items():
        assert (site / name).read_bytes() == content, name
    for path in site.iterdir():
        name = path.name
        if name in users:
            continue
        if name.endswith(".tmp"):
            assert name.startswith("."), name  # a killed write's leftover, hidden
            continue
        assert name in allowed, name
        status = path.stat()
        key = (name, status.st_ino, status.st_mtime_ns)
        if key in checked:
            continue
        data = path.read_bytes()
        if name.endswith(".ics"):
            assert data.endswith(b"END:VCALENDAR\r\n"), name
            icalendar.Calendar.from_ical(data)
        elif name == "index.html":
            assert data.endswith(b"</html>\n")
            html5lib.HTMLParser(strict=True).parse(data.decode("utf-8"))
        else:
            assert name == MANIFEST
            assert isinstance(json.loads(data)["files"], list)
        checked.add(key)


def _feeds_child(registry: Registry, site: Path) -> None:
    try:
        write_feeds(registry, site)
    except BaseException:
        os._exit(1)
    os._exit(0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
def test_feeds_killed_at_random_points_leave_every_file_whole(tmp_path: Path) -> None:
    """100 runs killed midway, each after a random delay within the time a run takes; the
    registry changes between two sets of networks, so runs also delete stale feeds.

    A busy machine makes runs slower or faster than the first one measured, so the longest
    delay adapts: shorter after a run that finished before its kill, longer after a kill.
    """
    # Series make the parsing of every check slow and add nothing to what is tested here.
    first, second = (attrs.evolve(_soest(span), series=()) for span in (range(60), range(30, 90)))
    allowed = _feed_names(first) | _feed_names(second) | {"index.html", MANIFEST}
    site = tmp_path / "site"
    site.mkdir()
    users = {"mine.ics": b"BEGIN:VCALENDAR\r\n", "notes.txt": b"x", ".htaccess": b"Deny"}
    for name, content in users.items():
        (site / name).write_bytes(content)
    write_feeds(first, site)  # the first run also fills the caches (holidays, zones)
    started = time.perf_counter()
    write_feeds(first, site)
    longest = time.perf_counter() - started
    chance = random.Random(10)  # noqa: S311 - a reproducible schedule, not a secret
    killed = 0
    checked: set[tuple[str, int, int]] = set()
    for _ in range(400):  # bounded: stops by itself even if every run outpaced its kill
        registry = chance.choice((first, second))
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            _feeds_child(registry, site)
        time.sleep(chance.uniform(0, longest))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            killed += 1
            longest *= 1.05
        else:
            assert os.WEXITSTATUS(status) == 0
            longest *= 0.8
        _check_whole(site, users, allowed, checked)
        if killed == 100:
            break
    assert killed == 100
    write_feeds(second, site)
    assert _visible(site) == _feed_names(second) | {"index.html", "mine.ics", "notes.txt"}
    assert {p.name for p in site.iterdir() if p.name.startswith(".")} == {MANIFEST, ".htaccess"}
    _check_whole(site, users, allowed, set())


def test_feeds_index_page_drops_what_html_cannot_carry(tmp_path: Path) -> None:
    registry = _soest(range(1))
    hostile = attrs.evolve(registry.networks[-1], name="a\x00b\x01c\ud800<i>")
    registry = attrs.evolve(
        registry, name="Kreis\x7f\x0b", networks=(*registry.networks[:-1], hostile)
    )
    write_feeds(registry, tmp_path)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(page)
    assert "abc\ufffd&lt;i&gt;" in page
    assert not any(char in page for char in "\x00\x01\x7f\x0b")


# --- 3. cells and characters --------------------------------------------------------------

#: What a spreadsheet may skip before it looks for a formula.
SKIPPED = ("Cc", "Cf", "Zs", "Zl", "Zp")


def _runs_as_formula(cell: str) -> bool:
    """An oracle written apart from the guard: after what a spreadsheet skips, a formula
    character; or tab or CR first."""
    if cell.startswith(("\t", "\r")):
        return True
    rest = cell
    while rest and (rest[0].isspace() or unicodedata.category(rest[0]) in SKIPPED):
        rest = rest[1:]
    return rest.startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "\n=1+1",
        "\r\n=HYPERLINK(1)",
        " =1",
        "\u00a0=1",
        "\ufeff=1",
        "\u200b+1",
        "\u3000-1",
        " \n\t@SUM(A1)",
        "\t1",
        "\r1",
        "-1",
        "'quoted",
    ],
)
def test_every_formula_start_is_guarded(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "a=1", " hello", "\u00a0Text", "Nr. -1", "x@y.de"])
def test_plain_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text


@given(st.text(st.characters(codec="utf-8") | st.sampled_from("=+-@\t\r\n \u00a0\ufeff'")))
def test_any_text_never_runs_and_reads_back_exactly(text: str) -> None:
    data = write_csv(["text"], [[text]], "rfc4180")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    cell = rows[1][0]
    assert not _runs_as_formula(cell) or cell.startswith("'")
    assert (cell[1:] if cell.startswith("'") else cell) == printable(text)


single_item = st.text(
    st.characters(exclude_characters="\r\n") | st.sampled_from("=+-@\t \u00a0\ufeff'\x00\x01"),
    min_size=1,
    max_size=12,
)


@settings(deadline=None)
@given(single_item, st.sampled_from(["excel-de", "rfc4180"]))
def test_the_csv_reader_reads_back_what_was_written(text: str, dialect: str) -> None:
    assume(printable(text) != "")
    position = Position(id="p1", carrier="c", fte=Decimal("0.5"))
    registry = Registry(name="r", positions=(attrs.evolve(position, funding=(text,)),))
    data = to_csv(registry, entity="positions", dialect=dialect, privacy="internal")  # type: ignore[arg-type]
    (read,) = read_positions_csv(data["positions.csv"], dialect)  # type: ignore[arg-type]
    assert read.funding == (printable(text),)


def test_printable_keeps_what_every_format_carries() -> None:
    assert printable("Grüße\tan\nalle\r\n ünd € 😀") == "Grüße\tan\nalle\r\n ünd € 😀"
    assert printable("a\x00b\x01c\x1fd\x7fe\x85f\ufffeg\U0010ffffh\ud800") == "abcdefgh\ufffd"
    assert html_text("<b>\x00</b>") == "&lt;b&gt;&lt;/b&gt;"


def test_a_control_character_no_longer_breaks_the_xlsx_export(tmp_path: Path) -> None:
    herne = load(str(example_path("herne")))
    school = attrs.evolve(herne.schools[0], name="Schule\x01\x00 =1")
    registry = attrs.evolve(herne, name="Herne\x02", schools=(school, *herne.schools[1:]))
    path = tmp_path / "herne.json"
    path.write_text(dumps(registry, "json"), encoding="utf-8")
    target = tmp_path / "herne.xlsx"
    assert _export(["export", str(path), "--format", "xlsx", "-o", str(target)]) == 0
    workbook = openpyxl.load_workbook(target)
    assert workbook["Schulen"]["B2"].value == "Schule =1"
    assert workbook.properties.title == "Herne"
    assert _export(["export", str(path), "--format", "csv", "-o", str(tmp_path / "csv")]) == 0
    assert "Schule =1" in (tmp_path / "csv" / "schools.csv").read_text(encoding="utf-8-sig")


def test_a_lone_surrogate_becomes_a_replacement_character_everywhere() -> None:
    herne = load(str(example_path("herne")))
    school = attrs.evolve(herne.schools[0], name="Schule\ud800\x00=1")
    carrier = attrs.evolve(herne.carriers[0], name="Träger\ud800\x00\x1b")
    registry = attrs.evolve(
        herne, schools=(school, *herne.schools[1:]), carriers=(carrier, *herne.carriers[1:])
    )
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(registry, as_of=AS_OF)))
    assert workbook["Schulen"]["B2"].value == "Schule\ufffd=1"
    page = to_html(registry, as_of=AS_OF, privacy="internal")
    html5lib.HTMLParser(strict=True).parse(page)
    assert "Träger\ufffd<" in page.encode("utf-8").decode("utf-8")
    assert "Schule\ufffd=1".encode() in to_csv(registry)["schools.csv"]


@settings(
    deadline=None,
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(registries)
def test_any_text_in_every_field_gives_an_xlsx_and_an_html_page_that_open(
    registry: Registry,
) -> None:
    for privacy in ("public", "internal"):
        workbook = openpyxl.load_workbook(
            io.BytesIO(to_xlsx(registry, as_of=AS_OF, privacy=privacy))
        )
        assert workbook.worksheets
        page = to_html(registry, as_of=AS_OF, privacy=privacy)
        html5lib.HTMLParser(strict=True).parse(page)
        for payload in to_csv(registry, privacy=privacy).values():
            payload.decode("utf-8")
