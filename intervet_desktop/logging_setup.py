"""Logging to a rotating file in the user log folder, with no personal data (ids, not names).

Also installs faulthandler (to a file) and the excepthooks. Personal data must never be
formatted into log records: log ids and counts only.
"""

from __future__ import annotations

import contextlib
import faulthandler
import io
import logging
import logging.handlers
import os
import re
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import IO

LOG_NAME = "intervet.log"
_fault_file: IO[str] | None = None
log = logging.getLogger("intervet")

#: SQLAlchemy's and the driver's renderings of bound values (the engines hide them; belt and braces)
_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(?:\n|\(Background|$))", re.DOTALL)


class _PrivateFormatter(logging.Formatter):
    """Drops any ``[parameters: ...]`` block from messages and tracebacks."""

    def format(self, record: logging.LogRecord) -> str:
        return _PARAMETERS.sub("[parameters hidden]", super().format(record))


class _OwnerOnlyFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files only the user can read (0600), rotated files included."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with contextlib.suppress(OSError):
            os.chmod(self.baseFilename, 0o600)
        return io.TextIOWrapper(io.FileIO(fd, "a"), encoding=self.encoding or "utf-8")


def _private_dir(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        folder.chmod(0o700)


def setup_logging(log_dir: Path, *, level: int = logging.INFO, console: bool = False) -> Path:
    global _fault_file
    _private_dir(log_dir)
    log_file = log_dir / LOG_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_intervet", False):
            root.removeHandler(handler)
            handler.close()
    handler = _OwnerOnlyFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(_PrivateFormatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    handler._intervet = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setLevel(logging.WARNING)
        stream.setFormatter(_PrivateFormatter("%(message)s"))
        stream._intervet = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(level)
    if _fault_file is None:
        fd = os.open(log_dir / "faulthandler.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        _fault_file = os.fdopen(fd, "a", encoding="utf-8")
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
