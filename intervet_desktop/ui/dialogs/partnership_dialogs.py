"""A KA220 partnership's set-up from the Budget page: partners and their roles, work packages with
each partner's lump-sum share, activities with completion and evidence, and costs recorded,
corrected and deleted against the work packages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.services import partnership_setup as setup
from intervet_desktop.services import project_setup, work_packages
from intervet_desktop.services.changes import Result
from intervet_desktop.services.workspace_door import Workspace
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.dialogs.money_forms import (
    ReasonDialog,
    _date,
    _FormDialog,
    _qdate,
)
from intervet_desktop.ui.dialogs.project_money import _fill, _table, role_name
from intervet_desktop.ui.formatting import day, money
from intervet_desktop.ui.i18n import tr

C = "ProjectMoney"


class PartnerDialog(_FormDialog):
    """A partner of the partnership with its role (new, or a new role for one already in)."""

    def __init__(
        self,
        ctx: AppContext,
        project_id: int,
        organisations: list[tuple[int, str]],
        parent: QWidget | None = None,
        current: tuple[int, str] | None = None,
    ) -> None:
        super().__init__(ctx, tr(C, "Partner"), "", parent)
        self.project_id = project_id
        self.current = current
        self.organisation = QComboBox(self)
        self.organisation.setObjectName("partner-organisation")
        for org_id, name in organisations:
            self.organisation.addItem(name, org_id)
        self.role = QComboBox(self)
        self.role.setObjectName("partner-role")
        for role in ("partner", "coordinator", "associated"):
            self.role.addItem(role_name(role), role)
        self.add_field("organisation", tr(C, "Organisation"), self.organisation)
        self.add_field("role", tr(C, "Role"), self.role)
        self.finish()
        if current is not None:
            self.organisation.setCurrentIndex(max(self.organisation.findData(current[0]), 0))
            self.organisation.setEnabled(False)
            self.role.setCurrentIndex(max(self.role.findData(current[1]), 0))

    def save(self) -> None:
        pid, org, role = (
            self.project_id,
            int(self.organisation.currentData() or 0),
            str(self.role.currentData()),
        )
        if self.current is None:
            self.submit(lambda ws: setup.add_partner(ws, pid, org, role))
        else:
            self.submit(lambda ws: setup.set_partner_role(ws, pid, org, role))


class WorkPackageFormDialog(_FormDialog):
    """A work package: code, title, lump sum and period."""

    def __init__(
        self,
        ctx: AppContext,
        project_id: int,
        parent: QWidget | None = None,
        current: work_packages.WorkPackageFigures | None = None,
    ) -> None:
        super().__init__(ctx, tr(C, "Work package"), "", parent)
        self.project_id = project_id
        self.current = current
        self.code = QLineEdit(current.code if current else "", self)
        self.code.setObjectName("wp-code")
        self.title_edit = QLineEdit(current.title if current else "", self)
        self.title_edit.setObjectName("wp-title")
        self.lump_sum = QLineEdit(f"{current.lump_sum_cents / 100:.2f}" if current else "", self)
        self.lump_sum.setObjectName("wp-lump-sum")
        self.add_field("code", tr(C, "Code"), self.code)
        self.add_field("title", tr(C, "Title"), self.title_edit)
        self.add_field("lump_sum", tr(C, "Lump sum (EUR)"), self.lump_sum)
        self.finish()

    def save(self) -> None:
        current = self.current
        form = setup.WorkPackageForm(
            code=self.code.text(),
            title=self.title_edit.text(),
            lump_sum=self.lump_sum.text(),
            start_date=current.start if current else None,
            end_date=current.end if current else None,
        )
        pid, wp_id = self.project_id, current.id if current else None
        self.submit(lambda ws: setup.save_work_package(ws, pid, form, wp_id))


class SharesDialog(_FormDialog):
    """Each partner's share of a work package's lump sum; they must add up to it."""

    def __init__(
        self,
        ctx: AppContext,
        package: work_packages.WorkPackageFigures,
        partners: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            tr(C, "Shares of %1").replace("%1", package.code),
            tr(C, "The shares must add up to the lump sum of %1.").replace(
                "%1", money(package.lump_sum_cents)
            ),
            parent,
        )
        self.package_id = package.id
        current = {s.organisation_id: s.amount_cents for s in package.shares}
        self.amounts: dict[int, QLineEdit] = {}
        for org_id, name in partners:
            edit = QLineEdit(f"{current[org_id] / 100:.2f}" if org_id in current else "", self)
            edit.setObjectName(f"share-{org_id}")
            self.amounts[org_id] = edit
            self.form.addRow(name, edit)
        self.add_field("shares", "", QWidget(self))
        self.finish()

    def save(self) -> None:
        shares = {org: edit.text() for org, edit in self.amounts.items() if edit.text().strip()}
        wp = self.package_id
        self.submit(lambda ws: setup.set_shares(ws, wp, shares))


class ActivityDialog(_FormDialog):
    """A planned activity of a work package; its completion and evidence once it is under way."""

    def __init__(
        self,
        ctx: AppContext,
        package_id: int,
        parent: QWidget | None = None,
        current: work_packages.ActivityRow | None = None,
    ) -> None:
        super().__init__(ctx, tr(C, "Activity"), "", parent)
        self.package_id = package_id
        self.current = current
        self.title_edit = QLineEdit(current.title if current else "", self)
        self.title_edit.setObjectName("activity-title")
        self.start = QDateEdit(self)
        self.end = QDateEdit(self)
        for edit, value in ((self.start, current.planned_start if current else None), (self.end, None)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(_qdate(value or date.today()))
        if current and current.planned_end:
            self.end.setDate(_qdate(current.planned_end))
        self.add_field("title", tr(C, "Title"), self.title_edit)
        self.add_field("planned_start", tr(C, "Planned start"), self.start)
        self.add_field("planned_end", tr(C, "Planned end"), self.end)
        self.finish()

    def save(self) -> None:
        form = setup.ActivityForm(self.title_edit.text(), _date(self.start), _date(self.end))
        wp, aid = self.package_id, self.current.id if self.current else None
        self.submit(lambda ws: setup.save_activity(ws, wp, form, aid))


class ActivityProgressDialog(_FormDialog):
    """How far an activity is, and the evidence that shows it."""

    def __init__(self, ctx: AppContext, activity: work_packages.ActivityRow, parent: QWidget | None = None):
        super().__init__(ctx, tr(C, "Activity progress"), activity.title, parent)
        self.activity_id = activity.id
        self.completion = QSpinBox(self)
        self.completion.setObjectName("activity-completion")
        self.completion.setRange(-1000, 1000)
        self.completion.setSuffix(" %")
        self.completion.setValue(activity.completion_pct)
        self.evidence = QLineEdit(activity.evidence, self)
        self.evidence.setObjectName("activity-evidence")
        self.add_field("completion", tr(C, "Completion"), self.completion)
        self.add_field("evidence", tr(C, "Evidence"), self.evidence)
        self.finish()

    def save(self) -> None:
        aid, pct, evidence = self.activity_id, self.completion.value(), self.evidence.text()
        self.submit(lambda ws: work_packages.set_activity_progress(ws, aid, pct, evidence))


class CostDialog(_FormDialog):
    """A cost recorded against a work package, in its currency; with ``cost``, that cost corrected."""

    def __init__(
        self,
        ctx: AppContext,
        packages: list[tuple[int, str]],
        partners: list[tuple[int, str]],
        parent: QWidget | None = None,
        cost: work_packages.CostRow | None = None,
    ) -> None:
        title = tr(C, "Correct a cost") if cost is not None else tr(C, "Record a cost")
        super().__init__(ctx, title, "", parent)
        self.cost_id = cost.id if cost is not None else None
        self.package = QComboBox(self)
        self.package.setObjectName("cost-package")
        for wp_id, label in packages:
            self.package.addItem(label, wp_id)
        self.partner = QComboBox(self)
        self.partner.addItem(tr(C, "(the coordinator)"), None)
        for org_id, name in partners:
            self.partner.addItem(name, org_id)
        self.amount = QLineEdit(self)
        self.amount.setObjectName("cost-amount")
        self.currency = QLineEdit("EUR", self)
        self.currency.setMaxLength(3)
        self.spent_on = QDateEdit(self)
        self.spent_on.setCalendarPopup(True)
        self.spent_on.setDisplayFormat("yyyy-MM-dd")
        self.spent_on.setDate(_qdate(date.today()))
        self.description = QLineEdit(self)
        self.description.setObjectName("cost-description")
        self.add_field("work_package", tr(C, "Work package"), self.package)
        self.add_field("organisation", tr(C, "Spent by"), self.partner)
        self.add_field("amount", tr(C, "Amount"), self.amount)
        self.add_field("currency", tr(C, "Currency"), self.currency)
        self.add_field("spent_on", tr(C, "Spent on"), self.spent_on)
        self.add_field("description", tr(C, "Description"), self.description)
        if cost is not None:
            self.package.setCurrentIndex(max(self.package.findData(cost.work_package_id), 0))
            self.partner.setCurrentIndex(max(self.partner.findData(cost.organisation_id), 0))
            self.amount.setText(f"{cost.amount_cents // 100}.{cost.amount_cents % 100:02d}")
            self.currency.setText(cost.currency)
            self.spent_on.setDate(_qdate(cost.spent_on))
            self.description.setText(cost.description)
        self.finish()

    def save(self) -> None:
        form = work_packages.CostForm(
            amount=self.amount.text(),
            spent_on=_date(self.spent_on),
            currency=self.currency.text().strip().upper() or "EUR",
            organisation_id=self.partner.currentData(),
            description=self.description.text(),
        )
        wp = int(self.package.currentData() or 0)
        cost_id = self.cost_id
        if cost_id is None:
            self.submit(lambda ws: work_packages.record_cost(ws, wp, form))
        else:
            self.submit(lambda ws: work_packages.update_cost(ws, cost_id, wp, form))


class PartnershipDialog(QDialog):
    """KA220 set-up in one place: partners, work packages and shares, activities, costs."""

    def __init__(self, ctx: AppContext, project_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.project_id = project_id
        self.setObjectName("partnership-setup")
        self.setWindowTitle(tr(C, "Partnership set-up"))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        self.beneficiary = QLabel(self)
        self.beneficiary.setObjectName("partnership-beneficiary")
        layout.addWidget(self.beneficiary)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        self.partner_table = self._tab(
            "setup-partners",
            tr(C, "Partners"),
            [tr(C, "Organisation"), tr(C, "Role"), tr(C, "Lump share")],
            [
                (tr(C, "Add…"), self.add_partner),
                (tr(C, "Change role…"), self.edit_partner),
                (tr(C, "Remove"), self.remove_partner),
            ],
        )
        self.package_table = self._tab(
            "setup-packages",
            tr(C, "Work packages"),
            [tr(C, "Work package"), tr(C, "Lump sum"), tr(C, "Shares")],
            [
                (tr(C, "Add…"), self.add_package),
                (tr(C, "Edit…"), self.edit_package),
                (tr(C, "Shares…"), self.edit_shares),
                (tr(C, "Delete"), self.delete_package),
            ],
        )
        self.activity_table = self._tab(
            "setup-activities",
            tr(C, "Activities"),
            [
                tr(C, "Activity"),
                tr(C, "Work package"),
                tr(C, "Planned end"),
                tr(C, "Completion"),
                tr(C, "Evidence"),
            ],
            [
                (tr(C, "Add to the selected work package…"), self.add_activity),
                (tr(C, "Edit…"), self.edit_activity),
                (tr(C, "Progress…"), self.activity_progress),
                (tr(C, "Delete"), self.delete_activity),
            ],
        )
        self.cost_table = self._tab(
            "setup-costs",
            tr(C, "Costs"),
            [
                tr(C, "Description"),
                tr(C, "Work package"),
                tr(C, "Spent on"),
                tr(C, "Amount"),
                tr(C, "In EUR"),
            ],
            [
                (tr(C, "Record…"), self.add_cost),
                (tr(C, "Correct…"), self.edit_cost),
                (tr(C, "Delete…"), self.delete_cost),
            ],
        )
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.lump: work_packages.LumpSumBudget | None = None
        self.costs: list[work_packages.CostRow] = []
        self.activities: list[tuple[work_packages.ActivityRow, int]] = []
        self.reload()

    def _tab(
        self, name: str, title: str, headers: list[str], actions: list[tuple[str, Callable[[], object]]]
    ) -> QTableWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        table = _table(page, name, headers)
        layout.addWidget(table)
        row = QHBoxLayout()
        row.addStretch(1)
        for label, action in actions:
            button = QPushButton(label, page)
            button.clicked.connect(lambda _checked=False, act=action: act())
            row.addWidget(button)
        layout.addLayout(row)
        self.tabs.addTab(page, title)
        return table

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        ws, pid = self.ctx.workspace, self.project_id
        self.lump = work_packages.lump_sum_budget(ws, pid)
        self.costs = work_packages.costs_of(ws, pid)
        beneficiary = project_setup.beneficiary_of(ws, pid)
        names = {p.organisation_id: p.organisation for p in self.lump.partners}
        self.beneficiary.setText(
            tr(C, "Beneficiary (coordinator, prints on the documents): %1").replace(
                "%1", names.get(beneficiary, tr(C, "none yet")) if beneficiary else tr(C, "none yet")
            )
        )
        _fill(
            self.partner_table,
            [[p.organisation, role_name(p.role), money(p.lump_share_cents)] for p in self.lump.partners],
        )
        packages = self.lump.work_packages
        _fill(
            self.package_table,
            [
                [
                    f"{wp.code}  {wp.title}",
                    money(wp.lump_sum_cents),
                    ", ".join(f"{s.organisation} {money(s.amount_cents)}" for s in wp.shares),
                ]
                for wp in packages
            ],
        )
        self.activities = [(a, wp.id) for wp in packages for a in wp.activities]
        codes = {wp.id: wp.code for wp in packages}
        _fill(
            self.activity_table,
            [
                [a.title, codes.get(wp_id, ""), day(a.planned_end), f"{a.completion_pct} %", a.evidence]
                for a, wp_id in self.activities
            ],
        )
        _fill(
            self.cost_table,
            [
                [
                    c.description,
                    c.work_package,
                    day(c.spent_on),
                    f"{c.amount_cents / 100:.2f} {c.currency}",
                    money(c.amount_eur_cents),
                ]
                for c in self.costs
            ],
        )

    def _partners(self) -> list[tuple[int, str]]:
        return [(p.organisation_id, p.organisation) for p in (self.lump.partners if self.lump else ())]

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.finished.connect(lambda _code: self.reload())
        dialog.open()
        return dialog

    def _pick(self, table: QTableWidget, count: int) -> int | None:
        row = table.currentRow()
        return row if 0 <= row < count else None

    def _package(self) -> work_packages.WorkPackageFigures | None:
        packages = self.lump.work_packages if self.lump else ()
        row = self._pick(self.package_table, len(packages))
        return packages[row] if row is not None else None

    def _write(self, op: Callable[[Workspace], Result[Any]]) -> None:
        self.ctx.tasks.write(op, on_done=lambda _value: self.reload(), on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.beneficiary.setText(str(error))

    # ------------------------------------------------------------------ partners
    def add_partner(self) -> QDialog:
        organisations = project_setup.organisation_choices(self.ctx.workspace)
        return self._open(PartnerDialog(self.ctx, self.project_id, organisations, self))

    def edit_partner(self) -> QDialog | None:
        partners = self.lump.partners if self.lump else ()
        row = self._pick(self.partner_table, len(partners))
        if row is None:
            return None
        p = partners[row]
        current = (p.organisation_id, p.role)
        return self._open(
            PartnerDialog(self.ctx, self.project_id, [(p.organisation_id, p.organisation)], self, current)
        )

    def remove_partner(self) -> None:
        partners = self.lump.partners if self.lump else ()
        row = self._pick(self.partner_table, len(partners))
        if row is not None:
            pid, org = self.project_id, partners[row].organisation_id
            self._write(lambda ws: setup.remove_partner(ws, pid, org))

    # ------------------------------------------------------------------ work packages
    def add_package(self) -> QDialog:
        return self._open(WorkPackageFormDialog(self.ctx, self.project_id, self))

    def edit_package(self) -> QDialog | None:
        package = self._package()
        return (
            self._open(WorkPackageFormDialog(self.ctx, self.project_id, self, package)) if package else None
        )

    def edit_shares(self) -> QDialog | None:
        package = self._package()
        return self._open(SharesDialog(self.ctx, package, self._partners(), self)) if package else None

    def delete_package(self) -> None:
        package = self._package()
        if package is not None:
            wp = package.id
            self._write(lambda ws: setup.delete_work_package(ws, wp))

    # ------------------------------------------------------------------ activities
    def _activity(self) -> work_packages.ActivityRow | None:
        row = self._pick(self.activity_table, len(self.activities))
        return self.activities[row][0] if row is not None else None

    def add_activity(self) -> QDialog | None:
        package = self._package()
        return self._open(ActivityDialog(self.ctx, package.id, self)) if package else None

    def edit_activity(self) -> QDialog | None:
        row = self._pick(self.activity_table, len(self.activities))
        if row is None:
            return None
        activity, wp_id = self.activities[row]
        return self._open(ActivityDialog(self.ctx, wp_id, self, activity))

    def activity_progress(self) -> QDialog | None:
        activity = self._activity()
        return self._open(ActivityProgressDialog(self.ctx, activity, self)) if activity else None

    def delete_activity(self) -> None:
        activity = self._activity()
        if activity is not None:
            aid = activity.id
            self._write(lambda ws: setup.delete_activity(ws, aid))

    # ------------------------------------------------------------------ costs
    def add_cost(self) -> QDialog:
        packages = [(wp.id, f"{wp.code} {wp.title}") for wp in (self.lump.work_packages if self.lump else ())]
        return self._open(CostDialog(self.ctx, packages, self._partners(), self))

    def edit_cost(self) -> QDialog | None:
        row = self._pick(self.cost_table, len(self.costs))
        if row is None:
            return None
        packages = [(wp.id, f"{wp.code} {wp.title}") for wp in (self.lump.work_packages if self.lump else ())]
        return self._open(CostDialog(self.ctx, packages, self._partners(), self, self.costs[row]))

    def delete_cost(self) -> QDialog | None:
        row = self._pick(self.cost_table, len(self.costs))
        if row is None:
            return None
        cost = self.costs[row]
        return self._open(
            ReasonDialog(
                self.ctx,
                tr(C, "Delete a cost"),
                tr(C, "%1 on %2: the audit keeps it with your reason.")
                .replace("%1", money(cost.amount_eur_cents))
                .replace("%2", cost.work_package),
                lambda ws, reason: setup.delete_cost(ws, cost.id, reason),
                self,
            )
        )
