"""Every way a plugin can fail, seen as a user sees it: the command line in a subprocess.

Each case installs one small plugin (a module and a dist-info with its entry point, on
PYTHONPATH, as pip would leave them) and runs the real command: one line naming plugin and
hook, no traceback, the core's output intact, and the exit status the docs promise.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import icalendar
import pytest

from schulsozialarbeit.plugins import ENV_VAR

ROOT = Path(__file__).resolve().parent.parent
HERNE = str(ROOT / "src" / "schulsozialarbeit" / "examples" / "herne")
SERIES = "workshops-gs-asd-2019"

HEAD = "from schulsozialarbeit.hooks import hookimpl\n"

#: name: (plugin source, command, exit status, hook named in the warning)
CASES: dict[str, tuple[str, list[str], int, str]] = {
    "rule-raises": (
        HEAD + "@hookimpl\ndef validation_issues(context):\n    raise KeyError('x')\n",
        ["validate", HERNE, "--as-of", "2017-11-30"],
        0,
        "validation_issues",
    ),
    "rule-wrong-type": (
        HEAD + "@hookimpl\ndef validation_issues(context):\n    return 'x'\n",
        ["validate", HERNE, "--as-of", "2017-11-30"],
        0,
        "validation_issues",
    ),
    "blackout-raises": (
        HEAD + "@hookimpl\ndef blackout_dates(region, start, end):\n    raise ValueError('x')\n",
        ["occurrences", HERNE, "--series", SERIES],
        0,
        "blackout_dates",
    ),
    "blackout-exits": (
        HEAD + "import sys\n@hookimpl\ndef blackout_dates(region):\n    sys.exit(0)\n",
        ["occurrences", HERNE, "--series", SERIES],
        0,
        "blackout_dates",
    ),
    "figures-raise": (
        HEAD + "@hookimpl\ndef extra_figures(registry, figures):\n    raise RuntimeError\n",
        ["report", HERNE, "--as-of", "2017-11-30"],
        0,
        "extra_figures",
    ),
    "exporters-raise": (
        HEAD + "@hookimpl\ndef exporters():\n    raise RuntimeError('x')\n",
        ["export", HERNE, "--format", "json"],
        0,
        "exporters",
    ),
    "export-raises": (
        "from schulsozialarbeit.hooks import Exporter, hookimpl\n"
        "def broken(registry, options):\n    raise OSError('disk')\n"
        "@hookimpl\ndef exporters():\n"
        "    return [Exporter(name='kaputt', media_type='text/csv', suffix='.csv', "
        "export=broken)]\n",
        ["export", HERNE, "--format", "kaputt"],
        2,
        "exporters (kaputt)",
    ),
    "event-raises": (
        HEAD + "@hookimpl\ndef ical_event(event):\n    raise RuntimeError('x')\n",
        ["ical", HERNE],
        0,
        "ical_event",
    ),
    "event-unsafe": (
        HEAD + "@hookimpl\ndef ical_event(event):\n    event.add('x-bad', 'a\\r\\nEND:VEVENT')\n",
        ["ical", HERNE],
        0,
        "ical_event",
    ),
    "calendar-raises": (
        HEAD + "@hookimpl\ndef ical_calendar(calendar):\n    raise RuntimeError('x')\n",
        ["ical", HERNE],
        0,
        "ical_calendar",
    ),
    "import-fails": (
        "raise ImportError('needs a module that is not there')\n",
        ["report", HERNE, "--as-of", "2017-11-30"],
        0,
        "",
    ),
    "import-exits": (
        "import sys\nsys.exit(3)\n",
        ["report", HERNE, "--as-of", "2017-11-30"],
        0,
        "",
    ),
    "misspelt": (
        HEAD + "@hookimpl\ndef validation_isues(context):\n    return []\n",
        ["validate", HERNE, "--as-of", "2017-11-30"],
        0,
        "validation_isues",
    ),
    "wrong-argument": (
        HEAD + "@hookimpl\ndef blackout_dates(region, colour):\n    return {}\n",
        ["validate", HERNE, "--as-of", "2017-11-30"],
        0,
        "blackout_dates",
    ),
    "import-interrupts": (
        "raise KeyboardInterrupt\n",
        ["report", HERNE, "--as-of", "2017-11-30"],
        0,
        "",
    ),
    "severity-unknown": (
        "from schulsozialarbeit.hooks import Issue, hookimpl\n"
        "@hookimpl\ndef validation_issues(context):\n"
        "    return [Issue(code='x', severity='fatal', entity=None, path='')]\n",
        ["validate", HERNE, "--as-of", "2017-11-30"],
        0,
        "validation_issues",
    ),
    "label-missing": (
        "from schulsozialarbeit.hooks import Bilingual, ExtraFigure, hookimpl\n"
        "@hookimpl\ndef extra_figures():\n"
        "    return [ExtraFigure(key='x', value=1, label=Bilingual(de=None, en='x'))]\n",
        ["report", HERNE, "--as-of", "2017-11-30"],
        0,
        "extra_figures",
    ),
    "event-drops-start": (
        HEAD + "@hookimpl\ndef ical_event(event):\n    del event['dtstart']\n",
        ["ical", HERNE],
        0,
        "ical_event",
    ),
    "unmarked": (
        "def extra_figures(registry, figures):\n    return []\n",
        ["validate", HERNE, "--as-of", "2017-11-30"],
        0,
        "extra_figures",
    ),
}


def _install(site: Path, source: str) -> None:
    (site / "hostile_plugin.py").write_text(source, encoding="utf-8")
    info = site / "hostile_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: hostile-plugin\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[schulsozialarbeit]\nhostile = hostile_plugin\n", encoding="utf-8"
    )


def _run(site: Path | None, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    if site is not None:
        env["PYTHONPATH"] = str(site)
    return subprocess.run(
        [sys.executable, "-m", "schulsozialarbeit", *args],
        capture_output=True,
        env=env,
        check=False,
        timeout=300,
    )


def _core_lines(output: bytes) -> list[bytes]:
    return [line for line in output.splitlines() if b"hostile" not in line]


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_fault_is_one_line_naming_plugin_and_hook(tmp_path: Path, case: str) -> None:
    source, command, status, hook = CASES[case]
    _install(tmp_path, source)
    result = _run(tmp_path, "--plugin", "hostile", *command)
    baseline = _run(None, "--no-plugins", *command)
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    assert result.returncode == status, stderr
    named = [
        line
        for line in (stderr + result.stdout.decode()).splitlines()
        if "Plugin hostile" in line and (not hook or f"Hook {hook}:" in line)
    ]
    assert len(named) == 1, stderr
    if status == 0 and command[0] == "ical":
        assert result.stdout == baseline.stdout
        assert icalendar.Calendar.from_ical(result.stdout).walk("VEVENT")
    elif status == 0:
        assert _core_lines(result.stdout)[:-1] == _core_lines(baseline.stdout)[:-1]
    else:
        assert result.stdout == b""


def test_strict_makes_a_plugin_fault_fail_validation(tmp_path: Path) -> None:
    source, command, _, _ = CASES["rule-raises"]
    _install(tmp_path, source)
    assert _run(tmp_path, "--plugin", "hostile", *command, "--strict").returncode == 1


def test_plugins_exits_1_when_a_plugin_failed_to_load(tmp_path: Path) -> None:
    _install(tmp_path, CASES["import-fails"][0])
    listed = _run(tmp_path, "plugins", "--format", "json")
    assert listed.returncode == 1
    faults = json.loads(listed.stdout)["faults"]
    assert [(f["plugin"], f["kind"]) for f in faults] == [("hostile", "import")]
    assert _run(None, "--no-plugins", "plugins").returncode == 0


def test_plugins_lists_each_plugins_export_formats(tmp_path: Path) -> None:
    _install(tmp_path, CASES["export-raises"][0])
    listed = json.loads(_run(tmp_path, "--plugin", "hostile", "plugins", "--format", "json").stdout)
    formats = {p["name"]: p["formats"] for p in listed["plugins"]}
    assert formats == {
        "builtin": ["csv", "json", "jsonschema", "oparl", "toml", "xlsx"],
        "hostile": ["kaputt"],
    }
    text = _run(tmp_path, "--plugin", "hostile", "--lang", "en", "plugins").stdout.decode()
    assert "hostile 0.1: exporters; export formats: kaputt" in text
    soest = _run(None, "--plugin", "kreis-soest", "--lang", "en", "plugins").stdout.decode()
    assert "    kreis-soest-stellen: Kreis Soest positions by school" in soest


def test_an_unknown_plugin_name_is_a_usage_error() -> None:
    result = _run(None, "--plugin", "nowhere", "report", HERNE)
    assert result.returncode == 2
    assert result.stdout == b""
    assert "nowhere" in result.stderr.decode()


def test_a_fault_in_every_event_is_named_once(tmp_path: Path) -> None:
    _install(tmp_path, CASES["event-raises"][0])
    result = _run(tmp_path, "--plugin", "hostile", "ical", HERNE, "--mode", "expanded")
    assert result.stderr.decode().count("Plugin hostile") == 1


def test_importing_the_plugin_module_stays_light() -> None:
    heavy = ["openpyxl", "icalendar", "holidays", "schulsozialarbeit.exports.xlsx"]
    code = f"import sys, schulsozialarbeit.hooks\nprint([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "body", ["    while True:\n        pass\n", "    import time\n    time.sleep(3600)\n"]
)
def test_a_hook_that_never_returns_is_stopped_and_named(tmp_path: Path, body: str) -> None:
    _install(tmp_path, HEAD + "@hookimpl\ndef validation_issues(context):\n" + body)
    command = ["--hook-timeout", "1", "validate", HERNE, "--as-of", "2017-11-30"]
    result = _run(tmp_path, "--plugin", "hostile", *command)
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    assert "Plugin hostile, Hook validation_issues: nach 1 Sekunde ohne Ergebnis" in stderr


def test_the_users_ctrl_c_still_stops_the_program(tmp_path: Path) -> None:
    _install(tmp_path, "import time\ntime.sleep(60)\n")
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    env["PYTHONPATH"] = str(tmp_path)
    command = [sys.executable, "-m", "schulsozialarbeit", "plugins"]
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as run:
        time.sleep(2)
        run.send_signal(signal.SIGINT)
        out, _ = run.communicate(timeout=60)
    assert run.returncode != 0
    assert b"hostile" not in out
