"""Dissemination events and their totals per project (for the final report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.office import PARTICIPANT_CATEGORIES, EventKind
from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import Attachment, DisseminationEvent, Organisation, Project
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.office.dissemination_xlsx import (
    DisseminationReport,
    EventLine,
    write_dissemination,
)
from intervet_desktop.services.changes import Kind, Result
from intervet_desktop.services.office.common import (
    choice_problem,
    exists,
    must,
    non_negative,
    organisation_name,
    remove,
    required_date,
    required_text,
    save,
)
from intervet_desktop.services.record_errors import not_found

EVENT = Kind.DISSEMINATION_EVENT


@dataclass(frozen=True)
class EventForm:
    project_id: int | None
    title: str
    held_on: date | None
    kind: str = EventKind.WORKSHOP.value
    organisation_id: int | None = None
    audience: str = ""
    staff: int = 0
    learners: int = 0
    stakeholders: int = 0
    public: int = 0
    partners: str = ""
    notes: str = ""


def save_event(workspace: Workspace, row_id: int | None, form: EventForm) -> Result[int]:
    def clean(session: Session) -> tuple[dict[str, Any], list[Problem]]:
        problems: list[Problem] = []
        must(session, Project, form.project_id, "project_id", "Project", problems)
        exists(session, Organisation, form.organisation_id, "organisation_id", "organisation", problems)
        title = required_text(form.title, "title", "Title", problems)
        values: dict[str, Any] = {
            "project_id": form.project_id,
            "organisation_id": form.organisation_id,
            "held_on": required_date(form.held_on, "held_on", "Date", problems),
            "kind": choice_problem(form.kind, EventKind, "kind", "Type", problems),
            "title": title,
            "search_key": search_key(title, form.audience, organisation_name(session, form.organisation_id)),
            "audience": form.audience.strip(),
            "partners": form.partners.strip(),
            "notes": form.notes.strip(),
        }
        for name in PARTICIPANT_CATEGORIES:
            values[name] = non_negative(int(getattr(form, name)), name, name.capitalize(), problems)
        return values, problems

    return save(workspace, DisseminationEvent, EVENT, row_id, clean)


def delete_event(workspace: Workspace, row_id: int) -> Result[None]:
    return remove(workspace, DisseminationEvent, EVENT, row_id)


@dataclass(frozen=True)
class EventRow:
    id: int
    project_id: int
    held_on: date
    kind: str
    title: str
    organisation_id: int | None
    organiser: str
    audience: str
    staff: int
    learners: int
    stakeholders: int
    public: int
    partners: str
    notes: str
    evidence: int

    @property
    def participants(self) -> int:
        return self.staff + self.learners + self.stakeholders + self.public


def list_events(workspace: Workspace, project_id: int | None = None) -> list[EventRow]:
    with workspace.read_session() as session:
        query = select(DisseminationEvent).order_by(
            col(DisseminationEvent.held_on).desc(), col(DisseminationEvent.id)
        )
        if project_id is not None:
            query = query.where(col(DisseminationEvent.project_id) == project_id)
        rows = session.exec(query).all()
        evidence: dict[int, int] = {}
        for a in session.exec(
            select(Attachment).where(
                col(Attachment.owner_kind) == EVENT, col(Attachment.owner_id).in_([r.id for r in rows])
            )
        ):
            evidence[a.owner_id] = evidence.get(a.owner_id, 0) + 1
        return [
            EventRow(
                r.id or 0,
                r.project_id,
                r.held_on,
                r.kind,
                r.title,
                r.organisation_id,
                organisation_name(session, r.organisation_id),
                r.audience,
                r.staff,
                r.learners,
                r.stakeholders,
                r.public,
                r.partners,
                r.notes,
                evidence.get(r.id or 0, 0),
            )
            for r in rows
        ]


@dataclass(frozen=True)
class Totals:
    events: int
    by_kind: dict[str, int]
    participants: dict[str, int]

    @property
    def total_participants(self) -> int:
        return sum(self.participants.values())


def totals(events: list[EventRow]) -> Totals:
    by_kind = {k.value: 0 for k in EventKind}
    participants = dict.fromkeys(PARTICIPANT_CATEGORIES, 0)
    for e in events:
        by_kind[e.kind] = by_kind.get(e.kind, 0) + 1
        for name in PARTICIPANT_CATEGORIES:
            participants[name] += int(getattr(e, name))
    return Totals(len(events), by_kind, participants)


def project_totals(workspace: Workspace, project_id: int) -> Totals:
    return totals(list_events(workspace, project_id))


def export_dissemination(
    workspace: Workspace, project_id: int, target: Path, today: date | None = None
) -> int:
    with workspace.read_session() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise not_found("project", project_id)
        code, title = project.code, project.title
    events = sorted(list_events(workspace, project_id), key=lambda e: (e.held_on, e.id))
    t = totals(events)
    report = DisseminationReport(
        project_code=code,
        project_title=title,
        events=tuple(
            EventLine(
                e.held_on,
                e.kind,
                e.title,
                e.organiser,
                e.audience,
                e.staff,
                e.learners,
                e.stakeholders,
                e.public,
                e.partners,
                e.evidence,
            )
            for e in events
        ),
        by_kind=tuple(t.by_kind.items()),
        participants=tuple(t.participants.items()),
    )
    write_dissemination(target, report, today or date.today())
    return len(events)
