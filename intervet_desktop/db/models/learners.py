"""Learner mobilities: what a school must hold before a learner leaves (guardian, consent,
insurance, learning agreement, Europass Mobility) and who accompanies whom."""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from intervet_desktop.db.models.base import Row


class LearnerDetails(Row, table=True):
    """One row per learner mobility (created on first edit)."""

    __tablename__ = "learner_details"

    mobility_id: int = Field(foreign_key="mobility.id", unique=True, index=True, ondelete="CASCADE")
    # parent or guardian (required for a minor on the day of departure)
    guardian_name: str = Field(default="", max_length=200)
    guardian_contact: str = Field(default="", max_length=200)
    consent_signed_on: date | None = None
    consent_attachment_id: int | None = Field(default=None, foreign_key="attachment.id", index=True)
    # a second emergency contact (the first is the person's own)
    emergency_contact2_name: str = Field(default="", max_length=200)
    emergency_contact2_phone: str = Field(default="", max_length=40)
    # insurance
    insurance_policy: str = Field(default="", max_length=120)
    insurer: str = Field(default="", max_length=200)
    ehic_number: str = Field(default="", max_length=40)
    # learning agreement
    school_mentor: str = Field(default="", max_length=200)
    outcomes_knowledge: str = ""
    outcomes_skills: str = ""
    outcomes_competences: str = ""
    tasks: str = ""
    assessment: str = ""
    recognition: str = ""  # units of learning outcomes or credits
    # pre-departure checklist (the consent and agreement items come from their own fields)
    language_assessed_on: date | None = None
    travel_booked_on: date | None = None
    emergency_card_printed_on: date | None = None
    # Europass Mobility (what a national Europass centre asks for)
    europass_requested: bool = False
    europass_language: str = Field(default="", max_length=5)
    europass_skills_acquired: str = ""
    europass_host_signatory: str = Field(default="", max_length=200)
    europass_certificate_received_on: date | None = None


class AccompaniedLearner(Row, table=True):
    """An accompanying person's mobility linked to a learner mobility it accompanies."""

    __tablename__ = "accompanied_learner"
    __table_args__ = (UniqueConstraint("accompanying_id", "learner_id"),)

    accompanying_id: int = Field(foreign_key="mobility.id", index=True, ondelete="CASCADE")
    learner_id: int = Field(foreign_key="mobility.id", index=True, ondelete="CASCADE")
