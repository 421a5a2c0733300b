"""Likely duplicates: warn while a form is filled in, list pairs, and merge a pair.

Candidate rows are narrowed in SQL (same e-mail, same date of birth, same OID, same country),
then compared with ``core.duplicates``; pairs across the whole table use its blocking, so
10,000 people are compared in well under a second.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from intervet_desktop.core import duplicates as rules
from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.errors import Problem, UserError
from intervet_desktop.core.messages import msg
from intervet_desktop.core.organisation_rules import OrganisationForm, organisation_keys
from intervet_desktop.core.person_rules import PersonForm, person_keys
from intervet_desktop.core.text import sort_key
from intervet_desktop.core.validation import contact, identifiers
from intervet_desktop.core.validation.countries import country
from intervet_desktop.db.models import Attachment, Organisation, Person, PersonLanguage, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.mobility_keys import refresh_mobility_keys
from intervet_desktop.services.record_errors import not_found
from intervet_desktop.services.references import move_references

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SimilarRecord:
    """An existing record that looks like the one in the form; ``label`` is for showing it."""

    id: int
    label: str
    reasons: tuple[rules.Reason, ...]
    strong: bool


@dataclass(frozen=True)
class DuplicatePair:
    first_id: int
    first_label: str
    second_id: int
    second_label: str
    reasons: tuple[rules.Reason, ...]


def _clean(value: Any) -> Any:
    """A rule's clean value, or None when the form's value is not valid (yet)."""
    return None if isinstance(value, Problem) else value


def _person_label(p: Person) -> str:
    born = f", born {p.birth_date.isoformat()}" if p.birth_date else ""
    return f"{p.first_name} {p.last_name}{born}"


# ---------------------------------------------------------------- while typing
def find_similar_people(
    workspace: Workspace, form: PersonForm, exclude_id: int | None = None
) -> list[SimilarRecord]:
    email = _clean(contact.email(form.email))
    candidate = rules.PersonKey.of(exclude_id or -1, form.first_name, form.last_name, email, form.birth_date)
    either_order = {sort_key(form.last_name, form.first_name), sort_key(form.first_name, form.last_name)}
    clauses: list[ColumnElement[bool]] = [col(Person.sort_key).in_(sorted(either_order))]
    if email:
        clauses.append(col(Person.email) == email)
    if form.birth_date:
        clauses.append(col(Person.birth_date) == form.birth_date)
    with workspace.read_session() as session:
        rows = {p.id: p for p in session.exec(select(Person).where(or_(*clauses)).limit(500)).all()}
    keys = [
        rules.PersonKey.of(p.id or 0, p.first_name, p.last_name, p.email, p.birth_date) for p in rows.values()
    ]
    return [
        SimilarRecord(m.id, _person_label(rows[m.id]), m.reasons, m.strong)
        for m in rules.person_matches(candidate, keys)
    ]


def find_similar_organisations(
    workspace: Workspace, form: OrganisationForm, exclude_id: int | None = None
) -> list[SimilarRecord]:
    oid = _clean(identifiers.oid(form.oid))
    code = _clean(country(form.country))
    candidate = rules.OrganisationKey.of(exclude_id or -1, form.name, form.city, oid, code)
    clauses = []
    if oid:
        clauses.append(col(Organisation.oid) == oid)
    if code:
        clauses.append(col(Organisation.country) == code)
    if not clauses:
        return []
    query = sa_select(
        col(Organisation.id),
        col(Organisation.name),
        col(Organisation.city),
        col(Organisation.oid),
        col(Organisation.country),
    ).where(or_(*clauses))
    with workspace.read_session() as session:
        rows = session.execute(query).all()  # columns only: a country may hold thousands
    keys = {i: rules.OrganisationKey.of(i, n, c, o, k) for i, n, c, o, k in rows}
    labels = {i: f"{n} ({', '.join(x for x in (c, k) if x)})" for i, n, c, _o, k in rows}
    return [
        SimilarRecord(m.id, labels[m.id], m.reasons, m.strong)
        for m in rules.organisation_matches(candidate, keys.values())
    ]


# ---------------------------------------------------------------- "Find duplicates"
def find_duplicate_pairs_people(workspace: Workspace, include_archived: bool = False) -> list[DuplicatePair]:
    query = sa_select(
        col(Person.id),
        col(Person.first_name),
        col(Person.last_name),
        col(Person.email),
        col(Person.birth_date),
    ).where(col(Person.anonymised_at).is_(None))
    if not include_archived:
        query = query.where(col(Person.archived).is_(False))
    with workspace.read_session() as session:
        rows = session.execute(query).all()
    keys = [rules.PersonKey.of(i or 0, f, ln, e, b) for i, f, ln, e, b in rows]
    labels = {i: f"{f} {ln}" + (f", born {b.isoformat()}" if b else "") for i, f, ln, _e, b in rows}
    return [
        DuplicatePair(p.first_id, labels[p.first_id], p.second_id, labels[p.second_id], p.reasons)
        for p in rules.person_pairs(keys)
    ]


def find_duplicate_pairs_organisations(
    workspace: Workspace, include_archived: bool = False
) -> list[DuplicatePair]:
    query = sa_select(
        col(Organisation.id),
        col(Organisation.name),
        col(Organisation.city),
        col(Organisation.oid),
        col(Organisation.country),
    )
    if not include_archived:
        query = query.where(col(Organisation.archived).is_(False))
    with workspace.read_session() as session:
        rows = session.execute(query).all()
    keys = [rules.OrganisationKey.of(i or 0, n, c, o, k) for i, n, c, o, k in rows]
    labels = {i: f"{n} ({c or '-'}, {k})" for i, n, c, _o, k in rows}
    return [
        DuplicatePair(p.first_id, labels[p.first_id], p.second_id, labels[p.second_id], p.reasons)
        for p in rules.organisation_pairs(keys)
    ]


# ---------------------------------------------------------------- merging
PERSON_FILLABLE = (
    "gender", "birth_date", "nationality", "email", "phone", "employer_id", "graduation_date",
    "fewer_opportunities_category", "special_needs_notes", "emergency_contact_name",
    "emergency_contact_phone", "iban", "bic", "account_holder",
)  # fmt: skip
ORG_FILLABLE = (
    "oid", "oid_requested_on", "pic", "sector", "nace_code", "size", "region", "city", "address",
    "postcode", "latitude", "longitude", "web", "email", "phone", "guest_capacity",
)  # fmt: skip


def _empty(value: Any) -> bool:
    return value is None or value == "" or (value == "undisclosed")


def _fill(keep: Any, drop: Any, names: tuple[str, ...]) -> list[str]:
    filled = []
    for name in names:
        if _empty(getattr(keep, name)) and not _empty(getattr(drop, name)):
            setattr(keep, name, getattr(drop, name))
            filled.append(name)
    return filled


def _notes(keep: Any, drop: Any) -> None:
    if drop.notes and drop.notes not in keep.notes:
        keep.notes = f"{keep.notes}\n{drop.notes}".strip()


def _move_attachments(session: Session, owner_kind: str, keep_id: int, drop_id: int) -> None:
    session.execute(
        update(Attachment)
        .where(col(Attachment.owner_kind) == owner_kind, col(Attachment.owner_id) == drop_id)
        .values(owner_id=keep_id)
    )


def _pair(session: Session, model: Any, entity: str, keep_id: int, drop_id: int) -> tuple[Any, Any]:
    if keep_id == drop_id:
        raise UserError(msg("merge_same_record"))
    keep, drop = session.get(model, keep_id), session.get(model, drop_id)
    if keep is None:
        raise not_found(entity, keep_id)
    if drop is None:
        raise not_found(entity, drop_id)
    return keep, drop


def merge_people(workspace: Workspace, keep_id: int, drop_id: int) -> Result[int]:
    """Move everything that belongs to ``drop_id`` (mobilities with their payments, applications,
    evaluator roles, languages, attachments) to ``keep_id``, fill the kept record's empty fields
    from the dropped one, then delete the dropped record. One transaction, with audit rows."""
    with workspace.session() as session:
        keep, drop = _pair(session, Person, "person", keep_id, drop_id)
        filled = _fill(keep, drop, PERSON_FILLABLE)
        _notes(keep, drop)
        known = {
            s.language
            for s in session.exec(select(PersonLanguage).where(PersonLanguage.person_id == keep_id))
        }
        if known:
            session.execute(
                delete(PersonLanguage).where(
                    col(PersonLanguage.person_id) == drop_id, col(PersonLanguage.language).in_(known)
                )
            )
        if "email" in filled:
            drop.email = None
        session.add(drop)
        session.flush()
        moved = move_references(session, "person", keep_id, drop_id)
        _move_attachments(session, "person", keep_id, drop_id)
        for key, value in person_keys(
            {"first_name": keep.first_name, "last_name": keep.last_name, "email": keep.email}
        ).items():
            setattr(keep, key, value)
        keep.updated_at = utcnow()
        session.add(keep)
        session.flush()
        refresh_mobility_keys(session, person_ids=[keep_id])
        audit.record(
            session, "person", keep_id, AuditAction.MERGE,
            {"merged_from": drop_id, "moved": moved, "filled": filled},
        )  # fmt: skip
        audit.record(session, "person", drop_id, AuditAction.DELETE, {"merged_into": keep_id})
        session.delete(drop)
    log.info("merged person %s into %s (%d kinds of rows moved)", drop_id, keep_id, len(moved))
    changes = Changes.of(Kind.PERSON, keep_id, drop_id)
    changes.add_tables(name.split(".")[0] for name in moved)
    return Result(keep_id, changes)


def merge_organisations(workspace: Workspace, keep_id: int, drop_id: int) -> Result[int]:
    """Move contacts, employees, mobilities sent and hosted, project partnerships, work-package
    shares and costs, call quotas, applicants' preferences and attachments to ``keep_id``."""
    with workspace.session() as session:
        keep, drop = _pair(session, Organisation, "organisation", keep_id, drop_id)
        drop_oid = drop.oid
        if keep.oid is None and drop_oid:
            drop.oid = None  # the OID is unique: free it before the kept record takes it
            session.add(drop)
            session.flush()
            drop.oid = drop_oid
        filled = _fill(keep, drop, ORG_FILLABLE)
        if "oid" in filled:
            drop.oid = None
        for flag in ("is_own", "is_partner", "is_host", "is_consortium_member"):
            if getattr(drop, flag) and not getattr(keep, flag):
                setattr(keep, flag, True)
                filled.append(flag)
        langs = [x for x in keep.languages.split(",") if x]
        langs += [x for x in drop.languages.split(",") if x and x not in langs]
        keep.languages = ",".join(langs)
        _notes(keep, drop)
        session.add(drop)
        session.flush()
        moved = move_references(session, "organisation", keep_id, drop_id)
        _move_attachments(session, "organisation", keep_id, drop_id)
        values = {k: getattr(keep, k) for k in ("name", "city", "oid", "country")}
        for key, value in organisation_keys(values).items():
            setattr(keep, key, value)
        keep.updated_at = utcnow()
        session.add(keep)
        session.flush()
        refresh_mobility_keys(session, organisation_ids=[keep_id])
        audit.record(
            session, "organisation", keep_id, AuditAction.MERGE,
            {"merged_from": drop_id, "moved": moved, "filled": filled},
        )  # fmt: skip
        audit.record(session, "organisation", drop_id, AuditAction.DELETE, {"merged_into": keep_id})
        session.delete(drop)
    log.info("merged organisation %s into %s (%d kinds of rows moved)", drop_id, keep_id, len(moved))
    changes = Changes.of(Kind.ORGANISATION, keep_id, drop_id)
    changes.add_tables(name.split(".")[0] for name in moved)
    return Result(keep_id, changes)
