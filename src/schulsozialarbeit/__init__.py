"""schulsozialarbeit: schools, positions, networks and meetings of school social work.

The functions of the README and the model classes are re-exported here; the public
subpackages (listed in docs/index.md) hold the rest, each behind its ``__init__``.
Plugin authors import :mod:`schulsozialarbeit.hooks`.
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version
from typing import TYPE_CHECKING, Any

from . import errors
from .errors import (
    FeedSelectionError,
    InvalidRuleError,
    ParseError,
    Problem,
    RegistryError,
    SchulsozialarbeitError,
    SourceError,
    StructureError,
    UnknownSeriesError,
    UnsafeFeedError,
)
from .figures import KeyFigures, key_figures
from .files import dump, dumps, from_dict, load, loads, to_dict
from .model import (
    Address,
    Assignment,
    Carrier,
    CarrierKind,
    ChangeAction,
    Contact,
    CoordinationOffice,
    District,
    DistrictKind,
    Geo,
    HolidayPolicy,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    Membership,
    Network,
    NetworkKind,
    OccurrenceChange,
    OpeningHours,
    Organization,
    OrganizationKind,
    Position,
    Region,
    RegionKind,
    Registry,
    School,
    SchoolForm,
    StaffMember,
    Venue,
    VenueMode,
    Weekday,
)
from .plugins import Plugins, load_plugins
from .scheduling import Occurrence, OccurrenceStatus, occurrences
from .validation import Issue, Severity, ValidationReport, validate

if TYPE_CHECKING:
    from .ical import to_ical


def __getattr__(name: str) -> Any:
    """``to_ical`` on first use: icalendar is the heaviest import, and most commands (and
    every plugin, through :mod:`schulsozialarbeit.hooks`) never write a feed."""
    if name == "to_ical":
        from .ical import to_ical

        return to_ical
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


try:
    __version__ = _version(__name__)
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "Address",
    "Assignment",
    "Carrier",
    "CarrierKind",
    "ChangeAction",
    "Contact",
    "CoordinationOffice",
    "District",
    "DistrictKind",
    "FeedSelectionError",
    "Geo",
    "HolidayPolicy",
    "InvalidRuleError",
    "Issue",
    "KeyFigures",
    "Meeting",
    "MeetingKind",
    "MeetingSeries",
    "MeetingStatus",
    "Membership",
    "Network",
    "NetworkKind",
    "Occurrence",
    "OccurrenceChange",
    "OccurrenceStatus",
    "OpeningHours",
    "Organization",
    "OrganizationKind",
    "ParseError",
    "Plugins",
    "Position",
    "Problem",
    "Region",
    "RegionKind",
    "Registry",
    "RegistryError",
    "School",
    "SchoolForm",
    "SchulsozialarbeitError",
    "Severity",
    "SourceError",
    "StaffMember",
    "StructureError",
    "UnknownSeriesError",
    "UnsafeFeedError",
    "ValidationReport",
    "Venue",
    "VenueMode",
    "Weekday",
    "__version__",
    "dump",
    "dumps",
    "errors",
    "from_dict",
    "key_figures",
    "load",
    "load_plugins",
    "loads",
    "occurrences",
    "to_dict",
    "to_ical",
    "validate",
]
