"""A KA220 partnership in the budget PDF and the finance workbook: work packages, shares and
transfers (no unit-cost items with zero awards), with the figures worked out by hand; and a
force-majeure cancellation counted as such in the statistics."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import partnership_setup as setup
from intervet_desktop.services.mobility_cancel import cancel_mobility
from intervet_desktop.services.project_cash import (
    NaPaymentForm,
    TransferForm,
    record_na_payment,
    record_partner_transfer,
)
from intervet_desktop.services.report_exports import export_budget, export_finance
from intervet_desktop.services.report_stats import project_stats
from intervet_desktop.services.work_packages import (
    CostForm,
    lump_sum_budget,
    record_cost,
    set_work_package_progress,
)
from tests.money_factories import make_mobility, make_org, make_project

TODAY = date(2026, 6, 1)


def partnership(workspace: Workspace) -> tuple[int, int, int]:
    pid = make_project(workspace, code="2024-1-IT01-KA220-VET-000123456", action="KA220-VET")
    school = make_org(workspace, "Istituto Tecnico Galilei", "IT")
    tredu = make_org(workspace, "Ammattiopisto Tredu", "FI")
    setup.add_partner(workspace, pid, school, "coordinator")
    setup.add_partner(workspace, pid, tredu, "partner")
    wp1 = setup.save_work_package(workspace, pid, setup.WorkPackageForm("WP1", "Management", "30000")).value
    wp2 = setup.save_work_package(
        workspace, pid, setup.WorkPackageForm("WP2", "Job shadowing", "12500,50")
    ).value
    setup.set_shares(workspace, wp1, {school: "20000", tredu: "10000"})
    setup.set_shares(workspace, wp2, {school: "5000,25", tredu: "7500,25"})
    set_work_package_progress(workspace, wp1, 100, date(2026, 5, 2), "Minutes", today=TODAY)
    record_cost(workspace, wp2, CostForm("1234,56", date(2026, 4, 1), description="Flights"), today=TODAY)
    record_na_payment(
        workspace, pid, NaPaymentForm("prefinancing", "16800,20", received_on=date(2026, 1, 15)), today=TODAY
    )
    record_partner_transfer(workspace, pid, TransferForm(tredu, "8000", date(2026, 2, 1), "T-1"), today=TODAY)
    return pid, school, tredu


def test_ka220_figures_by_hand(workspace: Workspace) -> None:
    pid, _, tredu = partnership(workspace)
    lump = lump_sum_budget(workspace, pid)
    # lump sums 30,000.00 + 12,500.50 = 42,500.50; WP1 completed, so WP2 (12,500.50) is at risk
    assert lump.lump_sum_cents == 4_250_050
    assert lump.completed_cents == 3_000_000
    assert lump.at_risk_cents == 1_250_050
    assert lump.costs_cents == 123_456
    partner = next(p for p in lump.partners if p.organisation_id == tredu)
    # shares 10,000.00 + 7,500.25 = 17,500.25; 8,000.00 sent: 9,500.25 still to transfer
    assert (partner.lump_share_cents, partner.transferred_cents, partner.still_to_transfer_cents) == (
        1_750_025,
        800_000,
        950_025,
    )


def test_ka220_budget_pdf_and_finance_workbook(workspace: Workspace, tmp_path: Path) -> None:
    pid, _, _ = partnership(workspace)
    pdf = tmp_path / "budget.pdf"
    export_budget(workspace, pid, pdf, today=TODAY)
    text = "\n".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "Work packages (lump sums)" in text
    assert "WP2 Job shadowing" in text and "12,500.50" in text
    assert "share: Ammattiopisto Tredu" in text and "7,500.25" in text
    assert "42,500.50" in text  # total of the lump sums
    assert "Transfers to partners" in text and "T-1" in text
    assert "Per budget item" not in text and "Organisational support" not in text
    assert "16,800.20" in text  # received from the NA

    book = tmp_path / "finance.xlsx"
    export_finance(workspace, pid, book, today=TODAY)
    wb = load_workbook(book)
    assert wb.sheetnames == ["Summary", "Work packages", "Transfers", "National Agency"]
    summary = [[c.value for c in row] for row in wb["Summary"].iter_rows()]
    wp_rows = [r for r in summary if r and str(r[0]).startswith("WP")]
    assert [r[:5] for r in wp_rows] == [
        ["WP1 Management", 30000, 0, 30000, 0],
        ["WP2 Job shadowing", 12500.5, 1234.56, 0, 12500.5],
    ]
    assert not any(r and r[0] == "Organisational support" for r in summary)
    shares = [[c.value for c in row] for row in wb["Work packages"].iter_rows(min_row=2)]
    assert {(r[0], r[4], r[5]) for r in shares if r[0] == "WP2"} == {
        ("WP2", "Ammattiopisto Tredu", 7500.25),
        ("WP2", "Istituto Tecnico Galilei", 5000.25),
    }
    transfers = [[c.value for c in row] for row in wb["Transfers"].iter_rows(min_row=2)]
    assert ["Ammattiopisto Tredu", 8000, "T-1"] in [[r[0], r[2], r[3]] for r in transfers]


def test_force_majeure_is_counted_in_the_statistics(workspace: Workspace) -> None:
    pid = make_project(workspace)
    kept = make_mobility(workspace, pid, {"travel": 27_500}, name="Anna Virtanen")
    make_mobility(workspace, pid, {"travel": 27_500}, name="Ville Koski")
    cancel_mobility(workspace, kept, "Volcanic ash closed the airports", force_majeure=True)
    report = project_stats(workspace, pid)
    assert report.mobilities == 2  # the force-majeure one stays in the figures
    table = next(t for t in report.tables if t.key == "force_majeure")
    assert dict(table.rows)["force majeure"] == 1
