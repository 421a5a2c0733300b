"""The dry-run / import report: one line per row, and counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import Message


class RowStatus(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    ERROR = "error"


@dataclass(frozen=True)
class RowReport:
    row: int  # the row number a person sees in the file (1-based)
    status: RowStatus
    record_id: int | None = None
    problems: tuple[Problem, ...] = ()
    note: Message | None = None  # why a row is a duplicate
    changed: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "status": self.status.value,
            "record_id": self.record_id,
            "problems": [{"field": p.field, "message": p.message.render()} for p in self.problems],
            "note": self.note.render() if self.note else None,
            "changed": list(self.changed),
        }


@dataclass
class ImportReport:
    kind: str
    path: str
    header_row: int  # 1-based
    mapping: dict[str, str]  # field -> header label of its column
    unmapped_columns: list[str]
    rows: list[RowReport] = field(default_factory=list)
    committed: bool = False
    dry_run: bool = False
    valid_only: bool = False
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(r.status.value for r in self.rows)
        return {status.value: found.get(status.value, 0) for status in RowStatus}

    @property
    def has_errors(self) -> bool:
        return any(r.status is RowStatus.ERROR for r in self.rows)

    @property
    def errors(self) -> list[RowReport]:
        return [r for r in self.rows if r.status is RowStatus.ERROR]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.path,
            "header_row": self.header_row,
            "mapping": self.mapping,
            "unmapped_columns": self.unmapped_columns,
            "counts": self.counts,
            "committed": self.committed,
            "dry_run": self.dry_run,
            "valid_only": self.valid_only,
            "seconds": round(self.seconds, 3),
            "rows": [r.as_dict() for r in self.rows],
        }
