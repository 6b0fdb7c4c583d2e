"""Meetings and meeting series, as data. Scheduling and feeds build on these."""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from attrs import frozen

from .checks import check_fields
from .places import Address


class MeetingKind(enum.StrEnum):
    NETWORK_MEETING = "network_meeting"
    WORKING_GROUP = "working_group"
    CASE_CONSULTATION = "case_consultation"
    STEERING_GROUP = "steering_group"
    WORKSHOP = "workshop"
    CONFERENCE_DAY = "conference_day"
    TRAINING = "training"
    ONLINE_TALK = "online_talk"
    EDUCATION_CONFERENCE = "education_conference"


class VenueMode(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class MeetingStatus(enum.StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    HELD = "held"
    CANCELLED = "cancelled"


class HolidayPolicy(enum.StrEnum):
    """What a series does with a date that falls on a holiday or blackout day.

    ``keep`` meets regardless: a calendar brought in from elsewhere already says on which
    days it meets, and importing it must not drop the dates its owners kept on purpose.
    """

    SKIP = "skip"
    NEXT_WEEKDAY = "next_weekday"
    NEXT_WEEK = "next_week"
    KEEP = "keep"


class ChangeAction(enum.StrEnum):
    CANCEL = "cancel"
    MOVE = "move"
    AMEND = "amend"


@frozen(kw_only=True, cache_hash=True)
class Venue:
    """Where a meeting happens: a place, an online room, or both (hybrid)."""

    __attrs_post_init__ = check_fields

    mode: VenueMode
    name: str | None = None
    address: Address | None = None
    url: str | None = None
    #: The id of the school the meeting is held at: its holidays and movable days close
    #: the day for meetings there.
    school: str | None = None


@frozen(kw_only=True)
class Meeting:
    """A single meeting. ``revision`` counts the edits the office has published: raising it
    tells calendar clients that subscribed to a feed to take the new version (SEQUENCE)."""

    __attrs_post_init__ = check_fields

    id: str
    kind: MeetingKind
    title: str
    start: datetime
    end: datetime
    venue: Venue
    organiser: str | None = None
    network: str | None = None
    topics: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    capacity: int | None = None
    attendance: int | None = None
    status: MeetingStatus = MeetingStatus.PLANNED
    note: str | None = None
    revision: int = 0
    created: datetime | None = None
    modified: datetime | None = None


@frozen(kw_only=True)
class OccurrenceChange:
    """A change to one occurrence of a series, named by its original date."""

    __attrs_post_init__ = check_fields

    date: date
    action: ChangeAction
    start: datetime | None = None
    venue: Venue | None = None
    title: str | None = None
    note: str | None = None
    modified: datetime | None = None


@frozen(kw_only=True)
class MeetingSeries:
    """Recurring meetings: an RFC 5545 rule, explicit dates, or both.

    ``first`` is the first candidate date (the rule's DTSTART); ``start_time`` and
    ``end_time`` are local wall-clock times in the registry's time zone. ``revision`` counts
    published edits of the series as a whole (title, venue, times), as for a meeting.
    """

    __attrs_post_init__ = check_fields

    id: str
    kind: MeetingKind
    title: str
    first: date
    start_time: time
    end_time: time
    venue: Venue
    rrule: str | None = None
    dates: tuple[date, ...] = ()
    count: int | None = None
    until: date | None = None
    on_holiday: HolidayPolicy = HolidayPolicy.SKIP
    organiser: str | None = None
    network: str | None = None
    topics: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    capacity: int | None = None
    changes: tuple[OccurrenceChange, ...] = ()
    revision: int = 0
    created: datetime | None = None
    modified: datetime | None = None
