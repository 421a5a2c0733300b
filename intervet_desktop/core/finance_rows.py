"""The rows of the finance workbook (plain data: services fill them, ``exports.xlsx`` writes them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from intervet_desktop.core.budget_rules import ITEM_OF_LINE
from intervet_desktop.core.enums import BudgetItem, GrantLineCode

LINE_CODES: tuple[str, ...] = tuple(c.value for c in GrantLineCode)
ITEMS: tuple[str, ...] = tuple(i.value for i in BudgetItem)


def lines_of_item(item: str) -> tuple[str, ...]:
    return tuple(code for code in LINE_CODES if ITEM_OF_LINE.get(code) == item)


@dataclass(frozen=True)
class MobilityFinanceRow:
    mobility_id: int
    participant: str
    activity_type: str
    direction: str
    status: str
    sending: str
    receiving: str
    destination_country: str
    start: date
    end: date
    lines: tuple[int, ...]  # cents per LINE_CODES
    participant_cents: int
    organisation_cents: int
    total_cents: int
    in_kind_cents: int  # in kind spent (recorded expenses, EUR)


@dataclass(frozen=True)
class PaymentLedgerRow:
    payment_id: int
    mobility_id: int
    participant: str
    kind: str
    due_date: date | None
    paid_on: date | None
    amount_cents: int
    currency: str
    fx_rate: str | None
    amount_eur_cents: int
    method: str
    reference: str
    note: str


@dataclass(frozen=True)
class NaPaymentLine:
    kind: str
    due_date: date | None
    amount_cents: int
    received_on: date | None
    reference: str


@dataclass(frozen=True)
class FinanceHead:
    project_id: int
    code: str
    title: str
    currency: str
    awarded_cents: int
    awarded_by_item: dict[str, int]
    mobilities: int
