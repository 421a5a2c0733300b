"""Decisions after the ranking: publishing a phase, appeals and their decision, withdrawals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from intervet_desktop.core.call_phases import appeal_window_problem
from intervet_desktop.core.enums import ApplicationStatus, CallStatus
from intervet_desktop.core.errors import Problem, ValidationError
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
    """Provisional: the call enters its appeal window. Final: provisional selections become final.
    Both are steps of the call's lifecycle, refused when the phase does not allow them."""
    from intervet_desktop.services.calls import step_in

    with workspace.session() as session:
        call = _call(session, call_id)
        new = CallStatus.PUBLISHED if final or not call.with_appeals else CallStatus.PROVISIONAL
        step_in(session, call, new)
    return Result(None, Changes.of(Kind.CALL, call_id).add(ENTITY))


def appeal(
    workspace: Workspace, application_id: int, reason: str, lodged_on: date | None = None
) -> Result[None]:
    """Record an appeal lodged on ``lodged_on`` (default today): only within the appeal window."""
    from intervet_desktop.services.calls import state_of

    if not reason.strip():
        raise ValidationError.single("reason", "app_reason_required")
    today = date.today()
    on = lodged_on or today
    if on > today:
        raise ValidationError.single("lodged_on", "date_in_future", field="lodged_on", value=on)
    with workspace.session() as session:
        a = _get(session, application_id)
        refusal = appeal_window_problem(state_of(session, _call(session, a.call_id)), on)
        if refusal is not None:
            raise ValidationError([Problem("lodged_on", refusal)])
        _events(
            session,
            [
                event_row(
                    application_id, "appeal", a.status, ApplicationStatus.APPEALED.value, f"{on}: {reason}"
                )
            ],
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
