"""Key figures at a reference date, the tables they are shown in, and the rendered report."""

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
from .report import ReportFormat, render_report, report_json, summary
from .tables import FigureTable, figure_tables

__all__ = [
    "CarrierFigures",
    "CarrierKindFigures",
    "EndingPosition",
    "ExtraFigure",
    "FigureTable",
    "FundingFigures",
    "KeyFigures",
    "ReportFormat",
    "SchoolFormFigures",
    "figure_tables",
    "key_figures",
    "render_report",
    "report_json",
    "summary",
]
