"""Every registry file carries the version of the format it is written in (issue #12), so a
later model can upgrade older files on load; a file without it is version 1."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import schulsozialarbeit as ssa
from schulsozialarbeit.testing import example_registry


@pytest.fixture(scope="module")
def herne() -> ssa.Registry:
    return example_registry("herne")


def test_every_written_registry_file_starts_with_its_format_version(
    herne: ssa.Registry, tmp_path: Path
) -> None:
    ssa.dump(herne, tmp_path / "r.toml")
    ssa.dump(herne, tmp_path / "r.json")
    toml = (tmp_path / "r.toml").read_text(encoding="utf-8")
    assert toml.startswith("format_version = 1\n")
    assert tomllib.loads(toml)["format_version"] == 1
    assert (
        next(iter(json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))))
        == "format_version"
    )
    for exported in ("json", "toml"):
        target = str(tmp_path / f"e.{exported}")
        result = subprocess.run(
            [
                *(sys.executable, "-m", "schulsozialarbeit", "--no-plugins", "export"),
                *(str(tmp_path / "r.toml"), "--format", exported, "-o", target),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "format_version" in (tmp_path / f"e.{exported}").read_text(encoding="utf-8")
    assert ssa.load(tmp_path / "r.toml") == herne
    assert ssa.load(tmp_path / "r.json") == herne


def test_a_file_without_a_version_is_read_as_version_1(herne: ssa.Registry) -> None:
    data = ssa.to_dict(herne)
    del data["format_version"]
    assert ssa.from_dict(data) == herne
    assert ssa.from_dict({**data, "format_version": 1}) == herne


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (
            2,
            "format_version: format version 2: this version of schulsozialarbeit reads registry"
            " files up to format version 1; a newer one reads it",
        ),
        ("1", "format_version: expected a format version from 1 to 1 (a whole number), found: '1'"),
        (0, "format_version: expected a format version from 1 to 1 (a whole number), found: 0"),
        (
            True,
            "format_version: expected a format version from 1 to 1 (a whole number), found: True",
        ),
    ],
)
def test_a_version_this_library_cannot_read_is_refused_whole(
    herne: ssa.Registry, version: object, message: str, tmp_path: Path
) -> None:
    data = {**ssa.to_dict(herne), "format_version": version}
    with pytest.raises(ssa.StructureError) as caught:
        ssa.from_dict(data)
    assert [p.message("en") for p in caught.value.problems] == [message]
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "schulsozialarbeit",
            "--no-plugins",
            "--lang",
            "en",
            "validate",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "format_version" in result.stdout
    assert "Traceback" not in result.stderr


def test_each_file_of_a_folder_carries_its_own_version(tmp_path: Path) -> None:
    from schulsozialarbeit.examples import write_example

    folder = tmp_path / "herne"
    write_example("herne", folder)
    files = sorted(folder.glob("*.toml"))
    for file in files:
        file.write_text("format_version = 1\n" + file.read_text(encoding="utf-8"), encoding="utf-8")
    assert ssa.load(folder) == example_registry("herne")
    files[-1].write_text(
        "format_version = 9\n" + files[-1].read_text(encoding="utf-8").split("\n", 1)[1],
        encoding="utf-8",
    )
    with pytest.raises(ssa.StructureError) as caught:
        ssa.load(folder)
    [problem] = caught.value.problems
    assert (problem.file, problem.key) == (str(files[-1]), "format-version-newer")
