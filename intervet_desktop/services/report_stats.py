"""Reads the records of the final-report statistics (one SQL pass over the project's mobilities)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_, select

from intervet_desktop.core.errors import UserError
from intervet_desktop.core.messages import msg
from intervet_desktop.core.report_stats import StatRecord, StatsReport, compute
from intervet_desktop.db.models import Mobility, Person, Project, table_of
from intervet_desktop.db.workspace import Workspace


def _d(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def project_stats(workspace: Workspace, project_id: int) -> StatsReport:
    with workspace.read_session() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise UserError(msg("project_not_found", id=project_id))
        code, title = project.code, project.title
    m = table_of(Mobility).c
    p = table_of(Person).c
    query = (
        select(
            m.activity_type,
            m.destination_country,
            m.direction,
            p.gender,
            p.birth_date,
            func.coalesce(m.actual_start, m.planned_start),
            func.coalesce(m.actual_end, m.planned_end),
            m.fewer_opportunities,
            m.green_travel,
            m.force_majeure,
        )
        .select_from(table_of(Mobility))
        .join(table_of(Person), p.id == m.person_id)
        .where(m.project_id == project_id, or_(m.status != "cancelled", m.force_majeure.is_(True)))
    )
    with workspace.read_engine.connect() as conn:
        records = [
            StatRecord(
                activity_type=str(r[0]),
                country=str(r[1] or ""),
                direction=str(r[2]),
                gender=str(r[3] or ""),
                birth_date=_d(r[4]),
                start=_d(r[5]) or date.min,
                end=_d(r[6]) or date.min,
                fewer_opportunities=bool(r[7]),
                green_travel=bool(r[8]),
                force_majeure=bool(r[9]),
            )
            for r in conn.execute(query)
        ]
    return compute(code, title, records)
