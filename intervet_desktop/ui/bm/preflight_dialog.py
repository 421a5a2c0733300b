"""The pre-flight check's problems, one per row, each with a way to open its mobility."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.services.bm import BmProblem
from intervet_desktop.ui.i18n import render_message, tr, trn

C = "BmPreflightDialog"


def field_labels() -> dict[str, str]:
    """The pre-flight check's field keys, as people read them (literal strings for lupdate)."""
    return {
        "bm_activity_id": tr(C, "Mobility activity ID"),
        "sending_org": tr(C, "Sending organisation"),
        "receiving_org": tr(C, "Receiving organisation"),
        "sending_oid": tr(C, "Sending organisation OID"),
        "receiving_oid": tr(C, "Receiving organisation OID"),
        "first_name": tr(C, "First name"),
        "last_name": tr(C, "Last name"),
        "birth_date": tr(C, "Date of birth"),
        "nationality": tr(C, "Nationality"),
        "receiving_country": tr(C, "Receiving country"),
        "receiving_city": tr(C, "Receiving city"),
        "activity_type": tr(C, "Activity type"),
        "start": tr(C, "Start date"),
        "end": tr(C, "End date"),
        "travel_days": tr(C, "Funded travel days"),
        "transport_mode": tr(C, "Main means of transport"),
        "distance_km": tr(C, "Official distance"),
        "languages": tr(C, "Other languages"),
    }


class PreflightDialog(QDialog):
    """Lists problems. ``accept()`` means "write anyway" (only offered when ``can_write``)."""

    #: the user wants to see this problem's mobility (the BmProblem)
    open_mobility = Signal(object)

    def __init__(
        self, problems: Sequence[BmProblem], *, can_write: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bm-preflight")
        self.problems = list(problems)
        self.setWindowTitle(tr(C, "Beneficiary Module: pre-flight check"))
        self.resize(1120, 540)
        layout = QVBoxLayout(self)
        summary = QLabel(
            trn(
                C,
                "%n problem the Beneficiary Module would reject or that would make the file wrong. "
                "Fix it and check again, or write the file anyway.",
                "%n problems the Beneficiary Module would reject or that would make the file wrong. "
                "Fix them and check again, or write the file anyway.",
                len(self.problems),
            )
            if self.problems
            else tr(C, "No problems found.")
        )
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.table = QTableWidget(len(self.problems), 4, self)
        self.table.setObjectName("problems")
        self.table.setHorizontalHeaderLabels(
            [tr(C, "Mobility activity ID"), tr(C, "Participant"), tr(C, "Field"), tr(C, "Problem")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        labels = field_labels()
        for row, problem in enumerate(self.problems):
            values = [
                problem.bm_activity_id or tr(C, "(none)"),
                problem.participant,
                labels.get(problem.field, problem.field),
                render_message(problem.message),
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 210, 190)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _index: self._open())
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        self.open_button = QPushButton(tr(C, "&Open mobility"))
        self.open_button.setObjectName("open-mobility")
        self.open_button.setEnabled(False)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button: QPushButton | None = None
        if can_write:
            self.write_button = QPushButton(
                tr(C, "&Write anyway") if self.problems else tr(C, "&Write the file")
            )
            self.write_button.setObjectName("write-anyway")
            buttons.addButton(self.write_button, QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(tr(C, "Close"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self._open)
        self.table.itemSelectionChanged.connect(
            lambda: self.open_button.setEnabled(bool(self.table.selectionModel().selectedRows()))
        )
        layout.addWidget(buttons)
        if self.problems:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected_problem(self) -> BmProblem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.problems[rows[0].row()] if rows else None

    def _open(self) -> None:
        problem = self.selected_problem()
        if problem is not None:
            self.open_mobility.emit(problem)
            self.reject()
