"""export calendar | dissemination | roadmap: the international office's files (issue 18)."""

from __future__ import annotations

from pathlib import Path

from intervet_desktop.cli.context import CliContext, emit_json, out
from intervet_desktop.cli.export_kinds import SubParsers
from intervet_desktop.cli.export_kinds import kinds as export_kinds
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg


def register(sub: SubParsers) -> None:
    kinds = export_kinds(sub)
    k = kinds.add_parser("calendar", help="iCalendar file of deadlines, report dates and departures (.ics)")
    k.add_argument("--project", help="only the dates of this project (grant agreement number)")
    _output(k)
    k.set_defaults(handler=cmd_export_calendar)

    k = kinds.add_parser("dissemination", help="dissemination events of a project with totals (.xlsx)")
    k.add_argument("--project", required=True, help="grant agreement number")
    _output(k)
    k.set_defaults(handler=cmd_export_dissemination)

    k = kinds.add_parser("roadmap", help="one-page internationalisation roadmap of a school (.pdf)")
    k.add_argument("--organisation", required=True, help="organisation id or name")
    _output(k)
    k.set_defaults(handler=cmd_export_roadmap)


def _output(parser: object) -> None:
    parser.add_argument("-o", "--output", required=True, type=Path, help="file to write")  # type: ignore[attr-defined]
    parser.add_argument("--json", action="store_true", help="machine-readable output")  # type: ignore[attr-defined]


def _suffix(path: Path, suffix: str) -> None:
    if path.suffix.lower() != suffix:
        raise ValidationError([Problem("output", msg("export_wrong_suffix", suffixes=suffix))])


def _done(ctx: CliContext, path: Path, what: str, count: int) -> int:
    if ctx.as_json:
        emit_json({"path": str(path), what: count})
    else:
        out(f"{path}: {count} {what}")
    return 0


def cmd_export_calendar(ctx: CliContext) -> int:
    from intervet_desktop.services.budget import project_id_by_code
    from intervet_desktop.services.office.exports import export_calendar

    _suffix(ctx.args.output, ".ics")
    with ctx.workspace() as ws:
        project_id = project_id_by_code(ws, ctx.args.project) if ctx.args.project else None
        n = export_calendar(ws, ctx.args.output, project_id)
    return _done(ctx, ctx.args.output, "events", n)


def cmd_export_dissemination(ctx: CliContext) -> int:
    from intervet_desktop.services.budget import project_id_by_code
    from intervet_desktop.services.office.dissemination import export_dissemination

    _suffix(ctx.args.output, ".xlsx")
    with ctx.workspace() as ws:
        n = export_dissemination(ws, project_id_by_code(ws, ctx.args.project), ctx.args.output)
    return _done(ctx, ctx.args.output, "events", n)


def cmd_export_roadmap(ctx: CliContext) -> int:
    from intervet_desktop.services.office.exports import export_roadmap
    from intervet_desktop.services.office.roadmap import organisation_by_ref

    _suffix(ctx.args.output, ".pdf")
    with ctx.workspace() as ws:
        n = export_roadmap(ws, organisation_by_ref(ws, ctx.args.organisation), ctx.args.output)
    return _done(ctx, ctx.args.output, "objectives", n)
