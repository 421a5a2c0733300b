"""Organisations (own school, partners, hosts, consortium members) and their contact persons."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from intervet_desktop.db.models.base import Row


class Organisation(Row, table=True):
    __tablename__ = "organisation"

    name: str = Field(max_length=300)
    search_key: str = Field(default="", index=True)
    sort_key: str = Field(default="", index=True)
    oid: str | None = Field(default=None, max_length=9, unique=True)
    oid_requested_on: date | None = None
    pic: str | None = Field(default=None, max_length=9)
    kind: str = Field(default="other", max_length=20, index=True)
    sector: str | None = Field(default=None, max_length=200)
    nace_code: str | None = Field(default=None, max_length=10)
    size: str | None = Field(default=None, max_length=10)
    country: str = Field(max_length=2, index=True)
    region: str | None = Field(default=None, max_length=120)
    city: str | None = Field(default=None, max_length=120)
    address: str | None = Field(default=None, max_length=300)
    postcode: str | None = Field(default=None, max_length=20)
    latitude: float | None = None
    longitude: float | None = None
    web: str | None = Field(default=None, max_length=300)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    languages: str = Field(default="", max_length=100)
    guest_capacity: int | None = None
    is_own: bool = Field(default=False, index=True)
    is_partner: bool = Field(default=False, index=True)
    is_host: bool = Field(default=False, index=True)
    is_consortium_member: bool = Field(default=False)
    archived: bool = Field(default=False, index=True)
    notes: str = ""


class Contact(Row, table=True):
    __tablename__ = "contact"

    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    first_name: str = Field(default="", max_length=120)
    last_name: str = Field(default="", max_length=120)
    role: str | None = Field(default=None, max_length=120)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    is_primary: bool = False
    notes: str = ""
