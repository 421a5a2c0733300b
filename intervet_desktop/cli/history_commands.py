"""``intervet history --mobility ID | --person ID | --organisation ID [--json]``."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from intervet_desktop.cli.context import CliContext, emit_json, out, table
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("history", help="a record's history: when, who, what and which fields changed")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--mobility", type=int, metavar="ID")
    which.add_argument("--person", type=int, metavar="ID")
    which.add_argument("--organisation", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_history)


def cmd_history(ctx: CliContext) -> int:
    from intervet_desktop.services.history import ENTITIES, history_of

    entity = next(name for name in ENTITIES if getattr(ctx.args, name) is not None)
    record_id = int(getattr(ctx.args, entity))
    if record_id <= 0:
        raise ValidationError([Problem(entity, msg("history_bad_id", id=record_id))])
    with ctx.workspace(readonly_ok=True) as ws:
        lines = history_of(ws, entity, record_id)
    if ctx.as_json:
        emit_json([{**asdict(line)} for line in lines])
        return 0
    if not lines:
        out(f"No history recorded for {entity} {record_id}.")
        return 0
    table(
        [[line.at, line.os_user, line.action, line.fields] for line in lines],
        ["When", "Who", "What", "Fields"],
    )
    return 0
