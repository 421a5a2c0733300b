"""Figures for the dashboard and the budget page (read-only, aggregated in SQL)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, case, func, select

from intervet_desktop.db.models import Mobility, Organisation, Payment, Person, Project, table_of
from intervet_desktop.db.workspace import Workspace

M = table_of(Mobility).c
J = table_of(Project).c
PAY = table_of(Payment).c
P = table_of(Person).c
O = table_of(Organisation).c  # noqa: E741


@dataclass(frozen=True)
class ProjectMoney:
    project_id: int
    code: str
    action: str
    awarded_cents: int
    committed_cents: int
    realised_cents: int
    paid_cents: int
    mobilities: int

    @property
    def remaining_cents(self) -> int:
        return self.awarded_cents - self.committed_cents


@dataclass(frozen=True)
class Upcoming:
    mobility_id: int
    participant: str
    host: str
    city: str
    country: str
    start: date
    end: date


@dataclass(frozen=True)
class ReportDeadline:
    project_id: int
    code: str
    kind: str  # "interim" | "final"
    due: date
    days_left: int  # negative when overdue


@dataclass(frozen=True)
class Dashboard:
    by_status: dict[str, int]
    departures: list[Upcoming]
    returns: list[Upcoming]
    missing_evidence: int
    payments_due_count: int
    payments_due_cents: int
    payments_overdue_count: int
    projects: list[ProjectMoney]
    by_country: list[tuple[str, int]]
    by_activity: list[tuple[str, int]]
    deadlines: list[ReportDeadline] = field(default_factory=list)


def project_money(workspace: Workspace) -> list[ProjectMoney]:
    live = M.status != "cancelled"
    realised = M.status.in_(("completed", "reported"))
    per_project = (
        select(
            M.project_id,
            func.count().label("n"),
            func.coalesce(func.sum(case((live, M.grant_total_cents), else_=0)), 0).label("committed"),
            func.coalesce(func.sum(case((realised, M.grant_total_cents), else_=0)), 0).label("realised"),
        )
        .group_by(M.project_id)
        .subquery()
    )
    # driven from the paid rows, each finding its mobility by key (no scan of every mobility)
    project_of_payment = select(M.project_id).where(M.id == PAY.mobility_id).scalar_subquery()
    paid_project = project_of_payment.label("project_id")
    paid = (
        select(paid_project, func.coalesce(func.sum(PAY.amount_eur_cents), 0).label("paid"))
        .where(PAY.paid_on.isnot(None))
        .group_by(paid_project)
        .subquery()
    )
    query = (
        select(
            J.id,
            J.code,
            J.action,
            J.awarded_cents,
            func.coalesce(per_project.c.committed, 0),
            func.coalesce(per_project.c.realised, 0),
            func.coalesce(paid.c.paid, 0),
            func.coalesce(per_project.c.n, 0),
        )
        .select_from(table_of(Project))
        .outerjoin(per_project, per_project.c.project_id == J.id)
        .outerjoin(paid, paid.c.project_id == J.id)
        .where(J.archived.is_(False))
        .order_by(J.call_year.desc(), J.code)
    )
    with workspace.read_engine.connect() as conn:
        return [
            ProjectMoney(
                project_id=int(r[0]),
                code=str(r[1]),
                action=str(r[2]),
                awarded_cents=int(r[3]),
                committed_cents=int(r[4]),
                realised_cents=int(r[5]),
                paid_cents=int(r[6]),
                mobilities=int(r[7]),
            )
            for r in conn.execute(query)
        ]


def _upcoming(
    workspace: Workspace, column_name: str, today: date, days: int, limit: int = 12
) -> list[Upcoming]:
    column = M[column_name]
    participant = (P.first_name + " " + P.last_name).label("participant")
    query = (
        select(
            M.id,
            participant,
            O.name,
            M.destination_city,
            M.destination_country,
            M.planned_start,
            M.planned_end,
        )
        .select_from(
            table_of(Mobility)
            .join(table_of(Person), P.id == M.person_id)
            .outerjoin(table_of(Organisation), O.id == M.receiving_org_id)
        )
        .where(and_(column >= today, column <= today + timedelta(days=days), M.status != "cancelled"))
        .order_by(column, M.id)
        .limit(limit)
    )
    with workspace.read_engine.connect() as conn:
        return [Upcoming(r[0], r[1], r[2] or "", r[3] or "", r[4], r[5], r[6]) for r in conn.execute(query)]


def report_deadlines(
    workspace: Workspace, today: date, *, past_days: int = 60, limit: int = 8
) -> list[ReportDeadline]:
    """Interim and final report dates of the projects in use: recently missed ones, then the next."""
    found: list[ReportDeadline] = []
    query = select(J.id, J.code, J.interim_report_due, J.final_report_due).where(
        J.archived.is_(False), (J.interim_report_due.isnot(None)) | (J.final_report_due.isnot(None))
    )
    with workspace.read_engine.connect() as conn:
        for pid, code, interim, final in conn.execute(query):
            for kind, due in (("interim", interim), ("final", final)):
                if due is not None and (due - today).days >= -past_days:
                    found.append(ReportDeadline(int(pid), str(code), kind, due, (due - today).days))
    found.sort(key=lambda d: (d.due, d.code, d.kind))
    return found[:limit]


def dashboard(workspace: Workspace, today: date | None = None) -> Dashboard:
    today = today or date.today()
    with workspace.read_engine.connect() as conn:
        by_status = {
            str(s): int(n) for s, n in conn.execute(select(M.status, func.count()).group_by(M.status))
        }
        missing = int(
            conn.execute(
                select(func.count()).where(M.missing_evidence > 0, M.status != "cancelled")
            ).scalar_one()
        )
        due_window = and_(
            PAY.paid_on.is_(None), PAY.due_date.isnot(None), PAY.due_date <= today + timedelta(days=30)
        )
        due_count, due_sum = conn.execute(
            select(func.count(), func.coalesce(func.sum(PAY.amount_eur_cents), 0)).where(due_window)
        ).one()
        overdue = int(
            conn.execute(select(func.count()).where(PAY.paid_on.is_(None), PAY.due_date < today)).scalar_one()
        )
        live = M.status != "cancelled"
        by_country = [
            (str(c), int(n))
            for c, n in conn.execute(
                select(M.destination_country, func.count().label("n"))
                .where(live, M.direction == "outgoing")
                .group_by(M.destination_country)
                .order_by(func.count().desc())
                .limit(10)
            )
        ]
        by_activity = [
            (str(a), int(n))
            for a, n in conn.execute(
                select(M.activity_type, func.count())
                .where(live)
                .group_by(M.activity_type)
                .order_by(func.count().desc())
            )
        ]
    return Dashboard(
        by_status=by_status,
        departures=_upcoming(workspace, "planned_start", today, 28),
        returns=_upcoming(workspace, "planned_end", today, 28),
        missing_evidence=missing,
        payments_due_count=int(due_count),
        payments_due_cents=int(due_sum),
        payments_overdue_count=overdue,
        projects=project_money(workspace),
        by_country=by_country,
        by_activity=by_activity,
        deadlines=report_deadlines(workspace, today),
    )
