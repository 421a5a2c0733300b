"""Enumerations of the domain. Stored in the database as their string values."""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    VET_SCHOOL = "vet_school"
    COMPANY = "company"
    PUBLIC_BODY = "public_body"
    NGO = "ngo"
    HEI = "hei"
    OTHER = "other"


class OrgSize(StrEnum):
    SMALL = "lt250"
    LARGE = "ge250"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    UNDISCLOSED = "undisclosed"


class PersonRole(StrEnum):
    TEACHER = "teacher"
    TRAINER = "trainer"
    MANAGER = "manager"
    ADMINISTRATIVE = "administrative"
    INTERNATIONAL_OFFICER = "international_officer"
    OTHER_STAFF = "other_staff"
    LEARNER = "learner"
    RECENT_GRADUATE = "recent_graduate"

    @property
    def is_staff(self) -> bool:
        return self not in (PersonRole.LEARNER, PersonRole.RECENT_GRADUATE)


class CefrLevel(StrEnum):
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"
    NATIVE = "native"


class Action(StrEnum):
    KA121_VET = "KA121-VET"
    KA122_VET = "KA122-VET"
    KA220_VET = "KA220-VET"
    KA210_VET = "KA210-VET"
    OTHER = "other"

    @property
    def is_lump_sum(self) -> bool:
        return self in (Action.KA220_VET, Action.KA210_VET)


class FundingModel(StrEnum):
    UNIT_COSTS = "unit_costs"
    LUMP_SUM = "lump_sum"


class PartnerRole(StrEnum):
    COORDINATOR = "coordinator"
    PARTNER = "partner"
    CONSORTIUM_MEMBER = "consortium_member"
    ASSOCIATED = "associated"


class ActivityType(StrEnum):
    """Beneficiary Module activity type codes for KA121/KA122-VET."""

    JOB_SHADOWING = "SM-JOB-SHDW"
    TEACHING = "SM-TTA"
    COURSE = "SM-COUR-TRAIN"
    LEARNER_SHORT = "LM-SHORT-VET"
    LEARNER_LONG = "LM-LONG-VET"
    SKILLS_COMPETITION = "LM-SKILL-VET"
    LEARNER_GROUP = "LM-GROUP-VET"
    INVITED_EXPERT = "OA-INV-EXP"
    HOSTING_TEACHERS = "OA-HOS-TTT"

    @property
    def is_learner(self) -> bool:
        return self.value.startswith("LM-")


class Direction(StrEnum):
    OUTGOING = "outgoing"
    INCOMING = "incoming"


class TransportMode(StrEnum):
    PLANE = "plane"
    TRAIN = "train"
    BUS = "bus"
    CAR = "car"
    CAR_POOLING = "car_pooling"
    BOAT = "boat"
    BIKE = "bike"
    OTHER = "other"
    OTHER_SUSTAINABLE = "other_sustainable"

    @property
    def is_green(self) -> bool:
        return self in (
            TransportMode.TRAIN,
            TransportMode.BUS,
            TransportMode.CAR_POOLING,
            TransportMode.BIKE,
            TransportMode.OTHER_SUSTAINABLE,
        )


class MobilityStatus(StrEnum):
    PLANNED = "planned"
    AGREEMENT_SENT = "agreement_sent"
    AGREEMENT_SIGNED = "agreement_signed"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    REPORTED = "reported"
    CANCELLED = "cancelled"


class EvidenceKind(StrEnum):
    MOBILITY_AGREEMENT = "signed_mobility_agreement"
    GRANT_AGREEMENT = "signed_grant_agreement"
    CERTIFICATE = "certificate_of_attendance"
    TRAVEL = "travel_evidence"
    PARTICIPANT_REPORT = "participant_report"


class Recipient(StrEnum):
    PARTICIPANT = "participant"
    ORGANISATION = "organisation"


class GrantLineCode(StrEnum):
    TRAVEL = "travel"
    EXCEPTIONAL_TRAVEL = "exceptional_travel"
    INDIVIDUAL_SUPPORT = "individual_support"
    ORGANISATIONAL_SUPPORT = "organisational_support"
    INCLUSION_ORGANISATION = "inclusion_organisation"
    INCLUSION_REAL_COSTS = "inclusion_real_costs"
    COURSE_FEES = "course_fees"
    EXCEPTIONAL_OTHER = "exceptional_other"
    INCLUSION_ACCOMPANYING = "inclusion_accompanying"


class BudgetItem(StrEnum):
    TRAVEL = "travel"
    INDIVIDUAL_SUPPORT = "individual_support"
    ORGANISATIONAL_SUPPORT = "organisational_support"
    INCLUSION_SUPPORT_ORGANISATION = "inclusion_support_organisation"
    INCLUSION_SUPPORT_PARTICIPANTS = "inclusion_support_participants"
    COURSE_FEES = "course_fees"
    EXCEPTIONAL_COSTS = "exceptional_costs"
    PREPARATORY_VISITS = "preparatory_visits"


class CallStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    EVALUATED = "evaluated"
    PROVISIONAL = "provisional"
    PUBLISHED = "published"  # the final list
    ARCHIVED = "archived"


class ApplicationStatus(StrEnum):
    RECEIVED = "received"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    SCORED = "scored"
    PROVISIONALLY_SELECTED = "provisionally_selected"
    RESERVE = "reserve"
    APPEALED = "appealed"
    SELECTED = "selected"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class DocumentKind(StrEnum):
    MOBILITY_AGREEMENT = "mobility-agreement"
    GRANT_AGREEMENT = "grant-agreement"
    CERTIFICATE = "certificate"
    SELECTION_LETTER = "selection-letter"
    LEARNING_AGREEMENT = "learning-agreement"
    RANKING = "ranking"


class SignatureParty(StrEnum):
    PARTICIPANT = "participant"
    SENDING = "sending"
    RECEIVING = "receiving"


class SignatureStatus(StrEnum):
    NOT_SENT = "not_sent"
    SENT = "sent"
    SIGNED = "signed"


class PaymentKind(StrEnum):
    PREFINANCING = "prefinancing"
    BALANCE = "balance"
    OTHER = "other"
    RECOVERY = "recovery"


class NaPaymentKind(StrEnum):
    PREFINANCING = "prefinancing"
    FURTHER_PREFINANCING = "further_prefinancing"
    BALANCE = "balance"
    RECOVERY = "recovery"


class InKindKind(StrEnum):
    TRAVEL = "travel"
    ACCOMMODATION = "accommodation"
    OTHER = "other"


class AttachmentKind(StrEnum):
    SIGNED_SCAN = "signed_scan"
    TICKET = "ticket"
    CERTIFICATE = "certificate"
    CONSENT = "consent"
    MOTIVATION_LETTER = "motivation_letter"
    CV = "cv"
    OTHER = "other"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    MERGE = "merge"
    ANONYMISE = "anonymise"
    IMPORT = "import"
