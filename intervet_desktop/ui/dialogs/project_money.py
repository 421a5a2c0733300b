"""The project's own money set-up on the Budget page: National Agency payments and partner
transfers (listed, edited, deleted with a reason), the rates the project uses (every figure,
confirmed or not), and a KA220 partnership's set-up (partners and roles, work packages with each
partner's share, activities with completion and evidence, costs: ui/dialogs/partnership_dialogs.py).
Every form opens non-modally (open()) and the lists reload when it closes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.services import project_cash, project_rates
from intervet_desktop.services.changes import Result
from intervet_desktop.services.workspace_door import Workspace
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.dialogs.money_forms import (
    NaPaymentDialog,
    ReasonDialog,
    TransferDialog,
)
from intervet_desktop.ui.dialogs.rate_sets import RateSetEditor
from intervet_desktop.ui.formatting import day, money
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.widgets.figures_table import tone_color

C = "ProjectMoney"


def _table(parent: QWidget, name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.setMinimumHeight(120)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    if rows and table.currentRow() < 0:
        table.selectRow(0)


def kind_label(kind: str) -> str:
    return {
        "prefinancing": tr(C, "Pre-financing"),
        "further_prefinancing": tr(C, "Further pre-financing"),
        "balance": tr(C, "Balance"),
        "recovery": tr(C, "Recovery by the NA"),
    }.get(kind, kind)


def role_name(role: str) -> str:
    return {
        "coordinator": tr(C, "Coordinator (beneficiary)"),
        "partner": tr(C, "Partner"),
        "consortium_member": tr(C, "Consortium member"),
        "associated": tr(C, "Associated partner"),
    }.get(role, role)


class _ListBox(QGroupBox):
    """A list with Add / Edit / Delete; subclasses say what a row is and which form edits it."""

    def __init__(self, ctx: AppContext, title: str, name: str, headers: list[str], parent: QWidget | None):
        super().__init__(title, parent)
        self.ctx = ctx
        self.project_id: int | None = None
        layout = QVBoxLayout(self)
        self.table = _table(self, name, headers)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.add_button = QPushButton(tr(C, "Add…"), self)
        self.add_button.setObjectName(f"{name}-add")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(tr(C, "Edit…"), self)
        self.edit_button.setObjectName(f"{name}-edit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(tr(C, "Delete…"), self)
        self.delete_button.setObjectName(f"{name}-delete")
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def selected_row(self) -> int | None:
        row = self.table.currentRow()
        return row if row >= 0 else None

    def show_dialog(self, dialog: QDialog) -> QDialog:
        dialog.finished.connect(lambda _code: self.reload())
        dialog.open()
        return dialog

    def load(self, project_id: int) -> None:
        self.project_id = project_id
        self.reload()

    def reload(self) -> None:
        raise NotImplementedError

    def add(self) -> QDialog | None:
        raise NotImplementedError

    def edit_selected(self) -> QDialog | None:
        raise NotImplementedError

    def delete_selected(self) -> QDialog | None:
        raise NotImplementedError


class NaPaymentsBox(_ListBox):
    """Payments from (and recoveries by) the National Agency, each editable and deletable."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        headers = [tr(C, "Kind"), tr(C, "Amount"), tr(C, "Received on"), tr(C, "Due on"), tr(C, "Reference")]
        super().__init__(ctx, tr(C, "National Agency payments"), "na-payments", headers, parent)
        self.rows: list[project_cash.NaPaymentRow] = []

    def reload(self) -> None:
        if self.project_id is None:
            return
        self.rows = project_cash.na_payments(self.ctx.workspace, self.project_id)
        _fill(
            self.table,
            [
                [kind_label(r.kind), money(r.amount_cents), day(r.received_on), day(r.due_date), r.reference]
                for r in self.rows
            ],
        )

    def add(self) -> QDialog | None:
        if self.project_id is None:
            return None
        return self.show_dialog(NaPaymentDialog(self.ctx, self.project_id, self))

    def edit_selected(self) -> QDialog | None:
        row = self.selected_row()
        if self.project_id is None or row is None or row >= len(self.rows):
            return None
        return self.show_dialog(NaPaymentDialog(self.ctx, self.project_id, self, self.rows[row]))

    def delete_selected(self) -> QDialog | None:
        row = self.selected_row()
        if row is None or row >= len(self.rows):
            return None
        payment = self.rows[row]
        return self.show_dialog(
            ReasonDialog(
                self.ctx,
                tr(C, "Delete a National Agency payment"),
                tr(C, "%1 of %2: the audit keeps it with your reason.")
                .replace("%1", kind_label(payment.kind))
                .replace("%2", money(payment.amount_cents)),
                lambda ws, reason: project_cash.delete_na_payment(ws, payment.id, reason),
                self,
            )
        )


class TransfersBox(_ListBox):
    """KA220: transfers from the coordinator to each partner, each editable and deletable."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        headers = [tr(C, "Partner"), tr(C, "Amount"), tr(C, "Transferred on"), tr(C, "Reference")]
        super().__init__(ctx, tr(C, "Transfers to partners"), "transfers", headers, parent)
        self.rows: list[project_cash.TransferRow] = []
        self.partners: list[tuple[int, str]] = []

    def set_partners(self, partners: list[tuple[int, str]]) -> None:
        self.partners = partners

    def reload(self) -> None:
        if self.project_id is None:
            return
        self.rows = project_cash.partner_transfers(self.ctx.workspace, self.project_id)
        _fill(
            self.table,
            [[r.organisation, money(r.amount_cents), day(r.transferred_on), r.reference] for r in self.rows],
        )

    def add(self) -> QDialog | None:
        if self.project_id is None:
            return None
        return self.show_dialog(TransferDialog(self.ctx, self.project_id, self.partners, self))

    def edit_selected(self) -> QDialog | None:
        row = self.selected_row()
        if self.project_id is None or row is None or row >= len(self.rows):
            return None
        return self.show_dialog(
            TransferDialog(self.ctx, self.project_id, self.partners, self, self.rows[row])
        )

    def delete_selected(self) -> QDialog | None:
        row = self.selected_row()
        if row is None or row >= len(self.rows):
            return None
        transfer = self.rows[row]
        return self.show_dialog(
            ReasonDialog(
                self.ctx,
                tr(C, "Delete a transfer"),
                tr(C, "%1 to %2: the audit keeps it with your reason.")
                .replace("%1", money(transfer.amount_cents))
                .replace("%2", transfer.organisation),
                lambda ws, reason: project_cash.delete_partner_transfer(ws, transfer.id, reason),
                self,
            )
        )


class RatesBox(QGroupBox):
    """The rate set the project uses: every figure on demand, confirmed from the grant agreement or not."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(tr(C, "Rates of the grant agreement"), parent)
        self.ctx = ctx
        self.project_id: int | None = None
        self.status: project_rates.RatesStatus | None = None
        layout = QHBoxLayout(self)
        self.text = QLabel(self)
        self.text.setObjectName("rates-status")
        self.text.setWordWrap(True)
        layout.addWidget(self.text, 1)
        self.show_button = QPushButton(tr(C, "Every &figure…"), self)
        self.show_button.setObjectName("rates-show")
        self.show_button.setToolTip(
            tr(C, "The rate set's tables: compare them with the annex and correct them")
        )
        self.show_button.clicked.connect(self.show_figures)
        self.confirm_button = QPushButton(tr(C, "&Confirm rates"), self)
        self.confirm_button.setObjectName("rates-confirm")
        self.confirm_button.setToolTip(tr(C, "The figures match the grant agreement's annex"))
        self.confirm_button.clicked.connect(self.confirm)
        self.unconfirm_button = QPushButton(tr(C, "&Unconfirm"), self)
        self.unconfirm_button.setObjectName("rates-unconfirm")
        self.unconfirm_button.clicked.connect(self.unconfirm)
        for button in (self.show_button, self.confirm_button, self.unconfirm_button):
            layout.addWidget(button)

    def load(self, project_id: int) -> None:
        self.project_id = project_id
        self.status = project_rates.rates_status(self.ctx.workspace, project_id)
        status = self.status
        if status.confirmed_on is not None:
            text = tr(C, "%1 (%2), confirmed from the grant agreement on %3.")
            text = text.replace("%3", day(status.confirmed_on))
            color = tone_color(self, "good")
        else:
            text = tr(C, "%1 (%2): rates not confirmed. Compare every figure with the annex, then confirm.")
            color = tone_color(self, "bad")
        text = text.replace("%1", status.rate_set).replace("%2", status.name)
        if status.unverified:
            text += " " + tr(C, "Unverified in the built-in set: %1.").replace(
                "%1", ", ".join(status.unverified)
            )
        self.text.setText(text)
        self.text.setStyleSheet(f"color: {color.name()};" if color else "")
        self.confirm_button.setEnabled(status.confirmed_on is None)
        self.unconfirm_button.setEnabled(status.confirmed_on is not None)

    def show_figures(self) -> QDialog | None:
        if self.status is None:
            return None
        editor = RateSetEditor(self.ctx, self.status.rate_set_id, self)
        editor.open()
        return editor

    def _write(self, op: Callable[[Workspace], Result[Any]]) -> None:
        project_id = self.project_id
        if project_id is not None:
            self.ctx.tasks.write(op, on_done=lambda _value: self.load(project_id))

    def confirm(self) -> None:
        if self.project_id is not None:
            pid = self.project_id
            self._write(lambda ws: project_rates.confirm_rates(ws, pid))

    def unconfirm(self) -> None:
        if self.project_id is not None:
            pid = self.project_id
            self._write(lambda ws: project_rates.unconfirm_rates(ws, pid))


# --------------------------------------------------------------------------- KA220 set-up forms
