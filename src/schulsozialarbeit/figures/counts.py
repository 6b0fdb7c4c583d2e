"""Key figures at a reference date (Stichtag): the numbers councils ask for.

Definitions, one for every figure, so two offices counting the same registry agree:

- A position is *active* on ``as_of`` when :meth:`Position.active_on` says so (start and
  end inclusive); it is *held* when it has a holder on that day (:meth:`Position.holder_on`:
  within ``holder_since``/``holder_until`` when given) and *vacant* otherwise. Only the
  assignments running on ``as_of`` count (an assignment without dates always runs).
- ``staff`` counts distinct holders of active positions, so one person in two positions
  is one Fachkraft; ``fte`` sums the FTE of active held positions; ``positions`` counts
  active positions, held or vacant; ``vacant_positions`` and ``vacant_fte`` are the
  active vacant ones.
- ``schools`` counts the schools of the registry; ``schools_with_social_work`` those with
  at least one assignment of an active held position.
- In every breakdown ``positions`` counts active positions (held or vacant), ``staff``
  distinct holders and ``fte`` the FTE of active *held* positions, as at the top level,
  so the breakdowns add up to the totals.
- ``by_school_form`` lists each school form that occurs among the schools, in the order
  of :class:`SchoolForm`; its ``fte`` sums the assignment FTE (not the position FTE) of
  active held positions at schools of that form.
- ``by_carrier`` lists every carrier of the registry by id, then the key ``"unknown"``
  for positions whose carrier id names no carrier: validation reports the bad reference,
  the figures still count the position (a carrier whose id really is ``"unknown"`` shares
  that row, so the sums still hold). ``by_carrier_kind`` lists both kinds, then
  ``None`` (unknown) when such positions exist.
- ``by_funding`` lists each funding source, sorted, then ``"unspecified"`` for positions
  without one. A position with two sources counts fully under both, so this breakdown
  does *not* add up to the totals: it answers "how much depends on this source?".
- ``pupils_per_fte`` divides the pupils of the schools with social work whose pupil
  count is known by the assignment FTE at those same schools, rounded half up to one
  place; None when there are no such schools or their FTE is zero.
- ``ending_soon`` lists active positions (held or vacant) for which
  :meth:`Position.ends_soon` holds, sorted by end date, then id, each with the names of the
  schools its running assignments serve (the id where no school has it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from attrs import field, frozen
from attrs.validators import instance_of

from ..errors import PluginFault
from ..i18n import decimal_text
from ..i18n.bilingual import Bilingual
from ..i18n.text import json_text
from ..model import Carrier, CarrierKind, Position, Registry, SchoolForm, Source

#: The ``by_carrier`` key of positions whose carrier id names no carrier of the registry.
UNKNOWN_CARRIER = "unknown"
#: The ``by_carrier_kind`` key in JSON of positions whose carrier is unknown.
UNKNOWN_KIND = "unknown"
#: The ``by_funding`` key of positions that name no funding source.
UNSPECIFIED_FUNDING = "unspecified"

_ZERO = Decimal(0)
_ONE_PLACE = Decimal("0.1")


@frozen(kw_only=True)
class SchoolFormFigures:
    form: SchoolForm
    schools: int
    schools_with_social_work: int
    fte: Decimal


@frozen(kw_only=True)
class CarrierFigures:
    """One carrier's share; ``name`` and ``kind`` are None for :data:`UNKNOWN_CARRIER`."""

    carrier: str
    name: str | None
    kind: CarrierKind | None
    positions: int
    staff: int
    fte: Decimal


@frozen(kw_only=True)
class CarrierKindFigures:
    """The share of public or independent carriers; ``kind`` None: unknown carrier."""

    kind: CarrierKind | None
    positions: int
    staff: int
    fte: Decimal


@frozen(kw_only=True)
class FundingFigures:
    source: str
    positions: int
    fte: Decimal


@frozen(kw_only=True)
class EndingPosition:
    """A fixed-term position ending soon: the id, not the holder, so it is never personal.

    ``schools`` names the schools it serves on the reference date, in the order of its
    assignments: a council decides on follow-up funding school by school.
    """

    position: str
    end: date
    fte: Decimal
    schools: tuple[str, ...] = ()


@frozen(kw_only=True)
class ExtraFigure:
    """A figure a plugin adds: a key (the host puts the plugin's name before it), a label in
    German and English, and a value: a count, a decimal, or a short text."""

    key: str = field(validator=instance_of(str))
    value: int | Decimal | str = field(validator=instance_of((int, Decimal, str)))
    label: Bilingual = field(validator=instance_of(Bilingual))


@frozen(kw_only=True)
class KeyFigures:
    """The key figures of a registry on ``as_of``; see the module for every definition."""

    as_of: date
    staff: int
    fte: Decimal
    schools: int
    schools_with_social_work: int
    positions: int
    vacant_positions: int
    vacant_fte: Decimal
    by_school_form: tuple[SchoolFormFigures, ...]
    by_carrier: tuple[CarrierFigures, ...]
    by_carrier_kind: tuple[CarrierKindFigures, ...]
    by_funding: tuple[FundingFigures, ...]
    pupils_per_fte: Decimal | None
    ending_soon: tuple[EndingPosition, ...]
    extra: tuple[ExtraFigure, ...] = ()
    #: Where the school data the figures count came from; a report names each.
    sources: tuple[Source, ...] = ()
    #: The plugin faults met while the extra figures were computed.
    faults: tuple[PluginFault, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The figures as plain JSON data: keys in a fixed order, decimals as strings (exact,
        as a JavaScript number would not be), no people; ``report --format json`` prints it.
        It carries no words, so it has no language. Schema: docs/embedding.md."""
        return {
            "as_of": self.as_of.isoformat(),
            "staff": self.staff,
            "fte": decimal_text(self.fte),
            "schools": self.schools,
            "schools_with_social_work": self.schools_with_social_work,
            "positions": self.positions,
            "vacant_positions": self.vacant_positions,
            "vacant_fte": decimal_text(self.vacant_fte),
            "by_school_form": {
                row.form.value: {
                    "schools": row.schools,
                    "schools_with_social_work": row.schools_with_social_work,
                    "fte": decimal_text(row.fte),
                }
                for row in self.by_school_form
            },
            "by_carrier": {
                row.carrier: {
                    "name": row.name,
                    "kind": None if row.kind is None else row.kind.value,
                    "positions": row.positions,
                    "staff": row.staff,
                    "fte": decimal_text(row.fte),
                }
                for row in self.by_carrier
            },
            "by_carrier_kind": {
                UNKNOWN_KIND if row.kind is None else row.kind.value: {
                    "positions": row.positions,
                    "staff": row.staff,
                    "fte": decimal_text(row.fte),
                }
                for row in self.by_carrier_kind
            },
            "by_funding": {
                row.source: {"positions": row.positions, "fte": decimal_text(row.fte)}
                for row in self.by_funding
            },
            "pupils_per_fte": None
            if self.pupils_per_fte is None
            else decimal_text(self.pupils_per_fte),
            "ending_soon": [
                {
                    "position": row.position,
                    "end": row.end.isoformat(),
                    "fte": decimal_text(row.fte),
                    "schools": list(row.schools),
                }
                for row in self.ending_soon
            ],
            "extra": {
                row.key: decimal_text(row.value) if isinstance(row.value, Decimal) else row.value
                for row in self.extra
            },
            "sources": [
                {
                    "name": source.name,
                    "publisher": source.publisher,
                    "licence": source.licence,
                    "licence_url": source.licence_url,
                    "url": source.url,
                    "retrieved": None if source.retrieved is None else source.retrieved.isoformat(),
                }
                for source in self.sources
            ],
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as the JSON text ``report --format json`` prints, byte for byte."""
        return json_text(self.to_dict())


def _fte(positions: Iterable[Position]) -> Decimal:
    return sum((position.fte for position in positions if position.holder is not None), _ZERO)


def _staff(positions: Iterable[Position]) -> int:
    return len({position.holder for position in positions if position.holder is not None})


def _by_school_form(registry: Registry, assigned: dict[str, Decimal]) -> list[SchoolFormFigures]:
    figures = []
    for form in SchoolForm:
        schools = [school for school in registry.schools if school.form is form]
        if schools:
            figures.append(
                SchoolFormFigures(
                    form=form,
                    schools=len(schools),
                    schools_with_social_work=sum(1 for s in schools if s.id in assigned),
                    fte=sum((assigned.get(s.id, _ZERO) for s in schools), _ZERO),
                )
            )
    return figures


def _carrier_lookup(registry: Registry) -> dict[str, Carrier]:
    """Carriers by id; with duplicate ids (a validation error) the first one counts."""
    lookup: dict[str, Carrier] = {}
    for carrier in registry.carriers:
        lookup.setdefault(carrier.id, carrier)
    return lookup


def _by_carrier(
    active: list[Position], carriers: dict[str, Carrier]
) -> tuple[list[CarrierFigures], list[CarrierKindFigures]]:
    groups: dict[str, list[Position]] = {carrier_id: [] for carrier_id in sorted(carriers)}
    kinds: dict[CarrierKind | None, list[Position]] = {kind: [] for kind in CarrierKind}
    for position in active:
        carrier = carriers.get(position.carrier)
        groups.setdefault(UNKNOWN_CARRIER if carrier is None else carrier.id, []).append(position)
        kinds.setdefault(None if carrier is None else carrier.kind, []).append(position)
    by_carrier = [
        CarrierFigures(
            carrier=key,
            name=carriers[key].name if key in carriers else None,
            kind=carriers[key].kind if key in carriers else None,
            positions=len(group),
            staff=_staff(group),
            fte=_fte(group),
        )
        for key, group in groups.items()
    ]
    by_kind = [
        CarrierKindFigures(kind=kind, positions=len(group), staff=_staff(group), fte=_fte(group))
        for kind, group in kinds.items()
    ]
    return by_carrier, by_kind


def _by_funding(active: list[Position]) -> list[FundingFigures]:
    groups: dict[str, list[Position]] = defaultdict(list)
    for position in active:
        for source in sorted(set(position.funding)) or [UNSPECIFIED_FUNDING]:
            groups[source].append(position)
    order = sorted(groups, key=lambda source: (source == UNSPECIFIED_FUNDING, source))
    return [
        FundingFigures(source=source, positions=len(groups[source]), fte=_fte(groups[source]))
        for source in order
    ]


def _pupils_per_fte(registry: Registry, assigned: dict[str, Decimal]) -> Decimal | None:
    counted = [s for s in registry.schools if s.id in assigned and s.pupils is not None]
    pupils = sum(s.pupils for s in counted if s.pupils is not None)
    fte = sum((assigned[s.id] for s in counted), _ZERO)
    if not counted or fte == 0:
        return None
    return (Decimal(pupils) / fte).quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)


def key_figures(registry: Registry, *, as_of: date | None = None) -> KeyFigures:
    """The key figures of ``registry`` on ``as_of`` (default: today).

    Never raises for a registry of the right types: dangling references and duplicate ids
    are validation's business, so they are counted as documented in this module.
    """
    day = date.today() if as_of is None else as_of
    active = [position.on(day) for position in registry.positions if position.active_on(day)]
    held = [position for position in active if position.holder is not None]
    vacant = [position for position in active if position.holder is None]
    assigned = dict(registry.held_fte_by_school(day))
    by_carrier, by_carrier_kind = _by_carrier(active, _carrier_lookup(registry))
    school_names = {school.id: school.name for school in reversed(registry.schools)}
    ending = sorted(
        (
            EndingPosition(
                position=position.id,
                end=position.end,
                fte=position.fte,
                schools=tuple(school_names.get(a.school, a.school) for a in position.assignments),
            )
            for position in active
            if position.end is not None and position.ends_soon(day)
        ),
        key=lambda ending: (ending.end, ending.position),
    )
    return KeyFigures(
        as_of=day,
        staff=_staff(held),
        fte=_fte(held),
        schools=len(registry.schools),
        schools_with_social_work=sum(1 for s in registry.schools if s.id in assigned),
        positions=len(active),
        vacant_positions=len(vacant),
        vacant_fte=sum((position.fte for position in vacant), _ZERO),
        by_school_form=tuple(_by_school_form(registry, assigned)),
        by_carrier=tuple(by_carrier),
        by_carrier_kind=tuple(by_carrier_kind),
        by_funding=tuple(_by_funding(active)),
        pupils_per_fte=_pupils_per_fte(registry, assigned),
        ending_soon=tuple(ending),
        sources=registry.cited_sources(),
    )
