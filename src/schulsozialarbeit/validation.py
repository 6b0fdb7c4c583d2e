"""Validation: rules are plain functions that yield issues; the runner never stops early.

A rule receives a :class:`Context` (the registry, the reference date and an index of every
entity by id) and yields :class:`Issue` values. Codes are stable: each one is a key of the
message catalogue and a section of ``docs/validation.md``. A code's severity belongs to the
code, declared once in ``rules.SEVERITIES``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from attrs import frozen

from .i18n import DEFAULT_LANG, Lang, message
from .model import Registry


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@frozen(kw_only=True)
class Issue:
    """One finding: its code, how bad it is, which entity and which field, and the facts.

    ``entity`` is the id of the entity concerned (None for the registry as a whole);
    ``path`` points at the field, as in ``positions[3].fte``. ``params`` fill the message.
    The core's messages come from its catalogue, by code; a plugin, which has no entry
    there, brings its own words in ``texts`` (language, text), see :meth:`local`.
    """

    code: str
    severity: Severity
    entity: str | None
    path: str
    params: tuple[tuple[str, object], ...] = ()
    texts: tuple[tuple[str, str], ...] = ()

    @classmethod
    def local(
        cls, code: str, severity: Severity, entity: str | None, path: str, *, de: str, en: str
    ) -> Issue:
        """An issue of a plugin's own rule, with its message in German and English."""
        return cls(
            code=code, severity=severity, entity=entity, path=path, texts=(("de", de), ("en", en))
        )

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        if self.texts:
            texts = dict(self.texts)
            return texts.get(lang) or texts.get(DEFAULT_LANG) or next(iter(texts.values()))
        return message(self.code, lang, **dict(self.params))

    def to_json(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "entity": self.entity,
            "path": self.path,
            "message": self.message(lang),
        }


@frozen(kw_only=True)
class Located:
    """An entity together with the collection and index where it sits in the registry."""

    collection: str
    index: int
    entity: Any

    @property
    def path(self) -> str:
        return f"{self.collection}[{self.index}]"


@frozen(kw_only=True)
class Context:
    """What every rule may look at. ``by_id`` holds the first entity seen for each id."""

    registry: Registry
    as_of: date
    by_id: Mapping[str, Located]

    @classmethod
    def of(cls, registry: Registry, as_of: date) -> Context:
        by_id: dict[str, Located] = {}
        for collection, index, entity in registry.entities():
            by_id.setdefault(entity.id, Located(collection=collection, index=index, entity=entity))
        return cls(registry=registry, as_of=as_of, by_id=by_id)


Rule = Callable[[Context], Iterable[Issue]]


@frozen(kw_only=True)
class ValidationReport:
    """Every issue of a run, sorted: by severity, then path, then code."""

    as_of: date
    issues: tuple[Issue, ...]

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """True when there is no error; warnings and infos do not count."""
        return not self.errors

    def to_json(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        return {"ok": self.ok, "issues": [issue.to_json(lang) for issue in self.issues]}


def _natural(path: str) -> tuple[str | int, ...]:
    """``positions[8]`` before ``positions[34]``: indices compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path))


def _sort_key(issue: Issue) -> tuple[int, tuple[str | int, ...], str, str]:
    return (_SEVERITY_ORDER[issue.severity], _natural(issue.path), issue.code, repr(issue.params))


def sort_issues(issues: Iterable[Issue]) -> tuple[Issue, ...]:
    """Issues without repeats, in the order reports show them."""
    return tuple(sorted(set(issues), key=_sort_key))


def run_rules(registry: Registry, as_of: date, rules: Sequence[Rule]) -> ValidationReport:
    context = Context.of(registry, as_of)
    issues = sort_issues(issue for rule in rules for issue in rule(context))
    return ValidationReport(as_of=as_of, issues=issues)


def validate(
    registry: Registry, *, as_of: date | None = None, rules: Sequence[Rule] | None = None
) -> ValidationReport:
    """Check the registry against every rule and report all issues at once.

    ``as_of`` is the reference date for rules that depend on time (double bookings,
    positions ending soon); it defaults to today. ``rules`` replaces the built-in rules.
    """
    from .rules import BUILTIN_RULES

    chosen = BUILTIN_RULES if rules is None else rules
    return run_rules(registry, as_of or date.today(), chosen)
