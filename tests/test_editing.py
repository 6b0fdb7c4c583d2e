"""Editing a registry in place: only what changed is written, comments and layout stay."""

from __future__ import annotations

import difflib
import json
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import schulsozialarbeit as ssa
from schulsozialarbeit.examples import write_example
from schulsozialarbeit.files.editing import update
from schulsozialarbeit.model import Address, Region, RegionKind, School, SchoolForm


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def _new_school(identifier: str) -> School:
    return School(
        id=identifier,
        name="Neue Grundschule",
        form=SchoolForm.GRUNDSCHULE,
        region="kreis-soest",
        school_number="199999",
        address=Address(street="Am Markt 1", postal_code="59494", city="Soest"),
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write_example("kreis-soest", tmp_path / "ks")
    return tmp_path / "ks"


def test_a_folder_keeps_comments_and_layout_and_changes_only_what_differs(folder: Path) -> None:
    before = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
    registry = ssa.load(folder)
    schools = list(registry.schools)
    schools[0] = attrs.evolve(schools[0], name="Grundschule Am Nordpark (neu)", pupils=250)
    schools[1] = attrs.evolve(schools[1], cooperation_agreement=date(2024, 8, 1))
    schools.append(_new_school("gs-soest-neu"))
    positions = list(registry.positions)
    positions[0] = attrs.evolve(positions[0], fte=Decimal("0.75"))
    regions = (*registry.regions, Region(id="kreis-olpe", name="Kreis Olpe", kind=RegionKind.KREIS))
    edited = attrs.evolve(
        registry, schools=tuple(schools), positions=tuple(positions), regions=regions
    )

    written = update(folder, edited)

    assert sorted(p.name for p in written) == ["positions.toml", "registry.toml", "schools.toml"]
    assert ssa.load(folder) == edited
    after = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
    assert _changed_lines(before["positions.toml"], after["positions.toml"]) == [
        "-fte = 0.5",
        "+fte = 0.75",
    ]
    assert _changed_lines(before["schools.toml"], after["schools.toml"]) == [
        '-name = "Grundschule Am Nordpark"',
        '+name = "Grundschule Am Nordpark (neu)"',
        "-pupils = 241",
        "+pupils = 250",
        "+cooperation_agreement = 2024-08-01",
        "+",
        "+[[schools]]",
        '+id = "gs-soest-neu"',
        '+name = "Neue Grundschule"',
        '+form = "grundschule"',
        '+region = "kreis-soest"',
        '+school_number = "199999"',
        '+address = { street = "Am Markt 1", postal_code = "59494", city = "Soest" }',
    ]
    # The new region goes after the last region, before the comment that heads what follows.
    regions_diff = _changed_lines(before["registry.toml"], after["registry.toml"])
    assert regions_diff == [
        "+",
        "+[[regions]]",
        '+id = "kreis-olpe"',
        '+name = "Kreis Olpe"',
        '+kind = "kreis"',
    ]
    text = after["registry.toml"]
    assert text.index('id = "kreis-olpe"') < text.index("# Koordinierungsstelle")
    assert text.index('key = "05974000"  # Regionalschlüssel') < text.index("kreis-olpe")
    for name in before.keys() - {"positions.toml", "registry.toml", "schools.toml"}:
        assert after[name] == before[name]

    assert update(folder, edited) == ()


def test_an_entity_taken_out_and_a_new_collection_in_its_own_file(folder: Path) -> None:
    registry = ssa.load(folder)
    kept = tuple(s for s in registry.schools if s.id != "gs-geseke-mitte")
    # No position may point at the school taken out; the registry must still load.
    positions = tuple(
        p for p in registry.positions if all(a.school != "gs-geseke-mitte" for a in p.assignments)
    )
    edited = attrs.evolve(registry, schools=kept, positions=positions)
    update(folder, edited)
    assert "gs-geseke-mitte" not in (folder / "schools.toml").read_text(encoding="utf-8")
    assert ssa.load(folder) == edited


def test_a_single_toml_file_gets_its_new_entity_after_the_last_of_its_kind(
    tmp_path: Path,
) -> None:
    path = tmp_path / "registry.toml"
    path.write_text(
        '# Kopf\nname = "Test"  # der Name\n\n[[regions]]\nid = "kreis-soest"\n'
        'name = "Kreis Soest"\nkind = "kreis"\n\n# Schulen\n[[schools]]\nid = "a"\n'
        'name = "A"\nform = "grundschule"\nregion = "kreis-soest"\n',
        encoding="utf-8",
    )
    path.chmod(0o640)
    registry = ssa.load(path)
    edited = attrs.evolve(
        registry, schools=(*registry.schools, _new_school("b")), description="Beschreibung"
    )
    update(path, edited)
    assert path.read_text(encoding="utf-8") == (
        '# Kopf\nname = "Test"  # der Name\ndescription = "Beschreibung"\n\n[[regions]]\n'
        'id = "kreis-soest"\nname = "Kreis Soest"\nkind = "kreis"\n\n# Schulen\n[[schools]]\n'
        'id = "a"\nname = "A"\nform = "grundschule"\nregion = "kreis-soest"\n\n[[schools]]\n'
        'id = "b"\nname = "Neue Grundschule"\nform = "grundschule"\nregion = "kreis-soest"\n'
        'school_number = "199999"\n'
        'address = { street = "Am Markt 1", postal_code = "59494", city = "Soest" }\n'
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert ssa.load(path) == edited


def test_a_json_registry_is_written_as_dump_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "registry.json"
    write_example("kreis-soest", tmp_path / "ks")
    ssa.dump(ssa.load(tmp_path / "ks"), path)
    registry = ssa.load(path)
    edited = attrs.evolve(registry, schools=(*registry.schools, _new_school("b")))
    update(path, edited)
    assert path.read_text(encoding="utf-8") == ssa.dumps(edited, "json")
    assert json.loads(path.read_text(encoding="utf-8"))["schools"][-1]["id"] == "b"


def test_inline_arrays_duplicate_ids_and_a_folder_of_json(tmp_path: Path) -> None:
    path = tmp_path / "registry.toml"
    path.write_text(
        'name = "Test"\nregions = [\n  { id = "r", name = "R", kind = "kreis" },\n]\n'
        "# zweimal dieselbe id: die Prüfung meldet es, das Schreiben verliert keine\n"
        '[[schools]]\nid = "a"\nname = "A1"\nform = "grundschule"\nregion = "r"\n\n'
        '[[schools]]\nid = "a"\nname = "A2"\nform = "grundschule"\nregion = "r"\n',
        encoding="utf-8",
    )
    registry = ssa.load(path)
    first, second = registry.schools
    edited = attrs.evolve(
        registry,
        schools=(first, attrs.evolve(second, name="A2 neu"), _new_school("b")),
        regions=(*registry.regions, Region(id="s", name="S", kind=RegionKind.KREIS)),
    )
    update(path, edited)
    text = path.read_text(encoding="utf-8")
    assert '  { id = "r", name = "R", kind = "kreis" },' in text
    assert ssa.load(path) == edited
    assert 'name = "A1"' in text

    folder = tmp_path / "json"
    folder.mkdir()
    (folder / "a.json").write_text('{"name": "J", "regions": []}', encoding="utf-8")
    (folder / "b.json").write_text(
        '{"regions": [{"id": "r", "name": "R", "kind": "kreis"}]}', encoding="utf-8"
    )
    loaded = ssa.load(folder)
    changed = attrs.evolve(loaded, schools=(_new_school("c"),), description="neu")
    changed = attrs.evolve(changed, schools=(attrs.evolve(changed.schools[0], region="r"),))
    written = update(folder, changed)
    assert sorted(p.name for p in written) == ["a.json", "schools.json"]
    assert ssa.load(folder) == changed


def test_standing_in_for_untouched_entities_changes_nothing_in_the_result(
    folder: Path,
) -> None:
    """tomlkit parses only the entities an edit touches; the rest stand in as one line each.
    The files come out byte for byte as from the whole documents."""
    from schulsozialarbeit.files.editing import _edited

    registry = ssa.load(folder)
    schools = list(registry.schools)
    schools[3] = attrs.evolve(schools[3], name="Umbenannt", pupils=None)
    del schools[5]
    schools.append(_new_school("gs-soest-neu"))
    positions = tuple(
        p
        for p in registry.positions
        if all(a.school != registry.schools[5].id for a in p.assignments)
    )
    series = list(registry.series)
    series[0] = attrs.evolve(series[0], title="Neuer Titel")
    edited = attrs.evolve(
        registry, schools=tuple(schools), positions=positions, series=tuple(series)
    )
    reduced = _edited(folder, registry, edited, reduce=True)
    whole = _edited(folder, registry, edited, reduce=False)
    assert reduced == whole
    assert any("Umbenannt" in text for text in reduced.values())
