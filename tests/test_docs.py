"""The docs keep pace with the code: every model field is in the format reference."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import schulsozialarbeit
from schulsozialarbeit.model import COLLECTIONS, Registry

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _model_classes() -> list[type[Any]]:
    """Registry and every attrs class reachable from it through its fields."""
    seen: list[type[Any]] = []
    pending: list[type[Any]] = [Registry]
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.append(cls)
        for field in attrs.fields(attrs.resolve_types(cls)):
            for candidate in re.findall(r"\b([A-Z]\w+)\b", str(field.type)):
                found = getattr(schulsozialarbeit, candidate, None)
                if isinstance(found, type) and attrs.has(found) and found not in seen:
                    pending.append(found)
    return seen


def _section(text: str, title: str) -> str:
    match = re.search(rf"^#+ {title}\b.*?(?=^#+ |\Z)", text, re.M | re.S)
    assert match, f"docs/format.md has no section {title}"
    return match[0]


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda cls: cls.__name__)
def test_every_field_is_in_the_format_reference(cls: type[Any]) -> None:
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    title = "Registry" if cls is Registry else cls.__name__
    section = _section(text, title)
    for field in attrs.fields(cls):
        row = re.search(rf"^\| `{field.name}` \|.*$", section, re.M)
        assert row, f"{cls.__name__}.{field.name} is not documented"
        personal = bool(field.metadata.get("personal"))
        assert ("*personal*" in row[0]) == personal, f"{cls.__name__}.{field.name}: personal?"


def test_every_collection_is_covered() -> None:
    names = {cls.__name__ for cls in _model_classes()}
    assert {cls.__name__ for cls in COLLECTIONS.values()} <= names


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("script", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_every_example_script_runs(script: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_the_tutorials_python_runs(tmp_path: Path) -> None:
    from schulsozialarbeit.examples import write_example

    write_example("herne", tmp_path / "herne")
    text = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    for block in blocks:
        result = subprocess.run(
            [sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr


def test_the_readmes_python_runs() -> None:
    root = DOCS.parent
    (block,) = re.findall(r"```python\n(.*?)```", (root / "README.md").read_text("utf-8"), re.S)
    result = subprocess.run(
        [sys.executable, "-c", block], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "True 44 39.5\n"


def test_every_structural_problem_key_is_in_the_validation_catalogue() -> None:
    """The keys that loading can report, found in the code itself, so the list cannot drift."""
    source = Path(schulsozialarbeit.__file__).parent
    code = "".join(
        (source / folder / name).read_text("utf-8")
        for folder, name in (
            ("files", "converter.py"),
            ("files", "reading.py"),
            ("model", "checks.py"),
        )
    )
    keys = set(re.findall(r'key="([a-z-]+)"', code)) | {"plugin-failed"}
    assert keys >= {"wrong-type", "unknown-field", "missing-field", "invalid-timezone"}
    catalogue = (DOCS / "validation.md").read_text(encoding="utf-8")
    for key in keys:
        assert f"\n### {key}\n" in catalogue, key


def _api_section() -> str:
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    return text[text.index("## The public API") :]


def test_the_public_api_in_the_docs_is_exactly_the_top_levels_all() -> None:
    section = _api_section()
    top = section[section.index("### The top level") : section.index("### Public modules")]
    rows = [line for line in top.splitlines() if line.startswith("| ") and "---" not in line]
    documented = {
        name
        for row in rows[1:]
        for name in re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", row.split("|")[2])
    }
    assert documented == set(schulsozialarbeit.__all__)


def test_every_public_module_is_listed_and_importable() -> None:
    import importlib

    section = _api_section()
    listed = set(re.findall(r"^\| `(schulsozialarbeit\.[a-z0-9_]+)` \|", section, re.M))
    package = Path(schulsozialarbeit.__file__).parent
    subpackages = {
        f"schulsozialarbeit.{path.parent.name}"
        for path in package.glob("*/__init__.py")
        if path.parent.name != "examples"
    }
    modules = {f"schulsozialarbeit.{p.stem}" for p in package.glob("*.py") if p.stem[0] != "_"}
    assert listed == subpackages | modules
    for name in listed:
        assert importlib.import_module(name).__doc__, name


def test_the_version_comes_from_the_package_metadata() -> None:
    from importlib.metadata import version

    assert schulsozialarbeit.__version__ == version("schulsozialarbeit")
