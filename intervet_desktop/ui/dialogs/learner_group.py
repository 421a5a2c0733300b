"""The group checklist: the learners of a project who leave together, one row each with the
pre-departure checklist, and their emergency cards printed in one PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.learners import CheckItem
from intervet_desktop.services.learners.group import Group, learner_groups, write_emergency_cards
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_message, tr, trn
from intervet_desktop.ui.widgets.mobility_editor.learner_tab import check_labels, check_mark

C = "LearnerGroupDialog"


class LearnerGroupDialog(QDialog):
    """Opened for a project, on the group of ``mobility_id`` when given."""

    def __init__(
        self, ctx: AppContext, project_id: int, mobility_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.project_id = project_id
        self.setObjectName("learner-group-dialog")
        self.setWindowTitle(tr(C, "Group checklist"))
        self.resize(980, 460)
        self.groups: list[Group] = []

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr(C, "Travelling together"), self))
        self.group_combo = QComboBox(self)
        self.group_combo.setObjectName("learner-group-combo")
        self.group_combo.currentIndexChanged.connect(self._show)
        top.addWidget(self.group_combo, 1)
        layout.addLayout(top)
        self.summary = QLabel(self)
        self.summary.setObjectName("learner-group-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        items = list(CheckItem)
        self.table = QTableWidget(0, len(items) + 2, self)
        self.table.setObjectName("learner-group-table")
        labels = check_labels()
        self.table.setHorizontalHeaderLabels([tr(C, "Learner"), tr(C, "Minor")] + [labels[i] for i in items])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.message = QLabel(self)
        self.message.setObjectName("learner-group-message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = QPushButton(tr(C, "Print emergency cards…"), self)
        self.print_button.setObjectName("learner-group-print")
        self.print_button.clicked.connect(self._print)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload(mobility_id)

    def reload(self, mobility_id: int | None = None) -> None:
        current = self.group_combo.currentIndex()
        self.groups = learner_groups(self.ctx.workspace, self.project_id)
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        for group in self.groups:
            count = trn(C, "%n learner", "%n learners", len(group.learners))
            self.group_combo.addItem(f"{group.key.label()} · {count}")
        wanted = current if current >= 0 else 0
        for index, group in enumerate(self.groups):
            if mobility_id is not None and any(v.mobility_id == mobility_id for v in group.learners):
                wanted = index
        self.group_combo.setCurrentIndex(min(wanted, len(self.groups) - 1))
        self.group_combo.blockSignals(False)
        self._show()

    def _group(self) -> Group | None:
        index = self.group_combo.currentIndex()
        return self.groups[index] if 0 <= index < len(self.groups) else None

    def _show(self, *_: object) -> None:
        group = self._group()
        learners = group.learners if group else ()
        self.table.setRowCount(len(learners))
        for row, view in enumerate(learners):
            self.table.setItem(row, 0, QTableWidgetItem(view.name))
            self.table.setItem(row, 1, QTableWidgetItem(tr(C, "yes") if view.minor else ""))
            for column, item in enumerate(CheckItem, start=2):
                cell = QTableWidgetItem(check_mark(view.checklist[item]))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, cell)
        self.print_button.setEnabled(bool(learners))
        if group is None:
            self.summary.setText(tr(C, "No learner mobilities in this project yet."))
            return
        ready = sum(1 for v in learners if v.ready)
        text = tr(C, "%1 of %2 ready to leave.").replace("%1", str(ready)).replace("%2", str(len(learners)))
        labels = check_labels()
        open_items = [f"{labels[item]}: {n}" for item, n in group.open_items().items() if n]
        if open_items:
            text += " " + tr(C, "Still open: %1").replace("%1", ", ".join(open_items))
        if group.warning is not None:
            text += " " + render_message(group.warning)
        self.summary.setText(text)

    def _print(self) -> None:
        group = self._group()
        if group is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, tr(C, "Save emergency cards"), f"emergency-cards-{group.key.start}.pdf", "PDF (*.pdf)"
        )
        if name:
            self.print_cards(Path(name))

    def print_cards(self, target: Path) -> None:
        group = self._group()
        if group is None:
            return
        ids = [v.mobility_id for v in group.learners]
        self.ctx.tasks.write(
            lambda ws: write_emergency_cards(ws, ids, target, date.today()),
            on_done=self._printed,
            on_error=self._failed,
        )

    def _printed(self, path: Path) -> None:
        self.message.setText(tr(C, "Emergency cards written to %1").replace("%1", str(path)))
        self.reload()

    def _failed(self, error: BaseException) -> None:
        message = getattr(error, "message", None)
        if message is None:
            raise error
        self.message.setText(render_message(message))
