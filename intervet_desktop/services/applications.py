"""Applications to a call: entry, eligibility, scores, conflicts, ranking, appeals, withdrawals,
conversion to a mobility. Every status change, score change and decision is an ApplicationEvent."""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from intervet_desktop.core.enums import ApplicationStatus, CallStatus, MobilityStatus, PartnerRole
from intervet_desktop.core.errors import Problem, UnusableFileError, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.selection import (
    Candidate,
    CriterionRule,
    Outcome,
    Quota,
    Slot,
    Total,
    parse_tie_breakers,
    propose_promotion,
    rank,
    total_of,
)
from intervet_desktop.core.selection import (
    select as select_places,
)
from intervet_desktop.core.text import search_key
from intervet_desktop.db.lock import os_user
from intervet_desktop.db.models import (
    Application,
    ApplicationEvent,
    ApplicationPreference,
    Attachment,
    Call,
    CallCriterion,
    CallQuota,
    ConflictOfInterest,
    Evaluator,
    Mobility,
    Organisation,
    Person,
    ProjectPartner,
    Score,
    table_of,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.attachments import store_bytes
from intervet_desktop.services.calls import quota_label
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.mobility_keys import mobility_search_key

register("app_late_needs_reason", "Submitted after the deadline ({deadline}): record why it is accepted.")
register("app_score_out_of_range", "{criterion}: {value} is outside 0..{max} points.")
register("app_wrong_call", "{entity} #{id} does not belong to this call.")
register("app_conflict_scoring", "{evaluator} declared a conflict of interest for application {number}.")
register(
    "app_not_selected",
    "Application {number} is not selected ({status}); only selected ones become mobilities.",
)
register("app_already_converted", "Application {number} is already mobility #{mobility}.")
register("app_no_dates", "Application {number} has no preferred dates; enter them first.")
register("app_no_destination", "Application {number} has no preferred host or country.")
register("app_reason_required", "Give a reason: it is kept in the application's history.")
register("app_not_appealed", "Application {number} has no open appeal.")
register("app_no_promotion", "No reserve fits the free place (places or quotas).")
register("elig_ok", "eligible")
register("elig_late", "submitted after the deadline {deadline}")
register("elig_late_accepted", "late, accepted: {reason}")
register("elig_not_sending", "not employed by a sending school of the project")
register("elig_overlap", "another mobility overlaps those dates (#{mobility}, {start} to {end})")

log = logging.getLogger(__name__)
ENTITY = Kind.APPLICATION
SELECTED = {ApplicationStatus.SELECTED.value, ApplicationStatus.PROVISIONALLY_SELECTED.value}
SENDING_ROLES = {
    PartnerRole.COORDINATOR.value,
    PartnerRole.PARTNER.value,
    PartnerRole.CONSORTIUM_MEMBER.value,
}


@dataclass
class ApplicationForm:
    call_id: int
    person_id: int
    submitted_at: datetime
    late_reason: str | None = None
    preferred_start: date | None = None
    preferred_end: date | None = None
    motivation: str = ""
    first_time: bool = False
    fewer_opportunities: bool = False
    preferences: list[Slot] = field(default_factory=list)


@dataclass(frozen=True)
class EventInfo:
    at: datetime
    user: str
    kind: str
    old_value: str | None
    new_value: str | None
    reason: str


@dataclass(frozen=True)
class ApplicationDetail:
    id: int
    call_id: int
    number: str
    person_id: int
    applicant: str
    submitted_at: datetime
    late_reason: str | None
    preferred_start: date | None
    preferred_end: date | None
    motivation: str
    first_time: bool
    fewer_opportunities: bool
    status: str
    eligibility_reason: str | None
    total_hundredths: int | None
    rank: int | None
    preferences: tuple[Slot, ...]
    history: tuple[EventInfo, ...]
    mobility_id: int | None
    attachments: tuple[tuple[int, str, str], ...] = ()  # (attachment id, kind, original name)


# ---------------------------------------------------------------- helpers


def event_row(
    application_id: int,
    kind: str,
    old: object,
    new: object,
    reason: str = "",
    *,
    at: datetime | None = None,
    user: str | None = None,
) -> dict[str, object]:
    now = at or utcnow()
    return {
        "application_id": application_id,
        "at": now,
        "user": user if user is not None else os_user(),
        "kind": kind,
        "old_value": None if old is None else str(old),
        "new_value": None if new is None else str(new),
        "reason": reason,
        "created_at": now,
        "updated_at": now,
    }


def _events(session: Session, rows: list[dict[str, object]]) -> None:
    if rows:
        session.connection().execute(insert(table_of(ApplicationEvent)), rows)


def _get(session: Session, application_id: int) -> Application:
    application = session.get(Application, application_id)
    if application is None:
        raise ValidationError.single(
            "application", "not_found", entity="application", key="id", value=application_id
        )
    return application


def _call(session: Session, call_id: int) -> Call:
    call = session.get(Call, call_id)
    if call is None:
        raise ValidationError.single("call", "call_not_found", value=call_id)
    return call


def next_number(session: Session, call_id: int) -> int:
    count = session.exec(select(func.count()).where(col(Application.call_id) == call_id)).one()
    return int(count) + 1


def format_number(call_id: int, n: int) -> str:
    return f"{call_id}-{n:04d}"


def sending_schools(session: Session, project_id: int) -> set[int]:
    own = session.exec(select(Organisation.id).where(col(Organisation.is_own).is_(True))).all()
    partners = session.exec(
        select(ProjectPartner.organisation_id).where(
            col(ProjectPartner.project_id) == project_id, col(ProjectPartner.role).in_(SENDING_ROLES)
        )
    ).all()
    return {int(i) for i in own if i is not None} | {int(i) for i in partners}


def eligibility(
    session: Session, call: Call, application: Application, person: Person, sending: set[int] | None = None
) -> tuple[bool, str]:
    """(eligible, reason) for the record: in time, sending school, no overlapping mobility."""
    reasons: list[str] = []
    late = application.submitted_at.date() > call.deadline
    if late and not application.late_reason:
        reasons.append(msg("elig_late", deadline=call.deadline).render())
    if sending is None:
        sending = sending_schools(session, call.project_id)
    if person.employer_id is None or person.employer_id not in sending:
        reasons.append(msg("elig_not_sending").render())
    if application.preferred_start is not None and application.preferred_end is not None:
        query = select(Mobility).where(
            col(Mobility.person_id) == person.id,
            col(Mobility.status) != MobilityStatus.CANCELLED.value,
            col(Mobility.planned_start) <= application.preferred_end,
            col(Mobility.planned_end) >= application.preferred_start,
        )
        if application.id is not None:
            query = query.where(
                col(Mobility.application_id).is_(None) | (col(Mobility.application_id) != application.id)
            )
        other = session.exec(query.limit(1)).first()
        if other is not None:
            reasons.append(
                msg(
                    "elig_overlap", mobility=other.id, start=other.planned_start, end=other.planned_end
                ).render()
            )
    if reasons:
        return False, "; ".join(reasons)
    if late:
        return True, msg("elig_late_accepted", reason=application.late_reason).render()
    return True, msg("elig_ok").render()


def _apply_eligibility(
    session: Session, call: Call, application: Application, person: Person
) -> list[dict[str, object]]:
    ok, reason = eligibility(session, call, application, person)
    assert application.id is not None
    events = []
    new_status = application.status
    if application.status in (
        ApplicationStatus.RECEIVED,
        ApplicationStatus.ELIGIBLE,
        ApplicationStatus.INELIGIBLE,
    ):
        new_status = ApplicationStatus.ELIGIBLE.value if ok else ApplicationStatus.INELIGIBLE.value
    if new_status != application.status or reason != application.eligibility_reason:
        events.append(event_row(application.id, "eligibility", application.status, new_status, reason))
    application.status, application.eligibility_reason = new_status, reason
    return events


# ---------------------------------------------------------------- entering


def validate_application(call: Call, form: ApplicationForm) -> list[Problem]:
    problems: list[Problem] = []
    if form.submitted_at.date() > call.deadline and not (form.late_reason or "").strip():
        problems.append(Problem("late_reason", msg("app_late_needs_reason", deadline=call.deadline)))
    if form.preferred_start and form.preferred_end and form.preferred_end < form.preferred_start:
        problems.append(
            Problem(
                "preferred_end",
                msg(
                    "date_order",
                    end_field="preferred_end",
                    end=form.preferred_end,
                    start_field="preferred_start",
                    start=form.preferred_start,
                ),
            )
        )
    return problems


def enter_application(workspace: Workspace, form: ApplicationForm) -> Result[ApplicationDetail]:
    with workspace.session() as session:
        call = _call(session, form.call_id)
        problems = validate_application(call, form)
        person = session.get(Person, form.person_id)
        if person is None:
            problems.append(
                Problem("person_id", msg("not_found", entity="person", key="id", value=form.person_id))
            )
        if problems:
            raise ValidationError(problems)
        assert person is not None
        number = format_number(form.call_id, next_number(session, form.call_id))
        application = Application(
            call_id=form.call_id,
            person_id=form.person_id,
            number=number,
            search_key=search_key(number, person.first_name, person.last_name),
            submitted_at=form.submitted_at,
            late_reason=(form.late_reason or "").strip() or None,
            preferred_start=form.preferred_start,
            preferred_end=form.preferred_end,
            motivation=form.motivation,
            first_time=form.first_time,
            fewer_opportunities=form.fewer_opportunities,
        )
        session.add(application)
        session.flush()
        assert application.id is not None
        for position, slot in enumerate(form.preferences, start=1):
            session.add(
                ApplicationPreference(
                    application_id=application.id,
                    position=position,
                    host_id=slot.host_id,
                    country=slot.country,
                )
            )
        events = [
            event_row(
                application.id, "created", None, ApplicationStatus.RECEIVED.value, form.late_reason or ""
            )
        ]
        events += _apply_eligibility(session, call, application, person)
        session.add(application)
        session.flush()
        _events(session, events)
        detail = _detail(session, application)
    log.info("application %s entered in call %s", detail.id, form.call_id)
    return Result(detail, Changes.of(ENTITY, detail.id))


def recheck_eligibility(workspace: Workspace, call_id: int) -> Result[int]:
    """Re-run the eligibility check on every application of the call; returns how many changed."""
    with workspace.session() as session:
        call = _call(session, call_id)
        sending = sending_schools(session, call.project_id)
        rows = session.exec(
            select(Application, Person)
            .join(Person, col(Person.id) == col(Application.person_id))
            .where(col(Application.call_id) == call_id)
        ).all()
        events: list[dict[str, object]] = []
        for application, person in rows:
            ok, reason = eligibility(session, call, application, person, sending)
            if application.status in (
                ApplicationStatus.RECEIVED,
                ApplicationStatus.ELIGIBLE,
                ApplicationStatus.INELIGIBLE,
            ):
                new = ApplicationStatus.ELIGIBLE.value if ok else ApplicationStatus.INELIGIBLE.value
            else:
                new = application.status
            if new != application.status or reason != application.eligibility_reason:
                assert application.id is not None
                events.append(event_row(application.id, "eligibility", application.status, new, reason))
                application.status, application.eligibility_reason = new, reason
                session.add(application)
        session.flush()
        _events(session, events)
    return Result(len(events), Changes.of(ENTITY))


# ---------------------------------------------------------------- scores and conflicts


def set_score(
    workspace: Workspace,
    application_id: int,
    criterion_id: int,
    evaluator_id: int,
    points_hundredths: int | None,
    reason: str = "",
) -> Result[None]:
    """Set (or clear, with None) one evaluator's points for one criterion. 0..max or refused."""
    with workspace.session() as session:
        application = _get(session, application_id)
        criterion = session.get(CallCriterion, criterion_id)
        evaluator = session.get(Evaluator, evaluator_id)
        if criterion is None or criterion.call_id != application.call_id:
            raise ValidationError.single("criterion", "app_wrong_call", entity="criterion", id=criterion_id)
        if evaluator is None or evaluator.call_id != application.call_id:
            raise ValidationError.single("evaluator", "app_wrong_call", entity="evaluator", id=evaluator_id)
        if points_hundredths is not None and not 0 <= points_hundredths <= criterion.max_points * 100:
            raise ValidationError.single(
                "points",
                "app_score_out_of_range",
                criterion=criterion.name,
                value=f"{points_hundredths / 100:g}",
                max=criterion.max_points,
            )
        conflict = session.exec(
            select(ConflictOfInterest).where(
                ConflictOfInterest.application_id == application_id,
                ConflictOfInterest.evaluator_id == evaluator_id,
            )
        ).first()
        if conflict is not None and points_hundredths is not None:
            raise ValidationError.single(
                "points", "app_conflict_scoring", evaluator=evaluator.name, number=application.number
            )
        score = session.exec(
            select(Score).where(
                Score.application_id == application_id,
                Score.criterion_id == criterion_id,
                Score.evaluator_id == evaluator_id,
            )
        ).first()
        old = score.points_hundredths if score is not None else None
        if old == points_hundredths:
            return Result(None, Changes())
        if points_hundredths is None:
            assert score is not None
            session.delete(score)
        elif score is None:
            session.add(
                Score(
                    application_id=application_id,
                    criterion_id=criterion_id,
                    evaluator_id=evaluator_id,
                    points_hundredths=points_hundredths,
                )
            )
        else:
            score.points_hundredths = points_hundredths
            session.add(score)
        session.flush()
        _events(
            session,
            [
                event_row(
                    application_id,
                    "score",
                    _points(old),
                    _points(points_hundredths),
                    reason or f"{criterion.name} by {evaluator.name}",
                )
            ],
        )
    return Result(None, Changes.of(ENTITY, application_id).add(Kind.SCORE))


def _points(hundredths: int | None) -> str | None:
    return None if hundredths is None else f"{hundredths / 100:.2f}"


def declare_conflict(
    workspace: Workspace, application_id: int, evaluator_id: int, reason: str
) -> Result[None]:
    """The evaluator is left out for this application; their scores for it are removed."""
    if not reason.strip():
        raise ValidationError.single("reason", "app_reason_required")
    with workspace.session() as session:
        application = _get(session, application_id)
        evaluator = session.get(Evaluator, evaluator_id)
        if evaluator is None or evaluator.call_id != application.call_id:
            raise ValidationError.single("evaluator", "app_wrong_call", entity="evaluator", id=evaluator_id)
        session.add(
            ConflictOfInterest(application_id=application_id, evaluator_id=evaluator_id, reason=reason)
        )
        for score in session.exec(
            select(Score).where(Score.application_id == application_id, Score.evaluator_id == evaluator_id)
        ).all():
            session.delete(score)
        session.flush()
        _events(session, [event_row(application_id, "conflict", None, evaluator.name, reason)])
    return Result(None, Changes.of(ENTITY, application_id).add(Kind.SCORE))


# ---------------------------------------------------------------- ranking


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
        data = _load(session, call_id)
        call = data.call
        breakers = parse_tie_breakers(call.tie_breakers)
        selection = select_places(data.candidates, call.places_total, data.quotas, breakers, data.labels)
        decisions = selection.by_id()
        provisional = call.with_appeals and call.status not in (CallStatus.PROVISIONAL, CallStatus.PUBLISHED)
        selected_status = (
            ApplicationStatus.PROVISIONALLY_SELECTED.value
            if provisional
            else ApplicationStatus.SELECTED.value
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
            if a.status == ApplicationStatus.APPEALED:
                status = a.status  # an open appeal keeps its status until decided
            text = decision.reason.render()
            if reason:
                text = f"{text} ({reason})"
            if status != a.status:
                events.append(event_row(a.id, "status", a.status, status, text, at=now, user=user))
            if a.total_hundredths != total:
                events.append(
                    event_row(
                        a.id, "total", _points(a.total_hundredths), _points(total), text, at=now, user=user
                    )
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
            call.status = CallStatus.EVALUATED.value
            session.add(call)
        session.flush()
        new = {int(u["row_id"]): u for u in updates}  # type: ignore[call-overload]
        ranking = _ranking(session, call_id, data, new)
    log.info("call %s ranked: %s applications, %s changes", call_id, len(data.apps), len(updates))
    return Result(ranking, Changes.of(ENTITY).add(Kind.CALL, [call_id]))


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


# ---------------------------------------------------------------- phases, appeals, withdrawals


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
    """Record the decision, apply re-scores ((criterion, evaluator, hundredths)), re-rank the call."""
    if not reason.strip():
        raise ValidationError.single("reason", "app_reason_required")
    with workspace.read_session() as session:
        a = _get(session, application_id)
        call_id, number, status = a.call_id, a.number, a.status
    if status != ApplicationStatus.APPEALED:
        raise ValidationError.single("status", "app_not_appealed", number=number)
    for criterion_id, evaluator_id, points in rescores:
        set_score(workspace, application_id, criterion_id, evaluator_id, points, f"appeal: {reason}")
    with workspace.session() as session:
        a = _get(session, application_id)
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
    result = rank_call(workspace, call_id, f"appeal of {number}")
    return Result(result.value, result.changes.add(ENTITY, [application_id]))


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


# ---------------------------------------------------------------- conversion


def convert_to_mobility(workspace: Workspace, application_id: int) -> Result[int]:
    """A planned mobility prefilled from a selected application (person, sending school, host, dates)."""
    with workspace.session() as session:
        a = _get(session, application_id)
        call = _call(session, a.call_id)
        if a.status not in SELECTED:
            raise ValidationError.single("status", "app_not_selected", number=a.number, status=a.status)
        existing = session.exec(
            select(Mobility.id).where(col(Mobility.application_id) == application_id)
        ).first()
        if existing is not None:
            raise ValidationError.single(
                "application", "app_already_converted", number=a.number, mobility=existing
            )
        problems: list[Problem] = []
        if a.preferred_start is None or a.preferred_end is None:
            problems.append(Problem("preferred_start", msg("app_no_dates", number=a.number)))
        pref = session.exec(
            select(ApplicationPreference)
            .where(ApplicationPreference.application_id == application_id)
            .order_by(col(ApplicationPreference.position))
        ).first()
        host = (
            session.get(Organisation, pref.host_id) if pref is not None and pref.host_id is not None else None
        )
        country = host.country if host is not None else (pref.country if pref is not None else None)
        if not country:
            problems.append(Problem("preferences", msg("app_no_destination", number=a.number)))
        if problems:
            raise ValidationError(problems)
        assert a.preferred_start is not None and a.preferred_end is not None and country
        person = session.get(Person, a.person_id)
        assert person is not None
        mobility = Mobility(
            project_id=call.project_id,
            person_id=a.person_id,
            application_id=application_id,
            activity_type=call.activity_type,
            sending_org_id=person.employer_id,
            receiving_org_id=host.id if host is not None else None,
            destination_city=host.city if host is not None and hasattr(host, "city") else None,
            destination_country=country,
            planned_start=a.preferred_start,
            planned_end=a.preferred_end,
            fewer_opportunities=a.fewer_opportunities,
            status=MobilityStatus.PLANNED.value,
        )
        mobility.search_key = mobility_search_key(
            person.first_name, person.last_name, host.name if host else None, mobility.destination_city
        )
        from intervet_desktop.core.text import sort_key

        mobility.participant_sort_key = sort_key(person.last_name, person.first_name)
        mobility.receiving_sort_key = sort_key(host.name if host else None)
        session.add(mobility)
        session.flush()
        assert mobility.id is not None
        _events(session, [event_row(application_id, "converted", None, f"mobility #{mobility.id}", "")])
        mobility_id = mobility.id
    return Result(mobility_id, Changes.of(Kind.MOBILITY, mobility_id).add(ENTITY, [application_id]))


# ---------------------------------------------------------------- attachments

ATTACHMENT_KINDS = ("motivation_letter", "cv", "other")


def attach_file(workspace: Workspace, application_id: int, path: Path, kind: str = "other") -> Result[int]:
    """Copy a file (motivation letter, CV...) into the database's attachment folder."""
    if kind not in ATTACHMENT_KINDS:
        raise ValidationError.single(
            "kind", "unknown_choice", field="kind", value=kind, choices=", ".join(ATTACHMENT_KINDS)
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnusableFileError.of("file_not_found", path=path) from exc
    except OSError as exc:
        raise UnusableFileError.of("db_unreadable", path=path, detail=exc.strerror or str(exc)) from exc
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    with workspace.session() as session:
        _get(session, application_id)
        row = store_bytes(
            session,
            workspace.files_dir,
            data,
            original_name=path.name,
            mime_type=mime,
            kind=kind,
            owner_kind=ENTITY,
            owner_id=application_id,
        )
        assert row.id is not None
        _events(session, [event_row(application_id, "attachment", None, path.name, kind)])
        attachment_id = row.id
    return Result(attachment_id, Changes.of(ENTITY, application_id).add(Kind.ATTACHMENT, [attachment_id]))


# ---------------------------------------------------------------- reading


def _detail(session: Session, a: Application) -> ApplicationDetail:
    assert a.id is not None
    person = session.get(Person, a.person_id)
    assert person is not None
    prefs = session.exec(
        select(ApplicationPreference)
        .where(ApplicationPreference.application_id == a.id)
        .order_by(col(ApplicationPreference.position))
    ).all()
    events = session.exec(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == a.id)
        .order_by(col(ApplicationEvent.id))
    ).all()
    mobility = session.exec(select(Mobility.id).where(col(Mobility.application_id) == a.id)).first()
    files = session.exec(
        select(Attachment)
        .where(col(Attachment.owner_kind) == ENTITY, col(Attachment.owner_id) == a.id)
        .order_by(col(Attachment.id))
    ).all()
    return ApplicationDetail(
        id=a.id,
        call_id=a.call_id,
        number=a.number,
        person_id=a.person_id,
        applicant=f"{person.first_name} {person.last_name}",
        submitted_at=a.submitted_at,
        late_reason=a.late_reason,
        preferred_start=a.preferred_start,
        preferred_end=a.preferred_end,
        motivation=a.motivation,
        first_time=a.first_time,
        fewer_opportunities=a.fewer_opportunities,
        status=a.status,
        eligibility_reason=a.eligibility_reason,
        total_hundredths=a.total_hundredths,
        rank=a.rank,
        preferences=tuple(Slot(p.country, p.host_id) for p in prefs),
        history=tuple(EventInfo(e.at, e.user, e.kind, e.old_value, e.new_value, e.reason) for e in events),
        mobility_id=mobility,
        attachments=tuple((f.id or 0, f.kind, f.original_name) for f in files),
    )


def get_application(workspace: Workspace, application_id: int) -> ApplicationDetail:
    with workspace.read_session() as session:
        return _detail(session, _get(session, application_id))


@dataclass(frozen=True)
class GridRow:
    application_id: int
    number: str
    applicant: str
    conflict: bool


@dataclass(frozen=True)
class ScoreGrid:
    call_id: int
    evaluator_id: int
    criteria: tuple[CriterionRule, ...]
    rows: tuple[GridRow, ...]
    values: dict[tuple[int, int], int]  # (application id, criterion id) -> hundredths


def score_grid(workspace: Workspace, call_id: int, evaluator_id: int) -> ScoreGrid:
    with workspace.read_session() as session:
        _call(session, call_id)
        criteria = session.exec(
            select(CallCriterion)
            .where(CallCriterion.call_id == call_id)
            .order_by(col(CallCriterion.position))
        ).all()
        apps = session.execute(
            select(
                col(Application.id), col(Application.number), col(Person.first_name), col(Person.last_name)
            )
            .join(Person, col(Person.id) == col(Application.person_id))
            .where(
                col(Application.call_id) == call_id,
                col(Application.status).not_in(
                    (ApplicationStatus.INELIGIBLE.value, ApplicationStatus.WITHDRAWN.value)
                ),
            )
            .order_by(col(Application.number))
        ).all()
        conflicts = set(
            session.exec(
                select(ConflictOfInterest.application_id)
                .join(Application, col(Application.id) == col(ConflictOfInterest.application_id))
                .where(
                    col(Application.call_id) == call_id, col(ConflictOfInterest.evaluator_id) == evaluator_id
                )
            ).all()
        )
        values = {
            (int(a), int(c)): int(p)
            for a, c, p in session.execute(
                select(col(Score.application_id), col(Score.criterion_id), col(Score.points_hundredths))
                .join(Application, col(Application.id) == col(Score.application_id))
                .where(col(Application.call_id) == call_id, col(Score.evaluator_id) == evaluator_id)
            ).all()
        }
    return ScoreGrid(
        call_id,
        evaluator_id,
        tuple(CriterionRule(c.id or 0, c.name, c.weight, c.max_points) for c in criteria),
        tuple(GridRow(int(i), n, f"{last}, {first}", int(i) in conflicts) for i, n, first, last in apps),
        values,
    )
