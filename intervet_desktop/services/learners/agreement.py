"""The learning agreement's data for the documents engine, and which agreement a mobility gets:
learners a learning agreement, staff and accompanying persons a mobility agreement."""

from __future__ import annotations

from sqlmodel import Session

from intervet_desktop.core.enums import DocumentKind
from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import msg, register
from intervet_desktop.db.models import Mobility
from intervet_desktop.exports.pdf.model import LearnerData, MobilityData
from intervet_desktop.services.learners.rules import details_in, facts_in, is_learner_activity

AGREEMENT_KINDS = (DocumentKind.MOBILITY_AGREEMENT, DocumentKind.LEARNING_AGREEMENT)

LA_MISSING = {
    "doc_missing_host_tutor": ("host_tutor_id", "the tutor at the host"),
    "doc_missing_destination_city": ("destination_city", "the destination city"),
    "doc_missing_school_mentor": ("school_mentor", "the mentor at school"),
    "doc_missing_outcomes_knowledge": ("outcomes_knowledge", "the learning outcomes (knowledge)"),
    "doc_missing_outcomes_skills": ("outcomes_skills", "the learning outcomes (skills)"),
    "doc_missing_outcomes_competences": ("outcomes_competences", "the learning outcomes (competences)"),
    "doc_missing_tasks": ("tasks", "the learner's tasks at the host"),
    "doc_missing_recognition": ("recognition", "how the learning outcomes are recognised"),
    "doc_missing_guardian": ("guardian_name", "the parent or guardian of the minor learner"),
}
for _code, (_field, _what) in LA_MISSING.items():
    register(_code, "{subject}: " + _what + " is missing.")
register(
    "doc_learners_only",
    "{subject}: a learning agreement is made for learners, not for {activity} (accompanying persons "
    "and staff get a mobility agreement).",
)


def is_learner_mobility(mobility: Mobility) -> bool:
    return is_learner_activity(mobility.activity_type) and not mobility.is_accompanying


def agreement_kind_for(kind: DocumentKind, mobility: Mobility) -> DocumentKind:
    """An agreement kind becomes the one the mobility's activity needs; other kinds stay."""
    if kind not in AGREEMENT_KINDS:
        return kind
    return (
        DocumentKind.LEARNING_AGREEMENT if is_learner_mobility(mobility) else DocumentKind.MOBILITY_AGREEMENT
    )


def learner_data_in(session: Session, mobility: Mobility) -> LearnerData | None:
    """A learner's agreement data (None for staff and accompanying persons)."""
    if not is_learner_mobility(mobility) or mobility.id is None:
        return None
    details = details_in(session, mobility.id)
    facts = facts_in(session, mobility, details)
    if details is None:
        return LearnerData(minor=facts.minor)
    return LearnerData(
        minor=facts.minor,
        guardian_name=details.guardian_name,
        guardian_contact=details.guardian_contact,
        school_mentor=details.school_mentor,
        outcomes_knowledge=details.outcomes_knowledge,
        outcomes_skills=details.outcomes_skills,
        outcomes_competences=details.outcomes_competences,
        tasks=details.tasks,
        assessment=details.assessment,
        recognition=details.recognition,
        insurance_policy=details.insurance_policy,
        insurer=details.insurer,
        ehic_number=details.ehic_number,
    )


def learning_agreement_problems(m: MobilityData, subject: str) -> list[Problem]:
    """Everything a learning agreement needs and the mobility lacks, one problem per item."""
    learner = m.learner
    if learner is None:
        return [Problem("activity_type", msg("doc_learners_only", subject=subject, activity=m.activity_type))]
    present = {
        "doc_missing_host_tutor": m.host_tutor is not None or m.receiving.contact is not None,
        "doc_missing_destination_city": bool(m.destination_city),
        "doc_missing_school_mentor": bool(learner.school_mentor.strip()),
        "doc_missing_outcomes_knowledge": bool(learner.outcomes_knowledge.strip()),
        "doc_missing_outcomes_skills": bool(learner.outcomes_skills.strip()),
        "doc_missing_outcomes_competences": bool(learner.outcomes_competences.strip()),
        "doc_missing_tasks": bool(learner.tasks.strip()),
        "doc_missing_recognition": bool(learner.recognition.strip()),
        "doc_missing_guardian": not learner.minor or bool(learner.guardian_name.strip()),
    }
    return [
        Problem(LA_MISSING[code][0], msg(code, subject=subject)) for code, ok in present.items() if not ok
    ]
