"""EU programme participation: the register of funding opportunities, and the office's other
dates (report dates and the like, the ``office_deadline`` table)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import msg
from intervet_desktop.core.money import MoneyError, parse_amount
from intervet_desktop.core.office import OpportunityStatus, Programme, check_new_deadline
from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import FundingOpportunity, OfficeDeadline, Organisation, Project
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.changes import Kind, Result
from intervet_desktop.services.office.common import (
    choice_problem,
    exists,
    must,
    organisation_name,
    project_code,
    remove,
    required_date,
    required_text,
    save,
)

OPPORTUNITY, DEADLINE = Kind.FUNDING_OPPORTUNITY, Kind.OFFICE_DEADLINE


@dataclass(frozen=True)
class OpportunityForm:
    organisation_id: int | None
    title: str
    deadline: date | None
    programme: str = Programme.KA1_VET.value
    status: str = OpportunityStatus.IDEA.value
    requested: str = ""
    granted: str = ""
    project_id: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class DeadlineForm:
    title: str
    due_on: date | None
    kind: str = "report"
    project_id: int | None = None
    done: bool = False
    notes: str = ""


def _cents(text: str, field: str, label: str, problems: list[Problem]) -> int | None:
    if not text.strip():
        return None
    try:
        cents = parse_amount(text)
    except MoneyError:
        problems.append(Problem(field, msg("value_not_an_amount", field=label, value=text)))
        return None
    if cents < 0:
        problems.append(Problem(field, msg("value_negative", field=label)))
    return cents


def save_opportunity(
    workspace: Workspace, row_id: int | None, form: OpportunityForm, today: date | None = None
) -> Result[int]:
    today = today or date.today()

    def clean(session: Session) -> tuple[dict[str, Any], list[Problem]]:
        problems: list[Problem] = []
        must(session, Organisation, form.organisation_id, "organisation_id", "School", problems)
        exists(session, Project, form.project_id, "project_id", "project", problems)
        deadline = required_date(form.deadline, "deadline", "Deadline", problems)
        if deadline is not None and row_id is None:
            problems.extend(check_new_deadline(deadline, today))
        status = choice_problem(form.status, OpportunityStatus, "status", "Status", problems)
        requested = _cents(form.requested, "requested", "Amount requested", problems)
        granted = _cents(form.granted, "granted", "Amount granted", problems)
        if granted is not None and status != OpportunityStatus.GRANTED.value:
            problems.append(Problem("granted", msg("office_granted_not_granted")))
        title = required_text(form.title, "title", "Title", problems)
        values = {
            "organisation_id": form.organisation_id,
            "title": title,
            "search_key": search_key(title, form.programme, organisation_name(session, form.organisation_id)),
            "deadline": deadline,
            "programme": choice_problem(form.programme, Programme, "programme", "Programme", problems),
            "status": status,
            "requested_cents": requested or 0,
            "granted_cents": granted,
            "project_id": form.project_id,
            "notes": form.notes.strip(),
        }
        return values, problems

    return save(workspace, FundingOpportunity, OPPORTUNITY, row_id, clean)


def delete_opportunity(workspace: Workspace, row_id: int) -> Result[None]:
    return remove(workspace, FundingOpportunity, OPPORTUNITY, row_id)


def save_deadline(workspace: Workspace, row_id: int | None, form: DeadlineForm) -> Result[int]:
    def clean(session: Session) -> tuple[dict[str, Any], list[Problem]]:
        problems: list[Problem] = []
        exists(session, Project, form.project_id, "project_id", "project", problems)
        values = {
            "title": required_text(form.title, "title", "Title", problems),
            "due_on": required_date(form.due_on, "due_on", "Due date", problems),
            "kind": form.kind.strip() or "other",
            "project_id": form.project_id,
            "done": form.done,
            "notes": form.notes.strip(),
        }
        return values, problems

    return save(workspace, OfficeDeadline, DEADLINE, row_id, clean)


def delete_deadline(workspace: Workspace, row_id: int) -> Result[None]:
    return remove(workspace, OfficeDeadline, DEADLINE, row_id)


@dataclass(frozen=True)
class OpportunityRow:
    id: int
    organisation_id: int
    school: str
    title: str
    programme: str
    deadline: date
    status: str
    requested_cents: int
    granted_cents: int | None
    project_id: int | None
    project: str
    notes: str


@dataclass(frozen=True)
class DeadlineRow:
    id: int
    title: str
    due_on: date
    kind: str
    project_id: int | None
    project: str
    done: bool
    notes: str


def list_opportunities(workspace: Workspace, organisation_id: int | None = None) -> list[OpportunityRow]:
    with workspace.read_session() as session:
        query = select(FundingOpportunity).order_by(col(FundingOpportunity.deadline).desc())
        if organisation_id is not None:
            query = query.where(col(FundingOpportunity.organisation_id) == organisation_id)
        return [
            OpportunityRow(
                r.id or 0,
                r.organisation_id,
                organisation_name(session, r.organisation_id),
                r.title,
                r.programme,
                r.deadline,
                r.status,
                r.requested_cents,
                r.granted_cents,
                r.project_id,
                project_code(session, r.project_id),
                r.notes,
            )
            for r in session.exec(query)
        ]


def list_deadlines(workspace: Workspace) -> list[DeadlineRow]:
    with workspace.read_session() as session:
        rows = session.exec(select(OfficeDeadline).order_by(col(OfficeDeadline.due_on))).all()
        return [
            DeadlineRow(
                r.id or 0,
                r.title,
                r.due_on,
                r.kind,
                r.project_id,
                project_code(session, r.project_id),
                r.done,
                r.notes,
            )
            for r in rows
        ]


@dataclass(frozen=True)
class Upcoming:
    due_on: date
    title: str
    what: str  # "opportunity" | "deadline"


def upcoming_deadlines(workspace: Workspace, today: date, days: int = 60, limit: int = 8) -> list[Upcoming]:
    """Open call deadlines and office dates in the next ``days`` days (the dashboard)."""
    last = today + timedelta(days=days)
    with workspace.read_session() as session:
        found = [
            Upcoming(r.deadline, r.title, "opportunity")
            for r in session.exec(
                select(FundingOpportunity).where(
                    col(FundingOpportunity.deadline).between(today, last),
                    col(FundingOpportunity.status).in_(
                        [OpportunityStatus.IDEA.value, OpportunityStatus.DRAFTING.value]
                    ),
                )
            )
        ]
        found += [
            Upcoming(r.due_on, r.title, "deadline")
            for r in session.exec(
                select(OfficeDeadline).where(
                    col(OfficeDeadline.due_on).between(today, last), col(OfficeDeadline.done).is_(False)
                )
            )
        ]
    return sorted(found, key=lambda u: (u.due_on, u.title))[:limit]
