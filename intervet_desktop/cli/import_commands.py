"""import organisations|people FILE: dry run, all or nothing, or only the valid rows."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from intervet_desktop.cli.context import CliContext, emit_json, out, warn
from intervet_desktop.core import messages
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg

if TYPE_CHECKING:
    from intervet_desktop.services.importing.report import ImportReport

messages.register("import_map_syntax", "--map takes FIELD=COLUMN (e.g. last_name=Cognome); '{value}' is not.")


KINDS = ("organisations", "people", "applications")
"""The importer's kinds (services.importing.kinds.SPECS); listed here so the command starts fast."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import",
        help="import organisations, people or a call's applications from xlsx/csv (all or nothing)",
        description="Rows with errors change nothing unless --valid-only. Exit 1 names each bad row.",
    )
    p.add_argument("kind", choices=KINDS, help="what the file holds")
    p.add_argument("file", type=Path, help="an .xlsx or .csv file")
    p.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
    p.add_argument("--valid-only", action="store_true", help="import the valid rows, skip the bad ones")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="map a field to a column (header text or letter); repeatable; saved for files like this",
    )
    p.add_argument("--call", metavar="ID|TITLE", help="applications: the call they belong to (required)")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.set_defaults(handler=cmd_import)


def _overrides(pairs: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    problems = []
    for pair in pairs:
        key, sep, column = pair.partition("=")
        if not sep or not key.strip():
            problems.append(Problem("map", msg("import_map_syntax", value=pair)))
            continue
        found[key.strip()] = column.strip()
    if problems:
        raise ValidationError(problems)
    return found


def _print(report: ImportReport) -> None:
    from intervet_desktop.services.importing.report import RowStatus

    counts = report.counts
    verb = "Would import" if not report.committed else "Imported"
    out(f"{report.path}: header on row {report.header_row}, {len(report.rows)} data rows")
    out(", ".join(f"{name}: {counts[name]}" for name in counts))
    for row in report.rows:
        if row.status is RowStatus.ERROR:
            for problem in row.problems:
                out(f"Row {row.row}, {problem.field}: {problem.message.render()}")
        elif row.status is RowStatus.DUPLICATE and row.note is not None:
            out(f"Row {row.row}: {row.note.render()}")
    if report.committed:
        done = f"{counts['created']} new and {counts['updated']} updated records"
        out(f"{verb} {done} in {report.seconds:.2f} s.")
    elif report.dry_run:
        out("Dry run: nothing was changed.")
    else:
        out("Nothing was changed: fix the rows above, or use --valid-only to import only the valid rows.")


def cmd_import(ctx: CliContext) -> int:
    args = ctx.args
    from intervet_desktop.services.importing.engine import run_import
    from intervet_desktop.services.importing.kinds import SPECS

    overrides = _overrides(args.map)
    spec = SPECS[args.kind]
    if args.kind == "applications" and not args.call:
        raise ValidationError([Problem("call", msg("field_required", field="--call"))])
    with ctx.workspace() as ws:
        if args.kind == "applications":
            from intervet_desktop.services.application_import import import_applications
            from intervet_desktop.services.calls import find_call

            call_id = find_call(ws, args.call)
            report = import_applications(
                ws, call_id, args.file, overrides=overrides, dry_run=args.dry_run
            ).value
        else:
            report = run_import(
                ws, spec, args.file, overrides=overrides, dry_run=args.dry_run, valid_only=args.valid_only
            ).value
    if ctx.as_json:
        emit_json(report.as_dict())
    else:
        _print(report)
    if report.has_errors and not (args.valid_only and report.committed):
        if not ctx.as_json:
            warn(f"Rows with errors: {len(report.errors)}.")
        return 1
    return 0
