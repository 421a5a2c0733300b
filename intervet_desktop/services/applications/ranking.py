"""Ranking a call: totals, ranks, places and the waiting list, every change in history."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import bindparam, func, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from intervet_desktop.core.enums import ApplicationStatus, CallStatus
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.selection import (
    Candidate,
    CriterionRule,
    Outcome,
    Quota,
    Slot,
    Total,
    parse_tie_breakers,
    total_of,
)
from intervet_desktop.core.selection import (
    select as select_places,
)
from intervet_desktop.db.lock import os_user
from intervet_desktop.db.models import (
    Application,
    ApplicationEvent,
    ApplicationPreference,
    Call,
    CallCriterion,
    CallQuota,
    ConflictOfInterest,
    Organisation,
    Person,
    Score,
    table_of,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.applications.records import (
    ENTITY,
    SELECTED,
    _call,
    _events,
    event_row,
)
from intervet_desktop.services.applications.scoring import _points
from intervet_desktop.services.calls import quota_label
from intervet_desktop.services.changes import Changes, Kind, Result

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RankingRow:
    application_id: int
    number: str
    applicant: str
    person_id: int
    rank: int | None
    total_hundredths: int | None
    status: str
    reason: str
    means: dict[int, int]  # criterion id -> mean points in hundredths (half up)


@dataclass(frozen=True)
class Ranking:
    call_id: int
    call_title: str
    rows: tuple[RankingRow, ...]
    criteria: tuple[CriterionRule, ...]
    sensitive: frozenset[int]


@dataclass
class _Loaded:
    call: Call
    criteria: list[CallCriterion]
    apps: list[Any]  # rows: every application column plus first_name, last_name
    candidates: list[Candidate]
    totals: dict[int, Total]
    quotas: list[Quota]
    labels: dict[Slot, str]


def _load(session: Session, call_id: int) -> _Loaded:
    call = _call(session, call_id)
    criteria = list(
        session.exec(
            select(CallCriterion)
            .where(CallCriterion.call_id == call_id)
            .order_by(col(CallCriterion.position))
        ).all()
    )
    rules = [CriterionRule(c.id or 0, c.name, c.weight, c.max_points) for c in criteria]
    app_table = table_of(Application)
    apps = list(
        session.execute(
            sa_select(*app_table.c, col(Person.first_name), col(Person.last_name))
            .join(Person, col(Person.id) == app_table.c.person_id)
            .where(app_table.c.call_id == call_id)
        ).all()
    )
    scores: dict[int, dict[tuple[int, int], int]] = {}
    score_rows = session.execute(
        select(
            col(Score.application_id),
            col(Score.criterion_id),
            col(Score.evaluator_id),
            col(Score.points_hundredths),
        )
        .join(Application, col(Application.id) == col(Score.application_id))
        .where(col(Application.call_id) == call_id)
    ).all()
    for app_id, crit_id, eval_id, points in score_rows:
        scores.setdefault(app_id, {})[(crit_id, eval_id)] = points
    conflicts: dict[int, set[int]] = {}
    for app_id, eval_id in session.execute(
        select(col(ConflictOfInterest.application_id), col(ConflictOfInterest.evaluator_id))
        .join(Application, col(Application.id) == col(ConflictOfInterest.application_id))
        .where(col(Application.call_id) == call_id)
    ).all():
        conflicts.setdefault(app_id, set()).add(eval_id)
    prefs: dict[int, list[Slot]] = {}
    for pref in session.exec(
        select(ApplicationPreference)
        .join(Application, col(Application.id) == col(ApplicationPreference.application_id))
        .where(col(Application.call_id) == call_id)
        .order_by(col(ApplicationPreference.application_id), col(ApplicationPreference.position))
    ).all():
        prefs.setdefault(pref.application_id, []).append(Slot(pref.country, pref.host_id))
    quota_rows = session.exec(select(CallQuota).where(CallQuota.call_id == call_id)).all()
    quotas = [Quota(q.places, q.country, q.host_id, quota_label(session, q)) for q in quota_rows]
    host_ids = {s.host_id for slots in prefs.values() for s in slots if s.host_id is not None}
    names = {}
    if host_ids:
        names = dict(
            session.execute(
                select(col(Organisation.id), col(Organisation.name)).where(col(Organisation.id).in_(host_ids))
            ).all()
        )
    labels = {
        s: (names.get(s.host_id, "") if s.host_id is not None else s.country or "")
        for slots in prefs.values()
        for s in slots
    }
    totals: dict[int, Total] = {}
    candidates = []
    for a in apps:
        assert a.id is not None
        total = total_of(rules, scores.get(a.id, {}), conflicts.get(a.id, ()))
        totals[a.id] = total
        candidates.append(
            Candidate(
                id=a.id,
                number=a.number,
                total_hundredths=total.hundredths,
                submitted_at=a.submitted_at,
                first_time=a.first_time,
                fewer_opportunities=a.fewer_opportunities,
                eligible=a.status != ApplicationStatus.INELIGIBLE,
                withdrawn=a.status == ApplicationStatus.WITHDRAWN,
                preferences=tuple(prefs.get(a.id, ())),
                missing=total.missing,
                ineligible_reason=a.eligibility_reason or "",
            )
        )
    return _Loaded(call, criteria, apps, candidates, totals, quotas, labels)


def rank_call(workspace: Workspace, call_id: int, reason: str = "") -> Result[Ranking]:
    """Compute totals, rank, give places and the waiting list; record every change in history."""
    with workspace.session() as session:
        ranking = rank_in(session, call_id, reason)
    return Result(ranking, Changes.of(ENTITY).add(Kind.CALL, [call_id]))


def rank_in(
    session: Session,
    call_id: int,
    reason: str = "",
    *,
    reopened: bool = False,
    keep: frozenset[int] = frozenset(),
) -> Ranking:
    """``rank_call`` inside the caller's transaction (an appeal's decision re-ranks in its own).
    A final or archived list is locked unless ``reopened`` (a re-score with a reason); ``keep``:
    applications whose status the officer decided to keep (a person who already has a mobility)."""
    data = _load(session, call_id)
    call = data.call
    if call.status in (CallStatus.PUBLISHED, CallStatus.ARCHIVED) and not reopened:
        raise ValidationError.single("status", "call_final_locked")
    breakers = parse_tie_breakers(call.tie_breakers)
    selection = select_places(data.candidates, call.places_total, data.quotas, breakers, data.labels)
    decisions = selection.by_id()
    # until the final list every selection of a call with appeals is provisional (an appeal's
    # decision re-ranks, and nobody else becomes "selected" by it)
    provisional = call.with_appeals and call.status != CallStatus.PUBLISHED
    selected_status = (
        ApplicationStatus.PROVISIONALLY_SELECTED.value if provisional else ApplicationStatus.SELECTED.value
    )
    events: list[dict[str, object]] = []
    updates: list[dict[str, object]] = []
    now = utcnow()
    user = os_user()
    for a in data.apps:
        assert a.id is not None
        decision = decisions[a.id]
        total = data.totals[a.id].hundredths
        status = a.status
        if decision.outcome is Outcome.SELECTED:
            status = selected_status
        elif decision.outcome is Outcome.RESERVE:
            status = ApplicationStatus.RESERVE.value
        elif decision.outcome is Outcome.NOT_RANKED and a.status in (
            *SELECTED,
            ApplicationStatus.RESERVE.value,
            ApplicationStatus.SCORED.value,
            ApplicationStatus.REJECTED.value,
        ):
            status = (
                ApplicationStatus.ELIGIBLE.value if a.status != ApplicationStatus.INELIGIBLE else a.status
            )
        if a.status == ApplicationStatus.APPEALED or a.id in keep:
            status = a.status  # an open appeal keeps its status until decided; a kept place stays
        text = decision.reason.render()
        if reason:
            text = f"{text} ({reason})"
        if status != a.status:
            events.append(event_row(a.id, "status", a.status, status, text, at=now, user=user))
        if a.total_hundredths != total:
            events.append(
                event_row(a.id, "total", _points(a.total_hundredths), _points(total), text, at=now, user=user)
            )
        if a.rank != decision.rank:
            events.append(event_row(a.id, "rank", a.rank, decision.rank, text, at=now, user=user))
        if status != a.status or a.total_hundredths != total or a.rank != decision.rank:
            updates.append(
                {
                    "row_id": a.id,
                    "status": status,
                    "total_hundredths": total,
                    "rank": decision.rank,
                    "updated_at": now,
                }
            )
    if updates:
        table = table_of(Application)
        change = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({c: bindparam(c) for c in ("status", "total_hundredths", "rank", "updated_at")})
        )
        session.connection().execute(change, updates)
    _events(session, events)
    if call.status in (CallStatus.DRAFT, CallStatus.OPEN, CallStatus.CLOSED):
        from intervet_desktop.services.calls import step_in

        # ranking ends the submissions: recorded as a step in the call's history
        step_in(session, call, CallStatus.EVALUATED, reason or "ranked", check=False)
    session.flush()
    new = {int(u["row_id"]): u for u in updates}  # type: ignore[call-overload]
    ranking = _ranking(session, call_id, data, new)
    log.info("call %s ranked: %s applications, %s changes", call_id, len(data.apps), len(updates))
    return ranking


def _latest_reasons(session: Session, call_id: int) -> dict[int, str]:
    latest = (
        select(col(ApplicationEvent.application_id), func.max(col(ApplicationEvent.id)).label("last"))
        .join(Application, col(Application.id) == col(ApplicationEvent.application_id))
        .where(
            col(Application.call_id) == call_id,
            col(ApplicationEvent.kind).in_(
                ("status", "rank", "promoted", "appeal_decision", "withdrawn", "eligibility")
            ),
        )
        .group_by(col(ApplicationEvent.application_id))
        .subquery()
    )
    rows = session.execute(
        select(col(ApplicationEvent.application_id), col(ApplicationEvent.reason)).join(
            latest, latest.c.last == col(ApplicationEvent.id)
        )
    ).all()
    return {int(a): str(r) for a, r in rows}


def _ranking(
    session: Session,
    call_id: int,
    data: _Loaded | None = None,
    new: dict[int, dict[str, Any]] | None = None,
) -> Ranking:
    """The ranking as stored (``new``: values just written over the loaded rows)."""
    data = data or _load(session, call_id)
    new = new or {}
    reasons = _latest_reasons(session, call_id)
    rows = []
    for a in data.apps:
        total = data.totals[a.id]
        means = {
            cid: int((m * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)) for cid, m in total.means.items()
        }
        current = new.get(a.id, {})
        rows.append(
            RankingRow(
                a.id,
                a.number,
                f"{a.last_name}, {a.first_name}",
                a.person_id,
                current.get("rank", a.rank),
                current.get("total_hundredths", a.total_hundredths),
                current.get("status", a.status),
                reasons.get(a.id, a.eligibility_reason or ""),
                means,
            )
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.number))
    rules = tuple(CriterionRule(c.id or 0, c.name, c.weight, c.max_points) for c in data.criteria)
    sensitive = frozenset(c.id or 0 for c in data.criteria if c.sensitive)
    return Ranking(call_id, data.call.title, tuple(rows), rules, sensitive)


def get_ranking(workspace: Workspace, call_id: int) -> Ranking:
    with workspace.read_session() as session:
        return _ranking(session, call_id)
