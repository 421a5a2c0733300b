"""People: staff, learners, accompanying persons and invited experts."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field

from intervet_desktop.db.models.base import Row


class Person(Row, table=True):
    __tablename__ = "person"

    first_name: str = Field(max_length=120)
    last_name: str = Field(max_length=120)
    search_key: str = Field(default="", index=True)
    sort_key: str = Field(default="", index=True)
    gender: str = Field(default="undisclosed", max_length=20)
    birth_date: date | None = None
    nationality: str | None = Field(default=None, max_length=2)
    email: str | None = Field(default=None, max_length=254, index=True)
    phone: str | None = Field(default=None, max_length=40)
    employer_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    role: str = Field(default="teacher", max_length=30, index=True)
    graduation_date: date | None = None
    # sensitive: never exported by default
    fewer_opportunities_category: str | None = Field(default=None, max_length=60)
    special_needs_notes: str | None = None
    emergency_contact_name: str | None = Field(default=None, max_length=200)
    emergency_contact_phone: str | None = Field(default=None, max_length=40)
    # bank
    iban: str | None = Field(default=None, max_length=34)
    bic: str | None = Field(default=None, max_length=11)
    account_holder: str | None = Field(default=None, max_length=200)
    archived: bool = Field(default=False, index=True)
    anonymised_at: datetime | None = None
    notes: str = ""


class PersonLanguage(Row, table=True):
    __tablename__ = "person_language"

    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    language: str = Field(max_length=3)
    level: str = Field(max_length=10)
