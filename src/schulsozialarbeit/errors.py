"""The errors a load can raise. Each one carries everything needed to say where and what."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from .i18n import DEFAULT_LANG, Lang, Text, message


@frozen(kw_only=True)
class Problem:
    """One structural problem in a registry file: where it is, and a catalogue key saying what."""

    path: str
    key: str
    params: tuple[tuple[str, object], ...] = ()
    file: str | None = None

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        where = f"{self.file}: {self.path}" if self.file else self.path
        return f"{where}: {message(self.key, lang, **dict(self.params))}"


class RegistryError(Exception):
    """Base of every error a load reports: the input, not the library, is at fault."""

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.message(DEFAULT_LANG)


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
    """The data parses but does not fit the model: every problem, each with its path."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__(problems)
        self.problems = problems

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        head = message("structure-error", lang, count=len(self.problems))
        return "\n".join([head, *(f"  {p.message(lang)}" for p in self.problems)])
