"""Plans that change, from the mobility: cancel or shorten it (with or without force majeure), with
the reason the audit keeps; once saved, the dialog shows the re-planned payments and any amount to
recover from the participant."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QDialogButtonBox, QLabel, QLineEdit, QWidget

from intervet_desktop.services import mobility_cancel
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.dialogs.money_forms import _date, _FormDialog, _qdate
from intervet_desktop.ui.formatting import day, money
from intervet_desktop.ui.i18n import tr

C = "PlanChange"


def instalment_label(kind: str) -> str:
    return {"prefinancing": tr(C, "Pre-financing"), "balance": tr(C, "Balance")}.get(kind, kind)


def plan_text(change: mobility_cancel.PlanChange) -> str:
    """The new plan in words: entitlement, each instalment, what was paid and any recovery."""
    plan = change.plan
    lines = [
        tr(C, "Entitlement now %1; paid so far %2.")
        .replace("%1", money(plan.entitlement_cents))
        .replace("%2", money(plan.paid_cents))
    ]
    for instalment in plan.instalments:
        lines.append(
            tr(C, "%1 due %2: %3 scheduled, %4 paid.")
            .replace("%1", instalment_label(instalment.kind))
            .replace("%2", day(instalment.due_date))
            .replace("%3", money(instalment.scheduled_cents))
            .replace("%4", money(instalment.paid_cents))
        )
    if not plan.instalments:
        lines.append(tr(C, "No instalments left to pay: the open ones are withdrawn."))
    if plan.recovery_cents:
        lines.append(
            tr(C, "To recover from the participant: %1 by %2.")
            .replace("%1", money(plan.recovery_cents))
            .replace("%2", day(plan.recovery_due))
        )
    if change.force_majeure:
        lines.append(tr(C, "Force majeure: the eligible costs stay committed and go to the BM flagged."))
    return "\n".join(lines)


class PlanChangeDialog(_FormDialog):
    """Cancel or shorten one mobility; the reason is required."""

    def __init__(
        self, ctx: AppContext, mobility_id: int, current_end: date | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ctx,
            tr(C, "Cancel or shorten the mobility"),
            tr(C, "The payment plan is recomputed at once: open instalments are withdrawn, overpayments "
               "become a recovery."),
            parent,
        )  # fmt: skip
        self.mobility_id = mobility_id
        self.change: mobility_cancel.PlanChange | None = None
        self.what = QComboBox(self)
        self.what.setObjectName("plan-change-what")
        self.what.addItem(tr(C, "Cancel"), "cancel")
        self.what.addItem(tr(C, "Shorten (new end date)"), "shorten")
        self.new_end = QDateEdit(self)
        self.new_end.setObjectName("plan-change-end")
        self.new_end.setCalendarPopup(True)
        self.new_end.setDisplayFormat("yyyy-MM-dd")
        self.new_end.setDate(_qdate(current_end or date.today()))
        self.force_majeure = QCheckBox(tr(C, "Force majeure (the rules keep the eligible costs)"), self)
        self.force_majeure.setObjectName("plan-change-force-majeure")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("plan-change-reason")
        self.add_field("status", tr(C, "Change"), self.what)
        self.add_field("end", tr(C, "New end"), self.new_end)
        self.add_field("force_majeure", "", self.force_majeure)
        self.add_field("reason", tr(C, "Reason"), self.reason)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("plan-change-result")
        self.result_label.setWordWrap(True)
        self.result_label.setVisible(False)
        self._layout.addWidget(self.result_label)
        self.finish()
        self.what.currentIndexChanged.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        self.new_end.setEnabled(self.what.currentData() == "shorten")

    def save(self) -> None:
        if self.change is not None:  # already done: the button now closes
            self.accept()
            return
        mid, reason, fm = self.mobility_id, self.reason.text(), self.force_majeure.isChecked()
        if self.what.currentData() == "shorten":
            end = _date(self.new_end)
            op = lambda ws: mobility_cancel.shorten_mobility(ws, mid, end, reason, force_majeure=fm)  # noqa: E731
        else:
            op = lambda ws: mobility_cancel.cancel_mobility(ws, mid, reason, force_majeure=fm)  # noqa: E731
        for label in self.errors.values():
            label.setVisible(False)
        self.ctx.tasks.write(op, on_done=self._done, on_error=self._failed)

    def _done(self, change: mobility_cancel.PlanChange) -> None:
        self.change = change
        self.result_label.setText(plan_text(change))
        self.result_label.setVisible(True)
        for widget in (self.what, self.new_end, self.force_majeure, self.reason):
            widget.setEnabled(False)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
