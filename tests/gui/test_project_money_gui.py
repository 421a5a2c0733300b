"""The project's money set-up in the window: NA payments and partner transfers listed, edited and
deleted with a reason (over the limit only with one), the rates panel with Confirm/Unconfirm, and a
KA220 partnership set up from nothing (partners, work packages, shares, activities, costs)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget
from sqlmodel import col, select

from intervet_desktop.db.models import (
    AuditEntry,
    NaPayment,
    PartnerTransfer,
    Project,
    ProjectPartner,
    WorkPackage,
    WorkPackageActivity,
    WorkPackageCost,
    WorkPackageShare,
)
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.dialogs.money_forms import NaPaymentDialog, ReasonDialog, TransferDialog
from intervet_desktop.ui.dialogs.partnership_dialogs import (
    ActivityDialog,
    ActivityProgressDialog,
    CostDialog,
    PartnerDialog,
    PartnershipDialog,
    SharesDialog,
    WorkPackageFormDialog,
)
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.budget import BudgetPage
from tests.money_factories import make_org, make_project

KA220 = "2024-1-IT01-KA220-VET-000123456"


def shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("INTERVET_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def budget_page(window: MainWindow, project_id: int) -> BudgetPage:
    page = window.show_page("budget")
    assert isinstance(page, BudgetPage)
    page.reload()
    page.select_project(project_id)
    return page


def test_na_payments_listed_edited_and_deleted_over_the_award_only_with_a_reason(
    qtbot, window: MainWindow, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    pid = make_project(ctx.workspace, awarded_cents=100_000)
    page = budget_page(window, pid)
    box = page.na_box
    dialog = box.add()
    assert isinstance(dialog, NaPaymentDialog)
    qtbot.addWidget(dialog)
    dialog.amount.setText("1200")
    dialog.save()
    error = dialog.findChild(QLabel, "error-amount")
    assert error is not None and "200.00 EUR above the award of 1,000.00 EUR" in error.text()
    assert not dialog.reason.isHidden()  # the refusal asks for a reason
    with ctx.workspace.read_session() as s:
        assert s.exec(select(NaPayment)).all() == []
    dialog.reason.setText("NA paid the top-up early")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    assert box.table.rowCount() == 1
    assert box.table.item(0, 1).text() == "€1,200.00"

    box.table.selectRow(0)
    edit = box.edit_selected()
    assert isinstance(edit, NaPaymentDialog)
    qtbot.addWidget(edit)
    assert edit.amount.text() == "1200.00"
    edit.amount.setText("800")
    with qtbot.waitSignal(edit.accepted):
        edit.save()
    assert box.table.item(0, 1).text() == "€800.00"

    delete = box.delete_selected()
    assert isinstance(delete, ReasonDialog)
    qtbot.addWidget(delete)
    delete.save()
    assert not delete.errors["reason"].isHidden()
    delete.reason.setText("Entered twice")
    with qtbot.waitSignal(delete.accepted):
        delete.save()
    assert box.table.rowCount() == 0
    with ctx.workspace.read_session() as s:
        assert s.exec(select(NaPayment)).all() == []
        logged = s.exec(
            select(AuditEntry).where(
                col(AuditEntry.entity) == "na_payment", col(AuditEntry.action) == "delete"
            )
        ).one()
        assert "Entered twice" in str(logged.changes)


def test_rates_panel_shows_the_set_and_confirms_it(qtbot, window: MainWindow, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    pid = make_project(ctx.workspace, awarded_cents=100_000)
    page = budget_page(window, pid)
    rates = page.rates_box
    assert "rates not confirmed" in rates.text.text()
    assert "RATES NOT CONFIRMED" in page.subtitle.text()
    editor = rates.show_figures()
    assert editor is not None
    qtbot.addWidget(editor)
    assert editor.tabs.count() == 6  # every figure of the set, table by table
    assert editor.exceptional_share.text() == "0.80"  # the 2024 set: 80 % of other exceptional costs
    editor.org_by_activity.setText("SM-COUR-TRAIN=100.00, LM-LONG-VET=500.00")
    document = editor.document()
    assert document["organisational_support_by_activity"] == {
        "SM-COUR-TRAIN": "100.00",
        "LM-LONG-VET": "500.00",
    }
    assert document["exceptional_costs_share"] == "0.80"
    editor.close()
    rates.confirm()
    qtbot.waitUntil(lambda: "confirmed from the grant agreement" in rates.text.text(), timeout=5000)
    with ctx.workspace.read_session() as s:
        project = s.get(Project, pid)
        assert project is not None and project.rates_confirmed_on is not None
    page.reload()
    assert "RATES NOT CONFIRMED" not in page.subtitle.text()
    assert not rates.confirm_button.isEnabled()
    rates.unconfirm()
    qtbot.waitUntil(lambda: "rates not confirmed" in rates.text.text(), timeout=5000)
    with ctx.workspace.read_session() as s:
        project = s.get(Project, pid)
        assert project is not None and project.rates_confirmed_on is None


def test_a_ka220_partnership_set_up_in_the_window(qtbot, window: MainWindow, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    pid = make_project(ctx.workspace, code=KA220, action="KA220-VET", awarded_cents=250_000)
    school = make_org(ctx.workspace, "Istituto Tecnico Galilei", "IT")
    partner = make_org(ctx.workspace, "Ammattiopisto Tredu", "FI")
    page = budget_page(window, pid)
    assert page.views.currentIndex() == 1
    setup = page.open_partnership()
    assert isinstance(setup, PartnershipDialog)
    qtbot.addWidget(setup)
    assert "none yet" in setup.beneficiary.text()

    for org, role in ((school, "coordinator"), (partner, "partner")):
        add = setup.add_partner()
        assert isinstance(add, PartnerDialog)
        add.organisation.setCurrentIndex(add.organisation.findData(org))
        add.role.setCurrentIndex(add.role.findData(role))
        with qtbot.waitSignal(add.finished):
            add.save()
    assert setup.partner_table.rowCount() == 2
    assert "Istituto Tecnico Galilei" in setup.beneficiary.text()

    package = setup.add_package()
    assert isinstance(package, WorkPackageFormDialog)
    package.code.setText("WP2")
    package.title_edit.setText("Job shadowing")
    package.lump_sum.setText("2500")
    with qtbot.waitSignal(package.finished):
        package.save()
    setup.package_table.selectRow(0)
    shares = setup.edit_shares()
    assert isinstance(shares, SharesDialog)
    shares.amounts[school].setText("1000")
    shares.amounts[partner].setText("1000")
    shares.save()  # 2,000 of 2,500: refused, shown
    assert "add up to" in shares.errors["shares"].text()
    shares.amounts[partner].setText("1500")
    with qtbot.waitSignal(shares.finished):
        shares.save()
    assert "€1,500.00" in setup.package_table.item(0, 2).text()

    activity = setup.add_activity()
    assert isinstance(activity, ActivityDialog)
    activity.title_edit.setText("Shadowing week in Tampere")
    with qtbot.waitSignal(activity.finished):
        activity.save()
    setup.tabs.setCurrentIndex(2)
    setup.activity_table.selectRow(0)
    progress = setup.activity_progress()
    assert isinstance(progress, ActivityProgressDialog)
    progress.completion.setValue(100)
    progress.evidence.setText("Attendance list")
    with qtbot.waitSignal(progress.finished):
        progress.save()
    assert setup.activity_table.item(0, 3).text() == "100 %"

    cost = setup.add_cost()
    assert isinstance(cost, CostDialog)
    cost.amount.setText("320,50")
    cost.description.setText("Train tickets")
    with qtbot.waitSignal(cost.finished):
        cost.save()
    assert setup.cost_table.item(0, 4).text() == "€320.50"
    # a typo corrected: the form opens with the recorded values, the audit keeps the old amount
    setup.tabs.setCurrentIndex(3)
    setup.cost_table.selectRow(0)
    fix = setup.edit_cost()
    assert isinstance(fix, CostDialog)
    assert (fix.amount.text(), fix.description.text(), fix.currency.text()) == (
        "320.50",
        "Train tickets",
        "EUR",
    )
    fix.amount.setText("302,50")
    with qtbot.waitSignal(fix.finished):
        fix.save()
    assert setup.cost_table.item(0, 4).text() == "€302.50"
    with ctx.workspace.read_session() as s:
        (corrected,) = s.exec(select(WorkPackageCost)).all()
        assert corrected.amount_eur_cents == 30250
        (audit_row,) = s.exec(
            select(AuditEntry).where(AuditEntry.entity == "work_package_cost", AuditEntry.action == "update")
        ).all()
        assert "32050" in audit_row.changes and "30250" in audit_row.changes
    setup.tabs.setCurrentIndex(1)
    shot(setup, "ka220-setup")

    # a transfer above the partner's share needs a reason; then it is listed, edited, deleted
    page.reload()
    transfers = page.transfers_box
    add = transfers.add()
    assert isinstance(add, TransferDialog)
    qtbot.addWidget(add)
    add.partner.setCurrentIndex(add.partner.findData(partner))
    add.amount.setText("2000")
    add.save()
    assert not add.reason.isHidden()
    add.reason.setText("Partner advanced the coordinator's travel")
    with qtbot.waitSignal(add.accepted):
        add.save()
    assert transfers.table.rowCount() == 1
    transfers.table.selectRow(0)
    edit = transfers.edit_selected()
    assert isinstance(edit, TransferDialog)
    qtbot.addWidget(edit)
    edit.amount.setText("1500")
    with qtbot.waitSignal(edit.accepted):
        edit.save()
    assert transfers.table.item(0, 1).text() == "€1,500.00"
    shot(page, "ka220-budget")
    delete = transfers.delete_selected()
    assert isinstance(delete, ReasonDialog)
    qtbot.addWidget(delete)
    delete.reason.setText("Bank returned it")
    with qtbot.waitSignal(delete.accepted):
        delete.save()
    assert transfers.table.rowCount() == 0

    # costs, activities and work packages deleted in the set-up
    setup.tabs.setCurrentIndex(3)
    setup.cost_table.selectRow(0)
    drop = setup.delete_cost()
    assert isinstance(drop, ReasonDialog)
    drop.reason.setText("Booked on the wrong project")
    with qtbot.waitSignal(drop.finished):
        drop.save()
    setup.activity_table.selectRow(0)
    setup.delete_activity()
    qtbot.waitUntil(lambda: setup.activity_table.rowCount() == 0, timeout=5000)
    with ctx.workspace.read_session() as s:
        assert s.exec(select(WorkPackageCost)).all() == []
        assert s.exec(select(WorkPackageActivity)).all() == []
        assert len(s.exec(select(WorkPackageShare)).all()) == 2
        assert s.exec(select(PartnerTransfer)).all() == []
        roles = {p.organisation_id: p.role for p in s.exec(select(ProjectPartner)).all()}
        assert roles == {school: "coordinator", partner: "partner"}
        assert s.exec(select(WorkPackage.code)).all() == ["WP2"]


def test_cancel_from_the_mobility_shows_the_recovery_and_the_unconfirmed_rates(
    qtbot, window: MainWindow, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    from intervet_desktop.db.models import Mobility
    from intervet_desktop.services.payments import PaymentForm, record_payment, refresh_plan
    from intervet_desktop.ui.dialogs.plan_change import PlanChangeDialog
    from intervet_desktop.ui.pages.lists import MobilitiesPage
    from tests.money_factories import make_mobility

    pid = make_project(ctx.workspace, awarded_cents=500_000)
    start = date.today() + timedelta(days=20)
    mid = make_mobility(
        ctx.workspace,
        pid,
        {"travel": 27_500, "individual_support": 72_500},
        start=start,
        end=start + timedelta(days=9),
    )
    refresh_plan(ctx.workspace, mid)
    record_payment(ctx.workspace, mid, PaymentForm("prefinancing", "800", date.today()))
    page = window.show_page("mobilities")
    assert isinstance(page, MobilitiesPage)
    editor = page.editor
    editor.load(mid)
    assert "RATES NOT CONFIRMED" in editor.grant_info.text()
    dialog = editor.open_plan_change()
    assert isinstance(dialog, PlanChangeDialog)
    dialog.save()  # no reason: refused, nothing changed
    qtbot.waitUntil(lambda: not dialog.errors["reason"].isHidden(), timeout=5000)
    with ctx.workspace.read_session() as s:
        mobility = s.get(Mobility, mid)
        assert mobility is not None and mobility.status == "planned"
    dialog.reason.setText("Host company closed")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.change is not None, timeout=5000)
    assert "To recover from the participant: €800.00" in dialog.result_label.text()
    assert "No instalments left to pay" in dialog.result_label.text()
    shot(dialog, "plan-change-cancel")
    with qtbot.waitSignal(dialog.finished):
        dialog.reject()
    with ctx.workspace.read_session() as s:
        mobility = s.get(Mobility, mid)
        assert mobility is not None and mobility.status == "cancelled"
