"""Eligibility of an application: in time, from a sending school, no overlapping mobility."""

from __future__ import annotations

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import ApplicationStatus, MobilityStatus
from intervet_desktop.core.messages import msg
from intervet_desktop.db.models import (
    Application,
    Call,
    Mobility,
    Organisation,
    Person,
    ProjectPartner,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.applications.records import (
    ENTITY,
    SENDING_ROLES,
    _call,
    _events,
    event_row,
)
from intervet_desktop.services.changes import Changes, Result


def sending_schools(session: Session, project_id: int) -> set[int]:
    own = session.exec(select(Organisation.id).where(col(Organisation.is_own).is_(True))).all()
    partners = session.exec(
        select(ProjectPartner.organisation_id).where(
            col(ProjectPartner.project_id) == project_id, col(ProjectPartner.role).in_(SENDING_ROLES)
        )
    ).all()
    return {int(i) for i in own if i is not None} | {int(i) for i in partners}


def eligibility(
    session: Session, call: Call, application: Application, person: Person, sending: set[int] | None = None
) -> tuple[bool, str]:
    """(eligible, reason) for the record: in time, sending school, no overlapping mobility."""
    reasons: list[str] = []
    late = application.submitted_at.date() > call.deadline
    if late and not application.late_reason:
        reasons.append(msg("elig_late", deadline=call.deadline).render())
    if sending is None:
        sending = sending_schools(session, call.project_id)
    if person.employer_id is None or person.employer_id not in sending:
        reasons.append(msg("elig_not_sending").render())
    if application.preferred_start is not None and application.preferred_end is not None:
        query = select(Mobility).where(
            col(Mobility.person_id) == person.id,
            col(Mobility.status) != MobilityStatus.CANCELLED.value,
            col(Mobility.planned_start) <= application.preferred_end,
            col(Mobility.planned_end) >= application.preferred_start,
        )
        if application.id is not None:
            query = query.where(
                col(Mobility.application_id).is_(None) | (col(Mobility.application_id) != application.id)
            )
        other = session.exec(query.limit(1)).first()
        if other is not None:
            reasons.append(
                msg(
                    "elig_overlap", mobility=other.id, start=other.planned_start, end=other.planned_end
                ).render()
            )
    if reasons:
        return False, "; ".join(reasons)
    if late:
        return True, msg("elig_late_accepted", reason=application.late_reason).render()
    return True, msg("elig_ok").render()


def _apply_eligibility(
    session: Session, call: Call, application: Application, person: Person
) -> list[dict[str, object]]:
    ok, reason = eligibility(session, call, application, person)
    assert application.id is not None
    events = []
    new_status = application.status
    if application.status in (
        ApplicationStatus.RECEIVED,
        ApplicationStatus.ELIGIBLE,
        ApplicationStatus.INELIGIBLE,
    ):
        new_status = ApplicationStatus.ELIGIBLE.value if ok else ApplicationStatus.INELIGIBLE.value
    if new_status != application.status or reason != application.eligibility_reason:
        events.append(event_row(application.id, "eligibility", application.status, new_status, reason))
    application.status, application.eligibility_reason = new_status, reason
    return events


def recheck_eligibility(workspace: Workspace, call_id: int) -> Result[int]:
    """Re-run the eligibility check on every application of the call; returns how many changed."""
    with workspace.session() as session:
        call = _call(session, call_id)
        sending = sending_schools(session, call.project_id)
        rows = session.exec(
            select(Application, Person)
            .join(Person, col(Person.id) == col(Application.person_id))
            .where(col(Application.call_id) == call_id)
        ).all()
        events: list[dict[str, object]] = []
        for application, person in rows:
            ok, reason = eligibility(session, call, application, person, sending)
            if application.status in (
                ApplicationStatus.RECEIVED,
                ApplicationStatus.ELIGIBLE,
                ApplicationStatus.INELIGIBLE,
            ):
                new = ApplicationStatus.ELIGIBLE.value if ok else ApplicationStatus.INELIGIBLE.value
            else:
                new = application.status
            if new != application.status or reason != application.eligibility_reason:
                assert application.id is not None
                events.append(event_row(application.id, "eligibility", application.status, new, reason))
                application.status, application.eligibility_reason = new, reason
                session.add(application)
        session.flush()
        _events(session, events)
    return Result(len(events), Changes.of(ENTITY))
