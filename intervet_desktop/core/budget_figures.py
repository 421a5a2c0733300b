"""A project's budget figures as the services compute them and the reports print them.

Plain values: the Budget page, ``intervet budget`` and the budget PDF read them; only
``services.budget`` makes them (from the database).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from intervet_desktop.core.budget_rules import ItemRoom
from intervet_desktop.core.messages import Message


@dataclass(frozen=True)
class ItemFigures:
    item: str
    awarded_cents: int
    committed_cents: int
    realised_cents: int
    room: ItemRoom | None  # None for the total row

    @property
    def planned_cents(self) -> int:
        return self.committed_cents - self.realised_cents

    @property
    def forecast_cents(self) -> int:
        return self.realised_cents + self.planned_cents

    @property
    def remaining_cents(self) -> int:
        return self.awarded_cents - self.committed_cents


@dataclass(frozen=True)
class ActivityFigures:
    activity_type: str
    mobilities: int
    awarded_cents: int | None  # None: no budget line names this activity
    committed_cents: int

    @property
    def remaining_cents(self) -> int | None:
        return None if self.awarded_cents is None else self.awarded_cents - self.committed_cents


@dataclass(frozen=True)
class CashPosition:
    """The project's money: received from the NA against what it committed and paid out."""

    awarded_cents: int
    na_prefinancing_expected_cents: int
    na_received_cents: int
    na_outstanding_cents: int  # NA payments entered with a due date, not received yet
    committed_cents: int
    paid_to_participants_cents: int  # net of recoveries
    in_kind_cents: int
    transferred_to_partners_cents: int

    @property
    def spent_cents(self) -> int:
        return self.paid_to_participants_cents + self.in_kind_cents + self.transferred_to_partners_cents

    @property
    def cash_cents(self) -> int:
        """Received from the NA minus what left the school for this project."""
        return self.na_received_cents - self.spent_cents

    @property
    def to_receive_cents(self) -> int:
        """What the award still brings in beyond what was received."""
        return self.awarded_cents - self.na_received_cents


@dataclass(frozen=True)
class ProjectBudget:
    project_id: int
    code: str
    title: str
    action: str
    lump_sum: bool
    awarded_cents: int  # the project's award (the sum of its items when it has none)
    transfer_limit_bp: int | None
    items: tuple[ItemFigures, ...]
    total: ItemFigures
    activities: tuple[ActivityFigures, ...]
    mobilities: int
    cash: CashPosition
    warnings: tuple[Message, ...]
    interim_report_due: date | None
    final_report_due: date | None
    participant_prefinancing_bp: int = 8000
    participant_balance_days: int = 45
    terms_are_defaults: bool = True
    rates_confirmed: bool = True  # False: every amount is marked "rates not confirmed"


@dataclass(frozen=True)
class PackageLine:
    """A KA220 work package as the budget report and the finance workbook print it."""

    code: str
    title: str
    lump_sum_cents: int
    completion_pct: int
    completed_on: date | None
    costs_cents: int
    at_risk_cents: int
    shares: tuple[tuple[str, int], ...]  # (partner, lump-sum share)


@dataclass(frozen=True)
class PartnerLine:
    organisation: str
    role: str
    share_cents: int
    transferred_cents: int


@dataclass(frozen=True)
class TransferLine:
    organisation: str
    transferred_on: date
    amount_cents: int
    reference: str


@dataclass(frozen=True)
class PartnershipReport:
    """A KA220 partnership's money: work packages and transfers (it has no unit-cost items)."""

    packages: tuple[PackageLine, ...]
    partners: tuple[PartnerLine, ...]
    transfers: tuple[TransferLine, ...]
