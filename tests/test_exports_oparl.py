"""The static OParl endpoint, checked as a client sees it: the files a web server publishes.

Every written object is validated against tests/oparl_schemas/oparl-1.1.json (written from the
OParl 1.1.1 specification's required fields and types), every URL under the base must resolve
to a written file, and a public export must carry no staff.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from schulsozialarbeit import ChangeAction, OccurrenceChange, Registry, load
from schulsozialarbeit.cli import main
from schulsozialarbeit.examples import EXAMPLES, example_path
from schulsozialarbeit.exports import ExportOptions
from schulsozialarbeit.exports.oparl import FALLBACK_TIMESTAMP, to_oparl, write_oparl
from schulsozialarbeit.plugins import load_plugins

from .strategies import registries

BASE = "https://example.org/oparl"
SCHEMA_FILE = Path(__file__).resolve().parent / "oparl_schemas" / "oparl-1.1.json"
BERLIN = ZoneInfo("Europe/Berlin")
PRIVACY = ("public", "internal")
SERIES = "ak-schulsozialarbeit-sitzungen"


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


def _validator(definition: str) -> Draft202012Validator:
    schema = _schema()
    return Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]})


def _export(folder: Path, example: str, privacy: str = "public") -> Path:
    args = ["export", str(example_path(example)), "--format", "oparl", "-o", str(folder)]
    args += ["--base-url", BASE, "--privacy", privacy]
    assert main(args, stdout=io.StringIO()) == 0
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _documents(folder: Path) -> dict[str, Any]:
    """Every file by the URL it is published at."""
    return {
        f"{BASE}/{name.removesuffix('.json')}": json.loads(payload)
        for name, payload in _files(folder).items()
    }


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _check_endpoint(folder: Path) -> dict[str, Any]:
    """Every file is a valid object or list page, and every URL under the base resolves."""
    documents = _documents(folder)
    assert f"{BASE}/system" in documents
    for url, document in documents.items():
        if "data" in document:
            errors = list(_validator("ObjectList").iter_errors(document))
            assert document["links"]["self"] == url
        else:
            kind = document["type"].removeprefix("https://schema.oparl.org/1.1/")
            errors = list(_validator(kind).iter_errors(document))
            assert document["id"] == url, "an object's id is the URL it is published at"
        assert not errors, f"{url}: {[e.message for e in errors]}"
        for text in _strings(document):
            if text.startswith(BASE):
                assert text in documents, f"{url} links {text}, which no file answers"
    return documents


def _objects(documents: dict[str, Any], kind: str) -> dict[str, Any]:
    return {
        url: d
        for url, d in documents.items()
        if d.get("type") == f"https://schema.oparl.org/1.1/{kind}"
    }


@pytest.mark.parametrize("privacy", PRIVACY)
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_is_a_valid_endpoint_whose_urls_all_resolve(
    tmp_path: Path, example: str, privacy: str
) -> None:
    documents = _check_endpoint(_export(tmp_path / "oparl", example, privacy))
    system = documents[f"{BASE}/system"]
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    (body_url,) = [d["id"] for d in documents[system["body"]]["data"]]
    body = documents[body_url]
    assert documents[body["organization"]]["pagination"]["totalElements"] >= 1
    assert documents[body["meeting"]]["pagination"]["totalElements"] >= 1
    assert documents[body["paper"]]["data"] == []
    people = documents[body["person"]]["data"]
    assert (len(people) > 0) == (privacy == "internal")


@pytest.mark.parametrize("privacy", PRIVACY)
@pytest.mark.parametrize("example", EXAMPLES)
def test_a_second_run_gives_identical_bytes(tmp_path: Path, example: str, privacy: str) -> None:
    first = _files(_export(tmp_path / "a", example, privacy))
    assert _files(_export(tmp_path / "b", example, privacy)) == first
    assert _files(_export(tmp_path / "a", example, privacy)) == first, "over itself, too"


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_public_export_has_no_staff(tmp_path: Path, example: str) -> None:
    registry = load(str(example_path(example)))
    folder = _export(tmp_path / "oparl", example, "public")
    text = b"\n".join(_files(folder).values()).decode("utf-8")
    personal = [m.name for m in registry.staff] + [m.id for m in registry.staff]
    personal += [m.email for m in registry.staff if m.email]
    personal += [m.phone for m in registry.staff if m.phone]
    personal += [c.name for o in registry.offices for c in o.contacts if c.name]
    assert registry.staff
    for value in personal:
        assert value not in text, f"{value!r} is in the public export"
    documents = _documents(folder)
    assert not _objects(documents, "Person")
    assert not _objects(documents, "Membership")
    assert not (folder / "person").exists()
    assert not (folder / "membership").exists()


def test_the_internal_export_has_people_with_their_memberships(tmp_path: Path) -> None:
    documents = _check_endpoint(_export(tmp_path / "oparl", "kreis-soest", "internal"))
    person = documents[f"{BASE}/person/fk-s08"]
    roles = {(m["organization"].rsplit("/", 1)[1], m["role"]) for m in person["membership"]}
    assert ("ak-kollegiale-fallberatung-lippstadt", "Ansprechperson") in roles
    group = documents[f"{BASE}/organization/ak-kollegiale-fallberatung-lippstadt"]
    assert f"{BASE}/membership/ak-kollegiale-fallberatung-lippstadt/fk-s08" in group["membership"]
    assert all(
        documents[url]["person"].startswith(f"{BASE}/person/") for url in group["membership"]
    )


def test_kreis_soests_case_consultation_has_its_two_area_groups(tmp_path: Path) -> None:
    documents = _documents(_export(tmp_path / "oparl", "kreis-soest"))
    parent = f"{BASE}/organization/ak-kollegiale-fallberatung"
    assert documents[parent]["name"] == "AK Kollegiale Fallberatung"
    assert documents[parent]["organizationType"] == "Gremium"
    assert documents[parent]["classification"] == "Kollegiale Fallberatung"
    subs = {
        d["name"]
        for d in _objects(documents, "Organization").values()
        if d.get("subOrganizationOf") == parent
    }
    assert subs == {
        "AK Kollegiale Fallberatung Raum Lippstadt",
        "AK Kollegiale Fallberatung Raum Soest",
    }
    office = documents[f"{BASE}/organization/koordinierungsstelle-kreis-soest"]
    assert office["organizationType"] == "Verwaltungsbereich"
    assert office["location"]["streetAddress"] == "Hoher Weg 1-3"


def test_kreis_soests_working_group_meetings_of_2022_with_the_amended_online_date(
    tmp_path: Path,
) -> None:
    documents = _documents(_export(tmp_path / "oparl", "kreis-soest"))
    network = documents[f"{BASE}/organization/ak-schulsozialarbeit-kreis-soest"]
    listed = documents[network["meeting"]]["data"]
    of_2022 = {m["id"]: m for m in listed if m["start"].startswith("2022-")}
    assert sorted(url.rsplit("/", 1)[1] for url in of_2022) == [
        "2022-02-16",
        "2022-05-18",
        "2022-09-21",
        "2022-11-16",
    ]
    amended = documents[f"{BASE}/meeting/{SERIES}/2022-11-16"]
    assert amended == of_2022[amended["id"]], "the list holds the object itself"
    assert amended["start"] == "2022-11-16T09:00:00+01:00"
    assert amended["cancelled"] is False
    assert (
        "https://meet.example.org/kreis-soest/ak-schulsozialarbeit"
        in (amended["location"]["description"])
    )
    assert "streetAddress" not in amended["location"]
    assert amended["modified"] == "2022-10-20T10:00:00+02:00", "the change's own timestamp"
    usual = documents[f"{BASE}/meeting/{SERIES}/2022-09-21"]
    assert usual["modified"] == "2022-06-30T12:00:00+02:00", "the registry's timestamp"
    assert usual["created"] == "2020-01-06T09:00:00+01:00"
    assert usual["location"]["streetAddress"] == "Hoher Weg 1-3"
    assert usual["organization"][0] == network["id"]


def _with_change(registry: Registry, change: OccurrenceChange) -> Registry:
    series = [
        attrs.evolve(s, changes=(*s.changes, change)) if s.id == SERIES else s
        for s in registry.series
    ]
    return attrs.evolve(registry, series=tuple(series))


def test_a_moved_date_keeps_its_url_and_changes_start_and_modified() -> None:
    registry = load(str(example_path("kreis-soest")))
    url = f"meeting/{SERIES}/2022-09-21.json"
    before = json.loads(to_oparl(registry, base_url=BASE)[url])
    moved = _with_change(
        registry,
        OccurrenceChange(
            date=date(2022, 9, 21),
            action=ChangeAction.MOVE,
            start=datetime(2022, 9, 28, 9, 0, tzinfo=BERLIN),
            modified=datetime(2022, 9, 1, 8, 0, tzinfo=BERLIN),
        ),
    )
    after = json.loads(to_oparl(moved, base_url=BASE)[url])
    assert after["id"] == before["id"]
    assert (before["start"], after["start"]) == (
        "2022-09-21T09:00:00+02:00",
        "2022-09-28T09:00:00+02:00",
    )
    assert after["modified"] == "2022-09-01T08:00:00+02:00" > before["modified"]
    assert after["created"] == before["created"]


def test_a_cancelled_date_stays_with_cancelled_true() -> None:
    registry = _with_change(
        load(str(example_path("kreis-soest"))),
        OccurrenceChange(date=date(2022, 5, 18), action=ChangeAction.CANCEL),
    )
    meeting = json.loads(to_oparl(registry, base_url=BASE)[f"meeting/{SERIES}/2022-05-18.json"])
    assert meeting["cancelled"] is True


def test_a_removed_object_stays_in_a_re_export_marked_deleted(tmp_path: Path) -> None:
    folder = tmp_path / "oparl"
    registry = load(str(example_path("kreis-soest")))
    write_oparl(registry, folder, base_url=BASE)
    gone = "vortrag-transgender-2022-06-20"
    old = json.loads((folder / "meeting" / f"{gone}.json").read_text("utf-8"))
    later = attrs.evolve(
        registry,
        meetings=tuple(m for m in registry.meetings if m.id != gone),
        modified=datetime(2022, 7, 1, 8, 0, tzinfo=BERLIN),
    )
    write_oparl(later, folder, base_url=BASE)
    documents = _check_endpoint(folder)
    stub = documents[f"{BASE}/meeting/{gone}"]
    assert stub == {
        "id": f"{BASE}/meeting/{gone}",
        "type": "https://schema.oparl.org/1.1/Meeting",
        "created": old["created"],
        "modified": "2022-07-01T08:00:00+02:00",
        "deleted": True,
    }
    assert documents[f"{BASE}/meeting/{gone}/location"]["deleted"] is True
    body_meetings = documents[f"{BASE}/body/kreis-soest/meeting"]["data"]
    assert stub in body_meetings, "a mirror learns of the deletion from the list"
    first = _files(folder)
    write_oparl(later, folder, base_url=BASE)
    assert _files(folder) == first, "the stub stays as it is on every later run"


def test_a_public_export_over_an_internal_one_leaves_no_people(tmp_path: Path) -> None:
    folder = _export(tmp_path / "oparl", "kreis-soest", "internal")
    assert (folder / "person").is_dir()
    (folder / "README.txt").write_text("mine", encoding="utf-8")
    _export(folder, "kreis-soest", "public")
    assert _files(folder) == {
        **_files(_export(tmp_path / "fresh", "kreis-soest", "public")),
        "README.txt": b"mine",
    }


def test_lists_are_paged_and_every_page_links_the_next() -> None:
    registry = load(str(example_path("kreis-soest")))
    files = {
        name: json.loads(payload)
        for name, payload in to_oparl(registry, base_url=BASE, page_size=7).items()
    }
    first = files["body/kreis-soest/meeting.json"]
    total = first["pagination"]["totalElements"]
    assert first["pagination"]["totalPages"] == -(-total // 7) > 2
    seen: list[str] = []
    page: dict[str, Any] | None = first
    while page is not None:
        assert len(page["data"]) <= 7
        seen += [m["id"] for m in page["data"]]
        following = page["links"].get("next")
        page = files[following.removeprefix(BASE + "/") + ".json"] if following else None
    assert len(seen) == len(set(seen)) == total


def test_timestamps_fall_back_to_the_registry_then_to_a_fixed_instant() -> None:
    herne = load(str(example_path("herne")))
    assert herne.modified is None
    system = json.loads(to_oparl(herne, base_url=BASE)["system.json"])
    fallback = FALLBACK_TIMESTAMP.astimezone(BERLIN).isoformat()
    assert system["created"] == system["modified"] == fallback
    stamped = attrs.evolve(herne, modified=datetime(2017, 11, 30, 12, 0, tzinfo=BERLIN))
    files = to_oparl(stamped, base_url=BASE)
    assert json.loads(files["system.json"])["modified"] == "2017-11-30T12:00:00+01:00"
    network = json.loads(files["organization/austausch-gs-asd-wanne-eickel.json"])
    assert network["modified"] == "2017-11-30T12:00:00+01:00"
    assert network["created"] == fallback


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["-o", "{out}"], "--base-url"),
        (["--base-url", BASE], "-o"),
        (["-o", "{out}", "--base-url", "ftp://example.org/oparl"], "ftp://example.org/oparl"),
        (["-o", "{out}", "--base-url", f"{BASE}?x=1"], "?x=1"),
    ],
)
def test_the_command_refuses_an_oparl_export_it_cannot_publish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], expected: str
) -> None:
    args = [a.replace("{out}", str(tmp_path / "out")) for a in extra]
    herne = str(example_path("herne"))
    assert main(["--lang", "en", "export", herne, "--format", "oparl", *args]) == 2
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_base_url_is_refused_for_other_formats(capsys: pytest.CaptureFixture[str]) -> None:
    herne = str(example_path("herne"))
    args = ["--lang", "en", "export", herne, "--format", "json", "--base-url", BASE]
    assert main(args, stdout=io.StringIO()) == 2
    assert "does not use the option --base-url" in capsys.readouterr().err


def test_the_command_says_where_the_endpoint_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    herne = str(example_path("herne"))
    args = ["--lang", "en", "export", herne, "--format", "oparl", "-o", str(tmp_path / "o")]
    assert main([*args, "--base-url", BASE + "/"], stdout=io.StringIO()) == 0
    err = capsys.readouterr().err
    assert f"entry point {BASE}/system" in err
    assert "files in" in err


def test_the_registered_format_gives_the_endpoint_as_one_document() -> None:
    registry = load(str(example_path("gelsenkirchen")))
    plugins = load_plugins(entry_points=False)
    assert "oparl" in plugins.exporters().value
    options = ExportOptions(as_of=date(2023, 4, 27), base_url=BASE)
    outcome = plugins.export(registry, "oparl", options)
    assert outcome.value is not None
    bundle = json.loads(outcome.value)
    files = to_oparl(registry, base_url=BASE)
    assert bundle == {name: json.loads(payload) for name, payload in files.items()}


def test_the_schemas_refuse_what_the_specification_forbids() -> None:
    """The checks above mean something only if the schemas fail on wrong objects."""
    files = to_oparl(load(str(example_path("kreis-soest"))), base_url=BASE)
    meeting = json.loads(files[f"meeting/{SERIES}/2022-11-16.json"])
    body = json.loads(files["body/kreis-soest.json"])
    broken = [
        ("Meeting", {k: v for k, v in meeting.items() if k != "modified"}),
        ("Meeting", {**meeting, "location": {**meeting["location"], "created": "2022-01-01"}}),
        ("Meeting", {**meeting, "cancelled": "no"}),
        ("Meeting", {**meeting, "organisation": []}),
        ("Body", {k: v for k, v in body.items() if k != "legislativeTerm"}),
        ("Body", {k: v for k, v in body.items() if k != "paper"}),
        ("Organization", {**meeting, "type": "https://schema.oparl.org/1.1/Organization"}),
    ]
    for kind, document in broken:
        assert not _validator(kind).is_valid(document), document
    assert _validator("Meeting").is_valid(meeting)
    assert _validator("Body").is_valid(body)


def test_ids_become_safe_distinct_path_segments(tmp_path: Path) -> None:
    registry = load(str(example_path("kreis-soest")))
    renamed = {"ak-kollegiale-fallberatung-soest": "../../Etc", "ak-kollegiale-fallberatung": "etc"}
    networks = tuple(
        attrs.evolve(
            n,
            id=renamed.get(n.id, n.id),
            parent=renamed.get(n.parent, n.parent) if n.parent else None,
        )
        for n in registry.networks
    )
    folder = tmp_path / "out" / "oparl"
    write_oparl(attrs.evolve(registry, networks=networks), folder, base_url=BASE)
    documents = _check_endpoint(folder)
    assert {p.resolve().is_relative_to(folder.resolve()) for p in folder.rglob("*")} == {True}
    assert documents[f"{BASE}/organization/etc-2"]["name"] == "AK Kollegiale Fallberatung"
    area = documents[f"{BASE}/organization/etc"]
    assert area["subOrganizationOf"] == f"{BASE}/organization/etc-2"


def test_a_linked_folder_is_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = tmp_path / "oparl"
    folder.mkdir()
    (folder / "organization").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ValueError, match="link"):
        write_oparl(load(str(example_path("herne"))), folder, base_url=BASE)
    assert not any(elsewhere.iterdir())
    assert [p.name for p in folder.iterdir()] == ["organization"], "checked before writing"
    herne = str(example_path("herne"))
    args = ["--lang", "en", "export", herne, "--format", "oparl", "-o", str(folder)]
    assert main([*args, "--base-url", BASE], stdout=io.StringIO()) == 2


def _check_files(files: dict[str, bytes]) -> None:
    """:func:`_check_endpoint` for files in memory."""
    documents = {
        f"{BASE}/{name.removesuffix('.json')}": json.loads(payload)
        for name, payload in files.items()
    }
    for url, document in documents.items():
        definition = "ObjectList" if "data" in document else document["type"].rsplit("/", 1)[1]
        errors = [e.message for e in _validator(definition).iter_errors(document)]
        assert not errors, f"{url}: {errors}"
        for text in _strings(document):
            if text.startswith(BASE + "/"):
                assert text in documents, f"{url} links {text}, which no file answers"


@settings(max_examples=60, deadline=None)
@given(registry=registries, privacy=st.sampled_from(PRIVACY))
def test_any_registry_gives_a_valid_endpoint_whose_urls_all_resolve(
    registry: Registry, privacy: str
) -> None:
    """Whatever a registry holds (ids that clash once made safe, empty names, odd links),
    the endpoint stays valid; series without a rule, since a broken RRULE is a load error."""
    plain = attrs.evolve(
        registry, series=tuple(attrs.evolve(s, rrule=None) for s in registry.series)
    )
    files = to_oparl(plain, base_url=BASE, privacy=privacy)  # type: ignore[arg-type]
    _check_files(files)
    assert to_oparl(plain, base_url=BASE, privacy=privacy) == files  # type: ignore[arg-type]
    if privacy == "public":
        assert not any(name.startswith(("person/", "membership/")) for name in files)


def test_the_docs_state_the_page_size_and_the_fallback() -> None:
    from schulsozialarbeit.exports.oparl import PAGE_SIZE

    docs = Path(__file__).resolve().parent.parent / "docs"
    text = (docs / "exports" / "oparl.md").read_text(encoding="utf-8")
    assert f"**{PAGE_SIZE} objects per page**" in text
    fallback = FALLBACK_TIMESTAMP.isoformat()
    assert fallback in text
    assert fallback in (docs / "format.md").read_text(encoding="utf-8")
