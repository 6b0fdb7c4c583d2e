"""Every command's output on every shipped example, compared with another source tree's.

``python -m benchmarks.same_outputs OLD_SRC`` runs each command once with the library in
OLD_SRC (for instance ``git archive <commit> src | tar -x -C old``, then ``old/src``) and once
with the installed one, and reports every output that differs by a byte. Performance work
must change no output; this is how to check it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from schulsozialarbeit import load
from schulsozialarbeit.examples import EXAMPLES, example_path


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
    return found


def _run(src: str | None, args: list[str]) -> tuple[int, bytes, bytes]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = src
    code = "import sys; from schulsozialarbeit.cli import main; sys.exit(main())"
    result = subprocess.run(  # noqa: S603 - our own interpreter and commands
        [sys.executable, "-c", code, "--lang", "en", *args],
        capture_output=True,
        env=env,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("old_src", help="the src folder of the tree to compare with")
    args = parser.parse_args()
    differ = 0
    total = 0
    for name in EXAMPLES:
        folder = str(example_path(name))
        for command in _commands(folder):
            total += 1
            if _run(args.old_src, command) != _run(None, command):
                differ += 1
                print("DIFFERS:", " ".join(command), flush=True)
    print(f"{total - differ} of {total} outputs byte-identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
