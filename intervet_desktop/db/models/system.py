"""Rate sets, the audit trail, settings, saved import mappings and office deadlines."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from intervet_desktop.db.models.base import Row, Timestamps


class RateSetRow(Row, table=True):
    """A versioned unit-cost table (JSON document, DESIGN.md section 5)."""

    __tablename__ = "rate_set"
    __table_args__ = (UniqueConstraint("code", "version"),)

    code: str = Field(max_length=60, index=True)
    version: int = 1
    name: str = Field(max_length=200)
    builtin: bool = False
    locked: bool = False
    document: str
    sha256: str = Field(max_length=64)


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    os_user: str = Field(default="", max_length=120)
    entity: str = Field(max_length=40, index=True)
    entity_id: int = Field(index=True)
    action: str = Field(max_length=20)
    changes: str = ""


class AppSetting(Timestamps, table=True):
    """Institution profile and project defaults live in the database (backed up with it)."""

    __tablename__ = "app_setting"

    key: str = Field(primary_key=True, max_length=80)
    value: str = ""


class ImportMapping(Row, table=True):
    __tablename__ = "import_mapping"
    __table_args__ = (UniqueConstraint("kind", "signature"),)

    kind: str = Field(max_length=30)
    signature: str = Field(max_length=64)
    mapping: str


class OfficeDeadline(Row, table=True):
    """EU programme deadlines and the office's own dates (reports, calls, dissemination)."""

    __tablename__ = "office_deadline"

    title: str = Field(max_length=300)
    due_on: date = Field(index=True)
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True)
    kind: str = Field(default="other", max_length=30)
    done: bool = False
    notes: str = ""
