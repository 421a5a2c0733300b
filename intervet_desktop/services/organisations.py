"""Organisations: validate, create, update, archive, delete, history, OID chasing, pickers."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from intervet_desktop.core.enums import AuditAction, MobilityStatus
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import Message
from intervet_desktop.core.organisation_rules import FORM_FIELDS, OrganisationForm, clean_organisation
from intervet_desktop.core.validation.result import by_field, problem
from intervet_desktop.db.models import Contact, Mobility, Organisation, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.archiving import set_archived_flag
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.contacts import ContactDetail, contact_detail
from intervet_desktop.services.mobility_keys import refresh_mobility_keys
from intervet_desktop.services.record_errors import RecordInUseError, not_found
from intervet_desktop.services.references import count_uses

log = logging.getLogger(__name__)

ENTITY = Kind.ORGANISATION


@dataclass(frozen=True)
class OrganisationHistory:
    hosted: int
    sent: int
    feedback_count: int
    average_feedback: Decimal | None  # one decimal, ROUND_HALF_UP; None when nobody gave feedback


@dataclass(frozen=True)
class OrganisationDetail:
    id: int
    form: OrganisationForm
    archived: bool
    contacts: tuple[ContactDetail, ...]
    history: OrganisationHistory

    @property
    def needs_oid(self) -> bool:
        """A host without an OID yet: the BM needs one before its mobilities can be reported."""
        return self.form.is_host and not self.form.oid


@dataclass(frozen=True)
class OrganisationChoice:
    id: int
    name: str
    city: str
    country: str
    oid: str | None
    is_own: bool
    is_consortium_member: bool


@dataclass(frozen=True)
class HostWithoutOid:
    id: int
    name: str
    country: str
    oid_requested_on: date | None
    planned_mobilities: int


# ---------------------------------------------------------------- validation
def _problems(
    session: Session, form: OrganisationForm, organisation_id: int | None
) -> tuple[dict[str, Any], list[Problem]]:
    values, problems = clean_organisation(form)
    if values.get("oid"):
        query = select(Organisation.id, Organisation.name).where(Organisation.oid == values["oid"])
        if organisation_id is not None:
            query = query.where(Organisation.id != organisation_id)
        other = session.exec(query).first()
        if other is not None:
            problems.append(problem("oid", "oid_taken", value=values["oid"], name=other[1]))
    return values, problems


def validate_organisation(
    workspace: Workspace, form: OrganisationForm, organisation_id: int | None = None
) -> dict[str, Message]:
    """Every problem of the form (field -> message), nothing saved. Empty means Save may be enabled."""
    with workspace.read_session() as session:
        _values, problems = _problems(session, form, organisation_id)
    return by_field(problems)


# ---------------------------------------------------------------- reading
def form_of(org: Organisation) -> OrganisationForm:
    data = {name: getattr(org, name) for name in FORM_FIELDS}
    for key, value in list(data.items()):
        if value is None and isinstance(getattr(OrganisationForm, key, ""), str):
            data[key] = ""
    data["languages"] = tuple(x for x in (org.languages or "").split(",") if x)
    return OrganisationForm(**data)


def _history(session: Session, organisation_id: int) -> OrganisationHistory:
    live = col(Mobility.status) != MobilityStatus.CANCELLED.value
    hosted = session.exec(
        select(func.count()).where(Mobility.receiving_org_id == organisation_id, live)
    ).one()
    sent = session.exec(select(func.count()).where(Mobility.sending_org_id == organisation_id, live)).one()
    count, average = session.exec(
        select(func.count(col(Mobility.feedback_score)), func.avg(col(Mobility.feedback_score))).where(
            Mobility.receiving_org_id == organisation_id, col(Mobility.feedback_score).is_not(None)
        )
    ).one()
    avg = (
        Decimal(str(average)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if average is not None
        else None
    )
    return OrganisationHistory(int(hosted), int(sent), int(count), avg)


def _detail(session: Session, org: Organisation) -> OrganisationDetail:
    assert org.id is not None
    contacts = session.exec(
        select(Contact)
        .where(Contact.organisation_id == org.id)
        .order_by(col(Contact.is_primary).desc(), col(Contact.last_name), col(Contact.id))
    ).all()
    return OrganisationDetail(
        id=org.id,
        form=form_of(org),
        archived=org.archived,
        contacts=tuple(contact_detail(c) for c in contacts),
        history=_history(session, org.id),
    )


def get_organisation(workspace: Workspace, organisation_id: int) -> OrganisationDetail:
    with workspace.read_session() as session:
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise not_found(ENTITY, organisation_id)
        return _detail(session, org)


def organisation_history(workspace: Workspace, organisation_id: int) -> OrganisationHistory:
    with workspace.read_session() as session:
        return _history(session, organisation_id)


# ---------------------------------------------------------------- writing
def create_organisation(workspace: Workspace, form: OrganisationForm) -> Result[OrganisationDetail]:
    with workspace.session() as session:
        values, problems = _problems(session, form, None)
        if problems:
            raise ValidationError(problems)
        org = Organisation(**values)
        session.add(org)
        session.flush()
        assert org.id is not None
        audit.record(
            session,
            ENTITY,
            org.id,
            AuditAction.CREATE,
            {"fields": sorted(k for k, v in values.items() if v not in (None, "", False))},
        )
        detail = _detail(session, org)
    log.info("created organisation %s", org.id)
    return Result(detail, Changes.of(ENTITY, org.id))


def update_organisation(
    workspace: Workspace, organisation_id: int, form: OrganisationForm
) -> Result[OrganisationDetail]:
    with workspace.session() as session:
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise not_found(ENTITY, organisation_id)
        values, problems = _problems(session, form, organisation_id)
        if problems:
            raise ValidationError(problems)
        before = {k: getattr(org, k) for k in values}
        changed = audit.diff(before, values)
        changes = Changes.of(ENTITY, organisation_id)
        if changed:
            for key, value in values.items():
                setattr(org, key, value)
            org.updated_at = utcnow()
            session.add(org)
            audit.record(
                session,
                ENTITY,
                organisation_id,
                AuditAction.UPDATE,
                {k: v for k, v in changed.items() if k not in ("search_key", "sort_key")},
            )
            if "name" in changed and refresh_mobility_keys(session, organisation_ids=[organisation_id]):
                changes.add(Kind.MOBILITY)
        detail = _detail(session, org)
    log.info("updated organisation %s (%d fields)", organisation_id, len(changed))
    return Result(detail, changes)


def set_archived(workspace: Workspace, organisation_id: int, archived: bool = True) -> Result[None]:
    return set_archived_flag(workspace, Organisation, ENTITY, organisation_id, archived)


def archive_organisation(workspace: Workspace, organisation_id: int) -> Result[None]:
    return set_archived(workspace, organisation_id, True)


def deletion_blockers(workspace: Workspace, organisation_id: int) -> dict[str, int]:
    """What uses this organisation (table -> rows); empty means it can be deleted."""
    with workspace.read_session() as session:
        return count_uses(session, ENTITY, organisation_id)


def delete_organisation(workspace: Workspace, organisation_id: int) -> Result[None]:
    """Deletes the organisation and its contacts; refused (RecordInUseError) when anything uses it."""
    with workspace.session() as session:
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise not_found(ENTITY, organisation_id)
        uses = count_uses(session, ENTITY, organisation_id)
        if uses:
            raise RecordInUseError(ENTITY, organisation_id, uses)
        session.delete(org)
        audit.record(session, ENTITY, organisation_id, AuditAction.DELETE)
    log.info("deleted organisation %s", organisation_id)
    return Result(None, Changes.of(ENTITY, organisation_id).add(Kind.CONTACT))


def mark_oid_requested(workspace: Workspace, organisation_id: int, on: date) -> Result[None]:
    """Record the day the host was asked to register for an OID."""
    with workspace.session() as session:
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise not_found(ENTITY, organisation_id)
        audit.record(
            session,
            ENTITY,
            organisation_id,
            AuditAction.UPDATE,
            audit.diff({"oid_requested_on": org.oid_requested_on}, {"oid_requested_on": on}),
        )
        org.oid_requested_on = on
        org.updated_at = utcnow()
        session.add(org)
    return Result(None, Changes.of(ENTITY, organisation_id))


# ---------------------------------------------------------------- lists for pickers and chasing
def hosts_without_oid(workspace: Workspace) -> list[HostWithoutOid]:
    """Hosts (or receiving organisations of mobilities) that have no OID yet, oldest request first."""
    planned = (
        select(Mobility.receiving_org_id, func.count().label("n"))
        .where(col(Mobility.status) != MobilityStatus.CANCELLED.value)
        .group_by(col(Mobility.receiving_org_id))
        .subquery()
    )
    query = (
        select(Organisation, func.coalesce(planned.c.n, 0))
        .outerjoin(planned, planned.c.receiving_org_id == Organisation.id)
        .where(col(Organisation.oid).is_(None), col(Organisation.archived).is_(False))
        .where(or_(col(Organisation.is_host).is_(True), planned.c.n > 0))
        .order_by(
            col(Organisation.oid_requested_on).is_not(None),
            col(Organisation.oid_requested_on),
            col(Organisation.sort_key),
        )
    )
    with workspace.read_session() as session:
        return [
            HostWithoutOid(org.id or 0, org.name, org.country, org.oid_requested_on, int(n))
            for org, n in session.exec(query).all()
        ]


def _choice(org: Organisation) -> OrganisationChoice:
    return OrganisationChoice(
        org.id or 0, org.name, org.city or "", org.country, org.oid, org.is_own, org.is_consortium_member
    )


def sending_organisation_choices(workspace: Workspace) -> list[OrganisationChoice]:
    """Who can send participants: the own school and the KA121 consortium members."""
    query = (
        select(Organisation)
        .where(or_(col(Organisation.is_own).is_(True), col(Organisation.is_consortium_member).is_(True)))
        .where(col(Organisation.archived).is_(False))
        .order_by(col(Organisation.is_own).desc(), col(Organisation.sort_key))
    )
    with workspace.read_session() as session:
        return [_choice(org) for org in session.exec(query).all()]


def organisation_choices(workspace: Workspace, text: str = "", limit: int = 50) -> list[OrganisationChoice]:
    """A picker's matches (accent-insensitive on name, city, OID, country)."""
    from intervet_desktop.core.text import like_pattern

    query = select(Organisation).where(col(Organisation.archived).is_(False))
    for word in text.split():
        query = query.where(col(Organisation.search_key).like(like_pattern(word), escape="\\"))
    with workspace.read_session() as session:
        return [
            _choice(o) for o in session.exec(query.order_by(col(Organisation.sort_key)).limit(limit)).all()
        ]
