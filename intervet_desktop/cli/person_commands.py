"""``intervet person export ID -o FILE`` and ``intervet person anonymise ID [--yes]``: the
GDPR access request and erasure for one person."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from intervet_desktop.cli.context import CliContext, out


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("person", help="one person's data: export everything held | anonymise")
    actions = p.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    q = actions.add_parser(
        "export", help="everything held about a person (.json or .xlsx), sensitive included"
    )
    q.add_argument("id", type=int)
    q.add_argument("-o", "--output", type=Path, required=True)
    q.set_defaults(handler=cmd_export)
    q = actions.add_parser(
        "anonymise", help="remove names, contacts, bank data, notes and files; keep statistics"
    )
    q.add_argument("id", type=int)
    q.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    q.set_defaults(handler=cmd_anonymise)


def cmd_export(ctx: CliContext) -> int:
    from intervet_desktop.services.gdpr.person import export_person

    with ctx.workspace(readonly_ok=True) as ws:
        target = export_person(ws, ctx.args.id, ctx.args.output)
    out(f"Wrote {target}")
    return 0


def cmd_anonymise(ctx: CliContext) -> int:
    from intervet_desktop.services.gdpr.person import anonymise_person

    if not ctx.args.yes:
        if not sys.stdin.isatty():
            out("Anonymising cannot be undone: add --yes to confirm.")
            return 1
        answer = input(f"Anonymise person {ctx.args.id}? This cannot be undone. [y/N] ")
        if answer.strip().lower() not in {"y", "yes"}:
            out("Nothing changed.")
            return 1
    with ctx.workspace() as ws:
        result = anonymise_person(ws, ctx.args.id)
    out(f"Anonymised person {ctx.args.id} ({result.value} rows and files touched).")
    return 0
