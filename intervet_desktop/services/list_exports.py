"""Rows of the list exports: people (never sensitive fields), host directory, payments due.

People lists carry names, role, employer, nationality and work contact data only: no birth date,
bank details, fewer-opportunities category, special needs, emergency contacts or notes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from intervet_desktop.db.models import Mobility, Organisation, Person, table_of
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.xlsx.writer import Column
from intervet_desktop.services.payments import payments_due

PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("Person ID", "int", 10),
    Column("Last name", "text", 22),
    Column("First name", "text", 20),
    Column("Role", "text", 14),
    Column("Employer", "text", 32),
    Column("Nationality", "text", 11),
    Column("E-mail", "text", 30),
    Column("Phone", "text", 18),
    Column("Mobilities", "int", 11),
)
SENSITIVE = (
    "birth_date",
    "iban",
    "bic",
    "account_holder",
    "fewer_opportunities_category",
    "special_needs_notes",
    "emergency_contact_name",
    "emergency_contact_phone",
    "notes",
)

HOST_COLUMNS: tuple[Column, ...] = (
    Column("Organisation ID", "int", 10),
    Column("Name", "text", 40),
    Column("OID", "text", 11),
    Column("Type", "text", 14),
    Column("Sector", "text", 24),
    Column("Country", "text", 8),
    Column("City", "text", 18),
    Column("Address", "text", 30),
    Column("Web", "text", 26),
    Column("E-mail", "text", 28),
    Column("Phone", "text", 18),
    Column("Languages", "text", 12),
    Column("Guest capacity", "int", 10),
    Column("Mobilities hosted", "int", 11),
)

DUE_COLUMNS: tuple[Column, ...] = (
    Column("Due date", "date", 11),
    Column("Days overdue", "int", 11),
    Column("Project", "text", 32),
    Column("Mobility ID", "int", 11),
    Column("Participant", "text", 28),
    Column("Kind", "text", 14),
    Column("Amount EUR", "money", 15),
)


def people_rows(workspace: Workspace, project_id: int | None = None) -> Iterator[Sequence[object]]:
    p = table_of(Person).c
    m = table_of(Mobility).c
    employer = aliased(table_of(Organisation))
    counts = select(m.person_id.label("pid"), func.count().label("n"))
    if project_id is not None:
        counts = counts.where(m.project_id == project_id)
    sub = counts.group_by(m.person_id).subquery()
    query = (
        select(
            p.id,
            p.last_name,
            p.first_name,
            p.role,
            employer.c.name,
            p.nationality,
            p.email,
            p.phone,
            func.coalesce(sub.c.n, 0),
        )
        .select_from(table_of(Person))
        .outerjoin(employer, employer.c.id == p.employer_id)
        .outerjoin(sub, sub.c.pid == p.id)
        .where(p.archived.is_(False), p.anonymised_at.is_(None))
        .order_by(p.sort_key, p.id)
    )
    if project_id is not None:
        query = query.where(sub.c.n > 0)
    with workspace.read_engine.connect() as conn:
        for r in conn.execute(query):
            yield tuple(r)


def host_rows(workspace: Workspace) -> Iterator[Sequence[object]]:
    o = table_of(Organisation).c
    m = table_of(Mobility).c
    sub = (
        select(m.receiving_org_id.label("oid_"), func.count().label("n"))
        .where(m.status != "cancelled")
        .group_by(m.receiving_org_id)
        .subquery()
    )
    query = (
        select(
            o.id,
            o.name,
            o.oid,
            o.kind,
            o.sector,
            o.country,
            o.city,
            o.address,
            o.web,
            o.email,
            o.phone,
            o.languages,
            o.guest_capacity,
            func.coalesce(sub.c.n, 0),
        )
        .outerjoin(sub, sub.c.oid_ == o.id)
        .where(o.is_host.is_(True), o.archived.is_(False))
        .order_by(o.country, o.sort_key)
    )
    with workspace.read_engine.connect() as conn:
        for r in conn.execute(query):
            yield tuple(r)


def due_rows(workspace: Workspace, today: date, days: int = 30) -> list[Sequence[object]]:
    due = payments_due(workspace, today=today, days=days, limit=100_000)
    return [
        (r.due_date, r.days_overdue, r.project_code, r.mobility_id, r.participant, r.kind, r.amount_eur_cents)
        for r in due.rows
    ]
