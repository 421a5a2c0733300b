"""A record's history from the audit trail: when, which OS user, what, which fields changed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from intervet_desktop.core.messages import register
from intervet_desktop.db.models import AuditEntry
from intervet_desktop.db.workspace import Workspace

register("history_bad_id", "{id} is not a record id: ids are whole numbers from 1.")

#: the records whose history the command line and the editors show
ENTITIES = ("mobility", "person", "organisation")


@dataclass(frozen=True)
class HistoryLine:
    at: str
    os_user: str
    action: str
    #: field -> [old, new] (values are gone for an anonymised person: None)
    changes: dict[str, Any]

    @property
    def fields(self) -> str:
        return ", ".join(sorted(self.changes))


def history_of(workspace: Workspace, entity: str, entity_id: int) -> list[HistoryLine]:
    with workspace.read_session() as session:
        rows = session.exec(
            select(AuditEntry)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
            .order_by(col(AuditEntry.at), col(AuditEntry.id))
        ).all()
    lines = []
    for row in rows:
        try:
            changes = json.loads(row.changes or "{}")
        except ValueError:
            changes = {}
        lines.append(
            HistoryLine(
                row.at.isoformat(timespec="seconds"),
                row.os_user,
                row.action,
                changes if isinstance(changes, dict) else {},
            )
        )
    return lines


HISTORY_HEADERS = ("When", "Who", "What", "Field", "Before -> after")


def _value(value: object) -> str:
    return "" if value is None else str(value)


def history_table(lines: list[HistoryLine]) -> list[list[str]]:
    """One row per changed field (an entry without fields is one row)."""
    out = []
    for line in lines:
        head = [line.at.replace("T", " "), line.os_user, line.action]
        if not line.changes:
            out.append([*head, "", ""])
        for name, change in sorted(line.changes.items()):
            pair = change if isinstance(change, list) and len(change) == 2 else [None, change]
            out.append([*head, name, f"{_value(pair[0])} -> {_value(pair[1])}"])
    return out


def export_history(lines: list[HistoryLine], target: Path) -> int:
    from intervet_desktop.exports.csv_table import write_csv

    return write_csv(target, HISTORY_HEADERS, history_table(lines))
