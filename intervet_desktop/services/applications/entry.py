"""Entering and editing applications, and attaching files to them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from intervet_desktop.core.enums import ApplicationStatus
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg
from intervet_desktop.core.selection import (
    Slot,
)
from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import (
    Application,
    ApplicationPreference,
    Call,
    Person,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.applications.eligibility import _apply_eligibility
from intervet_desktop.services.applications.reading import ApplicationDetail, _detail
from intervet_desktop.services.applications.records import (
    ENTITY,
    _call,
    _events,
    _get,
    event_row,
    format_number,
    next_number,
)
from intervet_desktop.services.attachments import read_upload, store_bytes
from intervet_desktop.services.changes import Changes, Kind, Result

log = logging.getLogger(__name__)


@dataclass
class ApplicationForm:
    call_id: int
    person_id: int
    submitted_at: datetime
    late_reason: str | None = None
    preferred_start: date | None = None
    preferred_end: date | None = None
    motivation: str = ""
    first_time: bool = False
    fewer_opportunities: bool = False
    preferences: list[Slot] = field(default_factory=list)


def validate_application(call: Call, form: ApplicationForm) -> list[Problem]:
    problems: list[Problem] = []
    if form.submitted_at.date() > call.deadline and not (form.late_reason or "").strip():
        problems.append(Problem("late_reason", msg("app_late_needs_reason", deadline=call.deadline)))
    if form.preferred_start and form.preferred_end and form.preferred_end < form.preferred_start:
        problems.append(
            Problem(
                "preferred_end",
                msg(
                    "date_order",
                    end_field="preferred_end",
                    end=form.preferred_end,
                    start_field="preferred_start",
                    start=form.preferred_start,
                ),
            )
        )
    return problems


def enter_application(workspace: Workspace, form: ApplicationForm) -> Result[ApplicationDetail]:
    with workspace.session() as session:
        call = _call(session, form.call_id)
        problems = validate_application(call, form)
        person = session.get(Person, form.person_id)
        if person is None:
            problems.append(
                Problem("person_id", msg("not_found", entity="person", key="id", value=form.person_id))
            )
        if problems:
            raise ValidationError(problems)
        assert person is not None
        number = format_number(form.call_id, next_number(session, form.call_id))
        application = Application(
            call_id=form.call_id,
            person_id=form.person_id,
            number=number,
            search_key=search_key(number, person.first_name, person.last_name),
            submitted_at=form.submitted_at,
            late_reason=(form.late_reason or "").strip() or None,
            preferred_start=form.preferred_start,
            preferred_end=form.preferred_end,
            motivation=form.motivation,
            first_time=form.first_time,
            fewer_opportunities=form.fewer_opportunities,
        )
        session.add(application)
        session.flush()
        assert application.id is not None
        for position, slot in enumerate(form.preferences, start=1):
            session.add(
                ApplicationPreference(
                    application_id=application.id,
                    position=position,
                    host_id=slot.host_id,
                    country=slot.country,
                )
            )
        events = [
            event_row(
                application.id, "created", None, ApplicationStatus.RECEIVED.value, form.late_reason or ""
            )
        ]
        events += _apply_eligibility(session, call, application, person)
        session.add(application)
        session.flush()
        _events(session, events)
        detail = _detail(session, application)
    log.info("application %s entered in call %s", detail.id, form.call_id)
    return Result(detail, Changes.of(ENTITY, detail.id))


# ---------------------------------------------------------------- attachments

ATTACHMENT_KINDS = ("motivation_letter", "cv", "other")


def attach_file(workspace: Workspace, application_id: int, path: Path, kind: str = "other") -> Result[int]:
    """Copy a file (motivation letter, CV...) into the database's attachment folder."""
    if kind not in ATTACHMENT_KINDS:
        raise ValidationError.single(
            "kind", "unknown_choice", field="kind", value=kind, choices=", ".join(ATTACHMENT_KINDS)
        )
    data, mime = read_upload(path)
    with workspace.session() as session:
        _get(session, application_id)
        row = store_bytes(
            session,
            workspace.files_dir,
            data,
            original_name=path.name,
            mime_type=mime,
            kind=kind,
            owner_kind=ENTITY,
            owner_id=application_id,
        )
        assert row.id is not None
        _events(session, [event_row(application_id, "attachment", None, path.name, kind)])
        attachment_id = row.id
    return Result(attachment_id, Changes.of(ENTITY, application_id).add(Kind.ATTACHMENT, [attachment_id]))
