"""iCalendar feeds: one feed of a registry's meetings, or a static folder of them.

:func:`to_ical` builds one feed; :func:`write_feeds` a folder that any web server can
publish. The modules beside this one hold the parts: events, series, the line writer,
text escaping and the time zones that feeds carry.
"""

from .events import Audience
from .feed import CalendarHook, EventHook, FeedBlackouts, Mode, to_ical
from .folder import file_stem, write_feeds

__all__ = [
    "Audience",
    "CalendarHook",
    "EventHook",
    "FeedBlackouts",
    "Mode",
    "file_stem",
    "to_ical",
    "write_feeds",
]
