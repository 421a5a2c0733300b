"""documents: print-ready PDFs (mobility agreements, grant agreements, certificates) for a project,
one mobility or a selection (--mobility ID, repeatable); a new version only when the content changed."""

from __future__ import annotations

import argparse
from pathlib import Path

from intervet_desktop.cli.context import CliContext, emit_json, out, warn
from intervet_desktop.core.enums import DocumentKind
from intervet_desktop.exports.pdf.model import Layout
from intervet_desktop.services.document_kinds import MOBILITY_KINDS


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "documents",
        help="write a PDF per mobility of a project (mobility agreement, grant agreement, certificate)",
        description=(
            "Writes one PDF per mobility of the project. English is always included; the second "
            "language defaults to the sending school's country language. Mobilities that lack data "
            "are listed with what is missing (exit 1); the others are still written."
        ),
    )
    scope = p.add_mutually_exclusive_group(required=True)
    scope.add_argument("--project", metavar="CODE", help="project code (grant agreement number)")
    scope.add_argument(
        "--mobility", type=int, action="append", metavar="ID", help="one mobility (repeat for a selection)"
    )
    p.add_argument(
        "--draft",
        action="store_true",
        help="certificates for stays not yet over: a draft marked DRAFT (refused otherwise)",
    )
    p.add_argument(
        "--kind",
        default=DocumentKind.MOBILITY_AGREEMENT.value,
        choices=[k.value for k in MOBILITY_KINDS],
        help="document kind (default: mobility-agreement)",
    )
    p.add_argument("--lang", metavar="xx", help="second language: it, fi, pt, el, de, es (en: English only)")
    p.add_argument(
        "--layout",
        default=Layout.SIDE_BY_SIDE.value,
        choices=[layout.value for layout in Layout],
        help="two languages side by side (default) or one after the other",
    )
    p.add_argument("-o", "--output", required=True, type=Path, metavar="DIR", help="folder for the PDFs")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_documents)


def cmd_documents(ctx: CliContext) -> int:
    from intervet_desktop.exports.pdf.store import check_language
    from intervet_desktop.services.documents import (
        DocumentOptions,
        ensure_out_dir,
        generate_batch,
        parse_kind,
        project_mobility_ids,
    )

    args = ctx.args
    options = DocumentOptions(
        kind=parse_kind(args.kind),
        second_language=check_language(args.lang) if args.lang else None,
        layout=Layout(args.layout),
        draft=bool(args.draft),
    )
    out_dir = ensure_out_dir(args.output)
    with ctx.workspace() as ws:
        ids = project_mobility_ids(ws, args.project) if args.project else list(args.mobility)
        result = generate_batch(ws, ids, options, out_dir).value
    if ctx.as_json:
        emit_json(
            {
                "written": [
                    {
                        "mobility_id": doc.mobility_id,
                        "document_id": doc.document_id,
                        "version": doc.version,
                        "languages": list(doc.languages),
                        "path": str(doc.path),
                        "sha256": doc.sha256,
                    }
                    for doc in result.written
                ],
                "refused": [
                    {
                        "mobility_id": refusal.mobility_id,
                        "subject": refusal.subject,
                        "missing": [
                            {"field": p.field, "code": p.message.code, "message": p.render()}
                            for p in refusal.problems
                        ],
                    }
                    for refusal in result.refused
                ],
                "unchanged": [
                    {"mobility_id": u.mobility_id, "document_id": u.document_id, "version": u.version}
                    for u in result.unchanged
                ],
            }
        )
    else:
        if not ids:
            out(f"Project {args.project} has no mobilities.")
        for same in result.unchanged:
            out(f"Unchanged: {same.subject} (version {same.version} already shows this content)")
        for doc in result.written:
            out(f"Wrote {doc.path}")
        if result.written:
            out(f"{len(result.written)} of {len(ids)} documents written to {out_dir}")
        for refusal in result.refused:
            warn(f"Not written: {refusal.subject}")
            for problem in refusal.problems:
                warn(f"  - {problem.render()}")
    return 1 if result.refused else 0
