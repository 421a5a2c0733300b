"""Budget of one project: per budget item awarded, committed, realised, paid and remaining, with
the room the transfer rule leaves; the project's cash (NA payments against commitments); and for a
KA220 partnership, its work packages, partner shares, completion and the amount at risk."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.budget_figures import CashPosition, ItemFigures, ProjectBudget
from intervet_desktop.services import choices
from intervet_desktop.services.budget import project_budget
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.work_packages import LumpSumBudget, lump_sum_budget
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.dialogs.money_forms import (
    NaPaymentDialog,
    PaymentTermsDialog,
    TransferDialog,
    WorkPackageDialog,
)
from intervet_desktop.ui.dialogs.new_project_wizard import AwardDialog, NewProjectWizard
from intervet_desktop.ui.dialogs.partnership_dialogs import PartnershipDialog
from intervet_desktop.ui.dialogs.project_money import NaPaymentsBox, RatesBox, TransfersBox
from intervet_desktop.ui.dialogs.project_settings import ProjectSettingsDialog
from intervet_desktop.ui.formatting import day, enum_label, money
from intervet_desktop.ui.i18n import render_message, tr
from intervet_desktop.ui.pages.base import Page, page_header
from intervet_desktop.ui.widgets.charts import Bar, BarChart
from intervet_desktop.ui.widgets.figures_table import Cell, FiguresTable, tone_color

C = "BudgetPage"


def item_label(item: str) -> str:
    labels = {
        "travel": tr(C, "Travel"),
        "individual_support": tr(C, "Individual support"),
        "organisational_support": tr(C, "Organisational support"),
        "inclusion_support_organisation": tr(C, "Inclusion support (organisations)"),
        "inclusion_support_participants": tr(C, "Inclusion support (participants)"),
        "course_fees": tr(C, "Course fees"),
        "exceptional_costs": tr(C, "Exceptional costs"),
        "preparatory_visits": tr(C, "Preparatory visits"),
        "total": tr(C, "Total"),
    }
    return labels.get(item, item)


def role_label(role: str) -> str:
    labels = {
        "coordinator": tr(C, "Coordinator"),
        "partner": tr(C, "Partner"),
        "consortium_member": tr(C, "Consortium member"),
        "associated": tr(C, "Associated partner"),
    }
    return labels.get(role, role)


def room_cell(figures: ItemFigures, limit_bp: int | None) -> Cell:
    room = figures.room
    if room is None:
        return Cell("")
    if room.overrun_cents:
        if room.uncovered_cents:
            return Cell(
                tr(C, "%1 short").replace("%1", money(room.uncovered_cents)),
                number=True,
                tone="bad",
                tooltip=tr(C, "Over the award by %1; transfers can cover %2.")
                .replace("%1", money(room.overrun_cents))
                .replace("%2", money(room.covered_cents)),
            )
        return Cell(
            tr(C, "covered by transfer"),
            number=True,
            tone="good",
            tooltip=tr(C, "Over the award by %1, within the transfer rule.").replace(
                "%1", money(room.overrun_cents)
            ),
        )
    if limit_bp is None:
        return Cell(tr(C, "no transfer rule"), number=True, tone="muted")
    return Cell(
        money(room.can_give_cents),
        number=True,
        tooltip=tr(C, "May still move to other items (up to %1 % of this item's award).").replace(
            "%1", f"{limit_bp / 100:g}"
        ),
    )


class CashBox(QGroupBox):
    """The project's money: what came from the NA against what it committed and paid out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr(C, "Cash position"), parent)
        self.form = QFormLayout(self)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.values: dict[str, QLabel] = {}
        rows = [
            ("awarded", tr(C, "Awarded")),
            ("expected", tr(C, "NA pre-financing expected")),
            ("received", tr(C, "Received from the NA")),
            ("na_due", tr(C, "NA payments still due")),
            ("committed", tr(C, "Committed")),
            ("paid", tr(C, "Paid to participants (net)")),
            ("in_kind", tr(C, "Spent in kind")),
            ("transferred", tr(C, "Transferred to partners")),
            ("cash", tr(C, "Cash left (received − spent)")),
        ]
        for key, label in rows:
            value = QLabel("", self)
            value.setObjectName(f"cash-{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(label, value)
            self.values[key] = value

    def show_cash(self, cash: CashPosition, bp: int, lump_sum: bool) -> None:
        figures = {
            "awarded": cash.awarded_cents,
            "expected": cash.na_prefinancing_expected_cents,
            "received": cash.na_received_cents,
            "na_due": cash.na_outstanding_cents,
            "committed": cash.committed_cents,
            "paid": cash.paid_to_participants_cents,
            "in_kind": cash.in_kind_cents,
            "transferred": cash.transferred_to_partners_cents,
            "cash": cash.cash_cents,
        }
        for key, cents in figures.items():
            self.values[key].setText(money(cents))
        label = self.form.labelForField(self.values["expected"])
        if isinstance(label, QLabel):
            label.setText(tr(C, "NA pre-financing expected (%1 %)").replace("%1", f"{bp / 100:g}"))
        self.form.setRowVisible(
            self.values["transferred"], lump_sum or cash.transferred_to_partners_cents != 0
        )
        color = tone_color(self, "bad") if cash.cash_cents < 0 else None
        self.values["cash"].setStyleSheet(
            f"color: {color.name()}; font-weight: bold;" if color else "font-weight: bold;"
        )


class BudgetPage(Page):
    key = "budget"
    icon_name = "budget"
    watches = (
        Kind.MOBILITY,
        Kind.PAYMENT,
        Kind.PROJECT,
        Kind.NA_PAYMENT,
        Kind.PARTNER_TRANSFER,
        Kind.WORK_PACKAGE,
        Kind.GRANT_LINE,
        Kind.IN_KIND,
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(10)

        top = QHBoxLayout()
        top.addWidget(page_header(self.title(), body))
        top.addStretch(1)
        picker_label = QLabel(tr(C, "&Project"), body)
        self.picker = QComboBox(body)
        self.picker.setObjectName("budget-project")
        self.picker.setMinimumContentsLength(32)
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        picker_label.setBuddy(self.picker)
        top.addWidget(picker_label)
        top.addWidget(self.picker)
        self.terms_button = QPushButton(tr(C, "Payment &terms…"), body)
        self.terms_button.setObjectName("payment-terms")
        self.terms_button.setToolTip(tr(C, "Pre-financing share and balance deadline for participants"))
        self.terms_button.clicked.connect(self.edit_terms)
        self.terms_button.setEnabled(False)
        top.addWidget(self.terms_button)
        self.na_button = QPushButton(tr(C, "&NA payment…"), body)
        self.na_button.setObjectName("na-payment")
        self.na_button.setToolTip(tr(C, "Record money received from (or due by) the National Agency"))
        self.na_button.clicked.connect(self.record_na_payment)
        self.na_button.setEnabled(False)
        top.addWidget(self.na_button)
        self.award_button = QPushButton(tr(C, "&Awarded budget…"), body)
        self.award_button.setObjectName("award-button")
        self.award_button.setToolTip(
            tr(C, "The grant agreement's amount per budget item and its transfer rule")
        )
        self.award_button.clicked.connect(self.open_award)
        self.award_button.setEnabled(False)
        top.addWidget(self.award_button)
        self.project_button = QPushButton(tr(C, "P&roject…"), body)
        self.project_button.setObjectName("project-settings-button")
        self.project_button.setToolTip(tr(C, "Code, period, rate set, payment terms and report deadlines"))
        self.project_button.clicked.connect(lambda: self.open_project_settings(self.picker.currentData()))
        top.addWidget(self.project_button)
        self.new_project_button = QPushButton(tr(C, "New pro&ject…"), body)
        self.new_project_button.setObjectName("new-project")
        self.new_project_button.clicked.connect(self.open_new_project)
        top.addWidget(self.new_project_button)
        layout.addLayout(top)
        self.subtitle = QLabel(body)
        self.subtitle.setObjectName("budget-subtitle")
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.subtitle)
        self.warnings = QLabel(body)
        self.warnings.setObjectName("budget-warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.setFrameShape(QFrame.Shape.StyledPanel)
        self.warnings.setMargin(8)
        layout.addWidget(self.warnings)
        self.rates_box = RatesBox(self.ctx, body)
        self.rates_box.setObjectName("rates-box")
        layout.addWidget(self.rates_box)

        self.views = QStackedWidget(body)
        layout.addWidget(self.views, 1)
        self.views.addWidget(self._unit_view())
        self.views.addWidget(self._lump_view())
        self.empty = QLabel(tr(C, "No projects yet."), body)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.views.addWidget(self.empty)
        self.na_box = NaPaymentsBox(self.ctx, body)
        layout.addWidget(self.na_box)
        self.budget: ProjectBudget | None = None
        self.lump: LumpSumBudget | None = None
        self._asked = 0
        self.picker.currentIndexChanged.connect(self._show_selected)
        self.reload()

    def title(self) -> str:
        return tr("Pages", "Budget")

    # ------------------------------------------------------------------ views
    def _unit_view(self) -> QWidget:
        view = QWidget()
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        headers = [
            tr(C, "Budget item"),
            tr(C, "Awarded"),
            tr(C, "Committed"),
            tr(C, "Realised"),
            tr(C, "Still planned"),
            tr(C, "Paid"),
            tr(C, "Remaining"),
            tr(C, "Room to transfer"),
        ]
        self.items_table = FiguresTable(headers, view, first_width=210)
        self.items_table.setObjectName("budget-items")
        self.items_table.align_numbers(list(range(1, len(headers))))
        self.items_table.stretch_first()
        layout.addWidget(self.items_table)
        row = QHBoxLayout()
        chart_box = QGroupBox(tr(C, "Committed against awarded, per item"), view)
        chart_layout = QVBoxLayout(chart_box)
        self.chart = BarChart(chart_box)
        self.chart.setObjectName("budget-chart")
        chart_layout.addWidget(self.chart)
        chart_layout.addStretch(1)
        row.addWidget(chart_box, 3)
        self.cash_box = CashBox(view)
        row.addWidget(self.cash_box, 2)
        layout.addLayout(row)
        activity_headers = [
            tr(C, "Activity"),
            tr(C, "Mobilities"),
            tr(C, "Awarded"),
            tr(C, "Committed"),
            tr(C, "Remaining"),
        ]
        self.activity_box = QGroupBox(tr(C, "Per activity type"), view)
        activity_layout = QVBoxLayout(self.activity_box)
        self.activity_table = FiguresTable(activity_headers, self.activity_box, first_width=230)
        self.activity_table.setObjectName("budget-activities")
        self.activity_table.align_numbers([1, 2, 3, 4])
        self.activity_table.stretch_first()
        activity_layout.addWidget(self.activity_table)
        layout.addWidget(self.activity_box)
        layout.addStretch(1)
        return view

    def _lump_view(self) -> QWidget:
        view = QWidget()
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        self.lump_summary = QLabel(view)
        self.lump_summary.setObjectName("lump-summary")
        self.lump_summary.setWordWrap(True)
        layout.addWidget(self.lump_summary)
        self.wp_tree = QTreeWidget(view)
        self.wp_tree.setObjectName("work-packages")
        self.wp_tree.setHeaderLabels(
            [
                tr(C, "Work package"),
                tr(C, "Lump sum"),
                tr(C, "Completion"),
                tr(C, "Completed on"),
                tr(C, "Costs recorded"),
                tr(C, "At risk"),
                "  " + tr(C, "Evidence"),
            ]
        )
        self.wp_tree.setColumnWidth(0, 380)
        for column in range(1, 6):
            self.wp_tree.setColumnWidth(column, 115)
            self.wp_tree.headerItem().setTextAlignment(
                column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        self.wp_tree.setMinimumHeight(240)
        self.wp_tree.setToolTip(tr(C, "Double-click a work package to record its completion"))
        self.wp_tree.itemActivated.connect(self._work_package_activated)
        layout.addWidget(self.wp_tree, 3)
        row = QHBoxLayout()
        partner_box = QGroupBox(tr(C, "Partners"), view)
        partner_layout = QVBoxLayout(partner_box)
        self.partner_table = FiguresTable(
            [
                tr(C, "Partner"),
                tr(C, "Role"),
                tr(C, "Lump share"),
                tr(C, "Transferred"),
                tr(C, "Still to transfer"),
                tr(C, "At risk"),
            ],
            partner_box,
            first_width=250,
        )
        self.partner_table.setObjectName("partners")
        self.partner_table.align_numbers([2, 3, 4, 5])
        self.partner_table.stretch_first()
        partner_layout.addWidget(self.partner_table)
        transfer_row = QHBoxLayout()
        transfer_row.addStretch(1)
        self.transfer_button = QPushButton(tr(C, "Transfer to a &partner…"), partner_box)
        self.transfer_button.setObjectName("partner-transfer")
        self.transfer_button.clicked.connect(self.record_transfer)
        transfer_row.addWidget(self.transfer_button)
        self.setup_button = QPushButton(tr(C, "Partnership &set-up…"), partner_box)
        self.setup_button.setObjectName("partnership-setup-button")
        self.setup_button.setToolTip(tr(C, "Partners and roles, work packages and shares, activities, costs"))
        self.setup_button.clicked.connect(self.open_partnership)
        transfer_row.insertWidget(0, self.setup_button)
        partner_layout.addLayout(transfer_row)
        self.transfers_box = TransfersBox(self.ctx, partner_box)
        partner_layout.addWidget(self.transfers_box)
        partner_layout.addStretch(1)
        row.addWidget(partner_box, 3)
        self.lump_cash = CashBox(view)
        row.addWidget(self.lump_cash, 2)
        layout.addLayout(row)
        return view

    # ------------------------------------------------------------------ data
    def open_new_project(self) -> NewProjectWizard:
        wizard = NewProjectWizard(self.ctx, self)
        if wizard.exec() and wizard.project_id is not None:
            self.reload()
            index = self.picker.findData(wizard.project_id)
            if index >= 0:
                self.picker.setCurrentIndex(index)
        return wizard

    def open_partnership(self) -> PartnershipDialog | None:
        project_id = self.picker.currentData()
        if project_id is None:
            return None
        dialog = PartnershipDialog(self.ctx, int(project_id), self)
        dialog.finished.connect(lambda _code: self._show_selected())
        dialog.open()
        return dialog

    def open_award(self) -> None:
        project_id = self.picker.currentData()
        if project_id is not None:
            AwardDialog(self.ctx, project_id, self).exec()

    def open_project_settings(self, project_id: int | None) -> ProjectSettingsDialog:
        dialog = ProjectSettingsDialog(self.ctx, project_id, self)
        dialog.exec()
        return dialog

    def extra_shots(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        def prepare() -> QWidget | None:
            project_id = self.picker.currentData()
            if project_id is None:
                return None
            dialog = ProjectSettingsDialog(self.ctx, project_id, self)
            dialog.show()
            return dialog

        return [("project-settings", prepare)]

    def reload(self) -> None:
        current = self.picker.currentData()
        projects = choices.projects(self.ctx.workspace)
        self.picker.blockSignals(True)
        self.picker.clear()
        for pid, code in projects:
            self.picker.addItem(code, pid)
        index = self.picker.findData(current) if current is not None else -1
        self.picker.setCurrentIndex(index if index >= 0 else (0 if projects else -1))
        self.picker.blockSignals(False)
        self._show_selected()

    def select_project(self, project_id: int) -> None:
        index = self.picker.findData(project_id)
        if index >= 0:
            self.picker.setCurrentIndex(index)

    def _show_selected(self) -> None:
        pid = self.picker.currentData()
        if pid is None:
            self.budget = None
            self.terms_button.setEnabled(False)
            self.na_button.setEnabled(False)
            self.award_button.setEnabled(False)
            self.subtitle.setText("")
            self.warnings.setVisible(False)
            self.rates_box.setVisible(False)
            self.na_box.setVisible(False)
            self.views.setCurrentWidget(self.empty)
            return
        # the figures are a heavy read: computed on a worker, shown when they arrive (the last ask wins)
        self._asked += 1
        asked = self._asked
        workspace = self.ctx.workspace
        project_id = int(pid)

        def work(_progress: object) -> tuple[ProjectBudget, LumpSumBudget | None]:
            budget = project_budget(workspace, project_id)
            return budget, lump_sum_budget(workspace, project_id) if budget.lump_sum else None

        self.ctx.tasks.run(work, on_done=lambda figures: self._show_figures(asked, figures))

    def _show_figures(self, asked: int, figures: tuple[ProjectBudget, LumpSumBudget | None]) -> None:
        if asked != self._asked or not shiboken6.isValid(self):
            return
        budget, lump = figures
        self.budget = budget
        self.terms_button.setEnabled(True)
        self.na_button.setEnabled(True)
        self.award_button.setEnabled(not budget.lump_sum)
        limit = (
            tr(C, "transfers between items up to %1 % of an item's award").replace(
                "%1", f"{budget.transfer_limit_bp / 100:g}"
            )
            if budget.transfer_limit_bp is not None
            else tr(C, "no transfer rule entered")
        )
        parts = [budget.title, budget.action]
        if not budget.lump_sum:
            parts.append(tr(C, "%n mobilities", None, budget.mobilities))
            parts.append(limit)
        if not budget.rates_confirmed:
            parts.append(tr(C, "RATES NOT CONFIRMED: amounts use unconfirmed rates"))
        self.subtitle.setText(" · ".join(p for p in parts if p))
        self._show_warnings(budget)
        self.na_box.setVisible(True)
        self.na_box.load(budget.project_id)
        self.rates_box.setVisible(not budget.lump_sum)
        if not budget.lump_sum:
            self.rates_box.load(budget.project_id)
        if lump is not None:
            self.lump = lump
            self._fill_lump(lump, budget)
            self.transfers_box.set_partners(
                [(p.organisation_id, p.organisation) for p in lump.partners if p.role != "coordinator"]
            )
            self.transfers_box.load(budget.project_id)
            self.views.setCurrentIndex(1)
        else:
            self._fill_unit(budget)
            self.views.setCurrentIndex(0)

    def edit_terms(self) -> None:
        budget = self.budget
        if budget is None:
            return
        PaymentTermsDialog(
            self.ctx,
            budget.project_id,
            budget.participant_prefinancing_bp,
            budget.participant_balance_days,
            budget.terms_are_defaults,
            self,
        ).exec()

    def record_na_payment(self) -> None:
        if self.budget is not None:
            NaPaymentDialog(self.ctx, self.budget.project_id, self).exec()

    def record_transfer(self) -> None:
        if self.budget is None or self.lump is None:
            return
        partners = [
            (p.organisation_id, p.organisation) for p in self.lump.partners if p.role != "coordinator"
        ]
        TransferDialog(self.ctx, self.budget.project_id, partners, self).exec()

    def _work_package_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        wp_id = item.data(0, Qt.ItemDataRole.UserRole)
        if self.lump is None or wp_id is None:
            return
        for wp in self.lump.work_packages:
            if wp.id == wp_id:
                WorkPackageDialog(
                    self.ctx,
                    wp.id,
                    f"{wp.code} {wp.title}",
                    wp.completion_pct,
                    wp.completed_on,
                    wp.evidence,
                    self,
                ).exec()
                return

    def _show_warnings(self, budget: ProjectBudget) -> None:
        if not budget.warnings:
            self.warnings.setVisible(False)
            return
        color = tone_color(self, "bad")
        lines = "".join(f"<li>{render_message(w)}</li>" for w in budget.warnings)
        self.warnings.setText(
            f"<b style='color:{color.name() if color else ''}'>{tr(C, 'Needs attention')}</b>"
            f"<ul style='margin:2px 0 0 -20px'>{lines}</ul>"
        )
        self.warnings.setVisible(True)

    def _fill_unit(self, budget: ProjectBudget) -> None:
        rows: list[list[Cell]] = []
        for figures in budget.items:
            remaining = figures.remaining_cents
            rows.append(
                [
                    Cell(item_label(figures.item), data=figures.item),
                    Cell(money(figures.awarded_cents), number=True),
                    Cell(money(figures.committed_cents), number=True),
                    Cell(money(figures.realised_cents), number=True),
                    Cell(money(figures.planned_cents), number=True),
                    Cell(
                        "–",
                        number=True,
                        tone="muted",
                        tooltip=tr(C, "Payments are per participant, not per item"),
                    ),
                    Cell(money(remaining), number=True, tone="bad" if remaining < 0 else ""),
                    room_cell(figures, budget.transfer_limit_bp),
                ]
            )
        total = budget.total
        rows.append(
            [
                Cell(item_label("total"), bold=True),
                Cell(money(total.awarded_cents), number=True, bold=True),
                Cell(money(total.committed_cents), number=True, bold=True),
                Cell(money(total.realised_cents), number=True, bold=True),
                Cell(money(total.planned_cents), number=True, bold=True),
                Cell(money(budget.cash.paid_to_participants_cents), number=True, bold=True),
                Cell(
                    money(total.remaining_cents),
                    number=True,
                    bold=True,
                    tone="bad" if total.remaining_cents < 0 else "",
                ),
                Cell(""),
            ]
        )
        self.items_table.fill(rows)
        self.items_table.fit_height()
        self.chart.set_bars(
            [
                Bar(
                    f.item,
                    item_label(f.item),
                    f.committed_cents / 100,
                    f"{money(f.committed_cents)} / {money(f.awarded_cents)}",
                    limit=(f.awarded_cents / 100) or None,
                    alert=f.remaining_cents < 0,
                )
                for f in budget.items
            ]
        )
        self.cash_box.show_cash(budget.cash, self._na_bp(), False)
        activity_rows = []
        by_activity = any(a.awarded_cents is not None for a in budget.activities)
        for activity in budget.activities:
            left = activity.remaining_cents
            activity_rows.append(
                [
                    Cell(enum_label(activity.activity_type)),
                    Cell(str(activity.mobilities), number=True),
                    Cell(
                        money(activity.awarded_cents) if activity.awarded_cents is not None else "–",
                        number=True,
                    ),
                    Cell(money(activity.committed_cents), number=True),
                    Cell(
                        money(left)
                        if left is not None
                        else (tr(C, "no budget line") if by_activity else "–"),
                        number=True,
                        tone="bad" if left is not None and left <= 0 else ("bad" if by_activity else "muted"),
                    ),
                ]
            )
        self.activity_table.fill(activity_rows)
        self.activity_table.fit_height()
        self.activity_box.setVisible(bool(activity_rows))

    def _na_bp(self) -> int:
        cash = self.budget.cash if self.budget else None
        if cash is None or not cash.awarded_cents:
            return 8000
        return round(cash.na_prefinancing_expected_cents * 10_000 / cash.awarded_cents)

    def _fill_lump(self, lump: LumpSumBudget, budget: ProjectBudget) -> None:
        self.lump_summary.setText(
            tr(C, "Lump sums %1 · completed %2 · at risk if not completed %3 · costs recorded %4")
            .replace("%1", money(lump.lump_sum_cents))
            .replace("%2", money(lump.completed_cents))
            .replace("%3", money(lump.at_risk_cents))
            .replace("%4", money(lump.costs_cents))
        )
        self.wp_tree.clear()
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        bad = tone_color(self, "bad")
        good = tone_color(self, "good")
        for wp in lump.work_packages:
            item = QTreeWidgetItem(
                [
                    f"{wp.code}  {wp.title}",
                    money(wp.lump_sum_cents),
                    f"{wp.completion_pct} %",
                    day(wp.completed_on),
                    money(wp.costs_cents),
                    money(wp.at_risk_cents) if wp.at_risk_cents else "–",
                    f"  {wp.evidence}",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, wp.id)
            for column in range(1, 6):
                item.setTextAlignment(column, right)
            if wp.at_risk_cents and bad:
                item.setForeground(5, bad)
            if wp.completed and good:
                item.setForeground(2, good)
            for share in wp.shares:
                child = QTreeWidgetItem(
                    [
                        tr(C, "Share: %1").replace("%1", share.organisation),
                        money(share.amount_cents),
                        "",
                        "",
                        "",
                        money(share.amount_cents) if not wp.completed else "–",
                        "",
                    ]
                )
                for column in range(1, 6):
                    child.setTextAlignment(column, right)
                item.addChild(child)
            for activity in wp.activities:
                child = QTreeWidgetItem(
                    [
                        tr(C, "Activity: %1").replace("%1", activity.title),
                        "",
                        f"{activity.completion_pct} %",
                        day(activity.planned_end),
                        "",
                        "",
                        f"  {activity.evidence}",
                    ]
                )
                child.setTextAlignment(2, right)
                child.setTextAlignment(3, right)
                item.addChild(child)
            self.wp_tree.addTopLevelItem(item)
            item.setExpanded(True)
        self.partner_table.fill(
            [
                [
                    Cell(p.organisation),
                    Cell(role_label(p.role)),
                    Cell(money(p.lump_share_cents), number=True),
                    Cell(money(p.transferred_cents), number=True),
                    Cell(money(p.still_to_transfer_cents), number=True),
                    Cell(money(p.at_risk_cents), number=True, tone="bad" if p.at_risk_cents else ""),
                ]
                for p in lump.partners
            ]
        )
        self.partner_table.fit_height(max(len(lump.partners), 3))
        self.lump_cash.show_cash(budget.cash, self._na_bp(), True)
