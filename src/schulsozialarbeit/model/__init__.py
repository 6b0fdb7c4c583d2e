"""The domain model: frozen attrs classes, one module per family."""

from .editing import change_fte, end_position, forget_staff_member, move_assignment
from .holidays import HolidayPeriod
from .meetings import (
    ChangeAction,
    HolidayPolicy,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    OccurrenceChange,
    Venue,
    VenueMode,
)
from .networks import Membership, Network, NetworkKind
from .organizations import CoordinationOffice, Organization, OrganizationKind
from .places import Address, Contact, Geo, OpeningHours, Weekday
from .registry import COLLECTIONS, DEFAULT_TIMEZONE, Entity, Registry
from .schools import (
    District,
    DistrictKind,
    LegalForm,
    Region,
    RegionKind,
    School,
    SchoolForm,
    region_is,
)
from .sources import Source
from .staffing import AnnualCosts, Assignment, Carrier, CarrierKind, Position, StaffMember

__all__ = [
    "COLLECTIONS",
    "DEFAULT_TIMEZONE",
    "Address",
    "AnnualCosts",
    "Assignment",
    "Carrier",
    "CarrierKind",
    "ChangeAction",
    "Contact",
    "CoordinationOffice",
    "District",
    "DistrictKind",
    "Entity",
    "Geo",
    "HolidayPeriod",
    "HolidayPolicy",
    "LegalForm",
    "Meeting",
    "MeetingKind",
    "MeetingSeries",
    "MeetingStatus",
    "Membership",
    "Network",
    "NetworkKind",
    "OccurrenceChange",
    "OpeningHours",
    "Organization",
    "OrganizationKind",
    "Position",
    "Region",
    "RegionKind",
    "Registry",
    "School",
    "SchoolForm",
    "Source",
    "StaffMember",
    "Venue",
    "VenueMode",
    "Weekday",
    "change_fte",
    "end_position",
    "forget_staff_member",
    "move_assignment",
    "region_is",
]
