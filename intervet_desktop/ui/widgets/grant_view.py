"""The grant breakdown table (label, whom it belongs to, quantity, rate, amount, derivation) and the
dialog that shows old versus new before a snapshot is replaced."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.services.grants import GrantPreview
from intervet_desktop.ui.formatting import money, plain_amount
from intervet_desktop.ui.i18n import tr

C = "GrantView"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class ShownLine:
    label: str
    recipient: str
    quantity: str
    rate_cents: int | None
    amount_cents: int
    derivation: str


def recipient_label(recipient: str) -> str:
    return tr(C, "Participant") if recipient == "participant" else tr(C, "Organisation")


class BreakdownTable(QTableWidget):
    """One row per line (label, whom it belongs to, quantity, rate, amount) and, under it, the
    derivation across the whole width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels(
            [tr(C, "Line"), tr(C, "Belongs to"), tr(C, "Quantity"), tr(C, "Rate"), tr(C, "Amount")]
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def show_lines(self, lines: Sequence[ShownLine]) -> None:
        self.clearSpans()
        self.setRowCount(len(lines) * 2)
        muted = self.palette().placeholderText()
        for i, line in enumerate(lines):
            row = i * 2
            cells = [
                line.label,
                recipient_label(line.recipient),
                line.quantity,
                plain_amount(line.rate_cents),
                plain_amount(line.amount_cents),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(line.derivation)
                if column in (3, 4):
                    item.setTextAlignment(RIGHT)
                if column in (0, 4):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(row, column, item)
            how = QTableWidgetItem(line.derivation)
            how.setForeground(muted)
            self.setItem(row + 1, 0, how)
            self.setSpan(row + 1, 0, 1, 5)
        self.resizeRowsToContents()

    def line_count(self) -> int:
        return self.rowCount() // 2


class GrantChangeDialog(QDialog):
    """Old versus new: per line and totals; Accept replaces the stored snapshot."""

    def __init__(self, preview: GrantPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("grant-change-dialog")
        self.setWindowTitle(tr(C, "The grant changes"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(C, "The dates, distance or rate set changed. Replace the stored grant with the new one?"), self
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        old = {line.label: line.amount_cents for line in preview.old_lines}
        new = {line.label: line.amount_cents for line in preview.new.lines}
        labels = list(dict.fromkeys([*old, *new]))
        self.table = QTableWidget(len(labels) + 1, 3, self)
        self.table.setObjectName("grant-compare")
        self.table.setHorizontalHeaderLabels([tr(C, "Line"), tr(C, "Stored"), tr(C, "New")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, label in enumerate(labels):
            self._row(row, label, old.get(label), new.get(label))
        self._row(len(labels), tr(C, "Total"), preview.old_total_cents, preview.new.total_cents, bold=True)
        layout.addWidget(self.table, 1)
        self.summary = QLabel(
            tr(C, "Stored: %1. New: %2 (participant %3, organisation %4).")
            .replace("%1", money(preview.old_total_cents))
            .replace("%2", money(preview.new.total_cents))
            .replace("%3", money(preview.new.participant_total_cents))
            .replace("%4", money(preview.new.organisation_total_cents)),
            self,
        )
        self.summary.setObjectName("grant-compare-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(self)
        replace = buttons.addButton(tr(C, "Replace the grant"), QDialogButtonBox.ButtonRole.AcceptRole)
        replace.setObjectName("grant-replace")
        buttons.addButton(tr(C, "Keep the stored grant"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _row(self, row: int, label: str, old: int | None, new: int | None, *, bold: bool = False) -> None:
        for column, text in enumerate(
            (
                label,
                plain_amount(old) if old is not None else "–",
                plain_amount(new) if new is not None else "–",
            )
        ):
            item = QTableWidgetItem(text)
            if column:
                item.setTextAlignment(RIGHT)
            if bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, column, item)
