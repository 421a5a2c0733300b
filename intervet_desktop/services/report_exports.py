"""Exports that read the workspace and write a file: one function per kind, shared by the CLI and
the Exports page (which runs them on a worker with a ``tick(done, total)`` that may cancel)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.reports.budget_pdf import write_budget_pdf
from intervet_desktop.exports.reports.stats import write_stats_pdf, write_stats_xlsx
from intervet_desktop.exports.reports.table_file import write_table_file
from intervet_desktop.exports.xlsx.finance import write_finance_workbook
from intervet_desktop.services.budget import project_budget
from intervet_desktop.services.finance_export import (
    finance_head,
    mobility_rows,
    na_payment_rows,
    payment_rows,
)
from intervet_desktop.services.list_exports import (
    DUE_COLUMNS,
    HOST_COLUMNS,
    PEOPLE_COLUMNS,
    due_rows,
    host_rows,
    people_rows,
)
from intervet_desktop.services.report_stats import project_stats
from intervet_desktop.services.work_packages import partnership_report

Tick = Callable[[int, int], None]

register("export_wrong_suffix", "Choose a file name ending in {suffixes}.")


@dataclass(frozen=True)
class ExportDone:
    path: Path
    rows: int


def require_suffix(target: Path, *suffixes: str) -> str:
    suffix = target.suffix.lower()
    if suffix not in suffixes:
        raise ValidationError([Problem("output", msg("export_wrong_suffix", suffixes=", ".join(suffixes)))])
    return suffix


def export_finance(
    workspace: Workspace,
    project_id: int,
    target: Path,
    *,
    today: date | None = None,
    tick: Tick | None = None,
) -> ExportDone:
    require_suffix(target, ".xlsx")
    today = today or date.today()
    head = finance_head(workspace, project_id)
    lump = project_budget(workspace, project_id).lump_sum
    rows = write_finance_workbook(
        target,
        head,
        mobility_rows(workspace, project_id),
        payment_rows(workspace, project_id),
        payment_rows(workspace, project_id, open_only=True),
        na_payment_rows(workspace, project_id),
        today=today,
        tick=tick,
        partnership=partnership_report(workspace, project_id) if lump else None,
    )
    return ExportDone(target, rows)


def export_stats(
    workspace: Workspace,
    project_id: int,
    target: Path,
    *,
    today: date | None = None,
    tick: Tick | None = None,
) -> ExportDone:
    suffix = require_suffix(target, ".xlsx", ".pdf")
    today = today or date.today()
    report = project_stats(workspace, project_id)
    if tick is not None:
        tick(1, 2)
    if suffix == ".pdf":
        rows = write_stats_pdf(target, report, today)
    else:
        rows = write_stats_xlsx(target, report, today)
    return ExportDone(target, rows)


def export_people(
    workspace: Workspace, project_id: int | None, target: Path, *, today: date | None = None
) -> ExportDone:
    require_suffix(target, ".xlsx", ".csv")
    today = today or date.today()
    header = "People"
    if project_id is not None:
        header = f"People of {finance_head(workspace, project_id).code}"
    rows = write_table_file(
        target,
        "People",
        PEOPLE_COLUMNS,
        people_rows(workspace, project_id),
        header_text=header,
        exported_on=today,
    )
    return ExportDone(target, rows)


def export_hosts(workspace: Workspace, target: Path, *, today: date | None = None) -> ExportDone:
    require_suffix(target, ".xlsx", ".csv")
    today = today or date.today()
    rows = write_table_file(
        target, "Hosts", HOST_COLUMNS, host_rows(workspace), header_text="Host directory", exported_on=today
    )
    return ExportDone(target, rows)


def export_payments_due(
    workspace: Workspace, target: Path, *, days: int = 30, today: date | None = None
) -> ExportDone:
    require_suffix(target, ".xlsx", ".csv")
    today = today or date.today()
    rows = write_table_file(
        target,
        "Payments due",
        DUE_COLUMNS,
        due_rows(workspace, today, days),
        header_text=f"Payments due within {days} days and overdue",
        exported_on=today,
    )
    return ExportDone(target, rows)


def export_budget(
    workspace: Workspace, project_id: int, target: Path, *, today: date | None = None
) -> ExportDone:
    require_suffix(target, ".pdf")
    today = today or date.today()
    budget = project_budget(workspace, project_id)
    partnership = partnership_report(workspace, project_id) if budget.lump_sum else None
    return ExportDone(target, write_budget_pdf(target, budget, today, partnership))
