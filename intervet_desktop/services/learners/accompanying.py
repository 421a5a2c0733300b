"""Accompanying persons: the learners each one accompanies (at least one), how many accompanying
persons a learner may have (the rate set's rule) and their dates within the learners' stay."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.db.models import AccompaniedLearner, Mobility, Person
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.learners.rules import (
    accompanied_count_in,
    is_learner_activity,
    learner_rules_in,
)
from intervet_desktop.services.record_errors import not_found

log = logging.getLogger(__name__)
ENTITY = "mobility"

register("accompanying_not_accompanying", "Mobility {id} is not an accompanying person's mobility.")
register(
    "accompanying_learner_invalid",
    "Mobility {id} cannot be accompanied: it is not a learner's mobility of the same project.",
)
register(
    "accompanying_ratio",
    "{name} already has {count} accompanying persons; the rate set allows at most {max} per learner.",
)
register(
    "accompanying_outside_stay",
    "The accompanying person's stay ({start} to {end}) is outside the stay of the learners it "
    "accompanies ({first} to {last}).",
)


@dataclass(frozen=True)
class AccompaniedRow:
    mobility_id: int
    name: str


def accompanied_in(session: Session, accompanying_id: int) -> list[AccompaniedRow]:
    rows = session.exec(
        select(Mobility.id, Person.first_name, Person.last_name)
        .join(AccompaniedLearner, col(AccompaniedLearner.learner_id) == col(Mobility.id))
        .join(Person, col(Person.id) == col(Mobility.person_id))
        .where(AccompaniedLearner.accompanying_id == accompanying_id)
        .order_by(col(Person.last_name), col(Person.first_name))
    ).all()
    return [AccompaniedRow(int(mid or 0), f"{first} {last}") for mid, first, last in rows]


def accompanied_learners(workspace: Workspace, accompanying_id: int) -> list[AccompaniedRow]:
    with workspace.read_session() as session:
        return accompanied_in(session, accompanying_id)


def set_accompanied(
    workspace: Workspace, accompanying_id: int, learner_ids: Sequence[int]
) -> Result[list[AccompaniedRow]]:
    """Replace the learners an accompanying person accompanies; nothing saved when a rule is broken."""
    wanted = list(dict.fromkeys(learner_ids))
    with workspace.session() as session:
        person_mobility = session.get(Mobility, accompanying_id)
        if person_mobility is None:
            raise not_found(ENTITY, accompanying_id)
        if not person_mobility.is_accompanying:
            raise ValidationError.single(
                "is_accompanying", "accompanying_not_accompanying", id=accompanying_id
            )
        if not wanted:
            raise ValidationError.single(
                "accompanied_learners", "field_required", field="accompanied_learners"
            )
        rules = learner_rules_in(session, person_mobility.project_id)
        problems: list[Problem] = []
        learners: list[Mobility] = []
        for learner_id in wanted:
            learner = session.get(Mobility, learner_id)
            if (
                learner is None
                or learner.project_id != person_mobility.project_id
                or learner.is_accompanying
                or not is_learner_activity(learner.activity_type)
            ):
                problems.append(
                    Problem("accompanied_learners", msg("accompanying_learner_invalid", id=learner_id))
                )
                continue
            learners.append(learner)
            already = accompanied_count_in(session, learner_id) - int(
                session.exec(
                    select(AccompaniedLearner.id).where(
                        AccompaniedLearner.learner_id == learner_id,
                        AccompaniedLearner.accompanying_id == accompanying_id,
                    )
                ).first()
                is not None
            )
            if already + 1 > rules.accompanying_max_per_learner:
                person = session.get(Person, learner.person_id)
                name = f"{person.first_name} {person.last_name}" if person else str(learner_id)
                problems.append(
                    Problem(
                        "accompanied_learners",
                        msg(
                            "accompanying_ratio",
                            name=name,
                            count=already,
                            max=rules.accompanying_max_per_learner,
                        ),
                    )
                )
        if learners:
            first = min(m.planned_start for m in learners)
            last = max(m.planned_end for m in learners)
            start, end = person_mobility.planned_start, person_mobility.planned_end
            if start < first or end > last:
                problems.append(
                    Problem(
                        "planned_start",
                        msg("accompanying_outside_stay", start=start, end=end, first=first, last=last),
                    )
                )
        if problems:
            raise ValidationError(problems)
        before = [row.mobility_id for row in accompanied_in(session, accompanying_id)]
        session.exec(
            delete(AccompaniedLearner).where(col(AccompaniedLearner.accompanying_id) == accompanying_id)
        )
        for learner_id in wanted:
            session.add(AccompaniedLearner(accompanying_id=accompanying_id, learner_id=learner_id))
        person_mobility.accompanies_id = wanted[0]
        session.add(person_mobility)
        audit.record(session, ENTITY, accompanying_id, AuditAction.UPDATE, {"accompanied": [before, wanted]})
        session.flush()
        rows = accompanied_in(session, accompanying_id)
    log.info("accompanying mobility %d: %d learners", accompanying_id, len(wanted))
    return Result(rows, Changes.of(Kind.MOBILITY, accompanying_id, *wanted))
