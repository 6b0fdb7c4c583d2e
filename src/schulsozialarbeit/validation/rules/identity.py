"""Ids: unique across the whole registry, and safe to use in file names and feed URLs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..codes import issue
from ..issues import Context, Issue

# Later outputs (one feed file per network, say) put ids into file names and URLs.
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


def duplicate_ids(context: Context) -> Iterator[Issue]:
    """Every occurrence after the first, so each extra entity can be found and renamed."""
    for collection, index, entity in context.registry.entities():
        first = context.by_id[entity.id]
        if (first.collection, first.index) != (collection, index):
            yield issue(
                "duplicate-id",
                entity.id,
                f"{collection}[{index}].id",
                id=entity.id,
                first=first.path,
            )


def unsafe_ids(context: Context) -> Iterator[Issue]:
    for collection, index, entity in context.registry.entities():
        if not _SAFE_ID.fullmatch(entity.id):
            yield issue("unsafe-id", entity.id, f"{collection}[{index}].id", id=entity.id)
