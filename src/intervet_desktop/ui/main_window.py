"""The main window (Foundation part 2 fills it with the sidebar and pages)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMainWindow

from intervet_desktop import APP_NAME
from intervet_desktop.db.workspace import Workspace


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.setWindowTitle(f"{APP_NAME} - {workspace.path.name}")
        self.setCentralWidget(QLabel(tr("Welcome to InterVET Desktop.")))
        self.statusBar().showMessage(str(workspace.path))
        self.resize(1200, 800)
