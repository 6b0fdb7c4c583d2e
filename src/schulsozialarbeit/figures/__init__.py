"""Key figures at a reference date, the tables they are shown in, and the rendered report;
their development over time (a comparison of two dates, a history, a change list).

The command line's help lists the steps of a history before any figure is computed, and
validation never needs the figures: so each name is imported from its module on first use.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

from .step import STEPS, Step

if TYPE_CHECKING:
    from .counts import (
        CarrierFigures,
        CarrierKindFigures,
        EndingPosition,
        ExtraFigure,
        FundingFigures,
        KeyFigures,
        SchoolFormFigures,
        key_figures,
    )
    from .report import ReportFormat, attribution, render_report, report_json, summary
    from .tables import FigureTable, figure_tables
    from .timeline import (
        Changes,
        ComparedFigure,
        Comparison,
        Coverage,
        FiguresAt,
        History,
        Named,
        PositionChange,
        changes,
        compare,
        compare_figures,
        coverage,
        history,
        steps,
    )
    from .timeline_report import (
        comparison_json,
        comparison_tables,
        history_json,
        history_tables,
        render_comparison,
        render_history,
    )

#: Each name's module.
_LAZY = {
    "CarrierFigures": "counts",
    "CarrierKindFigures": "counts",
    "Changes": "timeline",
    "ComparedFigure": "timeline",
    "Comparison": "timeline",
    "Coverage": "timeline",
    "EndingPosition": "counts",
    "ExtraFigure": "counts",
    "FigureTable": "tables",
    "FiguresAt": "timeline",
    "FundingFigures": "counts",
    "History": "timeline",
    "KeyFigures": "counts",
    "Named": "timeline",
    "PositionChange": "timeline",
    "ReportFormat": "report",
    "SchoolFormFigures": "counts",
    "attribution": "report",
    "changes": "timeline",
    "compare": "timeline",
    "compare_figures": "timeline",
    "comparison_json": "timeline_report",
    "comparison_tables": "timeline_report",
    "coverage": "timeline",
    "figure_tables": "tables",
    "history": "timeline",
    "history_json": "timeline_report",
    "history_tables": "timeline_report",
    "key_figures": "counts",
    "render_comparison": "timeline_report",
    "render_history": "timeline_report",
    "render_report": "report",
    "report_json": "report",
    "steps": "timeline",
    "summary": "report",
}


def _module(name: str) -> ModuleType:
    """One of the submodules named in ``_LAZY``, by import statements, never by a name."""
    if name == "counts":
        from . import counts

        return counts
    if name == "report":
        from . import report

        return report
    if name == "tables":
        from . import tables

        return tables
    if name == "timeline":
        from . import timeline

        return timeline
    if name == "timeline_report":
        from . import timeline_report

        return timeline_report
    raise AttributeError(name)  # pragma: no cover - _LAZY names only the modules above


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_module(_LAZY[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "STEPS",
    "CarrierFigures",
    "CarrierKindFigures",
    "Changes",
    "ComparedFigure",
    "Comparison",
    "Coverage",
    "EndingPosition",
    "ExtraFigure",
    "FigureTable",
    "FiguresAt",
    "FundingFigures",
    "History",
    "KeyFigures",
    "Named",
    "PositionChange",
    "ReportFormat",
    "SchoolFormFigures",
    "Step",
    "attribution",
    "changes",
    "compare",
    "compare_figures",
    "comparison_json",
    "comparison_tables",
    "coverage",
    "figure_tables",
    "history",
    "history_json",
    "history_tables",
    "key_figures",
    "render_comparison",
    "render_history",
    "render_report",
    "report_json",
    "steps",
    "summary",
]
