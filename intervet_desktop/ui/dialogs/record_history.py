"""A record's history (the audit trail): when, which OS user, what, which fields; exportable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.services.history import HistoryLine, export_history, history_of, history_table
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import tr

C = "HistoryDialog"


class HistoryDialog(QDialog):
    def __init__(self, ctx: AppContext, entity: str, record_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(C, "History"))
        self.resize(760, 420)
        self.lines: list[HistoryLine] = history_of(ctx.workspace, entity, record_id)
        layout = QVBoxLayout(self)
        if not self.lines:
            layout.addWidget(QLabel(tr(C, "No changes have been recorded for this record yet."), self))
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [tr(C, "When"), tr(C, "Who"), tr(C, "What"), tr(C, "Field"), tr(C, "Before -> after")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        export = buttons.addButton(tr(C, "Export…"), QDialogButtonBox.ButtonRole.ActionRole)
        export.clicked.connect(self.ask_export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def rows(self) -> list[list[str]]:
        return history_table(self.lines)

    def ask_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, tr(C, "Export history"), "history.csv", "CSV (*.csv)")
        if name:
            self.export_to(Path(name))

    def export_to(self, target: Path) -> None:
        export_history(self.lines, target)
