"""The application records every other module shares: lookups, numbers, constants and the
history rows (``ApplicationEvent``) that record each change, with their messages."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from intervet_desktop.core.enums import ApplicationStatus, PartnerRole
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.messages import register
from intervet_desktop.db.lock import os_user
from intervet_desktop.db.models import (
    Application,
    ApplicationEvent,
    Call,
    table_of,
    utcnow,
)
from intervet_desktop.services.changes import Kind

register("app_late_needs_reason", "Submitted after the deadline ({deadline}): record why it is accepted.")
register("app_wrong_call", "{entity} #{id} does not belong to this call.")
register("app_conflict_scoring", "{evaluator} declared a conflict of interest for application {number}.")
register(
    "app_not_selected",
    "Application {number} is not selected ({status}); only selected ones become mobilities.",
)
register("app_already_converted", "Application {number} is already mobility #{mobility}.")
register("app_no_dates", "Application {number} has no preferred dates; enter them first.")
register("app_no_destination", "Application {number} has no preferred host or country.")
register("app_reason_required", "Give a reason: it is kept in the application's history.")
register(
    "app_own_application", "{evaluator} is the applicant of {number}: nobody scores their own application."
)
register("app_not_appealed", "Application {number} has no open appeal.")
register("app_no_promotion", "No reserve fits the free place (places or quotas).")
register("elig_ok", "eligible")
register("elig_late", "submitted after the deadline {deadline}")
register("elig_late_accepted", "late, accepted: {reason}")
register("elig_not_sending", "not employed by a sending school of the project")
register("elig_overlap", "another mobility overlaps those dates (#{mobility}, {start} to {end})")

log = logging.getLogger(__name__)
ENTITY = Kind.APPLICATION
SELECTED = {ApplicationStatus.SELECTED.value, ApplicationStatus.PROVISIONALLY_SELECTED.value}
SENDING_ROLES = {
    PartnerRole.COORDINATOR.value,
    PartnerRole.PARTNER.value,
    PartnerRole.CONSORTIUM_MEMBER.value,
}


def event_row(
    application_id: int,
    kind: str,
    old: object,
    new: object,
    reason: str = "",
    *,
    at: datetime | None = None,
    user: str | None = None,
) -> dict[str, object]:
    now = at or utcnow()
    return {
        "application_id": application_id,
        "at": now,
        "user": user if user is not None else os_user(),
        "kind": kind,
        "old_value": None if old is None else str(old),
        "new_value": None if new is None else str(new),
        "reason": reason,
        "created_at": now,
        "updated_at": now,
    }


def _events(session: Session, rows: list[dict[str, object]]) -> None:
    if rows:
        session.connection().execute(insert(table_of(ApplicationEvent)), rows)


def _get(session: Session, application_id: int) -> Application:
    application = session.get(Application, application_id)
    if application is None:
        raise ValidationError.single(
            "application", "not_found", entity="application", key="id", value=application_id
        )
    return application


def _call(session: Session, call_id: int) -> Call:
    call = session.get(Call, call_id)
    if call is None:
        raise ValidationError.single("call", "call_not_found", value=call_id)
    return call


def next_number(session: Session, call_id: int) -> int:
    count = session.exec(select(func.count()).where(col(Application.call_id) == call_id)).one()
    return int(count) + 1


def format_number(call_id: int, n: int) -> str:
    return f"{call_id}-{n:04d}"
