"""Monthly exchange rates (InforEuro, entered by the user) and conversion of amounts to euro.

An amount keeps its currency; the euro amount is stored beside it with the rate used and the
month of that rate, so every converted figure can explain itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.fx import EURO, month_of, parse_rate, to_eur_cents
from intervet_desktop.core.messages import msg, register
from intervet_desktop.db.models import FxRate, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result

register(
    "fx_rate_missing",
    "There is no exchange rate for {currency} in {month}. Enter the month's InforEuro rate first.",
)
register("fx_rate_invalid", "'{value}' is not an exchange rate (units of {currency} for one euro, above 0).")
register("currency_invalid", "'{value}' is not a currency code (three letters, e.g. EUR, HUF, SEK).")


@dataclass(frozen=True)
class Converted:
    amount_cents: int
    currency: str
    amount_eur_cents: int
    fx_rate: str | None
    fx_date: date | None

    def columns(self) -> dict[str, Any]:
        """The five money columns every amount-with-currency row stores."""
        return {
            "amount_cents": self.amount_cents,
            "currency": self.currency,
            "amount_eur_cents": self.amount_eur_cents,
            "fx_rate": self.fx_rate,
            "fx_date": self.fx_date,
        }


@dataclass(frozen=True)
class RateRow:
    currency: str
    month: date
    rate: str


def clean_currency(value: str) -> str | None:
    code = (value or "").strip().upper()
    return code if len(code) == 3 and code.isalpha() and code.isascii() else None


def rate_for(session: Session, currency: str, on: date) -> Decimal | None:
    row = session.exec(
        select(FxRate).where(col(FxRate.currency) == currency, col(FxRate.month) == month_of(on))
    ).first()
    return Decimal(row.rate) if row else None


def convert(session: Session, field: str, currency: str, amount_cents: int, on: date) -> Converted | Problem:
    """The amount in euro at the month's rate, or the problem that stops it."""
    code = clean_currency(currency)
    if code is None:
        return Problem("currency", msg("currency_invalid", value=currency))
    if code == EURO:
        return Converted(amount_cents, EURO, amount_cents, None, None)
    rate = rate_for(session, code, on)
    if rate is None:
        return Problem(field, msg("fx_rate_missing", currency=code, month=month_of(on).strftime("%Y-%m")))
    return Converted(amount_cents, code, to_eur_cents(amount_cents, rate), str(rate), month_of(on))


def convert_into(
    session: Session,
    field: str,
    currency: str,
    amount_cents: int | None,
    on: date | None,
    problems: list[Problem],
) -> Converted | None:
    """``convert`` for forms: None (and the problem added to ``problems``) when it cannot be done."""
    if amount_cents is None or on is None:
        return None
    outcome = convert(session, field, currency, amount_cents, on)
    if isinstance(outcome, Problem):
        problems.append(outcome)
        return None
    return outcome


def set_rate(workspace: Workspace, currency: str, month: date, rate_text: str) -> Result[RateRow]:
    """Enter or correct the rate of a month (amounts already converted keep the rate they used)."""
    code = clean_currency(currency)
    problems: list[Problem] = []
    if code is None or code == EURO:
        problems.append(Problem("currency", msg("currency_invalid", value=currency)))
    rate = parse_rate(rate_text)
    if rate is None:
        problems.append(Problem("rate", msg("fx_rate_invalid", value=rate_text, currency=code or currency)))
    if problems:
        raise ValidationError(problems)
    assert code is not None and rate is not None
    first = month_of(month)
    with workspace.session() as session:
        row = session.exec(
            select(FxRate).where(col(FxRate.currency) == code, col(FxRate.month) == first)
        ).first()
        if row is None:
            row = FxRate(currency=code, month=first, rate=str(rate))
        else:
            row.rate = str(rate)
            row.updated_at = utcnow()
        session.add(row)
        session.flush()
        assert row.id is not None
        audit.record(session, "fx_rate", row.id, AuditAction.UPDATE, {"rate": str(rate)})
        result = RateRow(code, first, str(rate))
    return Result(result, Changes.of(Kind.FX_RATE, row.id))


def list_rates(workspace: Workspace) -> list[RateRow]:
    with workspace.read_session() as session:
        rows = session.exec(select(FxRate).order_by(col(FxRate.month).desc(), col(FxRate.currency))).all()
        return [RateRow(r.currency, r.month, r.rate) for r in rows]
