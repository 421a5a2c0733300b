"""Money: integer cents in storage, Decimal for arithmetic, ROUND_HALF_UP at every line."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


class MoneyError(ValueError):
    """A text that is not an amount of money."""


def to_cents(amount: Decimal | int | str) -> int:
    """Quantize a euro amount to cents (half up) and return integer cents."""
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except InvalidOperation as exc:
        raise MoneyError(str(amount)) from exc
    if not value.is_finite():
        raise MoneyError(str(amount))
    return int((value.quantize(CENT, rounding=ROUND_HALF_UP) * 100).to_integral_value())


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(text: str) -> int:
    """Parse what a person types ("1.234,50", "1,234.50", "80", "€ 12,5") into cents."""
    cleaned = text.strip().replace("€", "").replace("EUR", "").replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        raise MoneyError(text)
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        head, _, tail = cleaned.rpartition(",")
        cleaned = (head.replace(",", "") + "." + tail) if len(tail) != 3 else cleaned.replace(",", "")
    return to_cents(cleaned)


def format_cents(cents: int, *, symbol: str = "") -> str:
    """1234567 -> '12,345.67' (the neutral format used in derivations and the CLI)."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    text = f"{sign}{whole:,}.{frac:02d}"
    return f"{text} {symbol}".rstrip() if symbol else text


def decimal_text(cents: int) -> str:
    """Machine form with two decimals and no grouping: 257600 -> '2576.00'."""
    return str(from_cents(cents))
