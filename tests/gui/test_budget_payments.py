"""Budget and Payments pages and the record-payment dialog on the sample data."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from intervet_desktop.db.models import (
    BudgetLine,
    GrantLine,
    Mobility,
    Project,
    ProjectPartner,
    WorkPackage,
    WorkPackageShare,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.payments import PaymentForm, record_payment, refresh_plan
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.dialogs.money_forms import (
    InKindDialog,
    NaPaymentDialog,
    PaymentTermsDialog,
    TransferDialog,
    WorkPackageDialog,
)
from intervet_desktop.ui.dialogs.record_payment import RecordPaymentDialog
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.budget import BudgetPage
from intervet_desktop.ui.pages.dashboard import DashboardPage
from intervet_desktop.ui.pages.payments import PaymentsPage
from intervet_desktop.ui.tasks import TaskRunner
from tests.factories import Sample
from tests.money_factories import make_org, make_project


def add_money(workspace: Workspace, sample: Sample) -> None:
    """Budget lines and grant lines for the sample project; payment plans for its mobilities."""
    with workspace.session() as s:
        project = s.get(Project, sample.project_id)
        assert project
        project.transfer_limit_bp = 1000
        project.interim_report_due = date.today() + timedelta(days=9)
        s.add(project)
        for item, cents in [
            ("travel", 60_000),
            ("individual_support", 600_000),
            ("organisational_support", 30_000),
        ]:
            s.add(BudgetLine(project_id=sample.project_id, item=item, awarded_cents=cents))
        for mid in sample.mobility_ids:
            m = s.get(Mobility, mid)
            assert m
            for code, amount in [
                ("travel", 27_500),
                ("individual_support", m.grant_participant_cents - 27_500),
                ("organisational_support", 10_000),
            ]:
                recipient = "organisation" if code == "organisational_support" else "participant"
                s.add(
                    GrantLine(
                        mobility_id=mid, code=code, label=code, recipient=recipient, amount_cents=amount
                    )
                )
    for mid in sample.mobility_ids:
        refresh_plan(workspace, mid)


def cell(table, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    item = table.item(row, column)
    return item.text() if item is not None else ""


def test_budget_page_shows_items_room_and_warnings(
    window: MainWindow, sample: Sample, ctx: AppContext
) -> None:
    add_money(ctx.workspace, sample)
    page = window.show_page("budget")
    assert isinstance(page, BudgetPage)
    page.reload()
    page.select_project(sample.project_id)
    table = page.items_table
    rows = {cell(table, r, 0): [cell(table, r, c) for c in range(1, 8)] for r in range(table.rowCount())}
    # travel: 3 x 275.00 = 825.00 of 600.00 awarded; the 10 % rule lets it receive only 60.00,
    # which individual support (6,000.00 awarded, 5,020.00 committed) can give
    assert rows["Travel"][:2] == ["€600.00", "€825.00"]
    assert rows["Travel"][5] == "-€225.00"
    assert rows["Travel"][6] == "€165.00 short"
    # (1,540.00 - 275.00) + (885.00 - 275.00) + (3,420.00 - 275.00)
    assert rows["Individual support"][1] == "€5,020.00"
    assert rows["Individual support"][6] == "€540.00"  # 600.00 may move, 60.00 went to travel
    assert rows["Total"][0] == "€60,000.00"
    assert page.warnings.isVisible()
    assert "Travel: 225.00 EUR above its award" in page.warnings.text()
    assert len(page.chart._bars) == 3


def test_budget_page_shows_a_ka220_partnership(window: MainWindow, ctx: AppContext) -> None:
    pid = make_project(
        ctx.workspace, code="2024-1-IT01-KA220-VET-000123456", action="KA220-VET", awarded_cents=300_000
    )
    org = make_org(ctx.workspace, "Ammattiopisto Tredu")
    with ctx.workspace.session() as s:
        wp = WorkPackage(
            project_id=pid, code="WP2", title="Job shadowing", lump_sum_cents=200_000, completion_pct=40
        )
        s.add(wp)
        s.flush()
        assert wp.id
        s.add(WorkPackageShare(work_package_id=wp.id, organisation_id=org, amount_cents=200_000))
    page = window.show_page("budget")
    assert isinstance(page, BudgetPage)
    page.reload()
    page.select_project(pid)
    assert page.views.currentIndex() == 1
    top = page.wp_tree.topLevelItem(0)
    assert top is not None
    assert [top.text(c) for c in range(6)] == [
        "WP2  Job shadowing",
        "€2,000.00",
        "40 %",
        "",
        "€0.00",
        "€2,000.00",
    ]
    assert "at risk if not completed €2,000.00" in page.lump_summary.text()


def test_payments_page_lists_due_overdue_first_and_shows_the_plan(
    window: MainWindow, sample: Sample, ctx: AppContext
) -> None:
    add_money(ctx.workspace, sample)
    page = window.show_page("payments")
    assert isinstance(page, PaymentsPage)
    page.reload()
    table = page.due_table
    # the completed mobility's balance and the signed one's pre-financing
    dues = [cell(table, r, 0) for r in range(table.rowCount())]
    assert dues == sorted(dues)
    first_overdue = [r for r in range(table.rowCount()) if cell(table, r, 4)]
    if first_overdue:
        assert first_overdue == list(range(len(first_overdue)))
        item = table.item(0, 1)
        assert item is not None and item.background().color().red() > 200
    table.selectRow(0)
    assert page.mobility_id is not None
    assert page.plan_table.rowCount() >= 1
    assert "Terms: 80 % before departure, balance 45 days after the end." in page.terms.text()
    assert "default terms" in page.terms.text()


def test_overdue_rows_are_highlighted(window: MainWindow, sample: Sample, ctx: AppContext) -> None:
    add_money(ctx.workspace, sample)
    page = window.show_page("payments")
    assert isinstance(page, PaymentsPage)
    page.today = date.today() + timedelta(days=5)
    page.reload()
    assert "1 overdue" in page.summary.text()
    # the completed mobility's pre-financing was due on departure, 45 days before
    assert cell(page.due_table, 0, 1) == "João Gonçalves"
    assert cell(page.due_table, 0, 4) == "45 days"
    assert cell(page.due_table, 1, 4) == ""
    overdue = page.due_table.item(0, 1)
    normal = page.due_table.item(1, 1)
    assert overdue is not None and normal is not None
    assert overdue.background().color() != normal.background().color()


def test_record_payment_dialog_validates_next_to_fields_and_saves(
    qtbot,
    window: MainWindow,
    sample: Sample,
    ctx: AppContext,  # type: ignore[no-untyped-def]
) -> None:
    add_money(ctx.workspace, sample)
    mid = sample.mobility_ids[0]  # 1,540.00 for the participant: 1,232.00 before departure
    page = window.show_page("payments")
    assert isinstance(page, PaymentsPage)
    page.show_mobility(mid)
    dialog = RecordPaymentDialog(ctx, mid, page)
    qtbot.addWidget(dialog)
    assert dialog.amount.text() == "1232.00"
    assert dialog.save_button.isEnabled()
    error = dialog.findChild(QLabel, "error-amount")
    assert error is not None
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "2000")
    assert not dialog.save_button.isEnabled()
    assert error.isVisibleTo(dialog)
    assert error.text() == "2,000.00 EUR is more than the 1,540.00 EUR still owed to this participant."
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "-5")
    assert error.text() == "Amount cannot be negative."
    dialog.currency.clear()
    qtbot.keyClicks(dialog.currency, "SEK")
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "100")
    assert "no exchange rate for SEK" in error.text()
    dialog.currency.setText("EUR")
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "1232")
    assert not error.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.reference, "TR-77")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is not None and dialog.saved.amount_eur_cents == 123_200
    # the change was broadcast: the page shows the new ledger row
    assert cell(page.ledger, 0, 1) == "Pre-financing"
    assert cell(page.ledger, 0, 6) == "TR-77"


def test_dashboard_shows_report_deadlines_and_opens_payments(
    qtbot,
    window: MainWindow,
    sample: Sample,
    ctx: AppContext,  # type: ignore[no-untyped-def]
) -> None:
    add_money(ctx.workspace, sample)
    record_payment(ctx.workspace, sample.mobility_ids[1], PaymentForm("prefinancing", "10", date.today()))
    dashboard = window.page("dashboard")
    assert isinstance(dashboard, DashboardPage)
    dashboard.reload()
    first = dashboard.deadlines.topLevelItem(0)
    assert first is not None
    assert [first.text(c) for c in range(4)] == [
        (date.today() + timedelta(days=9)).isoformat(),
        "Interim report",
        "in 9 days",
        "2025-1-EL01-KA122-VET-000123456",
    ]
    qtbot.mouseClick(dashboard.kpi_payments, Qt.MouseButton.LeftButton)
    assert window.current_page().key == "payments"


def test_budget_page_fills_from_a_real_worker(qtbot, sample: Sample, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    add_money(ctx.workspace, sample)
    threaded = AppContext(ctx.workspace, TaskRunner(ctx.workspace, inline=False))
    try:
        page = BudgetPage(threaded)
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda: page.items_table.rowCount() == 4, timeout=10_000)
        assert cell(page.items_table, 3, 0) == "Total"
    finally:
        threaded.tasks.close()


def test_payment_terms_dialog_refuses_a_share_above_100(
    qtbot, window: MainWindow, sample: Sample, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    add_money(ctx.workspace, sample)
    dialog = PaymentTermsDialog(ctx, sample.project_id, 8000, 45, True)
    qtbot.addWidget(dialog)
    dialog.share.setText("120")
    dialog.save()
    error = dialog.findChild(QLabel, "error-prefinancing")
    assert error is not None and error.isVisibleTo(dialog)
    assert error.text() == "The pre-financing share must be between 0 and 100 % (it is 120)."
    with ctx.workspace.read_session() as s:
        project = s.get(Project, sample.project_id)
        assert project is not None and project.participant_prefinancing_bp == 8000
    dialog.share.setText("70")
    dialog.days.setValue(30)
    dialog.save()  # first a preview: what changes, nothing saved
    assert dialog.preview.isVisibleTo(dialog)
    assert "get new open instalments" in dialog.preview.text() or "gets new" in dialog.preview.text()
    with ctx.workspace.read_session() as s:
        project = s.get(Project, sample.project_id)
        assert project is not None and project.participant_prefinancing_bp == 8000
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    page = window.page("payments")
    assert isinstance(page, PaymentsPage)
    page.show_mobility(sample.mobility_ids[0])
    assert page.terms.text() == "Terms: 70 % before departure, balance 30 days after the end."


def test_in_kind_dialog_shows_problems_then_records(
    qtbot, window: MainWindow, sample: Sample, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    add_money(ctx.workspace, sample)
    mid = sample.mobility_ids[0]
    dialog = InKindDialog(ctx, mid)
    qtbot.addWidget(dialog)
    dialog.amount.setText("-5")
    dialog.save()
    error = dialog.findChild(QLabel, "error-amount")
    assert error is not None and error.text() == "Amount cannot be negative."
    dialog.amount.setText("250")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    page = window.page("payments")
    assert isinstance(page, PaymentsPage)
    page.show_mobility(mid)
    assert page.plan is not None and page.plan.plan.in_kind_cents == 25_000
    assert page.plan.plan.cash_due_cents == 154_000 - 25_000


def test_na_payment_transfer_and_work_package_dialogs(qtbot, window: MainWindow, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    pid = make_project(
        ctx.workspace, code="2024-1-IT01-KA220-VET-000123456", action="KA220-VET", awarded_cents=300_000
    )
    partner = make_org(ctx.workspace, "Ammattiopisto Tredu")
    with ctx.workspace.session() as s:
        s.add(ProjectPartner(project_id=pid, organisation_id=partner, role="partner"))
        wp = WorkPackage(
            project_id=pid, code="WP2", title="Job shadowing", lump_sum_cents=200_000, completion_pct=40
        )
        s.add(wp)
        s.flush()
        assert wp.id
        s.add(WorkPackageShare(work_package_id=wp.id, organisation_id=partner, amount_cents=200_000))
        wp_id = wp.id
    page = window.show_page("budget")
    assert isinstance(page, BudgetPage)
    page.reload()
    page.select_project(pid)

    na = NaPaymentDialog(ctx, pid)
    qtbot.addWidget(na)
    na.amount.setText("2400")
    na.on.setDate(QDate.currentDate().addDays(3))
    na.save()
    error = na.findChild(QLabel, "error-received_on")
    assert error is not None and error.text() == "Received on cannot be in the future."
    na.on.setDate(QDate.currentDate())
    with qtbot.waitSignal(na.accepted):
        na.save()
    assert page.lump_cash.values["received"].text() == "€2,400.00"

    transfer = TransferDialog(ctx, pid, [(partner, "Ammattiopisto Tredu")])
    qtbot.addWidget(transfer)
    transfer.amount.setText("500")
    with qtbot.waitSignal(transfer.accepted):
        transfer.save()
    assert cell(page.partner_table, 0, 3) == "€500.00"

    progress = WorkPackageDialog(ctx, wp_id, "WP2 Job shadowing", 40, None, "")
    qtbot.addWidget(progress)
    progress.completion.setValue(120)
    progress.save()
    error = progress.findChild(QLabel, "error-completion")
    assert error is not None and error.text() == "Completion must be between 0 and 100 % (it is 120)."
    progress.completion.setValue(100)
    progress.evidence.setText("Certificates")
    with qtbot.waitSignal(progress.accepted):
        progress.save()
    assert page.lump is not None and page.lump.at_risk_cents == 0
