"""Settings, Documents: the school's template folder (which files it overrides, a copy of the
built-in templates to start from) and the default layout. The logo is in the school's profile."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from intervet_desktop.core.errors import UserError
from intervet_desktop.exports.pdf.model import Layout
from intervet_desktop.services.document_templates import (
    copy_builtin_templates,
    default_layout,
    overriding_files,
    set_default_layout,
    set_templates_dir,
    templates_dir,
)
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import tr, trn

C = "DocumentSettings"


class DocumentSettingsBox(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(tr(C, "Documents"), parent)
        self.ctx = ctx
        self.setObjectName("document-settings")
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        row = QHBoxLayout()
        self.folder = QLineEdit(self)
        self.folder.setObjectName("templates-dir")
        self.folder.setReadOnly(True)
        self.folder.setPlaceholderText(tr(C, "Built-in templates"))
        choose = QPushButton(tr(C, "Choose…"), self)
        choose.setObjectName("choose-templates-dir")
        choose.clicked.connect(self.choose_folder)
        self.clear_button = QPushButton(tr(C, "Use built-in"), self)
        self.clear_button.setObjectName("clear-templates-dir")
        self.clear_button.clicked.connect(lambda: self.set_folder(None))
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        row.addWidget(self.clear_button)
        form.addRow(tr(C, "Template folder"), row)
        self.overrides = QLabel(self)
        self.overrides.setObjectName("template-overrides")
        self.overrides.setWordWrap(True)
        form.addRow("", self.overrides)
        copy_row = QHBoxLayout()
        self.copy_button = QPushButton(tr(C, "Copy built-in templates to a folder…"), self)
        self.copy_button.setObjectName("copy-templates")
        self.copy_button.setToolTip(
            tr(C, "Start your own wording from a copy; files already in the folder are kept")
        )
        self.copy_button.clicked.connect(self.copy_templates)
        copy_row.addWidget(self.copy_button)
        copy_row.addStretch(1)
        form.addRow("", copy_row)
        self.layout_box = QComboBox(self)
        self.layout_box.setObjectName("default-layout")
        self.layout_box.addItem(tr(C, "Two languages side by side"), Layout.SIDE_BY_SIDE)
        self.layout_box.addItem(tr(C, "One language after the other"), Layout.SEQUENTIAL)
        self.layout_box.activated.connect(self._layout_chosen)
        form.addRow(tr(C, "Default layout"), self.layout_box)
        self.status = QLabel(self)
        self.status.setObjectName("document-settings-status")
        self.status.setWordWrap(True)
        self.status.setVisible(False)
        form.addRow("", self.status)
        self.reload()

    def reload(self) -> None:
        folder = templates_dir(self.ctx.workspace)
        self.folder.setText(str(folder) if folder else "")
        self.clear_button.setEnabled(folder is not None)
        self.layout_box.setCurrentIndex(max(self.layout_box.findData(default_layout(self.ctx.workspace)), 0))
        self._show_overrides(folder)

    def _show_overrides(self, folder: Path | None) -> None:
        if folder is None:
            self.overrides.setText(tr(C, "Documents use the built-in wording."))
            return
        if not folder.is_dir():
            self.overrides.setText(tr(C, "This folder does not exist: the built-in wording is used."))
            return
        files = overriding_files(folder)
        if not files:
            self.overrides.setText(tr(C, "No file in this folder replaces a built-in template yet."))
            return
        self.overrides.setText(
            tr(C, "Your files replace these built-in ones (%n):", None, len(files)) + " " + ", ".join(files)
        )

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, tr(C, "Choose the template folder"), self.folder.text()
        )
        if folder:
            self.set_folder(Path(folder))

    def set_folder(self, folder: Path | None) -> None:
        self.ctx.tasks.write(
            lambda ws: set_templates_dir(ws, folder),
            on_done=lambda _: self.reload(),
            on_error=self._failed,
        )

    def _layout_chosen(self, _index: int) -> None:
        layout = Layout(self.layout_box.currentData())
        self.ctx.tasks.write(lambda ws: set_default_layout(ws, layout), on_error=self._failed)

    def copy_templates(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr(C, "Copy the built-in templates to"), "")
        if not folder:
            return
        target = Path(folder)
        try:
            written = copy_builtin_templates(target)
        except UserError as error:
            self.ctx.show_user_error(self, error)
            return
        self.status.setText(trn(C, "%n file copied.", "%n files copied.", len(written)))
        self.status.setVisible(True)
        if templates_dir(self.ctx.workspace) is None:
            self.set_folder(target)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.ctx.show_user_error(self, error)
        else:
            self.ctx.tasks.bug.emit(error)
