"""Small money forms: a project's payment terms, and an expense the school paid in kind. Problems
from the service are shown under their fields; nothing is saved until there is none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import payments
from intervet_desktop.services.changes import Result
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_problems, tr
from intervet_desktop.ui.widgets.figures_table import tone_color

C = "MoneyForms"


class _FormDialog(QDialog):
    def __init__(self, ctx: AppContext, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro, self)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.errors: dict[str, QLabel] = {}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._layout = layout

    def add_field(self, key: str, label: str, widget: QWidget) -> None:
        self.form.addRow(label, widget)
        error = QLabel(self)
        error.setObjectName(f"error-{key}")
        error.setWordWrap(True)
        color = tone_color(self, "bad")
        if color is not None:
            error.setStyleSheet(f"color: {color.name()};")
        error.setVisible(False)
        self.form.addRow("", error)
        self.errors[key] = error

    def finish(self) -> None:
        self._layout.addWidget(self.buttons)

    def submit(self, op: Callable[[Workspace], Result[Any]]) -> None:
        for label in self.errors.values():
            label.setVisible(False)
        self.ctx.tasks.write(op, on_done=lambda _value: self.accept(), on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, ValidationError):
            raise error
        for key, text in render_problems(error).items():
            label = self.errors.get(key) or next(iter(self.errors.values()))
            label.setText(text)
            label.setVisible(True)
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def save(self) -> None:
        raise NotImplementedError


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(widget: QDateEdit) -> date:
    value = widget.date()
    return date(value.year(), value.month(), value.day())


class PaymentTermsDialog(_FormDialog):
    """The participants' terms of the project's National Agency (model agreement)."""

    def __init__(
        self,
        ctx: AppContext,
        project_id: int,
        prefinancing_bp: int,
        balance_days: int,
        are_defaults: bool,
        parent: QWidget | None = None,
    ) -> None:
        intro = tr(C, "Take these from your National Agency's model agreement with participants.")
        if are_defaults:
            intro += " " + tr(C, "The values below are defaults, not your agency's terms yet.")
        super().__init__(ctx, tr(C, "Payment terms"), intro, parent)
        self.project_id = project_id
        self.share = QLineEdit(f"{prefinancing_bp / 100:g}", self)
        self.share.setObjectName("terms-share")
        self.days = QSpinBox(self)
        self.days.setObjectName("terms-days")
        self.days.setRange(-1000, 1000)
        self.days.setValue(balance_days)
        self.add_field("prefinancing", tr(C, "Pre-financing share (%)"), self.share)
        self.add_field("balance_days", tr(C, "Balance due (days after the end)"), self.days)
        self.finish()

    def save(self) -> None:
        share, days, pid = self.share.text(), self.days.value(), self.project_id
        self.submit(lambda ws: payments.set_payment_terms(ws, pid, share, days))


class InKindDialog(_FormDialog):
    """What the school paid itself for the participant (tickets, accommodation)."""

    def __init__(self, ctx: AppContext, mobility_id: int, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            tr(C, "Record an expense in kind"),
            tr(C, "Recorded expenses of a kind replace the estimate agreed with the participant."),
            parent,
        )
        self.mobility_id = mobility_id
        self.kind = QComboBox(self)
        self.kind.setObjectName("in-kind-kind")
        for value, label in (
            ("travel", tr(C, "Travel")),
            ("accommodation", tr(C, "Accommodation")),
            ("other", tr(C, "Other")),
        ):
            self.kind.addItem(label, value)
        self.amount = QLineEdit(self)
        self.amount.setObjectName("in-kind-amount")
        self.currency = QLineEdit("EUR", self)
        self.currency.setMaxLength(3)
        self.spent_on = QDateEdit(self)
        self.spent_on.setCalendarPopup(True)
        self.spent_on.setDisplayFormat("yyyy-MM-dd")
        self.spent_on.setDate(_qdate(date.today()))
        self.description = QLineEdit(self)
        self.add_field("kind", tr(C, "Kind"), self.kind)
        self.add_field("amount", tr(C, "Amount"), self.amount)
        self.add_field("currency", tr(C, "Currency"), self.currency)
        self.add_field("spent_on", tr(C, "Spent on"), self.spent_on)
        self.add_field("description", tr(C, "Description"), self.description)
        self.finish()

    def save(self) -> None:
        form = payments.InKindForm(
            kind=str(self.kind.currentData()),
            amount=self.amount.text(),
            spent_on=_date(self.spent_on),
            currency=self.currency.text().strip().upper() or "EUR",
            description=self.description.text(),
        )
        mid = self.mobility_id
        self.submit(lambda ws: payments.record_in_kind(ws, mid, form))
