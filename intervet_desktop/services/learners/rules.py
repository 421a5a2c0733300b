"""Learner checks that read the database; they take a Session so that the mobility's own write
(status change, form save) checks and writes in one transaction."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, func, select

from intervet_desktop.core.enums import PersonRole
from intervet_desktop.core.errors import Problem, UserError
from intervet_desktop.core.learners import LearnerFacts, recent_graduate_problems, signing_problems
from intervet_desktop.core.mobility_rules import MobilityForm
from intervet_desktop.core.rates import DEFAULT_LEARNER_RULES, LearnerRules, RateSet
from intervet_desktop.db.models import AccompaniedLearner, LearnerDetails, Mobility, Person, Project


def is_learner_activity(activity_type: str) -> bool:
    return activity_type.startswith("LM-")


def departure_of(mobility: Mobility) -> date:
    return mobility.actual_start or mobility.planned_start


def details_in(session: Session, mobility_id: int) -> LearnerDetails | None:
    return session.exec(select(LearnerDetails).where(LearnerDetails.mobility_id == mobility_id)).first()


def facts_in(session: Session, mobility: Mobility, details: LearnerDetails | None) -> LearnerFacts:
    person = session.get(Person, mobility.person_id)
    name = f"{person.first_name} {person.last_name}" if person else "?"
    return LearnerFacts(
        name=name,
        birth_date=person.birth_date if person else None,
        departure=departure_of(mobility),
        guardian_name=details.guardian_name if details else "",
        guardian_contact=details.guardian_contact if details else "",
        consent_signed=bool(details and details.consent_signed_on),
        consent_attached=bool(details and details.consent_attachment_id),
    )


def signing_problems_in(session: Session, mobility: Mobility) -> list[Problem]:
    """What a learner mobility lacks before its agreement may be marked signed (nothing for staff
    and accompanying persons)."""
    if not is_learner_activity(mobility.activity_type) or mobility.is_accompanying or mobility.id is None:
        return []
    return signing_problems(facts_in(session, mobility, details_in(session, mobility.id)))


def form_problems_in(session: Session, form: MobilityForm, rates: RateSet | None) -> list[Problem]:
    """A recent graduate must leave within the rate set's months of graduating."""
    if form.person_id is None or form.planned_start is None or not is_learner_activity(form.activity_type):
        return []
    person = session.get(Person, form.person_id)
    if person is None or person.role != PersonRole.RECENT_GRADUATE or form.is_accompanying:
        return []
    months = (rates.learners if rates else DEFAULT_LEARNER_RULES).recent_graduate_months
    return recent_graduate_problems(
        f"{person.first_name} {person.last_name}", person.graduation_date, form.planned_start, months
    )


def accompanied_count_in(session: Session, learner_id: int) -> int:
    return int(
        session.exec(
            select(func.count(col(AccompaniedLearner.id))).where(AccompaniedLearner.learner_id == learner_id)
        ).one()
    )


def learner_rules_in(session: Session, project_id: int) -> LearnerRules:
    """The learner rules of the project's rate set (the defaults when it has none yet)."""
    from intervet_desktop.services.grants import _RateBook

    project = session.get(Project, project_id)
    if project is None:
        return DEFAULT_LEARNER_RULES
    try:
        pr = _RateBook(session).for_project(
            {
                "rate_set_id": project.rate_set_id,
                "call_year": project.call_year,
                "start_date": project.start_date,
                "end_date": project.end_date,
            }
        )
    except (UserError, AssertionError):
        return DEFAULT_LEARNER_RULES
    return pr.rates.learners
