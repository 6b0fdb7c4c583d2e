"""schulsozialarbeit: schools, positions, networks and meetings of school social work.

The functions of the README and the model classes are re-exported here; the public
subpackages (listed in docs/index.md) hold the rest, each behind its ``__init__``.
Plugin authors import :mod:`schulsozialarbeit.hooks`.
"""

from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    __version__: str

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
    from .figures import (
        KeyFigures,
        key_figures,
    )
    from .files import (
        dump,
        dumps,
        from_dict,
        load,
        loads,
        to_dict,
    )
    from .ical import (
        to_ical,
    )
    from .model import (
        Address,
        AnnualCosts,
        Assignment,
        Carrier,
        CarrierKind,
        ChangeAction,
        Contact,
        CoordinationOffice,
        District,
        DistrictKind,
        Geo,
        HolidayPeriod,
        HolidayPolicy,
        LegalForm,
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
        Source,
        StaffMember,
        Venue,
        VenueMode,
        Weekday,
    )
    from .plugins import (
        Plugins,
        load_plugins,
    )
    from .scheduling import (
        Occurrence,
        OccurrenceStatus,
        occurrences,
    )
    from .validation import (
        Issue,
        Severity,
        ValidationReport,
        validate,
    )

#: Where each name of the package lives. Nothing is imported with the package itself: the
#: command line (``schulsozialarbeit --help``) and plugins, which import
#: :mod:`schulsozialarbeit.hooks`, start without cattrs, icalendar or the holiday tables,
#: and ``from schulsozialarbeit import load`` imports what ``load`` needs.
_LAZY: dict[str, str] = {
    "Address": ".model",
    "AnnualCosts": ".model",
    "Assignment": ".model",
    "Carrier": ".model",
    "CarrierKind": ".model",
    "ChangeAction": ".model",
    "Contact": ".model",
    "CoordinationOffice": ".model",
    "District": ".model",
    "DistrictKind": ".model",
    "FeedSelectionError": ".errors",
    "Geo": ".model",
    "HolidayPeriod": ".model",
    "HolidayPolicy": ".model",
    "LegalForm": ".model",
    "InvalidRuleError": ".errors",
    "Issue": ".validation",
    "KeyFigures": ".figures",
    "Meeting": ".model",
    "MeetingKind": ".model",
    "MeetingSeries": ".model",
    "MeetingStatus": ".model",
    "Membership": ".model",
    "Network": ".model",
    "NetworkKind": ".model",
    "Occurrence": ".scheduling",
    "OccurrenceChange": ".model",
    "OccurrenceStatus": ".scheduling",
    "OpeningHours": ".model",
    "Organization": ".model",
    "OrganizationKind": ".model",
    "ParseError": ".errors",
    "Plugins": ".plugins",
    "Position": ".model",
    "Problem": ".errors",
    "Region": ".model",
    "RegionKind": ".model",
    "Registry": ".model",
    "RegistryError": ".errors",
    "School": ".model",
    "SchoolForm": ".model",
    "SchulsozialarbeitError": ".errors",
    "Source": ".model",
    "Severity": ".validation",
    "SourceError": ".errors",
    "StaffMember": ".model",
    "StructureError": ".errors",
    "UnknownSeriesError": ".errors",
    "UnsafeFeedError": ".errors",
    "ValidationReport": ".validation",
    "Venue": ".model",
    "VenueMode": ".model",
    "Weekday": ".model",
    "dump": ".files",
    "dumps": ".files",
    "from_dict": ".files",
    "key_figures": ".figures",
    "load": ".files",
    "load_plugins": ".plugins",
    "loads": ".files",
    "occurrences": ".scheduling",
    "to_dict": ".files",
    "to_ical": ".ical",
    "validate": ".validation",
}


def _module(name: str) -> ModuleType:
    """One of the submodules named in ``_LAZY``, by import statements, never by a name."""
    if name == "errors":
        # Not ``from . import errors``: that asks this package for the attribute first, and
        # ``__getattr__("errors")`` would come back here, over and over.
        import schulsozialarbeit.errors

        return schulsozialarbeit.errors
    if name == "figures":
        from . import figures

        return figures
    if name == "files":
        from . import files

        return files
    if name == "ical":
        from . import ical

        return ical
    if name == "model":
        from . import model

        return model
    if name == "plugins":
        from . import plugins

        return plugins
    if name == "scheduling":
        from . import scheduling

        return scheduling
    if name == "validation":
        from . import validation

        return validation
    raise AttributeError(name)  # pragma: no cover - _LAZY names only the modules above


def __getattr__(name: str) -> Any:
    """A public name on first use, from its module (see ``_LAZY``); cached afterwards."""
    if name == "__version__":
        value: Any = _package_version()
    elif name == "errors":
        value = _module("errors")
    elif name in _LAZY:
        value = getattr(_module(_LAZY[name].lstrip(".")), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(__name__)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


__all__ = [
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
    "FeedSelectionError",
    "Geo",
    "HolidayPeriod",
    "HolidayPolicy",
    "InvalidRuleError",
    "Issue",
    "KeyFigures",
    "LegalForm",
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
    "Source",
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
