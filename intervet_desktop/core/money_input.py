"""Checks shared by every form that records money: a positive amount, a date not in the future."""

from __future__ import annotations

from datetime import date

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.money import MoneyError, parse_amount

register("amount_not_positive", "{field} must be more than zero.")


def positive_amount(field: str, label: str, text: str, problems: list[Problem]) -> int | None:
    """Cents of a typed amount; a problem (and None) when it is not a positive amount."""
    try:
        cents = parse_amount(text)
    except MoneyError:
        problems.append(Problem(field, msg("value_not_an_amount", field=label, value=text)))
        return None
    if cents < 0:
        problems.append(Problem(field, msg("value_negative", field=label)))
        return None
    if cents == 0:
        problems.append(Problem(field, msg("amount_not_positive", field=label)))
        return None
    return cents


def past_date(
    field: str, label: str, value: date | None, today: date, problems: list[Problem], *, required: bool = True
) -> None:
    """A date that happened: required (unless told) and not after ``today``."""
    if value is None:
        if required:
            problems.append(Problem(field, msg("field_required", field=label)))
    elif value > today:
        problems.append(Problem(field, msg("date_in_future", field=label)))
