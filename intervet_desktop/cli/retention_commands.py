"""``intervet retention preview|run [--project CODE]``: the GDPR retention rule."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from intervet_desktop.cli.context import CliContext, emit_json, out, table


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("retention", help="who the retention rule anonymises: preview | run")
    p.add_argument("action", choices=("preview", "run"))
    p.add_argument("--project", metavar="CODE", help="only people of this project")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_retention)


def cmd_retention(ctx: CliContext) -> int:
    from intervet_desktop.services.gdpr.retention import due, run_retention

    with ctx.workspace() as ws:
        items = run_retention(ws, ctx.args.project) if ctx.args.action == "run" else due(ws, ctx.args.project)
    if ctx.as_json:
        emit_json([asdict(item) for item in items])
        return 0
    verb = "Anonymised" if ctx.args.action == "run" else "Due for anonymising"
    if not items:
        out("Nobody is due for anonymising.")
        return 0
    table(
        [[str(i.person_id), i.projects, i.balance_paid_on, i.expires_on] for i in items],
        ["Person", "Projects", "Balance paid", "Kept until"],
    )
    out(f"{verb}: {len(items)}")
    return 0
