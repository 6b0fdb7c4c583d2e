"""iCalendar feeds: one feed of a registry's meetings, or a static folder of them.

:func:`to_ical` builds one feed; :func:`write_feeds` a folder that any web server can
publish. The modules beside this one hold the parts: events, series, the line writer,
text escaping and the time zones that feeds carry.
"""

from .events import Audience
from .feed import CalendarHook, EventHook, FeedBlackouts, Mode, shown, to_ical
from .folder import file_stem, write_feeds
from .http import ICAL_MEDIA_TYPE, FeedResponse, etag, feed_response, last_modified

__all__ = [
    "ICAL_MEDIA_TYPE",
    "Audience",
    "CalendarHook",
    "EventHook",
    "FeedBlackouts",
    "FeedResponse",
    "Mode",
    "etag",
    "feed_response",
    "file_stem",
    "last_modified",
    "shown",
    "to_ical",
    "write_feeds",
]
