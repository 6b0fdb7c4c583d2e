"""Who employs school social workers, the positions they fill and the people in them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from attrs import evolve, frozen
from dateutil.relativedelta import relativedelta

from ._fields import personal
from .checks import check_fields
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
    __attrs_post_init__ = check_fields

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

    __attrs_post_init__ = check_fields

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
    ``start`` and ``end`` (inclusive) bound the assignment when a position moves between
    schools during its life; left out, the assignment lasts as long as its position, so a
    registry that never moves a post needs no dates here.
    """

    __attrs_post_init__ = check_fields

    school: str
    fte: Decimal
    concept: date | None = None
    start: date | None = None
    end: date | None = None

    @property
    def dated(self) -> bool:
        """Whether the assignment has a period of its own, rather than its position's."""
        return self.start is not None or self.end is not None

    def active_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@frozen(kw_only=True)
class AnnualCosts:
    """What a position costs in one calendar year, in euros, as far as it is known.

    Grant programmes are applied for and accounted for by the calendar year, from exactly
    these two sums (Personalausgaben and Sachausgaben), so they are kept per year rather than
    as one running figure that would lose last year's when this year's is entered.
    """

    __attrs_post_init__ = check_fields

    year: int
    personnel: Decimal | None = None
    material: Decimal | None = None


@frozen(kw_only=True)
class Position:
    """A funded position (Stelle). Without a holder it is vacant.

    ``start`` and ``end`` bound its validity; an open end means it is permanent.
    ``holder_since`` and ``holder_until`` (inclusive) bound the current holder's time in it;
    left out, the holder counts for the whole life of the position. Outside that period the
    position counts as vacant, so the figures of an earlier date do not show today's holder.

    ``programmes`` names the grant programmes that pay for the position by a key a plugin
    knows (``nrw-landesprogramm``), where ``funding`` says in words who pays; ``costs`` holds
    its costs per year. Both are internal: a single post's costs are its holder's pay, and
    neither goes into a public output.
    """

    __attrs_post_init__ = check_fields

    id: str
    carrier: str
    fte: Decimal
    assignments: tuple[Assignment, ...] = ()
    funding: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    holder: str | None = None
    holder_since: date | None = None
    holder_until: date | None = None
    created: datetime | None = None
    modified: datetime | None = None
    programmes: tuple[str, ...] = personal(default=())
    costs: tuple[AnnualCosts, ...] = personal(default=())

    @property
    def holder_dated(self) -> bool:
        """Whether the holder has a period of their own, rather than the position's."""
        return self.holder is not None and (
            self.holder_since is not None or self.holder_until is not None
        )

    def holder_on(self, day: date) -> str | None:
        """The holder on ``day``: None when vacant or outside the holder's period."""
        if self.holder is None:
            return None
        if self.holder_since is not None and day < self.holder_since:
            return None
        if self.holder_until is not None and self.holder_until < day:
            return None
        return self.holder

    def on(self, day: date) -> Position:
        """The position as it stands on ``day``: the holder only within the holder's period
        and only the assignments running then. Every figure at a date counts these views,
        so a figure of an earlier date counts what was true then. Returns ``self`` when
        nothing differs, which is every position of a registry without such dates."""
        holder = self.holder_on(day)
        assignments = tuple(a for a in self.assignments if a.active_on(day))
        if holder == self.holder and len(assignments) == len(self.assignments):
            return self
        return evolve(self, holder=holder, assignments=assignments)

    def active_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def ends_soon(self, day: date, months: int = ENDING_SOON_MONTHS) -> bool:
        """Active on ``day`` and ending within ``months`` after it."""
        return (
            self.active_on(day)
            and self.end is not None
            and self.end <= day + relativedelta(months=months)
        )
