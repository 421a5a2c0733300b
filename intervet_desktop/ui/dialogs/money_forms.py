"""Small money forms: payment terms, an expense in kind, NA payments, partner transfers and
work-package progress. Problems from the service are shown under their fields; nothing is saved
until there is none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
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

from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.services import payment_terms, payments, project_cash, work_packages
from intervet_desktop.services.changes import Result
from intervet_desktop.services.workspace_door import Workspace
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import day, money
from intervet_desktop.ui.i18n import render_problems, tr, trn
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
        self.preview = QLabel(self)
        self.preview.setObjectName("terms-preview")
        self.preview.setWordWrap(True)
        self.preview.setVisible(False)
        self._layout.addWidget(self.preview)
        self.previewed: tuple[str, int] | None = None
        self.finish()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr(C, "Preview"))

    def save(self) -> None:
        """First a preview of what changes (nothing saved); Apply then saves those terms."""
        share, days, pid = self.share.text(), self.days.value(), self.project_id
        if self.previewed == (share, days):
            self.submit(lambda ws: payment_terms.apply_terms(ws, pid, share, days))
            return
        for label in self.errors.values():
            label.setVisible(False)
        try:
            preview = payment_terms.preview_terms(self.ctx.workspace, pid, share, days)
        except ValidationError as error:
            self._failed(error)
            return
        lines = [
            trn(
                C,
                "%n mobility gets new open instalments:",
                "%n mobilities get new open instalments:",
                len(preview.changed),
            )
            if preview.changed
            else tr(C, "No open instalment changes.")
        ]
        for row in preview.changed[:12]:
            lines.append(
                tr(C, "%1: open %2 → %3, balance due %4 → %5")
                .replace("%1", row.participant or f"#{row.mobility_id}")
                .replace("%2", money(sum(row.old_open_cents)))
                .replace("%3", money(sum(row.new_open_cents)))
                .replace("%4", day(row.old_balance_due))
                .replace("%5", day(row.new_balance_due))
            )
        if preview.kept_count:
            lines.append(
                trn(
                    C,
                    "%n completed, reported or cancelled mobility keeps its terms.",
                    "%n completed, reported or cancelled mobilities keep their terms.",
                    preview.kept_count,
                )
            )
        self.preview.setText("\n".join(lines))
        self.preview.setVisible(True)
        self.previewed = (share, days)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr(C, "Apply"))


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


OVER_LIMIT = ("na_over_award", "transfer_over_share")


class _LimitedDialog(_FormDialog):
    """A form whose amount may pass a limit: the refusal reveals a reason field; with a reason it saves."""

    def add_reason(self) -> None:
        self.reason = QLineEdit(self)
        self.reason.setObjectName("over-limit-reason")
        self.reason_label = QLabel(tr(C, "Reason to go over the limit"), self)
        self.form.addRow(self.reason_label, self.reason)
        self.reason.setVisible(False)
        self.reason_label.setVisible(False)

    def refused(self, problems: list[Problem]) -> bool:
        """Show the problems; over the limit without a reason: ask for one. True: do not save."""
        if not problems:
            return False
        self._failed(ValidationError(problems))
        return True

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError) and any(p.message.code in OVER_LIMIT for p in error.problems):
            self.reason.setVisible(True)
            self.reason_label.setVisible(True)
        super()._failed(error)


class NaPaymentDialog(_LimitedDialog):
    """Money from the National Agency: received (with its date) or expected (with a due date)."""

    def __init__(
        self,
        ctx: AppContext,
        project_id: int,
        parent: QWidget | None = None,
        row: project_cash.NaPaymentRow | None = None,
    ) -> None:
        super().__init__(
            ctx,
            tr(C, "National Agency payment"),
            tr(C, "Enter the date received, or leave it empty and give the date it is due."),
            parent,
        )
        self.project_id = project_id
        self.row = row
        self.kind = QComboBox(self)
        self.kind.setObjectName("na-kind")
        for value, label in (
            ("prefinancing", tr(C, "Pre-financing")),
            ("further_prefinancing", tr(C, "Further pre-financing")),
            ("balance", tr(C, "Balance")),
            ("recovery", tr(C, "Recovery by the NA")),
        ):
            self.kind.addItem(label, value)
        self.amount = QLineEdit(self)
        self.amount.setObjectName("na-amount")
        self.received = QCheckBox(tr(C, "Received"), self)
        self.received.setChecked(True)
        self.on = QDateEdit(self)
        self.on.setObjectName("na-date")
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setDate(_qdate(date.today()))
        self.reference = QLineEdit(self)
        self.add_field("kind", tr(C, "Kind"), self.kind)
        self.add_field("amount", tr(C, "Amount (EUR)"), self.amount)
        self.add_field("received_on", tr(C, "Received or due on"), self.on)
        self.form.addRow("", self.received)
        self.add_field("reference", tr(C, "Reference"), self.reference)
        self.add_reason()
        self.finish()
        if row is not None:
            self.kind.setCurrentIndex(max(self.kind.findData(row.kind), 0))
            self.amount.setText(f"{abs(row.amount_cents) / 100:.2f}")
            self.received.setChecked(row.received_on is not None)
            self.on.setDate(_qdate(row.received_on or row.due_date or date.today()))
            self.reference.setText(row.reference)

    def form_values(self) -> project_cash.NaPaymentForm:
        on = _date(self.on)
        received = self.received.isChecked()
        return project_cash.NaPaymentForm(
            kind=str(self.kind.currentData()),
            amount=self.amount.text(),
            due_date=None if received else on,
            received_on=on if received else None,
            reference=self.reference.text(),
            over_limit_reason=self.reason.text(),
        )

    def save(self) -> None:
        form, pid = self.form_values(), self.project_id
        if self.row is None:
            if self.refused(project_cash.validate_na_payment(self.ctx.workspace, pid, form)):
                return
            self.submit(lambda ws: project_cash.record_na_payment(ws, pid, form))
        else:
            row_id = self.row.id
            self.submit(lambda ws: project_cash.update_na_payment(ws, row_id, form))


class TransferDialog(_LimitedDialog):
    """KA220: money the coordinator transfers to a partner."""

    def __init__(
        self,
        ctx: AppContext,
        project_id: int,
        partners: list[tuple[int, str]],
        parent: QWidget | None = None,
        row: project_cash.TransferRow | None = None,
    ) -> None:
        super().__init__(ctx, tr(C, "Transfer to a partner"), "", parent)
        self.project_id = project_id
        self.row = row
        self.partner = QComboBox(self)
        self.partner.setObjectName("transfer-partner")
        for org_id, name in partners:
            self.partner.addItem(name, org_id)
        self.amount = QLineEdit(self)
        self.amount.setObjectName("transfer-amount")
        self.on = QDateEdit(self)
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setDate(_qdate(date.today()))
        self.reference = QLineEdit(self)
        self.add_field("organisation", tr(C, "Partner"), self.partner)
        self.add_field("amount", tr(C, "Amount (EUR)"), self.amount)
        self.add_field("transferred_on", tr(C, "Transferred on"), self.on)
        self.add_field("reference", tr(C, "Reference"), self.reference)
        self.add_reason()
        self.finish()
        if row is not None:
            self.partner.setCurrentIndex(max(self.partner.findData(row.organisation_id), 0))
            self.amount.setText(f"{row.amount_cents / 100:.2f}")
            self.on.setDate(_qdate(row.transferred_on))
            self.reference.setText(row.reference)

    def save(self) -> None:
        form = project_cash.TransferForm(
            organisation_id=int(self.partner.currentData() or 0),
            amount=self.amount.text(),
            transferred_on=_date(self.on),
            reference=self.reference.text(),
            over_limit_reason=self.reason.text(),
        )
        pid = self.project_id
        if self.row is None:
            if self.refused(project_cash.validate_partner_transfer(self.ctx.workspace, pid, form)):
                return
            self.submit(lambda ws: project_cash.record_partner_transfer(ws, pid, form))
        else:
            row_id = self.row.id
            self.submit(lambda ws: project_cash.update_partner_transfer(ws, row_id, form))


class ReasonDialog(_FormDialog):
    """Asks why before an action that the audit keeps (a deletion, a cancellation)."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        intro: str,
        op: Callable[[Workspace, str], Result[Any]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, title, intro, parent)
        self.op = op
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.add_field("reason", tr(C, "Reason"), self.reason)
        self.finish()

    def save(self) -> None:
        reason, op = self.reason.text(), self.op
        self.submit(lambda ws: op(ws, reason))


class WorkPackageDialog(_FormDialog):
    """Completion of a KA220 work package, with its evidence; at 100 % the date is required."""

    def __init__(
        self,
        ctx: AppContext,
        work_package_id: int,
        title: str,
        completion_pct: int,
        completed_on: date | None,
        evidence: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, tr(C, "Work package progress"), title, parent)
        self.work_package_id = work_package_id
        self.completion = QSpinBox(self)
        self.completion.setObjectName("wp-completion")
        self.completion.setRange(-1000, 1000)
        self.completion.setSuffix(" %")
        self.completion.setValue(completion_pct)
        self.completed_on = QDateEdit(self)
        self.completed_on.setObjectName("wp-completed-on")
        self.completed_on.setCalendarPopup(True)
        self.completed_on.setDisplayFormat("yyyy-MM-dd")
        self.completed_on.setDate(_qdate(completed_on or date.today()))
        self.evidence = QLineEdit(evidence, self)
        self.evidence.setObjectName("wp-evidence")
        self.add_field("completion", tr(C, "Completion"), self.completion)
        self.add_field("completed_on", tr(C, "Completed on (at 100 %)"), self.completed_on)
        self.add_field("evidence", tr(C, "Evidence"), self.evidence)
        self.finish()

    def save(self) -> None:
        pct, on, evidence, wp = (
            self.completion.value(),
            _date(self.completed_on),
            self.evidence.text(),
            self.work_package_id,
        )
        self.submit(
            lambda ws: work_packages.set_work_package_progress(
                ws, wp, pct, on if pct >= 100 else None, evidence
            )
        )
