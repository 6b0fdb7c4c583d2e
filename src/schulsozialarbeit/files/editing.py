"""Editing a registry in place: what changed is written, everything else stays as it was.

An import brings hundreds of schools or meetings into a registry that people keep by hand,
with comments that explain an entry, entries grouped under headings, a layout of their own.
Writing the registry anew (:func:`dump`) would lose all of that. :func:`update` instead
compares the registry it is given with the one at the path, entity by entity (matched by
``id``), and touches only what differs: a changed field is replaced where it stands (its
comment kept), a new field goes after the entity's last one, a new entity after the last
of its collection in the file that holds it (in a folder: the last file that does), written
the way the entity before it is (inline tables or sub-tables), an entity the registry no
longer has is taken out. TOML is edited with tomlkit; a JSON file has no comments to keep
and is written whole as :mod:`.writing` writes it.

Nothing is written unless the files as they will be, read back and merged as
:func:`~.reading.load` does, give exactly the registry asked for; then each changed file is
written atomically.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections import deque
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.container import Container
from tomlkit.items import AoT, Array, Date, DateTime, InlineTable, Item, Table, Time

from ..model import COLLECTIONS, Registry
from .atomic import write_atomic
from .converter import unstructure_native, zone
from .limits import MAX_BYTES, MAX_DEPTH
from .reading import (
    Format,
    _build,
    _parse,
    _registry_files,
    load,
    merge_files,
    suffix_format,
    to_dict,
)
from .writing import json_text

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
#: A multi-line array of tables reads better than one line from this length on.
_LONG_LINE = 88


def _keep_spaces(item: Any) -> Any:
    """Work round tomlkit dropping the blank after a date that ends an inline table
    (``{ on = 2020-11-16 }`` would come back as ``{ on = 2020-11-16}``): the blank, which
    tomlkit keeps where an inline table does not write it, is moved to where it does."""
    if isinstance(item, InlineTable):
        for _, value in item.value.body:
            if isinstance(value, Date | DateTime | Time):
                trivia = value.trivia
                if trivia.comment_ws and not trivia.comment:
                    trivia.trail = trivia.comment_ws + trivia.trail
                    trivia.comment_ws = ""
    if isinstance(item, Container | Table | InlineTable):
        for _, value in (item if isinstance(item, Container) else item.value).body:
            _keep_spaces(value)
    elif isinstance(item, AoT):
        for table in item.body:
            _keep_spaces(table)
    elif isinstance(item, Array):
        for value in item:
            _keep_spaces(value)
    return item


class _File:
    """One file of the registry: its path, format and text, its plain data, what the edit
    does to it, and the document that carries the edit.

    tomlkit takes seconds for a file of thousands of entities, where the parser of the
    standard library takes a fraction of one: the plain data answers what the file holds,
    and only a file that is edited is parsed with tomlkit, with each entity that the edit
    leaves alone stood in for by a line (:meth:`_reduced`).
    """

    def __init__(self, path: Path, text: str | None = None, *, reduce: bool = True) -> None:
        self.path = path
        self.format: Format = suffix_format(path)
        self.text = path.read_text(encoding="utf-8-sig") if text is None else text
        self.plain: dict[str, Any] = _parse(self.text, self.format, str(path), MAX_BYTES, MAX_DEPTH)
        self.reduce = reduce
        self._document: Any = None
        #: Stand-in lines and the entity text each stands for.
        self.stand_ins: dict[str, str] = {}
        #: Entities to change: (collection, position, old, new), and positions to take out.
        self.changes: list[tuple[str, int, dict[str, Any], dict[str, Any]]] = []
        self.gone: list[tuple[str, int]] = []
        #: New entities for each collection, to add after its last entity in this file.
        self.additions: dict[str, list[dict[str, Any]]] = {}

    @property
    def edited(self) -> bool:
        return self._document is not None or bool(self.additions)

    @property
    def document(self) -> Any:
        """The tomlkit document, or the JSON data, to edit."""
        if self._document is None:
            if self.format == "json":
                self._document = json.loads(self.text)
            else:
                self._document = _keep_spaces(tomlkit.parse(self._reduced()))
        return self._document

    def _reduced(self) -> str:
        """The text with every entity the edit does not touch replaced by a stand-in of one
        line, which rendering puts back: tomlkit then parses what changes, not the file."""
        spans = _entity_spans(self.text) if self.reduce else None
        if spans is None or any(
            len(self.entities(name)) != sum(1 for span in spans if span[0] == name)
            for name in {span[0] for span in spans} | set(COLLECTIONS)
            if isinstance(self.plain.get(name), list)
        ):
            return self.text
        touched = {(name, position) for name, position, _, _ in self.changes}
        touched |= {(name, len(self.entities(name)) - 1) for name in self.additions}
        parts, at, seen = [], 0, dict.fromkeys(COLLECTIONS, 0)
        token = secrets.token_hex(6)
        for name, start, end in spans:
            position = seen.get(name, 0)
            seen[name] = position + 1
            chunk = self.text[start:end]
            if (name, position) in touched or not chunk.endswith("\n"):
                continue
            stand_in = f'[[{name}]]\nid = "ssa-kept-{token}-{len(self.stand_ins)}"\n'
            self.stand_ins[stand_in] = chunk
            parts += [self.text[at:start], stand_in]
            at = end
        return "".join([*parts, self.text[at:]])

    def holds(self, key: str) -> bool:
        return key in self.plain

    def entities(self, collection: str) -> list[Any]:
        found = self.plain.get(collection)
        return list(found) if isinstance(found, list) else []


def _ends_nothing(line: str) -> bool:
    """A blank or comment line, which belongs to what follows it."""
    return not line.strip() or line.lstrip()[:1] == "#"


_ENTITY_HEADER = re.compile(r"[ \t]*\[\[[ \t]*([A-Za-z0-9_-]+)[ \t]*\]\][ \t]*(?:#[^\n]*)?")


def _entity_spans(text: str) -> list[tuple[str, int, int]] | None:
    """Where each ``[[collection]]`` entity of a TOML text begins and ends, its sub-tables
    with it, the comments and blank lines after it left out (they belong to what follows);
    None for a text this line-by-line view cannot be sure of (multi-line strings)."""
    if '"""' in text or "'''" in text:
        return None
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    spans: list[tuple[str, int, int]] = []
    current: tuple[str, int] | None = None
    for number, line in enumerate([*lines, "[end]"]):
        found = _ENTITY_HEADER.fullmatch(line.rstrip("\r\n"))
        if current is not None and line.lstrip()[:1] == "[":
            name, start = current
            if not found and re.match(rf"[ \t]*\[\[?[ \t]*{re.escape(name)}[ \t]*\.", line):
                continue  # a sub-table of the entity, part of it
            end = number
            while end > start + 1 and _ends_nothing(lines[end - 1]):
                end -= 1
            spans.append((name, offsets[start], offsets[end]))
            current = None
        if found:
            current = (found[1], number)
    return spans


class _Mismatch(RuntimeError):
    """The files as edited would not load as the registry asked for."""


def update(path: str | os.PathLike[str], registry: Registry) -> tuple[Path, ...]:
    """Write ``registry`` to the registry file or folder at ``path``, changing only what
    differs from what is there; returns the files written (none when nothing changed).

    New collections of a folder go into a new file named after the collection, in the
    format of the folder's file that holds ``name``.
    """
    location = Path(path)
    before = load(location)
    if before == registry:
        return ()
    try:
        texts = _edited(location, before, registry, reduce=True)
    except (_Mismatch, tomlkit.exceptions.TOMLKitError):
        # A layout the stand-ins misread: the whole document, slower, says the same.
        texts = _edited(location, before, registry, reduce=False)
    written = []
    for file, text in texts.items():
        if not file.exists() or text != file.read_text(encoding="utf-8-sig"):
            write_atomic(file, text.encode("utf-8"))
            written.append(file)
    return tuple(written)


def _edited(
    location: Path, before: Registry, registry: Registry, *, reduce: bool
) -> dict[Path, str]:
    """The text of every file of the registry as the edit leaves it, checked."""
    paths = _registry_files(location) if location.is_dir() else [location]
    files = [_File(file, reduce=reduce) for file in paths]
    with zone(registry.timezone):
        old_native = unstructure_native(before)
        new_native = unstructure_native(registry)
    new_plain = to_dict(registry)
    home = next((f for f in files if f.holds("name")), files[0])
    for collection in COLLECTIONS:
        _edit_collection(location, files, home, collection, old_native, new_native, new_plain)
    _edit_scalars(files, home, old_native, new_native, new_plain)
    for file in files:
        for name, position, old, new in file.changes:
            _edit_entity(file.document[name][position], old, new)
        for name, position in sorted(file.gone, reverse=True):
            del file.document[name][position]
    texts = {file.path: _render(file) for file in files}
    _check(location, texts, registry)
    return texts


def _edit_collection(
    location: Path,
    files: list[_File],
    home: _File,
    collection: str,
    old_native: Mapping[str, Any],
    new_native: Mapping[str, Any],
    new_plain: Mapping[str, Any],
) -> None:
    # An id may stand for more than one entity (validation reports it, loading does not):
    # the n-th entity with an id on disk is the n-th with that id in the registry.
    wanted: dict[str, deque[int]] = {}
    for index, entity in enumerate(new_native.get(collection, ())):
        wanted.setdefault(entity["id"], deque()).append(index)
    old_entities: list[dict[str, Any]] = old_native.get(collection, [])
    offset = 0
    last: _File | None = None
    for file in files:
        entities = file.entities(collection)
        if isinstance(file.plain.get(collection), list):
            last = file
        gone = []
        for position in range(len(entities)):
            old = old_entities[offset + position]
            left = wanted.get(old["id"])
            if not left:
                gone.append(position)
                continue
            index = left.popleft()
            if old == new_native[collection][index]:
                continue
            if file.format == "json":
                file.document[collection][position] = new_plain[collection][index]
            else:
                file.changes.append((collection, position, old, new_native[collection][index]))
        offset += len(entities)
        if file.format == "json":
            for position in reversed(gone):
                del file.document[collection][position]
        else:
            file.gone.extend((collection, position) for position in gone)
    added = [
        (new_native[collection][index], new_plain[collection][index])
        for index in sorted(index for left in wanted.values() for index in left)
    ]
    if not added:
        return
    if last is None:
        last = _new_file(location, files, home, collection) if location.is_dir() else home
    if last.format == "json":
        last.document.setdefault(collection, []).extend(plain for _, plain in added)
    else:
        last.additions[collection] = [native for native, _ in added]


def _new_file(location: Path, files: list[_File], home: _File, collection: str) -> _File:
    """A new file of the folder for a collection none of its files holds yet."""
    path = location / f"{collection}.{home.format}"
    created = _File(path, "{}\n" if home.format == "json" else "")
    files.append(created)
    return created


def _edit_entity(entity: Any, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    """Replace the fields of one TOML entity that differ; a new field goes after the last."""
    for key in old:
        if key not in new and key in entity:
            del entity[key]
    for key, value in new.items():
        if key in old and old[key] == value:
            continue
        current = entity.get(key)
        if key in entity:
            entity[key] = _as_table(value) if isinstance(current, Table) else _value(value)
        elif isinstance(entity, Table):
            _add_key(entity.value, key, _value(value))
        else:
            entity[key] = _value(value)


def _add_key(container: Container, key: str, item: Item) -> None:
    """``key = item`` after the last plain field of ``container``, before its sub-tables and
    the comments that end it, which belong to what follows."""
    last = None
    for name, existing in container.body:
        if name is not None and not isinstance(existing, Table | AoT):
            last = name
    if last is None:
        container._insert_at(0, key, item)
    else:
        container._insert_after(last, key, item)


def _edit_scalars(
    files: list[_File],
    home: _File,
    old_native: Mapping[str, Any],
    new_native: Mapping[str, Any],
    new_plain: Mapping[str, Any],
) -> None:
    old = {k: v for k, v in old_native.items() if k not in COLLECTIONS}
    new = {k: v for k, v in new_native.items() if k not in COLLECTIONS}
    for key in sorted(old.keys() | new.keys()):
        if old.get(key) == new.get(key) and key in old:
            continue
        file = next((f for f in files if f.holds(key)), home)
        if file.format == "json":
            if key in new:
                file.document[key] = new_plain[key]
            else:
                file.document.pop(key, None)
        elif key not in new:
            file.document.pop(key, None)
        elif key in file.document:
            file.document[key] = _value(new[key])
        else:
            _add_key(file.document, key, _value(new[key]))


# Rendering -------------------------------------------------------------------------------


def _render(file: _File) -> str:
    if not file.edited:
        return file.text
    if file.format == "json":
        # A file the edit left alone keeps its bytes, whoever laid it out.
        unchanged = file.text.strip() and json.loads(file.text) == file.document
        return file.text if unchanged else json_text(file.document)
    marks: dict[str, tuple[str, str]] = {}
    appended = ""
    for collection, entities in file.additions.items():
        found = file.document.get(collection)
        if isinstance(found, Array):
            for entity in entities:
                found.append(_value(entity))
            continue
        template = found[-1] if isinstance(found, AoT) and len(found) else None
        block = "".join(_entity_text(collection, entity, template) for entity in entities)
        if isinstance(found, AoT):
            # tomlkit finds where the collection ends; the new entities are written as text
            # there, in place of a marker, so that they look like the entity before them.
            mark = f"ssa-insert-{secrets.token_hex(8)}"
            found.append(tomlkit.table().add("id", mark))
            marks[mark] = (collection, block)
        else:
            appended += block
    text = tomlkit.dumps(file.document)
    for stand_in, chunk in file.stand_ins.items():
        text = text.replace(stand_in, chunk, 1)
    for mark, (collection, block) in marks.items():
        text = _splice(text, collection, mark, block)
    if appended:
        text = text + ("\n" if text.strip() and not text.endswith("\n\n") else "")
        text += appended.rstrip("\n") + "\n"
    return text


def _splice(text: str, collection: str, mark: str, block: str) -> str:
    """``block`` in place of the marker entity, before the comments and blank lines that
    precede the marker: they end the entity before it and introduce what comes next."""
    found = re.search(
        rf"^[ \t]*\[\[[ \t]*{re.escape(_key(collection))}[ \t]*\]\][^\n]*\n"
        rf"[ \t]*id = \"{mark}\"\n?",
        text,
        re.MULTILINE,
    )
    if found is None:  # pragma: no cover - tomlkit writes a new table this way
        raise RuntimeError(f"the insertion point of {collection} was not found")
    before, after = text[: found.start()], text[found.end() :]
    lines = before.splitlines(keepends=True)
    cut = len(lines)
    while cut and (not lines[cut - 1].strip() or lines[cut - 1].lstrip().startswith("#")):
        cut -= 1
    head, tail = "".join(lines[:cut]), "".join(lines[cut:])
    if not head.endswith("\n"):
        head += "\n"
    if tail or after.strip():
        # The entity before ends with a blank line, and the block does too.
        return head + "\n" + block.rstrip("\n") + "\n" + tail + after
    return head + "\n" + block.rstrip("\n") + "\n"


def _entity_text(collection: str, entity: Mapping[str, Any], template: Any) -> str:
    """One new entity as ``[[collection]]`` and its fields; a field the entity before it
    wrote as a sub-table (``[series.venue]``) is written so too."""
    lines = [f"[[{_key(collection)}]]\n"]
    tables = []
    for key, value in entity.items():
        if (
            isinstance(value, dict)
            and isinstance(template, Table)
            and isinstance(template.get(key), Table)
        ):
            tables.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_text(value)}\n")
    for key, value in tables:
        lines.append(f"[{_key(collection)}.{_key(key)}]\n")
        lines.extend(f"{_key(k)} = {_text(v)}\n" for k, v in value.items())
    return "".join(lines) + "\n"


def _key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else tomlkit.string(name).as_string()


def _text(value: Any) -> str:
    """A value as TOML text in the layout of the shipped registries: ``{ a = 1 }``, lists
    of tables one per line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return tomlkit.string(value).as_string()
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {_text(v)}" for k, v in value.items()) + " }"
    if isinstance(value, Sequence):
        items = [_text(item) for item in value]
        flat = "[" + ", ".join(items) + "]"
        if any(isinstance(item, Mapping) for item in value) and (
            len(items) > 1 or len(flat) > _LONG_LINE
        ):
            return "[\n" + "".join(f"  {item},\n" for item in items) + "]"
        return flat
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _value(value: Any) -> Item:
    return tomlkit.value(_text(value))


def _as_table(value: Mapping[str, Any]) -> Table:
    table = tomlkit.table()
    for key, item in value.items():
        table.add(key, _value(item))
    return table


def _check(location: Path, texts: Mapping[Path, str], registry: Registry) -> None:
    """Refuse to write unless the files as they will be give exactly ``registry``."""
    parsed = [
        (str(path), _parse(text, suffix_format(path), str(path), MAX_BYTES, MAX_DEPTH))
        for path, text in sorted(texts.items())
    ]
    data = merge_files(str(location), parsed)[0] if location.is_dir() else parsed[0][1]
    if _build(data) != registry:
        raise _Mismatch(f"editing {location} would not give the registry asked for")
