"""A static folder of feeds: one per network, one with everything, and an index page.

The folder is meant to be copied to any web server as it is, so the page links relatively
and loads nothing from elsewhere. File names come from network ids, which validation
checks as slugs; the writer still makes each name safe itself and refuses any path that
would leave the folder, since a registry is input and input is not trusted.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..files import write_atomic
from ..i18n import DEFAULT_LANG, Lang, message
from ..model import Registry
from .events import Audience
from .feed import CalendarHook, EventHook, FeedBlackouts, to_ical

ALL = "all"
_UNSAFE_NAME = re.compile(r"[^a-z0-9_-]+")
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


def _index(title: str, rows: list[tuple[str, str]], lang: Lang) -> str:
    heading = html.escape(message("feed-index-title", lang, name=title))
    items = "\n".join(
        f'<li><a href="{html.escape(file)}">{html.escape(name)}</a> '
        f"<code>{html.escape(file)}</code></li>"
        for name, file in rows
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{heading}</title>\n</head>\n<body>\n<h1>{heading}</h1>\n"
        f"<p>{html.escape(message('feed-index-intro', lang))}</p>\n"
        f"<ul>\n{items}\n</ul>\n</body>\n</html>\n"
    )


def write_feeds(
    registry: Registry,
    folder: str | Path,
    *,
    audience: Audience = "public",
    blackouts: FeedBlackouts | None = None,
    adjust_event: EventHook | None = None,
    adjust_calendar: CalendarHook | None = None,
    lang: Lang = DEFAULT_LANG,
) -> list[Path]:
    """Write ``all.ics``, one ``<network>.ics`` per network and ``index.html``; returns them.

    Each file is written atomically, so a web server never serves half a feed.
    """
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    root = root.resolve()

    def feed(network: str | None) -> bytes:
        return to_ical(
            registry,
            network=network,
            audience=audience,
            blackouts=blackouts,
            adjust_event=adjust_event,
            adjust_calendar=adjust_calendar,
        )

    written: list[Path] = []
    rows: list[tuple[str, str]] = [(message("feed-all", lang), f"{ALL}.ics")]
    target = _inside(root, f"{ALL}.ics")
    write_atomic(target, feed(None))
    written.append(target)
    taken: set[str] = set()
    for network in sorted(registry.networks, key=lambda n: n.id):
        name = f"{file_stem(network.id, taken)}.ics"
        target = _inside(root, name)
        write_atomic(target, feed(network.id))
        written.append(target)
        rows.append((network.name, name))
    index = _inside(root, "index.html")
    write_atomic(index, _index(registry.name, rows, lang).encode("utf-8"))
    written.append(index)
    return written
