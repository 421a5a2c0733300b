"""The backups dialog: where backups go, which exist (date, size), and "Back up now"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import UserError
from intervet_desktop.services.backups import backup_folder, backup_now, choose_backup_folder, list_backups
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_message, tr

C = "BackupsDialog"


def size_text(size: int) -> str:
    if size >= 1_000_000:
        return tr(C, "%1 MB").replace("%1", f"{size / 1_000_000:.1f}")
    return tr(C, "%1 kB").replace("%1", str(max(1, round(size / 1000))))


class BackupsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr(C, "Backups"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                C,
                "A backup is written when the database is upgraded or restored, when you close the "
                "app after changing data, and when you click Back up now. Each one is checked after "
                "writing. The last 7 days, 5 weeks and 12 months are kept; older backups are deleted. "
                "Choose a folder on an external or synced drive so that a lost laptop is not a lost year.",
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        folder_row = QHBoxLayout()
        self.folder_label = QLabel(self)
        self.folder_label.setWordWrap(True)
        folder_row.addWidget(self.folder_label, 1)
        self.choose_button = QPushButton(tr(C, "Choose folder…"), self)
        self.choose_button.clicked.connect(self.choose_folder)
        folder_row.addWidget(self.choose_button)
        layout.addLayout(folder_row)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([tr(C, "Made"), tr(C, "Size"), tr(C, "File")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        self.status = QLabel(self)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.backup_button = buttons.addButton(tr(C, "Back up now"), QDialogButtonBox.ButtonRole.ActionRole)
        self.backup_button.clicked.connect(self.back_up)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        workspace = self.ctx.workspace
        self.folder_label.setText(tr(C, "Folder: %1").replace("%1", str(backup_folder(workspace))))
        items = list_backups(workspace)
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            self.table.setItem(row, 0, QTableWidgetItem(item.made.strftime("%Y-%m-%d %H:%M")))
            self.table.setItem(row, 1, QTableWidgetItem(size_text(item.size)))
            self.table.setItem(row, 2, QTableWidgetItem(item.path.name))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self, tr(C, "Backup folder"), str(backup_folder(self.ctx.workspace))
        )
        if name:
            self.set_folder(Path(name))

    def set_folder(self, folder: Path) -> None:
        self.ctx.tasks.write(lambda ws: choose_backup_folder(ws, folder), lambda _r: self.refresh())

    def back_up(self) -> None:
        workspace = self.ctx.workspace
        self.backup_button.setEnabled(False)

        def done(path: Path) -> None:
            self.backup_button.setEnabled(True)
            self.status.setText(tr(C, "Backup written and checked: %1").replace("%1", path.name))
            self.refresh()

        def failed(error: BaseException) -> None:
            self.backup_button.setEnabled(True)
            if not isinstance(error, UserError):
                raise error
            self.status.setText(render_message(error.message))

        self.ctx.tasks.run(lambda _p: backup_now(workspace), done, failed, parent=self, cancellable=False)
