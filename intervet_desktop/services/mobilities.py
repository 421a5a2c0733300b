"""Mobilities: create, update, the status pipeline and the evidence checklist (the writes);
checking a form is ``mobility_checks``, the detail and its reviewer warnings ``mobility_details``
(both re-exported here).

A write keeps the list's denormalised columns current (``search_key``, ``participant_sort_key``,
``receiving_sort_key``, ``missing_evidence``) and ``distance_estimate_km`` (gazetteer: origin = the
sending organisation's city unless typed). A new mobility gets its grant snapshot at once when the
grant can be computed; after an update that touches the grant the caller shows
``services.grants.preview`` (old versus new) and asks before ``store_snapshot`` replaces it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from intervet_desktop.core.enums import AuditAction, EvidenceKind, MobilityStatus
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.evidence import missing_count, required_evidence
from intervet_desktop.core.grant import compute_grant
from intervet_desktop.core.mobility_rules import (
    GRANT_FIELDS,
    PIPELINE,
    MobilityForm,
    allowed_next,
    calendar_problem,
    column_values,
    grant_input_of,
)
from intervet_desktop.core.text import sort_key
from intervet_desktop.db.lock import os_user
from intervet_desktop.db.models import (
    EvidenceItem,
    Mobility,
    MobilityStatusEvent,
    Organisation,
    Person,
    Project,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit, payments
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.grants import snapshot_changes, store_snapshot_in
from intervet_desktop.services.learners.rules import signing_problems_in
from intervet_desktop.services.mobility_checks import (
    ENTITY,
    _check,
    _form_of,
    _project,
    _rates,
    validate_mobility,
)
from intervet_desktop.services.mobility_details import (
    DistanceInfo,
    EvidenceRow,
    MobilityDetail,
    StatusEventRow,
    distance_info,
    get_mobility,
    mobility_choices,
)
from intervet_desktop.services.mobility_keys import mobility_search_key
from intervet_desktop.services.record_errors import not_found

log = logging.getLogger(__name__)

__all__ = [
    "ENTITY",
    "PIPELINE",
    "DistanceInfo",
    "EvidenceRow",
    "MobilityDetail",
    "MobilityForm",
    "StatusEventRow",
    "UpdateOutcome",
    "advance_status",
    "attach_evidence_file",
    "create_in_session",
    "create_mobility",
    "distance_info",
    "get_mobility",
    "mobility_choices",
    "new_form",
    "next_bm_activity_id",
    "set_evidence",
    "set_evidence_in",
    "update_mobility",
    "validate_mobility",
]


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
        mobility_id, changes = create_in_session(session, form)
    log.info("created mobility %d", mobility_id)
    return Result(get_mobility(workspace, mobility_id), changes)


def create_in_session(
    session: Session, form: MobilityForm, *, application_id: int | None = None
) -> tuple[int, Changes]:
    """``create_mobility`` inside the caller's transaction: the one way a mobility is created (by
    hand or from a selected application, ``application_id``)."""
    mobility, _ = _save(session, form, None)
    assert mobility.id is not None
    if application_id is not None:
        mobility.application_id = application_id
        session.add(mobility)
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
    session.flush()
    mobility_id = mobility.id
    changes = Changes.of(ENTITY, mobility_id).add(Kind.EVIDENCE_ITEM)
    if _can_compute(session, mobility):  # the grant snapshot is part of the same transaction
        changes.merge(snapshot_changes(mobility_id, store_snapshot_in(session, mobility_id)[1]))
    return mobility_id, changes


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
        changes = Changes.of(ENTITY, mobility_id)
        if mobility.grant_rate_set_id is None and _can_compute(session, mobility):
            # nothing to compare with: the first snapshot is stored in the same transaction
            changes.merge(snapshot_changes(mobility_id, store_snapshot_in(session, mobility_id)[1]))
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
        calendar = calendar_problem(
            status,
            mobility.actual_start or mobility.planned_start,
            mobility.actual_end or mobility.planned_end,
            on_date,
        )
        if calendar is not None:
            raise ValidationError([Problem("on_date", calendar)])
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
        if status == MobilityStatus.AGREEMENT_SIGNED:
            missing = signing_problems_in(session, mobility)
            if missing:
                raise ValidationError(missing)
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
    with workspace.session() as session:
        item_id = set_evidence_in(
            session,
            mobility_id,
            kind,
            done=done,
            done_on=done_on,
            attachment_id=attachment_id,
            covers=covers,
            note=note,
        )
    return Result(
        get_mobility(workspace, mobility_id),
        Changes.of(ENTITY, mobility_id).add(Kind.EVIDENCE_ITEM, [item_id]),
    )


def set_evidence_in(
    session: Session,
    mobility_id: int,
    kind: str,
    *,
    done: bool,
    done_on: date | None = None,
    attachment_id: int | None = None,
    covers: tuple[date, date] | None = None,
    note: str | None = None,
) -> int:
    """``set_evidence`` inside the caller's transaction; returns the evidence item's id."""
    if kind not in {k.value for k in EvidenceKind}:
        raise ValidationError.single("kind", "mobility_evidence_unknown", kind=kind)
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
    assert item.id is not None
    return item.id


def attach_evidence_file(
    workspace: Workspace, mobility_id: int, kind: str, path: Path, on: date | None = None
) -> Result[MobilityDetail]:
    """Keep a file (a scan, a ticket) in the attachment folder and link it to the evidence item,
    which is then done."""
    from intervet_desktop.services.attachments import read_upload, store_bytes

    data, mime = read_upload(path)
    with workspace.session() as session:  # the file's row and the evidence state: one transaction
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
        item_id = set_evidence_in(session, mobility_id, kind, done=True, done_on=on, attachment_id=row.id)
    changes = (
        Changes.of(ENTITY, mobility_id).add(Kind.EVIDENCE_ITEM, [item_id]).add(Kind.ATTACHMENT, [row.id or 0])
    )
    return Result(get_mobility(workspace, mobility_id), changes)
