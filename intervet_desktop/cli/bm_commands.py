"""The Beneficiary Module: ``export bm``, ``bm check`` (pre-flight only) and ``bm reconcile``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from intervet_desktop.cli.context import CliContext, emit_json, out, warn
from intervet_desktop.cli.export_kinds import SubParsers, kinds
from intervet_desktop.core.messages import counted, msg
from intervet_desktop.core.money import format_cents

if TYPE_CHECKING:
    from intervet_desktop.services.bm import BmProblem

# the help text of the message services.bm registers as bm_default_columns_guess (that module
# is too heavy to import for --help)
EXPORT_BM_DESCRIPTION = (
    "The columns are InterVET's best guess from the documented BM fields. A fresh export from the "
    "Beneficiary Module (Import-export section) is the reference: pass it as the template so the file "
    "follows the BM's current headers and order."
)


def register(sub: SubParsers) -> None:
    p = kinds(sub).add_parser(
        "bm",
        help="the Beneficiary Module import file (xlsx or csv), checked first",
        description=EXPORT_BM_DESCRIPTION,
    )
    p.add_argument("--project", required=True, metavar="CODE", help="grant agreement number")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help=".xlsx or .csv")
    p.add_argument(
        "--template", type=Path, metavar="BM_EXPORT", help="a fresh export from the BM (.xlsx/.csv)"
    )
    p.add_argument(
        "--greece", choices=("EL", "GR"), type=str.upper, help="how Greece is written (default: setting, EL)"
    )
    p.add_argument("--force", action="store_true", help="write even when the pre-flight check finds problems")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_export_bm)

    bm = sub.add_parser("bm", help="Beneficiary Module: pre-flight check and reconciliation")
    actions = bm.add_subparsers(dest="bm_action", metavar="ACTION", required=True)
    p = actions.add_parser("check", help="the pre-flight check alone (writes nothing)")
    p.add_argument("--project", required=True, metavar="CODE")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_check)
    p = actions.add_parser("reconcile", help="compare a file exported from the BM with the local data")
    p.add_argument("--project", required=True, metavar="CODE")
    p.add_argument("file", type=Path, help="the BM export (.xlsx or .csv)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_reconcile)


def _print_problems(problems: list[BmProblem]) -> None:
    for problem in problems:
        warn("  " + problem.render())


def cmd_export_bm(ctx: CliContext) -> int:
    from intervet_desktop.services.bm import PreflightFailed, export_bm

    args = ctx.args
    with ctx.workspace() as ws:
        try:
            report = export_bm(
                ws, args.project, args.output, template=args.template, greece=args.greece, force=args.force
            )
        except PreflightFailed as failed:
            if ctx.as_json:
                emit_json({"written": False, "problems": [p.as_dict() for p in failed.bm_problems]})
            else:
                warn(f"Pre-flight check: {counted(len(failed.bm_problems), 'problem', 'problems')}.")
                _print_problems(failed.bm_problems)
                warn(msg("bm_preflight_failed", count=len(failed.bm_problems)).render())
            return 1
    if ctx.as_json:
        emit_json({"written": True, **report.as_dict()})
        return 0
    if report.problems:
        warn(
            f"Pre-flight check: {counted(len(report.problems), 'problem', 'problems')}, "
            "written anyway (--force):"
        )
        _print_problems(report.problems)
    else:
        out("Pre-flight check: no problems.")
    for note in report.notes:
        out(note.render())
    return 0


def cmd_check(ctx: CliContext) -> int:
    from intervet_desktop.services.bm import check_project

    with ctx.workspace() as ws:
        _project, rows, problems = check_project(ws, ctx.args.project)
    if ctx.as_json:
        emit_json({"mobilities": len(rows), "problems": [p.as_dict() for p in problems]})
    elif problems:
        out(f"{len(rows)} mobilities checked, {counted(len(problems), 'problem', 'problems')}:")
        for problem in problems:
            out("  " + problem.render())
    else:
        out(f"{len(rows)} mobilities checked: no problems.")
    return 1 if problems else 0


def cmd_reconcile(ctx: CliContext) -> int:
    from intervet_desktop.services.bm_reconcile import reconcile

    with ctx.workspace() as ws:
        result = reconcile(ws, ctx.args.project, ctx.args.file)
    if ctx.as_json:
        emit_json(result.as_dict())
        return 0
    out(
        f"{result.path}: {counted(result.rows_read, 'row', 'rows')} read, "
        f"{result.matched} mobilities matched "
        f"with project {result.project_code}."
    )
    for note in result.notes:
        out(note.render())
    if result.in_step:
        out("The BM and InterVET agree on every compared field.")
        return 0
    if result.only_in_bm:
        out(f"Only in the BM ({len(result.only_in_bm)}):")
        for u in result.only_in_bm:
            out(f"  {u.bm_activity_id}  {u.participant}  (row {u.row})")
    if result.only_local:
        out(f"Only here ({len(result.only_local)}):")
        for u in result.only_local:
            out(f"  {u.bm_activity_id or '(no BM id)'}  {u.participant}")
    if result.differences:
        out(f"Fields that differ ({len(result.differences)}):")
        for d in result.differences:
            hint = "" if d.applicable else "  (change by hand)"
            out(f"  {d.bm_activity_id}  {d.participant}  {d.label}: here '{d.local}', BM '{d.bm}'{hint}")
    if result.amounts:
        out(f"Amounts the BM computed differently ({len(result.amounts)}):")
        for a in result.amounts:
            out(
                f"  {a.bm_activity_id}  {a.participant}  {a.item}: here {format_cents(a.local_cents)}, "
                f"BM {format_cents(a.bm_cents)}"
            )
    org = result.organisational_support
    if org is not None:
        state = "differs" if org.differs else "agrees"
        out(
            f"Organisational support, project total ({state}): here {format_cents(org.local_cents)}, "
            f"BM {format_cents(org.bm_cents)}"
        )
    return 0
