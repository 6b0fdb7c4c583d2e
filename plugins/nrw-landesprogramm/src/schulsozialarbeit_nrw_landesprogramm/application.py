"""The list for the application and the proof of use (Verwendungsnachweis) of one funding
year: per school and per position, with sums, as an Excel workbook and as CSV for Excel.

The funding year is the calendar year of the reference date (``--as-of``), the one option
every exporter receives that names a time. A position counts when the programme pays for it
on some day of that year. A school's share is the year's average: an assignment that runs
half the year counts with half its FTE, so a post that moved between schools in the year is
counted once, not at both, and the shares add up to what the year cost. The costs are the
position's recorded costs of that year; they are its holder's pay, so only an internal
export shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from attrs import frozen

from schulsozialarbeit.hooks import (
    ExportOptions,
    Lang,
    Registry,
    format_date,
    format_decimal,
    label,
    write_csv,
    write_xlsx,
)
from schulsozialarbeit.model import AnnualCosts, Position

from .parameters import GUIDELINE, PROGRAMME
from .posts import funded, is_applicant, is_coordination, nrw_schools, runs

CENT = Decimal("0.01")
#: Shares are given to two places: a hundredth of a post is about 24 minutes a week.
SHARE = Decimal("0.01")

Cell = str | Decimal | date | None

_WORDS: dict[str, tuple[str, str]] = {
    "school_number": ("Schulnummer", "School number"),
    "school": ("Schule", "School"),
    "form": ("Schulform", "School form"),
    "carrier": ("Träger", "Carrier"),
    "fte": ("Stellenanteil", "FTE"),
    "funded_fte": ("davon Landesprogramm", "of which state programme"),
    "position": ("Stelle", "Position"),
    "kind": ("Förderart", "Funded as"),
    "from": ("von", "from"),
    "to": ("bis", "to"),
    "schools": ("Schulen", "Schools"),
    "funding": ("Finanzierung", "Funding sources"),
    "personnel": ("Personalausgaben (EUR)", "Personnel costs (EUR)"),
    "material": ("Sachausgaben (EUR)", "Material costs (EUR)"),
    "total": ("Gesamtausgaben (EUR)", "Total costs (EUR)"),
    "grant": ("Landeszuwendung höchstens (EUR)", "State grant at most (EUR)"),
    "sum": ("Summe", "Total"),
    "social_work": ("Schulsozialarbeit", "School social work"),
    "coordination": ("Koordination", "Coordination"),
    "sheet_schools": ("Schulen", "Schools"),
    "sheet_positions": ("Stellen", "Positions"),
    "sheet_about": ("Angaben", "About"),
    "field": ("Angabe", "Item"),
    "value": ("Wert", "Value"),
    "guideline": ("Richtlinie", "Guideline"),
    "applicant": ("Antragsteller", "Applicant"),
    "year": ("Förderjahr", "Funding year"),
    "deadline": ("Antragsfrist", "Application deadline"),
    "rate": ("Fördersatz höchstens", "Funding rate at most"),
    "cap": ("Höchstbetrag je Vollzeitstelle und Jahr (EUR)", "Cap per full-time post a year (EUR)"),
    "exceptional": ("in begründeten Einzelfällen (EUR)", "in justified single cases (EUR)"),
    "privacy": ("Datenschutzstufe", "Privacy level"),
    "title": (
        "Landesprogramm Schulsozialarbeit NRW: Antrag und Verwendungsnachweis",
        "NRW state programme for school social work: application and proof of use",
    ),
}


def _word(key: str, lang: Lang) -> str:
    german, english = _WORDS[key]
    return german if lang == "de" else english


@frozen(kw_only=True)
class Tables:
    """The two tables of a funding year, typed; each ends with its sum row."""

    schools: tuple[tuple[str, ...], tuple[tuple[Cell, ...], ...]]
    positions: tuple[tuple[str, ...], tuple[tuple[Cell, ...], ...]]
    about: tuple[tuple[str, str], ...]


def _year_share(start: date | None, end: date | None, first: date, last: date) -> Decimal:
    """The part of ``first``..``last`` that a period open at either side covers."""
    begin = max(start or first, first)
    finish = min(end or last, last)
    if finish < begin:
        return Decimal(0)
    return Decimal((finish - begin).days + 1) / Decimal((last - first).days + 1)


def _costs(position: Position, year: int) -> AnnualCosts | None:
    return next((costs for costs in position.costs if costs.year == year), None)


def _sum(values: Sequence[Cell]) -> Decimal:
    return sum((value for value in values if isinstance(value, Decimal)), Decimal(0))


def tables(registry: Registry, options: ExportOptions) -> Tables:
    year = options.as_of.year
    first, last = date(year, 1, 1), date(year, 12, 31)
    lang = options.lang
    internal = options.privacy == "internal"
    schools = nrw_schools(registry)
    carriers = {carrier.id: carrier.name for carrier in registry.carriers}
    programme = list(funded(registry, first, last))

    position_rows: list[tuple[Cell, ...]] = []
    for f in programme:
        position = f.position
        served = [
            a
            for a in position.assignments
            if a.school in schools and runs(a.start, a.end, first, last)
        ]
        row: list[Cell] = [
            position.id,
            carriers.get(position.carrier, position.carrier),
            _word("coordination" if is_coordination(position) else "social_work", lang),
            position.fte,
            max(position.start or first, first),
            min(position.end or last, last),
            "; ".join(
                f"{schools[a.school].name} ({schools[a.school].school_number or '-'}): "
                f"{format_decimal(a.fte, lang)}"
                for a in served
            ),
            "; ".join(position.funding),
        ]
        if internal:
            row += _cost_cells(
                position, year, _year_share(position.start, position.end, first, last)
            )
        position_rows.append(tuple(row))
    position_header = ["position", "carrier", "kind", "fte", "from", "to", "schools", "funding"]
    if internal:
        position_header += ["personnel", "material", "total", "grant"]
    sums: list[Cell] = [_word("sum", lang), None, None, _sum([r[3] for r in position_rows])]
    sums += [None] * 4
    if internal:
        sums += [_sum([r[column] for r in position_rows]) for column in range(8, 12)]
    position_rows.append(tuple(sums))

    school_rows = _school_rows(registry, {f.position.id for f in programme}, first, last, lang)
    return Tables(
        schools=(
            tuple(
                _word(key, lang)
                for key in ("school_number", "school", "form", "carrier", "fte", "funded_fte")
            ),
            tuple(school_rows),
        ),
        positions=(tuple(_word(key, lang) for key in position_header), tuple(position_rows)),
        about=_about(registry, year, options),
    )


def _cost_cells(position: Position, year: int, share: Decimal) -> list[Cell]:
    """Personnel, material, their total and the most the state pays: the rate of the total,
    but no more than the cap for the post's FTE and the part of the year it ran."""
    costs = _costs(position, year)
    if costs is None or (costs.personnel is None and costs.material is None):
        return [None] * 4
    total = (costs.personnel or Decimal(0)) + (costs.material or Decimal(0))
    cap = PROGRAMME.cap_per_fte.value * position.fte * share
    grant = min(total * PROGRAMME.rate.value, cap).quantize(CENT, rounding=ROUND_HALF_UP)
    return [costs.personnel, costs.material, total, grant]


def _school_rows(
    registry: Registry, programme: set[str], first: date, last: date, lang: Lang
) -> list[tuple[Cell, ...]]:
    """Every school a programme post serves in the year, with all its social work's share
    and the programme's part of it, each the year's average."""
    schools = nrw_schools(registry)
    served = {
        a.school
        for p in registry.positions
        if p.id in programme
        for a in p.assignments
        if a.school in schools and runs(a.start, a.end, first, last)
    }
    carriers = {carrier.id: carrier.name for carrier in registry.carriers}
    shares: dict[str, list[Decimal]] = {school: [Decimal(0), Decimal(0)] for school in served}
    names: dict[str, set[str]] = {school: set() for school in served}
    for position in registry.positions:
        if not runs(position.start, position.end, first, last):
            continue
        for a in position.assignments:
            if a.school not in served:
                continue
            start = max(d for d in (a.start, position.start, first) if d is not None)
            end = min(d for d in (a.end, position.end, last) if d is not None)
            share = a.fte * _year_share(start, end, first, last)
            if share == 0:
                continue
            shares[a.school][0] += share
            if position.id in programme and not is_coordination(position):
                shares[a.school][1] += share
            names[a.school].add(carriers.get(position.carrier, position.carrier))
    rows: list[tuple[Cell, ...]] = []
    for school in registry.schools:
        if school.id not in served:
            continue
        total, funded_share = (value.quantize(SHARE, ROUND_HALF_UP) for value in shares[school.id])
        rows.append(
            (
                school.school_number,
                school.name,
                label(school.form, lang),
                "; ".join(sorted(names[school.id])),
                total,
                funded_share,
            )
        )
    rows.append(
        (
            None,
            _word("sum", lang),
            None,
            None,
            _sum([row[4] for row in rows]),
            _sum([row[5] for row in rows]),
        )
    )
    return rows


def _about(registry: Registry, year: int, options: ExportOptions) -> tuple[tuple[str, str], ...]:
    lang = options.lang
    month, day = PROGRAMME.deadline.value
    applicants = [
        r.name for r in registry.regions if r.state == PROGRAMME.state.value and is_applicant(r)
    ]
    privacy = {"public": ("öffentlich", "public"), "internal": ("intern", "internal")}
    level = privacy[options.privacy][0 if lang == "de" else 1]
    return (
        (_word("guideline", lang), GUIDELINE),
        (_word("applicant", lang), "; ".join(applicants)),
        (_word("year", lang), str(year)),
        (_word("deadline", lang), format_date(date(year, month, day), lang)),
        (_word("rate", lang), f"{format_decimal(PROGRAMME.rate.value * 100, lang)} %"),
        (_word("cap", lang), format_decimal(PROGRAMME.cap_per_fte.value, lang)),
        (_word("exceptional", lang), format_decimal(PROGRAMME.exceptional_cap_per_fte.value, lang)),
        (_word("privacy", lang), level),
    )


def to_xlsx(registry: Registry, options: ExportOptions) -> bytes:
    """The workbook: what the list is (year, deadline, rates), the schools, the positions."""
    found = tables(registry, options)
    lang = options.lang
    sheets = [
        (
            _word("sheet_about", lang),
            (_word("field", lang), _word("value", lang)),
            found.about,
        ),
        (_word("sheet_schools", lang), *found.schools),
        (_word("sheet_positions", lang), *found.positions),
    ]
    year = options.as_of.year
    return write_xlsx(
        sheets,
        title=f"{_word('title', lang)} {year}",
        day=options.as_of,
        privacy=options.privacy,
        lang=lang,
    )


def _text(value: Cell, lang: Lang) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_decimal(value, lang)
    if isinstance(value, date):
        return format_date(value, lang)
    return value


def schools_csv(registry: Registry, options: ExportOptions) -> bytes:
    header, rows = tables(registry, options).schools
    return write_csv(header, [[_text(cell, options.lang) for cell in row] for row in rows])


def positions_csv(registry: Registry, options: ExportOptions) -> bytes:
    header, rows = tables(registry, options).positions
    return write_csv(header, [[_text(cell, options.lang) for cell in row] for row in rows])
