"""Key figures as text, JSON and Markdown, for councils, machines and wikis.

Every word comes from the message catalogue (``i18n/figures.toml``, ``i18n/labels.toml``),
so the German and English reports say the same. The figures hold no names of people, and
nothing here adds any: carriers, school forms and position ids are all a report shows.
Output is a pure function of the figures, so the same figures give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal

from attrs import frozen

from .figures import UNSPECIFIED_FUNDING, KeyFigures
from .i18n import DEFAULT_LANG, Lang, decimal_text, format_date, format_decimal, message
from .labels import label
from .model.staffing import ENDING_SOON_MONTHS

ReportFormat = Literal["text", "json", "markdown"]

_UNKNOWN_KIND = "unknown"
_MARKDOWN_SPECIAL = "\\`*_[]<>|#!&~"


def _optional(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)


def report_json(figures: KeyFigures) -> dict[str, Any]:
    """The figures as plain JSON data: keys in a fixed order, decimals as strings, no people."""
    return {
        "as_of": figures.as_of.isoformat(),
        "staff": figures.staff,
        "fte": decimal_text(figures.fte),
        "schools": figures.schools,
        "schools_with_social_work": figures.schools_with_social_work,
        "positions": figures.positions,
        "vacant_positions": figures.vacant_positions,
        "vacant_fte": decimal_text(figures.vacant_fte),
        "by_school_form": {
            row.form.value: {
                "schools": row.schools,
                "schools_with_social_work": row.schools_with_social_work,
                "fte": decimal_text(row.fte),
            }
            for row in figures.by_school_form
        },
        "by_carrier": {
            row.carrier: {
                "name": row.name,
                "kind": None if row.kind is None else row.kind.value,
                "positions": row.positions,
                "staff": row.staff,
                "fte": decimal_text(row.fte),
            }
            for row in figures.by_carrier
        },
        "by_carrier_kind": {
            _UNKNOWN_KIND if row.kind is None else row.kind.value: {
                "positions": row.positions,
                "staff": row.staff,
                "fte": decimal_text(row.fte),
            }
            for row in figures.by_carrier_kind
        },
        "by_funding": {
            row.source: {"positions": row.positions, "fte": decimal_text(row.fte)}
            for row in figures.by_funding
        },
        "pupils_per_fte": _optional(figures.pupils_per_fte),
        "ending_soon": [
            {"position": row.position, "end": row.end.isoformat(), "fte": decimal_text(row.fte)}
            for row in figures.ending_soon
        ],
        "extra": {
            row.key: decimal_text(row.value) if isinstance(row.value, Decimal) else row.value
            for row in figures.extra
        },
    }


@frozen(kw_only=True)
class _Section:
    """A titled table: ``words`` leading columns aligned left, the numbers after them right."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    words: int = 1
    note: str | None = None


def _summary(figures: KeyFigures, lang: Lang) -> str:
    """The council's sentence: how many people, how much FTE, by whom, at how many schools."""
    if figures.staff == 0:
        return message("figures.summary.none", lang, date=figures.as_of)
    employers = [row for row in figures.by_carrier if row.staff > 0]
    carriers = ""  # no known employer: the sentence simply says nothing about carriers
    if len(employers) > 1:
        carriers = message("figures.carriers.many", lang)
    elif employers and employers[0].name is not None:
        carriers = message("figures.carriers.one", lang, name=_clean(employers[0].name))
    schools = message(
        "figures.schools.one" if figures.schools == 1 else "figures.schools.many",
        lang,
        served=figures.schools_with_social_work,
        total=figures.schools,
    )
    sentence = message(
        "figures.summary.one" if figures.staff == 1 else "figures.summary.many",
        lang,
        date=figures.as_of,
        staff=figures.staff,
        fte=figures.fte,
        carriers=carriers,
        schools=schools,
    )
    if figures.pupils_per_fte is None:
        return sentence
    pupils = message(
        "figures.pupils-per-fte", lang, pupils=format_decimal(figures.pupils_per_fte, lang)
    )
    return f"{sentence} {pupils}"


def _clean(text: str) -> str:
    """One line of text: a name with a line break must not break a table or a sentence."""
    return " ".join(text.split())


def _columns(lang: Lang, *keys: str) -> tuple[str, ...]:
    return tuple(message(f"figures.column.{key}", lang) for key in keys)


def _sections(figures: KeyFigures, lang: Lang) -> list[_Section]:
    unknown_kind = message("figures.unknown-kind", lang)
    funding_total = sum(row.positions for row in figures.by_funding)
    return [
        _Section(
            title=message("figures.section.school-forms", lang),
            header=_columns(lang, "school-form", "schools", "schools-with-social-work", "fte"),
            rows=tuple(
                (
                    label(row.form, lang),
                    format_decimal(row.schools, lang),
                    format_decimal(row.schools_with_social_work, lang),
                    format_decimal(row.fte, lang),
                )
                for row in figures.by_school_form
            ),
        ),
        _Section(
            title=message("figures.section.carriers", lang),
            header=_columns(lang, "carrier", "carrier-kind", "positions", "staff", "fte"),
            rows=tuple(
                (
                    message("figures.unknown-carrier", lang)
                    if row.name is None
                    else _clean(row.name),
                    unknown_kind if row.kind is None else label(row.kind, lang),
                    format_decimal(row.positions, lang),
                    format_decimal(row.staff, lang),
                    format_decimal(row.fte, lang),
                )
                for row in figures.by_carrier
            ),
            words=2,
        ),
        _Section(
            title=message("figures.section.carrier-kinds", lang),
            header=_columns(lang, "carrier-kind", "positions", "staff", "fte"),
            rows=tuple(
                (
                    unknown_kind if row.kind is None else label(row.kind, lang),
                    format_decimal(row.positions, lang),
                    format_decimal(row.staff, lang),
                    format_decimal(row.fte, lang),
                )
                for row in figures.by_carrier_kind
            ),
        ),
        _Section(
            title=message("figures.section.funding", lang),
            header=_columns(lang, "funding", "positions", "fte"),
            rows=tuple(
                (
                    message("figures.unspecified-funding", lang)
                    if row.source == UNSPECIFIED_FUNDING
                    else _clean(row.source),
                    format_decimal(row.positions, lang),
                    format_decimal(row.fte, lang),
                )
                for row in figures.by_funding
            ),
            note=message("figures.funding-counted-twice", lang)
            if funding_total > figures.positions
            else None,
        ),
        _Section(
            title=message("figures.section.vacancies", lang),
            header=_columns(lang, "positions", "vacant-positions", "vacant-fte"),
            rows=(
                (
                    format_decimal(figures.positions, lang),
                    format_decimal(figures.vacant_positions, lang),
                    format_decimal(figures.vacant_fte, lang),
                ),
            ),
            words=0,
        ),
        _Section(
            title=message("figures.section.ending", lang, months=ENDING_SOON_MONTHS),
            header=_columns(lang, "position", "end", "fte"),
            rows=tuple(
                (_clean(row.position), format_date(row.end, lang), format_decimal(row.fte, lang))
                for row in figures.ending_soon
            ),
            words=2,
        ),
        *_extra_section(figures, lang),
    ]


def _extra_section(figures: KeyFigures, lang: Lang) -> list[_Section]:
    """Plugins' figures, when there are any: a section of label and value."""
    if not figures.extra:
        return []
    rows = tuple(
        (
            _clean(row.label(lang)),
            _clean(row.value) if isinstance(row.value, str) else format_decimal(row.value, lang),
        )
        for row in figures.extra
    )
    header = _columns(lang, "figure", "value")
    return [_Section(title=message("figures.section.extra", lang), header=header, rows=rows)]


def _text_table(section: _Section) -> list[str]:
    lines = (section.header, *section.rows)
    widths = [max(len(line[i]) for line in lines) for i in range(len(section.header))]
    return [
        "  "
        + "  ".join(
            cell.ljust(width) if i < section.words else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in lines
    ]


def _render_text(figures: KeyFigures, lang: Lang) -> str:
    lines = [_summary(figures, lang)]
    for section in _sections(figures, lang):
        lines += ["", section.title]
        if section.rows:
            lines += _text_table(section)
        else:
            lines.append("  " + message("figures.none", lang))
        if section.note:
            lines.append("  " + section.note)
    return "\n".join(lines) + "\n"


def _markdown_escape(text: str) -> str:
    """Backslash-escape Markdown punctuation, so a name cannot end a cell or inject markup."""
    return "".join(f"\\{char}" if char in _MARKDOWN_SPECIAL else char for char in text)


def _markdown_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_markdown_escape(cell) for cell in cells) + " |"


def _render_markdown(figures: KeyFigures, lang: Lang) -> str:
    title = message("figures.title", lang, date=figures.as_of)
    lines = [f"# {_markdown_escape(title)}", "", _markdown_escape(_summary(figures, lang))]
    for section in _sections(figures, lang):
        lines += ["", f"## {_markdown_escape(section.title)}", ""]
        if section.rows:
            align = ["---" if i < section.words else "---:" for i in range(len(section.header))]
            lines += [_markdown_row(section.header), "| " + " | ".join(align) + " |"]
            lines += [_markdown_row(row) for row in section.rows]
        else:
            lines.append(_markdown_escape(message("figures.none", lang)))
        if section.note:
            lines += ["", _markdown_escape(section.note)]
    return "\n".join(lines) + "\n"


def render_report(figures: KeyFigures, format: ReportFormat, lang: Lang = DEFAULT_LANG) -> str:
    """The figures as a ``text``, ``json`` or ``markdown`` document ending in a newline.

    JSON carries no words, so ``lang`` only changes text and Markdown.
    """
    if format == "json":
        return json.dumps(report_json(figures), ensure_ascii=False, indent=2) + "\n"
    if format == "markdown":
        return _render_markdown(figures, lang)
    if format == "text":
        return _render_text(figures, lang)
    raise ValueError(f"unknown report format {format!r}; use text, json or markdown")
