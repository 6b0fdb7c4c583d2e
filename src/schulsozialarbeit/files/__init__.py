"""Registry files: TOML for people, JSON for machines, a file or a folder.

Loading is all or nothing and bounded (:mod:`.limits`); writing is atomic. One cattrs
converter (:mod:`.converter`) does every round trip between files and the model.
"""

from .dump import dump, dumps, write_atomic
from .load import FORMATS, Format, from_dict, load, load_located, loads, to_dict

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
