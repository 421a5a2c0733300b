"""A person's GDPR actions: export everything held (an access request) and anonymise."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import UserError
from intervet_desktop.services.gdpr.person import anonymise_person, export_person
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_message, tr

C = "PersonalDataDialog"


class PersonalDataDialog(QDialog):
    def __init__(self, ctx: AppContext, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.setWindowTitle(tr(C, "Personal data"))
        self.setMinimumSize(600, 380)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                C,
                "Export writes everything this database holds about the person — mobilities, "
                "applications, documents, contacts, sensitive fields included — to answer an "
                "access request.\n\nAnonymise removes names, contacts, bank data, sensitive notes, "
                "attachments and the old values in the history, and keeps what the final report's "
                "statistics need (gender, year of birth, nationality, activity, dates, amounts). "
                "It cannot be undone; backups made before it still hold the data until they are pruned.",
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.export_button = QPushButton(tr(C, "Export everything held…"), self)
        self.export_button.clicked.connect(self.ask_export)
        layout.addWidget(self.export_button)
        self.anonymise_button = QPushButton(tr(C, "Anonymise…"), self)
        self.anonymise_button.clicked.connect(self.ask_anonymise)
        layout.addWidget(self.anonymise_button)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def ask_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            tr(C, "Export personal data"),
            f"person-{self.person_id}.xlsx",
            "Excel (*.xlsx);;JSON (*.json)",
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, target: Path) -> None:
        workspace = self.ctx.workspace
        self.ctx.tasks.run(
            lambda _p: export_person(workspace, self.person_id, target),
            lambda path: self.status.setText(tr(C, "Written: %1").replace("%1", str(path))),
            self._failed,
            parent=self,
            cancellable=False,
        )

    def ask_anonymise(self) -> None:
        answer = QMessageBox.question(
            self,
            tr(C, "Anonymise"),
            tr(C, "Anonymise this person? This cannot be undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.anonymise()

    def anonymise(self) -> None:
        def done(_touched: object) -> None:
            self.anonymise_button.setEnabled(False)
            self.status.setText(tr(C, "The person was anonymised."))

        self.ctx.tasks.write(lambda ws: anonymise_person(ws, self.person_id), done, self._failed)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error
        self.status.setText(render_message(error.message))
