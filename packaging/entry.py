"""Entry point of both frozen executables, which share one bundle.

``intervet`` (console) is the command line. ``intervet-desktop`` (windowed: no console window on
Windows, the executable inside the macOS ``.app``) opens the window: with no arguments it runs
``gui``; a file passed by the desktop (double-click on a ``.db``, "Open with") opens that
database; options (``--version``, ``--db X``) go to the command line as they are.
"""

import multiprocessing
import os
import sys
from pathlib import Path

from intervet_desktop.cli.main import main

CONSOLE_NAME = "intervet"


def windowed_args(argv: list[str]) -> list[str]:
    # macOS passes a process serial number (-psn_...) to apps started from the Finder
    args = [a for a in argv if not a.startswith("-psn_")]
    if not args:
        return ["gui"]
    if args[0].startswith("-"):
        return args
    return ["--db", args[0], "gui"]


if __name__ == "__main__":
    multiprocessing.freeze_support()  # batch documents render in spawned worker processes
    if Path(sys.executable).stem.lower() == CONSOLE_NAME:
        sys.exit(main())
    # a windowed Windows executable has no standard streams: give writers a sink
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    sys.exit(main(windowed_args(sys.argv[1:])))
