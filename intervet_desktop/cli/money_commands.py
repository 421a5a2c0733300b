"""budget, payments-due and fx-rate: the money figures without the window."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date

from intervet_desktop.cli.context import CliContext, emit_json, out, table
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.messages import render
from intervet_desktop.core.money import format_cents


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("budget", help="budget of a project: awarded, committed, realised, room to transfer")
    p.add_argument("--project", required=True, help="grant agreement number")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_budget)

    p = sub.add_parser("payments-due", help="payments to participants due soon, overdue first")
    p.add_argument("--days", type=int, default=30, help="window in days (default 30)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_payments_due)

    p = sub.add_parser("fx-rate", help="enter a month's InforEuro rate (units of CURRENCY for one euro)")
    p.add_argument("currency")
    p.add_argument("month", help="YYYY-MM")
    p.add_argument("rate")
    p.set_defaults(handler=cmd_fx_rate)


def cmd_budget(ctx: CliContext) -> int:
    from intervet_desktop.services.budget import project_budget, project_id_by_code
    from intervet_desktop.services.work_packages import lump_sum_budget

    with ctx.workspace() as ws:
        budget = project_budget(ws, project_id_by_code(ws, ctx.args.project))
        lump = lump_sum_budget(ws, budget.project_id) if budget.lump_sum else None
    if ctx.as_json:
        data = asdict(budget)
        data["warnings"] = [render(w) for w in budget.warnings]
        if lump is not None:  # KA220: work packages and transfers instead of unit-cost items
            data["work_packages"] = [asdict(w) for w in lump.work_packages]
            data["partners"] = [asdict(p) for p in lump.partners]
        emit_json(data)
        return 0
    if lump is not None:
        table(
            [
                [
                    w.code,
                    w.title,
                    format_cents(w.lump_sum_cents),
                    f"{w.completion_pct} %",
                    format_cents(w.costs_cents),
                ]
                for w in lump.work_packages
            ],
            ["work package", "title", "lump sum", "completion", "costs"],
        )
        out()
        table(
            [
                [
                    p.organisation,
                    p.role,
                    format_cents(p.lump_share_cents),
                    format_cents(p.transferred_cents),
                    format_cents(p.at_risk_cents),
                ]
                for p in lump.partners
            ],
            ["partner", "role", "share", "transferred", "at risk"],
        )
        return 0
    rows = [
        [
            f.item,
            format_cents(f.awarded_cents),
            format_cents(f.committed_cents),
            format_cents(f.realised_cents),
            format_cents(f.remaining_cents),
            format_cents(f.room.room_cents) if f.room else "",
        ]
        for f in (*budget.items, budget.total)
    ]
    table(rows, ["item", "awarded", "committed", "realised", "remaining", "room"])
    for warning in budget.warnings:
        out("! " + render(warning))
    return 0


def cmd_payments_due(ctx: CliContext) -> int:
    from intervet_desktop.services.payments import payments_due

    if not 0 <= ctx.args.days <= 366:
        raise ValidationError.single(
            "days", "value_out_of_range", field="--days", min=0, max=366, value=ctx.args.days
        )
    with ctx.workspace() as ws:
        due = payments_due(ws, days=ctx.args.days)
    if ctx.as_json:
        emit_json({**asdict(due), "rows": [asdict(r) for r in due.rows]})
        return 0
    table(
        [
            [
                r.due_date.isoformat(),
                str(r.mobility_id),
                r.kind,
                format_cents(r.amount_eur_cents),
                str(r.days_overdue),
            ]
            for r in due.rows
        ],
        ["due", "mobility", "kind", "EUR", "days overdue"],
    )
    out(f"{due.count} due, {format_cents(due.total_cents)} EUR, {due.overdue_count} overdue")
    return 0


def cmd_fx_rate(ctx: CliContext) -> int:
    from intervet_desktop.services import fx

    try:
        month = date.fromisoformat(f"{ctx.args.month}-01")
    except ValueError:
        raise ValidationError.single("month", "month_invalid", field="month", value=ctx.args.month) from None
    with ctx.workspace() as ws:
        row = fx.set_rate(ws, ctx.args.currency, month, ctx.args.rate).value
    out(f"{row.currency} {row.month:%Y-%m}: {row.rate} per EUR")
    return 0
