"""Embedding the library: load a registry, check it, and print the council's sentence.

Run it from the repository root: ``python examples/stichtag.py [FOLDER] [YYYY-MM-DD]``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import schulsozialarbeit as ssa
from schulsozialarbeit.figures import render_report


def main(folder: Path, as_of: date) -> int:
    try:
        registry = ssa.load(folder)
    except ssa.RegistryError as error:
        print(error.message("en"), file=sys.stderr)
        return 2
    report = ssa.validate(registry, as_of=as_of)
    for issue in report.errors:
        print(f"{issue.path}: {issue.message('en')}", file=sys.stderr)
    figures = ssa.key_figures(registry, as_of=as_of)
    print(
        f"{figures.staff} staff, {figures.fte} FTE, at {figures.schools_with_social_work}"
        f" of {figures.schools} schools"
    )
    print(render_report(figures, "text", "de").splitlines()[0])
    return 0 if report.ok else 1


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else here / "herne"
    day = date.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 else date(2017, 11, 30)
    sys.exit(main(folder, day))
