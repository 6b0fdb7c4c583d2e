"""Feeds over HTTP (schulsozialarbeit.ical.http): the headers and the conditional answer a
subscriber's client gets. Read with a calendar library where the body matters; the headers
as the RFC 9110 rules a client and a cache apply to them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

import attrs
import icalendar
import pytest

import schulsozialarbeit as ssa
from schulsozialarbeit.ical import etag
from schulsozialarbeit.testing import example_registry

SERIES = "ak-schulsozialarbeit-sitzungen"
T = datetime(2023, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def soest() -> ssa.Registry:
    return example_registry("kreis-soest")


def _headers(response: ssa.FeedResponse) -> dict[str, str]:
    return dict(response.headers)


def test_a_first_request_gets_the_feed_with_validators_and_its_media_type(
    soest: ssa.Registry,
) -> None:
    feed = ssa.to_ical(soest, series=SERIES)
    answer = ssa.feed_response(feed, modified=T)
    headers = _headers(answer)
    assert answer.status == 200
    assert answer.body == feed
    assert icalendar.Calendar.from_ical(answer.body).walk("VEVENT")
    assert headers["Content-Type"] == ssa.ICAL_MEDIA_TYPE == "text/calendar; charset=utf-8"
    assert headers["ETag"].startswith('"')
    assert not headers["ETag"].startswith("W/")
    assert parsedate_to_datetime(headers["Last-Modified"]) == T
    # The cache keeps it as long as the feed asks clients to wait (REFRESH-INTERVAL).
    refresh = icalendar.Calendar.from_ical(feed).decoded("REFRESH-INTERVAL")
    assert isinstance(refresh, timedelta)
    assert headers["Cache-Control"] == f"max-age={int(refresh.total_seconds())}"


def test_the_etag_is_of_the_bytes(soest: ssa.Registry) -> None:
    feed = ssa.to_ical(soest, series=SERIES)
    assert etag(feed) == etag(ssa.to_ical(soest, series=SERIES))
    assert etag(feed) != etag(feed + b" ")


@pytest.mark.parametrize(
    ("if_none_match", "if_modified_since", "status"),
    [
        ("{tag}", None, 304),
        ("W/{tag}", None, 304),  # If-None-Match compares weakly
        ('"a", {tag}', None, 304),
        ("*", None, 304),
        ('"other"', None, 200),
        ('"other"', "{now}", 200),  # If-None-Match decides alone when both are sent
        (None, "{now}", 304),
        (None, "{later}", 304),
        (None, "{earlier}", 200),
        (None, "not a date", 200),
        (None, None, 200),
    ],
)
def test_a_conditional_request_is_answered_as_rfc_9110_says(
    soest: ssa.Registry, if_none_match: str | None, if_modified_since: str | None, status: int
) -> None:
    feed = ssa.to_ical(soest, series=SERIES)
    tag = etag(feed)
    dates = {
        "now": format_datetime(T, usegmt=True),
        "later": format_datetime(T + timedelta(days=1), usegmt=True),
        "earlier": format_datetime(T - timedelta(seconds=1), usegmt=True),
    }
    answer = ssa.feed_response(
        feed,
        modified=T,
        if_none_match=None if if_none_match is None else if_none_match.format(tag=tag),
        if_modified_since=None if if_modified_since is None else if_modified_since.format(**dates),
    )
    assert answer.status == status
    headers = _headers(answer)
    if status == 304:
        assert answer.body == b""
        assert "Content-Type" not in headers
        assert headers["ETag"] == tag
    else:
        assert answer.body == feed


def test_last_modified_is_the_newest_change_of_what_the_feed_shows(soest: ssa.Registry) -> None:
    series = soest.get(SERIES, ssa.MeetingSeries)
    own = [series.modified, *(change.modified for change in series.changes)]
    assert any(when is not None for when in own)
    known = [when or soest.modified for when in own]
    newest = max(when for when in known if when is not None)
    assert ssa.last_modified(soest, series=SERIES) == newest
    edited = soest.replace(attrs.evolve(series, modified=T))
    assert ssa.last_modified(edited, series=SERIES) == max(T, newest)
    # A meeting that is not in the series' feed does not move its Last-Modified.
    meeting = attrs.evolve(soest.meetings[0], modified=T + timedelta(days=30))
    other = edited.replace(meeting)
    assert ssa.last_modified(other, series=SERIES) == ssa.last_modified(edited, series=SERIES)
    assert ssa.last_modified(other) == T + timedelta(days=30)


def test_without_any_modified_there_is_no_last_modified(soest: ssa.Registry) -> None:
    bare = ssa.Registry(name="leer")
    assert ssa.last_modified(bare) is None
    answer = ssa.feed_response(ssa.to_ical(bare))
    assert "Last-Modified" not in _headers(answer)
    assert (
        ssa.feed_response(
            ssa.to_ical(bare), if_modified_since="Wed, 01 Mar 2023 09:00:00 GMT"
        ).status
        == 200
    )


def test_an_unknown_series_is_a_feed_selection_error(soest: ssa.Registry) -> None:
    with pytest.raises(ssa.FeedSelectionError) as caught:
        ssa.last_modified(soest, series="gibt-es-nicht")
    assert isinstance(caught.value, ssa.SchulsozialarbeitError)
    assert "in der Registry" in caught.value.message("de")
    assert issubclass(ssa.UnsafeFeedError, ssa.SchulsozialarbeitError)
