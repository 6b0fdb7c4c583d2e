"""Who employs school social workers, the positions they fill and the people in them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from attrs import frozen
from dateutil.relativedelta import relativedelta

from ._fields import personal
from .places import Address

#: A position whose fixed term ends within this many months of the reference date "ends soon":
#: long enough to apply for follow-up funding, which councils decide on half a year ahead.
ENDING_SOON_MONTHS = 6


class CarrierKind(enum.StrEnum):
    """Öffentlicher Träger (a public body) or freier Träger (an independent welfare body)."""

    PUBLIC = "public"
    INDEPENDENT = "independent"


@frozen(kw_only=True)
class Carrier:
    id: str
    name: str
    kind: CarrierKind
    umbrella: str | None = None
    address: Address | None = None
    url: str | None = None
    created: datetime | None = None
    modified: datetime | None = None


@frozen(kw_only=True)
class StaffMember:
    """A school social worker. Name and work contact are personal data."""

    id: str
    name: str = personal()
    email: str | None = personal()
    phone: str | None = personal()
    qualification: str | None = None
    created: datetime | None = None
    modified: datetime | None = None


@frozen(kw_only=True)
class Assignment:
    """The part of a position's FTE that is spent at one school.

    ``concept`` is the date the school-specific concept (schuleigenes Konzept) for this
    work was agreed with the school; frameworks such as Kreis Soest's require one.
    """

    school: str
    fte: Decimal
    concept: date | None = None


@frozen(kw_only=True)
class Position:
    """A funded position (Stelle). Without a holder it is vacant.

    ``start`` and ``end`` bound its validity; an open end means it is permanent.
    """

    id: str
    carrier: str
    fte: Decimal
    assignments: tuple[Assignment, ...] = ()
    funding: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    holder: str | None = None

    def active_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def ends_soon(self, day: date, months: int = ENDING_SOON_MONTHS) -> bool:
        """Active on ``day`` and ending within ``months`` after it."""
        return (
            self.active_on(day)
            and self.end is not None
            and self.end <= day + relativedelta(months=months)
        )
