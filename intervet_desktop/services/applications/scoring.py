"""Scores and conflicts of interest: one evaluator's points per criterion, kept in history."""

from __future__ import annotations

from sqlmodel import Session, select

from intervet_desktop.core.call_phases import scoring_problem
from intervet_desktop.core.enums import ApplicationStatus, CallStatus
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.scores import check_points, parse_points
from intervet_desktop.db.models import (
    Application,
    CallCriterion,
    ConflictOfInterest,
    Evaluator,
    Score,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.applications.records import (
    ENTITY,
    _call,
    _events,
    _get,
    event_row,
)
from intervet_desktop.services.changes import Changes, Kind, Result


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
        changed = score_in(session, application_id, criterion_id, evaluator_id, points_hundredths, reason)
    return Result(None, Changes.of(ENTITY, application_id).add(Kind.SCORE) if changed else Changes())


def enter_score(
    workspace: Workspace, application_id: int, criterion_id: int, evaluator_id: int, text: str
) -> Result[None]:
    """Points as typed ('7,5', '' clears), read by the one score parser (``core.scores``)."""
    with workspace.session() as session:
        criterion = _criterion(session, application_id, criterion_id)
        points = parse_points(text, criterion.max_points, criterion.name)
        changed = score_in(session, application_id, criterion_id, evaluator_id, points)
    return Result(None, Changes.of(ENTITY, application_id).add(Kind.SCORE) if changed else Changes())


def score_by_names(
    workspace: Workspace, call_id: int, number: str, criterion: str, evaluator: str, text: str
) -> Result[None]:
    """``enter_score`` for the command line: the application by number, the criterion and the
    evaluator by name (case-insensitive), the points as typed."""
    app_id, crit_id, eval_id = ids_by_names(workspace, call_id, number, criterion, evaluator)
    return enter_score(workspace, app_id, crit_id, eval_id, text)


def ids_by_names(
    workspace: Workspace, call_id: int, number: str, criterion: str, evaluator: str
) -> tuple[int, int, int]:
    """(application, criterion, evaluator) ids from a number and two names, refused when unknown."""
    with workspace.read_session() as session:
        app_id = session.exec(
            select(Application.id).where(Application.call_id == call_id, Application.number == number.strip())
        ).first()
        crit_id = next(
            (c.id for c in session.exec(select(CallCriterion).where(CallCriterion.call_id == call_id)).all()
             if c.name.casefold() == criterion.strip().casefold()),
            None,
        )  # fmt: skip
        eval_id = next(
            (e.id for e in session.exec(select(Evaluator).where(Evaluator.call_id == call_id)).all()
             if e.name.casefold() == evaluator.strip().casefold()),
            None,
        )  # fmt: skip
    for value, entity, key, found in (
        (number, "application", "number", app_id),
        (criterion, "criterion", "name", crit_id),
        (evaluator, "evaluator", "name", eval_id),
    ):
        if found is None:
            raise ValidationError.single(entity, "not_found", entity=entity, key=key, value=value)
    assert app_id is not None and crit_id is not None and eval_id is not None
    return app_id, crit_id, eval_id


def _criterion(session: Session, application_id: int, criterion_id: int) -> CallCriterion:
    application = _get(session, application_id)
    criterion = session.get(CallCriterion, criterion_id)
    if criterion is None or criterion.call_id != application.call_id:
        raise ValidationError.single("criterion", "app_wrong_call", entity="criterion", id=criterion_id)
    return criterion


def score_in(
    session: Session,
    application_id: int,
    criterion_id: int,
    evaluator_id: int,
    points_hundredths: int | None,
    reason: str = "",
    *,
    reopened: bool = False,
) -> bool:
    """``set_score`` inside the caller's transaction; True when something changed. Refused when
    the call's phase locks the scores, and for an evaluator scoring their own application."""
    application = _get(session, application_id)
    criterion = _criterion(session, application_id, criterion_id)
    evaluator = session.get(Evaluator, evaluator_id)
    if evaluator is None or evaluator.call_id != application.call_id:
        raise ValidationError.single("evaluator", "app_wrong_call", entity="evaluator", id=evaluator_id)
    call = _call(session, application.call_id)
    locked = scoring_problem(
        CallStatus(call.status), application.status == ApplicationStatus.APPEALED, reopened
    )
    if locked is not None:
        raise ValidationError([Problem("points", locked)])
    if evaluator.person_id is not None and evaluator.person_id == application.person_id:
        raise ValidationError.single(
            "evaluator", "app_own_application", evaluator=evaluator.name, number=application.number
        )
    if points_hundredths is not None:
        check_points(points_hundredths, criterion.max_points, criterion.name)
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
        return False
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
    return True


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
