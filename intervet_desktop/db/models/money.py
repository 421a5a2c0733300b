"""Payments to participants, what the school spends in kind, and exchange rates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from intervet_desktop.db.models.base import Row


class Payment(Row, table=True):
    __tablename__ = "payment"
    # covering index for the open rows due in a window (payments due, dashboard)
    __table_args__ = (Index("ix_payment_open_due", "paid_on", "due_date", "amount_eur_cents"),)

    mobility_id: int = Field(foreign_key="mobility.id", index=True)
    kind: str = Field(max_length=20)
    due_date: date | None = Field(default=None, index=True)
    amount_cents: int
    currency: str = Field(default="EUR", max_length=3)
    amount_eur_cents: int
    fx_rate: str | None = Field(default=None, max_length=20)
    fx_date: date | None = None
    paid_on: date | None = Field(default=None, index=True)
    method: str | None = Field(default=None, max_length=30)
    reference: str = Field(default="", max_length=120)
    note: str = ""
    # a reversing entry points at the ledger row it cancels (that row stays as it was)
    reverses_id: int | None = Field(default=None, foreign_key="payment.id", index=True)


class InKindExpense(Row, table=True):
    __tablename__ = "in_kind_expense"

    mobility_id: int = Field(foreign_key="mobility.id", index=True)
    kind: str = Field(max_length=20)
    spent_on: date
    description: str = Field(default="", max_length=300)
    amount_cents: int
    currency: str = Field(default="EUR", max_length=3)
    amount_eur_cents: int
    fx_rate: str | None = Field(default=None, max_length=20)
    fx_date: date | None = None


class FxRate(Row, table=True):
    """Monthly InforEuro rate: units of ``currency`` for one euro."""

    __tablename__ = "fx_rate"
    __table_args__ = (UniqueConstraint("currency", "month"),)

    currency: str = Field(max_length=3)
    month: date
    rate: str = Field(max_length=20)
