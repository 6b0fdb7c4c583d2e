"""The registry itself as an export (JSON, TOML), at a privacy level like every other output.

``internal`` is the complete registry, byte for byte what :func:`~schulsozialarbeit.dump`
writes, and loads again. ``public`` leaves out every field the model marks personal (the
names, e-mail addresses and phone numbers of staff and of contact persons), found on the
classes themselves, so a personal field added later is left out without a change here.

A public file is a publication, not a registry: it says so in a top-level ``privacy`` key
(and, in TOML, a comment above it), which the loader does not know, so it cannot be loaded
by mistake in place of the registry and then written back without its people. The number
of fields left out is returned with the bytes, so the command line can say how much is
missing and how to get it.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import tomli_w

from ..files import dumps, to_dict
from ..i18n import DEFAULT_LANG, Lang, message
from ..model import Registry
from ..model._fields import is_personal
from ._tables import DEFAULT_PRIVACY, PRIVACY_COLUMN, check_privacy
from .options import REGISTRY_FORMATS, Privacy, RegistryFormat


def without_personal(value: Any) -> tuple[Any, int]:
    """``value`` with every field marked personal reset to its default (None, or an empty
    list), at any depth, and how many of them held something."""
    if isinstance(value, tuple):
        items = [without_personal(item) for item in value]
        return tuple(item for item, _ in items), sum(count for _, count in items)
    if not attrs.has(type(value)):
        return value, 0
    changes: dict[str, Any] = {}
    left_out = 0
    for field in attrs.fields(type(value)):
        current = getattr(value, field.name)
        if is_personal(field):
            if current != field.default:
                changes[field.name] = field.default
                left_out += 1
            continue
        cleaned, count = without_personal(current)
        if count:
            changes[field.name] = cleaned
            left_out += count
    return (attrs.evolve(value, **changes) if changes else value), left_out


def export_registry(
    registry: Registry,
    format: RegistryFormat,
    privacy: Privacy = DEFAULT_PRIVACY,
    lang: Lang = DEFAULT_LANG,
) -> tuple[bytes, int]:
    """The registry as JSON or TOML bytes, and how many personal fields were left out.

    ``lang`` is the language of the TOML comment of a public file.
    """
    if format not in REGISTRY_FORMATS:
        raise ValueError(f"unknown registry format {format!r}; use one of {REGISTRY_FORMATS}")
    if check_privacy(privacy) == "internal":
        return dumps(registry, format).encode("utf-8"), 0
    public, left_out = without_personal(registry)
    data = {PRIVACY_COLUMN: privacy, **to_dict(public)}
    if format == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        note = message("exports.registry.public-comment", lang, count=left_out)
        text = f"# {note}\n" + tomli_w.dumps(data)
    return text.encode("utf-8"), left_out
