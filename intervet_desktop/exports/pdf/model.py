"""What a document needs, as plain data (filled by services/documents/; no DB here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from intervet_desktop.core.enums import DocumentKind, SignatureParty

KINDS = (
    DocumentKind.MOBILITY_AGREEMENT,
    DocumentKind.GRANT_AGREEMENT,
    DocumentKind.CERTIFICATE,
    DocumentKind.SELECTION_LETTER,
    DocumentKind.LEARNING_AGREEMENT,
)

# who signs what (and gets a document_signature row)
SIGNING_PARTIES: dict[str, tuple[SignatureParty, ...]] = {
    DocumentKind.MOBILITY_AGREEMENT: (
        SignatureParty.PARTICIPANT,
        SignatureParty.SENDING,
        SignatureParty.RECEIVING,
    ),
    DocumentKind.GRANT_AGREEMENT: (SignatureParty.PARTICIPANT, SignatureParty.SENDING),
    DocumentKind.CERTIFICATE: (SignatureParty.RECEIVING,),
    DocumentKind.LEARNING_AGREEMENT: (
        SignatureParty.PARTICIPANT,
        SignatureParty.SENDING,
        SignatureParty.RECEIVING,
    ),
    DocumentKind.SELECTION_LETTER: (),
}


class Layout(StrEnum):
    SIDE_BY_SIDE = "side-by-side"
    SEQUENTIAL = "sequential"


class Outcome(StrEnum):
    SELECTED = "selected"
    RESERVE = "reserve"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ContactData:
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class OrganisationData:
    name: str
    country: str = ""
    oid: str = ""
    pic: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    size: str = ""
    contact: ContactData | None = None


@dataclass(frozen=True)
class PersonData:
    first_name: str
    last_name: str
    nationality: str = ""
    email: str = ""
    role: str = ""
    iban: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class GrantLineData:
    code: str
    label: str
    recipient: str
    quantity: str
    rate_cents: int | None
    amount_cents: int
    derivation: str


@dataclass(frozen=True)
class ProjectData:
    code: str
    title: str = ""
    action: str = ""
    currency: str = "EUR"
    prefinancing_bp: int = 8000
    balance_days: int = 45
    rates_confirmed: bool = True  # False: participants' grant agreements carry a "rates not confirmed" mark


@dataclass(frozen=True)
class SchoolData:
    """The user's own institution (profile from Settings, completed from the own organisation)."""

    name: str
    address: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""
    oid: str = ""
    logo_path: Path | None = None
    signatory_name: str = ""
    signatory_role: str = ""


@dataclass(frozen=True)
class ProgrammeData:
    objectives: str
    activities: str
    outcomes: str
    language: str  # ISO 639-1 code of the activity's working language
    added_value: str = ""


@dataclass(frozen=True)
class LearnerData:
    """A learner's learning agreement: outcomes, tasks, tutor and mentor, recognition; the
    guardian signs too when the learner is a minor on the day of departure."""

    minor: bool
    guardian_name: str = ""
    guardian_contact: str = ""
    school_mentor: str = ""
    outcomes_knowledge: str = ""
    outcomes_skills: str = ""
    outcomes_competences: str = ""
    tasks: str = ""
    assessment: str = ""
    recognition: str = ""
    insurance_policy: str = ""
    insurer: str = ""
    ehic_number: str = ""


@dataclass(frozen=True)
class MobilityData:
    mobility_id: int
    direction: str
    activity_type: str
    planned_start: date
    planned_end: date
    travel_days: int
    destination_city: str
    destination_country: str
    participant: PersonData
    sending: OrganisationData
    receiving: OrganisationData
    host_tutor: ContactData | None = None
    programme: ProgrammeData | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    grant_lines: tuple[GrantLineData, ...] = ()
    participant_total_cents: int = 0
    in_kind_travel_cents: int = 0
    in_kind_accommodation_cents: int = 0
    learner: LearnerData | None = None


@dataclass(frozen=True)
class SelectionData:
    application_id: int
    application_number: str
    applicant: PersonData
    call_title: str
    call_activity: str
    outcome: Outcome
    rank: int | None = None
    total_hundredths: int | None = None
    appeal_deadline: date | None = None


@dataclass(frozen=True)
class DocumentRequest:
    kind: DocumentKind
    languages: tuple[str, ...]  # the first is the main language (English)
    project: ProjectData
    school: SchoolData
    layout: Layout = Layout.SIDE_BY_SIDE
    mobility: MobilityData | None = None
    selection: SelectionData | None = None
    version: int = 1
    issued_on: date = field(default_factory=date.today)
    #: the signed version this one amends (its number and date), printed on the first page
    amends_version: int | None = None
    amends_issued_on: date | None = None
    #: printed with a DRAFT mark across every page (not a valid document yet)
    draft: bool = False
