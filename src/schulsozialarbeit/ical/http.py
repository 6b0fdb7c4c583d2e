"""Serving a feed over HTTP: its media type, its caching headers, and the answer to a
conditional request.

Calendar clients poll a subscribed feed every few hours, each of them, for years. Most polls
find nothing new; answered with ``304 Not Modified`` they cost a few headers instead of the
whole feed. The helpers here need no web framework: they take the feed's bytes and the
request's two headers, and give the status, the headers and the body to send, so a
Starlette, Django or Flask view is three lines (docs/embedding.md).

The ETag is strong: the feed's bytes are deterministic (the same registry gives the same
bytes), so the hash of the bytes names exactly one representation. Last-Modified is the
newest ``modified`` of the meetings and series the feed is made of and of the changes of
those series; an entity without one counts with the registry's ``modified``. Cache-Control
lets a cache keep the feed as long as the feed itself asks clients to wait before they
reload (REFRESH-INTERVAL).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from attrs import frozen

from ..model import Meeting, MeetingSeries, Registry
from .feed import REFRESH, shown

#: The media type of every feed the library writes (RFC 5545 section 8.1; UTF-8 always).
ICAL_MEDIA_TYPE = "text/calendar; charset=utf-8"


@frozen(kw_only=True)
class FeedResponse:
    """What to answer: ``status`` 200 with the feed as ``body``, or 304 with an empty one.

    ``headers`` are in a fixed order; a 304 carries the same validators and Cache-Control
    as the 200 would, and no Content-Type, as RFC 9110 section 15.4.5 has it.
    """

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


def etag(feed: bytes) -> str:
    """A strong entity tag for the feed's bytes: the same bytes, the same tag."""
    return '"' + hashlib.sha256(feed).hexdigest()[:32] + '"'


def _changes(source: Meeting | MeetingSeries) -> Iterable[datetime | None]:
    yield source.modified
    if isinstance(source, MeetingSeries):
        for change in source.changes:
            yield change.modified


def last_modified(
    registry: Registry, *, network: str | None = None, series: str | None = None
) -> datetime | None:
    """The newest ``modified`` among what the feed of ``network`` or ``series`` shows, an
    entity without one counting with the registry's; None when nothing says."""
    sources = shown(registry, network=network, series=series)
    times = [when or registry.modified for source in sources for when in _changes(source)]
    # An empty feed changed when the registry did.
    return max(
        (when for when in times if when is not None), default=None if sources else registry.modified
    )


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def _tags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header, compared weakly (RFC 9110 13.1.2)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _not_modified(
    tag: str, modified: datetime | None, if_none_match: str | None, if_modified_since: str | None
) -> bool:
    if if_none_match is not None:
        # When both are sent, If-None-Match decides alone (RFC 9110 13.2.2).
        tags = _tags(if_none_match)
        return "*" in tags or tag in tags
    if if_modified_since is None or modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False  # a date that does not parse is ignored, as RFC 9110 13.1.3 says
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return modified.astimezone(UTC).replace(microsecond=0) <= since


def feed_response(
    feed: bytes,
    *,
    modified: datetime | None = None,
    if_none_match: str | None = None,
    if_modified_since: str | None = None,
) -> FeedResponse:
    """The answer to a GET of ``feed``: 304 when the client's copy is current, else 200.

    ``modified`` is the feed's Last-Modified (see :func:`last_modified`); the other two are
    the request's headers of those names, as sent, or None.
    """
    tag = etag(feed)
    headers = [("ETag", tag)]
    if modified is not None:
        headers.append(("Last-Modified", _http_date(modified)))
    headers.append(("Cache-Control", f"max-age={int(REFRESH.total_seconds())}"))
    if _not_modified(tag, modified, if_none_match, if_modified_since):
        return FeedResponse(status=304, headers=tuple(headers), body=b"")
    headers.insert(0, ("Content-Type", ICAL_MEDIA_TYPE))
    return FeedResponse(status=200, headers=tuple(headers), body=feed)
