"""Calls for applications, scoring criteria, evaluators, applications, scores and their history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from intervet_desktop.db.models.base import Row


class Call(Row, table=True):
    __tablename__ = "call"

    project_id: int = Field(foreign_key="project.id", index=True)
    title: str = Field(max_length=300)
    search_key: str = Field(default="", index=True)
    activity_type: str = Field(max_length=20)
    opens_on: date
    deadline: date
    places_total: int = 0
    status: str = Field(default="draft", max_length=20, index=True)
    eligibility_notes: str = ""
    with_appeals: bool = False
    provisional_published_on: date | None = None
    appeal_deadline: date | None = None
    final_published_on: date | None = None
    tie_breakers: str = Field(default="first_time,fewer_opportunities,submitted_at", max_length=200)


class CallEvent(Row, table=True):
    """The call's history: each phase step (and reopening) with who, when and why."""

    __tablename__ = "call_event"

    call_id: int = Field(foreign_key="call.id", index=True, ondelete="CASCADE")
    at: datetime
    user: str = Field(default="", max_length=120)
    old_status: str = Field(max_length=20)
    new_status: str = Field(max_length=20)
    reason: str = ""


class CallQuota(Row, table=True):
    __tablename__ = "call_quota"

    call_id: int = Field(foreign_key="call.id", index=True, ondelete="CASCADE")
    country: str | None = Field(default=None, max_length=2)
    host_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    places: int


class CallCriterion(Row, table=True):
    __tablename__ = "call_criterion"

    call_id: int = Field(foreign_key="call.id", index=True, ondelete="CASCADE")
    position: int = 0
    name: str = Field(max_length=200)
    weight: int = 1
    max_points: int = 10
    sensitive: bool = False


class Evaluator(Row, table=True):
    __tablename__ = "evaluator"

    call_id: int = Field(foreign_key="call.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)


class Application(Row, table=True):
    __tablename__ = "application"
    __table_args__ = (UniqueConstraint("call_id", "number"),)

    call_id: int = Field(foreign_key="call.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    number: str = Field(max_length=30)
    search_key: str = Field(default="", index=True)
    submitted_at: datetime
    late_reason: str | None = None
    preferred_start: date | None = None
    preferred_end: date | None = None
    motivation: str = ""
    first_time: bool = False
    fewer_opportunities: bool = False
    status: str = Field(default="received", max_length=30, index=True)
    eligibility_reason: str | None = None
    total_hundredths: int | None = Field(default=None, index=True)
    rank: int | None = Field(default=None, index=True)


class ApplicationPreference(Row, table=True):
    __tablename__ = "application_preference"

    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    position: int = 1
    host_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    country: str | None = Field(default=None, max_length=2)


class Score(Row, table=True):
    __tablename__ = "score"
    __table_args__ = (UniqueConstraint("application_id", "criterion_id", "evaluator_id"),)

    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    criterion_id: int = Field(foreign_key="call_criterion.id", index=True, ondelete="CASCADE")
    evaluator_id: int = Field(foreign_key="evaluator.id", index=True, ondelete="CASCADE")
    points_hundredths: int


class ConflictOfInterest(Row, table=True):
    __tablename__ = "conflict_of_interest"
    __table_args__ = (UniqueConstraint("application_id", "evaluator_id"),)

    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    evaluator_id: int = Field(foreign_key="evaluator.id", index=True, ondelete="CASCADE")
    reason: str = ""


class ApplicationEvent(Row, table=True):
    """History: every status change, score change and decision with who, when and why."""

    __tablename__ = "application_event"

    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    at: datetime
    user: str = Field(default="", max_length=120)
    kind: str = Field(max_length=30)
    old_value: str | None = None
    new_value: str | None = None
    reason: str = ""
