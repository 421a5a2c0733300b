"""export KIND: spreadsheets and reports (finance workbook, final-report statistics, lists).

The kinds join the shared ``export`` command (cli/export_kinds.py), beside ``export bm``. Each
kind's handler is its own ``cmd_export_<kind>``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from intervet_desktop.cli.context import CliContext, emit_json, out
from intervet_desktop.cli.export_kinds import SubParsers
from intervet_desktop.cli.export_kinds import kinds as export_kinds
from intervet_desktop.core.errors import ValidationError

if TYPE_CHECKING:
    from intervet_desktop.services.report_exports import ExportDone


def register(sub: SubParsers) -> None:
    kinds = export_kinds(sub)

    k = kinds.add_parser("finance", help="finance workbook of a project (.xlsx)")
    k.add_argument("--project", required=True, help="grant agreement number")
    _output(k)
    k.set_defaults(handler=cmd_export_finance)

    k = kinds.add_parser(
        "stats", help="final-report statistics of a project (.xlsx tables or .pdf with charts)"
    )
    k.add_argument("--project", required=True, help="grant agreement number")
    _output(k)
    k.set_defaults(handler=cmd_export_stats)

    k = kinds.add_parser("people", help="people list (.xlsx or .csv; never sensitive fields)")
    k.add_argument("--project", help="only the people with a mobility in this project")
    _output(k)
    k.set_defaults(handler=cmd_export_people)

    k = kinds.add_parser("hosts", help="host directory (.xlsx or .csv)")
    _output(k)
    k.set_defaults(handler=cmd_export_hosts)

    k = kinds.add_parser("payments-due", help="payments to participants due soon and overdue (.xlsx or .csv)")
    k.add_argument("--days", type=int, default=30, help="window in days (default 30)")
    _output(k)
    k.set_defaults(handler=cmd_export_payments_due)

    k = kinds.add_parser("budget", help="budget report of a project (.pdf)")
    k.add_argument("--project", required=True, help="grant agreement number")
    _output(k)
    k.set_defaults(handler=cmd_export_budget)


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def _report(ctx: CliContext, done: ExportDone) -> int:
    if ctx.as_json:
        emit_json({"path": str(done.path), "rows": done.rows})
    else:
        out(f"{done.path}: {done.rows} rows")
    return 0


def cmd_export_finance(ctx: CliContext) -> int:
    from intervet_desktop.services.budget import project_id_by_code
    from intervet_desktop.services.report_exports import export_finance

    with ctx.workspace(readonly_ok=True) as ws:
        done = export_finance(ws, project_id_by_code(ws, ctx.args.project), ctx.args.output)
    return _report(ctx, done)


def cmd_export_stats(ctx: CliContext) -> int:
    from intervet_desktop.services.budget import project_id_by_code
    from intervet_desktop.services.report_exports import export_stats

    with ctx.workspace(readonly_ok=True) as ws:
        done = export_stats(ws, project_id_by_code(ws, ctx.args.project), ctx.args.output)
    return _report(ctx, done)


def cmd_export_people(ctx: CliContext) -> int:
    from intervet_desktop.services.budget import project_id_by_code
    from intervet_desktop.services.report_exports import export_people

    with ctx.workspace(readonly_ok=True) as ws:
        project_id = project_id_by_code(ws, ctx.args.project) if ctx.args.project else None
        done = export_people(ws, project_id, ctx.args.output)
    return _report(ctx, done)


def cmd_export_hosts(ctx: CliContext) -> int:
    from intervet_desktop.services.report_exports import export_hosts

    with ctx.workspace(readonly_ok=True) as ws:
        done = export_hosts(ws, ctx.args.output)
    return _report(ctx, done)


def cmd_export_payments_due(ctx: CliContext) -> int:
    from intervet_desktop.services.report_exports import export_payments_due

    if not 0 <= ctx.args.days <= 366:
        raise ValidationError.single(
            "days", "value_out_of_range", field="--days", min=0, max=366, value=ctx.args.days
        )
    with ctx.workspace(readonly_ok=True) as ws:
        done = export_payments_due(ws, ctx.args.output, days=ctx.args.days)
    return _report(ctx, done)


def cmd_export_budget(ctx: CliContext) -> int:
    from intervet_desktop.services.budget import project_id_by_code
    from intervet_desktop.services.report_exports import export_budget

    with ctx.workspace(readonly_ok=True) as ws:
        done = export_budget(ws, project_id_by_code(ws, ctx.args.project), ctx.args.output)
    return _report(ctx, done)
