"""The shape every rule returns, and a collector for whole forms."""

from __future__ import annotations

from typing import Any, TypeGuard, TypeVar

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import Message, msg

T = TypeVar("T")


def is_problem(value: object) -> TypeGuard[Problem]:
    return isinstance(value, Problem)


def problem(field: str, code: str, **params: Any) -> Problem:
    return Problem(field, msg(code, **params))


def blank(value: object) -> bool:
    """None, an empty string or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str:
    """Any cell or form value as trimmed text with inner runs of spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


class Collector:
    """Runs rules for one form and keeps every problem (first one per field wins for display)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def take(self, outcome: T | Problem) -> T | None:
        if isinstance(outcome, Problem):
            self.problems.append(outcome)
            return None
        return outcome

    def add(self, found: Problem | None) -> None:
        if found is not None:
            self.problems.append(found)

    def extend(self, found: list[Problem]) -> None:
        self.problems.extend(found)

    @property
    def ok(self) -> bool:
        return not self.problems

    def by_field(self) -> dict[str, Message]:
        return by_field(self.problems)


def by_field(problems: list[Problem]) -> dict[str, Message]:
    """field -> message, the first problem of each field (what a form shows next to the field)."""
    shown: dict[str, Message] = {}
    for found in problems:
        shown.setdefault(found.field, found.message)
    return shown
