"""Contact persons of an organisation: add, edit, remove (with audit rows)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select, update

from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import Message, register
from intervet_desktop.core.validation import contact, names
from intervet_desktop.core.validation.result import Collector, by_field, problem
from intervet_desktop.db.models import Contact, Mobility, Organisation, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.record_errors import not_found

register("contact_name_required", "Give the contact's first or last name.")

ENTITY = Kind.CONTACT


@dataclass(frozen=True)
class ContactForm:
    first_name: str = ""
    last_name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    is_primary: bool = False
    notes: str = ""


@dataclass(frozen=True)
class ContactDetail:
    id: int
    organisation_id: int
    form: ContactForm


def contact_detail(row: Contact) -> ContactDetail:
    return ContactDetail(
        row.id or 0,
        row.organisation_id,
        ContactForm(
            first_name=row.first_name,
            last_name=row.last_name,
            role=row.role or "",
            email=row.email or "",
            phone=row.phone or "",
            is_primary=row.is_primary,
            notes=row.notes,
        ),
    )


def clean_contact(form: ContactForm, region: str | None) -> tuple[dict[str, Any], list[Problem]]:
    c = Collector()
    values: dict[str, Any] = {
        "first_name": c.take(names.name(form.first_name, "first_name", "first_name", required=False)) or "",
        "last_name": c.take(names.name(form.last_name, "last_name", "last_name", required=False)) or "",
        "role": c.take(names.free_text(form.role, "role", "role", max_length=120)),
        "email": c.take(contact.email(form.email)),
        "phone": c.take(contact.phone(form.phone, region=region)),
        "is_primary": form.is_primary,
        "notes": form.notes.strip(),
    }
    if (
        not values["first_name"]
        and not values["last_name"]
        and not {"first_name", "last_name"} & {p.field for p in c.problems}
    ):
        c.add(problem("last_name", "contact_name_required"))
    return values, c.problems


def _organisation(session: Session, organisation_id: int) -> Organisation:
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise not_found("organisation", organisation_id)
    return org


def validate_contact(workspace: Workspace, organisation_id: int, form: ContactForm) -> dict[str, Message]:
    with workspace.read_session() as session:
        region = _organisation(session, organisation_id).country
    return by_field(clean_contact(form, region)[1])


def _only_primary(session: Session, organisation_id: int, contact_id: int) -> None:
    session.execute(
        update(Contact)
        .where(col(Contact.organisation_id) == organisation_id, col(Contact.id) != contact_id)
        .values(is_primary=False)
    )


def add_contact(workspace: Workspace, organisation_id: int, form: ContactForm) -> Result[ContactDetail]:
    with workspace.session() as session:
        org = _organisation(session, organisation_id)
        values, problems = clean_contact(form, org.country)
        if problems:
            raise ValidationError(problems)
        row = Contact(organisation_id=organisation_id, **values)
        session.add(row)
        session.flush()
        assert row.id is not None
        if row.is_primary:
            _only_primary(session, organisation_id, row.id)
        audit.record(session, ENTITY, row.id, AuditAction.CREATE, {"organisation_id": organisation_id})
        detail = contact_detail(row)
    return Result(detail, Changes.of(ENTITY, row.id).add(Kind.ORGANISATION, [organisation_id]))


def edit_contact(workspace: Workspace, contact_id: int, form: ContactForm) -> Result[ContactDetail]:
    with workspace.session() as session:
        row = session.get(Contact, contact_id)
        if row is None:
            raise not_found(ENTITY, contact_id)
        org = _organisation(session, row.organisation_id)
        values, problems = clean_contact(form, org.country)
        if problems:
            raise ValidationError(problems)
        changed = audit.diff({k: getattr(row, k) for k in values}, values)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = utcnow()
        session.add(row)
        if row.is_primary:
            _only_primary(session, row.organisation_id, contact_id)
        if changed:
            audit.record(session, ENTITY, contact_id, AuditAction.UPDATE, changed)
        detail = contact_detail(row)
    return Result(detail, Changes.of(ENTITY, contact_id).add(Kind.ORGANISATION, [row.organisation_id]))


def remove_contact(workspace: Workspace, contact_id: int) -> Result[None]:
    """Removes the contact; a mobility that named them as host tutor keeps no tutor."""
    with workspace.session() as session:
        row = session.get(Contact, contact_id)
        if row is None:
            raise not_found(ENTITY, contact_id)
        organisation_id = row.organisation_id
        session.execute(
            update(Mobility).where(col(Mobility.host_tutor_id) == contact_id).values(host_tutor_id=None)
        )
        session.delete(row)
        audit.record(session, ENTITY, contact_id, AuditAction.DELETE, {"organisation_id": organisation_id})
    return Result(None, Changes.of(ENTITY, contact_id).add(Kind.ORGANISATION, [organisation_id]))


def list_contacts(workspace: Workspace, organisation_id: int) -> list[ContactDetail]:
    with workspace.read_session() as session:
        rows = session.exec(
            select(Contact).where(Contact.organisation_id == organisation_id).order_by(col(Contact.id))
        ).all()
        return [contact_detail(r) for r in rows]
