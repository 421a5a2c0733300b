"""Mobilities: validate, create, update, the status pipeline, the evidence checklist and the
warnings a National Agency reviewer would raise.

A write keeps the list's denormalised columns current (``search_key``, ``participant_sort_key``,
``receiving_sort_key``, ``missing_evidence``) and ``distance_estimate_km`` (gazetteer: origin = the
sending organisation's city unless typed). A new mobility gets its grant snapshot at once when the
grant can be computed; after an update that touches the grant the caller shows
``services.grants.preview`` (old versus new) and asks before ``store_snapshot`` replaces it.
"""

from __future__ import annotations

import logging
import mimetypes
import re
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from intervet_desktop.core.distance import band_text, distance_warnings, estimate_km
from intervet_desktop.core.enums import AuditAction, Direction, EvidenceKind, MobilityStatus
from intervet_desktop.core.errors import Problem, UnusableFileError, UserError, ValidationError
from intervet_desktop.core.evidence import missing_count, required_evidence
from intervet_desktop.core.grant import compute_grant
from intervet_desktop.core.messages import Message, msg
from intervet_desktop.core.places import Place, find_place
from intervet_desktop.core.rates import RateSet
from intervet_desktop.core.text import sort_key
from intervet_desktop.core.validation.result import by_field
from intervet_desktop.db.lock import os_user
from intervet_desktop.db.models import (
    Attachment,
    Contact,
    EvidenceItem,
    Mobility,
    MobilityStatusEvent,
    Organisation,
    Person,
    Project,
    utcnow,
)
from intervet_desktop.db.models import RateSet as RateSetRow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit, payments
from intervet_desktop.services.changes import Changes, Result
from intervet_desktop.services.grants import StoredLine, _RateBook, _stored_lines, store_snapshot
from intervet_desktop.services.mobility_keys import mobility_search_key
from intervet_desktop.services.mobility_rules import (
    FORM_FIELDS,
    GRANT_FIELDS,
    PIPELINE,
    MobilityForm,
    allowed_next,
    check_form,
    column_values,
    grant_input_of,
)
from intervet_desktop.services.rates import install_builtin
from intervet_desktop.services.record_errors import not_found


def problem(where: str, code: str, /, **params: Any) -> Problem:
    """A problem of one form field (``field`` stays free as a message parameter)."""
    return Problem(where, msg(code, **params))


log = logging.getLogger(__name__)

ENTITY = "mobility"
__all__ = [
    "PIPELINE",
    "DistanceInfo",
    "EvidenceRow",
    "MobilityDetail",
    "MobilityForm",
    "StatusEventRow",
    "advance_status",
    "create_mobility",
    "distance_info",
    "get_mobility",
    "new_form",
    "next_bm_activity_id",
    "set_evidence",
    "update_mobility",
    "validate_mobility",
]


@dataclass(frozen=True)
class StatusEventRow:
    status: str
    on_date: date
    user: str
    note: str


@dataclass(frozen=True)
class EvidenceRow:
    kind: str
    done: bool
    done_on: date | None
    attachment_id: int | None
    attachment_name: str | None
    covers_start: date | None
    covers_end: date | None
    note: str


@dataclass(frozen=True)
class DistanceInfo:
    """The offline estimate beside the official figure, with its band and any warnings."""

    estimate_km: int | None
    estimate_band: str | None
    official_band: str | None
    warnings: tuple[Message, ...]


@dataclass(frozen=True)
class MobilityDetail:
    id: int
    form: MobilityForm
    project_code: str
    participant: str
    receiving_name: str
    status: str
    next_statuses: tuple[str, ...]
    events: tuple[StatusEventRow, ...]
    evidence: tuple[EvidenceRow, ...]
    missing_evidence: int
    grant_lines: tuple[StoredLine, ...]
    grant_participant_cents: int
    grant_organisation_cents: int
    grant_total_cents: int
    grant_rate_set: str | None  # "code@version"
    distance: DistanceInfo
    warnings: tuple[Message, ...]  # what a National Agency reviewer would raise


# ------------------------------------------------------------------------------------------ helpers
_BUILTIN_READY: weakref.WeakSet[Workspace] = weakref.WeakSet()


@contextmanager
def _reading(workspace: Workspace) -> Iterator[Session]:
    """A read-only session (forms validate on every keystroke without taking the write lock); the
    built-in rate sets are installed once per workspace first, since the grant rules need them."""
    if workspace not in _BUILTIN_READY:
        install_builtin(workspace)
        _BUILTIN_READY.add(workspace)
    with workspace.read_session() as session:
        yield session


def _project(session: Session, project_id: int | None) -> Project | None:
    return session.get(Project, project_id) if project_id is not None else None


def _rates(session: Session, project: Project) -> tuple[int, RateSet] | None:
    try:
        pr = _RateBook(session).for_project(
            {
                "rate_set_id": project.rate_set_id,
                "call_year": project.call_year,
                "start_date": project.start_date,
                "end_date": project.end_date,
            }
        )
    except (UserError, AssertionError):
        return None
    return pr.row_id, pr.rates


def _org_place(org: Organisation | None) -> str | None:
    if org is None:
        return None
    if org.latitude is not None and org.longitude is not None:
        return f"{org.latitude},{org.longitude},{org.country}"
    if org.city:
        return f"{org.city},{org.country}"
    return None


def _estimate(session: Session, form: MobilityForm) -> tuple[int | None, Problem | None]:
    """Great-circle km between the origin (typed, else the sending organisation) and the destination."""
    if form.origin_city.strip():
        origin_text: str | None = ",".join(
            x for x in (form.origin_city.strip(), form.origin_country.strip()) if x
        )
    else:
        sender = session.get(Organisation, form.sending_org_id) if form.sending_org_id else None
        origin_text = _org_place(sender)
    if not form.destination_city.strip() or not form.destination_country.strip() or origin_text is None:
        return None, None
    try:
        origin: Place = find_place(origin_text, field="origin_city")
        destination = find_place(
            f"{form.destination_city.strip()},{form.destination_country.strip()}", field="destination_city"
        )
    except ValidationError as exc:
        return None, exc.problems[0]
    return estimate_km(origin, destination), None


def _references(session: Session, form: MobilityForm, mobility_id: int | None) -> list[Problem]:
    found: list[Problem] = []
    if form.person_id is not None and session.get(Person, form.person_id) is None:
        found.append(problem("person_id", "not_found", entity="person", key="id", value=form.person_id))
    if form.sending_org_id is not None:
        sender = session.get(Organisation, form.sending_org_id)
        if sender is None:
            found.append(
                problem(
                    "sending_org_id", "not_found", entity="organisation", key="id", value=form.sending_org_id
                )
            )
        elif form.direction == Direction.OUTGOING and not (sender.is_own or sender.is_consortium_member):
            found.append(problem("sending_org_id", "mobility_sending_not_allowed"))
    if form.receiving_org_id is not None and session.get(Organisation, form.receiving_org_id) is None:
        found.append(
            problem(
                "receiving_org_id", "not_found", entity="organisation", key="id", value=form.receiving_org_id
            )
        )
    if form.host_tutor_id is not None:
        tutor = session.get(Contact, form.host_tutor_id)
        if tutor is None or tutor.organisation_id != form.receiving_org_id:
            found.append(problem("host_tutor_id", "mobility_tutor_not_of_host"))
    if form.is_accompanying and form.accompanies_id is not None:
        other = session.get(Mobility, form.accompanies_id)
        if other is None or other.project_id != form.project_id or other.id == mobility_id:
            found.append(problem("accompanies_id", "mobility_accompanies_invalid"))
    bm_id = form.bm_activity_id.strip()
    if bm_id and form.project_id is not None:
        query = select(Mobility.id).where(
            Mobility.project_id == form.project_id, Mobility.bm_activity_id == bm_id
        )
        if mobility_id is not None:
            query = query.where(Mobility.id != mobility_id)
        if session.exec(query).first() is not None:
            found.append(problem("bm_activity_id", "mobility_bm_id_taken", value=bm_id))
    return found


def _check(
    session: Session, form: MobilityForm, mobility_id: int | None
) -> tuple[list[Problem], int | None, Problem | None]:
    project = _project(session, form.project_id)
    found: list[Problem] = []
    if form.project_id is not None and project is None:
        found.append(problem("project_id", "not_found", entity="project", key="id", value=form.project_id))
    rates = _rates(session, project) if project is not None else None
    estimate, place_problem = _estimate(session, form)
    found += check_form(
        form,
        project_period=(project.start_date, project.end_date) if project is not None else None,
        rates=rates[1] if rates else None,
        distance_estimate_km=estimate,
    )
    found += _references(session, form, mobility_id)
    return found, estimate, place_problem


def validate_mobility(
    workspace: Workspace, form: MobilityForm, mobility_id: int | None = None
) -> dict[str, Message]:
    """Every problem of the form (field -> message); nothing saved."""
    with _reading(workspace) as session:
        return by_field(_check(session, form, mobility_id)[0])


def next_bm_activity_id(session: Session, project: Project) -> str:
    """``<NA code or project code>-M<counter>``: one more than the highest counter used in the project."""
    prefix = f"{project.national_agency or project.code}-M"
    used = session.exec(
        select(Mobility.bm_activity_id).where(
            Mobility.project_id == project.id, col(Mobility.bm_activity_id).like(prefix + "%")
        )
    ).all()
    top = 0
    for value in used:
        tail = (value or "")[len(prefix) :]
        if re.fullmatch(r"\d+", tail):
            top = max(top, int(tail))
    return f"{prefix}{top + 1:04d}"


def new_form(workspace: Workspace, project_id: int | None = None) -> MobilityForm:
    """Defaults for a new mobility: the first project, the own school as sender, its city as origin."""
    with workspace.read_session() as session:
        project = (
            _project(session, project_id)
            or session.exec(
                select(Project)
                .where(col(Project.archived).is_(False))
                .order_by(col(Project.start_date).desc())
            ).first()
        )
        own = session.exec(select(Organisation).where(col(Organisation.is_own).is_(True))).first()
        return MobilityForm(
            project_id=project.id if project else None,
            sending_org_id=own.id if own else None,
            planned_start=None,
            planned_end=None,
        )


def _keys(session: Session, mobility: Mobility) -> None:
    person = session.get(Person, mobility.person_id)
    host = session.get(Organisation, mobility.receiving_org_id) if mobility.receiving_org_id else None
    first, last = (person.first_name, person.last_name) if person else ("", "")
    mobility.search_key = mobility_search_key(
        first, last, host.name if host else None, mobility.destination_city
    )
    mobility.participant_sort_key = sort_key(last, first)
    mobility.receiving_sort_key = sort_key(host.name if host else "")


def _ensure_evidence(session: Session, mobility: Mobility) -> None:
    assert mobility.id is not None
    have = set(session.exec(select(EvidenceItem.kind).where(EvidenceItem.mobility_id == mobility.id)).all())
    for kind in required_evidence(mobility.direction):
        if kind.value not in have:
            session.add(EvidenceItem(mobility_id=mobility.id, kind=kind.value))
    session.flush()
    done = session.exec(
        select(EvidenceItem.kind).where(
            EvidenceItem.mobility_id == mobility.id, col(EvidenceItem.done).is_(True)
        )
    ).all()
    mobility.missing_evidence = missing_count(mobility.direction, done)


def _form_of(mobility: Mobility) -> MobilityForm:
    data: dict[str, Any] = {"project_id": mobility.project_id}
    for name in FORM_FIELDS:
        if name == "project_id":
            continue
        value = getattr(mobility, name)
        if value is None and isinstance(getattr(MobilityForm, name, None), str):
            value = ""
        data[name] = value
    return MobilityForm(**data)


def _save(
    session: Session, form: MobilityForm, mobility: Mobility | None
) -> tuple[Mobility, dict[str, list[Any]]]:
    problems, estimate, _ = _check(session, form, mobility.id if mobility else None)
    if problems:
        raise ValidationError(problems)
    project = _project(session, form.project_id)
    assert project is not None
    values = column_values(form)
    if not values["bm_activity_id"]:
        values["bm_activity_id"] = next_bm_activity_id(session, project)
    values["distance_estimate_km"] = estimate
    now = utcnow()
    if mobility is None:
        mobility = Mobility(project_id=project.id, created_at=now, updated_at=now, **values)  # type: ignore[arg-type]
        changed: dict[str, list[Any]] = {}
    else:
        before = {k: getattr(mobility, k) for k in values} | {"project_id": mobility.project_id}
        for key, value in values.items():
            setattr(mobility, key, value)
        mobility.project_id = project.id  # type: ignore[assignment]
        mobility.updated_at = now
        changed = audit.diff(before, values | {"project_id": project.id})
    _keys(session, mobility)
    session.add(mobility)
    session.flush()
    _ensure_evidence(session, mobility)
    session.add(mobility)
    return mobility, changed


def _can_compute(session: Session, mobility: Mobility) -> bool:
    project = session.get(Project, mobility.project_id)
    rates = _rates(session, project) if project else None
    inp = grant_input_of(_form_of(mobility), mobility.distance_estimate_km)
    if rates is None or inp is None or inp.distance_km is None:
        return False
    try:
        compute_grant(inp, rates[1])
    except ValidationError:
        return False
    return True


def create_mobility(workspace: Workspace, form: MobilityForm) -> Result[MobilityDetail]:
    """A new mobility (planned), its evidence checklist, its first status event and, when it can be
    computed, its grant snapshot."""
    with workspace.session() as session:
        mobility, _ = _save(session, form, None)
        assert mobility.id is not None
        session.add(
            MobilityStatusEvent(
                mobility_id=mobility.id,
                status=mobility.status,
                on_date=date.today(),
                at=utcnow(),
                user=os_user(),
            )
        )
        audit.record(session, ENTITY, mobility.id, AuditAction.CREATE, {"project_id": mobility.project_id})
        mobility_id = mobility.id
        computable = _can_compute(session, mobility)
    changes = Changes.of(ENTITY, mobility_id).add("evidence_item")
    if computable:
        changes.merge(store_snapshot(workspace, mobility_id).changes)
    log.info("created mobility %d", mobility_id)
    return Result(get_mobility(workspace, mobility_id), changes)


@dataclass(frozen=True)
class UpdateOutcome:
    detail: MobilityDetail
    grant_inputs_changed: bool  # the caller previews old vs new and asks before storing


def update_mobility(workspace: Workspace, mobility_id: int, form: MobilityForm) -> Result[UpdateOutcome]:
    with workspace.session() as session:
        mobility = session.get(Mobility, mobility_id)
        if mobility is None:
            raise not_found(ENTITY, mobility_id)
        old_estimate = mobility.distance_estimate_km
        mobility, changed = _save(session, form, mobility)
        if changed:
            audit.record(session, ENTITY, mobility_id, AuditAction.UPDATE, changed)
        touched = bool(GRANT_FIELDS & set(changed)) or old_estimate != mobility.distance_estimate_km
        touched = touched or ("project_id" in changed)
        no_snapshot = mobility.grant_rate_set_id is None
        computable = no_snapshot and _can_compute(session, mobility)
    changes = Changes.of(ENTITY, mobility_id)
    if computable:  # nothing to compare with: store the first snapshot
        changes.merge(store_snapshot(workspace, mobility_id).changes)
        touched = False
    return Result(UpdateOutcome(get_mobility(workspace, mobility_id), touched), changes)


# ------------------------------------------------------------------------------------------ status
def advance_status(
    workspace: Workspace, mobility_id: int, status: str, on_date: date, note: str = ""
) -> Result[MobilityDetail]:
    """Move to the next step of the pipeline (or cancelled, from any step) on a date."""
    with workspace.session() as session:
        mobility = session.get(Mobility, mobility_id)
        if mobility is None:
            raise not_found(ENTITY, mobility_id)
        allowed = allowed_next(mobility.status)
        if status not in allowed:
            raise ValidationError.single(
                "status",
                "mobility_status_not_allowed",
                current=mobility.status,
                target=status,
                allowed=" or ".join(a.value for a in allowed),
            )
        previous = session.exec(
            select(func.max(MobilityStatusEvent.on_date)).where(
                MobilityStatusEvent.mobility_id == mobility_id,
                MobilityStatusEvent.status != MobilityStatus.PLANNED,  # entered on the day it was typed in
            )
        ).one()
        if previous is not None and on_date < previous and status != MobilityStatus.CANCELLED:
            raise ValidationError.single(
                "on_date", "mobility_status_date_before", on=on_date, previous=previous
            )
        before = mobility.status
        mobility.status = status
        mobility.updated_at = utcnow()
        session.add(mobility)
        session.add(
            MobilityStatusEvent(
                mobility_id=mobility_id,
                status=status,
                on_date=on_date,
                at=utcnow(),
                user=os_user(),
                note=note,
            )
        )
        audit.record(session, ENTITY, mobility_id, AuditAction.UPDATE, {"status": [before, status]})
        if MobilityStatus.CANCELLED.value in (before, status):  # open instalments follow at once
            payments.replan(session, mobility_id)
    log.info("mobility %d status changed", mobility_id)
    return Result(get_mobility(workspace, mobility_id), Changes.of(ENTITY, mobility_id))


# ------------------------------------------------------------------------------------------ evidence
def set_evidence(
    workspace: Workspace,
    mobility_id: int,
    kind: str,
    *,
    done: bool,
    done_on: date | None = None,
    attachment_id: int | None = None,
    covers: tuple[date, date] | None = None,
    note: str | None = None,
) -> Result[MobilityDetail]:
    """Mark an evidence item done (with its date) or not, link an attachment, record the period it
    states (a certificate's dates); the list's missing count follows."""
    if kind not in {k.value for k in EvidenceKind}:
        raise ValidationError.single("kind", "mobility_evidence_unknown", kind=kind)
    with workspace.session() as session:
        mobility = session.get(Mobility, mobility_id)
        if mobility is None:
            raise not_found(ENTITY, mobility_id)
        item = session.exec(
            select(EvidenceItem).where(EvidenceItem.mobility_id == mobility_id, EvidenceItem.kind == kind)
        ).first()
        if item is None:
            item = EvidenceItem(mobility_id=mobility_id, kind=kind)
        before = {"done": item.done, "done_on": item.done_on, "attachment_id": item.attachment_id}
        item.done = done
        item.done_on = (done_on or date.today()) if done else None
        if attachment_id is not None:
            item.attachment_id = attachment_id
        if covers is not None:
            item.covers_start, item.covers_end = covers
        if note is not None:
            item.note = note
        item.updated_at = utcnow()
        session.add(item)
        session.flush()
        _ensure_evidence(session, mobility)
        mobility.updated_at = utcnow()
        session.add(mobility)
        after = {"done": item.done, "done_on": item.done_on, "attachment_id": item.attachment_id}
        audit.record(session, "evidence_item", item.id or 0, AuditAction.UPDATE, audit.diff(before, after))
        item_id = item.id
    return Result(
        get_mobility(workspace, mobility_id), Changes.of(ENTITY, mobility_id).add("evidence_item", [item_id])
    )


# ------------------------------------------------------------------------------------------ reading
def _reviewer_warnings(
    session: Session, mobility: Mobility, events: list[MobilityStatusEvent], evidence: list[EvidenceItem]
) -> list[Message]:
    warnings: list[Message] = []
    start = mobility.actual_start or mobility.planned_start
    end = mobility.actual_end or mobility.planned_end
    signed_dates = [e.on_date for e in events if e.status == MobilityStatus.AGREEMENT_SIGNED]
    signed_dates += [
        i.done_on for i in evidence if i.kind == EvidenceKind.MOBILITY_AGREEMENT and i.done and i.done_on
    ]
    if signed_dates and min(signed_dates) > start:
        warnings.append(msg("mobility_warn_agreement_after_start", signed=min(signed_dates), start=start))
    for item in evidence:
        dated = item.kind == EvidenceKind.CERTIFICATE and item.covers_start and item.covers_end
        if dated and (item.covers_start, item.covers_end) != (start, end):
            warnings.append(
                msg(
                    "mobility_warn_certificate_dates",
                    cert_start=item.covers_start,
                    cert_end=item.covers_end,
                    start=start,
                    end=end,
                )
            )
    host = session.get(Organisation, mobility.receiving_org_id) if mobility.receiving_org_id else None
    if host is not None and not host.oid and mobility.direction == Direction.OUTGOING:
        warnings.append(msg("mobility_warn_host_no_oid"))
    return warnings


def _distance(session: Session, mobility: Mobility) -> DistanceInfo:
    project = session.get(Project, mobility.project_id)
    rates = _rates(session, project) if project else None
    estimate = mobility.distance_estimate_km
    if rates is None:
        return DistanceInfo(estimate, None, None, ())
    rs = rates[1]
    return DistanceInfo(
        estimate,
        band_text(rs.band_for(estimate)) if estimate is not None else None,
        band_text(rs.band_for(mobility.distance_km)) if mobility.distance_km is not None else None,
        tuple(distance_warnings(mobility.distance_km, estimate, rs)),
    )


def distance_info(workspace: Workspace, form: MobilityForm) -> DistanceInfo:
    """The estimate for what a form holds now (before saving), for the field beside the official km."""
    with _reading(workspace) as session:
        estimate, place_problem = _estimate(session, form)
        project = _project(session, form.project_id)
        rates = _rates(session, project) if project else None
    if rates is None:
        return DistanceInfo(estimate, None, None, ())
    rs = rates[1]
    warnings = list(distance_warnings(form.distance_km, estimate, rs))
    if place_problem is not None:
        warnings.insert(0, msg("mobility_warn_place_unknown", reason=place_problem.message.render()))
    return DistanceInfo(
        estimate,
        band_text(rs.band_for(estimate)) if estimate is not None else None,
        band_text(rs.band_for(form.distance_km)) if form.distance_km is not None else None,
        tuple(warnings),
    )


def get_mobility(workspace: Workspace, mobility_id: int) -> MobilityDetail:
    with _reading(workspace) as session:
        mobility = session.get(Mobility, mobility_id)
        if mobility is None:
            raise not_found(ENTITY, mobility_id)
        project = session.get(Project, mobility.project_id)
        person = session.get(Person, mobility.person_id)
        host = session.get(Organisation, mobility.receiving_org_id) if mobility.receiving_org_id else None
        events = list(
            session.exec(
                select(MobilityStatusEvent)
                .where(MobilityStatusEvent.mobility_id == mobility_id)
                .order_by(col(MobilityStatusEvent.id))
            ).all()
        )
        items = list(session.exec(select(EvidenceItem).where(EvidenceItem.mobility_id == mobility_id)).all())
        order = {k.value: i for i, k in enumerate(EvidenceKind)}
        items.sort(key=lambda i: order.get(i.kind, 99))
        names = {}
        for item in items:
            if item.attachment_id is not None:
                att = session.get(Attachment, item.attachment_id)
                names[item.attachment_id] = att.original_name if att else None
        rate_ref = None
        if mobility.grant_rate_set_id is not None:
            rs_row = session.get(RateSetRow, mobility.grant_rate_set_id)
            rate_ref = f"{rs_row.code}@{mobility.grant_rate_set_version}" if rs_row else None
        warnings = _reviewer_warnings(session, mobility, events, items)
        if mobility.grant_rate_set_id is None:
            reason = _no_grant_reason(session, mobility)
            if reason is not None:
                warnings.append(msg("mobility_warn_no_grant", reason=reason))
        return MobilityDetail(
            id=mobility_id,
            form=_form_of(mobility),
            project_code=project.code if project else "",
            participant=f"{person.first_name} {person.last_name}" if person else "",
            receiving_name=host.name if host else "",
            status=mobility.status,
            next_statuses=tuple(s.value for s in allowed_next(mobility.status)),
            events=tuple(StatusEventRow(e.status, e.on_date, e.user, e.note) for e in events),
            evidence=tuple(
                EvidenceRow(
                    i.kind,
                    i.done,
                    i.done_on,
                    i.attachment_id,
                    names.get(i.attachment_id) if i.attachment_id else None,
                    i.covers_start,
                    i.covers_end,
                    i.note,
                )
                for i in items
            ),
            missing_evidence=mobility.missing_evidence,
            grant_lines=_stored_lines(session, mobility_id),
            grant_participant_cents=mobility.grant_participant_cents,
            grant_organisation_cents=mobility.grant_organisation_cents,
            grant_total_cents=mobility.grant_total_cents,
            grant_rate_set=rate_ref,
            distance=_distance(session, mobility),
            warnings=tuple(warnings),
        )


def _no_grant_reason(session: Session, mobility: Mobility) -> str | None:
    project = session.get(Project, mobility.project_id)
    rates = _rates(session, project) if project else None
    inp = grant_input_of(_form_of(mobility), mobility.distance_estimate_km)
    if rates is None or inp is None:
        return None
    try:
        compute_grant(inp, rates[1])
    except ValidationError as exc:
        return exc.problems[0].message.render()
    return None


# ------------------------------------------------------------------------------------------ pickers
def mobility_choices(
    workspace: Workspace, project_id: int, exclude: int | None = None
) -> list[tuple[int, str]]:
    """Mobilities of a project an accompanying person can accompany: (id, "participant, activity")."""
    query = (
        sa_select(
            col(Mobility.id),
            col(Person.first_name),
            col(Person.last_name),
            col(Mobility.activity_type),
            col(Mobility.planned_start),
        )
        .join(Person, col(Person.id) == col(Mobility.person_id))
        .where(col(Mobility.project_id) == project_id, col(Mobility.is_accompanying).is_(False))
        .order_by(col(Mobility.planned_start), col(Mobility.id))
        .limit(500)
    )
    with workspace.read_session() as session:
        rows = session.execute(query).all()
    return [
        (int(mid or 0), f"{first} {last}, {activity}, {start.isoformat()}")
        for mid, first, last, activity, start in rows
        if mid != exclude
    ]


def attach_evidence_file(
    workspace: Workspace, mobility_id: int, kind: str, path: Path, on: date | None = None
) -> Result[MobilityDetail]:
    """Keep a file (a scan, a ticket) in the attachment folder and link it to the evidence item,
    which is then done."""
    from intervet_desktop.services.attachments import store_bytes

    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnusableFileError.of("file_not_found", path=path) from exc
    except OSError as exc:
        raise UnusableFileError.of("db_unreadable", path=path, detail=exc.strerror or str(exc)) from exc
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    with workspace.session() as session:
        if session.get(Mobility, mobility_id) is None:
            raise not_found(ENTITY, mobility_id)
        row = store_bytes(
            session,
            workspace.files_dir,
            data,
            original_name=path.name,
            mime_type=mime,
            kind=kind,
            owner_kind=ENTITY,
            owner_id=mobility_id,
        )
        attachment_id = row.id
    return set_evidence(workspace, mobility_id, kind, done=True, done_on=on, attachment_id=attachment_id)
