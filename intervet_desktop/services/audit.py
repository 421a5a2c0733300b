"""Audit rows written by the services themselves (no ORM events: bulk inserts skip those)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from intervet_desktop.core.enums import AuditAction
from intervet_desktop.db.lock import os_user
from intervet_desktop.db.models import AuditEntry, utcnow


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as {field: [old, new]} (values made JSON-safe)."""
    changed: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            changed[key] = [_safe(old), _safe(new)]
    return changed


def _safe(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def record(
    session: Session,
    entity: str,
    entity_id: int,
    action: AuditAction,
    changes: Mapping[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=utcnow(),
            os_user=os_user(),
            entity=entity,
            entity_id=entity_id,
            action=action.value,
            changes=json.dumps(changes or {}, ensure_ascii=False, sort_keys=True),
        )
    )
