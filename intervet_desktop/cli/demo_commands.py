"""demo: fill a new database with believable data for the InterVET partnership."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from intervet_desktop.cli.context import CliContext, emit_json, out
from intervet_desktop.services.demo_sizes import DEFAULT_SIZE


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "demo",
        help="fill a new, empty database with realistic demo data",
        description="Fill a new, empty database with demo data for the InterVET partnership. "
        "A database that already holds projects is refused.",
    )
    p.add_argument(
        "--size", type=int, default=DEFAULT_SIZE, help=f"number of mobilities (default {DEFAULT_SIZE})"
    )
    p.add_argument(
        "--seed", type=int, default=1, help="random seed: the same seed gives the same data (default 1)"
    )
    p.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true", help="machine-readable summary")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(ctx: CliContext) -> int:
    from intervet_desktop.services.demo import build_demo, check_size

    args = ctx.args
    check_size(args.size)  # before the database file is created
    show = not args.quiet and not ctx.as_json and sys.stderr.isatty()

    def progress(done: int, total: int, stage: str) -> None:
        if show:
            sys.stderr.write(f"\r{stage:<14} {done:>9,} / {total:,}")
            sys.stderr.flush()

    with ctx.workspace(create=True) as ws:
        result = build_demo(ws, size=args.size, seed=args.seed, today=args.today, progress=progress)
        path = ws.path
    if show:
        sys.stderr.write("\n")
    summary = result.value
    if ctx.as_json:
        emit_json(
            {
                "database": str(path),
                "size": summary.size,
                "seed": summary.seed,
                "today": summary.today.isoformat(),
                "seconds": summary.seconds,
                "rows": summary.rows,
            }
        )
        return 0
    out(
        f"Demo data written to {path}: {summary.size:,} mobilities, "
        f"{sum(summary.rows.values()):,} rows in {summary.seconds:.1f} s (seed {summary.seed})."
    )
    for table, count in summary.rows.items():
        out(f"  {table:<24} {count:>9,}")
    return 0
