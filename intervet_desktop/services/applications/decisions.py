"""Decisions after the ranking: publishing a phase, appeals and their decision, withdrawals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from intervet_desktop.core.enums import ApplicationStatus, CallStatus
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.messages import msg
from intervet_desktop.core.selection import (
    parse_tie_breakers,
    propose_promotion,
    rank,
)
from intervet_desktop.db.models import (
    Application,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.applications.ranking import Ranking, _load, rank_in
from intervet_desktop.services.applications.records import (
    ENTITY,
    SELECTED,
    _call,
    _events,
    _get,
    event_row,
)
from intervet_desktop.services.applications.scoring import score_in
from intervet_desktop.services.changes import Changes, Kind, Result


def publish(workspace: Workspace, call_id: int, *, final: bool) -> Result[None]:
    """Provisional: the call enters its appeal period. Final: provisional selections become final."""
    with workspace.session() as session:
        call = _call(session, call_id)
        today = date.today()
        events: list[dict[str, object]] = []
        if final:
            apps = session.exec(
                select(Application).where(
                    col(Application.call_id) == call_id,
                    col(Application.status) == ApplicationStatus.PROVISIONALLY_SELECTED.value,
                )
            ).all()
            for a in apps:
                assert a.id is not None
                events.append(
                    event_row(
                        a.id, "status", a.status, ApplicationStatus.SELECTED.value, "final ranking published"
                    )
                )
                a.status = ApplicationStatus.SELECTED.value
                session.add(a)
            call.final_published_on = call.final_published_on or today
            call.status = CallStatus.PUBLISHED.value
        else:
            call.provisional_published_on = call.provisional_published_on or today
            call.status = CallStatus.PROVISIONAL.value if call.with_appeals else CallStatus.PUBLISHED.value
        session.add(call)
        session.flush()
        _events(session, events)
    return Result(None, Changes.of(Kind.CALL, call_id).add(ENTITY))


def appeal(workspace: Workspace, application_id: int, reason: str) -> Result[None]:
    if not reason.strip():
        raise ValidationError.single("reason", "app_reason_required")
    with workspace.session() as session:
        a = _get(session, application_id)
        _events(
            session, [event_row(application_id, "appeal", a.status, ApplicationStatus.APPEALED.value, reason)]
        )
        a.status = ApplicationStatus.APPEALED.value
        session.add(a)
    return Result(None, Changes.of(ENTITY, application_id))


def decide_appeal(
    workspace: Workspace,
    application_id: int,
    accepted: bool,
    reason: str,
    rescores: Sequence[tuple[int, int, int]] = (),
) -> Result[Ranking]:
    """Record the decision, apply re-scores ((criterion, evaluator, hundredths)) and re-rank the
    call: one transaction, so a failure anywhere leaves the appeal open and nothing half-saved."""
    if not reason.strip():
        raise ValidationError.single("reason", "app_reason_required")
    with workspace.session() as session:
        a = _get(session, application_id)
        if a.status != ApplicationStatus.APPEALED:
            raise ValidationError.single("status", "app_not_appealed", number=a.number)
        call_id, number = a.call_id, a.number
        for criterion_id, evaluator_id, points in rescores:
            score_in(session, application_id, criterion_id, evaluator_id, points, f"appeal: {reason}")
        _events(
            session,
            [
                event_row(
                    application_id, "appeal_decision", None, "accepted" if accepted else "rejected", reason
                )
            ],
        )
        a.status = ApplicationStatus.ELIGIBLE.value
        session.add(a)
        session.flush()
        ranking = rank_in(session, call_id, f"appeal of {number}")
    changes = Changes.of(ENTITY, application_id).add(Kind.CALL, [call_id])
    if rescores:
        changes.add(Kind.SCORE)
    return Result(ranking, changes)


@dataclass(frozen=True)
class Withdrawal:
    promoted_id: int | None
    promoted_number: str | None
    reason: str


def withdraw(
    workspace: Workspace, application_id: int, reason: str, *, promote: bool = True
) -> Result[Withdrawal]:
    """Withdraw an application; if it held a place, give the place to the first reserve who fits."""
    if not reason.strip():
        raise ValidationError.single("reason", "app_reason_required")
    with workspace.session() as session:
        a = _get(session, application_id)
        held = a.status in SELECTED
        data = _load(session, a.call_id)
        breakers = parse_tie_breakers(data.call.tie_breakers)
        events = [event_row(application_id, "withdrawn", a.status, ApplicationStatus.WITHDRAWN.value, reason)]
        promoted: tuple[int, str, str] | None = None
        if held and promote:
            by_id = {c.id: c for c in data.candidates}
            me = by_id[application_id]
            ranked = rank([c for c in data.candidates if c.id != application_id], breakers)
            ranks = {x.id: x.rank or 0 for x in data.apps}
            ranked_by_rank = sorted(ranked, key=lambda c: ranks.get(c.id, 0))
            selected_ids = [x.id or 0 for x in data.apps if x.status in SELECTED]
            reserves = sorted(
                (x for x in data.apps if x.status == ApplicationStatus.RESERVE),
                key=lambda x: (x.rank or 0, x.number),
            )
            proposal = propose_promotion(
                ranked_by_rank,
                selected_ids,
                [x.id or 0 for x in reserves],
                me,
                data.call.places_total,
                data.quotas,
                data.labels,
            )
            if proposal is not None:
                target = session.get(Application, proposal.candidate_id)
                assert target is not None and target.id is not None
                new = (
                    ApplicationStatus.SELECTED.value
                    if data.call.status == CallStatus.PUBLISHED or not data.call.with_appeals
                    else ApplicationStatus.PROVISIONALLY_SELECTED.value
                )
                text = proposal.reason.render()
                events.append(event_row(target.id, "promoted", target.status, new, text))
                target.status = new
                session.add(target)
                promoted = (target.id, target.number, text)
        a.status = ApplicationStatus.WITHDRAWN.value
        session.add(a)
        session.flush()
        _events(session, events)
    value = (
        Withdrawal(promoted[0], promoted[1], promoted[2])
        if promoted
        else Withdrawal(None, None, msg("app_no_promotion").render() if held and promote else "")
    )
    ids = [application_id] + ([promoted[0]] if promoted else [])
    return Result(value, Changes.of(ENTITY, *ids))
