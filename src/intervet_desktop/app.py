"""Wiring for the GUI: paths -> workspace (lock, backup, migrate) -> task runner -> main window.

No global singletons: the window gets the context it shows. Qt is imported inside
``run_gui`` only, so the command line never needs a display.
"""

from __future__ import annotations

import logging
from pathlib import Path

from intervet_desktop.logging_setup import install_excepthooks
from intervet_desktop.paths import AppPaths

log = logging.getLogger(__name__)


def run_gui(db_path: Path, paths: AppPaths) -> int:
    from intervet_desktop.ui.application import Application, make_qapp

    app = make_qapp(paths)
    application = Application(app, paths)
    install_excepthooks(on_bug=application.show_bug)
    if not application.open(db_path):
        return 2
    try:
        return app.exec()
    finally:
        application.close()
