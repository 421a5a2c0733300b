"""project new / award / rates / terms, mobility cancel / shorten, payments reverse: a real
project from an empty database, and money that stays right when plans change."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from typing import Any

from intervet_desktop.cli.context import CliContext, emit_json, out, table
from intervet_desktop.core.budget_rules import AWARD_ITEMS
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg, render
from intervet_desktop.core.money import format_cents

ACTIONS = ("KA121-VET", "KA122-VET", "KA220-VET")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("project", help="create a project and enter its grant agreement")
    actions = p.add_subparsers(dest="project_action", metavar="ACTION", required=True)
    q = actions.add_parser("new", help="a new project from its grant agreement")
    q.add_argument("--code", required=True, help="grant agreement number")
    q.add_argument("--action", required=True, help="|".join(ACTIONS))
    q.add_argument("--call-year", required=True, help="YYYY")
    q.add_argument("--start", required=True, help="YYYY-MM-DD")
    q.add_argument("--end", required=True, help="YYYY-MM-DD")
    q.add_argument("--national-agency", default="", help="e.g. FI01 (default: from the number)")
    q.add_argument("--title", default="")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_project_new)

    q = actions.add_parser("award", help="awarded amount per budget item (ITEM=EUR ...)")
    q.add_argument("--project", required=True, help="grant agreement number")
    q.add_argument("--transfer-limit", default=None, help="transfer rule in %% ('' for none)")
    q.add_argument("amounts", nargs="*", metavar="ITEM=EUR", help="items: " + ", ".join(AWARD_ITEMS))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_project_award)

    q = actions.add_parser("rates", help="the project's rate set; --confirm once checked against the annex")
    q.add_argument("--project", required=True)
    q.add_argument("--confirm", action="store_true", help="mark the rates confirmed")
    q.add_argument("--rate-set", default=None, help="ID@VERSION or #ROW to pin before confirming")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_project_rates)

    q = actions.add_parser("terms", help="participants' payment terms (preview unless --apply)")
    q.add_argument("--project", required=True)
    q.add_argument("--prefinancing", required=True, help="share in %%")
    q.add_argument("--balance-days", required=True)
    q.add_argument("--apply", action="store_true", help="save (default: preview only)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_project_terms)

    p = sub.add_parser("mobility", help="change a mobility's plan: cancel or shorten")
    actions = p.add_subparsers(dest="mobility_action", metavar="ACTION", required=True)
    q = actions.add_parser("cancel", help="cancel a mobility; its payment plan follows at once")
    q.add_argument("id", help="mobility id")
    q.add_argument("--force-majeure", action="store_true", help="keep the costs the rules allow")
    q.add_argument("--reason", required=True)
    q.add_argument("--on", default=None, help="YYYY-MM-DD (default: today)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_mobility_cancel)
    q = actions.add_parser("shorten", help="end a mobility earlier; grant and plan recomputed")
    q.add_argument("id", help="mobility id")
    q.add_argument("--end", required=True, help="YYYY-MM-DD")
    q.add_argument("--force-majeure", action="store_true")
    q.add_argument("--reason", required=True)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_mobility_shorten)

    p = sub.add_parser("payments", help="corrections to the payments ledger")
    actions = p.add_subparsers(dest="payments_action", metavar="ACTION", required=True)
    q = actions.add_parser("reverse", help="reverse a wrong payment (the original stays visible)")
    q.add_argument("id", help="payment id")
    q.add_argument("--reason", required=True)
    q.add_argument("--on", default=None, help="YYYY-MM-DD (default: today)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_payments_reverse)


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    from intervet_desktop.core.validation.dates import parse_date

    parsed = parse_date(text, option)
    if isinstance(parsed, date):
        return parsed
    raise ValidationError([parsed or Problem(option, msg("date_unreadable", value=text))])


def _int(text: str, option: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValidationError.single(option, "value_not_a_number", field=option, value=text) from None


def cmd_project_new(ctx: CliContext) -> int:
    from intervet_desktop.services.project_setup import NewProjectForm, create_project

    args = ctx.args
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for option, name in (("--start", "start"), ("--end", "end")):
        try:
            values[name] = _date(getattr(args, name), option)
        except ValidationError as exc:
            problems += exc.problems
    try:
        values["call_year"] = _int(args.call_year, "--call-year")
    except ValidationError as exc:
        problems += exc.problems
    if args.action not in ACTIONS:
        problems.append(
            Problem("--action", msg("unknown_choice", field="--action", value=args.action, choices=ACTIONS))
        )
    if problems:
        raise ValidationError(problems)
    form = NewProjectForm(
        code=args.code,
        action=args.action,
        call_year=values["call_year"],
        start_date=values["start"],
        end_date=values["end"],
        national_agency=args.national_agency,
        title=args.title,
    )
    with ctx.workspace(create=True) as ws:
        project_id = create_project(ws, form).value
    if ctx.as_json:
        emit_json({"id": project_id, "code": args.code.strip(), "action": args.action})
    else:
        out(f"Project {args.code.strip()} created (#{project_id}).")
    return 0


def cmd_project_award(ctx: CliContext) -> int:
    from intervet_desktop.services.award import AwardForm, parse_pairs, set_award
    from intervet_desktop.services.budget import project_id_by_code

    amounts = parse_pairs(ctx.args.amounts)
    with ctx.workspace() as ws:
        pid = project_id_by_code(ws, ctx.args.project)
        award = set_award(ws, pid, AwardForm(amounts, ctx.args.transfer_limit)).value
    if ctx.as_json:
        emit_json(asdict(award))
        return 0
    table(
        [[item, format_cents(cents)] for item, cents in award.items.items()],
        ["item", "awarded"],
    )
    out(f"total {format_cents(award.total_cents)} EUR")
    return 0


def cmd_project_rates(ctx: CliContext) -> int:
    from intervet_desktop.services.budget import project_id_by_code
    from intervet_desktop.services.project_rates import confirm_rates, rates_status

    with ctx.workspace() as ws:
        pid = project_id_by_code(ws, ctx.args.project)
        if ctx.args.confirm:
            status = confirm_rates(ws, pid, ctx.args.rate_set).value
        else:
            status = rates_status(ws, pid)
    if ctx.as_json:
        emit_json({**asdict(status), "confirmed": status.confirmed})
        return 0
    out(f"{status.rate_set} {status.name}")
    if status.unverified:
        out("unverified in this set: " + ", ".join(status.unverified))
    warning = status.warning()
    out(render(warning) if warning else f"confirmed on {status.confirmed_on}")
    return 0


def cmd_project_terms(ctx: CliContext) -> int:
    from intervet_desktop.services.budget import project_id_by_code
    from intervet_desktop.services.payment_terms import apply_terms, preview_terms

    args = ctx.args
    with ctx.workspace() as ws:
        pid = project_id_by_code(ws, args.project)
        preview = preview_terms(ws, pid, args.prefinancing, args.balance_days)
        replanned = apply_terms(ws, pid, args.prefinancing, args.balance_days).value if args.apply else None
    if ctx.as_json:
        emit_json(
            {
                "applied": args.apply,
                "replanned": replanned,
                "kept": preview.kept_count,
                "changed": [asdict(r) for r in preview.changed],
            }
        )
        return 0
    table(
        [
            [
                str(r.mobility_id),
                r.participant,
                format_cents(sum(r.old_open_cents)),
                format_cents(sum(r.new_open_cents)),
            ]
            for r in preview.changed
        ],
        ["mobility", "participant", "open before", "open after"],
    )
    out(f"{preview.kept_count} completed or cancelled mobilities keep their terms")
    if not args.apply:
        out("preview only: add --apply to save")
    return 0


def _plan_json(result: Any) -> dict[str, Any]:
    return {
        "mobility_id": result.mobility_id,
        "status": result.status,
        "force_majeure": result.force_majeure,
        "participant_grant_cents": result.participant_grant_cents,
        "cash_due_cents": result.plan.cash_due_cents,
        "paid_cents": result.plan.paid_cents,
        "recovery_cents": result.plan.recovery_cents,
        "outstanding_cents": result.plan.outstanding_cents,
    }


def _print_plan(result: Any) -> None:
    plan = result.plan
    out(
        f"mobility #{result.mobility_id}: {result.status}"
        + (" (force majeure)" if result.force_majeure else "")
    )
    out(f"due to the participant {format_cents(plan.cash_due_cents)}, paid {format_cents(plan.paid_cents)}")
    if plan.recovery_cents:
        out(f"to recover {format_cents(plan.recovery_cents)} EUR")


def _report_plan(ctx: CliContext, result: Any) -> int:
    """The re-planned payments after a cancel or a shortening, as JSON or as text."""
    if ctx.as_json:
        emit_json(_plan_json(result))
    else:
        _print_plan(result)
    return 0


def cmd_mobility_cancel(ctx: CliContext) -> int:
    from intervet_desktop.services.mobility_cancel import cancel_mobility

    mobility_id = _int(ctx.args.id, "ID")
    on = _date(ctx.args.on, "--on")
    with ctx.workspace() as ws:
        result = cancel_mobility(
            ws, mobility_id, ctx.args.reason, force_majeure=ctx.args.force_majeure, on_date=on
        ).value
    return _report_plan(ctx, result)


def cmd_mobility_shorten(ctx: CliContext) -> int:
    from intervet_desktop.services.mobility_cancel import shorten_mobility

    mobility_id = _int(ctx.args.id, "ID")
    end = _date(ctx.args.end, "--end")
    assert end is not None
    with ctx.workspace() as ws:
        result = shorten_mobility(
            ws, mobility_id, end, ctx.args.reason, force_majeure=ctx.args.force_majeure
        ).value
    return _report_plan(ctx, result)


def cmd_payments_reverse(ctx: CliContext) -> int:
    from intervet_desktop.services.reversals import reverse_payment

    payment_id = _int(ctx.args.id, "ID")
    on = _date(ctx.args.on, "--on")
    with ctx.workspace() as ws:
        result = reverse_payment(ws, payment_id, ctx.args.reason, on).value
    if ctx.as_json:
        emit_json({"original": asdict(result.original), "reversal": asdict(result.reversal)})
    else:
        out(
            f"payment #{result.original.id} reversed by #{result.reversal.id} "
            f"({format_cents(result.reversal.amount_eur_cents)} EUR)"
        )
    return 0
