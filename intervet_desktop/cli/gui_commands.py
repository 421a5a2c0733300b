"""gui and shots. Qt is imported only inside the handlers, when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from intervet_desktop.cli.context import CliContext, out
from intervet_desktop.core.errors import UnusableFileError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("gui", help="open the window (the default)")
    p.add_argument(
        "--quit-after-start",
        action="store_true",
        help="exit once the window has been painted (start-up benchmark and smoke test)",
    )
    p.set_defaults(handler=cmd_gui)

    p = sub.add_parser("shots", help="render every main page offscreen to PNG files, for review")
    p.add_argument("-o", "--output", type=Path, required=True, help="folder for the PNG files")
    p.add_argument("--scale", type=float, default=1.0, help="device pixel ratio, e.g. 2 for HiDPI")
    p.add_argument("--dark", action="store_true", help="use the dark palette")
    p.add_argument(
        "--lang",
        default="en",
        choices=["en", "it", "fi", "pt", "el", "de", "es"],
        help="language of the user interface",
    )
    p.set_defaults(handler=cmd_shots)


def cmd_gui(ctx: CliContext) -> int:
    from intervet_desktop.app import run_gui

    return run_gui(
        ctx.db_path, ctx.paths, quit_after_start=bool(getattr(ctx.args, "quit_after_start", False))
    )


def cmd_shots(ctx: CliContext) -> int:
    if not 0.5 <= ctx.args.scale <= 4:
        from intervet_desktop.core.errors import ValidationError

        raise ValidationError.single(
            "scale", "value_out_of_range", field="--scale", min=0.5, max=4, value=ctx.args.scale
        )
    if not ctx.db_path.exists():
        raise UnusableFileError.of("db_not_found", path=ctx.db_path)
    from intervet_desktop.ui.shots import render_shots

    for path in render_shots(
        ctx.db_path, ctx.paths, ctx.args.output, scale=ctx.args.scale, dark=ctx.args.dark
    ):
        out(str(path))
    return 0
