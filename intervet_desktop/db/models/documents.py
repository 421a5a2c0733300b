"""Generated documents, their signatures, and attachments kept by content hash."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field

from intervet_desktop.db.models.base import Row


class Attachment(Row, table=True):
    """A file kept in the database's attachment folder (NAME.files/), named by its sha256."""

    __tablename__ = "attachment"

    sha256: str = Field(max_length=64, index=True)
    original_name: str = Field(max_length=260)
    mime_type: str = Field(default="application/octet-stream", max_length=100)
    size_bytes: int
    kind: str = Field(default="other", max_length=30)
    owner_kind: str = Field(max_length=30, index=True)
    owner_id: int = Field(index=True)
    added_at: datetime


class Document(Row, table=True):
    __tablename__ = "document"

    kind: str = Field(max_length=30, index=True)
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True)
    mobility_id: int | None = Field(default=None, foreign_key="mobility.id", index=True)
    application_id: int | None = Field(default=None, foreign_key="application.id", index=True)
    call_id: int | None = Field(default=None, foreign_key="call.id", index=True)
    languages: str = Field(default="en", max_length=20)
    version: int = 1
    file_name: str = Field(max_length=260)
    attachment_id: int | None = Field(default=None, foreign_key="attachment.id", index=True)
    sha256: str = Field(max_length=64)
    template: str = Field(default="", max_length=120)
    generated_at: datetime
    #: sha256 of what the document shows (parties, dates, grant, wording): a new version is made
    #: only when it changes, and a signed document whose data changed is stale
    content_key: str = Field(default="", max_length=64)
    #: the signed version this one amends
    amends_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    #: printed with a DRAFT mark (a certificate before the stay has ended)
    draft: bool = False


class DocumentSignature(Row, table=True):
    __tablename__ = "document_signature"

    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    party: str = Field(max_length=20)
    status: str = Field(default="not_sent", max_length=20)
    sent_on: date | None = None
    signed_on: date | None = None
    attachment_id: int | None = Field(default=None, foreign_key="attachment.id", index=True)


class MobilityProgramme(Row, table=True):
    """The programme agreed in a staff mobility agreement (objectives, activities, outcomes)."""

    __tablename__ = "mobility_programme"

    mobility_id: int = Field(foreign_key="mobility.id", unique=True, ondelete="CASCADE")
    language: str = Field(default="en", max_length=3)
    objectives: str = ""
    added_value: str = ""
    activities: str = ""
    outcomes: str = ""
