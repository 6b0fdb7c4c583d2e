"""One dated instance of a meeting series, as scheduling produces it and feeds publish it.

Kept apart from the scheduling code so that feeds, exports and plugins can name the type
without importing the holiday machinery.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from attrs import frozen

from ..i18n import DEFAULT_LANG, Lang, Text
from ..i18n.text import json_text
from ..model import Venue


class OccurrenceStatus(enum.StrEnum):
    """``scheduled`` and ``moved`` take place; ``skipped`` and ``cancelled`` do not."""

    SCHEDULED = "scheduled"
    MOVED = "moved"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"

    @property
    def takes_place(self) -> bool:
        return self in (OccurrenceStatus.SCHEDULED, OccurrenceStatus.MOVED)


@frozen(kw_only=True)
class Occurrence:
    """An occurrence of series ``series``.

    ``original`` is the date the rule or the explicit dates produced: it identifies the
    occurrence for good (a feed's RECURRENCE-ID), however it is later moved. ``start`` and
    ``end`` are timezone-aware and already moved where it was moved. ``reason`` says why a
    date was moved, skipped or cancelled (the holiday's name, the note of a cancellation).
    ``title``, ``venue`` and ``note`` are the series' own unless a change overrides them.
    """

    series: str
    original: date
    start: datetime
    end: datetime
    status: OccurrenceStatus
    title: str
    venue: Venue
    reason: Text | None = None
    note: str | None = None

    def reason_text(self, lang: Lang = DEFAULT_LANG) -> str | None:
        return None if self.reason is None else self.reason.render(lang)

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, str | None]:
        """The JSON shape of SPEC.md: ISO 8601 times with their offset, the reason in
        ``lang``; one item of ``occurrences --format json`` (docs/embedding.md)."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "status": self.status.value,
            "reason": self.reason_text(lang),
        }

    def to_json(self, lang: Lang = DEFAULT_LANG) -> str:
        return json_text(self.to_dict(lang))
