"""Budget figures of a small unit-cost project, computed by hand (cents written as literals)."""

from __future__ import annotations

from datetime import date

from intervet_desktop.core.budget_rules import transfer_room
from intervet_desktop.db.models import BudgetLine, InKindExpense, NaPayment, Payment
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.budget import project_budget
from tests.money_factories import make_mobility, make_project

CONFIRMED = date(2025, 9, 1)  # rates checked against the annex: no "not confirmed" warning


def build(workspace: Workspace, transfer_limit_bp: int | None = 2000) -> tuple[int, list[int]]:
    pid = make_project(
        workspace, awarded_cents=1_000_000, transfer_limit_bp=transfer_limit_bp, rates_confirmed_on=CONFIRMED
    )
    with workspace.session() as s:
        for item, cents in [
            ("travel", 300_000),
            ("individual_support", 500_000),
            ("organisational_support", 150_000),
            ("inclusion_support_organisation", 20_000),
            ("inclusion_support_participants", 30_000),
        ]:
            s.add(BudgetLine(project_id=pid, item=item, awarded_cents=cents))
    ids = [
        make_mobility(
            workspace,
            pid,
            {"travel": 27_500, "individual_support": 180_000, "organisational_support": 10_000},
            status="completed",
        ),
        make_mobility(
            workspace,
            pid,
            {
                "travel": 27_500,
                "individual_support": 200_000,
                "organisational_support": 10_000,
                "inclusion_real_costs": 30_000,
            },
            status="planned",
        ),
        make_mobility(workspace, pid, {"travel": 50_000, "individual_support": 100_000}, status="cancelled"),
        make_mobility(
            workspace,
            pid,
            {
                "travel": 36_000,
                "individual_support": 150_000,
                "organisational_support": 10_000,
                "course_fees": 80_000,
                "exceptional_other": 12_000,
            },
            status="ongoing",
            activity="SM-COUR-TRAIN",
        ),
        make_mobility(
            workspace,
            pid,
            {"exceptional_travel": 40_000, "individual_support": 40_000, "inclusion_organisation": 12_500},
            status="reported",
        ),
    ]
    return pid, ids


def test_items_committed_realised_remaining(workspace: Workspace) -> None:
    pid, _ = build(workspace)
    budget = project_budget(workspace, pid)
    rows = {
        i.item: (i.awarded_cents, i.committed_cents, i.realised_cents, i.remaining_cents)
        for i in budget.items
    }
    assert rows == {
        "travel": (300_000, 91_000, 27_500, 209_000),
        "individual_support": (500_000, 570_000, 220_000, -70_000),
        "organisational_support": (150_000, 30_000, 10_000, 120_000),
        "inclusion_support_organisation": (20_000, 12_500, 12_500, 7_500),
        "inclusion_support_participants": (30_000, 30_000, 0, 0),
        "course_fees": (0, 80_000, 0, -80_000),
        "exceptional_costs": (0, 52_000, 40_000, -52_000),
    }
    assert [i.item for i in budget.items][:2] == ["travel", "individual_support"]
    assert budget.total.awarded_cents == 1_000_000
    assert budget.total.committed_cents == 865_500
    assert budget.total.realised_cents == 310_000
    assert budget.total.planned_cents == 555_500
    assert budget.total.forecast_cents == 865_500
    assert budget.total.remaining_cents == 134_500
    assert budget.mobilities == 4


def test_transfer_room_replaces_plain_warnings(workspace: Workspace) -> None:
    pid, _ = build(workspace)
    budget = project_budget(workspace, pid)
    room = {i.item: i.room for i in budget.items}
    # caps at 20 %: travel 60,000, individual 100,000, organisational 30,000, inclusion 4,000 + 6,000
    assert room["individual_support"] is not None
    assert room["individual_support"].covered_cents == 70_000
    assert room["individual_support"].uncovered_cents == 0
    assert room["travel"] is not None and room["travel"].room_cents == 0  # gave 60,000
    assert room["organisational_support"] is not None and room["organisational_support"].room_cents == 20_000
    inclusion_org, inclusion_participants = (
        room["inclusion_support_organisation"],
        room["inclusion_support_participants"],
    )
    assert inclusion_org is not None and inclusion_org.room_cents == 4_000  # cap 4,000 of 7,500 unused
    assert inclusion_participants is not None and inclusion_participants.room_cents == 0
    assert room["course_fees"] is not None and room["course_fees"].room_cents == -80_000
    assert room["exceptional_costs"] is not None and room["exceptional_costs"].room_cents == -52_000
    codes = [(w.code, w.params.get("item")) for w in budget.warnings]
    assert codes == [
        ("budget_item_over_covered", "Individual support"),
        ("budget_item_over_uncovered", "Course fees"),
        ("budget_item_over_uncovered", "Exceptional costs"),
    ]
    assert budget.warnings[0].render() == (
        "Individual support: 700.00 EUR above its award of 5,000.00 EUR; "
        "the transfer rule (20 %) covers it from other items."
    )


def test_without_a_transfer_rule_every_overrun_is_a_warning(workspace: Workspace) -> None:
    pid, _ = build(workspace, transfer_limit_bp=None)
    budget = project_budget(workspace, pid)
    assert [w.code for w in budget.warnings] == ["budget_item_over_no_rule"] * 3
    assert all(i.room is not None and i.room.can_give_cents == 0 for i in budget.items)


def test_transfer_room_is_limited_by_the_receiving_item() -> None:
    rooms = transfer_room(
        {"travel": 100_000, "course_fees": 10_000}, {"travel": 0, "course_fees": 15_000}, 2500
    )
    # course fees may receive 25 % of 10,000 = 2,500 of its 5,000 overrun
    assert rooms["course_fees"].covered_cents == 2_500
    assert rooms["course_fees"].uncovered_cents == 2_500
    assert rooms["travel"].can_give_cents == 22_500


def test_cash_position_beside_commitments(workspace: Workspace) -> None:
    pid, ids = build(workspace)
    with workspace.session() as s:
        s.add(
            Payment(
                mobility_id=ids[0],
                kind="prefinancing",
                amount_cents=150_000,
                amount_eur_cents=150_000,
                paid_on=date(2026, 1, 10),
            )
        )
        s.add(
            Payment(
                mobility_id=ids[2],
                kind="recovery",
                amount_cents=-20_000,
                amount_eur_cents=-20_000,
                paid_on=date(2026, 1, 12),
            )
        )
        s.add(
            Payment(
                mobility_id=ids[1],
                kind="balance",
                amount_cents=99_999,
                amount_eur_cents=99_999,
                due_date=date(2026, 5, 1),
            )
        )
        s.add(
            InKindExpense(
                mobility_id=ids[1],
                kind="travel",
                spent_on=date(2026, 1, 5),
                amount_cents=25_000,
                amount_eur_cents=25_000,
            )
        )
        s.add(
            NaPayment(
                project_id=pid, kind="prefinancing", amount_cents=800_000, received_on=date(2025, 10, 1)
            )
        )
        s.add(NaPayment(project_id=pid, kind="balance", amount_cents=200_000, due_date=date(2027, 6, 1)))
    cash = project_budget(workspace, pid).cash
    assert cash.na_prefinancing_expected_cents == 800_000
    assert cash.na_received_cents == 800_000
    assert cash.na_outstanding_cents == 200_000
    assert cash.paid_to_participants_cents == 130_000
    assert cash.in_kind_cents == 25_000
    assert cash.committed_cents == 865_500
    assert cash.cash_cents == 645_000
    assert cash.to_receive_cents == 200_000


def test_activity_without_budget_left_and_unbudgeted_activity(workspace: Workspace) -> None:
    pid = make_project(workspace, awarded_cents=150_000, transfer_limit_bp=1000, rates_confirmed_on=CONFIRMED)
    with workspace.session() as s:
        s.add(BudgetLine(project_id=pid, item="travel", activity_type="SM-JOB-SHDW", awarded_cents=50_000))
        s.add(
            BudgetLine(
                project_id=pid, item="individual_support", activity_type="SM-JOB-SHDW", awarded_cents=100_000
            )
        )
    make_mobility(workspace, pid, {"travel": 50_000, "individual_support": 100_000})
    make_mobility(workspace, pid, {"travel": 20_000}, activity="LM-SHORT-VET")
    budget = project_budget(workspace, pid)
    activities = {
        a.activity_type: (a.mobilities, a.awarded_cents, a.committed_cents) for a in budget.activities
    }
    assert activities == {"SM-JOB-SHDW": (1, 150_000, 150_000), "LM-SHORT-VET": (1, None, 20_000)}
    codes = [w.code for w in budget.warnings]
    assert "budget_activity_exhausted" in codes
    assert "budget_activity_unbudgeted" in codes
    assert "budget_project_over" in codes  # 170,000 committed of 150,000


def test_project_without_budget_lines_says_so(workspace: Workspace) -> None:
    pid = make_project(workspace, awarded_cents=500_000, rates_confirmed_on=CONFIRMED)
    make_mobility(workspace, pid, {"travel": 10_000})
    budget = project_budget(workspace, pid)
    assert [w.code for w in budget.warnings] == ["budget_no_lines"]
    assert budget.total.awarded_cents == 500_000
