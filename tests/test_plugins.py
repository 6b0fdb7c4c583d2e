"""The plugin contract: pluggy's calling, each implementation guarded, faults per call."""

from __future__ import annotations

import gc
import inspect
import re
import tracemalloc
from collections.abc import Generator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest

import schulsozialarbeit as ssa
from schulsozialarbeit.hooks import (
    Bilingual,
    Context,
    Exporter,
    ExportOptions,
    ExtraFigure,
    Issue,
    Region,
    Registry,
    Severity,
    hookimpl,
    region_is,
)
from schulsozialarbeit.plugins import ENV_VAR, hookspecs, load_plugins

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "plugins.md"
AS_OF = date(2017, 11, 30)


def _hookspecs() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(function)
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(function, f"{hookspecs.PROJECT}_spec")
    }


def test_every_hook_is_in_the_guide_with_its_signature() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    documented = dict(re.findall(r"^### (\w+)\(([^)]*)\)$", guide, re.M))
    specs = _hookspecs()
    assert set(specs) == set(documented)
    for name, signature in specs.items():
        assert documented[name] == ", ".join(signature.parameters), name


@pytest.fixture(scope="module")
def herne() -> ssa.Registry:
    return ssa.load(ROOT / "examples" / "herne")


class Raising:
    @hookimpl
    def validation_issues(self, context: Context) -> list[Issue]:
        raise KeyError("missing")

    @hookimpl
    def extra_figures(self) -> list[ExtraFigure]:
        return [ExtraFigure(key="x", value=1, label=Bilingual(de="X", en="X"))]


class WrongType:
    @hookimpl
    def validation_issues(self) -> str:
        return "not a list"

    @hookimpl
    def blackout_dates(self, start: date) -> dict[date, str]:
        return {start: "Tag der Tests"}


class Local:
    @hookimpl
    def validation_issues(self, context: Context) -> Iterator[Issue]:
        first = context.registry.schools[0]
        yield Issue.local(
            "rule", Severity.ERROR, first.id, "schools[0]", Bilingual(de="Regel", en="rule")
        )
        yield Issue.local(
            "local/already", Severity.INFO, None, "", Bilingual(de="schon", en="already")
        )

    @hookimpl(tryfirst=True)
    def exporters(self) -> set[Exporter]:
        def names(registry: Registry, options: ExportOptions) -> bytes:
            return "\n".join(s.name for s in registry.schools).encode()

        return {
            Exporter(name="names", media_type="text/plain", suffix=".txt", export=names),
            Exporter(name="json", media_type="text/plain", suffix=".txt", export=names),
        }


class Nothing:
    """Every hook, each returning None: pluggy's "nothing to add"."""

    @hookimpl
    def validation_issues(self) -> None:
        return None

    @hookimpl
    def blackout_dates(self) -> None:
        return None

    @hookimpl
    def exporters(self) -> None:
        return None

    @hookimpl
    def extra_figures(self) -> None:
        return None


def test_none_adds_nothing_and_is_no_fault(herne: ssa.Registry) -> None:
    alone = load_plugins(entry_points=False)
    quiet = load_plugins(entry_points=False, plugins={"nothing": Nothing()})
    assert quiet.validate(herne, as_of=AS_OF) == alone.validate(herne, as_of=AS_OF)
    assert quiet.key_figures(herne, as_of=AS_OF) == alone.key_figures(herne, as_of=AS_OF)
    assert quiet.blackout_dates(None, date(2024, 1, 1), date(2024, 12, 31)).value == {}
    assert quiet.exporters() == alone.exporters()
    assert quiet.load_faults == ()


def test_a_failing_plugin_is_named_and_the_rest_still_runs(herne: ssa.Registry) -> None:
    alone = load_plugins(entry_points=False).validate(herne, as_of=AS_OF)
    plugins = load_plugins(
        entry_points=False,
        plugins={"raising": Raising(), "wrong": WrongType(), "local": Local()},
    )
    report = plugins.validate(herne, as_of=AS_OF)
    failed = {(i.entity, i.path) for i in report.issues if i.code == "plugin-failed"}
    assert failed == {("raising", "validation_issues"), ("wrong", "validation_issues")}
    assert {(f.plugin, f.kind) for f in report.faults} == {
        ("raising", "raised"),
        ("wrong", "wrong-type"),
    }
    assert set(alone.issues) <= set(report.issues)
    assert {i.code for i in report.issues} >= {"local/rule", "local/already"}
    assert not report.ok
    fault = next(i for i in report.issues if i.entity == "raising")
    assert fault.message() == (
        "Plugin raising, Hook validation_issues: gescheitert (KeyError: 'missing'); "
        "sein Beitrag fehlt"
    )
    assert fault.message("en").startswith("plugin raising, hook validation_issues: failed")
    local = next(i for i in report.issues if i.code == "local/rule")
    assert (local.message("de"), local.message("en")) == ("Regel", "rule")


class TwoBad:
    @hookimpl
    def validation_isues(self, context: Context) -> list[Issue]:
        return []

    @hookimpl
    def blackout_dates(self, region: Region, start: date, end: date, colour: str) -> None:
        return None

    def extra_figures(self, registry: Registry) -> None:
        """Named like a hook, but not marked: pluggy would pass it over in silence."""


def test_every_bad_hook_of_a_plugin_is_named_at_load() -> None:
    plugins = load_plugins(entry_points=False, plugins={"bad": TwoBad(), "nothing": Nothing()})
    assert sorted((f.plugin, f.kind, f.hook) for f in plugins.load_faults) == [
        ("bad", "register", "blackout_dates"),
        ("bad", "register", "validation_isues"),
        ("bad", "unmarked", "extra_figures"),
    ]
    messages = {f.hook: f.message("en") for f in plugins.load_faults}
    assert "meant validation_issues?" in messages["validation_isues"]
    assert "unknown argument colour" in messages["blackout_dates"]
    assert "not marked with @hookimpl" in messages["extra_figures"]
    assert [info.name for info in plugins.info()] == ["builtin", "nothing"]
    report = plugins.validate(ssa.loads('name = "leer"'), as_of=AS_OF)
    assert {i.path for i in report.issues if i.code == "plugin-failed"} == set(messages)


def test_figures_blackouts_and_exporters_are_combined(herne: ssa.Registry) -> None:
    plugins = load_plugins(
        entry_points=False, plugins={"raising": Raising(), "wrong": WrongType(), "local": Local()}
    )
    figures = plugins.key_figures(herne, as_of=AS_OF)
    assert [f.key for f in figures.extra] == ["raising/x"]
    assert figures.staff == 44
    assert figures.faults == ()
    days = plugins.blackout_dates(None, date(2024, 2, 1), date(2024, 2, 29))
    assert days.value == {date(2024, 2, 1): "Tag der Tests"}
    offered = plugins.exporters()
    assert offered.value["json"].media_type == "application/json"
    assert offered.value["json"].plugin == "builtin"
    assert set(offered.value) == {"json", "toml", "csv", "xlsx", "jsonschema", "oparl", "names"}
    assert [(f.plugin, f.kind, f.detail) for f in offered.faults] == [
        ("local", "duplicate", "json (builtin)")
    ]


class NamesA:
    @hookimpl
    def exporters(self) -> list[Exporter]:
        return [Exporter(name="liste", media_type="text/csv", suffix=".csv", export=_a)]


class NamesB:
    @hookimpl(tryfirst=True)
    def exporters(self) -> list[Exporter]:
        return [Exporter(name="liste", media_type="text/csv", suffix=".csv", export=_b)]


def _a(registry: Registry, options: ExportOptions) -> bytes:
    return b"a"


def _b(registry: Registry, options: ExportOptions) -> bytes:
    return b"b"


def test_an_export_name_goes_to_the_first_plugin_by_name_whatever_the_order() -> None:
    for given in ({"zeta": NamesB(), "alpha": NamesA()}, {"alpha": NamesA(), "zeta": NamesB()}):
        plugins = load_plugins(entry_points=False, plugins=given)
        offered = plugins.exporters()
        assert offered.value["liste"].plugin == "alpha"
        assert [(f.plugin, f.detail) for f in offered.faults] == [("zeta", "liste (alpha)")]
        assert "zeta" in offered.faults[0].message()


class BrokenExports:
    @hookimpl
    def exporters(self) -> list[Exporter]:
        def raises(registry: Registry, options: ExportOptions) -> bytes:
            raise RuntimeError("disk full")

        def text(registry: Registry, options: ExportOptions) -> Any:
            return "not bytes"

        return [
            Exporter(name="raises", media_type="text/csv", suffix=".csv", export=raises),
            Exporter(name="text", media_type="text/csv", suffix=".csv", export=text),
        ]


def test_an_exporter_that_fails_is_a_fault_and_gives_no_output(herne: ssa.Registry) -> None:
    plugins = load_plugins(entry_points=False, plugins={"broken": BrokenExports()})
    options = ExportOptions(as_of=AS_OF)
    raised = plugins.export(herne, "raises", options)
    assert raised.value is None
    assert [(f.plugin, f.kind, f.hook) for f in raised.faults] == [
        ("broken", "raised", "exporters (raises)")
    ]
    wrong = plugins.export(herne, "text", options)
    assert wrong.value is None
    assert [(f.kind, f.detail) for f in wrong.faults] == [("wrong-type", "str, expected bytes")]
    internal = ExportOptions(as_of=AS_OF, privacy="internal")
    assert plugins.export(herne, "json", internal).value == ssa.dumps(herne, "json").encode()


def test_bilingual_text_refuses_a_missing_or_empty_language() -> None:
    for de, en in (("", "x"), ("x", ""), ("x", " "), ("x", None)):
        with pytest.raises(ValueError, match="non-empty"):
            Bilingual(de=de, en=en)  # type: ignore[arg-type]


class EmptyLabel:
    @hookimpl
    def extra_figures(self) -> list[ExtraFigure]:
        return [ExtraFigure(key="x", value=1, label=Bilingual(de="Zahl", en=""))]


def test_an_empty_translation_is_a_fault_of_the_plugin(herne: ssa.Registry) -> None:
    figures = load_plugins(entry_points=False, plugins={"empty": EmptyLabel()}).key_figures(
        herne, as_of=AS_OF
    )
    assert figures.extra == ()
    assert [(f.plugin, f.hook, f.kind) for f in figures.faults] == [
        ("empty", "extra_figures", "raised")
    ]


class Datetimes:
    @hookimpl
    def blackout_dates(self, start: date) -> dict[Any, str]:
        from datetime import datetime

        return {datetime(start.year, start.month, start.day): "Uhrzeit"}


def test_a_datetime_is_not_a_date_here() -> None:
    outcome = load_plugins(entry_points=False, plugins={"dt": Datetimes()}).blackout_dates(
        None, date(2024, 1, 1), date(2024, 1, 31)
    )
    assert outcome.value == {}
    assert [f.kind for f in outcome.faults] == ["wrong-type"]


# -- pluggy's calling ------------------------------------------------------------------------


class Wrapper:
    @hookimpl(wrapper=True)
    def blackout_dates(self) -> Generator[None, list[dict[date, str]], list[dict[date, str]]]:
        found = yield
        return [*found, {date(2024, 3, 1): "vom Wrapper"}]


class FailingWrapper:
    @hookimpl(wrapper=True)
    def blackout_dates(self) -> Generator[None, list[dict[date, str]], list[dict[date, str]]]:
        yield
        raise RuntimeError("after")


def test_wrappers_and_hook_monitoring_see_the_calls(herne: ssa.Registry) -> None:
    plugins = load_plugins(entry_points=False, plugins={"wrapper": Wrapper(), "wrong": WrongType()})
    seen: list[str] = []
    undo = plugins.pluggy_manager.add_hookcall_monitoring(
        lambda name, impls, kwargs: seen.append(name),
        lambda outcome, name, impls, kwargs: None,
    )
    try:
        days = plugins.blackout_dates(None, date(2024, 3, 1), date(2024, 3, 1)).value
        plugins.validate(herne, as_of=AS_OF)
    finally:
        undo()
    assert days == {date(2024, 3, 1): "Tag der Tests; vom Wrapper"}
    assert seen == ["blackout_dates", "validation_issues"]
    failing = load_plugins(
        entry_points=False, plugins={"failing": FailingWrapper(), "wrong": WrongType()}
    )
    outcome = failing.blackout_dates(None, date(2024, 3, 1), date(2024, 3, 1))
    assert outcome.value == {date(2024, 3, 1): "Tag der Tests"}
    assert [(f.plugin, f.kind) for f in outcome.faults] == [("failing", "raised")]


def test_faults_belong_to_their_call_and_memory_stays_flat() -> None:
    plugins = load_plugins(entry_points=False, plugins={"raising": Raising()})
    registry = ssa.loads(
        'name = "leer"\n[[regions]]\nid = "r"\nname = "R"\nkind = "kreis"\n'
        '[[schools]]\nid = "s"\nname = "S"\nform = "grundschule"\nregion = "r"\n'
    )
    first = plugins.validate(registry, as_of=AS_OF)
    for _ in range(200):
        plugins.validate(registry, as_of=AS_OF)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for _ in range(10_000):
        report = plugins.validate(registry, as_of=AS_OF)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert grown < 256 * 1024, grown
    assert report == first
    assert len(report.faults) == 1
    assert not hasattr(plugins, "faults")


# -- iCal hooks -----------------------------------------------------------------------------

SOEST_KEY = "05974000"


class SoestOnly:
    @hookimpl
    def ical_event(self, event: icalendar.Event, region: Region | None) -> None:
        if region_is(region, SOEST_KEY):
            event.add("comment", "Kreis Soest")


class Unsafe:
    @hookimpl
    def ical_event(self, event: icalendar.Event) -> None:
        event.add("x-bad", "a\r\nEND:VEVENT")

    @hookimpl
    def ical_calendar(self, calendar: icalendar.Calendar) -> None:
        del calendar["prodid"]


class DropsStart:
    @hookimpl
    def ical_event(self, event: icalendar.Event) -> None:
        del event["dtstart"]


def _events(feed: bytes) -> list[icalendar.cal.Component]:
    return list(icalendar.Calendar.from_ical(feed).walk("VEVENT"))


def test_an_ical_hook_limited_to_its_region_leaves_other_feeds_alone(herne: ssa.Registry) -> None:
    soest = ssa.load(ROOT / "examples" / "kreis-soest")
    plain = load_plugins(entry_points=False)
    limited = load_plugins(entry_points=False, plugins={"soest": SoestOnly()})
    herne_feed = limited.to_ical(herne)
    assert herne_feed.value == plain.to_ical(herne).value
    soest_feed = limited.to_ical(soest)
    events = _events(soest_feed.value)
    assert events
    assert all(str(e["comment"]) == "Kreis Soest" for e in events)
    assert soest_feed.faults == ()


@pytest.mark.parametrize("plugin", [Unsafe(), DropsStart()])
def test_an_unsafe_ical_change_is_undone_and_named_once(herne: ssa.Registry, plugin: Any) -> None:
    plain = load_plugins(entry_points=False).to_ical(herne).value
    outcome = load_plugins(entry_points=False, plugins={"hostile": plugin}).to_ical(herne)
    assert outcome.value == plain
    assert outcome.faults
    assert {f.kind for f in outcome.faults} == {"unsafe"}
    assert len({(f.plugin, f.hook) for f in outcome.faults}) == len(outcome.faults)


def test_env_var_and_only_choose_and_a_missing_one_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plugins = load_plugins(only=["nowhere"])
    assert [(f.plugin, f.kind) for f in plugins.load_faults] == [("nowhere", "not-found")]
    monkeypatch.setenv(ENV_VAR, "elsewhere, ")
    assert [f.plugin for f in load_plugins().load_faults] == ["elsewhere"]
