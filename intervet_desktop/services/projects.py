"""Projects: listing for the command line and the pickers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import col, select

from intervet_desktop.db.models import Mobility, Project
from intervet_desktop.db.workspace import Workspace


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    code: str
    title: str
    action: str
    call_year: int
    start_date: date
    end_date: date
    mobilities: int


def list_projects(workspace: Workspace, *, include_archived: bool = False) -> list[ProjectSummary]:
    counts = (
        select(Mobility.project_id, func.count().label("n")).group_by(col(Mobility.project_id)).subquery()
    )
    query = (
        select(Project, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.project_id == Project.id)
        .order_by(col(Project.call_year).desc(), col(Project.code))
    )
    if not include_archived:
        query = query.where(col(Project.archived).is_(False))
    with workspace.read_session() as session:
        rows = session.exec(query).all()
    return [
        ProjectSummary(
            id=p.id or 0,
            code=p.code,
            title=p.title,
            action=p.action,
            call_year=p.call_year,
            start_date=p.start_date,
            end_date=p.end_date,
            mobilities=int(n),
        )
        for p, n in rows
    ]
