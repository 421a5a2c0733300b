"""Gathering a mobility (and the school) into the document DTOs, refusing with what is missing."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import Direction, DocumentKind, Recipient
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg
from intervet_desktop.core.money import format_cents
from intervet_desktop.db.models import (
    Contact,
    GrantLine,
    Mobility,
    MobilityProgramme,
    Organisation,
    Person,
    Project,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.context import split_in_kind
from intervet_desktop.exports.pdf.model import (
    ContactData,
    GrantLineData,
    MobilityData,
    OrganisationData,
    PersonData,
    ProgrammeData,
    ProjectData,
    SchoolData,
)
from intervet_desktop.services import settings
from intervet_desktop.services.learners.agreement import learner_data_in, learning_agreement_problems

log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------------ gathering
class _Gatherer:
    """Loads what documents need, caching organisations, contacts and projects across a batch."""

    def __init__(self, session: Session, school: SchoolData) -> None:
        self.session = session
        self.school = school
        self._orgs: dict[int, Organisation | None] = {}
        self._primary: dict[int, Contact | None] = {}
        self._projects: dict[int, Project | None] = {}

    def org(self, org_id: int | None) -> Organisation | None:
        if org_id is None:
            return None
        if org_id not in self._orgs:
            self._orgs[org_id] = self.session.get(Organisation, org_id)
        return self._orgs[org_id]

    def primary_contact(self, org_id: int) -> Contact | None:
        if org_id not in self._primary:
            query = (
                select(Contact)
                .where(Contact.organisation_id == org_id)
                .order_by(col(Contact.is_primary).desc(), col(Contact.id))
                .limit(1)
            )
            self._primary[org_id] = self.session.exec(query).first()
        return self._primary[org_id]

    def project(self, project_id: int) -> Project | None:
        if project_id not in self._projects:
            self._projects[project_id] = self.session.get(Project, project_id)
        return self._projects[project_id]

    def organisation_data(self, org: Organisation | None) -> OrganisationData | None:
        if org is None or org.id is None:
            return None
        contact = self.primary_contact(org.id)
        return OrganisationData(
            name=org.name,
            country=org.country,
            oid=org.oid or "",
            pic=org.pic or "",
            address=org.address or "",
            postcode=org.postcode or "",
            city=org.city or "",
            size=org.size or "",
            contact=_contact(contact),
        )

    def mobility(self, mobility: Mobility) -> tuple[MobilityData | None, Project | None, list[Problem]]:
        """The mobility's data, or the problems that stop every document for it."""
        s = self.session
        assert mobility.id is not None
        person = s.get(Person, mobility.person_id)
        project = self.project(mobility.project_id)
        sending = self.organisation_data(self.org(mobility.sending_org_id))
        receiving = self.organisation_data(self.org(mobility.receiving_org_id))
        tutor = s.get(Contact, mobility.host_tutor_id) if mobility.host_tutor_id else None
        programme = s.exec(
            select(MobilityProgramme).where(MobilityProgramme.mobility_id == mobility.id)
        ).first()
        lines = s.exec(
            select(GrantLine).where(GrantLine.mobility_id == mobility.id).order_by(col(GrantLine.position))
        ).all()
        subject = subject_of(mobility, person)
        problems: list[Problem] = []
        if sending is None:
            problems.append(_missing("sending_org_id", "doc_missing_sending", subject))
        if receiving is None:
            problems.append(_missing("receiving_org_id", "doc_missing_receiving", subject))
        if problems or person is None or project is None:
            return None, project, problems
        assert sending is not None and receiving is not None
        data = MobilityData(
            mobility_id=mobility.id,
            direction=mobility.direction,
            activity_type=mobility.activity_type,
            planned_start=mobility.planned_start,
            planned_end=mobility.planned_end,
            actual_start=mobility.actual_start,
            actual_end=mobility.actual_end,
            travel_days=mobility.travel_days,
            destination_city=mobility.destination_city or receiving.city,
            destination_country=mobility.destination_country,
            participant=PersonData(
                first_name=person.first_name,
                last_name=person.last_name,
                nationality=person.nationality or "",
                email=person.email or "",
                role=person.role,
                iban=person.iban or "",
            ),
            sending=sending,
            receiving=receiving,
            host_tutor=_contact(tutor),
            programme=(
                ProgrammeData(
                    objectives=programme.objectives,
                    activities=programme.activities,
                    outcomes=programme.outcomes,
                    language=programme.language,
                    added_value=programme.added_value,
                )
                if programme
                else None
            ),
            grant_lines=tuple(
                GrantLineData(
                    code=line.code,
                    label=line.label,
                    recipient=line.recipient,
                    quantity=line.quantity,
                    rate_cents=line.rate_cents,
                    amount_cents=line.amount_cents,
                    derivation=line.derivation,
                )
                for line in lines
            ),
            participant_total_cents=mobility.grant_participant_cents,
            in_kind_travel_cents=mobility.in_kind_travel_cents,
            in_kind_accommodation_cents=mobility.in_kind_accommodation_cents,
            learner=learner_data_in(s, mobility),
        )
        return data, project, problems


def _contact(contact: Contact | None) -> ContactData | None:
    if contact is None:
        return None
    name = f"{contact.first_name} {contact.last_name}".strip()
    if not name:
        return None
    return ContactData(name, contact.role or "", contact.email or "", contact.phone or "")


def _missing(field_name: str, code: str, subject: str) -> Problem:
    return Problem(field_name, msg(code, subject=subject))


def subject_of(mobility: Mobility, person: Person | None) -> str:
    name = f"{person.last_name} {person.first_name}" if person else "?"
    return f"Mobility {mobility.id} ({name})"


def check_mobility(
    kind: DocumentKind, m: MobilityData, school: SchoolData, subject: str, grant_computed: bool
) -> list[Problem]:
    """Everything a document of this kind needs and the mobility lacks, one problem per item."""
    problems: list[Problem] = []

    def need(ok: bool, field_name: str, code: str) -> None:
        if not ok:
            problems.append(_missing(field_name, code, subject))

    incoming = m.direction == Direction.INCOMING
    need(bool(school.name), "institution_profile.name", "doc_missing_school")
    if m.planned_end < m.planned_start:
        problems.append(
            Problem(
                "planned_end",
                msg("doc_dates_order", subject=subject, start=m.planned_start, end=m.planned_end),
            )
        )
    programme = m.programme
    if kind == DocumentKind.MOBILITY_AGREEMENT:
        if m.learner is not None:  # a learner gets a learning agreement (accompanying persons do not)
            problems.append(
                Problem("activity_type", msg("doc_staff_only", subject=subject, activity=m.activity_type))
            )
        need(m.sending.contact is not None, "sending_org_id", "doc_missing_sending_contact")
        need(
            m.receiving.contact is not None or m.host_tutor is not None,
            "host_tutor_id",
            "doc_missing_host_contact",
        )
        need(bool(m.destination_city), "destination_city", "doc_missing_destination")
        need(
            bool(programme and programme.objectives.strip()), "programme.objectives", "doc_missing_objectives"
        )
        need(
            bool(programme and programme.activities.strip()), "programme.activities", "doc_missing_activities"
        )
        need(bool(programme and programme.outcomes.strip()), "programme.outcomes", "doc_missing_outcomes")
        need(bool(programme and programme.language.strip()), "programme.language", "doc_missing_language")
    elif kind == DocumentKind.LEARNING_AGREEMENT:
        problems += learning_agreement_problems(m, subject)
    elif kind == DocumentKind.GRANT_AGREEMENT:
        need(bool(school.signatory_name), "institution_profile.signatory_name", "doc_missing_signatory")
        participant_lines = [line for line in m.grant_lines if line.recipient == Recipient.PARTICIPANT]
        need(grant_computed and bool(participant_lines), "grant", "doc_missing_grant")
        if participant_lines:
            total = sum(line.amount_cents for line in participant_lines)
            if total != m.participant_total_cents:
                problems.append(
                    Problem(
                        "grant",
                        msg(
                            "doc_grant_inconsistent",
                            subject=subject,
                            lines=format_cents(total),
                            total=format_cents(m.participant_total_cents),
                        ),
                    )
                )
        if participant_lines and split_in_kind(m)[2] > 0:
            need(bool(m.participant.iban), "person.iban", "doc_missing_iban")
    elif kind == DocumentKind.CERTIFICATE:
        if incoming:
            need(bool(school.signatory_name), "institution_profile.signatory_name", "doc_missing_signatory")
        else:
            need(
                m.receiving.contact is not None or m.host_tutor is not None,
                "host_tutor_id",
                "doc_missing_host_contact",
            )
        need(
            bool(programme and programme.activities.strip()), "programme.activities", "doc_missing_activities"
        )
    return problems


def load_school(workspace: Workspace, session: Session) -> SchoolData:
    """The institution profile from Settings, completed from the organisation flagged as own."""
    profile = settings.load_profile(workspace)
    own = session.exec(select(Organisation).where(col(Organisation.is_own).is_(True)).limit(1)).first()
    logo = Path(profile.logo_path) if profile.logo_path.strip() else None
    return SchoolData(
        name=profile.name or (own.name if own else ""),
        address=profile.address or (own.address or "" if own else ""),
        postcode="" if profile.address else (own.postcode or "" if own else ""),
        city=profile.city or (own.city or "" if own else ""),
        country=profile.country or (own.country if own else ""),
        oid=profile.oid or (own.oid or "" if own else ""),
        logo_path=logo,
        signatory_name=profile.signatory_name,
        signatory_role=profile.signatory_role,
    )


def _check_logo(school: SchoolData) -> None:
    if school.logo_path is None:
        return
    try:
        with school.logo_path.open("rb") as handle:
            handle.read(16)
    except OSError as exc:
        raise ValidationError.single(
            "institution_profile.logo_path", "doc_logo_unreadable", path=school.logo_path
        ) from exc


def _project_data(project: Project, rates_confirmed: bool = True) -> ProjectData:
    return ProjectData(
        code=project.code,
        title=project.title,
        action=project.action,
        currency=project.currency,
        prefinancing_bp=project.participant_prefinancing_bp,
        balance_days=project.participant_balance_days,
        rates_confirmed=rates_confirmed,
    )
