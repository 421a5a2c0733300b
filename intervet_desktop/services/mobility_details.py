"""Mobilities, read: the detail a form shows (status events, evidence, grant, distance) with the
warnings a National Agency reviewer would raise, and the pickers' choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from intervet_desktop.core.distance import band_text, distance_warnings
from intervet_desktop.core.enums import Direction, EvidenceKind, MobilityStatus
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.grant import compute_grant
from intervet_desktop.core.messages import Message, msg
from intervet_desktop.core.mobility_rules import MobilityForm, allowed_next, grant_input_of
from intervet_desktop.db.models import (
    Attachment,
    EvidenceItem,
    Mobility,
    MobilityStatusEvent,
    Organisation,
    Person,
    Project,
    RateSetRow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.grants import StoredLine, _stored_lines
from intervet_desktop.services.mobility_checks import ENTITY, _estimate, _form_of, _project, _rates, _reading
from intervet_desktop.services.record_errors import not_found


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
