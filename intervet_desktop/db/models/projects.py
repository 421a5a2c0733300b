"""Projects (grant agreements), their partners, budgets, work packages and NA payments."""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from intervet_desktop.db.models.base import Row


class Project(Row, table=True):
    __tablename__ = "project"

    code: str = Field(max_length=40, unique=True)
    title: str = Field(default="", max_length=300)
    search_key: str = Field(default="", index=True)
    action: str = Field(max_length=20, index=True)
    call_year: int
    national_agency: str | None = Field(default=None, max_length=10)
    start_date: date
    end_date: date
    funding_model: str = Field(default="unit_costs", max_length=20)
    rate_set_id: int | None = Field(default=None, foreign_key="rate_set.id", index=True)
    # the day someone checked every rate against the grant agreement's annex (None: not confirmed)
    rates_confirmed_on: date | None = None
    currency: str = Field(default="EUR", max_length=3)
    awarded_cents: int = 0
    # payment terms: National Agency settings, not constants (basis points: 8000 = 80 %)
    participant_prefinancing_bp: int = 8000
    participant_balance_days: int = 45
    terms_are_defaults: bool = True
    na_prefinancing_bp: int = 8000
    transfer_limit_bp: int | None = None
    interim_report_due: date | None = None
    final_report_due: date | None = None
    archived: bool = Field(default=False, index=True)
    notes: str = ""


class ProjectPartner(Row, table=True):
    __tablename__ = "project_partner"
    __table_args__ = (UniqueConstraint("project_id", "organisation_id"),)

    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    role: str = Field(default="partner", max_length=20)


class BudgetLine(Row, table=True):
    """Awarded amount per budget item (and optionally per activity type) of a unit-cost project."""

    __tablename__ = "budget_line"
    __table_args__ = (UniqueConstraint("project_id", "item", "activity_type"),)

    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    item: str = Field(max_length=30)
    activity_type: str | None = Field(default=None, max_length=20)
    awarded_cents: int = 0


class WorkPackage(Row, table=True):
    """KA220 lump-sum work package."""

    __tablename__ = "work_package"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    code: str = Field(max_length=20)
    title: str = Field(default="", max_length=300)
    lump_sum_cents: int = 0
    start_date: date | None = None
    end_date: date | None = None
    completion_pct: int = 0
    completed_on: date | None = None
    evidence: str = ""


class WorkPackageShare(Row, table=True):
    __tablename__ = "work_package_share"
    __table_args__ = (UniqueConstraint("work_package_id", "organisation_id"),)

    work_package_id: int = Field(foreign_key="work_package.id", index=True, ondelete="CASCADE")
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    amount_cents: int = 0


class WorkPackageActivity(Row, table=True):
    __tablename__ = "work_package_activity"

    work_package_id: int = Field(foreign_key="work_package.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=300)
    planned_start: date | None = None
    planned_end: date | None = None
    completion_pct: int = 0
    evidence: str = ""


class WorkPackageCost(Row, table=True):
    __tablename__ = "work_package_cost"

    work_package_id: int = Field(foreign_key="work_package.id", index=True, ondelete="CASCADE")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    spent_on: date
    description: str = Field(default="", max_length=300)
    amount_cents: int
    currency: str = Field(default="EUR", max_length=3)
    amount_eur_cents: int
    fx_rate: str | None = Field(default=None, max_length=20)
    fx_date: date | None = None


class NaPayment(Row, table=True):
    """Money the school receives from its National Agency."""

    __tablename__ = "na_payment"

    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=30)
    due_date: date | None = None
    amount_cents: int
    received_on: date | None = None
    reference: str = Field(default="", max_length=120)


class PartnerTransfer(Row, table=True):
    """KA220: money the coordinator transfers to a partner."""

    __tablename__ = "partner_transfer"

    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    transferred_on: date
    amount_cents: int
    reference: str = Field(default="", max_length=120)
