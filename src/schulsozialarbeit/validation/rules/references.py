"""References: every id a field names must exist and be an entity of the kind the field means."""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import Text
from ...model.registry import references
from ..codes import issue
from ..issues import Context, Issue


def _kind(collection: str) -> Text:
    return Text(f"kind-{collection}")


def _one_of(collections: tuple[str, ...]) -> Text:
    """ "a school or a carrier", in the reader's language, from the collections allowed."""
    if len(collections) == 1:
        return _kind(collections[0])
    kinds = {name: _kind(c) for name, c in zip("abcde", collections, strict=False)}
    return Text(f"one-of-{len(collections)}", **kinds)


def unknown_references(context: Context) -> Iterator[Issue]:
    for entity, path, ref, _ in references(context.registry):
        if ref not in context.by_id:
            yield issue("unknown-reference", entity, path, ref=ref)


def wrong_reference_kinds(context: Context) -> Iterator[Issue]:
    for entity, path, ref, allowed in references(context.registry):
        target = context.by_id.get(ref)
        if target is not None and target.collection not in allowed:
            found = _kind(target.collection)
            yield issue(
                "wrong-reference-kind",
                entity,
                path,
                ref=ref,
                found=found,
                expected=_one_of(allowed),
            )
