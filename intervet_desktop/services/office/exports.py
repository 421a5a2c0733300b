"""The office's files: the iCalendar of all dates, the roadmap PDF (the dissemination workbook
is in ``dissemination``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import col, select

from intervet_desktop.core.enums import Direction, MobilityStatus
from intervet_desktop.core.messages import render
from intervet_desktop.db.models import (
    FundingOpportunity,
    Mobility,
    OfficeDeadline,
    Organisation,
    Person,
    Project,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.office.calendar_ics import CalendarEntry, write_calendar
from intervet_desktop.exports.office.roadmap_pdf import (
    ActionLine,
    IndicatorLine,
    ObjectiveBlock,
    RoadmapDocument,
    write_roadmap_pdf,
)
from intervet_desktop.services.office.roadmap import load_roadmap

UNIT_SUFFIX = {"percent": " %", "eur": " EUR", "hours": " h"}


def calendar_entries(workspace: Workspace, project_id: int | None = None) -> list[CalendarEntry]:
    """One entry per opportunity deadline, office date (reports) and mobility departure."""
    entries: list[CalendarEntry] = []
    with workspace.read_session() as session:
        codes = {p.id: p.code for p in session.exec(select(Project))}
        q = select(FundingOpportunity)
        if project_id is not None:
            q = q.where(col(FundingOpportunity.project_id) == project_id)
        for o in session.exec(q):
            entries.append(
                CalendarEntry(
                    f"opportunity-{o.id}",
                    o.deadline,
                    f"Deadline: {o.title}",
                    f"Programme {o.programme}, status {o.status}.",
                    "Funding deadline",
                    o.updated_at,
                )
            )
        q2 = select(OfficeDeadline)
        if project_id is not None:
            q2 = q2.where(col(OfficeDeadline.project_id) == project_id)
        for d in session.exec(q2):
            project = codes.get(d.project_id, "") if d.project_id else ""
            entries.append(
                CalendarEntry(
                    f"deadline-{d.id}",
                    d.due_on,
                    d.title,
                    f"{project} {d.notes}".strip(),
                    "Report" if d.kind == "report" else "Office",
                    d.updated_at,
                )
            )
        q3 = (
            select(Mobility, Person, Organisation)
            .join(Person, col(Person.id) == col(Mobility.person_id))
            .outerjoin(Organisation, col(Organisation.id) == col(Mobility.receiving_org_id))
            .where(
                col(Mobility.status) != MobilityStatus.CANCELLED.value,
                col(Mobility.direction) == Direction.OUTGOING.value,
            )
        )
        if project_id is not None:
            q3 = q3.where(col(Mobility.project_id) == project_id)
        for m, person, host in session.exec(q3):
            start = m.actual_start or m.planned_start
            where = (
                f"{host.name}, {host.city or ''} {host.country}".strip()
                if host
                else (m.destination_country or "")
            )
            entries.append(
                CalendarEntry(
                    f"departure-{m.id}",
                    start,
                    f"Departure: {person.first_name} {person.last_name} ({where})",
                    f"{codes.get(m.project_id, '')} · {m.activity_type}",
                    "Departure",
                    m.updated_at,
                )
            )
    return entries


def export_calendar(workspace: Workspace, target: Path, project_id: int | None = None) -> int:
    return write_calendar(target, calendar_entries(workspace, project_id), name="InterVET Desktop")


def _value(value: int | None, unit: str) -> str:
    return "–" if value is None else f"{value}{UNIT_SUFFIX.get(unit, '')}"


def export_roadmap(
    workspace: Workspace, organisation_id: int, target: Path, today: date | None = None
) -> int:
    today = today or date.today()
    roadmap = load_roadmap(workspace, organisation_id, today)
    doc = RoadmapDocument(
        roadmap.school,
        roadmap.country,
        today,
        tuple(
            ObjectiveBlock(
                o.title,
                o.progress,
                tuple(
                    IndicatorLine(
                        f"{i.name}" + (f" ({i.year})" if i.year else ""),
                        _value(i.baseline, i.unit),
                        _value(i.target, i.unit),
                        _value(i.actual, i.unit),
                        i.progress,
                        render(i.derivation),
                    )
                    for i in o.indicators
                ),
                tuple(
                    ActionLine(a.title, a.owner, a.start_on, a.due_on, a.status.replace("_", " "), a.overdue)
                    for a in o.actions
                ),
            )
            for o in roadmap.objectives
        ),
    )
    write_roadmap_pdf(target, doc)
    return len(doc.objectives)
