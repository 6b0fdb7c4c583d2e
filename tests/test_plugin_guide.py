"""The plugin guide's complete plugin, built and installed with pip, and the import rule of
plugins: a plugin takes from the library only what ``schulsozialarbeit.hooks`` offers (and
the model classes), so the core can reshape its inside without breaking a district."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace

import icalendar
import pytest

import schulsozialarbeit
from schulsozialarbeit.plugins import ENV_VAR

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "plugins.md"
PACKAGE = schulsozialarbeit.__name__
#: What a plugin's own code may import of the library.
PLUGIN_API = frozenset({PACKAGE, f"{PACKAGE}.hooks", f"{PACKAGE}.model"})
#: What a plugin's tests may import besides: the fixtures and their result type.
TEST_API = PLUGIN_API | {f"{PACKAGE}.testing"}

REGISTRY = """\
name = "Beispielkreis"
[[regions]]
id = "bk"
name = "Beispielkreis"
kind = "kreis"
key = "{key}"
[[schools]]
id = "gs-1"
name = "GS 1"
form = "grundschule"
region = "bk"
[[series]]
id = "ak"
kind = "working_group"
title = "AK"
first = 2025-09-01
start_time = "10:00"
end_time = "11:00"
rrule = "FREQ=WEEKLY;COUNT=2"
venue = {{ mode = "online", url = "https://example.org/ak" }}
"""


def _guide_files() -> dict[str, str]:
    """The files of the complete example plugin, as the guide shows them."""
    blocks = re.findall(r"```\w+\n# file: (\S+)\n(.*?)```", GUIDE.read_text("utf-8"), re.S)
    return dict(blocks)


def _submodule(name: str) -> bool:
    """Whether ``schulsozialarbeit.<name>`` is a module (imported yet or not)."""
    return importlib.util.find_spec(f"{PACKAGE}.{name}") is not None


def _library_imports(source: str) -> list[tuple[str, int]]:
    """Every module of the library that ``source`` imports, with its line.

    ``from schulsozialarbeit import name`` counts as the submodule ``name`` when that is a
    module (``from schulsozialarbeit import plugins``), else as the top level; so does
    ``ssa.name`` after ``import schulsozialarbeit as ssa``.
    """
    found: list[tuple[str, int]] = []
    tree = ast.parse(source)
    top: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
            top |= {alias.asname or PACKAGE for alias in node.names if alias.name == PACKAGE}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module != PACKAGE:
                found.append((node.module, node.lineno))
                continue
            for alias in node.names:
                submodule = _submodule(alias.name)
                found.append((f"{PACKAGE}.{alias.name}" if submodule else PACKAGE, node.lineno))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in top
            and _submodule(node.attr)
        ):
            found.append((f"{PACKAGE}.{node.attr}", node.lineno))
    return sorted(
        {(name, line) for name, line in found if name.split(".")[0] == PACKAGE},
        key=lambda item: (item[1], item[0]),
    )


def _forbidden(path: Path, allowed: frozenset[str]) -> list[str]:
    imports = _library_imports(path.read_text(encoding="utf-8"))
    return [f"{path}:{line}: {name}" for name, line in imports if name not in allowed]


def test_the_import_rule_sees_every_way_of_importing() -> None:
    source = (
        "import schulsozialarbeit.cli\n"
        "from schulsozialarbeit import Registry, plugins, testing\n"
        "from schulsozialarbeit.exports.csv import neutralise\n"
        "from schulsozialarbeit.hooks import hookimpl\n"
        "from .local import helper\n"
        "import schulsozialarbeit_herne\n"
        "import schulsozialarbeit as ssa\n"
        "ssa.scheduling.occurrences(ssa.Registry(name='x'))\n"
    )
    assert _library_imports(source) == [
        ("schulsozialarbeit.cli", 1),
        ("schulsozialarbeit", 2),
        ("schulsozialarbeit.plugins", 2),
        ("schulsozialarbeit.testing", 2),
        ("schulsozialarbeit.exports.csv", 3),
        ("schulsozialarbeit.hooks", 4),
        ("schulsozialarbeit", 7),
        ("schulsozialarbeit.scheduling", 8),
    ]


PLUGIN_SOURCES = sorted((ROOT / "plugins").glob("*/src/**/*.py"))
PLUGIN_TESTS = sorted((ROOT / "plugins").glob("*/tests/**/*.py"))


def test_there_are_plugins_to_check() -> None:
    names = {path.relative_to(ROOT / "plugins").parts[0] for path in PLUGIN_SOURCES}
    assert {"herne", "kreis-soest", "gelsenkirchen", "nrw-landesprogramm", "template"} <= names
    assert {path.relative_to(ROOT / "plugins").parts[0] for path in PLUGIN_TESTS} == names


@pytest.mark.parametrize(
    "path", PLUGIN_SOURCES, ids=lambda path: str(path.relative_to(ROOT / "plugins"))
)
def test_plugins_import_only_the_hooks_module_and_the_model(path: Path) -> None:
    assert _forbidden(path, PLUGIN_API) == []


@pytest.mark.parametrize(
    "path", PLUGIN_TESTS, ids=lambda path: str(path.relative_to(ROOT / "plugins"))
)
def test_plugin_tests_import_the_hooks_the_model_and_the_fixtures(path: Path) -> None:
    assert _forbidden(path, TEST_API) == []


def test_the_guides_plugin_imports_only_the_hooks_module() -> None:
    files = _guide_files()
    assert set(files) == {
        "pyproject.toml",
        "src/schulsozialarbeit_beispielkreis/__init__.py",
        "tests/test_beispielkreis.py",
    }
    module = files["src/schulsozialarbeit_beispielkreis/__init__.py"]
    assert {name for name, _ in _library_imports(module)} == {f"{PACKAGE}.hooks"}
    tests = files["tests/test_beispielkreis.py"]
    assert {name for name, _ in _library_imports(tests)} <= {f"{PACKAGE}.hooks"}


def test_every_python_example_of_the_guide_imports_only_the_hooks_module() -> None:
    blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text("utf-8"), re.S)
    assert len(blocks) >= 8
    for block in blocks:
        assert {name for name, _ in _library_imports(block)} <= {f"{PACKAGE}.hooks"}, block


def test_the_guide_names_everything_the_hooks_module_offers() -> None:
    from schulsozialarbeit import hooks

    guide = GUIDE.read_text("utf-8")
    section = re.search(
        r"^## 5\. What `schulsozialarbeit\.hooks` offers\n(.*?)^## ", guide, re.M | re.S
    )
    assert section, "the guide has no section on schulsozialarbeit.hooks"
    named = set(re.findall(r"`(\w+)", section[1]))
    assert set(hooks.__all__) - named == set()


# -- the guide's plugin, installed -------------------------------------------------------


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The guide's plugin, built and installed with pip into a folder of its own, and two
    registries: one of its region, one of Herne's."""
    root = tmp_path_factory.mktemp("plugin")
    package, site = root / "package", root / "site"
    for name, body in _guide_files().items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(body, encoding="utf-8")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site)]
    subprocess.run([*pip, str(package)], check=True, capture_output=True)
    registry, elsewhere = root / "registry.toml", root / "elsewhere.toml"
    registry.write_text(REGISTRY.format(key="05999000"), encoding="utf-8")
    elsewhere.write_text(REGISTRY.format(key="05916000"), encoding="utf-8")
    return SimpleNamespace(package=package, site=site, registry=registry, elsewhere=elsewhere)


def _environment(installed: SimpleNamespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    env["PYTHONPATH"] = str(installed.site)
    return env


def _run(installed: SimpleNamespace, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The command line in a process of its own, with the guide's plugin installed."""
    command = [sys.executable, "-m", "schulsozialarbeit", *args]
    return subprocess.run(command, capture_output=True, env=_environment(installed), check=False)


def _text(installed: SimpleNamespace, *args: str) -> str:
    result = _run(installed, *args)
    assert result.returncode == 0, result.stderr.decode("utf-8")
    return result.stdout.decode("utf-8")


def test_the_guides_plugin_installs_and_takes_effect(installed: SimpleNamespace) -> None:
    listed = json.loads(_text(installed, "plugins", "--format", "json"))
    mine = next(p for p in listed["plugins"] if p["name"] == "beispielkreis")
    assert {key: mine[key] for key in ("version", "hooks", "formats")} == {
        "version": "0.1.0",
        "hooks": [
            "blackout_dates",
            "exporters",
            "extra_figures",
            "ical_event",
            "validation_issues",
        ],
        "formats": ["schulliste"],
    }
    assert listed["faults"] == []
    registry = str(installed.registry)
    checked = _text(installed, "validate", registry, "--format", "json", "--as-of", "2024-01-31")
    codes = {i["code"] for i in json.loads(checked)["issues"]}
    assert "beispielkreis/ohne-schulnummer" in codes
    exported = _run(installed, "export", registry, "--format", "schulliste")
    assert (exported.returncode, exported.stderr) == (0, b"")
    assert exported.stdout == "\ufeffid;name\r\ngs-1;GS 1\r\n".encode()
    unknown = _run(installed, "--no-plugins", "export", registry, "--format", "schulliste")
    assert unknown.returncode == 2
    assert "csv, json, jsonschema, oparl, toml, xlsx" in unknown.stderr.decode("utf-8")
    figures = json.loads(_text(installed, "report", registry, "--format", "json"))
    assert figures["extra"] == {"beispielkreis/schulen-ohne-nummer": 1}
    for fmt in ("text", "markdown", "html"):
        shown = _text(installed, "report", registry, "--format", fmt)
        assert "Schulen ohne Schulnummer" in shown, fmt
    alone = _text(installed, "--no-plugins", "validate", registry, "--format", "json")
    assert "beispielkreis/ohne-schulnummer" not in alone
    dates = json.loads(
        _text(installed, "occurrences", registry, "--series", "ak", "--format", "json")
    )
    assert [(o["status"], o["reason"]) for o in dates["occurrences"]] == [
        ("skipped", "entfällt: Stadtfest"),
        ("scheduled", None),
    ]


def _categories(event: icalendar.cal.Component) -> set[str]:
    found = event.get("categories")
    if found is None:
        return set()
    every = found if isinstance(found, list) else [found]
    return {str(category) for each in every for category in each.cats}


@pytest.mark.parametrize("mode", ["expanded", "rrule"])
def test_the_guides_ical_hook_marks_the_events_of_its_region(
    installed: SimpleNamespace, mode: str
) -> None:
    registry = str(installed.registry)
    plugin = _run(installed, "--plugin", "beispielkreis", "ical", registry, "--mode", mode)
    core = _run(installed, "--no-plugins", "ical", registry, "--mode", mode)
    assert (plugin.returncode, plugin.stderr) == (0, b"")
    mine = icalendar.Calendar.from_ical(plugin.stdout).walk("VEVENT")
    theirs = icalendar.Calendar.from_ical(core.stdout).walk("VEVENT")
    assert mine
    assert all("Beispielkreis" in _categories(event) for event in mine)
    assert not any("Beispielkreis" in _categories(event) for event in theirs)
    assert plugin.stdout.endswith(b"END:VCALENDAR\r\n")


@pytest.mark.parametrize("mode", ["expanded", "rrule"])
def test_the_guides_plugin_leaves_a_feed_of_another_region_as_it_is(
    installed: SimpleNamespace, mode: str
) -> None:
    elsewhere = str(installed.elsewhere)
    plugin = _run(installed, "--plugin", "beispielkreis", "ical", elsewhere, "--mode", mode)
    core = _run(installed, "--no-plugins", "ical", elsewhere, "--mode", mode)
    assert (plugin.returncode, plugin.stderr) == (0, b"")
    assert icalendar.Calendar.from_ical(plugin.stdout).walk("VEVENT")
    assert plugin.stdout == core.stdout


def test_the_guides_own_tests_pass_with_the_fixtures(installed: SimpleNamespace) -> None:
    """The tests the guide shows, run by pytest against the installed plugin, with the
    fixtures that installing the library registers (``schulsozialarbeit.testing``)."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    result = subprocess.run(
        command,
        cwd=installed.package,
        capture_output=True,
        text=True,
        env=_environment(installed),
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout


# -- the template and its rename recipe ------------------------------------------------


def test_the_templates_rename_recipe_leaves_a_working_plugin_and_a_readable_readme(
    tmp_path: Path,
) -> None:
    """The commands the template's README gives, run as they stand: every "template" in
    the code is renamed, the README is left as written, and the renamed plugin's own tests
    pass once it is installed."""
    if shutil.which("bash") is None or shutil.which("sed") is None:
        pytest.skip("the recipe is a POSIX shell one")
    template = ROOT / "plugins" / "template"
    readme = (template / "README.md").read_text(encoding="utf-8")
    recipe = re.search(r"```sh\n(cp -r plugins/template .*?)```", readme, re.S)
    assert recipe, "the README shows no rename recipe"
    shutil.copytree(template, tmp_path / "plugins" / "template")
    subprocess.run(["bash", "-e", "-c", recipe[1]], cwd=tmp_path, check=True)
    renamed = tmp_path / "plugins" / "musterkreis"
    assert (renamed / "README.md").read_text(encoding="utf-8") == readme
    assert not list(renamed.glob("src/*.egg-info"))
    code = [
        path
        for path in renamed.rglob("*")
        if path.is_file() and path.suffix in (".py", ".toml", ".typed")
    ]
    assert {str(path.relative_to(renamed)) for path in code} == {
        "pyproject.toml",
        "src/schulsozialarbeit_musterkreis/__init__.py",
        "src/schulsozialarbeit_musterkreis/py.typed",
        "tests/test_musterkreis_plugin.py",
    }
    assert [p for p in code if "template" in p.read_text(encoding="utf-8")] == []
    project = tomllib.loads((renamed / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "schulsozialarbeit-musterkreis"
    assert project["project"]["entry-points"]["schulsozialarbeit"] == {
        "musterkreis": "schulsozialarbeit_musterkreis"
    }

    site = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site)]
    subprocess.run([*pip, str(renamed)], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    env["PYTHONPATH"] = str(site)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    result = subprocess.run(
        command, cwd=renamed, capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
