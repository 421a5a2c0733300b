"""Storing a grant keeps the participant's payment plan in step; paid rows are never rewritten."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from intervet_desktop.db.models import Mobility, Payment
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import grants
from tests.factories import build_sample


def _prepare(workspace: Workspace) -> int:
    sample = build_sample(workspace, today=date(2026, 1, 10))
    mobility_id = sample.mobility_ids[0]
    with workspace.session() as s:
        mobility = s.get(Mobility, mobility_id)
        assert mobility is not None
        mobility.planned_start = date(2026, 3, 2)
        mobility.planned_end = date(2026, 3, 13)
        mobility.distance_km = 2849
        mobility.travel_days = 2
        s.add(mobility)
        for payment in s.exec(select(Payment).where(Payment.mobility_id == mobility_id)).all():
            s.delete(payment)
    return mobility_id


def _rows(workspace: Workspace, mobility_id: int) -> list[Payment]:
    with workspace.read_session() as s:
        return list(
            s.exec(select(Payment).where(Payment.mobility_id == mobility_id).order_by(Payment.id)).all()
        )


def test_storing_a_grant_creates_the_plan_from_the_participants_part(workspace: Workspace) -> None:
    mobility_id = _prepare(workspace)
    breakdown = grants.store_snapshot(workspace, mobility_id).value
    rows = _rows(workspace, mobility_id)
    assert {r.kind for r in rows} == {"prefinancing", "balance"}
    assert sum(r.amount_cents for r in rows) == breakdown.participant_total_cents
    assert all(r.paid_on is None for r in rows)


def test_a_shorter_mobility_after_a_paid_prefinancing_keeps_the_paid_row(workspace: Workspace) -> None:
    mobility_id = _prepare(workspace)
    first = grants.store_snapshot(workspace, mobility_id).value
    with workspace.session() as s:
        pre = s.exec(
            select(Payment).where(Payment.mobility_id == mobility_id, Payment.kind == "prefinancing")
        ).one()
        pre.paid_on = date(2026, 2, 20)
        paid_id, paid_cents = pre.id, pre.amount_cents
        s.add(pre)
        mobility = s.get(Mobility, mobility_id)
        assert mobility is not None
        mobility.planned_end = mobility.planned_start + timedelta(days=4)
        s.add(mobility)
    second = grants.store_snapshot(workspace, mobility_id).value
    assert second.participant_total_cents < first.participant_total_cents
    rows = _rows(workspace, mobility_id)
    paid = [r for r in rows if r.paid_on is not None]
    assert [(r.id, r.amount_cents) for r in paid] == [(paid_id, paid_cents)]
    assert sum(r.amount_cents for r in rows) == second.participant_total_cents
