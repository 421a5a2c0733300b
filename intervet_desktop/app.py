"""Wiring for the GUI: paths -> workspace (lock, backup, migrate) -> task runner -> main window.

No global singletons: the window gets the context it shows. Qt is imported inside
``run_gui`` only, so the command line never needs a display.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from intervet_desktop.logging_setup import install_excepthooks
from intervet_desktop.paths import AppPaths

log = logging.getLogger(__name__)


def run_gui(db_path: Path, paths: AppPaths) -> int:
    from intervet_desktop.ui.application import DesktopApp, make_qapp

    app = make_qapp(paths)
    application = DesktopApp(app, paths)
    install_excepthooks(on_bug=application.show_bug)
    if not application.open(db_path):
        return 2
    _quit_on_signals(app)
    # The modules, metadata and widgets made so far live as long as the app: keep them out of
    # the cyclic collector's full passes, which otherwise walk them all and stall a keystroke
    # now and then (~150 ms measured on a 100,000-mobility search).
    gc.freeze()
    try:
        return app.exec()
    finally:
        application.close()


def _quit_on_signals(app: object) -> None:
    """SIGTERM (logout, shutdown) and Ctrl+C close the window normally: the database is
    checkpointed and the lock released. A timer lets Python see the signal inside Qt's loop."""
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)

    def quit_app(_signum: int, _frame: object) -> None:
        log.info("quitting on a signal")
        app.closeAllWindows()
        app.quit()

    signal.signal(signal.SIGTERM, quit_app)
    signal.signal(signal.SIGINT, quit_app)
    timer = QTimer(app)
    timer.start(300)
    timer.timeout.connect(lambda: None)
