"""The shipped example registries, as package data.

Each example is a folder of TOML files beside this module (``herne``, ``kreis-soest``,
``gelsenkirchen``). The people in them are invented; structure and figures follow the
public articles the project grew from. Read them through :func:`example_path` (works from
an installed wheel, too) or copy one to start a registry with :func:`write_example`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .names import EXAMPLES

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

# The command line lists the examples' names in its help, so what only copying or finding an
# example needs (errors, atomic writes, importlib.resources, even pathlib) is imported when it
# is done.

#: The natural reference date (Stichtag) of each example.
REFERENCE_DATES: dict[str, date] = {
    "herne": date(2017, 11, 30),
    "kreis-soest": date(2022, 6, 30),
    "gelsenkirchen": date(2023, 4, 27),
}


def _check(name: str) -> str:
    if name not in EXAMPLES:
        from ..errors import UnknownExampleError

        raise UnknownExampleError(name, EXAMPLES)
    return name


def example_path(name: str) -> Traversable:
    """The folder of the example ``name``; pass it to ``load`` when it is a real path."""
    from importlib import resources

    return resources.files(__name__).joinpath(_check(name))


def example_files(name: str) -> list[Traversable]:
    """The TOML files of the example ``name``, in the order ``load`` merges them."""
    folder = example_path(name)
    files = [item for item in folder.iterdir() if item.name.endswith(".toml") and item.is_file()]
    return sorted(files, key=lambda item: item.name)


def write_example(name: str, directory: Path) -> list[Path]:
    """Copy the example ``name`` into ``directory`` and return the files written.

    ``directory`` is created when missing; an existing one must be an empty folder.
    Each file is written atomically; nothing is written outside ``directory``.
    """
    from pathlib import Path

    from ..errors import TargetNotEmptyError
    from ..files.atomic import write_atomic

    files = example_files(name)
    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise TargetNotEmptyError(target)
    target.mkdir(parents=True, exist_ok=True)
    root = target.resolve()
    written: list[Path] = []
    for item in files:
        destination = target / item.name
        if Path(item.name).name != item.name or destination.resolve().parent != root:
            raise ValueError(f"refusing to write {item.name!r} outside {target}")
        write_atomic(destination, item.read_bytes())
        written.append(destination)
    return written


__all__ = [
    "EXAMPLES",
    "REFERENCE_DATES",
    "example_files",
    "example_path",
    "write_example",
]
