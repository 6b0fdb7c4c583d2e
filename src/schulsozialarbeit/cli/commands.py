"""What each command does once its arguments are parsed: load, call the public API, print.

Apart from the command line's parser (:mod:`.parser`), so that ``--help`` and the parsing
of a command line import none of this; each function imports what it uses when it runs.
Each is a :data:`~.parser.Command`, returning the exit status.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, TextIO

from ..i18n import Lang, message
from .output import EXIT_ISSUES, EXIT_OK, EXIT_UNREADABLE, write_output

if TYPE_CHECKING:
    from ..errors import StructureError
    from ..figures import KeyFigures
    from ..model import Registry
    from ..plugins import Plugins
    from ..validation import Issue, ValidationReport


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


def validate(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
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


def report(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
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


def occurrences(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
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


def init(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
    from pathlib import Path

    from ..examples import write_example

    written = write_example(args.example, Path(args.directory))
    stdout.write(message("init-done", lang, directory=args.directory, files=len(written)) + "\n")
    return EXIT_OK


def plugins(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
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


def ical(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
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


def feeds(args: argparse.Namespace, lang: Lang, stdout: TextIO) -> int:
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
