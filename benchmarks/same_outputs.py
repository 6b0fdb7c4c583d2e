"""Every command's output on every shipped example, compared with another source tree's.

``python -m benchmarks.same_outputs OLD_SRC`` runs each command once with the library in
OLD_SRC (for instance ``git archive <commit> src | tar -x -C old``, then ``old/src``) and once
with the installed one, and reports every output that differs by a byte. Performance work
must change no output; this is how to check it.

Every help and the refusal of a bad command line are compared too, at two terminal widths.
Commands that write files (``feeds``, the XLSX and OParl exports) write into a fresh folder,
and the imports change a copy of the example: what is compared is the exit status, both
streams (with the temporary folder's name replaced) and every file written, by path and bytes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from schulsozialarbeit import load
from schulsozialarbeit.examples import EXAMPLES, example_path

_NAMES = (
    "validate",
    "report",
    "export",
    "occurrences",
    "ical",
    "feeds",
    "plugins",
    "import",
    "init",
)


def _commands(folder: str) -> list[list[str]]:
    series = [s.id for s in load(folder).series]
    found = [
        ["validate", folder],
        ["validate", folder, "--format", "json", "--as-of", "2024-01-15"],
        ["report", folder, "--as-of", "2024-01-15"],
        ["report", folder, "--as-of", "2024-01-15", "--format", "json"],
        ["report", folder, "--as-of", "2024-01-15", "--format", "markdown"],
        ["report", folder, "--as-of", "2024-01-15", "--format", "html"],
        ["ical", folder],
        ["ical", folder, "--mode", "rrule"],
        ["ical", folder, "--audience", "internal"],
    ]
    for format in ("json", "toml", "jsonschema"):
        found.append(["export", folder, "--format", format])
    for entity in ("schools", "positions", "carriers", "networks", "meetings"):
        found.append(["export", folder, "--format", "csv", "--entity", entity])
    for one in series:
        found.append(["occurrences", folder, "--series", one])
        found.append(["occurrences", folder, "--series", one, "--format", "json"])
    found += [
        ["export", folder, "--format", "csv", "--entity", "schools", "--dialect", "rfc4180"],
        ["export", folder, "--format", "json", "--privacy", "internal"],
        ["export", folder, "--format", "xlsx", "--as-of", "2024-01-15", "-o", "{out}/x.xlsx"],
        ["export", folder, "--format", "oparl", "--base-url", BASE, "-o", "{out}/oparl"],
        ["report", folder, "--as-of", "2024-01-15", "--format", "xlsx", "-o", "{out}/r.xlsx"],
        ["feeds", folder, "{out}/feeds", "--base-url", BASE, "--as-of", "2024-01-15"],
        ["feeds", folder, "{out}/feeds", "--mode", "rrule", "--as-of", "2024-01-15"],
        ["import", "meetings", "{copy}", str(CALENDARS / "outlook.ics")],
        ["import", "meetings", "{copy}", str(CALENDARS / "apple.ics")],
    ]
    return found


#: The command line itself, whatever the example: every help, in both widths of a terminal
#: (argparse wraps at ``COLUMNS``), and the errors of a command line it refuses.
_HELP = [
    ["--help"],
    *([name, "--help"] for name in _NAMES),
    ["import", "schools", "--help"],
    ["import", "meetings", "--help"],
    [],
    ["bogus"],
    ["report"],
    ["report", "x", "--as-of", "30.11.2017"],
    ["report", "x", "--history", "2024-01-01..2023-01-01"],
    ["init", "x", "--example", "nowhere"],
    ["import", "schools"],
]

#: The published address of the feeds and the OParl endpoint in the commands above.
BASE = "https://example.org/ssa/"
#: Calendars from Outlook and Apple, as the import's tests use them.
CALENDARS = Path(__file__).resolve().parent.parent / "tests" / "calendars"


def _written(folder: Path) -> list[tuple[str, bytes]]:
    return sorted(
        (path.relative_to(folder).as_posix(), path.read_bytes())
        for path in folder.rglob("*")
        if path.is_file()
    )


def _run(src: str | None, args: list[str], example: str, columns: str = "80") -> tuple[object, ...]:
    env = {**os.environ, "COLUMNS": columns}
    if src is not None:
        env["PYTHONPATH"] = src
    code = "import sys; from schulsozialarbeit.cli import main; sys.exit(main())"
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch, "out")
        out.mkdir()
        copy = Path(scratch, "copy")
        shutil.copytree(example, copy)
        args = [a.replace("{out}", str(out)).replace("{copy}", str(copy)) for a in args]
        result = subprocess.run(  # noqa: S603 - our own interpreter and commands
            [sys.executable, "-c", code, "--lang", "en", *args],
            capture_output=True,
            env=env,
            check=False,
        )
        streams = [s.replace(scratch.encode(), b"{tmp}") for s in (result.stdout, result.stderr)]
        return result.returncode, *streams, _written(out), _written(copy)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("old_src", help="the src folder of the tree to compare with")
    args = parser.parse_args()
    differ = 0
    total = 0
    herne = str(example_path("herne"))
    for command in _HELP:
        for columns in ("80", "132"):
            total += 1
            if _run(args.old_src, command, herne, columns) != _run(None, command, herne, columns):
                differ += 1
                print(f"DIFFERS (COLUMNS={columns}):", " ".join(command), flush=True)
    for name in EXAMPLES:
        folder = str(example_path(name))
        for command in _commands(folder):
            total += 1
            if _run(args.old_src, command, folder) != _run(None, command, folder):
                differ += 1
                print("DIFFERS:", " ".join(command), flush=True)
    print(f"{total - differ} of {total} outputs byte-identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
