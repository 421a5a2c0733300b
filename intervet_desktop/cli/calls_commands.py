"""calls list | status CALL PHASE [--reason] | history CALL | evaluator CALL NAME --person ID |
score CALL APPLICATION CRITERION EVALUATOR POINTS | rank CALL | appeal CALL APPLICATION --reason
[--lodged-on] | decide CALL APPLICATION --upheld|--rejected --reason | rescore CALL APPLICATION
CRITERION EVALUATOR POINTS --reason [--keep N] [--demote N] [--apply] |
publish CALL -o DIR [--names] [--letters] [--provisional|--final]."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from pathlib import Path

from intervet_desktop.cli.context import CliContext, emit_json, out, table


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("calls", help="calls for applications: list, rank, publish the ranking")
    calls_sub = p.add_subparsers(dest="calls_command", required=True, metavar="COMMAND")

    q = calls_sub.add_parser("list", help="calls with their status and number of applications")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q.set_defaults(handler=cmd_list)

    q = calls_sub.add_parser(
        "status",
        help="move a call to its next phase (draft, open, closed, evaluated, provisional, published...)",
        description="Each phase allows only its next steps; going back needs --reason. "
        "Kept in the call's history.",
    )
    q.add_argument("call", metavar="CALL", help="call id or exact title")
    q.add_argument("phase", metavar="PHASE", help="the phase to go to")
    q.add_argument("--reason", default="", help="why (required to go back a phase)")
    q.set_defaults(handler=cmd_status)

    q = calls_sub.add_parser("history", help="the call's phases with who, when and why")
    q.add_argument("call", metavar="CALL", help="call id or exact title")
    q.set_defaults(handler=cmd_history)

    q = calls_sub.add_parser(
        "evaluator", help="link an evaluator to a person (an applicant to the call is refused)"
    )
    q.add_argument("call", metavar="CALL", help="call id or exact title")
    q.add_argument("name", metavar="NAME", help="evaluator name as on the call")
    q.add_argument("--person", type=int, required=True, help="person id (0 unlinks)")
    q.set_defaults(handler=cmd_evaluator)

    q = calls_sub.add_parser("appeal", help="record an appeal within the appeal window")
    q.add_argument("call", metavar="CALL", help="call id or exact title")
    q.add_argument("application", metavar="APPLICATION", help="application number")
    q.add_argument("--reason", required=True, help="the appellant's grounds")
    q.add_argument("--lodged-on", type=_date, default=None, help="date received (YYYY-MM-DD, default today)")
    q.set_defaults(handler=cmd_appeal)

    q = calls_sub.add_parser("decide", help="decide an appeal (the call is re-ranked)")
    q.add_argument("call", metavar="CALL", help="call id or exact title")
    q.add_argument("application", metavar="APPLICATION", help="application number")
    verdict = q.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--upheld", action="store_true", help="the appeal is upheld")
    verdict.add_argument("--rejected", action="store_true", help="the appeal is rejected")
    q.add_argument("--reason", required=True, help="the reason for the decision")
    q.set_defaults(handler=cmd_decide)

    q = calls_sub.add_parser(
        "rescore",
        help="re-score after the final list: shows who would change; --apply saves",
        description="Reopens the final list with a reason. A person who already has a mobility and would "
        "lose their place must be named with --keep (keeps the place) or --demote.",
    )
    q.add_argument("call", metavar="CALL", help="call id or exact title")
    q.add_argument("application", metavar="APPLICATION", help="application number")
    q.add_argument("criterion", metavar="CRITERION", help="criterion name")
    q.add_argument("evaluator", metavar="EVALUATOR", help="evaluator name")
    q.add_argument("points", metavar="POINTS", help="points, e.g. 7,5")
    q.add_argument("--reason", required=True, help="why the final list is reopened")
    q.add_argument("--keep", action="append", default=[], help="application number that keeps its place")
    q.add_argument("--demote", action="append", default=[], help="application number the officer demotes")
    q.add_argument("--apply", action="store_true", help="save (default: only show who would change)")
    q.set_defaults(handler=cmd_rescore)

    q = calls_sub.add_parser(
        "score",
        help="set one evaluator's points for one criterion of an application",
        description="POINTS as typed in the scoring grid: 7, 7,5 or 7.25 (half up to hundredths); "
        "an empty string clears the score.",
    )
    q.add_argument("call", metavar="CALL", help="call id or exact title")
    q.add_argument("application", metavar="APPLICATION", help="application number, e.g. 3-0001")
    q.add_argument("criterion", metavar="CRITERION", help="criterion name")
    q.add_argument("evaluator", metavar="EVALUATOR", help="evaluator name")
    q.add_argument("points", metavar="POINTS", help="points between 0 and the criterion's maximum")
    q.set_defaults(handler=cmd_score)

    q = calls_sub.add_parser(
        "rank", help="compute totals, rank, selection and waiting list (kept in history)"
    )
    q.add_argument("call", metavar="CALL", help="call id or exact title")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q.set_defaults(handler=cmd_rank)

    q = calls_sub.add_parser(
        "publish",
        help="write the ranking as PDF and xlsx (anonymised unless --names)",
        description="Sensitive criteria (fewer opportunities, special needs) are never shown per criterion.",
    )
    q.add_argument("call", metavar="CALL", help="call id or exact title")
    q.add_argument("-o", "--output", type=Path, required=True, help="folder for the files")
    q.add_argument("--names", action="store_true", help="show applicants' names (default: numbers only)")
    q.add_argument("--letters", action="store_true", help="also write selection/reserve/rejection letters")
    phase = q.add_mutually_exclusive_group()
    phase.add_argument("--provisional", action="store_true", help="record the provisional publication first")
    phase.add_argument("--final", action="store_true", help="record the final publication first")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q.set_defaults(handler=cmd_publish)


def cmd_list(ctx: CliContext) -> int:
    from intervet_desktop.services.calls import list_calls

    with ctx.workspace() as ws:
        found = list_calls(ws)
    if ctx.as_json:
        emit_json([asdict(c) for c in found])
        return 0
    rows = [
        [str(c.id), c.title, c.project_code, c.activity_type, c.deadline.isoformat(), str(c.places_total),
         c.status, str(c.applications)]
        for c in found
    ]  # fmt: skip
    table(rows, ["Id", "Title", "Project", "Activity", "Deadline", "Places", "Status", "Applications"])
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_status(ctx: CliContext) -> int:
    from intervet_desktop.services.calls import find_call, set_call_status

    with ctx.workspace() as ws:
        detail = set_call_status(ws, find_call(ws, ctx.args.call), ctx.args.phase, ctx.args.reason).value
    out(f"Call {detail.id} is now {detail.status}")
    return 0


def cmd_history(ctx: CliContext) -> int:
    from intervet_desktop.services.calls import call_history, find_call

    with ctx.workspace() as ws:
        rows = call_history(ws, find_call(ws, ctx.args.call))
    table(
        [[r.at.strftime("%Y-%m-%d %H:%M"), r.user, r.old_status, r.new_status, r.reason] for r in rows],
        ["When (UTC)", "Who", "From", "To", "Why"],
    )
    return 0


def cmd_evaluator(ctx: CliContext) -> int:
    from intervet_desktop.services.calls import find_call, get_call, link_evaluator

    a = ctx.args
    with ctx.workspace() as ws:
        detail = get_call(ws, find_call(ws, a.call))
        found = [e for e in detail.evaluators if e.name.casefold() == a.name.strip().casefold()]
        if not found:
            from intervet_desktop.core.errors import ValidationError

            raise ValidationError.single(
                "evaluator", "not_found", entity="evaluator", key="name", value=a.name
            )
        link_evaluator(ws, found[0].id, a.person or None)
    out(
        f"Evaluator {found[0].name} linked to person {a.person}"
        if a.person
        else f"Evaluator {found[0].name} unlinked"
    )
    return 0


def cmd_appeal(ctx: CliContext) -> int:
    from intervet_desktop.services.applications import appeal
    from intervet_desktop.services.applications.reading import application_by_number
    from intervet_desktop.services.calls import find_call

    a = ctx.args
    with ctx.workspace() as ws:
        app_id = application_by_number(ws, find_call(ws, a.call), a.application)
        appeal(ws, app_id, a.reason, a.lodged_on)
    out(f"Appeal of {a.application} recorded")
    return 0


def cmd_decide(ctx: CliContext) -> int:
    from intervet_desktop.services.applications import decide_appeal
    from intervet_desktop.services.applications.reading import application_by_number
    from intervet_desktop.services.calls import find_call

    a = ctx.args
    with ctx.workspace() as ws:
        app_id = application_by_number(ws, find_call(ws, a.call), a.application)
        decide_appeal(ws, app_id, bool(a.upheld), a.reason)
    out(f"Appeal of {a.application} {'upheld' if a.upheld else 'rejected'}; call re-ranked")
    return 0


def cmd_rescore(ctx: CliContext) -> int:
    from intervet_desktop.services.applications.reopen import (
        preview_rescore,
        rescore_after_final,
        rescore_by_names,
    )
    from intervet_desktop.services.calls import find_call

    a = ctx.args
    with ctx.workspace() as ws:
        call_id = find_call(ws, a.call)
        rescore, keep, demote = rescore_by_names(
            ws, call_id, a.application, a.criterion, a.evaluator, a.points, a.keep, a.demote
        )
        if a.apply:
            changes = rescore_after_final(ws, call_id, [rescore], a.reason, keep=keep, demote=demote).value
        else:
            changes = preview_rescore(ws, call_id, [rescore], a.reason)
    table(
        [
            [c.number, c.name, c.old_status, c.new_status, f"#{c.mobility_id}" if c.mobility_id else ""]
            for c in changes
        ],
        ["Application", "Name", "Now", "Would be" if not a.apply else "Became", "Mobility"],
    )
    if not a.apply:
        out("Nothing saved: add --apply to save")
    return 0


def cmd_score(ctx: CliContext) -> int:
    from intervet_desktop.services.applications.scoring import score_by_names
    from intervet_desktop.services.calls import find_call

    a = ctx.args
    with ctx.workspace() as ws:
        score_by_names(ws, find_call(ws, a.call), a.application, a.criterion, a.evaluator, a.points)
    out(f"Scored {a.application}: {a.criterion} by {a.evaluator}")
    return 0


def cmd_rank(ctx: CliContext) -> int:
    from intervet_desktop.services.applications import rank_call
    from intervet_desktop.services.calls import find_call

    with ctx.workspace() as ws:
        ranking = rank_call(ws, find_call(ws, ctx.args.call)).value
    if ctx.as_json:
        emit_json(
            [
                {"application": r.number, "rank": r.rank, "total": r.total_hundredths, "status": r.status,
                 "reason": r.reason}
                for r in ranking.rows
            ]
        )  # fmt: skip
        return 0
    rows = [
        [str(r.rank or ""), r.number, "" if r.total_hundredths is None else f"{r.total_hundredths / 100:.2f}",
         r.status, r.reason]
        for r in ranking.rows
    ]  # fmt: skip
    table(rows, ["Rank", "Application", "Total", "Status", "Reason"])
    return 0


def cmd_publish(ctx: CliContext) -> int:
    from intervet_desktop.services.applications import publish
    from intervet_desktop.services.calls import find_call
    from intervet_desktop.services.publication import publish_ranking

    args = ctx.args
    with ctx.workspace() as ws:
        call_id = find_call(ws, args.call)
        if args.provisional or args.final:
            publish(ws, call_id, final=bool(args.final))
        done = publish_ranking(ws, call_id, args.output, names=args.names, letters=args.letters).value
    if ctx.as_json:
        emit_json({"pdf": str(done.pdf), "xlsx": str(done.xlsx), "letters": [str(p) for p in done.letters]})
    else:
        out(f"Wrote {done.pdf}")
        out(f"Wrote {done.xlsx}")
        if done.letters:
            out(f"Wrote {len(done.letters)} letters in {done.letters[0].parent}")
    return 0
