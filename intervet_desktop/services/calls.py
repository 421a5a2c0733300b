"""Calls for applications: create and edit, criteria, quotas, evaluators, status and appeal phases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from intervet_desktop.core.call_phases import NEXT, CallState, check_step
from intervet_desktop.core.enums import ActivityType, ApplicationStatus, AuditAction, CallStatus
from intervet_desktop.core.errors import Problem, ValidationError, raise_if
from intervet_desktop.core.messages import Message, msg, register
from intervet_desktop.core.selection import DEFAULT_TIE_BREAKERS, tie_breaker_problem
from intervet_desktop.core.text import search_key
from intervet_desktop.db.lock import os_user
from intervet_desktop.db.models import (
    Application,
    Call,
    CallCriterion,
    CallEvent,
    CallQuota,
    Evaluator,
    Organisation,
    Person,
    Project,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result

register("call_deadline_before_opening", "The deadline ({deadline}) is before the opening ({opens_on}).")
register("call_no_criteria", "A call needs at least one scoring criterion.")
register(
    "call_criterion_invalid", "Criterion '{name}': weight must be 1 or more and maximum points 1 or more."
)
register("call_quota_invalid", "A quota needs a country or a host and places of 0 or more.")
register("call_appeal_dates", "Appeal phases need the provisional publication date and the appeal deadline.")
register("call_status_order", "A call cannot go from {old} to {new}.")
register("call_quota_above_places", "A quota of {quota} places is more than the call's {places} places.")
register("call_evaluator_applied", "{name} applied to this call ({number}) and cannot evaluate it.")
register("call_not_found", "No call '{value}' (give its id or its exact title).")
register("call_title_ambiguous", "Several calls are titled '{value}'; give the id.")

ENTITY = Kind.CALL

PRESET_CRITERIA: tuple[tuple[str, int, int, bool], ...] = (
    ("Motivation", 3, 10, False),
    ("Relevance to the internationalisation plan", 3, 10, False),
    ("Language skills", 2, 10, False),
    ("First-time participant", 1, 5, False),
    ("Fewer opportunities", 1, 5, True),
)
"""(name, weight, max points, sensitive): typical criteria offered for a new call."""


@dataclass
class CriterionForm:
    name: str
    weight: int = 1
    max_points: int = 10
    sensitive: bool = False
    id: int | None = None


@dataclass
class QuotaForm:
    places: int
    country: str | None = None
    host_id: int | None = None


@dataclass
class CallForm:
    project_id: int
    title: str
    activity_type: str
    opens_on: date
    deadline: date
    places_total: int = 0
    eligibility_notes: str = ""
    with_appeals: bool = False
    provisional_published_on: date | None = None
    appeal_deadline: date | None = None
    final_published_on: date | None = None
    tie_breakers: str = DEFAULT_TIE_BREAKERS
    criteria: list[CriterionForm] = field(
        default_factory=lambda: [CriterionForm(n, w, m, s) for n, w, m, s in PRESET_CRITERIA]
    )
    quotas: list[QuotaForm] = field(default_factory=list)
    evaluators: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CriterionInfo:
    id: int
    position: int
    name: str
    weight: int
    max_points: int
    sensitive: bool


@dataclass(frozen=True)
class QuotaInfo:
    id: int
    places: int
    country: str | None
    host_id: int | None
    label: str


@dataclass(frozen=True)
class EvaluatorInfo:
    id: int
    name: str
    person_id: int | None = None


@dataclass(frozen=True)
class CallDetail:
    id: int
    project_id: int
    project_code: str
    title: str
    activity_type: str
    opens_on: date
    deadline: date
    places_total: int
    status: str
    eligibility_notes: str
    with_appeals: bool
    provisional_published_on: date | None
    appeal_deadline: date | None
    final_published_on: date | None
    tie_breakers: str
    criteria: tuple[CriterionInfo, ...]
    quotas: tuple[QuotaInfo, ...]
    evaluators: tuple[EvaluatorInfo, ...]
    applications: int


@dataclass(frozen=True)
class CallSummary:
    id: int
    title: str
    project_code: str
    activity_type: str
    opens_on: date
    deadline: date
    places_total: int
    status: str
    applications: int


def validate_call(form: CallForm) -> list[Problem]:
    problems: list[Problem] = []
    if not form.title.strip():
        problems.append(Problem("title", msg("field_required", field="title")))
    if form.activity_type not in {a.value for a in ActivityType}:
        problems.append(
            Problem(
                "activity_type",
                msg(
                    "unknown_choice",
                    field="activity_type",
                    value=form.activity_type,
                    choices=", ".join(a.value for a in ActivityType),
                ),
            )
        )
    if form.deadline < form.opens_on:
        problems.append(
            Problem(
                "deadline",
                msg("call_deadline_before_opening", deadline=form.deadline, opens_on=form.opens_on),
            )
        )
    if form.places_total < 0:
        problems.append(Problem("places_total", msg("value_negative", field="places_total")))
    if not form.criteria:
        problems.append(Problem("criteria", msg("call_no_criteria")))
    for criterion in form.criteria:
        if not criterion.name.strip() or criterion.weight < 1 or criterion.max_points < 1:
            problems.append(Problem("criteria", msg("call_criterion_invalid", name=criterion.name)))
    for quota in form.quotas:
        if quota.places < 0 or (quota.country is None and quota.host_id is None):
            problems.append(Problem("quotas", msg("call_quota_invalid")))
        elif quota.places > form.places_total:
            problems.append(
                Problem(
                    "quotas", msg("call_quota_above_places", quota=quota.places, places=form.places_total)
                )
            )
    tie = tie_breaker_problem(form.tie_breakers)
    if tie is not None:
        problems.append(Problem("tie_breakers", tie))
    if form.with_appeals and (form.provisional_published_on is None or form.appeal_deadline is None):
        problems.append(Problem("appeal_deadline", msg("call_appeal_dates")))
    if (
        form.provisional_published_on is not None
        and form.appeal_deadline is not None
        and form.appeal_deadline < form.provisional_published_on
    ):
        problems.append(
            Problem(
                "appeal_deadline",
                msg(
                    "date_order",
                    end_field="appeal_deadline",
                    end=form.appeal_deadline,
                    start_field="provisional_ranking",
                    start=form.provisional_published_on,
                ),
            )
        )
    return problems


def _apply(call: Call, form: CallForm) -> None:
    call.project_id = form.project_id
    call.title = form.title.strip()
    call.search_key = search_key(call.title)
    call.activity_type = form.activity_type
    call.opens_on = form.opens_on
    call.deadline = form.deadline
    call.places_total = form.places_total
    call.eligibility_notes = form.eligibility_notes
    call.with_appeals = form.with_appeals
    call.provisional_published_on = form.provisional_published_on
    call.appeal_deadline = form.appeal_deadline
    call.final_published_on = form.final_published_on
    call.tie_breakers = ",".join(p.strip() for p in form.tie_breakers.split(",") if p.strip())


def _write_children(session: Session, call_id: int, form: CallForm) -> None:
    existing = {c.id: c for c in session.exec(select(CallCriterion).where(CallCriterion.call_id == call_id))}
    keep: set[int] = set()
    for position, criterion in enumerate(form.criteria, start=1):
        row = existing.get(criterion.id) if criterion.id is not None else None
        if row is None:
            row = CallCriterion(call_id=call_id, name=criterion.name)
        row.position, row.name = position, criterion.name.strip()
        row.weight, row.max_points, row.sensitive = (
            criterion.weight,
            criterion.max_points,
            criterion.sensitive,
        )
        session.add(row)
        if row.id is not None:
            keep.add(row.id)
    for criterion_id, row in existing.items():
        if criterion_id not in keep:
            session.delete(row)
    session.execute(delete(CallQuota).where(col(CallQuota.call_id) == call_id))
    for quota in form.quotas:
        session.add(
            CallQuota(call_id=call_id, places=quota.places, country=quota.country, host_id=quota.host_id)
        )
    names = {e.name: e for e in session.exec(select(Evaluator).where(Evaluator.call_id == call_id))}
    for name in form.evaluators:
        if name.strip() and name.strip() not in names:
            session.add(Evaluator(call_id=call_id, name=name.strip()))


def create_call(workspace: Workspace, form: CallForm) -> Result[CallDetail]:
    raise_if(validate_call(form))
    with workspace.session() as session:
        if session.get(Project, form.project_id) is None:
            raise ValidationError.single(
                "project_id", "not_found", entity="project", key="id", value=form.project_id
            )
        call = Call(
            project_id=form.project_id,
            title="",
            activity_type="",
            opens_on=form.opens_on,
            deadline=form.deadline,
        )
        _apply(call, form)
        session.add(call)
        session.flush()
        assert call.id is not None
        _write_children(session, call.id, form)
        audit.record(session, ENTITY, call.id, AuditAction.CREATE, {"title": call.title})
        session.flush()
        detail = _detail(session, call)
    return Result(detail, Changes.of(ENTITY, detail.id))


def update_call(workspace: Workspace, call_id: int, form: CallForm) -> Result[CallDetail]:
    raise_if(validate_call(form))
    with workspace.session() as session:
        call = _get(session, call_id)
        _apply(call, form)
        session.add(call)
        _write_children(session, call_id, form)
        audit.record(session, ENTITY, call_id, AuditAction.UPDATE, {"title": call.title})
        session.flush()
        detail = _detail(session, call)
    return Result(detail, Changes.of(ENTITY, call_id).add(Kind.APPLICATION))


def form_of(detail: CallDetail) -> CallForm:
    return CallForm(
        project_id=detail.project_id,
        title=detail.title,
        activity_type=detail.activity_type,
        opens_on=detail.opens_on,
        deadline=detail.deadline,
        places_total=detail.places_total,
        eligibility_notes=detail.eligibility_notes,
        with_appeals=detail.with_appeals,
        provisional_published_on=detail.provisional_published_on,
        appeal_deadline=detail.appeal_deadline,
        final_published_on=detail.final_published_on,
        tie_breakers=detail.tie_breakers,
        criteria=[CriterionForm(c.name, c.weight, c.max_points, c.sensitive, c.id) for c in detail.criteria],
        quotas=[QuotaForm(q.places, q.country, q.host_id) for q in detail.quotas],
        evaluators=[e.name for e in detail.evaluators],
    )


def _get(session: Session, call_id: int) -> Call:
    call = session.get(Call, call_id)
    if call is None:
        raise ValidationError.single("call", "call_not_found", value=call_id)
    return call


def quota_label(session: Session, quota: CallQuota) -> str:
    if quota.host_id is not None:
        host = session.get(Organisation, quota.host_id)
        return host.name if host is not None else f"host {quota.host_id}"
    return quota.country or ""


def _detail(session: Session, call: Call) -> CallDetail:
    assert call.id is not None
    criteria = session.exec(
        select(CallCriterion).where(CallCriterion.call_id == call.id).order_by(col(CallCriterion.position))
    ).all()
    quotas = session.exec(
        select(CallQuota).where(CallQuota.call_id == call.id).order_by(col(CallQuota.id))
    ).all()
    evaluators = session.exec(
        select(Evaluator).where(Evaluator.call_id == call.id).order_by(col(Evaluator.id))
    ).all()
    project = session.get(Project, call.project_id)
    count = session.exec(select(func.count()).where(col(Application.call_id) == call.id)).one()
    return CallDetail(
        id=call.id,
        project_id=call.project_id,
        project_code=project.code if project is not None else "",
        title=call.title,
        activity_type=call.activity_type,
        opens_on=call.opens_on,
        deadline=call.deadline,
        places_total=call.places_total,
        status=call.status,
        eligibility_notes=call.eligibility_notes,
        with_appeals=call.with_appeals,
        provisional_published_on=call.provisional_published_on,
        appeal_deadline=call.appeal_deadline,
        final_published_on=call.final_published_on,
        tie_breakers=call.tie_breakers,
        criteria=tuple(
            CriterionInfo(c.id or 0, c.position, c.name, c.weight, c.max_points, c.sensitive)
            for c in criteria
        ),
        quotas=tuple(
            QuotaInfo(q.id or 0, q.places, q.country, q.host_id, quota_label(session, q)) for q in quotas
        ),
        evaluators=tuple(EvaluatorInfo(e.id or 0, e.name, e.person_id) for e in evaluators),
        applications=int(count),
    )


def get_call(workspace: Workspace, call_id: int) -> CallDetail:
    with workspace.read_session() as session:
        return _detail(session, _get(session, call_id))


def find_call(workspace: Workspace, key: str) -> int:
    """A call by id or exact title (case-insensitive)."""
    with workspace.read_session() as session:
        if key.strip().isdigit():
            _get(session, int(key))
            return int(key)
        ids = session.exec(select(Call.id).where(col(Call.search_key) == search_key(key))).all()
    if not ids:
        raise ValidationError.single("call", "call_not_found", value=key)
    if len(ids) > 1:
        raise ValidationError.single("call", "call_title_ambiguous", value=key)
    return int(ids[0] or 0)


def list_calls(workspace: Workspace, project_id: int | None = None) -> list[CallSummary]:
    counts = (
        select(col(Application.call_id), func.count().label("n"))
        .group_by(col(Application.call_id))
        .subquery()
    )
    query = (
        select(Call, Project.code, func.coalesce(counts.c.n, 0))
        .join(Project, col(Project.id) == col(Call.project_id))
        .outerjoin(counts, counts.c.call_id == Call.id)
        .order_by(col(Call.opens_on).desc(), col(Call.id))
    )
    if project_id is not None:
        query = query.where(col(Call.project_id) == project_id)
    with workspace.read_session() as session:
        rows = session.exec(query).all()
    return [
        CallSummary(
            c.id or 0,
            c.title,
            code,
            c.activity_type,
            c.opens_on,
            c.deadline,
            c.places_total,
            c.status,
            int(n),
        )
        for c, code, n in rows
    ]


# ------------------------------------------------------------------------------------ phases
@dataclass(frozen=True)
class CallEventInfo:
    at: datetime
    user: str
    old_status: str
    new_status: str
    reason: str


@dataclass(frozen=True)
class Step:
    """A phase the call could go to now, or why not (``refusal``)."""

    status: CallStatus
    refusal: Message | None


def state_of(session: Session, call: Call) -> CallState:
    statuses = session.exec(select(Application.status).where(Application.call_id == call.id)).all()
    ranked = session.exec(
        select(func.count()).where(col(Application.call_id) == call.id, col(Application.rank).is_not(None))
    ).one()
    return CallState(
        status=CallStatus(call.status),
        with_appeals=call.with_appeals,
        places_total=call.places_total,
        ranked=int(ranked) > 0,
        provisional_published_on=call.provisional_published_on,
        appeal_deadline=call.appeal_deadline,
        open_appeals=sum(1 for s in statuses if s == ApplicationStatus.APPEALED),
    )


def step_in(session: Session, call: Call, new: CallStatus, reason: str = "", *, check: bool = True) -> None:
    """Move the call to ``new`` inside the caller's transaction: the table's guard, the dates a
    publication sets, provisional selections made final, and a history row."""
    from intervet_desktop.services.applications.records import _events, event_row  # (circular at import)

    assert call.id is not None
    today = date.today()
    if check:
        refusal = check_step(state_of(session, call), new, today, reason)
        if refusal is not None:
            raise ValidationError([Problem("status", refusal)])
    old = call.status
    if new is CallStatus.PUBLISHED and old != CallStatus.ARCHIVED:
        call.final_published_on = call.final_published_on or today
        events: list[dict[str, object]] = []
        for a in session.exec(
            select(Application).where(
                col(Application.call_id) == call.id,
                col(Application.status) == ApplicationStatus.PROVISIONALLY_SELECTED.value,
            )
        ).all():
            assert a.id is not None
            events.append(
                event_row(
                    a.id, "status", a.status, ApplicationStatus.SELECTED.value, "final ranking published"
                )
            )
            a.status = ApplicationStatus.SELECTED.value
            session.add(a)
        session.flush()
        _events(session, events)
    if new is CallStatus.PROVISIONAL:
        call.provisional_published_on = call.provisional_published_on or today
    call.status = new.value
    session.add(call)
    session.add(
        CallEvent(
            call_id=call.id, at=utcnow(), user=os_user(), old_status=old, new_status=new.value, reason=reason
        )
    )
    session.flush()


def _status(value: str) -> CallStatus:
    try:
        return CallStatus(value)
    except ValueError:
        raise ValidationError.single(
            "status",
            "unknown_choice",
            field="status",
            value=value,
            choices=", ".join(s.value for s in CallStatus),
        ) from None


def set_call_status(workspace: Workspace, call_id: int, status: str, reason: str = "") -> Result[CallDetail]:
    """One step of the call's lifecycle (``core.call_phases``), refused with the table's reason."""
    new = _status(status)
    with workspace.session() as session:
        call = _get(session, call_id)
        step_in(session, call, new, reason.strip())
        detail = _detail(session, call)
    return Result(detail, Changes.of(ENTITY, call_id).add(Kind.APPLICATION))


def call_steps(workspace: Workspace, call_id: int) -> list[Step]:
    """Every phase the call's current phase leads to, each with its refusal (None: allowed now).
    A backward step shows as allowed: the page asks for its reason."""
    with workspace.read_session() as session:
        state = state_of(session, _get(session, call_id))
    today = date.today()
    return [Step(new, check_step(state, new, today, "reason given")) for new in NEXT[state.status]]


def call_history(workspace: Workspace, call_id: int) -> list[CallEventInfo]:
    with workspace.read_session() as session:
        rows = session.exec(
            select(CallEvent).where(CallEvent.call_id == call_id).order_by(col(CallEvent.id))
        ).all()
    return [CallEventInfo(r.at, r.user, r.old_status, r.new_status, r.reason) for r in rows]


def link_evaluator(workspace: Workspace, evaluator_id: int, person_id: int | None) -> Result[None]:
    """Link an evaluator to a person (None unlinks): a person who applied to the call is refused."""
    with workspace.session() as session:
        evaluator = session.get(Evaluator, evaluator_id)
        if evaluator is None:
            raise ValidationError.single(
                "evaluator", "not_found", entity="evaluator", key="id", value=evaluator_id
            )
        if person_id is not None:
            person = session.get(Person, person_id)
            if person is None:
                raise ValidationError.single(
                    "person", "not_found", entity="person", key="id", value=person_id
                )
            applied = session.exec(
                select(Application.number).where(
                    Application.call_id == evaluator.call_id, Application.person_id == person_id
                )
            ).first()
            if applied is not None:
                raise ValidationError.single(
                    "evaluator", "call_evaluator_applied", name=evaluator.name, number=applied
                )
        evaluator.person_id = person_id
        session.add(evaluator)
        call_id = evaluator.call_id
    return Result(None, Changes.of(ENTITY, call_id))
