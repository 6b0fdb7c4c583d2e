"""A static folder of feeds: one per network, one with everything, and an index page.

The folder is meant to be copied to any web server as it is, so the page links to its files
relatively and loads nothing from elsewhere; only the subscribe links need the address it is
published at, which the office gives (:mod:`.page`). File names come from network ids, which
validation checks as slugs; the writer still makes each name safe itself and refuses any path
that would leave the folder, since a registry is input and input is not trusted.

The folder is often the web server's own, and shared with files the office put there, so it
is never replaced as a whole. Each file is replaced atomically and keeps its permissions;
the feed of a network that is gone is deleted, because a feed left behind would stay public
with stale dates. Only files the writer made itself are ever deleted: it lists them in a
hidden manifest (:data:`MANIFEST`). The manifest is written first as the union of the old
and the new files, then the feeds and the index, then the stale feeds are deleted and the
manifest is written again with the new files only. Killed at any moment, every file is whole
(a hidden temporary file may be left half written, never under a feed's name) and the
manifest names every file the writer may have left, so the next run clears them, and the
temporary files of its own files too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..files import write_atomic
from ..files.atomic import temporary_of
from ..i18n import DEFAULT_LANG, Lang, message
from ..model import Registry
from .events import Audience
from .feed import (
    CalendarHook,
    EventHook,
    FeedBlackouts,
    Mode,
    dated_entries,
    network_group,
    to_ical,
)
from .page import Listed, base_address, index_page
from .series import Planned

ALL = "all"
INDEX = "index.html"
#: The files this writer made in the folder; hidden, so a web server's listing leaves it out.
MANIFEST = ".schulsozialarbeit-feeds.json"
_UNSAFE_NAME = re.compile(r"[^a-z0-9_-]+")
#: What a feed's file name looks like: the only kind of file ever deleted.
_FEED_NAME = re.compile(r"[a-z0-9_-]+\.ics")
#: File systems allow 255 bytes a name; this leaves room for a number and the suffix.
_MAX_STEM = 100


def file_stem(ident: str, taken: set[str]) -> str:
    """A file name stem for ``ident``: lower-case letters, digits, ``-`` and ``_`` only,
    never empty, never ``all`` or one already taken (a suffix tells them apart)."""
    stem = _UNSAFE_NAME.sub("-", ident.lower()).strip("-_")[:_MAX_STEM] or "network"
    candidate, number = stem, 1
    while candidate in taken or candidate == ALL:
        number += 1
        candidate = f"{stem}-{number}"
    taken.add(candidate)
    return candidate


def _inside(folder: Path, name: str) -> Path:
    """``folder / name`` for a plain file name; the name itself is checked, not resolved, so
    a symlink already in the folder is replaced by the rename, never followed."""
    if not name or name in (".", "..") or Path(name).name != name or "\\" in name:
        raise ValueError(f"{name!r} would leave {folder}")
    return folder / name


def _recorded(root: Path) -> set[str]:
    """The feed files the manifest names; nothing when it is missing or not the writer's."""
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list):
        return set()
    return {name for name in files if isinstance(name, str) and _FEED_NAME.fullmatch(name)}


def _record(root: Path, names: Iterable[str]) -> None:
    data = {"written-by": "schulsozialarbeit feeds", "files": sorted(set(names))}
    payload = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomic(_inside(root, MANIFEST), payload.encode("utf-8"))


def _delete(root: Path, names: Iterable[str]) -> None:
    """Delete stale feeds; a name that is no longer a file (a user's folder) is left alone."""
    for name in sorted(names):
        path = _inside(root, name)
        if path.is_symlink() or path.is_file():
            path.unlink(missing_ok=True)


def _clear_temporaries(root: Path, ours: set[str]) -> None:
    """Delete the temporary files a killed run left for files of this writer."""
    for path in root.iterdir():
        if temporary_of(path.name) in ours and (path.is_symlink() or path.is_file()):
            path.unlink(missing_ok=True)


def _listed(
    registry: Registry, events: list[Planned], feeds: list[tuple[str, str, str]], lang: Lang
) -> list[Listed]:
    """Each feed of the folder with its events, in order: everything first, then a network's
    with those of its sub-groups. Each event is handed to the feeds of its network and of the
    networks above it, so a state with thousands of networks is sorted in one pass."""
    above: dict[str, list[int]] = {}
    for number, (ident, _, _) in enumerate(feeds):
        for member in network_group(registry, ident) or ():
            above.setdefault(member, []).append(number)
    mine: list[list[Planned]] = [[] for _ in feeds]
    for event in events:
        for number in above.get(event.entry.network or "", ()):
            mine[number].append(event)
    everything = Listed(name=message("feed-all", lang), file=f"{ALL}.ics", events=tuple(events))
    return [everything] + [
        Listed(name=name, file=file, events=tuple(found))
        for (_, name, file), found in zip(feeds, mine, strict=True)
    ]


def write_feeds(
    registry: Registry,
    folder: str | Path,
    *,
    audience: Audience = "public",
    mode: Mode = "expanded",
    base_url: str | None = None,
    as_of: date | None = None,
    blackouts: FeedBlackouts | None = None,
    adjust_event: EventHook | None = None,
    adjust_calendar: CalendarHook | None = None,
    lang: Lang = DEFAULT_LANG,
) -> list[Path]:
    """Write ``all.ics``, one ``<network>.ics`` per network and ``index.html``; returns them.

    ``base_url`` is the address the folder is published at (http or https): with it the page
    offers a ``webcal://`` link and the address to copy for each feed; without it, it says
    how to get them. The page counts each feed's dates from ``as_of`` (default: today), and
    is the same byte for byte for the same registry and ``as_of``. ``mode`` is that of
    :func:`to_ical`. Each file is written atomically, so a web server never serves half a
    feed; the feeds of networks that are gone are deleted afterwards, if this writer made
    them. Raises :class:`FeedSelectionError` for a ``base_url`` that is not a web address,
    before anything is written.
    """
    if base_url is not None:
        base_address(base_url)
    day = date.today() if as_of is None else as_of
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    root = root.resolve()

    def feed(network: str | None) -> bytes:
        return to_ical(
            registry,
            network=network,
            audience=audience,
            mode=mode,
            blackouts=blackouts,
            adjust_event=adjust_event,
            adjust_calendar=adjust_calendar,
        )

    events = dated_entries(registry, blackouts)
    taken: set[str] = set()
    networks = sorted(registry.networks, key=lambda n: n.id)
    names = [f"{file_stem(network.id, taken)}.ics" for network in networks]
    current = {f"{ALL}.ics", *names}
    previous = _recorded(root)
    _clear_temporaries(root, previous | current | {INDEX, MANIFEST})
    _record(root, previous | current)
    written: list[Path] = []
    target = _inside(root, f"{ALL}.ics")
    write_atomic(target, feed(None))
    written.append(target)
    for network, name in zip(networks, names, strict=True):
        target = _inside(root, name)
        write_atomic(target, feed(network.id))
        written.append(target)
    chosen = [(n.id, n.name, file) for n, file in zip(networks, names, strict=True)]
    listed = _listed(registry, events, chosen, lang)
    page = index_page(
        registry, listed, base_url=base_url, as_of=day, blackouts=blackouts, lang=lang
    )
    index = _inside(root, INDEX)
    write_atomic(index, page.encode("utf-8"))
    written.append(index)
    _delete(root, previous - current)
    _record(root, current)
    return written
