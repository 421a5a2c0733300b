"""All tables. Importing this package registers every table on ``SQLModel.metadata``."""

from sqlmodel import SQLModel

from intervet_desktop.db.models.base import NAMING_CONVENTION, Row, Timestamps, table_of, utcnow
from intervet_desktop.db.models.calls import (
    Application,
    ApplicationEvent,
    ApplicationPreference,
    Call,
    CallCriterion,
    CallEvent,
    CallQuota,
    ConflictOfInterest,
    Evaluator,
    Score,
)
from intervet_desktop.db.models.documents import Attachment, Document, DocumentSignature, MobilityProgramme
from intervet_desktop.db.models.learners import AccompaniedLearner, LearnerDetails
from intervet_desktop.db.models.mobilities import EvidenceItem, GrantLine, Mobility, MobilityStatusEvent
from intervet_desktop.db.models.money import FxRate, InKindExpense, Payment
from intervet_desktop.db.models.office import (
    DisseminationEvent,
    FundingOpportunity,
    NetworkContact,
    NetworkMeeting,
    OfficeMember,
    OfficeProcedure,
    RoadmapAction,
    RoadmapIndicator,
    RoadmapObjective,
    StaffTraining,
)
from intervet_desktop.db.models.organisations import Contact, Organisation
from intervet_desktop.db.models.people import Person, PersonLanguage
from intervet_desktop.db.models.projects import (
    BudgetLine,
    NaPayment,
    PartnerTransfer,
    Project,
    ProjectPartner,
    WorkPackage,
    WorkPackageActivity,
    WorkPackageCost,
    WorkPackageShare,
)
from intervet_desktop.db.models.system import (
    AppSetting,
    AuditEntry,
    ImportMapping,
    OfficeDeadline,
    RateSetRow,
)

metadata = SQLModel.metadata

__all__ = [
    "NAMING_CONVENTION",
    "AccompaniedLearner",
    "LearnerDetails",
    "AppSetting",
    "Application",
    "ApplicationEvent",
    "ApplicationPreference",
    "Attachment",
    "AuditEntry",
    "BudgetLine",
    "Call",
    "CallCriterion",
    "CallQuota",
    "ConflictOfInterest",
    "Contact",
    "Document",
    "DocumentSignature",
    "CallEvent",
    "Evaluator",
    "EvidenceItem",
    "FxRate",
    "GrantLine",
    "ImportMapping",
    "InKindExpense",
    "Mobility",
    "MobilityProgramme",
    "MobilityStatusEvent",
    "NaPayment",
    "OfficeDeadline",
    "Organisation",
    "PartnerTransfer",
    "Payment",
    "Person",
    "PersonLanguage",
    "Project",
    "ProjectPartner",
    "RateSetRow",
    "Row",
    "Score",
    "Timestamps",
    "WorkPackage",
    "WorkPackageActivity",
    "WorkPackageCost",
    "WorkPackageShare",
    "metadata",
    "table_of",
    "utcnow",
]

__all__ += [
    "DisseminationEvent",
    "FundingOpportunity",
    "NetworkContact",
    "NetworkMeeting",
    "OfficeMember",
    "OfficeProcedure",
    "RoadmapAction",
    "RoadmapIndicator",
    "RoadmapObjective",
    "StaffTraining",
]
