"""Plans that change: a mobility cancelled (with or without force majeure) or shortened. Each is one
transaction that also recomputes the payment plan at once: open instalments are withdrawn, and
what was paid beyond the new entitlement becomes a recovery to collect.

Force majeure keeps the costs the rules allow: the grant snapshot stays (or is recomputed on the
shortened dates with the minimum duration lifted), counts as committed in the budget, goes to the
BM with the force-majeure flag and is counted as such in the statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from intervet_desktop.core.enums import AuditAction, MobilityStatus
from intervet_desktop.core.errors import UserError, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.mobility_rules import allowed_next
from intervet_desktop.core.payment_plan import PlanFigures
from intervet_desktop.db.lock import os_user
from intervet_desktop.db.models import Mobility, MobilityStatusEvent, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.payments import replan

register("mobility_already_cancelled", "Mobility #{id} is already cancelled.")
register(
    "mobility_cancel_reported",
    "Mobility #{id} was already reported to the National Agency; correct it there first.",
)
register("mobility_shorten_not_shorter", "The new end ({end}) must be before the current end ({current}).")
register("mobility_shorten_cancelled", "Mobility #{id} is cancelled: reinstate it before changing its dates.")

ENTITY = Kind.MOBILITY


@dataclass(frozen=True)
class PlanChange:
    mobility_id: int
    status: str
    force_majeure: bool
    participant_grant_cents: int
    plan: PlanFigures


def _mobility(session: Session, mobility_id: int) -> Mobility:
    mobility = session.get(Mobility, mobility_id)
    if mobility is None:
        raise UserError(msg("mobility_not_found", id=mobility_id))
    return mobility


def _reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise ValidationError.single("reason", "field_required", field="reason")
    return cleaned


def cancel_mobility(
    workspace: Workspace,
    mobility_id: int,
    reason: str,
    *,
    force_majeure: bool = False,
    on_date: date | None = None,
    today: date | None = None,
) -> Result[PlanChange]:
    """Cancel, record why, and recompute the plan in the same transaction."""
    on_date = on_date or date.today()
    text = _reason(reason)
    with workspace.session() as session:
        mobility = _mobility(session, mobility_id)
        if mobility.status == MobilityStatus.CANCELLED.value:
            raise ValidationError.single("status", "mobility_already_cancelled", id=mobility_id)
        if mobility.status == MobilityStatus.REPORTED.value or MobilityStatus.CANCELLED not in allowed_next(
            mobility.status
        ):
            raise ValidationError.single("status", "mobility_cancel_reported", id=mobility_id)
        before = {
            "status": mobility.status,
            "force_majeure": mobility.force_majeure,
            "force_majeure_note": mobility.force_majeure_note,
        }
        mobility.status = MobilityStatus.CANCELLED.value
        if force_majeure:
            mobility.force_majeure = True
            mobility.force_majeure_note = text
        mobility.updated_at = utcnow()
        session.add(mobility)
        session.add(
            MobilityStatusEvent(
                mobility_id=mobility_id,
                status=MobilityStatus.CANCELLED.value,
                on_date=on_date,
                at=utcnow(),
                user=os_user(),
                note=text,
            )
        )
        after = {
            "status": mobility.status,
            "force_majeure": mobility.force_majeure,
            "force_majeure_note": mobility.force_majeure_note,
        }
        audit.record(
            session, ENTITY, mobility_id, AuditAction.UPDATE, {**audit.diff(before, after), "reason": text}
        )
        plan = replan(session, mobility_id, today)
        result = PlanChange(
            mobility_id, mobility.status, mobility.force_majeure, mobility.grant_participant_cents, plan
        )
    return Result(result, Changes.of(ENTITY, mobility_id).add(Kind.PAYMENT))


def shorten_mobility(
    workspace: Workspace,
    mobility_id: int,
    new_end: date,
    reason: str,
    *,
    force_majeure: bool = False,
    today: date | None = None,
) -> Result[PlanChange]:
    """End a mobility earlier: actual dates, grant recomputed on them, plan recomputed; one
    transaction (a grant the rules refuse leaves everything as it was)."""
    # the grant engine's single-mobility steps, composed inside this transaction
    from intervet_desktop.services.grants import _compute, _load, _write, grant_input
    from intervet_desktop.services.rates import lock_in

    text = _reason(reason)
    with workspace.session() as session:
        mobility = _mobility(session, mobility_id)
        if mobility.status == MobilityStatus.CANCELLED.value:
            raise ValidationError.single("status", "mobility_shorten_cancelled", id=mobility_id)
        start = mobility.actual_start or mobility.planned_start
        current = mobility.actual_end or mobility.planned_end
        if new_end >= current:
            raise ValidationError.single("end", "mobility_shorten_not_shorter", end=new_end, current=current)
        if new_end < start:
            raise ValidationError.single(
                "end",
                "date_order",
                end_field="new_end",
                end=new_end,
                start_field="planned_start",
                start=start,
            )
        before = {
            "actual_start": mobility.actual_start,
            "actual_end": mobility.actual_end,
            "force_majeure": mobility.force_majeure,
        }
        mobility.actual_start = start
        mobility.actual_end = new_end
        if force_majeure:
            mobility.force_majeure = True
            mobility.force_majeure_note = text
        mobility.updated_at = utcnow()
        session.add(mobility)
        session.flush()
        after = {
            "actual_start": mobility.actual_start,
            "actual_end": mobility.actual_end,
            "force_majeure": mobility.force_majeure,
        }
        audit.record(
            session, ENTITY, mobility_id, AuditAction.UPDATE, {**audit.diff(before, after), "reason": text}
        )
        if mobility.grant_rate_set_id is not None or mobility.distance_km is not None:
            row, rates = _load(session, mobility_id)
            breakdown = _compute(grant_input(row), rates)
            _write(session.connection(), [(mobility_id, rates.row_id, breakdown)], delete_ids=[mobility_id])
            lock_in(session, {rates.row_id})
            session.expire(mobility)
        plan = replan(session, mobility_id, today)
        result = PlanChange(
            mobility_id, mobility.status, mobility.force_majeure, mobility.grant_participant_cents, plan
        )
    return Result(result, Changes.of(ENTITY, mobility_id).add(Kind.GRANT_LINE).add(Kind.PAYMENT))
