"""Payments to participants: what is due in the next 30 days (overdue first, highlighted), and for
the selected mobility its payment plan, its ledger and a "Record payment" action."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.services import fx, payments
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.listing import ListFilter, ListReader
from intervet_desktop.services.lists import MOBILITIES
from intervet_desktop.services.payments import MobilityPayments, PaymentRow
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.dialogs.money_forms import InKindDialog
from intervet_desktop.ui.dialogs.new_project_wizard import ReversePaymentDialog
from intervet_desktop.ui.dialogs.record_payment import RecordPaymentDialog, kind_label, method_label
from intervet_desktop.ui.formatting import day, enum_label, money
from intervet_desktop.ui.i18n import render_problems, tr, trn
from intervet_desktop.ui.pages.base import Page, page_header
from intervet_desktop.ui.widgets.figures_table import Cell, FiguresTable, overdue_background, tone_color

C = "PaymentsPage"


class FxRateDialog(QDialog):
    """Enter the month's InforEuro rate of a currency (units for one euro)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr(C, "Exchange rates"))
        layout = QVBoxLayout(self)
        known = fx.list_rates(ctx.workspace)[:8]
        listing = "\n".join(f"{r.month:%Y-%m}  {r.currency}  {r.rate}" for r in known)
        existing = QLabel(listing or tr(C, "No rates entered yet."), self)
        existing.setEnabled(False)
        layout.addWidget(existing)
        form = QFormLayout()
        self.currency = QLineEdit(self)
        self.currency.setObjectName("fx-currency")
        self.currency.setMaxLength(3)
        self.currency.setPlaceholderText("HUF")
        self.month = QDateEdit(self)
        self.month.setObjectName("fx-month")
        self.month.setDisplayFormat("yyyy-MM")
        today = date.today()
        self.month.setDate(QDate(today.year, today.month, 1))
        self.rate = QLineEdit(self)
        self.rate.setObjectName("fx-rate")
        self.rate.setPlaceholderText("390.25")
        self.error = QLabel(self)
        color = tone_color(self, "bad")
        if color is not None:
            self.error.setStyleSheet(f"color: {color.name()};")
        self.error.setWordWrap(True)
        form.addRow(tr(C, "Currency"), self.currency)
        form.addRow(tr(C, "Month"), self.month)
        form.addRow(tr(C, "Units for one euro"), self.rate)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        qdate = self.month.date()
        month = date(qdate.year(), qdate.month(), 1)
        currency, rate = self.currency.text(), self.rate.text()
        self.ctx.tasks.write(
            lambda ws: fx.set_rate(ws, currency, month, rate),
            on_done=lambda _r: self.accept(),
            on_error=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.error.setText("\n".join(render_problems(error).values()))
            return
        raise error


class PaymentsPage(Page):
    key = "payments"
    icon_name = "payments"
    watches = (Kind.PAYMENT, Kind.MOBILITY, Kind.PROJECT, Kind.FX_RATE, Kind.IN_KIND)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = date.today()
        self.mobility_id: int | None = None
        self.plan: MobilityPayments | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(page_header(self.title(), self))
        top.addStretch(1)
        self.rates_button = QPushButton(tr(C, "Exchange rates…"), self)
        self.rates_button.setObjectName("fx-rates")
        self.rates_button.clicked.connect(self.edit_rates)
        top.addWidget(self.rates_button)
        layout.addLayout(top)
        self.summary = QLabel(self)
        self.summary.setObjectName("due-summary")
        layout.addWidget(self.summary)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        due_box = QGroupBox(tr(C, "Due in the next 30 days, overdue first"), splitter)
        due_layout = QVBoxLayout(due_box)
        self.due_table = FiguresTable(
            [
                tr(C, "Due"),
                tr(C, "Participant"),
                tr(C, "Kind"),
                tr(C, "Amount"),
                tr(C, "Overdue"),
            ],
            due_box,
            first_width=95,
        )
        self.due_table.setObjectName("due-table")
        self.due_table.align_numbers([3, 4])
        self.due_table.stretch_column(1)
        self.due_table.itemSelectionChanged.connect(self._due_selected)
        due_layout.addWidget(self.due_table)
        splitter.addWidget(due_box)
        splitter.addWidget(self._mobility_panel(splitter))
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([540, 620])
        layout.addWidget(splitter, 1)
        self.reload()

    def title(self) -> str:
        return tr("Pages", "Payments")

    def _mobility_panel(self, parent: QWidget) -> QWidget:
        panel = QWidget(parent)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        find = QHBoxLayout()
        self.find_box = QLineEdit(panel)
        self.find_box.setObjectName("find-mobility")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setPlaceholderText(tr(C, "Find a participant's mobility"))
        self.find_box.returnPressed.connect(self._search)
        self.found = QComboBox(panel)
        self.found.setObjectName("found-mobilities")
        self.found.setMinimumContentsLength(24)
        self.found.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.found.activated.connect(self._found_chosen)
        self.found.setVisible(False)
        find.addWidget(self.find_box, 1)
        find.addWidget(self.found, 1)
        layout.addLayout(find)
        self.heading = QLabel(panel)
        self.heading.setObjectName("mobility-heading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)

        plan_box = QGroupBox(tr(C, "Payment plan"), panel)
        plan_layout = QVBoxLayout(plan_box)
        self.figures = QLabel(plan_box)
        self.figures.setObjectName("plan-figures")
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        plan_layout.addWidget(self.figures)
        self.terms = QLabel(plan_box)
        self.terms.setObjectName("plan-terms")
        self.terms.setWordWrap(True)
        plan_layout.addWidget(self.terms)
        self.plan_table = FiguresTable(
            [tr(C, "Instalment"), tr(C, "Due"), tr(C, "Scheduled"), tr(C, "Paid"), tr(C, "Outstanding")],
            plan_box,
            first_width=150,
        )
        self.plan_table.setObjectName("plan-table")
        self.plan_table.align_numbers([2, 3, 4])
        self.plan_table.stretch_first()
        plan_layout.addWidget(self.plan_table)
        layout.addWidget(plan_box)

        ledger_box = QGroupBox(tr(C, "Ledger"), panel)
        ledger_layout = QVBoxLayout(ledger_box)
        self.ledger = FiguresTable(
            [
                tr(C, "Paid on"),
                tr(C, "Kind"),
                tr(C, "Amount"),
                tr(C, "In EUR"),
                tr(C, "Rate"),
                tr(C, "Method"),
                tr(C, "Reference"),
            ],
            ledger_box,
            first_width=95,
        )
        self.ledger.setObjectName("ledger")
        self.ledger.align_numbers([2, 3, 4])
        self.ledger.stretch_column(6)
        ledger_layout.addWidget(self.ledger)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.in_kind_button = QPushButton(tr(C, "Expense in &kind…"), ledger_box)
        self.in_kind_button.setObjectName("record-in-kind")
        self.in_kind_button.setToolTip(tr(C, "Tickets or accommodation the school paid itself"))
        self.in_kind_button.clicked.connect(self.record_in_kind)
        buttons.addWidget(self.in_kind_button)
        self.reverse_button = QPushButton(tr(C, "Re&verse payment…"), ledger_box)
        self.reverse_button.setObjectName("reverse-payment")
        self.reverse_button.setToolTip(tr(C, "Cancel the selected payment with a reversing entry"))
        self.reverse_button.clicked.connect(self.reverse_payment)
        buttons.addWidget(self.reverse_button)
        self.record_button = QPushButton(tr(C, "&Record payment…"), ledger_box)
        self.record_button.setObjectName("record-payment")
        self.record_button.clicked.connect(self.record_payment)
        buttons.addWidget(self.record_button)
        ledger_layout.addLayout(buttons)
        layout.addWidget(ledger_box, 1)
        return panel

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        due = payments.payments_due(self.ctx.workspace, self.today)
        self.summary.setText(
            trn(C, "%n payment due in the next 30 days", "%n payments due in the next 30 days", due.count)
            + f" · {money(due.total_cents)} · "
            + tr(C, "%n overdue", None, due.overdue_count)
        )
        background = overdue_background(self)
        rows = []
        highlight: dict[int, object] = {}
        for i, row in enumerate(due.rows):
            if row.overdue:
                highlight[i] = background
            rows.append(
                [
                    Cell(day(row.due_date), data=row.mobility_id, bold=row.overdue),
                    Cell(row.participant, tooltip=row.project_code),
                    Cell(kind_label(row.kind)),
                    Cell(money(row.amount_eur_cents), number=True),
                    Cell(
                        trn(C, "%n day", "%n days", row.days_overdue) if row.overdue else "",
                        number=True,
                        tone="bad",
                        bold=True,
                    ),
                ]
            )
        self.due_table.blockSignals(True)
        self.due_table.fill(rows, row_backgrounds=highlight)  # type: ignore[arg-type]
        self.due_table.blockSignals(False)
        if self.mobility_id is None and due.rows:
            self.due_table.selectRow(0)
        else:
            self.show_mobility(self.mobility_id)

    def _due_selected(self) -> None:
        items = self.due_table.selectedItems()
        if items:
            first = self.due_table.item(items[0].row(), 0)
            if first is not None:
                self.show_mobility(int(first.data(Qt.ItemDataRole.UserRole)))

    def _search(self) -> None:
        reader = ListReader(self.ctx.workspace, MOBILITIES)
        rows = reader.page(ListFilter(self.find_box.text()), None, 0, 30)
        self.found.clear()
        for row in rows:
            # id, participant, activity, direction, host, city, country, start, ...
            self.found.addItem(f"{row[1]} · {day(row[8])} · {enum_label(row[2])}", row[0])
        self.found.setVisible(bool(rows))
        if rows:
            self.show_mobility(int(rows[0][0]))

    def _found_chosen(self, index: int) -> None:
        value = self.found.itemData(index)
        if value is not None:
            self.show_mobility(int(value))

    def show_mobility(self, mobility_id: int | None) -> None:
        self.mobility_id = mobility_id
        self.record_button.setEnabled(mobility_id is not None)
        self.in_kind_button.setEnabled(mobility_id is not None)
        if mobility_id is None:
            self.plan = None
            self.heading.setText(tr(C, "Choose a payment on the left or find a mobility."))
            self.figures.setText("")
            self.terms.setText("")
            self.plan_table.fill([])
            self.ledger.fill([])
            self.ledger_rows: list[PaymentRow] = []
            return
        plan = payments.payment_plan(self.ctx.workspace, mobility_id, self.today)
        self.plan = plan
        self.heading.setText(
            f"{plan.participant} · {plan.project_code} · {enum_label(plan.status)} · "
            f"{day(plan.start)} – {day(plan.end)}"
        )
        figures = plan.plan
        bad = tone_color(self, "bad")
        lines = [
            tr(C, "Participant's grant %1").replace("%1", money(plan.participant_grant_cents)),
            tr(C, "in kind %1").replace("%1", money(figures.in_kind_cents)),
            "<b>" + tr(C, "cash due %1").replace("%1", money(figures.cash_due_cents)) + "</b>",
            tr(C, "paid %1").replace("%1", money(figures.paid_cents)),
        ]
        text = " · ".join(lines)
        if figures.recovery_cents:
            text += (
                f"<br><b style='color:{bad.name() if bad else ''}'>"
                + tr(C, "To recover: %1 (paid beyond the entitlement)").replace(
                    "%1", money(figures.recovery_cents)
                )
                + "</b>"
            )
        if figures.in_kind_beyond_entitlement_cents:
            text += "<br>" + tr(C, "Spent in kind beyond the entitlement: %1").replace(
                "%1", money(figures.in_kind_beyond_entitlement_cents)
            )
        self.figures.setText(text)
        terms = (
            tr(C, "Terms: %1 % before departure, balance %2 days after the end.")
            .replace("%1", f"{plan.prefinancing_bp / 100:g}")
            .replace("%2", str(plan.balance_days))
        )
        if plan.terms_are_defaults:
            terms += " " + tr(C, "(default terms: check your National Agency's model agreement)")
        self.terms.setText(terms)
        self.plan_table.fill(
            [
                [
                    Cell(kind_label(i.kind)),
                    Cell(day(i.due_date), number=True),
                    Cell(money(i.scheduled_cents), number=True),
                    Cell(money(i.paid_cents), number=True),
                    Cell(
                        money(i.outstanding_cents),
                        number=True,
                        tone="bad" if i.outstanding_cents and i.due_date < self.today else "",
                    ),
                ]
                for i in figures.instalments
            ]
        )
        self.plan_table.fit_height(max(len(figures.instalments), 2))
        self.plan_table.setVisible(bool(figures.instalments))
        self.ledger.fill(
            [
                [
                    Cell(day(p.paid_on)),
                    Cell(kind_label(p.kind)),
                    Cell(money(p.amount_cents, p.currency), number=True),
                    Cell(money(p.amount_eur_cents), number=True),
                    Cell(
                        p.fx_rate or "",
                        number=True,
                        tooltip=tr(C, "InforEuro rate of %1").replace("%1", f"{p.fx_date:%Y-%m}")
                        if p.fx_date
                        else "",
                    ),
                    Cell(method_label(p.method)),
                    Cell(self._reference(p), tone="muted" if p.reversed_by or p.reverses_id else ""),
                ]
                for p in plan.ledger
            ]
        )
        self.ledger_rows = list(plan.ledger)

    def _reference(self, payment: PaymentRow) -> str:
        if payment.reverses_id is not None:
            return (
                tr(C, "reverses #%1: %2").replace("%1", str(payment.reverses_id)).replace("%2", payment.note)
            )
        if payment.reversed_by is not None:
            return (
                tr(C, "#%1 reversed by #%2")
                .replace("%1", str(payment.id))
                .replace("%2", str(payment.reversed_by))
            )
        return payment.reference

    # ------------------------------------------------------------------ actions
    def record_payment(self) -> None:
        if self.mobility_id is None:
            return
        dialog = RecordPaymentDialog(self.ctx, self.mobility_id, self, today=self.today)
        dialog.exec()

    def reverse_payment(self) -> None:
        rows = getattr(self, "ledger_rows", [])
        row = self.ledger.currentRow()
        if not 0 <= row < len(rows):
            return
        payment = rows[row]
        amount = money(payment.amount_eur_cents)
        summary = f"#{payment.id} {day(payment.paid_on)} {kind_label(payment.kind)} {amount}"
        ReversePaymentDialog(self.ctx, payment.id, summary, self).exec()

    def record_in_kind(self) -> None:
        if self.mobility_id is not None:
            InKindDialog(self.ctx, self.mobility_id, self).exec()

    def edit_rates(self) -> None:
        FxRateDialog(self.ctx, self).exec()
