"""iCalendar feeds: one feed of a registry's meetings, or a static folder of them.

:func:`to_ical` builds one feed; :func:`write_feeds` a folder that any web server can
publish. :func:`read_calendar` goes the other way: a calendar people already keep (Outlook,
Google, Apple, Thunderbird) as meetings and series, and :func:`merge_calendar` puts them
into a registry, matched by UID. The modules beside this one hold the parts: events, series,
the line writer, text escaping, the time zones that feeds carry, and reading calendars.
"""

from .events import Audience
from .feed import CalendarHook, EventHook, FeedBlackouts, Mode, shown, to_ical
from .folder import file_stem, write_feeds
from .http import ICAL_MEDIA_TYPE, FeedResponse, etag, feed_response, last_modified
from .reading import (
    CalendarContent,
    Imported,
    Unmapped,
    merge_calendar,
    read_calendar,
    read_calendar_text,
)

__all__ = [
    "ICAL_MEDIA_TYPE",
    "Audience",
    "CalendarContent",
    "CalendarHook",
    "EventHook",
    "FeedBlackouts",
    "FeedResponse",
    "Imported",
    "Mode",
    "Unmapped",
    "etag",
    "feed_response",
    "file_stem",
    "last_modified",
    "merge_calendar",
    "read_calendar",
    "read_calendar_text",
    "shown",
    "to_ical",
    "write_feeds",
]
