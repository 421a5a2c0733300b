"""Cell parsers shared by import specs (dates, numbers, yes/no)."""

from __future__ import annotations

from typing import Any

from intervet_desktop.core.messages import register
from intervet_desktop.core.validation.choices import yes_no
from intervet_desktop.core.validation.dates import parse_date
from intervet_desktop.core.validation.result import problem, text

register("import_not_a_whole_number", "'{value}' is not a whole number.")


def date_cell(value: Any, field: str) -> Any:
    return parse_date(value, field)


def int_cell(value: Any, field: str) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    raw = text(value).replace(" ", "")
    try:
        return int(raw)
    except ValueError:
        return problem(field, "import_not_a_whole_number", value=text(value))


def bool_cell(value: Any, field: str) -> Any:
    return yes_no(value, field)
