"""A learner mobility's details: read, save (one transaction, guardian required for a minor),
attach the signed consent form, and the pre-departure checklist."""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from sqlmodel import Session

from intervet_desktop.core.enums import AuditAction, MobilityStatus
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.learners import (
    CheckItem,
    ChecklistInput,
    checklist,
    guardian_problems,
    ready_to_leave,
)
from intervet_desktop.core.messages import register
from intervet_desktop.db.models import LearnerDetails, Mobility, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.learners.rules import (
    details_in,
    facts_in,
    is_learner_activity,
)
from intervet_desktop.services.record_errors import not_found

log = logging.getLogger(__name__)
ENTITY = "mobility"

register("learner_not_learner", "Mobility {id} is not a learner's mobility ({activity}).")

SIGNED_STATES = {
    MobilityStatus.AGREEMENT_SIGNED.value,
    MobilityStatus.ONGOING.value,
    MobilityStatus.COMPLETED.value,
    MobilityStatus.REPORTED.value,
}


@dataclass(frozen=True)
class LearnerForm:
    """Every learner field a user edits (the consent form file is attached apart)."""

    guardian_name: str = ""
    guardian_contact: str = ""
    consent_signed_on: date | None = None
    emergency_contact2_name: str = ""
    emergency_contact2_phone: str = ""
    insurance_policy: str = ""
    insurer: str = ""
    ehic_number: str = ""
    school_mentor: str = ""
    outcomes_knowledge: str = ""
    outcomes_skills: str = ""
    outcomes_competences: str = ""
    tasks: str = ""
    assessment: str = ""
    recognition: str = ""
    language_assessed_on: date | None = None
    travel_booked_on: date | None = None
    emergency_card_printed_on: date | None = None
    europass_requested: bool = False
    europass_language: str = ""
    europass_skills_acquired: str = ""
    europass_host_signatory: str = ""
    europass_certificate_received_on: date | None = None


FORM_FIELDS = tuple(f.name for f in fields(LearnerForm))


@dataclass(frozen=True)
class LearnerView:
    mobility_id: int
    name: str
    birth_date: date | None
    departure: date
    minor: bool
    status: str
    form: LearnerForm
    consent_attachment_id: int | None
    checklist: dict[CheckItem, bool | None]
    ready: bool


def _form_of(details: LearnerDetails | None) -> LearnerForm:
    if details is None:
        return LearnerForm()
    return LearnerForm(**{name: getattr(details, name) for name in FORM_FIELDS})


def _learner_mobility(session: Session, mobility_id: int) -> Mobility:
    mobility = session.get(Mobility, mobility_id)
    if mobility is None:
        raise not_found(ENTITY, mobility_id)
    if not is_learner_activity(mobility.activity_type) or mobility.is_accompanying:
        raise ValidationError.single(
            "activity_type", "learner_not_learner", id=mobility_id, activity=mobility.activity_type
        )
    return mobility


def view_in(session: Session, mobility: Mobility) -> LearnerView:
    assert mobility.id is not None
    details = details_in(session, mobility.id)
    facts = facts_in(session, mobility, details)
    form = _form_of(details)
    items = checklist(
        ChecklistInput(
            minor=facts.minor,
            consent_ok=facts.consent_signed and facts.consent_attached,
            agreement_signed=mobility.status in SIGNED_STATES,
            insurance_ok=bool(form.insurance_policy.strip() or form.ehic_number.strip()),
            language_assessed=form.language_assessed_on is not None,
            travel_booked=form.travel_booked_on is not None,
            emergency_card_printed=form.emergency_card_printed_on is not None,
        )
    )
    return LearnerView(
        mobility_id=mobility.id,
        name=facts.name,
        birth_date=facts.birth_date,
        departure=facts.departure,
        minor=facts.minor,
        status=mobility.status,
        form=form,
        consent_attachment_id=details.consent_attachment_id if details else None,
        checklist=items,
        ready=ready_to_leave(items),
    )


def get_learner(workspace: Workspace, mobility_id: int) -> LearnerView:
    with workspace.read_session() as session:
        return view_in(session, _learner_mobility(session, mobility_id))


def ensure_details_in(session: Session, mobility_id: int) -> LearnerDetails:
    details = details_in(session, mobility_id)
    if details is None:
        details = LearnerDetails(mobility_id=mobility_id)
        session.add(details)
        session.flush()
    return details


def save_learner(workspace: Workspace, mobility_id: int, form: LearnerForm) -> Result[LearnerView]:
    """Save the learner's details; a minor on the day of departure needs a guardian (nothing saved)."""
    with workspace.session() as session:
        mobility = _learner_mobility(session, mobility_id)
        facts = facts_in(session, mobility, None)
        facts = type(facts)(
            name=facts.name,
            birth_date=facts.birth_date,
            departure=facts.departure,
            guardian_name=form.guardian_name,
            guardian_contact=form.guardian_contact,
        )
        problems = guardian_problems(facts)
        if problems:
            raise ValidationError(problems)
        details = ensure_details_in(session, mobility_id)
        before = {name: getattr(details, name) for name in FORM_FIELDS}
        for name in FORM_FIELDS:
            value = getattr(form, name)
            setattr(details, name, value.strip() if isinstance(value, str) else value)
        details.updated_at = utcnow()
        session.add(details)
        after = {name: getattr(details, name) for name in FORM_FIELDS}
        audit.record(
            session, "learner_details", details.id or 0, AuditAction.UPDATE, audit.diff(before, after)
        )
        view = view_in(session, mobility)
    log.info("learner details of mobility %d saved", mobility_id)
    return Result(view, Changes.of(Kind.MOBILITY, mobility_id))


def attach_consent(
    workspace: Workspace, mobility_id: int, path: Path, signed_on: date
) -> Result[LearnerView]:
    """Keep the signed parental consent form and mark consent signed on that date."""
    from intervet_desktop.services.attachments import read_upload, store_bytes

    data, mime = read_upload(path)
    with workspace.session() as session:
        mobility = _learner_mobility(session, mobility_id)
        row = store_bytes(
            session,
            workspace.files_dir,
            data,
            original_name=path.name,
            mime_type=mime,
            kind="parental_consent",
            owner_kind=ENTITY,
            owner_id=mobility_id,
        )
        details = ensure_details_in(session, mobility_id)
        details.consent_attachment_id = row.id
        details.consent_signed_on = signed_on
        details.updated_at = utcnow()
        session.add(details)
        audit.record(
            session,
            "learner_details",
            details.id or 0,
            AuditAction.UPDATE,
            {"consent_attachment_id": [None, row.id], "consent_signed_on": [None, signed_on.isoformat()]},
        )
        view = view_in(session, mobility)
    return Result(view, Changes.of(Kind.MOBILITY, mobility_id).add(Kind.ATTACHMENT, [row.id or 0]))
