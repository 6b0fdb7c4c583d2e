"""Registry files: TOML for people, JSON for machines, a file or a folder.

Loading is all or nothing and bounded (:mod:`.limits`); writing is atomic. One cattrs
converter (:mod:`.converter`) does every round trip between files and the model.
"""

from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .atomic import write_atomic
    from .reading import FORMATS, Format, from_dict, load, load_located, loads, to_dict
    from .writing import dump, dumps

#: Each name's module, imported on first use: writing a file atomically (the command line's
#: output) needs no cattrs, which loading does.
_LAZY = {
    "FORMATS": ".reading",
    "Format": ".reading",
    "dump": ".writing",
    "dumps": ".writing",
    "from_dict": ".reading",
    "load": ".reading",
    "load_located": ".reading",
    "loads": ".reading",
    "to_dict": ".reading",
    "write_atomic": ".atomic",
}


def _module(name: str) -> ModuleType:
    """One of the submodules named in ``_LAZY``, by import statements, never by a name."""
    if name == "atomic":
        from . import atomic

        return atomic
    if name == "reading":
        from . import reading

        return reading
    if name == "writing":
        from . import writing

        return writing
    raise AttributeError(name)  # pragma: no cover - _LAZY names only the modules above


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_module(_LAZY[name].lstrip(".")), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMATS",
    "Format",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "load_located",
    "loads",
    "to_dict",
    "write_atomic",
]
