"""The files kept for one office record (a training's certificates, an event's evidence): list,
add, open in the system viewer, remove."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import UserError
from intervet_desktop.services.office import team as svc
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import tr

C = "OfficeFiles"


class FilesDialog(QDialog):
    """``owner_kind``/``owner_id`` name the record; ``kind`` is what a new file is (certificate,
    evidence); ``pattern`` filters the file picker."""

    def __init__(
        self,
        ctx: AppContext,
        owner_kind: str,
        owner_id: int,
        kind: str,
        title: str,
        pattern: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.owner_kind, self.owner_id, self.kind, self.pattern = (
            ctx,
            owner_kind,
            owner_id,
            kind,
            pattern,
        )
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.empty = QLabel(tr(C, "No files yet: add a scan, a certificate or a photo."), self)
        layout.addWidget(self.empty)
        self.files = QListWidget(self)
        self.files.setObjectName("office-files")
        self.files.itemActivated.connect(lambda _item: self.open_selected())
        self.files.currentRowChanged.connect(lambda _row: self._enable())
        layout.addWidget(self.files)
        row = QHBoxLayout()
        self.add_button = QPushButton(tr(C, "&Add…"), self)
        self.add_button.clicked.connect(self.add_file)
        self.open_button = QPushButton(tr(C, "&Open"), self)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton(tr(C, "&Remove…"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_button, self.open_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(460, 300)
        self.refresh()

    def refresh(self) -> None:
        self.files.clear()
        for attached in svc.attachments_of(self.ctx.workspace, self.owner_kind, self.owner_id):
            item = QListWidgetItem(attached.name, self.files)
            item.setData(Qt.ItemDataRole.UserRole, attached.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, str(attached.path))
            item.setToolTip(str(attached.path))
        self.empty.setVisible(self.files.count() == 0)
        if self.files.count():
            self.files.setCurrentRow(self.files.count() - 1)
        self._enable()

    def _enable(self) -> None:
        chosen = self.files.currentItem() is not None
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def add_path(self, path: Path) -> None:
        self.ctx.tasks.write(
            lambda ws: svc.attach_file(ws, self.owner_kind, self.owner_id, path, self.kind),
            on_done=lambda _r: self.refresh(),
            on_error=self._failed,
        )

    def add_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, tr(C, "Add a file"), "", self.pattern)
        if path:
            self.add_path(Path(path))

    def open_selected(self) -> None:
        item = self.files.currentItem()
        if item is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(item.data(Qt.ItemDataRole.UserRole + 1))))

    def remove_chosen(self) -> None:
        """Remove the selected file without asking (the caller asked)."""
        item = self.files.currentItem()
        if item is None:
            return
        attachment_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.ctx.tasks.write(
            lambda ws: svc.remove_attachment(ws, attachment_id),
            on_done=lambda _r: self.refresh(),
            on_error=self._failed,
        )

    def remove_selected(self) -> None:
        item = self.files.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(
            self,
            tr(C, "Remove file"),
            tr(C, "Remove %1? The file is deleted from the database's folder.").replace("%1", item.text()),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_chosen()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.ctx.show_user_error(self, error)
        else:
            raise error
