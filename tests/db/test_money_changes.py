"""Money that stays right when plans change (issue 15): cancel, force majeure, shorten, reversal,
terms change, NA receipts and partner transfers over their limits. Figures by hand, in cents."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.db.models import (
    AuditEntry,
    Mobility,
    Payment,
    ProjectPartner,
    WorkPackage,
    WorkPackageShare,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import grants
from intervet_desktop.services.bm import load_project_rows
from intervet_desktop.services.budget import project_budget
from intervet_desktop.services.mobility_cancel import cancel_mobility, shorten_mobility
from intervet_desktop.services.payment_terms import apply_terms, preview_terms
from intervet_desktop.services.payments import (
    PaymentForm,
    payment_plan,
    payments_due,
    record_payment,
    refresh_plan,
)
from intervet_desktop.services.project_cash import (
    NaPaymentForm,
    TransferForm,
    delete_na_payment,
    na_payments,
    record_na_payment,
    record_partner_transfer,
    update_partner_transfer,
)
from intervet_desktop.services.reversals import reverse_payment
from tests.factories import build_sample
from tests.money_factories import make_mobility, make_org, make_project

TODAY = date(2026, 4, 1)


def _open(workspace: Workspace, mobility_id: int) -> list[tuple[str, int]]:
    with workspace.read_session() as s:
        rows = s.exec(
            select(Payment).where(Payment.mobility_id == mobility_id, Payment.paid_on == None)  # noqa: E711
        ).all()
        return sorted((r.kind, r.amount_eur_cents) for r in rows)


def _pay(workspace: Workspace, mobility_id: int, amount: str, on: date, kind: str = "prefinancing") -> int:
    return record_payment(workspace, mobility_id, PaymentForm(kind, amount, on), today=TODAY).value.id


def _audits(workspace: Workspace, entity: str) -> list[dict[str, object]]:
    with workspace.read_session() as s:
        rows = s.exec(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)).all()
        return [json.loads(r.changes) | {"_action": r.action} for r in rows]


def _project_with_mobility(workspace: Workspace, **extra: object) -> tuple[int, int]:
    pid = make_project(workspace)
    # participant 1,000.00 (travel 300 + individual 700), organisation 100.00
    mid = make_mobility(
        workspace,
        pid,
        {"travel": 30_000, "individual_support": 70_000, "organisational_support": 10_000},
        start=date(2026, 3, 20),
        end=date(2026, 4, 30),
        **extra,
    )
    refresh_plan(workspace, mid, today=TODAY)
    return pid, mid


# ------------------------------------------------------------------ cancel and force majeure
def test_cancel_after_prefinancing_withdraws_the_balance_and_asks_the_money_back(
    workspace: Workspace,
) -> None:
    pid, mid = _project_with_mobility(workspace)
    assert _open(workspace, mid) == [("balance", 20_000), ("prefinancing", 80_000)]
    _pay(workspace, mid, "800.00", date(2026, 3, 15))
    assert _open(workspace, mid) == [("balance", 20_000)]
    plan = cancel_mobility(workspace, mid, "Fell ill before leaving", on_date=TODAY, today=TODAY).value.plan
    # entitlement 0: the 800.00 paid comes back, due today; no balance any more
    assert (plan.cash_due_cents, plan.paid_cents, plan.recovery_cents) == (0, 80_000, 80_000)
    assert _open(workspace, mid) == [("recovery", -80_000)]
    due = payments_due(workspace, today=TODAY, days=30)
    assert [(r.mobility_id, r.kind, r.amount_eur_cents) for r in due.rows] == [(mid, "recovery", -80_000)]
    # the cancelled mobility's costs leave the budget
    assert project_budget(workspace, pid).total.committed_cents == 0
    # the recovery can be recorded up to what was paid, not more
    with pytest.raises(ValidationError):
        record_payment(workspace, mid, PaymentForm("recovery", "800.01", TODAY), today=TODAY)
    record_payment(workspace, mid, PaymentForm("recovery", "800.00", TODAY), today=TODAY)
    assert _open(workspace, mid) == []
    reason = [a for a in _audits(workspace, "mobility") if "reason" in a]
    assert reason[-1]["reason"] == "Fell ill before leaving"
    assert reason[-1]["status"] == ["planned", "cancelled"]


def test_cancel_needs_a_reason_and_is_refused_twice(workspace: Workspace) -> None:
    _, mid = _project_with_mobility(workspace)
    with pytest.raises(ValidationError) as exc:
        cancel_mobility(workspace, mid, "  ", today=TODAY)
    assert exc.value.problems[0].field == "reason"
    cancel_mobility(workspace, mid, "No host", today=TODAY)
    with pytest.raises(ValidationError):
        cancel_mobility(workspace, mid, "Again", today=TODAY)


def test_force_majeure_keeps_the_costs_in_budget_plan_and_bm(workspace: Workspace) -> None:
    pid, mid = _project_with_mobility(workspace, status="ongoing")
    _pay(workspace, mid, "800.00", date(2026, 3, 15))
    result = cancel_mobility(
        workspace, mid, "Volcanic ash closed the airports", force_majeure=True, today=TODAY
    ).value
    assert result.force_majeure
    # entitlement stays 1,000.00: the balance of 200.00 is still owed, nothing to recover
    assert (result.plan.cash_due_cents, result.plan.recovery_cents) == (100_000, 0)
    assert _open(workspace, mid) == [("balance", 20_000)]
    budget = project_budget(workspace, pid)
    assert budget.total.committed_cents == 110_000
    assert budget.total.realised_cents == 110_000
    with workspace.read_session() as s:
        mobility = s.get(Mobility, mid)
        assert mobility is not None and mobility.force_majeure
        assert mobility.force_majeure_note == "Volcanic ash closed the airports"
    _, rows = load_project_rows(workspace, "2025-1-FI01-KA122-VET-000000001")  # BM keeps it, flagged
    assert [r.force_majeure for r in rows] == [True]


# ------------------------------------------------------------------ shorten
def _sample_mobility(workspace: Workspace) -> int:
    sample = build_sample(workspace, today=date(2026, 1, 10))
    mobility_id = sample.mobility_ids[0]
    with workspace.session() as s:
        mobility = s.get(Mobility, mobility_id)
        assert mobility is not None
        mobility.planned_start = date(2026, 3, 2)
        mobility.planned_end = date(2026, 3, 13)
        mobility.distance_km = 2849
        mobility.travel_days = 2
        mobility.status = "ongoing"
        s.add(mobility)
        for payment in s.exec(select(Payment).where(Payment.mobility_id == mobility_id)).all():
            s.delete(payment)
    grants.store_snapshot(workspace, mobility_id)
    return mobility_id


def test_shortening_after_full_payment_recomputes_the_grant_and_asks_back_the_difference(
    workspace: Workspace,
) -> None:
    mid = _sample_mobility(workspace)
    before = payment_plan(workspace, mid, today=TODAY)
    daily = None
    for line in grants.preview(workspace, mid).new.lines:
        if line.code == "individual_support":
            daily = line.rate_cents
    assert daily is not None
    full = before.plan.cash_due_cents
    _pay(workspace, mid, f"{full // 100}.{full % 100:02d}", date(2026, 3, 1))
    # 12 activity days + 2 travel days -> 4 activity days + 2 travel days: 8 days less of support
    result = shorten_mobility(workspace, mid, date(2026, 3, 5), "Host closed early", today=TODAY).value
    assert result.participant_grant_cents == full - 8 * daily
    assert (result.plan.recovery_cents, result.plan.outstanding_cents) == (8 * daily, 0)
    assert _open(workspace, mid)[0] == ("recovery", -8 * daily)
    with workspace.read_session() as s:
        mobility = s.get(Mobility, mid)
        assert mobility is not None and mobility.actual_end == date(2026, 3, 5)
    with pytest.raises(ValidationError):  # not shorter
        shorten_mobility(workspace, mid, date(2026, 3, 9), "later", today=TODAY)


# ------------------------------------------------------------------ reversal
def test_a_wrong_payment_is_reversed_and_recorded_again(workspace: Workspace) -> None:
    _, mid = _project_with_mobility(workspace)
    wrong = _pay(workspace, mid, "880.00", date(2026, 3, 15))  # typed 880 for 800
    assert payment_plan(workspace, mid, today=TODAY).plan.outstanding_cents == 12_000
    result = reverse_payment(workspace, wrong, "typed 880 instead of 800", date(2026, 3, 16)).value
    assert result.reversal.amount_eur_cents == -88_000 and result.reversal.reverses_id == wrong
    plan = payment_plan(workspace, mid, today=TODAY)
    assert plan.plan.paid_cents == 0
    assert [(p.id, p.amount_eur_cents, p.reversed_by) for p in plan.ledger] == [
        (wrong, 88_000, result.reversal.id),  # the original stays visible
        (result.reversal.id, -88_000, None),
    ]
    _pay(workspace, mid, "800.00", date(2026, 3, 16))
    assert payment_plan(workspace, mid, today=TODAY).plan.paid_cents == 80_000
    with pytest.raises(ValidationError):
        reverse_payment(workspace, wrong, "again")
    with pytest.raises(ValidationError):
        reverse_payment(workspace, result.reversal.id, "reverse the reversal")
    open_id = next(p.id for p in payment_plan(workspace, mid, today=TODAY).open_rows)
    with pytest.raises(ValidationError):
        reverse_payment(workspace, open_id, "not paid")
    assert _audits(workspace, "payment")[-2]["reason"] == "typed 880 instead of 800"


# ------------------------------------------------------------------ terms change
def test_terms_change_reaches_only_unpaid_instalments_of_mobilities_not_completed(
    workspace: Workspace,
) -> None:
    pid = make_project(workspace)
    lines = {"travel": 30_000, "individual_support": 70_000}
    done = make_mobility(
        workspace, pid, lines, status="completed", start=date(2026, 1, 5), end=date(2026, 1, 9)
    )
    paid = make_mobility(workspace, pid, lines, name="Bo Berg", start=date(2026, 5, 4), end=date(2026, 5, 8))
    fresh = make_mobility(workspace, pid, lines, name="Cy Cole", start=date(2026, 6, 1), end=date(2026, 6, 5))
    for mid in (done, paid, fresh):
        refresh_plan(workspace, mid, today=TODAY)
    _pay(workspace, done, "800.00", date(2026, 1, 2))
    _pay(workspace, paid, "800.00", date(2026, 3, 30))
    # done: balance 200.00 still open, due 45 days after 9 January = 23 February
    with workspace.read_session() as s:
        done_open = s.exec(select(Payment).where(Payment.mobility_id == done, Payment.paid_on == None)).one()  # noqa: E711
    assert (done_open.amount_eur_cents, done_open.due_date) == (20_000, date(2026, 2, 23))

    preview = preview_terms(workspace, pid, "50", 30, today=TODAY)
    rows = {r.mobility_id: r for r in preview.rows}
    assert rows[done].kept and rows[done].new_open_cents == rows[done].old_open_cents
    assert rows[paid].keeps_prefinancing
    assert rows[paid].new_balance_due == date(2026, 6, 7)  # 8 May + 30
    assert rows[fresh].new_open_cents == (50_000, 50_000)
    assert {r.mobility_id for r in preview.changed} == {paid, fresh}
    assert _open(workspace, fresh) == [("balance", 20_000), ("prefinancing", 80_000)]  # nothing saved

    apply_terms(workspace, pid, "50", 30, today=TODAY)
    with workspace.read_session() as s:
        after = s.exec(select(Payment).where(Payment.mobility_id == done, Payment.paid_on == None)).one()  # noqa: E711
    assert (after.amount_eur_cents, after.due_date) == (20_000, date(2026, 2, 23))  # untouched
    assert _open(workspace, paid) == [("balance", 20_000)]  # no top-up of the paid pre-financing
    assert _open(workspace, fresh) == [("balance", 50_000), ("prefinancing", 50_000)]
    # a later replan of the completed mobility still uses its own terms
    refresh_plan(workspace, done, today=TODAY)
    assert _open(workspace, done) == [("balance", 20_000)]
    with pytest.raises(ValidationError):
        preview_terms(workspace, pid, "120", 30)


# ------------------------------------------------------------------ NA receipts and transfers
def test_na_receipts_above_the_award_need_a_reason(workspace: Workspace) -> None:
    pid = make_project(workspace, awarded_cents=1_000_000)
    record_na_payment(workspace, pid, NaPaymentForm("prefinancing", "8000", received_on=TODAY), today=TODAY)
    with pytest.raises(ValidationError) as exc:
        record_na_payment(workspace, pid, NaPaymentForm("balance", "2000.01", received_on=TODAY), today=TODAY)
    assert exc.value.problems[0].field == "amount"
    assert "0.01" in exc.value.problems[0].render()
    assert len(na_payments(workspace, pid)) == 1
    row = record_na_payment(
        workspace,
        pid,
        NaPaymentForm(
            "balance", "2000.01", received_on=TODAY, over_limit_reason="NA rounding, confirmed by mail"
        ),
        today=TODAY,
    ).value
    assert _audits(workspace, "na_payment")[-1]["over_award_reason"] == "NA rounding, confirmed by mail"
    with pytest.raises(ValidationError):
        delete_na_payment(workspace, row.id, "")
    delete_na_payment(workspace, row.id, "entered twice")
    assert [r.amount_cents for r in na_payments(workspace, pid)] == [800_000]
    assert _audits(workspace, "na_payment")[-1]["_action"] == "delete"


def test_transfers_above_a_partners_share_need_a_reason(workspace: Workspace) -> None:
    pid = make_project(workspace, code="2025-1-FI01-KA220-VET-000000002", action="KA220-VET")
    partner = make_org(workspace, "Escola Porto", "PT")
    with workspace.session() as s:
        s.add(ProjectPartner(project_id=pid, organisation_id=partner, role="partner"))
        for code, share in (("WP1", 1_000_000), ("WP2", 500_000)):
            wp = WorkPackage(project_id=pid, code=code, lump_sum_cents=share * 3)
            s.add(wp)
            s.flush()
            assert wp.id
            s.add(WorkPackageShare(work_package_id=wp.id, organisation_id=partner, amount_cents=share))
    day = TODAY - timedelta(days=1)
    first = record_partner_transfer(workspace, pid, TransferForm(partner, "10000", day), today=TODAY).value
    with pytest.raises(ValidationError) as exc:
        record_partner_transfer(workspace, pid, TransferForm(partner, "5000.01", day), today=TODAY)
    assert "5,000.00" in exc.value.problems[0].render()  # 15,000 share - 10,000 sent
    # an edit is checked without counting the row itself
    update_partner_transfer(workspace, first.id, TransferForm(partner, "15000", day), today=TODAY)
    with pytest.raises(ValidationError):
        update_partner_transfer(workspace, first.id, TransferForm(partner, "60000", day), today=TODAY)
    update_partner_transfer(
        workspace,
        first.id,
        TransferForm(partner, "60000", day, over_limit_reason="advance agreed"),
        today=TODAY,
    )
    assert _audits(workspace, "partner_transfer")[-1]["over_share_reason"] == "advance agreed"
