"""Reading applications: the detail with history and attachments, the score grid, id lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import ApplicationStatus
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.selection import (
    CriterionRule,
    Slot,
)
from intervet_desktop.db.models import (
    Application,
    ApplicationEvent,
    ApplicationPreference,
    Attachment,
    CallCriterion,
    ConflictOfInterest,
    Mobility,
    Person,
    Score,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.applications.records import (
    ENTITY,
    _call,
    _get,
)


@dataclass(frozen=True)
class EventInfo:
    at: datetime
    user: str
    kind: str
    old_value: str | None
    new_value: str | None
    reason: str


@dataclass(frozen=True)
class ApplicationDetail:
    id: int
    call_id: int
    number: str
    person_id: int
    applicant: str
    submitted_at: datetime
    late_reason: str | None
    preferred_start: date | None
    preferred_end: date | None
    motivation: str
    first_time: bool
    fewer_opportunities: bool
    status: str
    eligibility_reason: str | None
    total_hundredths: int | None
    rank: int | None
    preferences: tuple[Slot, ...]
    history: tuple[EventInfo, ...]
    mobility_id: int | None
    attachments: tuple[tuple[int, str, str], ...] = ()  # (attachment id, kind, original name)


def _detail(session: Session, a: Application) -> ApplicationDetail:
    assert a.id is not None
    person = session.get(Person, a.person_id)
    assert person is not None
    prefs = session.exec(
        select(ApplicationPreference)
        .where(ApplicationPreference.application_id == a.id)
        .order_by(col(ApplicationPreference.position))
    ).all()
    events = session.exec(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == a.id)
        .order_by(col(ApplicationEvent.id))
    ).all()
    mobility = session.exec(select(Mobility.id).where(col(Mobility.application_id) == a.id)).first()
    files = session.exec(
        select(Attachment)
        .where(col(Attachment.owner_kind) == ENTITY, col(Attachment.owner_id) == a.id)
        .order_by(col(Attachment.id))
    ).all()
    return ApplicationDetail(
        id=a.id,
        call_id=a.call_id,
        number=a.number,
        person_id=a.person_id,
        applicant=f"{person.first_name} {person.last_name}",
        submitted_at=a.submitted_at,
        late_reason=a.late_reason,
        preferred_start=a.preferred_start,
        preferred_end=a.preferred_end,
        motivation=a.motivation,
        first_time=a.first_time,
        fewer_opportunities=a.fewer_opportunities,
        status=a.status,
        eligibility_reason=a.eligibility_reason,
        total_hundredths=a.total_hundredths,
        rank=a.rank,
        preferences=tuple(Slot(p.country, p.host_id) for p in prefs),
        history=tuple(EventInfo(e.at, e.user, e.kind, e.old_value, e.new_value, e.reason) for e in events),
        mobility_id=mobility,
        attachments=tuple((f.id or 0, f.kind, f.original_name) for f in files),
    )


def get_application(workspace: Workspace, application_id: int) -> ApplicationDetail:
    with workspace.read_session() as session:
        return _detail(session, _get(session, application_id))


@dataclass(frozen=True)
class GridRow:
    application_id: int
    number: str
    applicant: str
    conflict: bool


@dataclass(frozen=True)
class ScoreGrid:
    call_id: int
    evaluator_id: int
    criteria: tuple[CriterionRule, ...]
    rows: tuple[GridRow, ...]
    values: dict[tuple[int, int], int]  # (application id, criterion id) -> hundredths


def score_grid(workspace: Workspace, call_id: int, evaluator_id: int) -> ScoreGrid:
    with workspace.read_session() as session:
        _call(session, call_id)
        criteria = session.exec(
            select(CallCriterion)
            .where(CallCriterion.call_id == call_id)
            .order_by(col(CallCriterion.position))
        ).all()
        apps = session.execute(
            select(
                col(Application.id), col(Application.number), col(Person.first_name), col(Person.last_name)
            )
            .join(Person, col(Person.id) == col(Application.person_id))
            .where(
                col(Application.call_id) == call_id,
                col(Application.status).not_in(
                    (ApplicationStatus.INELIGIBLE.value, ApplicationStatus.WITHDRAWN.value)
                ),
            )
            .order_by(col(Application.number))
        ).all()
        conflicts = set(
            session.exec(
                select(ConflictOfInterest.application_id)
                .join(Application, col(Application.id) == col(ConflictOfInterest.application_id))
                .where(
                    col(Application.call_id) == call_id, col(ConflictOfInterest.evaluator_id) == evaluator_id
                )
            ).all()
        )
        values = {
            (int(a), int(c)): int(p)
            for a, c, p in session.execute(
                select(col(Score.application_id), col(Score.criterion_id), col(Score.points_hundredths))
                .join(Application, col(Application.id) == col(Score.application_id))
                .where(col(Application.call_id) == call_id, col(Score.evaluator_id) == evaluator_id)
            ).all()
        }
    return ScoreGrid(
        call_id,
        evaluator_id,
        tuple(CriterionRule(c.id or 0, c.name, c.weight, c.max_points) for c in criteria),
        tuple(GridRow(int(i), n, f"{last}, {first}", int(i) in conflicts) for i, n, first, last in apps),
        values,
    )


def application_by_number(workspace: Workspace, call_id: int, number: str) -> int:
    """An application's id by its number within a call, refused when there is none."""
    with workspace.read_session() as session:
        found = session.exec(
            select(Application.id).where(Application.call_id == call_id, Application.number == number.strip())
        ).first()
    if found is None:
        raise ValidationError.single(
            "application", "not_found", entity="application", key="number", value=number
        )
    return int(found)
