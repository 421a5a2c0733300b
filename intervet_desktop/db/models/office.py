"""The international office (issue 18): roadmaps with indicators, the office team and its
procedures, staff training, the expert network, EU programme participation and dissemination."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from intervet_desktop.db.models.base import Row


class RoadmapObjective(Row, table=True):
    """One objective of a school's internationalisation roadmap."""

    __tablename__ = "roadmap_objective"

    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    title: str = Field(max_length=300)
    description: str = ""
    position: int = 0


class RoadmapAction(Row, table=True):
    __tablename__ = "roadmap_action"

    objective_id: int = Field(foreign_key="roadmap_objective.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=300)
    owner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    expert_id: int | None = Field(default=None, foreign_key="network_contact.id", index=True)
    start_on: date
    due_on: date = Field(index=True)
    status: str = Field(default="planned", max_length=20)
    notes: str = ""


class RoadmapIndicator(Row, table=True):
    """Baseline, target and actual; ``source`` other than manual computes the actual from the data."""

    __tablename__ = "roadmap_indicator"

    objective_id: int = Field(foreign_key="roadmap_objective.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=300)
    source: str = Field(default="manual", max_length=40)
    unit: str = Field(default="count", max_length=20)
    year: int | None = None
    baseline: int = 0
    target: int = 0
    actual: int | None = None
    measured_on: date | None = None


class OfficeMember(Row, table=True):
    __tablename__ = "office_member"

    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(default="officer", max_length=30)
    hours_per_week: int = 0
    since: date | None = None
    notes: str = ""


class OfficeProcedure(Row, table=True):
    """A procedure the office runs, with its checklist (one item per line)."""

    __tablename__ = "office_procedure"

    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    title: str = Field(max_length=300)
    checklist: str = ""
    notes: str = ""


class StaffTraining(Row, table=True):
    """A course or training a staff member took; the certificate is an attachment
    (owner_kind ``staff_training``)."""

    __tablename__ = "staff_training"

    person_id: int = Field(foreign_key="person.id", index=True)
    title: str = Field(max_length=300)
    provider: str = Field(default="", max_length=300)
    start_on: date
    end_on: date
    hours: int = 0
    competences: str = ""
    notes: str = ""


class NetworkContact(Row, table=True):
    """An expert or peer officer in the school's network."""

    __tablename__ = "network_contact"

    kind: str = Field(default="expert", max_length=20, index=True)
    first_name: str = Field(default="", max_length=120)
    last_name: str = Field(max_length=120)
    search_key: str = Field(default="", index=True)
    sort_key: str = Field(default="", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    country: str = Field(default="", max_length=2)
    expertise: str = ""
    languages: str = Field(default="", max_length=100)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    notes: str = ""


class NetworkMeeting(Row, table=True):
    __tablename__ = "network_meeting"

    contact_id: int = Field(foreign_key="network_contact.id", index=True, ondelete="CASCADE")
    met_on: date
    kind: str = Field(default="meeting", max_length=20)
    subject: str = Field(default="", max_length=300)
    notes: str = ""


class FundingOpportunity(Row, table=True):
    """A funding opportunity the school applies for or runs (Erasmus+, eTwinning, national)."""

    __tablename__ = "funding_opportunity"

    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    programme: str = Field(default="ka1_vet", max_length=20)
    title: str = Field(max_length=300)
    search_key: str = Field(default="", index=True)
    deadline: date = Field(index=True)
    status: str = Field(default="idea", max_length=20, index=True)
    requested_cents: int = 0
    granted_cents: int | None = None
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True)
    notes: str = ""


class DisseminationEvent(Row, table=True):
    """A dissemination event; evidence files are attachments (owner_kind ``dissemination_event``)."""

    __tablename__ = "dissemination_event"

    project_id: int = Field(foreign_key="project.id", index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    held_on: date = Field(index=True)
    kind: str = Field(default="workshop", max_length=20)
    title: str = Field(max_length=300)
    search_key: str = Field(default="", index=True)
    audience: str = ""
    staff: int = 0
    learners: int = 0
    stakeholders: int = 0
    public: int = 0
    partners: str = ""
    notes: str = ""
