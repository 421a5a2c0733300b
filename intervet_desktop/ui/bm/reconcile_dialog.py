"""What the Beneficiary Module holds against what InterVET holds: fields that differ (each with
"Take the BM value"), amounts the BM computed differently, mobilities on one side only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import UserError
from intervet_desktop.services.bm_reconcile import FieldDifference, Reconciliation, take_bm_values
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import plain_amount
from intervet_desktop.ui.i18n import render_message, tr, trn

C = "BmReconcileDialog"


def _table(headers: list[str], rows: list[list[str]], parent: QWidget) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for c in range(len(headers) - 1):
        table.setColumnWidth(c, 210 if c == 1 else 170)
    return table


def field_labels() -> dict[str, str]:
    """The compared fields' names, translated (literal strings so lupdate finds them)."""
    return {
        "activity_type": tr(C, "Activity type"),
        "first_name": tr(C, "First name"),
        "last_name": tr(C, "Last name"),
        "start": tr(C, "Start date"),
        "end": tr(C, "End date"),
        "sending_oid": tr(C, "Sending organisation OID"),
        "receiving_oid": tr(C, "Receiving organisation OID"),
        "receiving_country": tr(C, "Receiving country"),
        "receiving_city": tr(C, "Receiving city"),
        "travel_days": tr(C, "Funded travel days"),
        "green_travel": tr(C, "Green travel"),
        "transport_mode": tr(C, "Main means of transport"),
        "fewer_opportunities": tr(C, "Fewer opportunities"),
        "is_accompanying": tr(C, "Accompanying person"),
        "course_days": tr(C, "Course days"),
        "distance_band": tr(C, "Distance band"),
        "travel": tr(C, "Travel"),
        "individual_support": tr(C, "Individual support"),
    }


class ReconcileDialog(QDialog):
    def __init__(self, ctx: AppContext, result: Reconciliation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reconciliation = result
        self.setObjectName("bm-reconcile")
        self.setWindowTitle(tr(C, "Beneficiary Module: reconciliation"))
        self.resize(1040, 560)
        layout = QVBoxLayout(self)
        summary = trn(
            C,
            "%n row read from %2; %3 mobilities matched by Mobility activity ID.",
            "%n rows read from %2; %3 mobilities matched by Mobility activity ID.",
            result.rows_read,
        )
        summary = summary.replace("%2", result.path.name).replace("%3", str(result.matched))
        if result.in_step:
            summary += " " + tr(C, "The BM and InterVET agree on every compared field.")
        label = QLabel(summary)
        label.setWordWrap(True)
        layout.addWidget(label)
        org = result.organisational_support
        if org is not None:
            text = tr(
                C, "Organisational support, project total (the BM computes it per project): here %1, BM %2."
            )
            org_label = QLabel(
                text.replace("%1", plain_amount(org.local_cents)).replace("%2", plain_amount(org.bm_cents))
            )
            org_label.setObjectName("org-support")
            org_label.setWordWrap(True)
            layout.addWidget(org_label)
        for note in result.notes:
            extra = QLabel(render_message(note))
            extra.setWordWrap(True)
            layout.addWidget(extra)
        self.labels = labels = field_labels()
        self.tabs = QTabWidget(self)
        self.differences = _table(
            [
                tr(C, "Mobility activity ID"),
                tr(C, "Participant"),
                tr(C, "Field"),
                tr(C, "Here"),
                tr(C, "BM"),
                "",
            ],
            [
                [d.bm_activity_id, d.participant, tr(C, d.label), d.local, d.bm, ""]
                for d in result.differences
            ],
            self,
        )
        self.differences.setObjectName("differences")
        self.take_buttons: list[QPushButton] = []
        for row, diff in enumerate(result.differences):
            button = QPushButton(tr(C, "Take the BM value") if diff.applicable else tr(C, "Change by hand"))
            button.setObjectName(f"take-{row}")
            button.setEnabled(diff.applicable)
            button.clicked.connect(lambda _checked=False, r=row: self.take(r))
            self.differences.setCellWidget(row, 5, button)
            self.take_buttons.append(button)
        self.differences.setColumnWidth(2, 190)
        self.differences.setColumnWidth(3, 130)
        self.differences.setColumnWidth(4, 130)
        self.tabs.addTab(self.differences, tr(C, "Fields (%n)", None, len(result.differences)))
        amounts = _table(
            [tr(C, "Mobility activity ID"), tr(C, "Participant"), tr(C, "Item"), tr(C, "Here"), tr(C, "BM")],
            [
                [a.bm_activity_id, a.participant, labels.get(a.item, a.item),
                 plain_amount(a.local_cents), plain_amount(a.bm_cents)]
                for a in result.amounts
            ],
            self,
        )  # fmt: skip
        self.tabs.addTab(amounts, tr(C, "Amounts (%n)", None, len(result.amounts)))
        only_bm = _table(
            [tr(C, "Mobility activity ID"), tr(C, "Participant"), tr(C, "Row in the file")],
            [[u.bm_activity_id or "", u.participant, str(u.row or "")] for u in result.only_in_bm],
            self,
        )
        self.tabs.addTab(only_bm, tr(C, "Only in the BM (%n)", None, len(result.only_in_bm)))
        only_here = _table(
            [tr(C, "Mobility activity ID"), tr(C, "Participant")],
            [[u.bm_activity_id or tr(C, "(none)"), u.participant] for u in result.only_local],
            self,
        )
        self.tabs.addTab(only_here, tr(C, "Only here (%n)", None, len(result.only_local)))
        layout.addWidget(self.tabs, 1)
        self.status = QLabel("")
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr(C, "Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def take(self, row: int) -> None:
        diff: FieldDifference = self.reconciliation.differences[row]
        code = self.reconciliation.project_code
        button = self.take_buttons[row]
        button.setEnabled(False)

        def done(notes: object) -> None:
            button.setText(tr(C, "Taken"))
            shown = [render_message(n) for n in notes] if isinstance(notes, list) else []
            self.status.setText(
                " ".join(
                    [
                        tr(C, "Saved: %1 of %2.")
                        .replace("%1", tr(C, diff.label))
                        .replace("%2", diff.bm_activity_id),
                        *shown,
                    ]
                )
            )

        def failed(error: BaseException) -> None:
            button.setEnabled(True)
            if isinstance(error, UserError):
                self.ctx.show_user_error(self, error)
            else:
                raise error

        self.ctx.tasks.write(lambda ws: take_bm_values(ws, code, [diff]), done, failed)
