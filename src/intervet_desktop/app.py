"""Wiring for the GUI: paths -> lock/backup/migrate (Workspace) -> services -> main window.

No global singletons: the window gets the workspace it shows.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from intervet_desktop.core.errors import UserError
from intervet_desktop.paths import AppPaths

log = logging.getLogger(__name__)


def run_gui(db_path: Path, paths: AppPaths) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from intervet_desktop import APP_ID, APP_NAME
    from intervet_desktop.db.workspace import Workspace
    from intervet_desktop.ui.fonts import load_fonts
    from intervet_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_ID)
    load_fonts(app)
    try:
        workspace = Workspace.open(db_path, create=True)
    except UserError as exc:
        log.warning("could not open database: %s", exc.message.code)
        QMessageBox.critical(None, APP_NAME, exc.message.render())
        return exc.exit_code
    window = MainWindow(workspace)
    window.show()
    try:
        return app.exec()
    finally:
        workspace.close()
