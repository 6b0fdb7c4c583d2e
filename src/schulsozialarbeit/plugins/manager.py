"""The plugin manager: one per embedding, with the core registered as a plugin of its own.

Plugins come from the entry-point group ``schulsozialarbeit`` or are given explicitly.
Each is loaded, checked and registered on its own, so one that fails to import, has a
misspelt hook, a function named like a hook but not marked, or a wrong argument is named
(every such hook of it, not only the first) and left out while the rest load.

Hooks are called through pluggy, so wrappers and hook-call monitoring see every call. The
guard sits on each implementation instead: when a plugin is registered, each of its hook
functions is replaced by one that runs it, checks its result against the spec (a
``datetime`` is no ``date`` here), and turns an exception or a wrong result into a
:class:`PluginFault` and no contribution. Faults are collected per call (a context
variable, so threads and nested calls keep theirs apart) and returned with that call's
result; the manager keeps no history beyond the faults of loading.

Nothing here is global: two :class:`Plugins` in one process share no state.
"""

from __future__ import annotations

import copy
import inspect
import os
import re
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
import pluggy
from attrs import frozen

from ..errors import FaultKind, PluginFault
from ..i18n import DEFAULT_LANG, Lang
from . import builtin, hookspecs

# What a call needs (the exporters, the model, scheduling, validation) is imported by the
# call: the ``plugins`` command lists the plugins without any of them, and ``validate``
# without the exporters.
if TYPE_CHECKING:
    import icalendar

    from ..exports.base import Exporter, ExportOptions
    from ..figures import ExtraFigure, KeyFigures
    from ..ical import Audience, Mode
    from ..model import Meeting, MeetingSeries, Network, Region, Registry
    from ..scheduling import Blackouts, Occurrence
    from ..validation import Issue, ValidationReport

ENTRY_POINT_GROUP = hookspecs.PROJECT
ENV_VAR = "SCHULSOZIALARBEIT_LOAD_PLUGINS"
BUILTIN = "builtin"
FAULT_CODE = "plugin-failed"

T = TypeVar("T")


@frozen(kw_only=True)
class PluginInfo:
    """A registered plugin: its name, version, the hooks it implements and its formats."""

    name: str
    version: str | None
    hooks: tuple[str, ...]
    formats: tuple[str, ...] = ()


@frozen(kw_only=True)
class Outcome(Generic[T]):
    """The result of a plugin-aware call, with the plugin faults that call met, each once."""

    value: T
    faults: tuple[PluginFault, ...] = ()


def fault_issue(fault: PluginFault) -> Issue:
    """A fault as a validation issue: a warning, so ``--strict`` makes it a failure."""
    from ..validation import Issue, Severity

    return Issue(
        code=FAULT_CODE,
        severity=Severity.WARNING,
        entity=fault.plugin,
        path=fault.hook,
        params=(("problem", fault.text()),),
    )


class _Faults:
    """The faults of one call, in the order met, each once."""

    def __init__(self) -> None:
        self.found: dict[PluginFault, None] = {}

    def add(self, fault: PluginFault) -> None:
        self.found[fault] = None

    def __call__(self) -> tuple[PluginFault, ...]:
        return tuple(self.found)


#: The collector of the plugin-aware call running in this context; None outside of one.
_CURRENT: ContextVar[_Faults | None] = ContextVar("schulsozialarbeit_plugin_faults", default=None)


class _WrongResult(Exception):
    """A hook's result that its spec does not allow; the text says what came instead."""


def _detail(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _requested(only: Iterable[str] | None) -> frozenset[str] | None:
    """The names to load: those given, else the environment variable's, else all."""
    if only is not None:
        return frozenset(only)
    value = os.environ.get(ENV_VAR)
    if value is None:
        return None
    return frozenset(name.strip() for name in value.split(",") if name.strip())


# -- checking results against the specs --------------------------------------------------


def _items(result: Any, kind: type, what: str) -> list[Any]:
    """Any iterable of exactly ``kind`` (not a text, not a mapping), as a list."""
    if isinstance(result, str | bytes | Mapping) or not isinstance(result, Iterable):
        raise _WrongResult(f"{type(result).__name__}, expected an iterable of {what}")
    items = list(result)
    for item in items:
        if not isinstance(item, kind):
            raise _WrongResult(f"{type(item).__name__} in the result, expected {what}")
    return items


def _issues(result: Any, plugin: str) -> list[Issue]:
    from ..validation import Issue

    issues = _items(result, Issue, "Issue")
    return issues if plugin == BUILTIN else [_namespaced(issue, plugin) for issue in issues]


def _blackouts(result: Any, plugin: str) -> dict[date, str]:
    if not isinstance(result, Mapping):
        raise _WrongResult(f"{type(result).__name__}, expected a mapping of date to text")
    days = dict(result)
    for day, reason in days.items():
        if type(day) is not date or not isinstance(reason, str):
            found = f"{type(day).__name__}: {type(reason).__name__}"
            raise _WrongResult(f"{found} in the result, expected date: str")
    return days


def _exporters(result: Any, plugin: str) -> list[Exporter]:
    from ..exports.base import Exporter

    return [attrs.evolve(e, plugin=plugin) for e in _items(result, Exporter, "Exporter")]


def _figures(result: Any, plugin: str) -> list[ExtraFigure]:
    from ..figures import ExtraFigure

    found = _items(result, ExtraFigure, "ExtraFigure")
    return [attrs.evolve(figure, key=f"{plugin}/{figure.key}") for figure in found]


def _nothing(result: Any, plugin: str) -> None:
    raise _WrongResult(f"{type(result).__name__}, expected None (change the object in place)")


#: Each hook's check of a result that is not None; it returns the contribution as kept.
_CHECKS: dict[str, Callable[[Any, str], Any]] = {
    "validation_issues": _issues,
    "blackout_dates": _blackouts,
    "exporters": _exporters,
    "extra_figures": _figures,
    "ical_event": _nothing,
    "ical_calendar": _nothing,
}
#: The export options a library caller may leave unset; ``as_of`` always has a value, so
#: only the command line, which knows whether it was given, can refuse it.
_SET_BY_CALLER = ("entity", "dialect", "base_url")

#: The argument an iCal hook changes in place, so the guard can undo an unsafe change.
_CHANGED = {"ical_event": "event", "ical_calendar": "calendar"}


def _namespaced(issue: Issue, plugin: str) -> Issue:
    """A plugin's code behind its name, so it can never clash with a core code."""
    prefix = f"{plugin}/"
    return issue if issue.code.startswith(prefix) else attrs.evolve(issue, code=prefix + issue.code)


def _record(plugin: str, kind: FaultKind, hook: str, detail: str) -> None:
    collector = _CURRENT.get()
    if collector is not None:
        collector.add(PluginFault(plugin=plugin, kind=kind, hook=hook, detail=detail))


# -- the guards --------------------------------------------------------------------------


class Running:
    """The hook call each thread is in, with when it began, for a watchdog to look at.

    The library enforces no time limit (a hook that never returns cannot be stopped from
    inside Python); a host that wants one, like the command line, reads :meth:`longest`.
    """

    def __init__(self) -> None:
        self._calls: dict[int, tuple[str, str, float]] = {}

    @contextmanager
    def call(self, plugin: str, hook: str) -> Iterator[None]:
        ident = threading.get_ident()
        outer = self._calls.get(ident)
        self._calls[ident] = (plugin, hook, time.monotonic())
        try:
            yield
        finally:
            if outer is None:
                self._calls.pop(ident, None)
            else:
                self._calls[ident] = outer

    def longest(self) -> tuple[str, str, float] | None:
        """(plugin, hook, seconds running) of the call running longest, or None."""
        calls = list(self._calls.values())
        if not calls:
            return None
        plugin, hook, began = min(calls, key=lambda call: call[2])
        return plugin, hook, time.monotonic() - began


def _guard(
    function: Callable[..., Any],
    plugin: str,
    hook: str,
    argnames: tuple[str, ...],
    running: Running,
) -> Callable[..., Any]:
    """``function`` run so that nothing it does escapes: a fault instead, and no result."""
    check = _CHECKS[hook]
    changed = _CHANGED.get(hook)

    position = argnames.index(changed) if changed in argnames else None

    def guarded(*args: Any) -> Any:
        if position is not None:
            from ..ical.feed import component_problem, restore_component

            target = args[position]
            before = copy.deepcopy(target)
        try:
            with running.call(plugin, hook):
                result = function(*args)
            kept = None if result is None else check(result, plugin)
            problem = None if position is None else component_problem(target)
            if problem is None:
                return kept
            _record(plugin, "unsafe", hook, problem)
        except _WrongResult as wrong:
            _record(plugin, "wrong-type", hook, str(wrong))
        except (Exception, SystemExit) as error:  # a plugin may fail in any way; the host goes on
            _record(plugin, "raised", hook, _detail(error))
        if position is not None:
            restore_component(target, before)
        return None

    return guarded


def _guard_wrapper(
    function: Callable[..., Any], plugin: str, hook: str
) -> Callable[..., Generator[None, Any, Any]]:
    """A wrapper (``wrapper=True`` or ``hookwrapper=True``) run so that its own failure,
    before or after the inner call, is a fault and leaves the inner result as it was."""

    def guarded(*args: Any) -> Generator[None, Any, Any]:
        inner = function(*args)
        try:
            next(inner)
        except (Exception, SystemExit) as error:
            _record(plugin, "raised", hook, _detail(error))
            return (yield)
        result = yield
        try:
            inner.send(result)
        except StopIteration as stop:
            return stop.value
        except (Exception, SystemExit) as error:
            _record(plugin, "raised", hook, _detail(error))
            return result
        inner.close()
        _record(plugin, "raised", hook, "the wrapper yielded more than once")
        return result

    return guarded


class Plugins:
    """The plugins of one embedding, and the plugin-aware versions of the core's functions.

    One instance may serve many threads and requests: loading happens once, in
    :func:`load_plugins`, and every call after it keeps its faults to itself.
    """

    def __init__(self) -> None:
        self._manager = pluggy.PluginManager(hookspecs.PROJECT)
        self._manager.add_hookspecs(hookspecs)
        self._versions: dict[str, str | None] = {}
        self._load_faults: list[PluginFault] = []
        #: The hook call running in each thread, for a host's watchdog.
        self.running = Running()
        self.register(builtin, BUILTIN, version=None)

    @property
    def hook(self) -> Any:
        """pluggy's hook relay, for callers that call a hook themselves."""
        return self._manager.hook

    @property
    def pluggy_manager(self) -> pluggy.PluginManager:
        """The pluggy manager underneath, e.g. for ``add_hookcall_monitoring``."""
        return self._manager

    # -- loading -------------------------------------------------------------------------

    def _check(self, plugin: object, name: str) -> list[PluginFault]:
        """Every hook of ``plugin`` that cannot be registered, each with its reason."""
        specs = {
            hook: caller.spec.argnames
            for hook, caller in vars(self._manager.hook).items()
            if isinstance(caller, pluggy.HookCaller) and caller.spec is not None
        }
        faults = []
        for attribute in sorted(dir(plugin)):
            if attribute.startswith("_"):
                continue
            value = getattr(plugin, attribute, None)
            marked = self._manager.parse_hookimpl_opts(plugin, attribute) is not None
            if not marked:
                if attribute in specs and callable(value):
                    faults.append(PluginFault(plugin=name, kind="unmarked", hook=attribute))
                continue
            if attribute not in specs:
                import difflib

                close = difflib.get_close_matches(attribute, specs, n=1)
                hint = f" (meant {close[0]}?)" if close else ""
                detail = f"no hook {attribute}{hint}"
                faults.append(
                    PluginFault(plugin=name, kind="register", hook=attribute, detail=detail)
                )
                continue
            unknown = [arg for arg in _argnames(value) if arg not in specs[attribute]]
            if unknown:
                allowed = ", ".join(specs[attribute])
                detail = f"unknown argument {', '.join(unknown)} (the hook offers {allowed})"
                faults.append(
                    PluginFault(plugin=name, kind="register", hook=attribute, detail=detail)
                )
        return faults

    def register(self, plugin: object, name: str, *, version: str | None = None) -> bool:
        """Register ``plugin`` as ``name`` with each hook guarded; on any bad hook, record
        every fault of it and register nothing of this plugin."""
        faults = self._check(plugin, name)
        if not faults:
            try:
                self._manager.register(plugin, name=name)
            except (pluggy.PluginValidationError, ValueError) as error:
                # pluggy's text names the plugin by its repr, which holds a memory address:
                # say the name instead, so the same plugins always give the same output.
                detail = re.sub(r"<[^<>]*>", name, " ".join(str(error).split()))
                faults.append(PluginFault(plugin=name, kind="register", detail=detail))
        if faults:
            self._load_faults += faults
            return False
        for caller in self._manager.get_hookcallers(plugin) or []:
            for implementation in caller.get_hookimpls():
                if implementation.plugin is plugin:
                    _install_guard(implementation, name, caller.name, self.running)
        self._versions[name] = version
        return True

    def load_entry_points(
        self,
        only: Iterable[str] | None = None,
        *,
        user_interrupted: Callable[[], bool] | None = None,
    ) -> None:
        """Load installed plugins one at a time, in name order, each under its own guard.

        A ``KeyboardInterrupt`` during a plugin's import is the user's Ctrl-C unless the host
        can tell otherwise: given ``user_interrupted`` (the command line's SIGINT handler
        knows), an interrupt the user did not cause is the plugin's fault, not the end.
        """
        # Not imported with the module: 15 ms, and a host without entry points never needs it.
        from importlib import metadata

        wanted = _requested(only)
        found = sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
        for entry_point in found:
            if wanted is not None and entry_point.name not in wanted:
                continue
            try:
                plugin = entry_point.load()
            except ModuleNotFoundError as error:
                self._fault(entry_point.name, "import", detail=error.name or str(error))
                continue
            except (Exception, SystemExit) as error:  # a plugin's import may fail in any way
                self._fault(entry_point.name, "import", detail=_detail(error))
                continue
            except KeyboardInterrupt as interrupt:
                if user_interrupted is None or user_interrupted():
                    raise
                self._fault(entry_point.name, "import", detail=_detail(interrupt))
                continue
            version = entry_point.dist.version if entry_point.dist else None
            self.register(plugin, entry_point.name, version=version)
        for name in sorted((wanted or frozenset()) - {ep.name for ep in found}):
            self._fault(name, "not-found")

    def _fault(self, plugin: str, kind: FaultKind, *, detail: str = "") -> None:
        self._load_faults.append(PluginFault(plugin=plugin, kind=kind, detail=detail))

    @property
    def load_faults(self) -> tuple[PluginFault, ...]:
        """The faults of loading: plugins not found, not importable or not registrable."""
        return tuple(self._load_faults)

    def info(self) -> tuple[PluginInfo, ...]:
        """Every registered plugin with its version, hooks and export formats, by name."""
        formats: dict[str, list[str]] = {}
        for exporter in self.exporters().value.values():
            formats.setdefault(exporter.plugin, []).append(exporter.name)
        infos = []
        for name, plugin in self._manager.list_name_plugin():
            callers = self._manager.get_hookcallers(plugin) or []
            infos.append(
                PluginInfo(
                    name=name,
                    version=self._versions.get(name),
                    hooks=tuple(sorted(caller.name for caller in callers)),
                    formats=tuple(sorted(formats.get(name, ()))),
                )
            )
        return tuple(sorted(infos, key=lambda info: (info.name != BUILTIN, info.name)))

    def implements(self, hook: str) -> bool:
        """Whether any registered plugin implements ``hook``."""
        return bool(getattr(self._manager.hook, hook).get_hookimpls())

    # -- plugin-aware calls ----------------------------------------------------------------

    @contextmanager
    def collecting(self) -> Iterator[_Faults]:
        """Collect the faults of the hook calls made inside the block (nested blocks share
        the outer collector, so a fault is named once per outermost call)."""
        outer = _CURRENT.get()
        if outer is not None:
            yield outer
            return
        collector = _Faults()
        token = _CURRENT.set(collector)
        try:
            yield collector
        finally:
            _CURRENT.reset(token)

    def validate(self, registry: Registry, *, as_of: date | None = None) -> ValidationReport:
        """The core's rules and every plugin's; faults of loading and of this call are
        ``plugin-failed`` warnings and, as :class:`PluginFault`, the report's ``faults``."""
        from ..validation import Context, ValidationReport, sort_issues

        day = as_of or date.today()
        context = Context.of(registry, day)
        with self.collecting() as collector:
            results = self._manager.hook.validation_issues(context=context)
        faults = (*self._load_faults, *collector())
        issues = [issue for found in results for issue in found]
        issues += (fault_issue(fault) for fault in faults)
        return ValidationReport(as_of=day, issues=sort_issues(issues), faults=tuple(faults))

    def blackout_dates(
        self, region: Region | None, start: date, end: date
    ) -> Outcome[dict[date, str]]:
        """Every plugin's blackout days in the range; the reasons of one day joined."""
        with self.collecting() as collector:
            days = self._blackouts(region, start, end)
        return Outcome(value=days, faults=collector())

    def _blackouts(self, region: Region | None, start: date, end: date) -> dict[date, str]:
        reasons: dict[date, list[str]] = {}
        for found in self._manager.hook.blackout_dates(region=region, start=start, end=end):
            for day, reason in found.items():
                if start <= day <= end:
                    reasons.setdefault(day, []).append(reason)
        return {day: "; ".join(sorted(set(texts))) for day, texts in sorted(reasons.items())}

    def exporters(self) -> Outcome[dict[str, Exporter]]:
        """Every export format by name. A name is kept by the first to offer it, the core
        first and then the plugins by name; a later offer is a ``duplicate`` fault of the
        plugin that made it, naming the plugin that keeps the name."""
        with self.collecting() as collector:
            offered = [e for found in self._manager.hook.exporters() for e in found]
            formats: dict[str, Exporter] = {}
            for exporter in sorted(offered, key=lambda e: (e.plugin != BUILTIN, e.plugin)):
                kept = formats.get(exporter.name)
                if kept is not None:
                    detail = f"{exporter.name} ({kept.plugin})"
                    _record(exporter.plugin, "duplicate", "exporters", detail)
                    continue
                formats[exporter.name] = exporter
        return Outcome(value=dict(sorted(formats.items())), faults=collector())

    def export(
        self, registry: Registry, format: str, options: ExportOptions
    ) -> Outcome[bytes | None]:
        """The registry in ``format``: the export function runs under the plugin's guard;
        ``value`` is None when the format is unknown or its exporter failed (see faults).

        Raises :class:`~schulsozialarbeit.errors.UnusedOptionError` when ``options`` set an
        entity, dialect or base URL the format does not use (``Exporter.takes``).
        """
        with self.collecting() as collector:
            exporter = self.exporters().value.get(format)
            if exporter is not None:
                exporter.check(
                    name for name in _SET_BY_CALLER if getattr(options, name) is not None
                )
            payload = (
                None if exporter is None else _run_export(exporter, registry, options, self.running)
            )
        return Outcome(value=payload, faults=collector())

    def key_figures(self, registry: Registry, *, as_of: date | None = None) -> KeyFigures:
        """The core's figures with every plugin's extra figures (keys namespaced); the
        faults of this call in the figures' ``faults``."""
        from ..figures import key_figures  # only the commands that report need the figures

        figures = key_figures(registry, as_of=as_of)
        with self.collecting() as collector:
            results = self._manager.hook.extra_figures(registry=registry, figures=figures)
        extra = sorted((f for found in results for f in found), key=lambda f: f.key)
        return attrs.evolve(figures, extra=tuple(extra), faults=collector())

    def occurrences(
        self,
        registry: Registry,
        *,
        series: str,
        start: date | None = None,
        end: date | None = None,
    ) -> Outcome[tuple[Occurrence, ...]]:
        """The occurrences of one series with every plugin's blackout days of its region."""
        from ..scheduling import occurrences, series_region

        region = series_region(registry, series)

        def closed(first: date, last: date) -> Mapping[date, str]:
            return self._blackouts(region, first, last)

        with self.collecting() as collector:
            found = occurrences(registry, series=series, start=start, end=end, blackouts=closed)
        return Outcome(value=found, faults=collector())

    def feed_hooks(self, registry: Registry, audience: Audience) -> FeedHooks:
        """The plugins' blackout days (by each series' region) and iCal hooks, bound to the
        feeds of one registry, in the shape :func:`schulsozialarbeit.ical.to_ical` takes.

        An iCal hook no plugin implements is None, so the feed is written without an
        icalendar object per event (several times faster, same bytes). Call the feed
        functions inside :meth:`collecting` to receive the faults.
        """
        from ..scheduling import region_of, series_region

        def blackouts(series: MeetingSeries) -> Blackouts:
            region = series_region(registry, series.id)
            return lambda first, last: self._blackouts(region, first, last)

        def adjust_event(
            event: icalendar.Event, source: Meeting | Occurrence | MeetingSeries
        ) -> None:
            item = _owner(registry, source)
            region = None if item is None else region_of(registry, item)
            self._manager.hook.ical_event(
                event=event, source=source, audience=audience, registry=registry, region=region
            )

        def adjust_calendar(calendar: icalendar.Calendar, network: str | None) -> None:
            group = next((n for n in registry.networks if n.id == network), None)
            region = _network_region(registry, group)
            self._manager.hook.ical_calendar(
                calendar=calendar,
                audience=audience,
                registry=registry,
                network=group,
                region=region,
            )

        return FeedHooks(
            blackouts=blackouts,
            adjust_event=adjust_event if self.implements("ical_event") else None,
            adjust_calendar=adjust_calendar if self.implements("ical_calendar") else None,
        )

    def to_ical(
        self,
        registry: Registry,
        *,
        network: str | None = None,
        series: str | None = None,
        audience: Audience = "public",
        mode: Mode = "expanded",
        start: date | None = None,
        end: date | None = None,
    ) -> Outcome[bytes]:
        """:func:`schulsozialarbeit.ical.to_ical` with the plugins' days and iCal hooks."""
        from ..ical import to_ical

        hooks = self.feed_hooks(registry, audience)
        with self.collecting() as collector:
            feed = to_ical(
                registry,
                network=network,
                series=series,
                audience=audience,
                mode=mode,
                start=start,
                end=end,
                blackouts=hooks.blackouts,
                adjust_event=hooks.adjust_event,
                adjust_calendar=hooks.adjust_calendar,
            )
        return Outcome(value=feed, faults=collector())

    def write_feeds(
        self,
        registry: Registry,
        folder: str | Path,
        *,
        audience: Audience = "public",
        mode: Mode = "expanded",
        base_url: str | None = None,
        as_of: date | None = None,
        lang: Lang = DEFAULT_LANG,
    ) -> Outcome[list[Path]]:
        """:func:`schulsozialarbeit.ical.write_feeds` with the plugins' days and iCal hooks."""
        from ..ical import write_feeds

        hooks = self.feed_hooks(registry, audience)
        with self.collecting() as collector:
            written = write_feeds(
                registry,
                folder,
                audience=audience,
                mode=mode,
                base_url=base_url,
                as_of=as_of,
                blackouts=hooks.blackouts,
                adjust_event=hooks.adjust_event,
                adjust_calendar=hooks.adjust_calendar,
                lang=lang,
            )
        return Outcome(value=written, faults=collector())


@frozen(kw_only=True)
class FeedHooks:
    """What the installed plugins add to a feed, in the shape the feed functions take."""

    blackouts: Callable[[MeetingSeries], Blackouts]
    adjust_event: Callable[[Any, Meeting | Occurrence | MeetingSeries], None] | None
    adjust_calendar: Callable[[Any, str | None], None] | None


def _owner(registry: Registry, source: object) -> Meeting | MeetingSeries | None:
    from ..model import Meeting, MeetingSeries
    from ..scheduling import Occurrence

    if isinstance(source, Meeting | MeetingSeries):
        return source
    if isinstance(source, Occurrence):
        return next((s for s in registry.series if s.id == source.series), None)
    return None


def _network_region(registry: Registry, network: Network | None) -> Region | None:
    regions = {region.id: region for region in registry.regions}
    if network is not None and network.region in regions:
        return regions[network.region]
    return registry.regions[0] if len(registry.regions) == 1 else None


def _argnames(function: Any) -> tuple[str, ...]:
    """The arguments pluggy will pass: the function's, less ``self`` of a bound method."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return ()
    return tuple(
        name
        for name, parameter in parameters.items()
        if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
    )


def _install_guard(
    implementation: pluggy.HookImpl, plugin: str, hook: str, running: Running
) -> None:
    function = implementation.function
    if implementation.wrapper or implementation.hookwrapper:
        guarded = _guard_wrapper(function, plugin, hook)
    else:
        guarded = _guard(function, plugin, hook, tuple(implementation.argnames), running)
    # pluggy marks the attribute Final for its own code; replacing the function is the one
    # way to guard each implementation while pluggy still does the calling.
    implementation.function = guarded  # type: ignore[misc]


def _run_export(
    exporter: Exporter, registry: Registry, options: ExportOptions, running: Running
) -> bytes | None:
    hook = f"exporters ({exporter.name})"
    try:
        with running.call(exporter.plugin, hook):
            payload = exporter.export(registry, options)
    except (Exception, SystemExit) as error:  # a plugin's exporter may fail in any way
        _record(exporter.plugin, "raised", hook, _detail(error))
        return None
    if not isinstance(payload, bytes):
        detail = f"{type(payload).__name__}, expected bytes"
        _record(exporter.plugin, "wrong-type", hook, detail)
        return None
    return payload


def load_plugins(
    *,
    entry_points: bool = True,
    only: Iterable[str] | None = None,
    plugins: Mapping[str, object] | None = None,
    user_interrupted: Callable[[], bool] | None = None,
) -> Plugins:
    """The core plus installed plugins (all, or ``only`` those, or as the environment
    variable ``SCHULSOZIALARBEIT_LOAD_PLUGINS`` lists them) plus ``plugins`` given by name."""
    loaded = Plugins()
    if entry_points:
        loaded.load_entry_points(only, user_interrupted=user_interrupted)
    for name, plugin in (plugins or {}).items():
        loaded.register(plugin, name)
    return loaded
