"""A whole project from an empty database through the window: the new-project wizard (agreement,
organisations, budget), the grant agreement's budget corrected, a payment reversed in the ledger.
Screenshots of each step are written to INTERVET_SHOTS (when set) for review."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget
from sqlmodel import select

from intervet_desktop.db.models import BudgetLine, Project, ProjectPartner
from intervet_desktop.services.payments import PaymentForm, record_payment, refresh_plan
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.dialogs.new_project_wizard import AwardDialog, NewProjectWizard, ReversePaymentDialog
from intervet_desktop.ui.pages.budget import BudgetPage
from intervet_desktop.ui.pages.payments import PaymentsPage
from tests.money_factories import make_mobility, make_org

CODE = "2025-1-FI01-KA122-VET-000000077"


def shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("INTERVET_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def test_a_whole_project_from_an_empty_database(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    school = make_org(ctx.workspace, "Tampereen ammattiopisto", "FI")
    host = make_org(ctx.workspace, "Escola Profissional do Porto", "PT")
    wizard = NewProjectWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.code.setText(CODE)
    assert wizard.call_year.value() == 2025  # read from the number
    wizard.title_edit.setText("Kitchens of Europe")
    wizard.start.setDate(wizard.start.date().fromString("2025-09-01", "yyyy-MM-dd"))
    wizard.end.setDate(wizard.end.date().fromString("2027-02-28", "yyyy-MM-dd"))
    shot(wizard, "wizard-1-agreement")
    wizard.next()
    # the beneficiary is required: Finish refuses and shows why
    for row in range(wizard.partners.count()):
        item = wizard.partners.item(row)
        item.setSelected(item.data(256) == host)
    shot(wizard, "wizard-2-organisations")
    wizard.next()
    wizard.amounts["travel"].setText("12000")
    wizard.amounts["individual-support"].setText("30000,50")
    wizard.amounts["organisational-support"].setText("-5")
    wizard.transfer.setText("10")
    wizard.accept()
    assert wizard.project_id is None
    assert not wizard.budget_page.errors["organisational-support"].isHidden()
    assert wizard.currentId() == 1  # sent back to the organisations page (the first refused)
    assert "beneficiary" in wizard.organisations_page.errors["beneficiary"].text()
    with ctx.workspace.read_session() as s:
        assert s.exec(select(Project)).all() == []  # nothing saved
    wizard.beneficiary.setCurrentIndex(wizard.beneficiary.findData(school))
    wizard.next()
    wizard.amounts["organisational-support"].setText("5000")
    shot(wizard, "wizard-3-budget")
    wizard.accept()
    assert wizard.project_id is not None
    with ctx.workspace.read_session() as s:
        project = s.get(Project, wizard.project_id)
        assert project is not None
        assert (project.code, project.national_agency, project.transfer_limit_bp) == (CODE, "FI01", 1000)
        roles = {(p.organisation_id, p.role) for p in s.exec(select(ProjectPartner)).all()}
        assert roles == {(school, "coordinator"), (host, "partner")}
        lines = {b.item: b.awarded_cents for b in s.exec(select(BudgetLine)).all()}
    assert lines == {"travel": 1_200_000, "individual_support": 3_000_050, "organisational_support": 500_000}

    # the budget page shows it, marked "rates not confirmed"; the award is corrected in its dialog
    page = BudgetPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.reload()
    assert page.picker.currentData() == wizard.project_id
    warnings = page.findChild(QLabel, "budget-warnings")
    assert warnings is not None and "Rates not confirmed" in warnings.text()
    dialog = AwardDialog(ctx, wizard.project_id, page)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.amounts["travel"].text() == "12,000.00"
    dialog.amounts["travel"].setText("11000")
    dialog.amounts["course-fees"].setText("abc")
    dialog.save()
    assert not dialog.errors["course_fees"].isHidden()
    dialog.amounts["course-fees"].setText("")
    shot(dialog, "award-dialog")
    dialog.save()
    assert dialog.result() == 1
    page.reload()
    assert page.budget is not None
    assert {i.item: i.awarded_cents for i in page.budget.items}["travel"] == 1_100_000
    shot(page, "budget-page-new-project")

    # a payment typed wrong is reversed from the ledger; the original stays visible
    start = date.today() + timedelta(days=5)
    mid = make_mobility(
        ctx.workspace,
        wizard.project_id,
        {"travel": 30_000, "individual_support": 70_000},
        start=start,
        end=start,
    )
    refresh_plan(ctx.workspace, mid)
    wrong = record_payment(ctx.workspace, mid, PaymentForm("prefinancing", "880", date.today())).value.id
    payments_page = PaymentsPage(ctx)
    qtbot.addWidget(payments_page)
    payments_page.resize(1200, 800)
    payments_page.show()
    payments_page.show_mobility(mid)
    payments_page.ledger.setCurrentCell(0, 0)
    reverse = ReversePaymentDialog(ctx, wrong, "#1 880.00", payments_page)
    qtbot.addWidget(reverse)
    reverse.save()  # no reason: refused
    assert not reverse.errors["reason"].isHidden()
    reverse.reason.setText("typed 880 instead of 800")
    shot(reverse, "reverse-dialog")
    reverse.save()
    record_payment(ctx.workspace, mid, PaymentForm("prefinancing", "800", date.today()))
    payments_page.show_mobility(mid)
    assert payments_page.ledger.rowCount() == 3
    texts = [payments_page.ledger.item(r, 6).text() for r in range(3)]
    assert "reversed by" in texts[0] and "typed 880 instead of 800" in texts[1]
    shot(payments_page, "ledger-with-reversal")
