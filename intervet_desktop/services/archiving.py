"""Archive or restore a record (people, organisations): the flag, its timestamp and an audit row."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from intervet_desktop.core.enums import AuditAction
from intervet_desktop.db.models import utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.record_errors import not_found


def set_archived_flag(
    workspace: Workspace, model: type[Any], entity: Kind, record_id: int, archived: bool
) -> Result[None]:
    """Set ``archived`` on one row of ``model``; audited only when it changes."""
    with workspace.session() as session:
        _set(session, model, entity, record_id, archived)
    return Result(None, Changes.of(entity, record_id))


def _set(session: Session, model: type[Any], entity: str, record_id: int, archived: bool) -> None:
    row = session.get(model, record_id)
    if row is None:
        raise not_found(entity, record_id)
    if row.archived != archived:
        audit.record(session, entity, record_id, AuditAction.UPDATE, {"archived": [row.archived, archived]})
        row.archived = archived
        row.updated_at = utcnow()
        session.add(row)
