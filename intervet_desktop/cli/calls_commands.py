"""calls list | score CALL APPLICATION CRITERION EVALUATOR POINTS | rank CALL |
publish CALL -o DIR [--names] [--letters] [--provisional|--final]."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from intervet_desktop.cli.context import CliContext, emit_json, out, table


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("calls", help="calls for applications: list, rank, publish the ranking")
    calls_sub = p.add_subparsers(dest="calls_command", required=True, metavar="COMMAND")

    q = calls_sub.add_parser("list", help="calls with their status and number of applications")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q.set_defaults(handler=cmd_list)

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
