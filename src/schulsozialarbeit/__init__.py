"""schulsozialarbeit: schools, positions, networks and meetings of school social work.

The functions of the README and the model classes are re-exported here; the public
subpackages (listed in docs/index.md) hold the rest, each behind its ``__init__``.
Plugin authors import :mod:`schulsozialarbeit.hooks`.
"""

from __future__ import annotations

# ``TYPE_CHECKING`` is a plain ``False`` that mypy reads as true: the command line's help
# imports this package, and typing would cost it a tenth of its start (cli/parser.py).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

    __version__: str

    from . import errors
    from .errors import (
        FeedSelectionError,
        InvalidRuleError,
        ParseError,
        PluginFault,
        Problem,
        RegistryError,
        SchulsozialarbeitError,
        SourceError,
        StructureError,
        UnknownSeriesError,
        UnsafeFeedError,
        UnusedOptionError,
    )
    from .figures import (
        CarrierFigures,
        CarrierKindFigures,
        EndingPosition,
        ExtraFigure,
        FundingFigures,
        KeyFigures,
        SchoolFormFigures,
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
    from .i18n import Lang
    from .ical import (
        ICAL_MEDIA_TYPE,
        FeedResponse,
        feed_response,
        last_modified,
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
        change_fte,
        end_position,
        forget_staff_member,
        move_assignment,
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
    "BrokenReferencesError": ".errors",
    "EditError": ".errors",
    "UnknownIdError": ".errors",
    "UnusedOptionError": ".errors",
    "change_fte": ".model",
    "end_position": ".model",
    "forget_staff_member": ".model",
    "move_assignment": ".model",
    "ICAL_MEDIA_TYPE": ".ical",
    "FeedResponse": ".ical",
    "feed_response": ".ical",
    "last_modified": ".ical",
    "Address": ".model",
    "AnnualCosts": ".model",
    "Assignment": ".model",
    "Carrier": ".model",
    "CarrierFigures": ".figures",
    "CarrierKind": ".model",
    "CarrierKindFigures": ".figures",
    "ChangeAction": ".model",
    "Contact": ".model",
    "CoordinationOffice": ".model",
    "District": ".model",
    "DistrictKind": ".model",
    "EndingPosition": ".figures",
    "ExtraFigure": ".figures",
    "FeedSelectionError": ".errors",
    "FundingFigures": ".figures",
    "Geo": ".model",
    "HolidayPeriod": ".model",
    "HolidayPolicy": ".model",
    "LegalForm": ".model",
    "InvalidRuleError": ".errors",
    "Issue": ".validation",
    "KeyFigures": ".figures",
    "Lang": ".i18n",
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
    "PluginFault": ".errors",
    "Plugins": ".plugins",
    "Position": ".model",
    "Problem": ".errors",
    "Region": ".model",
    "RegionKind": ".model",
    "Registry": ".model",
    "RegistryError": ".errors",
    "School": ".model",
    "SchoolForm": ".model",
    "SchoolFormFigures": ".figures",
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
    """One of the submodules named in ``_LAZY``, by import statements, never by a name.

    ``import package.module`` rather than ``from . import module``: the latter first asks
    the package for the attribute, which would call ``__getattr__`` for it again, forever.
    """
    if name == "errors":
        import schulsozialarbeit.errors

        return schulsozialarbeit.errors
    if name == "figures":
        import schulsozialarbeit.figures

        return schulsozialarbeit.figures
    if name == "i18n":
        import schulsozialarbeit.i18n

        return schulsozialarbeit.i18n
    if name == "files":
        import schulsozialarbeit.files

        return schulsozialarbeit.files
    if name == "ical":
        import schulsozialarbeit.ical

        return schulsozialarbeit.ical
    if name == "model":
        import schulsozialarbeit.model

        return schulsozialarbeit.model
    if name == "plugins":
        import schulsozialarbeit.plugins

        return schulsozialarbeit.plugins
    if name == "scheduling":
        import schulsozialarbeit.scheduling

        return schulsozialarbeit.scheduling
    if name == "validation":
        import schulsozialarbeit.validation

        return schulsozialarbeit.validation
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
    "ICAL_MEDIA_TYPE",
    "Address",
    "AnnualCosts",
    "Assignment",
    "BrokenReferencesError",
    "Carrier",
    "CarrierFigures",
    "CarrierKind",
    "CarrierKindFigures",
    "ChangeAction",
    "Contact",
    "CoordinationOffice",
    "District",
    "DistrictKind",
    "EditError",
    "EndingPosition",
    "ExtraFigure",
    "FeedResponse",
    "FeedSelectionError",
    "FundingFigures",
    "Geo",
    "HolidayPeriod",
    "HolidayPolicy",
    "InvalidRuleError",
    "Issue",
    "KeyFigures",
    "Lang",
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
    "PluginFault",
    "Plugins",
    "Position",
    "Problem",
    "Region",
    "RegionKind",
    "Registry",
    "RegistryError",
    "School",
    "SchoolForm",
    "SchoolFormFigures",
    "SchulsozialarbeitError",
    "Severity",
    "Source",
    "SourceError",
    "StaffMember",
    "StructureError",
    "UnknownIdError",
    "UnknownSeriesError",
    "UnsafeFeedError",
    "UnusedOptionError",
    "ValidationReport",
    "Venue",
    "VenueMode",
    "Weekday",
    "__version__",
    "change_fte",
    "dump",
    "dumps",
    "end_position",
    "errors",
    "feed_response",
    "forget_staff_member",
    "from_dict",
    "key_figures",
    "last_modified",
    "load",
    "load_plugins",
    "loads",
    "move_assignment",
    "occurrences",
    "to_dict",
    "to_ical",
    "validate",
]
