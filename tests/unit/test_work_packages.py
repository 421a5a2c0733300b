"""KA220 lump sums: work-package completion and amount at risk, partner transfers, costs in
another currency; National Agency payments beside commitments."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.db.models import ProjectPartner, WorkPackage, WorkPackageActivity, WorkPackageShare
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import fx
from intervet_desktop.services.budget import project_budget
from intervet_desktop.services.project_cash import (
    NaPaymentForm,
    TransferForm,
    na_payments,
    partner_transfers,
    record_na_payment,
    record_partner_transfer,
)
from intervet_desktop.services.work_packages import (
    CostForm,
    lump_sum_budget,
    record_cost,
    set_activity_progress,
    set_work_package_progress,
)
from tests.money_factories import make_mobility, make_org, make_project

TODAY = date(2026, 6, 30)


def build(workspace: Workspace) -> dict[str, int]:
    pid = make_project(
        workspace,
        code="2024-1-IT01-KA220-VET-000123456",
        action="KA220-VET",
        funding_model="lump_sum",
        awarded_cents=300_000,
    )
    coordinator = make_org(workspace, "Istituto Tecnico Galilei", "IT")
    partner = make_org(workspace, "Ammattiopisto Tredu", "FI")
    with workspace.session() as s:
        s.add(ProjectPartner(project_id=pid, organisation_id=coordinator, role="coordinator"))
        s.add(ProjectPartner(project_id=pid, organisation_id=partner, role="partner"))
        wp1 = WorkPackage(project_id=pid, code="WP1", title="Management", lump_sum_cents=100_000)
        wp2 = WorkPackage(project_id=pid, code="WP2", title="Job shadowing", lump_sum_cents=200_000)
        s.add_all([wp1, wp2])
        s.flush()
        assert wp1.id and wp2.id
        s.add_all(
            [
                WorkPackageShare(work_package_id=wp1.id, organisation_id=coordinator, amount_cents=60_000),
                WorkPackageShare(work_package_id=wp1.id, organisation_id=partner, amount_cents=40_000),
                WorkPackageShare(work_package_id=wp2.id, organisation_id=coordinator, amount_cents=50_000),
                WorkPackageShare(work_package_id=wp2.id, organisation_id=partner, amount_cents=150_000),
            ]
        )
        a1 = WorkPackageActivity(work_package_id=wp2.id, title="Shadowing in Tampere", completion_pct=50)
        a2 = WorkPackageActivity(work_package_id=wp2.id, title="Shadowing in Bari", completion_pct=70)
        s.add_all([a1, a2])
        s.flush()
        assert a1.id
        return {
            "project": pid,
            "coordinator": coordinator,
            "partner": partner,
            "wp1": wp1.id,
            "wp2": wp2.id,
            "activity": a1.id,
        }


def test_completion_and_amount_at_risk(workspace: Workspace) -> None:
    ids = build(workspace)
    set_work_package_progress(
        workspace, ids["wp1"], 100, date(2026, 5, 31), "minutes of the final meeting", TODAY
    )
    set_work_package_progress(workspace, ids["wp2"], 60, None, "", TODAY)
    budget = lump_sum_budget(workspace, ids["project"])
    wps = {
        w.code: (w.completion_pct, w.completed, w.at_risk_cents, w.activities_pct)
        for w in budget.work_packages
    }
    assert wps == {"WP1": (100, True, 0, None), "WP2": (60, False, 200_000, 60)}
    assert budget.lump_sum_cents == 300_000
    assert budget.completed_cents == 100_000
    assert budget.at_risk_cents == 200_000
    partners = {p.organisation: (p.role, p.lump_share_cents, p.at_risk_cents) for p in budget.partners}
    assert partners == {
        "Ammattiopisto Tredu": ("partner", 190_000, 150_000),
        "Istituto Tecnico Galilei": ("coordinator", 110_000, 50_000),
    }
    set_activity_progress(workspace, ids["activity"], 100, "certificates")
    set_work_package_progress(workspace, ids["wp2"], 100, date(2026, 6, 30), "certificates", TODAY)
    budget = lump_sum_budget(workspace, ids["project"])
    assert budget.at_risk_cents == 0
    assert [w.activities_pct for w in budget.work_packages] == [None, 85]


def test_costs_are_kept_in_their_currency_with_the_eur_figure(workspace: Workspace) -> None:
    ids = build(workspace)
    fx.set_rate(workspace, "SEK", date(2026, 4, 1), "11.2")
    record_cost(workspace, ids["wp2"], CostForm("500.00", date(2026, 4, 3)), TODAY)
    # 1,234.56 SEK / 11.2 = 110.2285... EUR -> 110.23
    record_cost(workspace, ids["wp2"], CostForm("1234.56", date(2026, 4, 20), currency="SEK"), TODAY)
    budget = lump_sum_budget(workspace, ids["project"])
    assert [w.costs_cents for w in budget.work_packages] == [0, 61_023]
    with workspace.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT amount_cents, currency, amount_eur_cents, fx_rate, fx_date FROM work_package_cost "
                "WHERE currency = 'SEK'"
            )
        ).one()
    assert tuple(row) == (123_456, "SEK", 11_023, "11.2", "2026-04-01")


def test_partner_transfers_against_the_lump_share(workspace: Workspace) -> None:
    ids = build(workspace)
    record_partner_transfer(
        workspace, ids["project"], TransferForm(ids["partner"], "800.00", date(2026, 1, 15), "T1"), TODAY
    )
    budget = lump_sum_budget(workspace, ids["project"])
    partner = next(p for p in budget.partners if p.organisation_id == ids["partner"])
    assert (partner.transferred_cents, partner.still_to_transfer_cents) == (80_000, 110_000)
    assert [(t.organisation, t.amount_cents) for t in partner_transfers(workspace, ids["project"])] == [
        ("Ammattiopisto Tredu", 80_000)
    ]
    assert project_budget(workspace, ids["project"]).cash.transferred_to_partners_cents == 80_000
    assert project_budget(workspace, ids["project"]).lump_sum is True
    assert project_budget(workspace, ids["project"]).warnings == ()


def test_na_payments_against_commitments(workspace: Workspace) -> None:
    pid = make_project(workspace, awarded_cents=1_000_000, na_prefinancing_bp=8000)
    make_mobility(workspace, pid, {"travel": 100_000, "individual_support": 500_000}, status="completed")
    make_mobility(workspace, pid, {"travel": 100_000, "individual_support": 350_000})
    record_na_payment(
        workspace, pid, NaPaymentForm("prefinancing", "8000.00", received_on=date(2025, 10, 1)), TODAY
    )
    record_na_payment(
        workspace, pid, NaPaymentForm("further_prefinancing", "1000", due_date=date(2026, 9, 1)), TODAY
    )
    record_na_payment(workspace, pid, NaPaymentForm("recovery", "50", received_on=date(2026, 1, 5)), TODAY)
    assert [(r.kind, r.amount_cents) for r in na_payments(workspace, pid)] == [
        ("further_prefinancing", 100_000),
        ("prefinancing", 800_000),
        ("recovery", -5_000),
    ]
    cash = project_budget(workspace, pid).cash
    assert cash.committed_cents == 1_050_000
    assert cash.na_prefinancing_expected_cents == 800_000
    assert cash.na_received_cents == 795_000
    assert cash.na_outstanding_cents == 100_000
    assert cash.cash_cents == 795_000
    # commitments beyond what was received: the school pre-finances 255,000 itself
    assert cash.committed_cents - cash.na_received_cents == 255_000


def fingerprint(workspace: Workspace) -> list[Any]:
    with workspace.engine.connect() as conn:
        return [
            [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY id"))]
            for t in (
                "work_package",
                "work_package_activity",
                "work_package_cost",
                "na_payment",
                "partner_transfer",
                "audit_entry",
            )
        ]


def test_bad_input_is_refused_and_changes_nothing(workspace: Workspace) -> None:
    ids = build(workspace)
    before = fingerprint(workspace)
    attempts = [
        lambda: set_work_package_progress(workspace, ids["wp1"], 120, None, "", TODAY),
        lambda: set_work_package_progress(workspace, ids["wp1"], 100, None, "", TODAY),
        lambda: set_work_package_progress(workspace, ids["wp1"], 100, date(2026, 7, 1), "", TODAY),
        lambda: set_activity_progress(workspace, ids["activity"], -1, ""),
        lambda: record_cost(workspace, ids["wp1"], CostForm("10", date(2026, 4, 1), currency="SEK"), TODAY),
        lambda: record_cost(workspace, ids["wp1"], CostForm("-10", date(2026, 4, 1)), TODAY),
        lambda: record_na_payment(
            workspace,
            ids["project"],
            NaPaymentForm("prefinancing", "10", received_on=date(2026, 7, 1)),
            TODAY,
        ),
        lambda: record_na_payment(workspace, ids["project"], NaPaymentForm("prefinancing", "10"), TODAY),
        lambda: record_na_payment(
            workspace, ids["project"], NaPaymentForm("prefinancing", "-10", due_date=TODAY), TODAY
        ),
        lambda: record_partner_transfer(
            workspace, ids["project"], TransferForm(ids["coordinator"], "10", TODAY), TODAY
        ),
        lambda: record_partner_transfer(
            workspace, ids["project"], TransferForm(ids["partner"], "10", date(2026, 7, 1)), TODAY
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    assert fingerprint(workspace) == before
