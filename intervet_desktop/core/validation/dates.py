"""Dates typed or imported the European way, and plausible dates of birth."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.validation.result import blank, problem, text

register(
    "date_unreadable",
    "'{value}' is not a date. Write it as DD.MM.YYYY, DD/MM/YYYY or YYYY-MM-DD.",
)
register("birth_date_future", "The date of birth {value} is in the future.")
register(
    "birth_date_implausible",
    "A date of birth of {value} makes this person {age} years old; {role_kind} are usually {min} to {max}.",
)

STAFF_AGE = (16, 80)
LEARNER_AGE = (14, 70)
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIALS = (3000, 200000)

_DMY = re.compile(r"(\d{1,2})[./\-\s](\d{1,2})[./\-\s](\d{2}|\d{4})\.?")
_YMD = re.compile(r"(\d{4})[./\-](\d{1,2})[./\-](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def _year(two_or_four: str, today: date) -> int:
    year = int(two_or_four)
    if len(two_or_four) == 4:
        return year
    # two digits: the most recent year not more than 10 years ahead (85 -> 1985, 07 -> 2007)
    candidate = 2000 + year
    return candidate if candidate <= today.year + 10 else 1900 + year


def parse_date(value: object, field: str = "date", today: date | None = None) -> date | None | Problem:
    """A real date (Excel or form), an Excel serial number, or text in a common European format.

    Text formats: DD.MM.YYYY, DD/MM/YYYY, DD-MM-YYYY, D.M.YY, D-M-YY, YYYY-MM-DD (with or without a
    time). Day first, always: 03/04/2025 is the 3rd of April.
    """
    if blank(value):
        return None
    today = today or date.today()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if EXCEL_SERIALS[0] <= value < EXCEL_SERIALS[1]:  # 1908..2447; a bare year like 1980 is not a date
            return EXCEL_EPOCH + timedelta(days=int(value))
        return problem(field, "date_unreadable", value=text(value))
    raw = text(value)
    try:
        if match := _YMD.fullmatch(raw):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DMY.fullmatch(raw):
            return date(_year(match[3], today), int(match[2]), int(match[1]))
    except ValueError:
        pass
    return problem(field, "date_unreadable", value=raw)


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def birth_date(
    value: date | None, field: str = "birth_date", *, learner: bool = False, today: date | None = None
) -> Problem | None:
    """Not in the future; a plausible age for staff (16-80) or learners (14-70)."""
    if value is None:
        return None
    today = today or date.today()
    if value > today:
        return problem(field, "birth_date_future", value=value.isoformat())
    low, high = LEARNER_AGE if learner else STAFF_AGE
    age = age_on(value, today)
    if not low <= age <= high:
        return problem(
            field,
            "birth_date_implausible",
            value=value.isoformat(),
            age=age,
            role_kind="learners" if learner else "staff members",
            min=low,
            max=high,
        )
    return None
