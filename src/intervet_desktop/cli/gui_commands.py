"""gui: open the window. Qt is imported only here, and only when the command runs."""

from __future__ import annotations

import argparse

from intervet_desktop.cli.context import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("gui", help="open the window (the default)")
    p.set_defaults(handler=cmd_gui)


def cmd_gui(ctx: CliContext) -> int:
    from intervet_desktop.app import run_gui

    return run_gui(ctx.db_path, ctx.paths)
