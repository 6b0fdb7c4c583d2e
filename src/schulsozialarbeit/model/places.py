"""Where things are and how to reach them: addresses, contacts, opening hours."""

from __future__ import annotations

import enum
from datetime import time
from decimal import Decimal

from attrs import frozen

from ._fields import personal
from .checks import check_fields


class Weekday(enum.StrEnum):
    MONDAY = "mon"
    TUESDAY = "tue"
    WEDNESDAY = "wed"
    THURSDAY = "thu"
    FRIDAY = "fri"
    SATURDAY = "sat"
    SUNDAY = "sun"


@frozen(kw_only=True)
class Geo:
    """WGS84 coordinates, kept as decimals so a round trip never changes a digit."""

    __attrs_post_init__ = check_fields

    latitude: Decimal
    longitude: Decimal


@frozen(kw_only=True)
class Address:
    __attrs_post_init__ = check_fields

    street: str
    postal_code: str
    city: str
    addition: str | None = None
    geo: Geo | None = None


@frozen(kw_only=True)
class Contact:
    """A person to contact, in a role.

    The role is public; the name, e-mail address and phone number are personal data.
    """

    __attrs_post_init__ = check_fields

    role: str | None = None
    name: str | None = personal()
    email: str | None = personal()
    phone: str | None = personal()


@frozen(kw_only=True)
class OpeningHours:
    """One span on one weekday; a day with a break has two spans."""

    __attrs_post_init__ = check_fields

    day: Weekday
    opens: time
    closes: time
