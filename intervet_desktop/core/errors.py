"""The ``UserError`` family: problems caused by what a person did or gave us.

Anything that is not a ``UserError`` is a bug and goes to the crash dialog / log.
Exit codes follow DESIGN.md section 6: 1 for invalid input, 2 for an unusable file or database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from intervet_desktop.core.messages import Message, msg


class UserError(Exception):
    exit_code = 1

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message

    @classmethod
    def of(cls, code: str, **params: Any) -> UserError:
        return cls(msg(code, **params))


class UnusableFileError(UserError):
    """A file or database that cannot be used as it is. Nothing was changed."""

    exit_code = 2


class StorageError(UnusableFileError):
    """The database could not be written right now (disk full, I/O error, busy, read-only).

    The transaction was rolled back: nothing of the action was saved.
    """


@dataclass(frozen=True)
class Problem:
    """One problem with one field (and, for files, one row)."""

    field: str
    message: Message
    row: int | None = None

    def render(self) -> str:
        text = self.message.render()
        return f"Row {self.row}: {text}" if self.row is not None else text


class ValidationError(UserError):
    """One or more field problems; nothing was saved."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("ValidationError needs at least one problem")
        self.problems = list(problems)
        first = self.problems[0]
        super().__init__(first.message)
        self.args = ("\n".join(p.render() for p in self.problems),)

    def fields(self) -> set[str]:
        return {p.field for p in self.problems}

    @classmethod
    def single(cls, field: str, code: str, /, **params: Any) -> ValidationError:
        return cls([Problem(field, msg(code, **params))])


def raise_if(problems: Iterable[Problem]) -> None:
    found = list(problems)
    if found:
        raise ValidationError(found)
