"""Mobilities, their grant snapshot lines, status history and evidence checklist."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from intervet_desktop.db.models.base import Row


class Mobility(Row, table=True):
    __tablename__ = "mobility"
    __table_args__ = (
        UniqueConstraint("project_id", "bm_activity_id"),
        # covering indexes for the budget and dashboard aggregates (100,000 mobilities in ~1 s)
        Index(
            "ix_mobility_project_status_activity",
            "project_id",
            "status",
            "activity_type",
            "grant_total_cents",
        ),
        Index("ix_mobility_activity_status", "activity_type", "status"),
        Index("ix_mobility_country_direction_status", "destination_country", "direction", "status"),
    )

    project_id: int = Field(foreign_key="project.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    application_id: int | None = Field(default=None, foreign_key="application.id", index=True)
    direction: str = Field(default="outgoing", max_length=10, index=True)
    activity_type: str = Field(max_length=20, index=True)
    is_accompanying: bool = False
    accompanies_id: int | None = Field(default=None, foreign_key="mobility.id", index=True)
    sending_org_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    receiving_org_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    host_tutor_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    origin_city: str | None = Field(default=None, max_length=120)
    origin_country: str | None = Field(default=None, max_length=2)
    destination_city: str | None = Field(default=None, max_length=120)
    destination_country: str = Field(max_length=2, index=True)
    planned_start: date = Field(index=True)
    planned_end: date = Field(index=True)
    actual_start: date | None = None
    actual_end: date | None = None
    travel_days: int = 0
    transport_mode: str | None = Field(default=None, max_length=20)
    green_travel: bool = False
    green_travel_note: str | None = Field(default=None, max_length=300)
    distance_km: int | None = None
    distance_estimate_km: int | None = None
    fewer_opportunities: bool = False
    inclusion_real_cost_cents: int = 0
    course_days: int = 0
    real_travel_cost_cents: int | None = None
    exceptional_other_cents: int = 0
    exceptional_other_note: str | None = None
    force_majeure: bool = False
    force_majeure_note: str | None = None
    # payment terms kept from before a project's terms changed (None: the project's current terms)
    terms_prefinancing_bp: int | None = None
    terms_balance_days: int | None = None
    org_support_not_requested: bool = False
    in_kind_travel_cents: int = 0
    in_kind_accommodation_cents: int = 0
    bm_activity_id: str | None = Field(default=None, max_length=50)
    status: str = Field(default="planned", max_length=20, index=True)
    # denormalised for lazy lists (kept current by the services)
    search_key: str = Field(default="", index=True)
    participant_sort_key: str = Field(default="", index=True)
    receiving_sort_key: str = Field(default="", index=True)
    missing_evidence: int = Field(default=0, index=True)
    # grant snapshot
    grant_rate_set_id: int | None = Field(default=None, foreign_key="rate_set.id", index=True)
    grant_rate_set_version: int | None = None
    grant_participant_cents: int = 0
    grant_organisation_cents: int = 0
    grant_total_cents: int = Field(default=0, index=True)
    grant_computed_at: datetime | None = None
    feedback_score: int | None = None
    notes: str = ""


class GrantLine(Row, table=True):
    __tablename__ = "grant_line"
    # covering index: budget items are summed per mobility without reading the rows
    __table_args__ = (Index("ix_grant_line_mobility_code_amount", "mobility_id", "code", "amount_cents"),)

    mobility_id: int = Field(foreign_key="mobility.id", index=True, ondelete="CASCADE")
    position: int = 0
    code: str = Field(max_length=30)
    label: str = Field(max_length=200)
    recipient: str = Field(max_length=15)
    quantity: str = Field(default="", max_length=40)
    rate_cents: int | None = None
    amount_cents: int
    derivation: str = ""


class MobilityStatusEvent(Row, table=True):
    __tablename__ = "mobility_status_event"

    mobility_id: int = Field(foreign_key="mobility.id", index=True, ondelete="CASCADE")
    status: str = Field(max_length=20)
    on_date: date
    at: datetime
    user: str = Field(default="", max_length=120)
    note: str = ""


class EvidenceItem(Row, table=True):
    __tablename__ = "evidence_item"
    __table_args__ = (UniqueConstraint("mobility_id", "kind"),)

    mobility_id: int = Field(foreign_key="mobility.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=40)
    done: bool = False
    done_on: date | None = None
    attachment_id: int | None = Field(default=None, foreign_key="attachment.id", index=True)
    # the period the evidence states (a certificate's dates), compared with the mobility's dates
    covers_start: date | None = None
    covers_end: date | None = None
    note: str = ""
