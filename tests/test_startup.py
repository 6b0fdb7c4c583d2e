"""Each command imports what it uses, and nothing heavy besides: not timed, a list of modules.

Every command runs in a fresh interpreter that prints, at exit, which of the heavy
modules it imported. openpyxl only for XLSX, icalendar only for iCal feeds, the holiday
tables only for commands that schedule, cattrs and the model only for commands that load a
file; ``--help`` none of them. Plugins are off (``--no-plugins``): a plugin may import what
it likes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from schulsozialarbeit.examples import example_path

HEAVY = (
    "attrs",
    "cattrs",
    "dateutil",
    "holidays",
    "icalendar",
    "openpyxl",
    "pluggy",
    "schulsozialarbeit.figures.counts",
    "schulsozialarbeit.model",
)

_CHILD = """
import atexit, sys
heavy = sys.argv.pop(1).split(",")
atexit.register(lambda: print("IMPORTED", *[m for m in heavy if m in sys.modules], file=sys.stderr))
from schulsozialarbeit.cli import main
sys.exit(main())
"""


def run_watching(watched: tuple[str, ...], *args: str) -> tuple[set[str], str]:
    """The modules of ``watched`` a fresh command line with ``args`` imported, and its
    standard output."""
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, ",".join(watched), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    line = result.stderr.rstrip().rsplit("\n", 1)[-1]
    assert line.startswith("IMPORTED"), result.stderr[-2000:]
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return set(line.split()[1:]), result.stdout


def imported(*args: str) -> set[str]:
    return run_watching(HEAVY, *args)[0]


HERNE = str(example_path("herne"))
#: The model's classes cost as much as attrs itself: every command that loads a file.
LOADS = {"attrs", "cattrs", "pluggy", "schulsozialarbeit.model"}
#: The key figures, which validation does without.
FIGURES = "schulsozialarbeit.figures.counts"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--help",), set()),
        (("validate", "--help"), set()),
        # Listing the plugins needs neither the model nor the rules (nor scheduling with them).
        (("--no-plugins", "plugins"), {"attrs", "pluggy"}),
        # Validation asks the holiday tables which years they know (school-holidays-unknown).
        (("--no-plugins", "validate", HERNE), LOADS | {"dateutil", "holidays"}),
        (("--no-plugins", "report", HERNE), LOADS | {"dateutil", FIGURES}),
        (("--no-plugins", "export", HERNE, "--format", "json"), LOADS | {"dateutil"}),
        (("--no-plugins", "export", HERNE, "--format", "jsonschema"), LOADS | {"dateutil"}),
        (
            ("--no-plugins", "export", HERNE, "--format", "xlsx", "-o", "{tmp}/x.xlsx"),
            LOADS | {"dateutil", "openpyxl", FIGURES},
        ),
        (
            ("--no-plugins", "occurrences", HERNE, "--series", "{series}"),
            LOADS | {"dateutil", "holidays"},
        ),
        (("--no-plugins", "ical", HERNE), LOADS | {"dateutil", "holidays", "icalendar"}),
        (
            ("--no-plugins", "feeds", HERNE, "{tmp}/feeds"),
            LOADS | {"dateutil", "holidays", "icalendar"},
        ),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else None,
)
def test_each_command_imports_only_what_it_uses(
    args: tuple[str, ...], expected: set[str], tmp_path: Path
) -> None:
    from schulsozialarbeit import load

    series = load(HERNE).series[0].id
    filled = tuple(a.format(tmp=tmp_path, series=series) for a in args)
    assert imported(*filled) == expected


#: What ``--help`` does without: the standard library's costlier modules (typing a tenth of
#: its start, tomllib with datetime and string another tenth, shutil's compression modules),
#: and the modules of the commands, which build their arguments only when given.
NOT_FOR_HELP = (
    "typing",
    "tomllib",
    "datetime",
    "string",
    "shutil",
    "schulsozialarbeit.cli.commands",
    "schulsozialarbeit.cli.export",
    "schulsozialarbeit.cli.imports",
    "schulsozialarbeit.examples",
    "schulsozialarbeit.exports",
    "schulsozialarbeit.figures",
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--help",), set()),
        (("--lang", "en", "--help"), set()),
        # A command's help builds that command's arguments, and only those.
        (("validate", "--help"), {"schulsozialarbeit.cli.commands"}),
        (
            ("report", "--help"),
            {
                "schulsozialarbeit.cli.commands",
                "schulsozialarbeit.cli.export",
                "schulsozialarbeit.exports",
                "schulsozialarbeit.figures",
            },
        ),
        (("init", "--help"), {"schulsozialarbeit.cli.commands", "schulsozialarbeit.examples"}),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else None,
)
def test_help_imports_the_parser_and_the_command_asked_about(
    args: tuple[str, ...], expected: set[str]
) -> None:
    found, shown = run_watching(NOT_FOR_HELP, *args)
    assert "usage: schulsozialarbeit" in shown
    # typing, datetime and the rest arrive with the exports and figures: only the command
    # modules are asked of a command's help.
    assert found & {m for m in NOT_FOR_HELP if m.startswith("schulsozialarbeit")} == expected
    if not expected:
        assert found == set()


def test_importing_the_package_imports_nothing_heavy() -> None:
    code = "import sys, schulsozialarbeit; print(*[m for m in sys.modules if m.startswith('sch')])"
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert found == ["schulsozialarbeit"]


@pytest.mark.parametrize(
    "package", ["schulsozialarbeit.files", "schulsozialarbeit.exports", "schulsozialarbeit.figures"]
)
def test_no_submodule_hides_a_lazy_name(package: str) -> None:
    """Importing a submodule sets it as an attribute of its package: one named like a lazy
    function would replace that function for everyone who imports it afterwards."""
    import importlib
    import pkgutil
    import types

    module = importlib.import_module(package)
    for info in pkgutil.iter_modules(module.__path__):
        importlib.import_module(f"{package}.{info.name}")
    hidden = [n for n in module.__all__ if isinstance(getattr(module, n), types.ModuleType)]
    assert hidden == []


_FIRST = """
import sys
failed = []
for name in sys.argv[1:]:
    for module in [m for m in sys.modules if m.startswith("schulsozialarbeit")]:
        del sys.modules[module]
    try:
        exec(f"from schulsozialarbeit import {name}")
    except Exception as error:
        failed.append(f"{name}: {type(error).__name__}: {error}"[:200])
print("\\n".join(failed))
"""


def test_every_public_name_imports_as_the_first_thing_a_program_does() -> None:
    """``from schulsozialarbeit import errors`` as a program's first import once recursed
    forever: the lazy loader asked the package for the name it was loading."""
    import schulsozialarbeit

    names = [*schulsozialarbeit.__all__, "errors", "__version__"]
    result = subprocess.run(
        [sys.executable, "-c", _FIRST, *names],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert result.stdout.strip() == ""
