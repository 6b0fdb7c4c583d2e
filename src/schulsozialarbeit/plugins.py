"""The plugin manager: one per embedding, with the core registered as a plugin of its own.

Plugins come from the entry-point group ``schulsozialarbeit`` or are given explicitly.
Each is loaded, registered and checked on its own, so one that fails to import, has a
misspelt hook or a wrong signature is reported by name and left out while the rest load.
Each hook implementation is then called on its own under a guard, so one that raises or
returns the wrong type is reported and hides nothing of the others' results.

Nothing here is global: two :class:`Plugins` in one process share no state.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from importlib import metadata
from typing import Any

import attrs
import pluggy
from attrs import frozen

from . import builtin, hookspecs
from .exporter import Exporter
from .figures import ExtraFigure, KeyFigures, key_figures
from .i18n import DEFAULT_LANG, Lang, Text
from .model import Region, Registry
from .validation import Context, Issue, Severity, ValidationReport, sort_issues

ENTRY_POINT_GROUP = hookspecs.PROJECT
ENV_VAR = "SCHULSOZIALARBEIT_LOAD_PLUGINS"
BUILTIN = "builtin"
FAULT_CODE = "plugin-failed"


@frozen(kw_only=True)
class PluginFault:
    """A plugin that could not load, or one of its hooks that failed, and why."""

    plugin: str
    kind: str  # not-found, import, register, raised, wrong-type, duplicate
    hook: str = ""
    detail: str = ""

    def text(self) -> Text:
        return Text(
            f"plugin-fault.{self.kind}", plugin=self.plugin, hook=self.hook, detail=self.detail
        )

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.text().render(lang)

    def as_issue(self) -> Issue:
        """The fault as a validation issue: a warning, so ``--strict`` makes it a failure."""
        return Issue(
            code=FAULT_CODE,
            severity=Severity.WARNING,
            entity=self.plugin,
            path=self.hook,
            params=(("problem", self.text()),),
        )


@frozen(kw_only=True)
class PluginInfo:
    name: str
    version: str | None
    hooks: tuple[str, ...]


def _requested(only: Iterable[str] | None) -> frozenset[str] | None:
    """The names to load: those given, else the environment variable's, else all."""
    if only is not None:
        return frozenset(only)
    value = os.environ.get(ENV_VAR)
    if value is None:
        return None
    return frozenset(name.strip() for name in value.split(",") if name.strip())


class Plugins:
    """The plugins of one embedding, and the plugin-aware versions of the core's functions."""

    def __init__(self) -> None:
        self._manager = pluggy.PluginManager(hookspecs.PROJECT)
        self._manager.add_hookspecs(hookspecs)
        self._versions: dict[str, str | None] = {}
        self._faults: list[PluginFault] = []
        self._loaded = 0  # how many of the faults arose while loading
        self.register(builtin, BUILTIN, version=None)

    # -- loading -------------------------------------------------------------------------

    def register(self, plugin: object, name: str, *, version: str | None = None) -> bool:
        """Register ``plugin`` as ``name``; on a bad hook or signature, record a fault."""
        try:
            self._manager.register(plugin, name=name)
            self._manager.check_pending()
        except (pluggy.PluginValidationError, ValueError) as error:
            if self._manager.is_registered(plugin):
                self._manager.unregister(plugin)
            # pluggy's text names the plugin by its repr, which holds a memory address:
            # say the name instead, so the same plugins always give the same output.
            detail = re.sub(r"<[^<>]*>", name, " ".join(str(error).split()))
            self._fault(name, "register", detail=detail)
            return False
        self._versions[name] = version
        return True

    def _loading_done(self) -> None:
        self._loaded = len(self._faults)

    def load_entry_points(self, only: Iterable[str] | None = None) -> None:
        """Load installed plugins one at a time, in name order, each under its own guard."""
        wanted = _requested(only)
        found = sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
        for entry_point in found:
            if wanted is not None and entry_point.name not in wanted:
                continue
            try:
                plugin = entry_point.load()
            except ModuleNotFoundError as error:
                detail = error.name or str(error)
                self._fault(entry_point.name, "import", detail=detail)
                continue
            except Exception as error:  # a plugin's import may fail in any way
                self._fault(entry_point.name, "import", detail=f"{type(error).__name__}: {error}")
                continue
            version = entry_point.dist.version if entry_point.dist else None
            self.register(plugin, entry_point.name, version=version)
        for name in sorted((wanted or frozenset()) - {ep.name for ep in found}):
            self._fault(name, "not-found")

    def _fault(self, plugin: str, kind: str, *, hook: str = "", detail: str = "") -> None:
        self._faults.append(PluginFault(plugin=plugin, kind=kind, hook=hook, detail=detail))

    @property
    def faults(self) -> tuple[PluginFault, ...]:
        """Every fault so far: those of loading, then those of the calls made since."""
        return tuple(self._faults)

    def info(self) -> tuple[PluginInfo, ...]:
        """Every registered plugin with its version and the hooks it implements, by name."""
        infos = []
        for name, plugin in self._manager.list_name_plugin():
            callers = self._manager.get_hookcallers(plugin) or []
            hooks = tuple(sorted(caller.name for caller in callers))
            infos.append(PluginInfo(name=name, version=self._versions.get(name), hooks=hooks))
        return tuple(sorted(infos, key=lambda info: (info.name != BUILTIN, info.name)))

    # -- guarded calls -------------------------------------------------------------------

    def _results(
        self, hook: str, check: Callable[[Any], bool], **arguments: Any
    ) -> Iterator[tuple[str, Any]]:
        """(plugin name, result) of each implementation, in pluggy's order, each guarded.

        Results are materialised inside the guard (a generator raises only when read) and
        checked with ``check``; a failure becomes a fault and the next plugin runs.
        """
        caller = getattr(self._manager.hook, hook)
        for implementation in reversed(caller.get_hookimpls()):
            name = implementation.plugin_name
            kwargs = {arg: arguments[arg] for arg in implementation.argnames}
            try:
                result = implementation.function(**kwargs)
                if isinstance(result, Iterator):
                    result = list(result)
            except Exception as error:  # a plugin may fail in any way; the host goes on
                self._fault(name, "raised", hook=hook, detail=f"{type(error).__name__}: {error}")
                continue
            if not check(result):
                self._fault(name, "wrong-type", hook=hook, detail=type(result).__name__)
                continue
            yield name, result

    def validate(self, registry: Registry, *, as_of: date | None = None) -> ValidationReport:
        """The core's rules and every plugin's, with plugin faults as ``plugin-failed``."""
        day = as_of or date.today()
        context = Context.of(registry, day)
        before = len(self._faults)
        issues: list[Issue] = []
        for name, found in self._results("validation_issues", _all_of(Issue), context=context):
            issues += (i if name == BUILTIN else _namespaced(i, name) for i in found)
        faults = self._faults[: self._loaded] + self._faults[before:]
        issues += (fault.as_issue() for fault in faults)
        return ValidationReport(as_of=day, issues=sort_issues(issues))

    def blackout_dates(self, region: Region | None, start: date, end: date) -> dict[date, str]:
        """Every plugin's blackout days in the range; reasons of one day joined."""
        reasons: dict[date, list[str]] = {}
        for _, found in self._results(
            "blackout_dates", _date_mapping, region=region, start=start, end=end
        ):
            for day, reason in found.items():
                if start <= day <= end:
                    reasons.setdefault(day, []).append(reason)
        return {day: "; ".join(sorted(set(texts))) for day, texts in sorted(reasons.items())}

    def exporters(self) -> dict[str, Exporter]:
        """Every export format by name; the core's first, a name taken twice is a fault."""
        formats: dict[str, Exporter] = {}
        owners: dict[str, str] = {}
        results = sorted(
            self._results("exporters", _all_of(Exporter)), key=lambda r: (r[0] != BUILTIN, r[0])
        )
        for name, found in results:
            for exporter in found:
                if exporter.name in formats:
                    detail = f"{exporter.name} ({owners[exporter.name]})"
                    self._fault(name, "duplicate", hook="exporters", detail=detail)
                    continue
                formats[exporter.name] = exporter
                owners[exporter.name] = name
        return dict(sorted(formats.items()))

    def key_figures(self, registry: Registry, *, as_of: date | None = None) -> KeyFigures:
        """The core's figures with every plugin's extra figures, keys namespaced."""
        figures = key_figures(registry, as_of=as_of)
        extra = [
            attrs.evolve(figure, key=f"{name}/{figure.key}")
            for name, found in self._results(
                "extra_figures", _all_of(ExtraFigure), registry=registry, figures=figures
            )
            for figure in found
        ]
        return attrs.evolve(figures, extra=tuple(sorted(extra, key=lambda f: f.key)))

    def adjust_ical_event(self, event: Any, source: Any, audience: str) -> None:
        for _ in self._results(
            "ical_event", _is_none, event=event, source=source, audience=audience
        ):
            pass

    def adjust_ical_calendar(self, calendar: Any, audience: str) -> None:
        for _ in self._results("ical_calendar", _is_none, calendar=calendar, audience=audience):
            pass


def _all_of(kind: type) -> Callable[[Any], bool]:
    def check(result: Any) -> bool:
        return isinstance(result, list | tuple) and all(isinstance(i, kind) for i in result)

    return check


def _date_mapping(result: Any) -> bool:
    return isinstance(result, Mapping) and all(
        isinstance(k, date) and isinstance(v, str) for k, v in result.items()
    )


def _is_none(result: Any) -> bool:
    return result is None


def _namespaced(issue: Issue, plugin: str) -> Issue:
    """A plugin's code behind its name, so it can never clash with a core code."""
    prefix = f"{plugin}/"
    return issue if issue.code.startswith(prefix) else attrs.evolve(issue, code=prefix + issue.code)


def load_plugins(
    *,
    entry_points: bool = True,
    only: Iterable[str] | None = None,
    plugins: Mapping[str, object] | None = None,
) -> Plugins:
    """The core plus installed plugins (all, or ``only`` those, or as the environment
    variable ``SCHULSOZIALARBEIT_LOAD_PLUGINS`` lists them) plus ``plugins`` given by name."""
    loaded = Plugins()
    if entry_points:
        loaded.load_entry_points(only)
    for name, plugin in (plugins or {}).items():
        loaded.register(plugin, name)
    loaded._loading_done()
    return loaded
