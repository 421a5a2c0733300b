"""The staff mobility programme (objectives, activities, outcomes, language)."""

from __future__ import annotations

import logging

from sqlmodel import select

from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.validation.languages import language as language_rule
from intervet_desktop.db.models import Mobility, MobilityProgramme, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.model import ProgrammeData
from intervet_desktop.services.changes import Changes, Kind, Result

log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------------ programme
def get_programme(workspace: Workspace, mobility_id: int) -> ProgrammeData:
    """The mobility's programme, empty fields when none has been written yet."""
    with workspace.read_session() as session:
        row = session.exec(
            select(MobilityProgramme).where(MobilityProgramme.mobility_id == mobility_id)
        ).first()
    if row is None:
        return ProgrammeData(objectives="", activities="", outcomes="", language="en")
    return ProgrammeData(
        objectives=row.objectives,
        activities=row.activities,
        outcomes=row.outcomes,
        language=row.language,
        added_value=row.added_value,
    )


def set_programme(
    workspace: Workspace,
    mobility_id: int,
    *,
    objectives: str,
    activities: str,
    outcomes: str,
    language: str,
    added_value: str = "",
) -> Result[None]:
    """Write a mobility's programme; a draft may leave fields empty, an unknown language is refused."""
    code = language_rule(language, "programme.language")
    if isinstance(code, Problem):
        raise ValidationError([code])
    with workspace.session() as session:
        if session.get(Mobility, mobility_id) is None:
            raise ValidationError.single(
                "mobility", "not_found", entity="mobility", key="id", value=mobility_id
            )
        row = session.exec(
            select(MobilityProgramme).where(MobilityProgramme.mobility_id == mobility_id)
        ).first()
        row = row or MobilityProgramme(mobility_id=mobility_id)
        row.objectives, row.activities, row.outcomes = (
            objectives.strip(),
            activities.strip(),
            outcomes.strip(),
        )
        row.language, row.added_value = code or "", added_value.strip()
        row.updated_at = utcnow()
        session.add(row)
    return Result(None, Changes.of(Kind.MOBILITY, mobility_id))
