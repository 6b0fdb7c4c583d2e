"""Where the command line's output goes: stdout or a file written atomically, and warnings.

One writer for text and bytes alike, so a report, a feed and an export reach a file or a
pipe the same way: bytes to stdout's binary buffer (the BOM and CRLF of a CSV arrive
unchanged), and to a file through an atomic write, so a reader never sees half of one.
"""

from __future__ import annotations

import sys

from ..i18n import message

TYPE_CHECKING = False  # typing stays out of ``--help`` (see .parser)
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import TextIO

    from ..errors import PluginFault
    from ..i18n import Lang

#: The exit statuses of the command line (see :mod:`.main`).
EXIT_OK = 0
EXIT_ISSUES = 1
EXIT_UNREADABLE = 2


def write_output(payload: bytes, output: str | None, stdout: TextIO) -> None:
    """To ``output`` atomically, else to stdout: its byte buffer when it has one."""
    if output is not None:
        from pathlib import Path

        from ..files.atomic import write_atomic

        write_atomic(Path(output), payload)
        return
    buffer = getattr(stdout, "buffer", None)
    stdout.flush()
    if buffer is None:
        stdout.write(payload.decode("utf-8"))
    else:
        buffer.write(payload)
        buffer.flush()


def warn(faults: Iterable[PluginFault], lang: Lang) -> None:
    """Each plugin fault once, as one line on stderr."""
    for fault in dict.fromkeys(faults):
        sys.stderr.write(message("plugin-warning", lang, problem=fault.text()) + "\n")


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]], stdout: TextIO) -> None:
    """Columns padded to their widest cell, for a terminal: what an import changes."""
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, ["-" * width for width in widths], *rows):
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        stdout.write(line.rstrip() + "\n")
