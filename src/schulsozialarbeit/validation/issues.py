"""Validation: rules are plain functions that yield issues; the runner never stops early.

A rule receives a :class:`Context` (the registry, the reference date and an index of every
entity by id) and yields :class:`Issue` values. Codes are stable: each one is a key of the
message catalogue and a section of ``docs/validation.md``. A code's severity belongs to the
code, declared once in ``rules.SEVERITIES``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from attrs import field, frozen
from attrs.validators import instance_of, optional

from ..errors import PluginFault
from ..i18n import DEFAULT_LANG, Lang, message
from ..i18n.bilingual import Bilingual
from ..i18n.text import json_text
from ..model import Registry


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@frozen(kw_only=True)
class Issue:
    """One finding: its code, how bad it is, which entity and which field, and the facts.

    ``entity`` is the id of the entity concerned (None for the registry as a whole);
    ``path`` points at the field, as in ``positions[3].fte`` (None-valued fields are absent
    in files, so a path may name a field the file does not have). ``params`` fill the
    message. The core's messages come from its catalogue, by code; a plugin, which has no
    entry there, brings its own words as ``text``, see :meth:`local`. ``message`` never
    repeats the path: a caller shows it beside the message, or not.
    """

    code: str
    severity: Severity = field(converter=Severity)
    entity: str | None
    path: str
    params: tuple[tuple[str, object], ...] = ()
    text: Bilingual | None = field(default=None, validator=optional(instance_of(Bilingual)))

    @classmethod
    def local(
        cls, code: str, severity: Severity, entity: str | None, path: str, text: Bilingual
    ) -> Issue:
        """An issue of a plugin's own rule, with its message in German and English."""
        return cls(code=code, severity=severity, entity=entity, path=path, text=text)

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        if self.text is not None:
            return self.text.render(lang)
        return message(self.code, lang, **dict(self.params))

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """The issue as JSON data, the message in ``lang`` and without the path, which is a
        key of its own (docs/embedding.md has the schema)."""
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
    #: The plugin faults met (also among ``issues`` as ``plugin-failed`` warnings).
    faults: tuple[PluginFault, ...] = ()

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

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """``ok`` and every issue as JSON data: what ``validate --format json`` prints for one
        registry (without ``--strict``, which counts warnings as failing too)."""
        return {"ok": self.ok, "issues": [issue.to_dict(lang) for issue in self.issues]}

    def to_json(self, lang: Lang = DEFAULT_LANG) -> str:
        """:meth:`to_dict` as the JSON text the command line prints, byte for byte."""
        return json_text(self.to_dict(lang))


def _natural(path: str) -> tuple[str | int, ...]:
    """``positions[8]`` before ``positions[34]``: indices compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path))


def _sort_key(issue: Issue) -> tuple[int, tuple[str | int, ...], str, str]:
    return (_SEVERITY_ORDER[issue.severity], _natural(issue.path), issue.code, repr(issue.params))


def sort_issues(issues: Iterable[Issue]) -> tuple[Issue, ...]:
    """Issues without repeats, in the order reports show them."""
    return tuple(sorted(set(issues), key=_sort_key))
