"""Currency conversion at the EU's monthly InforEuro rate (units of the currency for one euro)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

EURO = "EUR"


def month_of(day: date) -> date:
    """The first day of the month: the key of a monthly rate."""
    return day.replace(day=1)


def parse_rate(text: str) -> Decimal | None:
    """A positive rate from what a person types ("24.35", "24,35"); None when it is not one."""
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0:
        return None
    return value


def to_eur_cents(amount_cents: int, rate: Decimal) -> int:
    """Convert an amount in another currency (its cents) to euro cents, half up to the cent."""
    value = Decimal(amount_cents) / rate
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
