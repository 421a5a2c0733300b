"""'Find duplicates': likely pairs of people or organisations, and merging a pair after the user
chose which record to keep."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.duplicates import reason_message
from intervet_desktop.services import duplicates
from intervet_desktop.services.duplicates import DuplicatePair
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_message, tr, trn

C = "DuplicatesDialog"


class DuplicatesDialog(QDialog):
    def __init__(self, ctx: AppContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.merged: list[int] = []  # ids kept by each merge done here
        self.setObjectName("duplicates-dialog")
        self.setWindowTitle(tr(C, "Likely duplicates"))
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("pairs")
        self.table.setHorizontalHeaderLabels([tr(C, "First record"), tr(C, "Second record"), tr(C, "Why")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 280)
        self.table.setColumnWidth(1, 280)
        self.table.itemSelectionChanged.connect(self._selection)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr(C, "Keep:"), self))
        self.keep = QComboBox(self)
        self.keep.setObjectName("keep")
        self.keep.setMinimumContentsLength(30)
        row.addWidget(self.keep, 1)
        self.merge_button = QPushButton(tr(C, "Merge…"), self)
        self.merge_button.setObjectName("merge")
        self.merge_button.clicked.connect(self.merge)
        row.addWidget(self.merge_button)
        layout.addLayout(row)
        note = QLabel(
            tr(
                C,
                "Merging moves everything linked to the other record (mobilities, applications,"
                " contacts, files) to the one you keep, fills its empty fields, then deletes the other.",
            ),
            self,
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.pairs: list[DuplicatePair] = []
        self.reload()

    def _finder(self) -> Callable[[Any], list[DuplicatePair]]:
        if self.kind == "person":
            return duplicates.find_duplicate_pairs_people
        return duplicates.find_duplicate_pairs_organisations

    def reload(self) -> None:
        self.pairs = self._finder()(self.ctx.workspace)
        self.table.setRowCount(len(self.pairs))
        for i, pair in enumerate(self.pairs):
            why = "; ".join(render_message(reason_message(r)) for r in pair.reasons)
            for column, text in enumerate((pair.first_label, pair.second_label, why)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, column, item)
        if self.pairs:
            self.summary.setText(
                trn(
                    C,
                    "%n pair looks like the same record.",
                    "%n pairs look like the same record.",
                    len(self.pairs),
                )
            )
            self.table.selectRow(0)
        else:
            self.summary.setText(tr(C, "No likely duplicates found."))
        self._selection()

    def chosen(self) -> DuplicatePair | None:
        row = self.table.currentRow()
        if not self.table.selectedItems() or not 0 <= row < len(self.pairs):
            return None
        return self.pairs[row]

    def _selection(self) -> None:
        pair = self.chosen()
        self.keep.clear()
        if pair is not None:
            self.keep.addItem(pair.first_label, pair.first_id)
            self.keep.addItem(pair.second_label, pair.second_id)
        self.merge_button.setEnabled(pair is not None)
        self.keep.setEnabled(pair is not None)

    def merge(self) -> None:
        pair = self.chosen()
        if pair is None:
            return
        keep_id = int(self.keep.currentData())
        drop_id = pair.second_id if keep_id == pair.first_id else pair.first_id
        keep_label = self.keep.currentText()
        drop_label = self.keep.itemText(1 - self.keep.currentIndex())
        text = (
            tr(C, "Keep %1 and merge %2 into it? %2 will be deleted; this cannot be undone.")
            .replace("%1", keep_label)
            .replace("%2", drop_label)
        )
        if QMessageBox.question(self, tr(C, "Merge"), text) != QMessageBox.StandardButton.Yes:
            return

        def op(ws: Any) -> Any:
            if self.kind == "person":
                return duplicates.merge_people(ws, keep_id, drop_id)
            return duplicates.merge_organisations(ws, keep_id, drop_id)

        self.ctx.tasks.write(op, self._merged)

    def _merged(self, keep_id: int) -> None:
        self.merged.append(keep_id)
        self.reload()
