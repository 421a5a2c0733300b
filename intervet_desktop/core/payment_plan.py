"""A participant's payment plan, computed from figures only (no database).

cash due = the participant's entitlement - what the school covers in kind (never below 0).
Pre-financing = cash due x the project's pre-financing share (half up), due by departure;
balance = cash due - pre-financing, due ``balance_days`` after the end (the participant report).
What was actually paid (net of recoveries) fills the pre-financing first, then the balance.
Paid beyond the cash due is a recovery: the participant owes it back.
A cancelled mobility is entitled to nothing unless force majeure was accepted (then the grant
engine's figure for what was spent stands).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from intervet_desktop.core.budget_rules import share_of
from intervet_desktop.core.enums import PaymentKind


@dataclass(frozen=True)
class Instalment:
    kind: str
    due_date: date
    scheduled_cents: int
    paid_cents: int

    @property
    def outstanding_cents(self) -> int:
        return self.scheduled_cents - self.paid_cents


@dataclass(frozen=True)
class PlanFigures:
    entitlement_cents: int
    in_kind_cents: int
    cash_due_cents: int
    paid_cents: int
    instalments: tuple[Instalment, ...]
    recovery_cents: int
    recovery_due: date | None
    in_kind_beyond_entitlement_cents: int

    @property
    def outstanding_cents(self) -> int:
        """Still owed to the participant (0 when a recovery is due instead)."""
        return max(self.cash_due_cents - self.paid_cents, 0)


def entitlement(participant_cents: int, cancelled: bool, force_majeure: bool) -> int:
    return 0 if cancelled and not force_majeure else max(participant_cents, 0)


def compute_plan(
    *,
    entitlement_cents: int,
    in_kind_cents: int,
    paid_cents: int,
    prefinancing_bp: int,
    balance_days: int,
    start: date,
    end: date,
    cancelled: bool,
    today: date,
) -> PlanFigures:
    cash_due = max(entitlement_cents - in_kind_cents, 0)
    pre = share_of(cash_due, prefinancing_bp)
    balance = cash_due - pre
    balance_due = end + timedelta(days=balance_days)
    left = max(paid_cents, 0)
    pre_paid = min(left, pre)
    left -= pre_paid
    balance_paid = min(left, balance)
    instalments = []
    if pre:
        instalments.append(Instalment(PaymentKind.PREFINANCING.value, start, pre, pre_paid))
    if balance:
        instalments.append(Instalment(PaymentKind.BALANCE.value, balance_due, balance, balance_paid))
    recovery = max(paid_cents - cash_due, 0)
    return PlanFigures(
        entitlement_cents=entitlement_cents,
        in_kind_cents=in_kind_cents,
        cash_due_cents=cash_due,
        paid_cents=paid_cents,
        instalments=tuple(instalments),
        recovery_cents=recovery,
        recovery_due=(today if cancelled else balance_due) if recovery else None,
        in_kind_beyond_entitlement_cents=max(in_kind_cents - entitlement_cents, 0),
    )
