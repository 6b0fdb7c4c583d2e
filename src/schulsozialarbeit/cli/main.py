"""The command line: parse, call the public API, print. Nothing here that a library user lacks.

Exit status: 0 success, 1 validation errors (or warnings with ``--strict``), 2 unreadable
input, a bad command line or an output that cannot be written (a plugin's exporter that
failed included). A user never sees a traceback for bad input: every error of the library
becomes one message on stderr, and every plugin fault one warning line, once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, TextIO

from ..examples.names import EXAMPLES
from ..figures.step import STEPS
from ..i18n import Lang, message, resolve_lang
from .export import add_export_options, add_privacy_option, export
from .imports import add_import
from .output import warn, write_output

if TYPE_CHECKING:
    from ..errors import StructureError
    from ..figures import KeyFigures
    from ..model import Registry
    from ..plugins import Plugins
    from ..validation import Issue, ValidationReport

# Each command imports what it uses when it runs (cattrs to load, dateutil and the holiday
# tables to schedule, icalendar for feeds, openpyxl for XLSX; even pathlib), so that
# ``--help`` and every command start without the others: tests/test_startup.py checks which
# modules each loads.

EXIT_OK = 0
EXIT_ISSUES = 1
EXIT_UNREADABLE = 2


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def _date_range(text: str) -> tuple[date, date]:
    """``FROM..TO`` with ISO dates, FROM not after TO."""
    first, dots, last = text.partition("..")
    if not dots:
        raise argparse.ArgumentTypeError(f"not a date range FROM..TO: {text!r}")
    start, end = _iso_date(first), _iso_date(last)
    if end < start:
        raise argparse.ArgumentTypeError(f"the range ends before it starts: {text!r}")
    return start, end


def _structure_issues(error: StructureError, source: str) -> tuple[Issue, ...]:
    """Structural problems as validation issues, so `validate` lists them with the rest."""
    from ..validation import Issue, Severity

    return tuple(
        Issue(
            code=problem.key,
            severity=Severity.ERROR,
            entity=None,
            path=problem.located(source),
            params=problem.params,
        )
        for problem in error.problems
    )


def _issue_line(issue: Issue, lang: Lang) -> str:
    severity = message(f"severity.{issue.severity.value}", lang)
    where = issue.path + (f" ({issue.entity})" if issue.entity else "")
    return f"{severity}: {where}: {issue.message(lang)} [{issue.code}]"


def _validate(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
    import attrs

    from ..errors import StructureError, in_file
    from ..files import load_located
    from ..validation import Severity, ValidationReport

    reports: list[tuple[str, ValidationReport]] = []
    for path in args.paths:
        try:
            registry, locate = load_located(path)
        except StructureError as error:
            as_of = args.as_of or date.today()
            reports.append(
                (path, ValidationReport(as_of=as_of, issues=_structure_issues(error, path)))
            )
            continue
        report = args.plugins.validate(registry, as_of=args.as_of)
        located = tuple(
            attrs.evolve(issue, path=in_file(*locate(issue.path), path)) for issue in report.issues
        )
        reports.append((path, attrs.evolve(report, issues=located)))
    issues = [(path, issue) for path, report in reports for issue in report.issues]
    errors = sum(1 for _, i in issues if i.severity is Severity.ERROR)
    warnings = sum(1 for _, i in issues if i.severity is Severity.WARNING)
    failed = errors > 0 or (args.strict and warnings > 0)
    if args.format == "json":
        from ..i18n.text import json_text

        rendered = [
            {**issue.to_dict(lang), "source": path} if len(reports) > 1 else issue.to_dict(lang)
            for path, issue in issues
        ]
        stdout.write(json_text({"ok": not failed, "issues": rendered}))
    else:
        for path, issue in issues:
            prefix = f"{path}: " if len(reports) > 1 else ""
            stdout.write(prefix + _issue_line(issue, lang) + "\n")
        infos = len(issues) - errors - warnings
        summary = "validate-summary-ok" if not failed else "validate-summary-failed"
        stdout.write(message(summary, lang, errors=errors, warnings=warnings, infos=infos) + "\n")
    return EXIT_ISSUES if failed else EXIT_OK


def _report_conflict(args: argparse.Namespace) -> str | None:
    """The options of ``report`` that cannot go together: none is accepted and ignored."""
    if args.compare is not None and args.history is not None:
        return "report-compare-and-history"
    if args.history is not None and args.as_of is not None:
        return "report-history-and-as-of"
    if args.every is not None and args.history is None:
        return "report-every-without-history"
    over_time = args.compare is not None or args.history is not None
    if over_time and args.privacy == "internal":
        return "report-over-time-is-public"
    return None


def _report(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
    conflict = _report_conflict(args)
    if conflict is not None:
        sys.stderr.write(message(conflict, lang) + "\n")
        return EXIT_UNREADABLE
    from ..figures import render_report
    from ..files import load

    registry = load(args.path)
    if args.compare is not None or args.history is not None:
        return _report_over_time(args, registry, lang, stdout)
    figures = args.plugins.key_figures(registry, as_of=args.as_of)
    if args.format == "html":
        from ..exports import to_html

        page = to_html(registry, privacy=args.privacy, lang=lang, figures=figures)
        write_output(page.encode("utf-8"), args.output, stdout)
        return EXIT_OK
    if args.format == "xlsx":
        from ..exports import to_xlsx

        book = to_xlsx(registry, privacy=args.privacy, lang=lang, figures=figures)
        write_output(book, args.output, stdout)
        return EXIT_OK
    write_output(render_report(figures, args.format, lang).encode("utf-8"), args.output, stdout)
    return EXIT_OK


def _report_over_time(
    args: argparse.Namespace, registry: Registry, lang: Lang, stdout: TextIO
) -> int:
    """``report --compare`` and ``report --history``: one core computation, every format."""
    from .. import exports
    from ..figures import compare, history, render_comparison, render_history

    def figures_at(day: date) -> KeyFigures:
        return args.plugins.key_figures(registry, as_of=day)  # type: ignore[no-any-return]

    payload: bytes
    if args.compare is not None:
        as_of = args.as_of or date.today()
        comparison = compare(registry, as_of=as_of, earlier=args.compare, figures_at=figures_at)
        if args.format == "html":
            payload = exports.comparison_html(comparison, lang).encode("utf-8")
        elif args.format == "xlsx":
            payload = exports.comparison_xlsx(comparison, lang)
        else:
            payload = render_comparison(comparison, args.format, lang).encode("utf-8")
    else:
        start, end = args.history
        found = history(
            registry, start=start, end=end, every=args.every or "year", figures_at=figures_at
        )
        if args.format == "html":
            payload = exports.history_html(found, lang).encode("utf-8")
        elif args.format == "xlsx":
            payload = exports.history_xlsx(found, lang)
        else:
            payload = render_history(found, args.format, lang).encode("utf-8")
    write_output(payload, args.output, stdout)
    return EXIT_OK


def _occurrences(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
    from ..files import load
    from ..scheduling import occurrence_line

    registry = load(args.path)
    outcome = args.plugins.occurrences(registry, series=args.series, start=args.start, end=args.end)
    found = outcome.value
    if args.format == "json":
        from ..scheduling import occurrences_json

        stdout.write(occurrences_json(args.series, found, lang))
    else:
        stdout.writelines(occurrence_line(o, lang) + "\n" for o in found)
    return EXIT_OK


def _init(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
    from pathlib import Path

    from ..examples import write_example

    written = write_example(args.example, Path(args.directory))
    stdout.write(message("init-done", lang, directory=args.directory, files=len(written)) + "\n")
    return EXIT_OK


def _plugins(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
    loaded: Plugins = args.plugins
    infos, faults = loaded.info(), loaded.load_faults
    status = EXIT_ISSUES if faults else EXIT_OK
    described = {
        name: exporter.description.render(lang)
        for name, exporter in loaded.exporters().value.items()
        if exporter.description is not None
    }
    if args.format == "json":
        document = {
            "plugins": [
                {
                    "name": i.name,
                    "version": i.version,
                    "hooks": list(i.hooks),
                    "formats": list(i.formats),
                    "descriptions": {f: described[f] for f in i.formats if f in described},
                }
                for i in infos
            ],
            "faults": [
                {"plugin": f.plugin, "kind": f.kind, "hook": f.hook, "message": f.message(lang)}
                for f in faults
            ],
        }
        from ..i18n.text import json_text

        stdout.write(json_text(document))
        return status
    stdout.write(message("plugins-header", lang) + "\n")
    for info in infos:
        version = f" {info.version}" if info.version else ""
        hooks = ", ".join(info.hooks) or message("plugins-no-hooks", lang)
        formats = message("plugins-formats", lang, formats=", ".join(info.formats))
        stdout.write(f"  {info.name}{version}: {hooks}{formats if info.formats else ''}\n")
        stdout.writelines(
            f"    {name}: {described[name]}\n" for name in info.formats if name in described
        )
    if faults:
        stdout.write(message("plugins-faults", lang) + "\n")
        stdout.writelines(f"  {fault.message(lang)}\n" for fault in faults)
    return status


def _ical(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
    from ..files import load

    registry = load(args.path)
    outcome = args.plugins.to_ical(
        registry,
        network=args.network,
        series=args.series,
        audience=args.audience,
        mode=args.mode,
        start=args.start,
        end=args.end,
    )
    write_output(outcome.value, args.output, stdout)
    return EXIT_OK


def _feeds(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
    from ..files import load

    registry = load(args.path)
    outcome = args.plugins.write_feeds(
        registry,
        args.outdir,
        audience=args.audience,
        mode=args.mode,
        base_url=args.base_url,
        as_of=args.as_of,
        lang=lang,
    )
    written = outcome.value
    count = len(written) - 1
    stdout.write(message("feed-written", lang, count=count, directory=args.outdir) + "\n")
    return EXIT_OK


Command = Callable[[argparse.Namespace, Lang, TextIO], int]


def _parser(lang: Lang) -> argparse.ArgumentParser:
    def text(key: str) -> str:
        return message(key, lang)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--no-plugins", action="store_true", default=argparse.SUPPRESS, help=text("help-no-plugins")
    )
    common.add_argument(
        "--plugin",
        action="append",
        metavar="NAME",
        dest="only_plugins",
        default=argparse.SUPPRESS,
        help=text("help-plugin"),
    )
    common.add_argument(
        "--lang", choices=("de", "en"), default=argparse.SUPPRESS, help=text("help-lang")
    )
    common.add_argument(
        "--hook-timeout",
        type=float,
        metavar="SECONDS",
        default=argparse.SUPPRESS,
        help=text("help-hook-timeout"),
    )
    parser = argparse.ArgumentParser(
        prog="schulsozialarbeit", description=text("help-program"), parents=[common]
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Command) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, parents=[common], help=text(f"help-{name}"), description=text(f"help-{name}")
        )
        sub.set_defaults(run=run)
        return sub

    check = command("validate", _validate)
    check.add_argument("paths", nargs="+", metavar="PATH", help=text("help-path"))
    check.add_argument("--as-of", type=_iso_date, help=text("help-as-of"))
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--strict", action="store_true", help=text("help-strict"))

    report = command("report", _report)
    report.add_argument("path", metavar="PATH", help=text("help-path"))
    report.add_argument("--as-of", type=_iso_date, help=text("help-as-of"))
    report.add_argument("--compare", type=_iso_date, metavar="DATE", help=text("help-compare"))
    report.add_argument(
        "--history", type=_date_range, metavar="FROM..TO", help=text("help-history")
    )
    report.add_argument("--every", choices=STEPS, help=text("help-every"))
    report.add_argument(
        "--format", choices=("text", "json", "markdown", "html", "xlsx"), default="text"
    )
    add_privacy_option(report, lang)
    report.add_argument("-o", "--output", metavar="FILE", help=text("help-output"))

    exporter = command("export", export)
    exporter.add_argument("path", metavar="PATH", help=text("help-path"))
    exporter.add_argument("--format", required=True, help=text("help-export-format"))
    add_export_options(exporter, lang, _iso_date)
    exporter.add_argument("-o", "--output", metavar="FILE", help=text("help-output"))

    dates = command("occurrences", _occurrences)
    dates.add_argument("path", metavar="PATH", help=text("help-path"))
    dates.add_argument("--series", required=True, help=text("help-occurrences-series"))
    dates.add_argument("--from", dest="start", type=_iso_date, help=text("help-occurrences-from"))
    dates.add_argument("--to", dest="end", type=_iso_date, help=text("help-occurrences-to"))
    dates.add_argument("--format", choices=("text", "json"), default="text")

    feed = command("ical", _ical)
    feed.add_argument("path", metavar="PATH", help=text("help-path"))
    feed.add_argument("--network", help=text("help-feed-network"))
    feed.add_argument("--series", help=text("help-feed-series"))
    feed.add_argument("--from", dest="start", type=_iso_date, help=text("help-feed-from"))
    feed.add_argument("--to", dest="end", type=_iso_date, help=text("help-feed-to"))
    feed.add_argument("-o", "--output", metavar="FILE", help=text("help-output"))
    folder = command("feeds", _feeds)
    folder.add_argument("path", metavar="PATH", help=text("help-path"))
    folder.add_argument("outdir", metavar="OUTDIR", help=text("help-feed-outdir"))
    folder.add_argument("--base-url", metavar="URL", help=text("help-feed-base-url"))
    folder.add_argument("--as-of", type=_iso_date, help=text("help-feed-as-of"))
    for each in (feed, folder):
        each.add_argument(
            "--audience",
            choices=("public", "internal"),
            default="public",
            help=text("help-feed-audience"),
        )
        each.add_argument(
            "--mode",
            choices=("expanded", "rrule"),
            default="expanded",
            help=text("help-feed-mode"),
        )

    plugins = command("plugins", _plugins)
    plugins.add_argument("--format", choices=("text", "json"), default="text")
    plugins.set_defaults(reports_faults=True)
    check.set_defaults(reports_faults=True)

    add_import(commands, common, text)

    init = command("init", _init)
    init.add_argument("directory", metavar="DIR", help=text("help-init-dir"))
    init.add_argument("--example", choices=EXAMPLES, default="herne", help=text("help-example"))
    return parser


def _early_lang(argv: Sequence[str]) -> Lang:
    """The language, known before parsing, so that help and errors are in it too."""
    for index, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return _safe_lang(arg.partition("=")[2])
        if arg == "--lang" and index + 1 < len(argv):
            return _safe_lang(argv[index + 1])
    return resolve_lang()


def _safe_lang(value: str) -> Lang:
    try:
        return resolve_lang(value)
    except ValueError:
        return resolve_lang()


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting, for embedding."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    out = sys.stdout if stdout is None else stdout
    lang = _early_lang(arguments)
    try:
        args = _parser(lang).parse_args(arguments)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else EXIT_UNREADABLE
    run: Command = args.run
    only = getattr(args, "only_plugins", None)
    from ..errors import SchulsozialarbeitError
    from ..plugins import load_plugins
    from .guard import DEFAULT_HOOK_TIMEOUT, Watchdog, user_interrupts

    with user_interrupts() as user_interrupted:
        args.plugins = load_plugins(
            entry_points=not getattr(args, "no_plugins", False),
            only=only,
            user_interrupted=user_interrupted,
        )
    missing = [f for f in args.plugins.load_faults if f.kind == "not-found"]
    if only is not None and missing:
        for fault in missing:
            sys.stderr.write(fault.message(lang) + "\n")
        return EXIT_UNREADABLE
    watchdog = Watchdog(args.plugins, getattr(args, "hook_timeout", DEFAULT_HOOK_TIMEOUT), lang)
    with args.plugins.collecting() as collected:
        try:
            with watchdog.watching():
                return run(args, lang, out)
        except KeyboardInterrupt:
            if watchdog.fired is None:
                raise
            sys.stderr.write(watchdog.message() + "\n")
            return EXIT_UNREADABLE
        except SchulsozialarbeitError as error:
            sys.stderr.write(error.message(lang) + "\n")
            return EXIT_UNREADABLE
        except OSError as error:
            detail = error.strerror or str(error)
            problem = message("write-failed", lang, file=error.filename, detail=detail)
            sys.stderr.write(problem + "\n")
            return EXIT_UNREADABLE
        finally:
            # Every fault once, whichever calls met it; validate and plugins show their own.
            if not getattr(args, "reports_faults", False):
                warn((*args.plugins.load_faults, *collected()), lang)
