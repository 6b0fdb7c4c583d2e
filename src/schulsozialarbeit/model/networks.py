"""Groups that meet: networks, working groups, case consultations and their sub-groups."""

from __future__ import annotations

import enum
from datetime import date, datetime

from attrs import frozen

from .checks import check_fields


class NetworkKind(enum.StrEnum):
    NETWORK = "network"
    WORKING_GROUP = "working_group"
    CASE_CONSULTATION = "case_consultation"
    STEERING_GROUP = "steering_group"
    WORKSHOP_SERIES = "workshop_series"


@frozen(kw_only=True)
class Membership:
    """A member (school, staff member, organisation, carrier or office) in a role, for a time.

    ``member`` is None for a seat whose person was forgotten (DSGVO Art. 17): the group
    keeps its membership, its role and its dates, so counts of past meetings stay right.
    """

    __attrs_post_init__ = check_fields

    member: str | None = None
    role: str = "member"
    start: date | None = None
    end: date | None = None
    created: datetime | None = None
    modified: datetime | None = None

    def active_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@frozen(kw_only=True)
class Network:
    """A group that meets. A sub-group (an area group, say) names its ``parent``."""

    __attrs_post_init__ = check_fields

    id: str
    name: str
    kind: NetworkKind
    region: str
    district: str | None = None
    coordinator: str | None = None
    parent: str | None = None
    description: str | None = None
    memberships: tuple[Membership, ...] = ()
    created: datetime | None = None
    modified: datetime | None = None
