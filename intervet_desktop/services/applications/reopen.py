"""Re-scoring after the final list: an explicit reopen with a reason that shows who would change
before anything is saved, and never demotes a person who already has a mobility unless the
officer decided it (keep their place, or demote them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import CallStatus, MobilityStatus
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.messages import register
from intervet_desktop.db.models import Application, Mobility
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.applications.ranking import rank_in
from intervet_desktop.services.applications.records import ENTITY, SELECTED, _call
from intervet_desktop.services.applications.scoring import score_in
from intervet_desktop.services.changes import Changes, Kind, Result

register("call_reopen_not_final", "Only a call whose final list is published is reopened for re-scoring.")
register(
    "call_reopen_demotes_mobility",
    "The re-score would take the place of {numbers}, who already have a mobility: decide to keep "
    "their place or to demote them.",
)


@dataclass(frozen=True)
class Rescore:
    application_id: int
    criterion_id: int
    evaluator_id: int
    points_hundredths: int | None


@dataclass(frozen=True)
class StatusChange:
    application_id: int
    number: str
    name: str
    old_status: str
    new_status: str
    mobility_id: int | None

    @property
    def demotes_mobility(self) -> bool:
        return (
            self.mobility_id is not None and self.old_status in SELECTED and self.new_status not in SELECTED
        )


class _Preview(Exception):
    """Raised inside the transaction to roll the trial re-score back."""

    def __init__(self, changes: tuple[StatusChange, ...]) -> None:
        super().__init__("preview")
        self.changes = changes


def _mobilities(session: Session, call_id: int) -> dict[int, int]:
    rows = session.exec(
        select(Mobility.application_id, Mobility.id)
        .join(Application, col(Application.id) == col(Mobility.application_id))
        .where(col(Application.call_id) == call_id, col(Mobility.status) != MobilityStatus.CANCELLED.value)
    ).all()
    return {int(a): int(m or 0) for a, m in rows if a is not None}


def _snapshot(session: Session, call_id: int) -> dict[int, tuple[str, str, str]]:
    from intervet_desktop.db.models import Person

    rows = session.exec(
        select(Application, Person)
        .join(Person, col(Person.id) == col(Application.person_id))
        .where(Application.call_id == call_id)
        .execution_options(populate_existing=True)  # the ranking writes statuses in bulk
    ).all()
    return {a.id or 0: (a.number, a.status, f"{p.last_name}, {p.first_name}") for a, p in rows}


def _apply(
    session: Session, call_id: int, rescores: Sequence[Rescore], reason: str, keep: frozenset[int]
) -> tuple[StatusChange, ...]:
    from intervet_desktop.services.calls import step_in

    call = _call(session, call_id)
    if call.status != CallStatus.PUBLISHED:
        raise ValidationError.single("status", "call_reopen_not_final")
    if not reason.strip():
        raise ValidationError.single("reason", "app_reason_required")
    before = _snapshot(session, call_id)
    for r in rescores:
        application = session.get(Application, r.application_id)
        if application is None or application.call_id != call_id:
            raise ValidationError.single(
                "application", "app_wrong_call", entity="application", id=r.application_id
            )
        score_in(
            session, r.application_id, r.criterion_id, r.evaluator_id, r.points_hundredths,
            f"re-score after the final list: {reason}", reopened=True,
        )  # fmt: skip
    rank_in(session, call_id, f"re-score after the final list: {reason}", reopened=True, keep=keep)
    step_in(
        session, call, CallStatus.PUBLISHED, f"reopened, re-scored and republished: {reason}", check=False
    )
    after = _snapshot(session, call_id)
    mobilities = _mobilities(session, call_id)
    return tuple(
        StatusChange(app_id, number, name, old, after[app_id][1], mobilities.get(app_id))
        for app_id, (number, old, name) in sorted(before.items(), key=lambda kv: kv[1][0])
        if after[app_id][1] != old
    )


def preview_rescore(
    workspace: Workspace, call_id: int, rescores: Sequence[Rescore], reason: str
) -> tuple[StatusChange, ...]:
    """Who would change if these re-scores were saved (nothing is saved)."""
    try:
        with workspace.session() as session:
            raise _Preview(_apply(session, call_id, rescores, reason, frozenset()))
    except _Preview as preview:
        return preview.changes


def rescore_after_final(
    workspace: Workspace,
    call_id: int,
    rescores: Sequence[Rescore],
    reason: str,
    *,
    keep: frozenset[int] = frozenset(),
    demote: frozenset[int] = frozenset(),
) -> Result[tuple[StatusChange, ...]]:
    """Reopen the final list with a reason, re-score, re-rank and republish, in one transaction.
    A person with a mobility who would lose their place must be in ``keep`` (the place stays)
    or ``demote`` (the officer decided); otherwise nothing is saved."""
    with workspace.session() as session:
        changes = _apply(session, call_id, rescores, reason, keep)
        undecided = [c.number for c in changes if c.demotes_mobility and c.application_id not in demote]
        if undecided:
            raise ValidationError.single(
                "application", "call_reopen_demotes_mobility", numbers=", ".join(undecided)
            )
    ids = [c.application_id for c in changes]
    return Result(changes, Changes.of(ENTITY, *ids).add(Kind.CALL, [call_id]).add(Kind.SCORE))


def rescore_by_names(
    workspace: Workspace,
    call_id: int,
    number: str,
    criterion: str,
    evaluator: str,
    text: str,
    keep: Sequence[str],
    demote: Sequence[str],
) -> tuple[Rescore, frozenset[int], frozenset[int]]:
    """A re-score and the officer's decisions as the command line names them."""
    from intervet_desktop.core.scores import parse_points
    from intervet_desktop.db.models import CallCriterion
    from intervet_desktop.services.applications.reading import application_by_number
    from intervet_desktop.services.applications.scoring import ids_by_names

    app_id, crit_id, eval_id = ids_by_names(workspace, call_id, number, criterion, evaluator)
    with workspace.read_session() as session:
        crit = session.get(CallCriterion, crit_id)
        assert crit is not None
        points = parse_points(text, crit.max_points, crit.name)
    kept = frozenset(application_by_number(workspace, call_id, n) for n in keep)
    demoted = frozenset(application_by_number(workspace, call_id, n) for n in demote)
    return Rescore(app_id, crit_id, eval_id, points), kept, demoted
