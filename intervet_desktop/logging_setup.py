"""Logging to a rotating file in the user log folder, with no personal data (ids, not names).

Also installs faulthandler (to a file) and the excepthooks. Personal data must never be
formatted into log records: log ids and counts only.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import IO

LOG_NAME = "intervet.log"
_fault_file: IO[str] | None = None
log = logging.getLogger("intervet")


def setup_logging(log_dir: Path, *, level: int = logging.INFO, console: bool = False) -> Path:
    global _fault_file
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / LOG_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_intervet", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    handler._intervet = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setLevel(logging.WARNING)
        stream._intervet = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(level)
    if _fault_file is None:
        _fault_file = open(log_dir / "faulthandler.log", "a", encoding="utf-8")  # noqa: SIM115
        faulthandler.enable(_fault_file)
    return log_file


def install_excepthooks(on_bug: object = None) -> None:
    """Route uncaught exceptions (main and worker threads) to the log; ``on_bug`` may show a dialog."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.critical("uncaught exception", exc_info=(exc_type, exc, tb))
        if callable(on_bug):
            on_bug(exc_type, exc, tb)
        else:
            sys.__excepthook__(exc_type, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        log.critical(
            "uncaught exception in thread %s",
            getattr(args.thread, "name", "?"),
            exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback),
        )

    sys.excepthook = hook
    threading.excepthook = thread_hook
