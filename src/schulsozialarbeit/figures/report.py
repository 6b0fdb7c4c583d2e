"""Key figures as text, JSON and Markdown, for councils, machines and wikis.

Every word comes from the message catalogue (``i18n/figures.toml``, ``i18n/labels.toml``),
so the German and English reports say the same. The figures hold no names of people, and
nothing here adds any: carriers, school forms and position ids are all a report shows.
Output is a pure function of the figures, so the same figures give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from ..i18n import DEFAULT_LANG, Lang, format_date, format_decimal, message
from .counts import KeyFigures
from .tables import FigureTable, Value, clean, figure_tables, signed_text

ReportFormat = Literal["text", "json", "markdown"]

_MARKDOWN_SPECIAL = "\\`*_[]<>|#!&~"


def report_json(figures: KeyFigures) -> dict[str, Any]:
    """The figures as plain JSON data: :meth:`KeyFigures.to_dict`."""
    return figures.to_dict()


def attribution(figures: KeyFigures, lang: Lang) -> list[str]:
    """A line for each source of the school data, naming publisher, licence and data set,
    as the Datenlizenz Deutschland – Namensnennung asks of every reuse."""
    lines = []
    for source in figures.sources:
        parts = [source.name, source.publisher, source.url]
        licence = source.licence + (f" ({source.licence_url})" if source.licence_url else "")
        retrieved = source.retrieved
        text = message(
            "figures.source" if retrieved is None else "figures.source-retrieved",
            lang,
            source=", ".join(clean(part) for part in parts if part),
            licence=clean(licence),
            date=retrieved,
        )
        lines.append(text)
    return lines


def summary(figures: KeyFigures, lang: Lang) -> str:
    """The council's sentence: how many people, how much FTE, by whom, at how many schools."""
    if figures.staff == 0:
        return message("figures.summary.none", lang, date=figures.as_of)
    employers = [row for row in figures.by_carrier if row.staff > 0]
    carriers = ""  # no known employer: the sentence simply says nothing about carriers
    if len(employers) > 1:
        carriers = message("figures.carriers.many", lang)
    elif employers and employers[0].name is not None:
        carriers = message("figures.carriers.one", lang, name=clean(employers[0].name))
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


def _cell(value: Value, lang: Lang) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        return format_date(value, lang)
    return format_decimal(value, lang)


def _cells(table: FigureTable, lang: Lang) -> tuple[tuple[str, ...], ...]:
    return tuple(
        tuple(
            signed_text(_cell(value, lang), value) if i in table.signed else _cell(value, lang)
            for i, value in enumerate(row)
        )
        for row in table.rows
    )


def _text_table(section: FigureTable, lang: Lang) -> list[str]:
    lines = (section.header, *_cells(section, lang))
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
    head = [summary(figures, lang), *attribution(figures, lang)]
    return text_document(head, figure_tables(figures, lang), lang)


def text_document(head: Sequence[str], sections: Sequence[FigureTable], lang: Lang) -> str:
    """Lines of text, then each table under its title: every text report has this shape."""
    lines = list(head)
    for section in sections:
        lines += ["", section.title]
        if section.rows:
            lines += _text_table(section, lang)
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
    paragraphs = [summary(figures, lang), *attribution(figures, lang)]
    return markdown_document(title, paragraphs, figure_tables(figures, lang), lang)


def markdown_document(
    title: str, paragraphs: Sequence[str], sections: Sequence[FigureTable], lang: Lang
) -> str:
    """A heading, paragraphs, then each table under its own heading, everything escaped."""
    lines = [f"# {_markdown_escape(title)}"]
    for paragraph in paragraphs:
        lines += ["", _markdown_escape(paragraph)]
    for section in sections:
        lines += ["", f"## {_markdown_escape(section.title)}", ""]
        if section.rows:
            align = ["---" if i < section.words else "---:" for i in range(len(section.header))]
            lines += [_markdown_row(section.header), "| " + " | ".join(align) + " |"]
            lines += [_markdown_row(row) for row in _cells(section, lang)]
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
        return figures.to_json()
    if format == "markdown":
        return _render_markdown(figures, lang)
    if format == "text":
        return _render_text(figures, lang)
    raise ValueError(f"unknown report format {format!r}; use text, json or markdown")
