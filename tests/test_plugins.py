"""The plugin system: hooks documented, faults contained, a plugin from the guide installed."""

from __future__ import annotations

import inspect
import io
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import schulsozialarbeit as ssa
from schulsozialarbeit import hookspecs
from schulsozialarbeit.cli import main
from schulsozialarbeit.plugins import ENV_VAR, load_plugins

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "plugins.md"
AS_OF = date(2017, 11, 30)


def _hookspecs() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(function)
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(function, f"{hookspecs.PROJECT}_spec")
    }


def test_every_hook_is_in_the_guide_with_its_signature() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    documented = dict(re.findall(r"^### (\w+)\(([^)]*)\)$", guide, re.M))
    specs = _hookspecs()
    assert set(specs) == set(documented)
    for name, signature in specs.items():
        assert documented[name] == ", ".join(signature.parameters), name


@pytest.fixture(scope="module")
def herne() -> ssa.Registry:
    return ssa.load(ROOT / "examples" / "herne")


class Raising:
    @ssa.hookimpl
    def validation_issues(self, context: Any) -> list[ssa.Issue]:
        raise KeyError("missing")

    @ssa.hookimpl
    def extra_figures(self) -> list[ssa.ExtraFigure]:
        return [ssa.ExtraFigure(key="x", value=1, label_de="X", label_en="X")]


class WrongType:
    @ssa.hookimpl
    def validation_issues(self) -> str:
        return "not a list"

    @ssa.hookimpl
    def blackout_dates(self, start: date) -> dict[date, str]:
        return {start: "Tag der Tests"}


class Local:
    @ssa.hookimpl
    def validation_issues(self, context: Any) -> list[ssa.Issue]:
        first = context.registry.schools[0]
        return [
            ssa.Issue.local(
                "rule", ssa.Severity.ERROR, first.id, "schools[0]", de="Regel", en="rule"
            ),
            ssa.Issue.local("local/already", ssa.Severity.INFO, None, "", de="schon", en="already"),
        ]

    @ssa.hookimpl(tryfirst=True)
    def exporters(self) -> list[ssa.Exporter]:
        def names(registry: ssa.Registry, options: ssa.ExportOptions) -> bytes:
            return "\n".join(s.name for s in registry.schools).encode()

        return [
            ssa.Exporter(name="names", media_type="text/plain", suffix=".txt", export=names),
            ssa.Exporter(name="json", media_type="text/plain", suffix=".txt", export=names),
        ]


class Misspelt:
    @ssa.hookimpl
    def validation_isues(self, context: Any) -> list[ssa.Issue]:
        return []


class WrongArgument:
    @ssa.hookimpl
    def blackout_dates(self, region: Any, start: date, end: date, colour: str) -> dict[date, str]:
        return {}


def test_a_failing_plugin_is_named_and_the_rest_still_runs(herne: ssa.Registry) -> None:
    alone = load_plugins(entry_points=False).validate(herne, as_of=AS_OF)
    plugins = load_plugins(
        entry_points=False,
        plugins={"raising": Raising(), "wrong": WrongType(), "local": Local()},
    )
    report = plugins.validate(herne, as_of=AS_OF)
    failed = {(i.entity, i.path) for i in report.issues if i.code == "plugin-failed"}
    assert failed == {("raising", "validation_issues"), ("wrong", "validation_issues")}
    assert set(alone.issues) <= set(report.issues)
    assert {i.code for i in report.issues} >= {"local/rule", "local/already"}
    assert not report.ok
    fault = next(i for i in report.issues if i.entity == "raising")
    assert "Plugin raising ist im Hook validation_issues gescheitert: KeyError" in fault.message()
    assert "plugin raising failed in hook validation_issues" in fault.message("en")
    local = next(i for i in report.issues if i.code == "local/rule")
    assert (local.message("de"), local.message("en")) == ("Regel", "rule")


def test_misspelt_hooks_and_unknown_arguments_are_load_faults() -> None:
    plugins = load_plugins(
        entry_points=False, plugins={"misspelt": Misspelt(), "argument": WrongArgument()}
    )
    assert {(f.plugin, f.kind) for f in plugins.faults} == {
        ("misspelt", "register"),
        ("argument", "register"),
    }
    assert [info.name for info in plugins.info()] == ["builtin"]
    report = plugins.validate(ssa.loads('name = "leer"'), as_of=AS_OF)
    assert {i.entity for i in report.issues if i.code == "plugin-failed"} == {
        "misspelt",
        "argument",
    }
    assert "0x" not in " ".join(f.message() for f in plugins.faults)


def test_figures_blackouts_and_exporters_are_combined(herne: ssa.Registry) -> None:
    plugins = load_plugins(
        entry_points=False, plugins={"raising": Raising(), "wrong": WrongType(), "local": Local()}
    )
    figures = plugins.key_figures(herne, as_of=AS_OF)
    assert [f.key for f in figures.extra] == ["raising/x"]
    assert figures.staff == 44
    days = plugins.blackout_dates(None, date(2024, 2, 1), date(2024, 2, 29))
    assert days == {date(2024, 2, 1): "Tag der Tests"}
    formats = plugins.exporters()
    assert formats["json"].media_type == "application/json"
    assert set(formats) == {"json", "toml", "csv", "xlsx", "jsonschema", "names"}
    assert ("local", "duplicate") in {(f.plugin, f.kind) for f in plugins.faults}


def test_two_plugin_managers_share_nothing(herne: ssa.Registry) -> None:
    with_local = load_plugins(entry_points=False, plugins={"local": Local()})
    without = load_plugins(entry_points=False)
    assert "local/rule" in {i.code for i in with_local.validate(herne, as_of=AS_OF).issues}
    assert "local/rule" not in {i.code for i in without.validate(herne, as_of=AS_OF).issues}
    assert [i.name for i in without.info()] == ["builtin"]


def test_a_requested_plugin_that_is_not_installed_is_a_fault(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plugins = load_plugins(only=["nowhere"])
    assert [(f.plugin, f.kind) for f in plugins.faults] == [("nowhere", "not-found")]
    monkeypatch.setenv(ENV_VAR, "elsewhere, ")
    assert [f.plugin for f in load_plugins().faults] == ["elsewhere"]


def test_strict_turns_a_plugin_failure_into_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "r.toml").write_text('name = "leer"\n', encoding="utf-8")
    args = ["validate", str(tmp_path / "r.toml"), "--plugin", "absent", "--format", "json"]
    out = io.StringIO()
    assert main(args, stdout=out) == 0
    issues = json.loads(out.getvalue())["issues"]
    assert [(i["code"], i["entity"]) for i in issues] == [("plugin-failed", "absent")]
    assert main([*args, "--strict"], stdout=io.StringIO()) == 1


def _guide_files() -> dict[str, str]:
    """The files of the complete example plugin, as the guide shows them."""
    blocks = re.findall(r"```\w+\n# file: (\S+)\n(.*?)```", GUIDE.read_text("utf-8"), re.S)
    return dict(blocks)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The guide's plugin, built and installed with pip into a folder of its own."""
    root = tmp_path_factory.mktemp("plugin")
    package, site = root / "package", root / "site"
    for name, body in _guide_files().items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(body, encoding="utf-8")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site)]
    subprocess.run([*pip, str(package)], check=True, capture_output=True)
    registry = root / "registry.toml"
    registry.write_text(
        'name = "Beispielkreis"\n[[regions]]\nid = "bk"\nname = "Beispielkreis"\n'
        'kind = "kreis"\nkey = "05999000"\n[[schools]]\nid = "gs-1"\nname = "GS 1"\n'
        'form = "grundschule"\nregion = "bk"\n'
        '[[series]]\nid = "ak"\nkind = "working_group"\ntitle = "AK"\nfirst = 2025-09-01\n'
        'start_time = "10:00"\nend_time = "11:00"\nrrule = "FREQ=WEEKLY;COUNT=2"\n'
        'venue = { mode = "online", url = "https://example.org/ak" }\n',
        encoding="utf-8",
    )
    return SimpleNamespace(site=site, registry=registry)


def _run(installed: SimpleNamespace, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    env["PYTHONPATH"] = str(installed.site)
    command = [sys.executable, "-m", "schulsozialarbeit", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_the_guides_plugin_installs_and_takes_effect(installed: SimpleNamespace) -> None:
    listed = json.loads(_run(installed, "plugins", "--format", "json").stdout)
    mine = next(p for p in listed["plugins"] if p["name"] == "beispielkreis")
    assert mine["version"] == "0.1.0"
    assert mine["hooks"] == ["blackout_dates", "exporters", "extra_figures", "validation_issues"]
    registry = str(installed.registry)
    checked = _run(installed, "validate", registry, "--format", "json", "--as-of", "2024-01-31")
    codes = {i["code"] for i in json.loads(checked.stdout)["issues"]}
    assert "beispielkreis/ohne-schulnummer" in codes
    exported = _run(installed, "export", registry, "--format", "schulliste")
    assert exported.stdout == "\ufeffid;name\ngs-1;GS 1\n"
    unknown = _run(installed, "--no-plugins", "export", registry, "--format", "schulliste")
    assert unknown.returncode == 2
    assert "csv, json, jsonschema, toml, xlsx" in unknown.stderr
    figures = json.loads(_run(installed, "report", registry, "--format", "json").stdout)
    assert figures["extra"] == {"beispielkreis/schulen-ohne-nummer": 1}
    for fmt in ("text", "markdown", "html"):
        shown = _run(installed, "report", registry, "--format", fmt).stdout
        assert "Schulen ohne Schulnummer" in shown, fmt
    alone = _run(installed, "--no-plugins", "validate", registry, "--format", "json")
    assert "beispielkreis/ohne-schulnummer" not in alone.stdout
    dates = json.loads(
        _run(installed, "occurrences", registry, "--series", "ak", "--format", "json").stdout
    )
    assert [(o["status"], o["reason"]) for o in dates["occurrences"]] == [
        ("skipped", "entfällt: Stadtfest"),
        ("scheduled", None),
    ]
