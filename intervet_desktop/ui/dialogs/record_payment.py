"""Record a payment to (or a recovery from) a participant, checked as the user types: each
problem is shown under its field, and Save stays off until there is none."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.services import payments
from intervet_desktop.services.payments import METHODS, PaymentForm
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import money
from intervet_desktop.ui.i18n import render_problems, tr
from intervet_desktop.ui.widgets.figures_table import tone_color

C = "RecordPaymentDialog"


def kind_label(kind: str, *, long: bool = False) -> str:
    if long and kind == "recovery":
        return tr(C, "Recovery (money back)")
    return {
        "prefinancing": tr(C, "Pre-financing"),
        "balance": tr(C, "Balance"),
        "other": tr(C, "Other payment"),
        "recovery": tr(C, "Recovery"),
    }.get(kind, kind)


def method_label(method: str | None) -> str:
    if not method:
        return ""
    return {
        "bank_transfer": tr(C, "Bank transfer"),
        "cash": tr(C, "Cash"),
        "card": tr(C, "Card"),
        "other": tr(C, "Other"),
    }.get(method, method)


class RecordPaymentDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        mobility_id: int,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mobility_id = mobility_id
        self.today = today or date.today()
        self.saved: payments.PaymentRow | None = None
        self._touched: set[str] = set()
        self.setObjectName("record-payment")
        self.setWindowTitle(tr(C, "Record payment"))
        plan = payments.payment_plan(ctx.workspace, mobility_id, self.today)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(C, "%1 · still owed %2")
            .replace("%1", plan.participant)
            .replace("%2", money(plan.plan.outstanding_cents))
            + (
                " · " + tr(C, "to recover %1").replace("%1", money(plan.plan.recovery_cents))
                if plan.plan.recovery_cents
                else ""
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.kind = QComboBox(self)
        self.kind.setObjectName("payment-kind")
        for kind in ("prefinancing", "balance", "other", "recovery"):
            self.kind.addItem(kind_label(kind, long=True), kind)
        next_kind = next((r.kind for r in plan.open_rows), "prefinancing")
        self.kind.setCurrentIndex(max(self.kind.findData(next_kind), 0))
        self.amount = QLineEdit(self)
        self.amount.setObjectName("payment-amount")
        self.amount.setPlaceholderText("0.00")
        suggested = next((r.amount_eur_cents for r in plan.open_rows), 0)
        if suggested:
            self.amount.setText(f"{abs(suggested) / 100:.2f}")
        self.currency = QLineEdit("EUR", self)
        self.currency.setObjectName("payment-currency")
        self.currency.setMaxLength(3)
        self.currency.setMaximumWidth(80)
        self.paid_on = QDateEdit(self)
        self.paid_on.setObjectName("payment-date")
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat("yyyy-MM-dd")
        self.paid_on.setDate(QDate(self.today.year, self.today.month, self.today.day))
        self.method = QComboBox(self)
        self.method.setObjectName("payment-method")
        for method in METHODS:
            self.method.addItem(method_label(method), method)
        self.reference = QLineEdit(self)
        self.reference.setObjectName("payment-reference")
        self.reference.setMaxLength(120)
        self.note = QLineEdit(self)
        self.note.setObjectName("payment-note")
        self.errors: dict[str, QLabel] = {}
        fields: list[tuple[str, str, QWidget]] = [
            ("kind", tr(C, "Kind"), self.kind),
            ("amount", tr(C, "Amount"), self.amount),
            ("currency", tr(C, "Currency"), self.currency),
            ("paid_on", tr(C, "Paid on"), self.paid_on),
            ("method", tr(C, "Method"), self.method),
            ("reference", tr(C, "Reference"), self.reference),
            ("note", tr(C, "Note"), self.note),
        ]
        color = tone_color(self, "bad")
        for key, label, widget in fields:
            form.addRow(label, widget)
            error = QLabel(self)
            error.setObjectName(f"error-{key}")
            error.setWordWrap(True)
            if color is not None:
                error.setStyleSheet(f"color: {color.name()};")
            error.setVisible(False)
            form.addRow("", error)
            self.errors[key] = error
        hint = QLabel(
            tr(
                C,
                "Amounts in another currency are converted at the month's InforEuro rate "
                "(Payments > Exchange rates).",
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout.addWidget(hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("payment-save")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.amount.textEdited.connect(lambda _t: self._edited("amount"))
        self.currency.textEdited.connect(lambda _t: self._edited("currency"))
        self.paid_on.dateChanged.connect(lambda _d: self._edited("paid_on"))
        self.kind.currentIndexChanged.connect(lambda _i: self._edited("kind"))
        self.setMinimumWidth(460)
        self._validate()

    def form(self) -> PaymentForm:
        qdate = self.paid_on.date()
        return PaymentForm(
            kind=str(self.kind.currentData()),
            amount=self.amount.text(),
            paid_on=date(qdate.year(), qdate.month(), qdate.day()),
            currency=self.currency.text().strip().upper() or "EUR",
            method=str(self.method.currentData()),
            reference=self.reference.text(),
            note=self.note.text(),
        )

    def _edited(self, key: str) -> None:
        self._touched.add(key)
        self._validate()

    def _validate(self, *, show_all: bool = False) -> bool:
        problems = payments.validate_payment(self.ctx.workspace, self.mobility_id, self.form(), self.today)
        self._show(render_problems(ValidationError(problems)) if problems else {}, show_all=show_all)
        self.save_button.setEnabled(not problems)
        return not problems

    def _show(self, shown: dict[str, str], *, show_all: bool) -> None:
        touched = self._touched | ({"amount"} if self.amount.text() else set())
        for key, label in self.errors.items():
            text = shown.get(key, "") if show_all or key in touched else ""
            label.setText(text)
            label.setVisible(bool(text))
        self._grow()

    def _grow(self) -> None:
        """Make room for messages that appeared (never shrink under the user's hands)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        height = max(self.height(), self.sizeHint().height())
        if height != self.height():
            self.resize(self.width(), height)

    def save(self) -> None:
        if not self._validate(show_all=True):
            return
        form = self.form()
        self.ctx.tasks.write(
            lambda ws: payments.record_payment(ws, self.mobility_id, form, self.today),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, row: payments.PaymentRow) -> None:
        self.saved = row
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self._show(render_problems(error), show_all=True)
            self.save_button.setEnabled(False)
            return
        raise error
