"""Every exception the library raises, under one base that can say what went wrong in words.

A caller catches :class:`SchulsozialarbeitError` for anything the library refuses, and
asks any of them for :meth:`~SchulsozialarbeitError.message` in German or English. Below the
base there are three families, by who has to act:

- :class:`RegistryError`: the input is at fault (a file that cannot be read, text that does
  not parse, data that does not fit the model, a rule that does not parse, a CSV that holds
  no valid positions). The command line exits 2 for these.
- :class:`SelectionError`: the caller asked for something the registry or the library does
  not have (a series, a network, an entity, an example). Also a :class:`LookupError`.
- :class:`OutputError`: an output cannot be written as asked (an unsafe feed value, a
  target folder that is not empty).
- :class:`EditError`: an edit of a registry cannot be made as asked (an id taken, a
  reference that would break, shares that cannot be rescaled exactly). Also a ValueError.

Each keeps its facts as attributes (file, line, path, id) so a program can act on them
without parsing the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Any, Literal, Protocol

from attrs import frozen

from .i18n import DEFAULT_LANG, Lang, Text, message
from .i18n.text import json_text


class SchulsozialarbeitError(Exception):
    """Base of every error the library raises on purpose; ``message(lang)`` says it in words."""

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.message(DEFAULT_LANG)


class _Keyed(SchulsozialarbeitError):
    """An error whose words are one catalogue entry and its parameters."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params: Mapping[str, object] = params

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return message(self.key, lang, **self.params)


#: What went wrong with a plugin; see :class:`PluginFault`.
FaultKind = Literal[
    "not-found", "import", "register", "unmarked", "raised", "wrong-type", "duplicate", "unsafe"
]


@frozen(kw_only=True)
class PluginFault:
    """A plugin that could not load, or one of its hooks that failed, and why.

    ``kind``: ``not-found`` (asked for, not installed), ``import`` (its import failed),
    ``register`` (a hook name or argument that matches no spec), ``unmarked`` (a function
    named like a hook without ``@hookimpl``), ``raised``, ``wrong-type`` (a result the spec
    does not allow), ``duplicate`` (an export name already taken), ``unsafe`` (an iCal change
    that would break the feed, undone).
    """

    plugin: str
    kind: FaultKind
    hook: str = ""
    detail: str = ""

    def text(self) -> Text:
        return Text(
            f"plugin-fault.{self.kind}", plugin=self.plugin, hook=self.hook, detail=self.detail
        )

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.text().render(lang)


# -- the input is at fault ----------------------------------------------------------------


@frozen(kw_only=True)
class Problem:
    """One structural problem in a registry file: where it is, and a catalogue key saying what.

    ``path`` follows the registry's own shape: a collection, an index in brackets and field
    names joined by dots (``positions[3].assignments[0].fte``); an empty path is the top
    level. ``file`` is set for a registry folder: the file inside it that holds the entry.
    """

    path: str
    key: str
    params: tuple[tuple[str, object], ...] = ()
    file: str | None = None

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        """Where and what: ``positions[0].fte: expected a decimal number ...``."""
        where = f"{self.file}: {self.path}" if self.file else self.path
        return f"{where}: {self.reason(lang)}"

    def reason(self, lang: Lang = DEFAULT_LANG) -> str:
        """What, without where: beside a form field, or in a list that shows the path apart,
        as :meth:`Issue.message` does."""
        return message(self.key, lang, **dict(self.params))

    def located(self, source: str | None = None) -> str:
        """The path, after the file's name when the problem is in another file than
        ``source``: ``schools.toml:schools[3].form`` in a registry folder."""
        return in_file(self.file, self.path, source)


def in_file(file: str | None, path: str, source: str | None) -> str:
    """In a folder the file matters as much as the path, so it leads the path there; with
    no ``source`` to compare with, the path alone (data from ``from_dict`` has no file)."""
    if file and source is not None and file != source:
        return f"{PurePath(file).name}:{path}"
    return path


class RegistryError(SchulsozialarbeitError):
    """The input, not the library, is at fault: fix the file and try again."""


class SourceError(RegistryError):
    """The file or folder cannot be read at all (missing, not a registry, too large)."""

    def __init__(self, file: str, key: str, **params: object) -> None:
        super().__init__(file, key)
        self.file = file
        self.key = key
        self.params: Mapping[str, object] = params

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return message(self.key, lang, file=self.file, **self.params)


class ParseError(RegistryError):
    """The text is not valid TOML or JSON, or is beyond a limit. Line and column are 1-based.

    ``detail`` is the parser's own words (English, as the parser gives them), or a catalogue
    Text when the library itself refuses the text, so that refusal reads in either language.
    """

    def __init__(self, file: str, line: int | None, column: int | None, detail: str | Text) -> None:
        super().__init__(file, line, column, detail)
        self.file = file
        self.line = line
        self.column = column
        self.detail = detail

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        if self.line is None:
            return message("parse-error-nopos", lang, file=self.file, detail=self.detail)
        return message(
            "parse-error",
            lang,
            file=self.file,
            line=self.line,
            column=self.column,
            detail=self.detail,
        )


class StructureError(RegistryError):
    """The data parses but does not fit the model: every :class:`Problem`, each with its path."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__(problems)
        self.problems = problems

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        head = message("structure-error", lang, count=len(self.problems))
        return "\n".join([head, *(f"  {p.message(lang)}" for p in self.problems)])

    def to_dict(self, lang: Lang = DEFAULT_LANG, source: str | None = None) -> dict[str, Any]:
        """The problems as ``validate --format json`` shows them: a failed report whose
        issues are errors, coded by the problem's key, the message without the path. A path
        in another file than ``source`` (in a registry folder) is prefixed by that file's
        name, as the command line does; without ``source``, paths stand alone.
        Schema: docs/embedding.md."""
        return {
            "ok": False,
            "issues": [
                {
                    "code": problem.key,
                    "severity": "error",
                    "entity": None,
                    "path": problem.located(source),
                    "message": problem.reason(lang),
                }
                for problem in self.problems
            ],
        }

    def to_json(self, lang: Lang = DEFAULT_LANG, source: str | None = None) -> str:
        """:meth:`to_dict` as the JSON text the command line prints, byte for byte."""
        return json_text(self.to_dict(lang, source))


class InvalidRuleError(RegistryError, ValueError):
    """A series' RRULE does not parse or makes no bounded dates; validation reports it as
    ``invalid-rrule``. ``detail`` is dateutil's own words, or the library's as a catalogue
    Text, so that reads in either language."""

    def __init__(self, series: str, rule: str, detail: str | Text) -> None:
        super().__init__(series, rule, detail)
        self.series = series
        self.rule = rule
        self.detail = detail

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return message(
            "series-rule-invalid", lang, series=self.series, rrule=self.rule, detail=self.detail
        )


class ProblemLike(Protocol):
    """A problem that can say where it is and what: a CSV cell, a calendar event."""

    def message(self, lang: Lang = DEFAULT_LANG) -> str: ...


class CsvReadError(RegistryError):
    """A CSV does not hold valid positions: every problem, by row and column."""

    def __init__(self, source: str, problems: tuple[ProblemLike, ...]) -> None:
        super().__init__(source, problems)
        self.source = source
        self.problems = problems

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        head = message("exports.csv.error", lang, file=self.source, count=len(self.problems))
        return "\n".join([head, *(f"  {p.message(lang)}" for p in self.problems)])


class ImportRefusedError(_Keyed, RegistryError):
    """An import cannot go ahead: the file is not what the import reads, or the registry
    has no place for what it brings (a school outside every region). Nothing was written."""


# -- the caller asked for something that is not there -------------------------------------


class SelectionError(SchulsozialarbeitError, LookupError):
    """Something asked for by id or name is not there."""


class UnknownSeriesError(SelectionError):
    """The registry has no series with the id asked for."""

    def __init__(self, series: str) -> None:
        super().__init__(series)
        self.series = series

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return message("unknown-series", lang, series=self.series)


class FeedSelectionError(_Keyed, SelectionError):
    """The network or series asked for a feed is not in the registry, or the address a feed
    folder is to be published at is not a web address."""


class UnknownEntityError(SelectionError):
    """An export was asked for a collection the registry does not have."""

    def __init__(self, entity: str, known: tuple[str, ...]) -> None:
        super().__init__(entity)
        self.entity = entity
        self.known = known

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return message("unknown-entity", lang, entity=self.entity, known=", ".join(self.known))


class UnusedOptionError(SelectionError):
    """An export format was given options it does not use: refused, never ignored."""

    def __init__(self, format: str, options: tuple[str, ...]) -> None:
        super().__init__(format, options)
        self.format = format
        self.options = options

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        flags = ", ".join("--" + name.replace("_", "-") for name in self.options)
        count = len(self.options)
        return message(
            "exports.unused-option", lang, format=self.format, options=flags, count=count
        )


class UnknownExampleError(SelectionError):
    """The name is not one of the shipped examples."""

    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        super().__init__(name)
        self.name = name
        self.known = known

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return message("unknown-example", lang, name=self.name, known=", ".join(self.known))


class UnknownIdError(SelectionError):
    """No entity of the registry has the id asked for (to get, replace, remove or edit)."""

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.id = id

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return message("edit-unknown-id", lang, id=self.id)


# -- an edit cannot be made as asked ------------------------------------------------------


class EditError(_Keyed, ValueError):
    """An edit of a registry cannot be made as asked, and why; nothing was changed.

    ``key`` names the reason (``edit-id-taken``, ``edit-shares-inexact``, ...), ``params``
    its facts, so a form can show the message beside the field it concerns.
    """


class BrokenReferencesError(EditError):
    """Removing an entity would leave references to it: ``references`` lists each as the
    id of the entity that refers and the path of the field (``positions[3].holder``)."""

    def __init__(self, id: str, references: tuple[tuple[str, str], ...]) -> None:
        super().__init__(
            "edit-broken-references",
            id=id,
            count=len(references),
            references=", ".join(path for _, path in references),
        )
        self.id = id
        self.references = references


# -- an output cannot be written as asked -------------------------------------------------


class OutputError(SchulsozialarbeitError):
    """An output cannot be written as asked; nothing was written."""


class UnsafeFeedError(OutputError, ValueError):
    """A property would break the feed's lines; only a hook can cause it, never the data."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return message("feed-unsafe-property", lang, name=self.name)


class TargetNotEmptyError(OutputError, FileExistsError):
    """The target exists and is not an empty folder; nothing was written."""

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory))
        self.directory = directory

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return message("init-not-empty", lang, directory=self.directory)
