"""Writing registries and files: deterministic text, and atomic writes that never leave half a file.

A reader of a file the library writes sees the old content or the new, never a mix: every
writer goes through :func:`write_atomic`.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
from pathlib import Path
from typing import Any

import tomli_w

from ..model import Registry
from .load import FORMATS, Format, suffix_format, to_dict


def _json_default(value: object) -> Any:
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(registry: Registry, format: Format = "toml") -> str:
    """The registry as text, deterministic: the same registry always gives the same bytes."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of {FORMATS}")
    data = to_dict(registry)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    return tomli_w.dumps(data)


def write_atomic(path: Path, payload: bytes) -> None:
    """Write through a temporary file in the same folder, fsync, then rename over ``path``.

    The temporary name is hidden (``.name.XXXX.tmp``): a process killed before the rename
    leaves it behind, and loading a folder passes over hidden files. The file keeps the
    permissions it had, so a feed a web server may read stays readable; a new file gets
    what a plain ``open()`` gives under the umask (``0o666`` less the umask), because the
    temporary file is created that way, not with the owner-only mode of ``mkstemp``.
    """
    folder = path.parent
    kept = _kept_mode(path)
    handle, temporary = _create_temporary(folder, path.name)
    try:
        with os.fdopen(handle, "wb") as stream:
            if kept is not None:
                _chmod(stream.fileno(), temporary, kept)
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _kept_mode(path: Path) -> int | None:
    """The permission bits of the regular file at ``path``; None for a new file or a link,
    which the rename replaces without following it."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    return stat.S_IMODE(status.st_mode) if stat.S_ISREG(status.st_mode) else None


_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[0-9a-f]{12}\.tmp")


def temporary_of(name: str) -> str | None:
    """The file a temporary name of :func:`write_atomic` was for, or None for another name:
    what a writer needs to clear what a killed run of its own left behind."""
    match = _TEMPORARY.fullmatch(name)
    return match["name"] if match else None


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new hidden file beside ``name``, created with ``0o666`` so the umask applies."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = os.path.join(folder, f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue


def _chmod(descriptor: int, temporary: str, mode: int) -> None:
    if os.chmod in os.supports_fd:
        os.chmod(descriptor, mode)
    else:
        os.chmod(temporary, mode)


def dump(registry: Registry, path: str | os.PathLike[str], format: Format | None = None) -> None:
    """Write the registry to ``path`` atomically; the format follows the suffix unless given."""
    target = Path(path)
    chosen = format or suffix_format(target)
    write_atomic(target, dumps(registry, chosen).encode("utf-8"))
