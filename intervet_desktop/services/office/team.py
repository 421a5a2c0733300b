"""The office itself: who works in it, the procedures it runs, and its staff's training."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import msg
from intervet_desktop.core.office import OfficeRole, check_period
from intervet_desktop.db.models import (
    Attachment,
    OfficeMember,
    OfficeProcedure,
    Organisation,
    Person,
    StaffTraining,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.attachments import read_upload, store_bytes, stored_path
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.office.common import (
    choice_problem,
    must,
    non_negative,
    person_name,
    remove,
    required_date,
    required_text,
    save,
)
from intervet_desktop.services.record_errors import not_found

MEMBER, PROCEDURE, TRAINING = Kind.OFFICE_MEMBER, Kind.OFFICE_PROCEDURE, Kind.STAFF_TRAINING


@dataclass(frozen=True)
class MemberForm:
    organisation_id: int | None
    person_id: int | None
    role: str = OfficeRole.OFFICER.value
    hours_per_week: int = 0
    since: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class ProcedureForm:
    organisation_id: int | None
    title: str
    checklist: str = ""
    notes: str = ""


@dataclass(frozen=True)
class TrainingForm:
    person_id: int | None
    title: str
    start_on: date | None
    end_on: date | None
    provider: str = ""
    hours: int = 0
    competences: str = ""
    notes: str = ""


def save_member(workspace: Workspace, row_id: int | None, form: MemberForm) -> Result[int]:
    def clean(session: Session) -> tuple[dict[str, Any], list[Problem]]:
        problems: list[Problem] = []
        must(session, Organisation, form.organisation_id, "organisation_id", "School", problems)
        must(session, Person, form.person_id, "person_id", "Person", problems)
        if form.hours_per_week > 60:
            problems.append(
                Problem(
                    "hours_per_week",
                    msg(
                        "value_out_of_range", field="hours_per_week", min=0, max=60, value=form.hours_per_week
                    ),
                )
            )
        values = {
            "organisation_id": form.organisation_id,
            "person_id": form.person_id,
            "role": choice_problem(form.role, OfficeRole, "role", "Role", problems),
            "hours_per_week": non_negative(form.hours_per_week, "hours_per_week", "Hours per week", problems),
            "since": form.since,
            "notes": form.notes.strip(),
        }
        return values, problems

    return save(workspace, OfficeMember, MEMBER, row_id, clean)


def delete_member(workspace: Workspace, row_id: int) -> Result[None]:
    return remove(workspace, OfficeMember, MEMBER, row_id)


def save_procedure(workspace: Workspace, row_id: int | None, form: ProcedureForm) -> Result[int]:
    def clean(session: Session) -> tuple[dict[str, Any], list[Problem]]:
        problems: list[Problem] = []
        must(session, Organisation, form.organisation_id, "organisation_id", "School", problems)
        items = [line.strip(" -*\t") for line in form.checklist.splitlines()]
        values = {
            "organisation_id": form.organisation_id,
            "title": required_text(form.title, "title", "Procedure", problems),
            "checklist": "\n".join(i for i in items if i),
            "notes": form.notes.strip(),
        }
        return values, problems

    return save(workspace, OfficeProcedure, PROCEDURE, row_id, clean)


def delete_procedure(workspace: Workspace, row_id: int) -> Result[None]:
    return remove(workspace, OfficeProcedure, PROCEDURE, row_id)


def save_training(workspace: Workspace, row_id: int | None, form: TrainingForm) -> Result[int]:
    def clean(session: Session) -> tuple[dict[str, Any], list[Problem]]:
        problems: list[Problem] = []
        must(session, Person, form.person_id, "person_id", "Person", problems)
        start = required_date(form.start_on, "start_on", "Start", problems)
        end = required_date(form.end_on, "end_on", "End", problems)
        if start is not None and end is not None:
            problems.extend(check_period(start, end))
        values = {
            "person_id": form.person_id,
            "title": required_text(form.title, "title", "Course", problems),
            "provider": form.provider.strip(),
            "start_on": start,
            "end_on": end,
            "hours": non_negative(form.hours, "hours", "Hours", problems),
            "competences": ", ".join(c.strip() for c in form.competences.split(",") if c.strip()),
            "notes": form.notes.strip(),
        }
        return values, problems

    return save(workspace, StaffTraining, TRAINING, row_id, clean)


def delete_training(workspace: Workspace, row_id: int) -> Result[None]:
    return remove(workspace, StaffTraining, TRAINING, row_id)


def attach_file(workspace: Workspace, owner_kind: str, owner_id: int, path: Path, kind: str) -> Result[int]:
    """Keep a file (certificate, evidence) in the database's attachment folder."""
    data, mime = read_upload(path)
    with workspace.session() as session:
        row = store_bytes(
            session,
            workspace.files_dir,
            data,
            original_name=path.name,
            mime_type=mime,
            kind=kind,
            owner_kind=owner_kind,
            owner_id=owner_id,
        )
        attachment_id = row.id or 0
    return Result(attachment_id, Changes.of(Kind.ATTACHMENT, attachment_id).add(Kind(owner_kind), [owner_id]))


@dataclass(frozen=True)
class AttachedFile:
    id: int
    name: str
    kind: str
    path: Path  # the stored copy in the database's attachment folder


def attachments_of(workspace: Workspace, owner_kind: str, owner_id: int) -> list[AttachedFile]:
    """The files kept for one record (a training's certificate, an event's evidence), oldest first."""
    with workspace.read_session() as session:
        rows = session.exec(
            select(Attachment)
            .where(col(Attachment.owner_kind) == owner_kind, col(Attachment.owner_id) == owner_id)
            .order_by(col(Attachment.id))
        ).all()
        return [
            AttachedFile(r.id or 0, r.original_name, r.kind, stored_path(workspace.files_dir, r.sha256))
            for r in rows
        ]


def remove_attachment(workspace: Workspace, attachment_id: int) -> Result[None]:
    """Forget one attached file; its stored copy goes too unless another record keeps the same file."""
    with workspace.session() as session:
        row = session.get(Attachment, attachment_id)
        if row is None:
            raise not_found("attachment", attachment_id)
        owner_kind, owner_id, digest = row.owner_kind, row.owner_id, row.sha256
        session.delete(row)
        session.flush()
        still_used = session.exec(select(Attachment.id).where(col(Attachment.sha256) == digest)).first()
        audit.record(session, Kind.ATTACHMENT, attachment_id, AuditAction.DELETE, {"owner_kind": owner_kind})
    if still_used is None:
        stored_path(workspace.files_dir, digest).unlink(missing_ok=True)
    return Result(None, Changes.of(Kind.ATTACHMENT, attachment_id).add(Kind(owner_kind), [owner_id]))


# ---------------------------------------------------------------- reading
@dataclass(frozen=True)
class MemberRow:
    id: int
    person_id: int
    person: str
    role: str
    hours_per_week: int
    since: date | None
    notes: str


@dataclass(frozen=True)
class ProcedureRow:
    id: int
    title: str
    items: tuple[str, ...]
    notes: str


@dataclass(frozen=True)
class TrainingRow:
    id: int
    person_id: int
    person: str
    title: str
    provider: str
    start_on: date
    end_on: date
    hours: int
    competences: str
    notes: str
    certificates: int


@dataclass(frozen=True)
class Office:
    organisation_id: int
    members: tuple[MemberRow, ...]
    procedures: tuple[ProcedureRow, ...]
    trainings: tuple[TrainingRow, ...]

    @property
    def total_hours(self) -> int:
        return sum(m.hours_per_week for m in self.members)


def load_office(workspace: Workspace, organisation_id: int) -> Office:
    with workspace.read_session() as session:
        members = session.exec(
            select(OfficeMember)
            .where(col(OfficeMember.organisation_id) == organisation_id)
            .order_by(col(OfficeMember.id))
        ).all()
        procedures = session.exec(
            select(OfficeProcedure)
            .where(col(OfficeProcedure.organisation_id) == organisation_id)
            .order_by(col(OfficeProcedure.title))
        ).all()
        staff_ids = select(col(Person.id)).where(col(Person.employer_id) == organisation_id)
        member_ids = select(col(OfficeMember.person_id)).where(
            col(OfficeMember.organisation_id) == organisation_id
        )
        trainings = session.exec(
            select(StaffTraining)
            .where(col(StaffTraining.person_id).in_(staff_ids) | col(StaffTraining.person_id).in_(member_ids))
            .order_by(col(StaffTraining.start_on).desc())
        ).all()
        certs: dict[int, int] = {}
        for a in session.exec(
            select(Attachment).where(
                col(Attachment.owner_kind) == TRAINING,
                col(Attachment.owner_id).in_([t.id for t in trainings]),
            )
        ):
            certs[a.owner_id] = certs.get(a.owner_id, 0) + 1
        return Office(
            organisation_id,
            tuple(
                MemberRow(
                    m.id or 0,
                    m.person_id,
                    person_name(session, m.person_id),
                    m.role,
                    m.hours_per_week,
                    m.since,
                    m.notes,
                )
                for m in members
            ),
            tuple(
                ProcedureRow(p.id or 0, p.title, tuple(p.checklist.splitlines()), p.notes) for p in procedures
            ),
            tuple(
                TrainingRow(
                    t.id or 0,
                    t.person_id,
                    person_name(session, t.person_id),
                    t.title,
                    t.provider,
                    t.start_on,
                    t.end_on,
                    t.hours,
                    t.competences,
                    t.notes,
                    certs.get(t.id or 0, 0),
                )
                for t in trainings
            ),
        )
