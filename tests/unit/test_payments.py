"""Payment plans per mobility: normal, shortened, cancelled, travel in kind, another currency;
the 30-day due list; bad input refused with the database unchanged."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, text

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.db.models import FxRate, Payment
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import fx
from intervet_desktop.services.payments import (
    InKindForm,
    PaymentForm,
    payment_plan,
    payments_due,
    record_in_kind,
    record_payment,
    refresh_plan,
    set_payment_terms,
    validate_payment,
)
from tests.money_factories import make_mobility, make_project, set_grant

TODAY = date(2026, 2, 25)


def setup(workspace: Workspace, participant: int = 200_000, **extra: Any) -> tuple[int, int]:
    pid = make_project(workspace, participant_prefinancing_bp=8000, participant_balance_days=30)
    # 200,000 for the participant (travel + individual support), 10,000 for the school
    mid = make_mobility(
        workspace,
        pid,
        {"travel": 27_500, "individual_support": participant - 27_500, "organisational_support": 10_000},
        **extra,
    )
    refresh_plan(workspace, mid, TODAY)
    return pid, mid


def open_rows(workspace: Workspace, mid: int) -> list[tuple[str, date, int]]:
    return [(r.kind, r.due_date, r.amount_eur_cents) for r in payment_plan(workspace, mid, TODAY).open_rows]  # type: ignore[misc]


def paid_rows(workspace: Workspace, mid: int) -> list[tuple[Any, ...]]:
    with workspace.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(text("SELECT * FROM payment WHERE paid_on IS NOT NULL ORDER BY id"))
        ]


def pay(workspace: Workspace, mid: int, amount: str, kind: str = "prefinancing", **extra: Any) -> None:
    values: dict[str, Any] = {"paid_on": date(2026, 2, 20)}
    values.update(extra)
    record_payment(workspace, mid, PaymentForm(kind=kind, amount=amount, **values), TODAY)


def test_normal_plan_prefinancing_then_balance(workspace: Workspace) -> None:
    _, mid = setup(workspace)
    plan = payment_plan(workspace, mid, TODAY)
    assert plan.plan.cash_due_cents == 200_000
    assert open_rows(workspace, mid) == [
        ("prefinancing", date(2026, 3, 1), 160_000),
        ("balance", date(2026, 4, 9), 40_000),
    ]
    pay(workspace, mid, "1600.00", reference="TR-1")
    plan = payment_plan(workspace, mid, TODAY)
    assert [(r.kind, r.amount_eur_cents, r.reference) for r in plan.ledger] == [
        ("prefinancing", 160_000, "TR-1")
    ]
    assert open_rows(workspace, mid) == [("balance", date(2026, 4, 9), 40_000)]
    assert plan.plan.outstanding_cents == 40_000
    pay(workspace, mid, "400", kind="balance")
    assert open_rows(workspace, mid) == []
    assert payment_plan(workspace, mid, TODAY).plan.outstanding_cents == 0


def test_terms_are_labelled_defaults_until_set(workspace: Workspace) -> None:
    pid, mid = setup(workspace)
    assert payment_plan(workspace, mid, TODAY).terms_are_defaults is True
    set_payment_terms(workspace, pid, "70 %", 45, TODAY)
    plan = payment_plan(workspace, mid, TODAY)
    assert plan.terms_are_defaults is False
    assert open_rows(workspace, mid) == [
        ("prefinancing", date(2026, 3, 1), 140_000),
        ("balance", date(2026, 4, 24), 60_000),
    ]


def test_shortened_mobility_gets_the_balance_that_follows_then_a_recovery(workspace: Workspace) -> None:
    _, mid = setup(workspace)
    pay(workspace, mid, "1600.00")
    before = paid_rows(workspace, mid)
    set_grant(workspace, mid, 180_000, actual_end=date(2026, 3, 8))
    refresh_plan(workspace, mid, TODAY)
    assert open_rows(workspace, mid) == [("balance", date(2026, 4, 7), 20_000)]
    set_grant(workspace, mid, 150_000)
    refresh_plan(workspace, mid, TODAY)
    assert open_rows(workspace, mid) == [("recovery", date(2026, 4, 7), -10_000)]
    assert paid_rows(workspace, mid) == before  # the ledger is never rewritten


def test_cancelled_mobility_recovers_what_was_paid(workspace: Workspace) -> None:
    _, mid = setup(workspace)
    pay(workspace, mid, "1600.00")
    set_grant(workspace, mid, 200_000, status="cancelled")
    refresh_plan(workspace, mid, TODAY)
    assert open_rows(workspace, mid) == [("recovery", TODAY, -160_000)]
    with pytest.raises(ValidationError) as refused:
        pay(workspace, mid, "1600.01", kind="recovery")
    assert refused.value.problems[0].message.code == "recovery_exceeds_due"
    pay(workspace, mid, "1600.00", kind="recovery")
    plan = payment_plan(workspace, mid, TODAY)
    assert [r.amount_eur_cents for r in plan.ledger] == [160_000, -160_000]
    assert plan.plan.paid_cents == 0 and open_rows(workspace, mid) == []


def test_cancelled_for_force_majeure_keeps_the_entitlement(workspace: Workspace) -> None:
    _, mid = setup(workspace)
    pay(workspace, mid, "1600.00")
    set_grant(workspace, mid, 170_000, status="cancelled", force_majeure=True)
    refresh_plan(workspace, mid, TODAY)
    assert open_rows(workspace, mid) == [("balance", date(2026, 4, 9), 10_000)]


def test_travel_booked_in_kind_is_deducted_and_recorded_against_the_entitlement(workspace: Workspace) -> None:
    _, mid = setup(workspace, in_kind_travel_cents=30_000)
    assert payment_plan(workspace, mid, TODAY).plan.cash_due_cents == 170_000
    assert open_rows(workspace, mid) == [
        ("prefinancing", date(2026, 3, 1), 136_000),
        ("balance", date(2026, 4, 9), 34_000),
    ]
    record_in_kind(
        workspace,
        mid,
        InKindForm(kind="travel", amount="325.50", spent_on=date(2026, 2, 1), description="flights"),
        TODAY,
    )
    plan = payment_plan(workspace, mid, TODAY)
    assert plan.plan.in_kind_cents == 32_550  # the recorded ticket replaces the estimate
    assert [(e.kind, e.amount_eur_cents) for e in plan.in_kind] == [("travel", 32_550)]
    assert open_rows(workspace, mid) == [
        ("prefinancing", date(2026, 3, 1), 133_960),
        ("balance", date(2026, 4, 9), 33_490),
    ]


def test_paid_in_another_currency_is_converted_half_up_at_the_months_rate(workspace: Workspace) -> None:
    _, mid = setup(workspace)
    fx.set_rate(workspace, "huf", date(2026, 2, 14), "390")
    # 390,001.95 HUF / 390 = 1,000.005 EUR -> 1,000.01 (half up; half-even would give 1,000.00)
    pay(workspace, mid, "390001,95", currency="HUF", method="bank_transfer")
    row = payment_plan(workspace, mid, TODAY).ledger[0]
    assert (row.amount_cents, row.currency, row.amount_eur_cents) == (39_000_195, "HUF", 100_001)
    assert (row.fx_rate, row.fx_date) == ("390", date(2026, 2, 1))
    assert open_rows(workspace, mid) == [
        ("prefinancing", date(2026, 3, 1), 59_999),
        ("balance", date(2026, 4, 9), 40_000),
    ]


def test_due_list_overdue_first_then_by_date(workspace: Workspace) -> None:
    pid = make_project(workspace, participant_balance_days=30)
    people = ["Aino Aalto", "Bruno Bianchi", "Carla Costa", "Dimitra Doukas"]
    starts = [date(2026, 2, 5), date(2026, 2, 20), date(2026, 3, 1), date(2026, 4, 30)]
    for name, start in zip(people, starts, strict=True):
        mid = make_mobility(
            workspace, pid, {"individual_support": 100_000}, name=name, start=start, end=start
        )
        refresh_plan(workspace, mid, TODAY)
    due = payments_due(workspace, TODAY)
    assert [(r.participant, r.due_date, r.days_overdue) for r in due.rows] == [
        ("Aino Aalto", date(2026, 2, 5), 20),
        ("Bruno Bianchi", date(2026, 2, 20), 5),
        ("Carla Costa", date(2026, 3, 1), 0),
        ("Aino Aalto", date(2026, 3, 7), 0),  # balance 30 days after the end
        ("Bruno Bianchi", date(2026, 3, 22), 0),
    ]
    assert due.count == 5 and due.overdue_count == 2
    assert due.total_cents == 3 * 80_000 + 2 * 20_000


def fingerprint(workspace: Workspace) -> list[Any]:
    with workspace.engine.connect() as conn:
        return [
            [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
            for table in ("payment", "in_kind_expense", "project", "audit_entry", "fx_rate")
        ]


@pytest.mark.parametrize(
    ("form", "field", "code"),
    [
        (PaymentForm("prefinancing", "1600.01", date(2026, 2, 20)), "amount", "payment_exceeds_owed"),
        (PaymentForm("prefinancing", "-10", date(2026, 2, 20)), "amount", "value_negative"),
        (PaymentForm("prefinancing", "0", date(2026, 2, 20)), "amount", "amount_not_positive"),
        (PaymentForm("prefinancing", "abc", date(2026, 2, 20)), "amount", "value_not_an_amount"),
        (PaymentForm("prefinancing", "100", date(2026, 2, 26)), "paid_on", "date_in_future"),
        (PaymentForm("prefinancing", "100", None), "paid_on", "field_required"),
        (PaymentForm("prefinancing", "100", date(2026, 1, 20), currency="SEK"), "amount", "fx_rate_missing"),
        (
            PaymentForm("prefinancing", "100", date(2026, 1, 20), currency="EU"),
            "currency",
            "currency_invalid",
        ),
        (PaymentForm("gift", "100", date(2026, 1, 20)), "kind", "unknown_choice"),
        (PaymentForm("recovery", "1", date(2026, 1, 20)), "amount", "recovery_exceeds_due"),
    ],
)
def test_bad_payments_are_refused_and_change_nothing(
    workspace: Workspace, form: PaymentForm, field: str, code: str
) -> None:
    _, mid = setup(workspace)
    pay(workspace, mid, "1000")  # owed now: 1,000.00
    fx.set_rate(workspace, "SEK", date(2026, 2, 1), "11.2")  # February only
    assert any(
        p.field == field and p.message.code == code for p in validate_payment(workspace, mid, form, TODAY)
    )
    before = fingerprint(workspace)
    with pytest.raises(ValidationError) as refused:
        record_payment(workspace, mid, form, TODAY)
    assert (refused.value.problems[0].field, refused.value.problems[0].message.code) == (field, code)
    assert fingerprint(workspace) == before


@pytest.mark.parametrize(
    ("share", "days", "field", "code"),
    [
        ("101", 30, "prefinancing", "payment_terms_share"),
        ("-1", 30, "prefinancing", "payment_terms_share"),
        ("eighty", 30, "prefinancing", "value_not_a_number"),
        ("80", 400, "balance_days", "payment_terms_days"),
    ],
)
def test_bad_terms_are_refused_and_change_nothing(
    workspace: Workspace, share: str, days: int, field: str, code: str
) -> None:
    pid, _ = setup(workspace)
    before = fingerprint(workspace)
    with pytest.raises(ValidationError) as refused:
        set_payment_terms(workspace, pid, share, days, TODAY)
    assert (refused.value.problems[0].field, refused.value.problems[0].message.code) == (field, code)
    assert fingerprint(workspace) == before


def test_bad_in_kind_and_rates_are_refused_and_change_nothing(workspace: Workspace) -> None:
    _, mid = setup(workspace)
    before = fingerprint(workspace)
    bad = [
        InKindForm("travel", "-5", date(2026, 2, 1)),
        InKindForm("travel", "5", date(2026, 3, 1)),
        InKindForm("travel", "5", date(2026, 2, 1), currency="NOK"),
        InKindForm("boat", "5", date(2026, 2, 1)),
    ]
    for form in bad:
        with pytest.raises(ValidationError):
            record_in_kind(workspace, mid, form, TODAY)
    for currency, rate in [("SEK", "0"), ("SEK", "-2"), ("SEK", "x"), ("EUR", "1"), ("SE", "11")]:
        with pytest.raises(ValidationError):
            fx.set_rate(workspace, currency, date(2026, 2, 1), rate)
    assert fingerprint(workspace) == before


def test_replan_keeps_paid_rows_even_when_the_grant_drops_to_zero(workspace: Workspace) -> None:
    _, mid = setup(workspace)
    pay(workspace, mid, "1600")
    set_grant(workspace, mid, 0)
    refresh_plan(workspace, mid, TODAY)
    with workspace.read_session() as s:
        kinds = sorted(
            (p.kind, p.amount_eur_cents, p.paid_on is not None) for p in s.exec(select(Payment)).scalars()
        )  # type: ignore[call-overload]
    assert kinds == [("prefinancing", 160_000, True), ("recovery", -160_000, False)]
    assert FxRate.__tablename__ == "fx_rate"
