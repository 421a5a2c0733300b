"""SIGTERM (logout, shutdown) and Ctrl+C close the window normally: the database is
checkpointed and the lock released."""

from __future__ import annotations

import logging
import signal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

#: how often Qt's loop hands control back to Python, so that a signal's handler runs
SIGNAL_POLL_MS = 300


def quit_on_signals(app: QApplication) -> QTimer:
    """Install the handlers; the returned timer (parented to ``app``) lets Python see the
    signal inside Qt's event loop, which otherwise never returns to the interpreter."""

    def quit_app(_signum: int, _frame: object) -> None:
        log.info("quitting on a signal")
        app.closeAllWindows()
        app.quit()

    signal.signal(signal.SIGTERM, quit_app)
    signal.signal(signal.SIGINT, quit_app)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(SIGNAL_POLL_MS)
    return timer
