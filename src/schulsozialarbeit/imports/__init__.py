"""Bringing in what a district already has: the NRW school directory (Schulgrunddaten).

:func:`read_directory` reads ``schuldaten.csv`` as published (with :func:`read_key_table`
and :func:`read_pupils` for the files beside it); :func:`import_schools` merges it into a
registry and says what changed; :func:`~schulsozialarbeit.files.editing.update` writes the
result back, keeping the registry's comments and layout. The command line's ``import
schools`` does all three.
"""

from .geo import utm32_to_wgs84
from .schooldir import (
    COLUMNS,
    FORMS,
    Directory,
    DirectorySchool,
    KeyTable,
    Pupils,
    RowProblem,
    read_directory,
    read_key_table,
    read_pupils,
)
from .schools import (
    SCHOOL_DIRECTORY,
    ChangeKind,
    SchoolChange,
    SchoolImport,
    area_of,
    import_schools,
)

__all__ = [
    "COLUMNS",
    "FORMS",
    "SCHOOL_DIRECTORY",
    "ChangeKind",
    "Directory",
    "DirectorySchool",
    "KeyTable",
    "Pupils",
    "RowProblem",
    "SchoolChange",
    "SchoolImport",
    "area_of",
    "import_schools",
    "read_directory",
    "read_key_table",
    "read_pupils",
    "utm32_to_wgs84",
]
