"""A project's rates come from its own grant agreement's annex. The user starts from a built-in set
(or a copy of it corrected to the annex) and marks it confirmed; until then every amount shown
carries a "rates not confirmed" mark. Choosing another rate set clears the confirmation
(``services.project_settings``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.errors import UserError
from intervet_desktop.core.messages import Message, msg, register
from intervet_desktop.db.models import Project, RateSetRow, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.rates import parse_row, resolve_in

register(
    "rates_not_confirmed",
    "Rates not confirmed: {rates} is a starting point. Check every figure against the grant "
    "agreement's annex and mark the rates confirmed.",
)


@dataclass(frozen=True)
class RatesStatus:
    project_id: int
    rate_set_id: int
    rate_set: str  # code@version
    name: str
    builtin: bool
    unverified: tuple[str, ...]
    confirmed_on: date | None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_on is not None

    def warning(self) -> Message | None:
        return None if self.confirmed else msg("rates_not_confirmed", rates=self.rate_set)


def _project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise UserError(msg("project_not_found", id=project_id))
    return project


def _row_of(session: Session, project: Project) -> RateSetRow:
    if project.rate_set_id is not None:
        row = session.get(RateSetRow, project.rate_set_id)
        assert row is not None
        return row
    from intervet_desktop.services.grants import _RateBook  # the built-in set of the call year

    row_id, _ = _RateBook(session).for_year(project.call_year)
    found = session.get(RateSetRow, row_id)
    assert found is not None
    return found


def _status(session: Session, project: Project) -> RatesStatus:
    row = _row_of(session, project)
    rates = parse_row(row)
    return RatesStatus(
        project.id or 0,
        row.id or 0,
        f"{row.code}@{row.version}",
        row.name,
        row.builtin,
        tuple(rates.unverified or ()),
        project.rates_confirmed_on,
    )


def rates_status(workspace: Workspace, project_id: int) -> RatesStatus:
    with workspace.session() as session:  # a write session: built-in sets may be installed
        return _status(session, _project(session, project_id))


def rates_confirmed_in(session: Session, project_id: int) -> bool:
    project = session.get(Project, project_id)
    return project is not None and project.rates_confirmed_on is not None


def rates_confirmed(workspace: Workspace, project_id: int) -> bool:
    """For screens showing amounts: False until the project's rates are confirmed from the annex."""
    with workspace.read_session() as session:
        return rates_confirmed_in(session, project_id)


def confirm_rates(
    workspace: Workspace, project_id: int, rate_set: str | int | None = None, on: date | None = None
) -> Result[RatesStatus]:
    """Pin the project to a rate set version (given, or the one it uses) and mark it confirmed."""
    on = on or date.today()
    with workspace.session() as session:
        project = _project(session, project_id)
        row = resolve_in(session, rate_set) if rate_set is not None else _row_of(session, project)
        before = {"rate_set_id": project.rate_set_id, "rates_confirmed_on": project.rates_confirmed_on}
        project.rate_set_id = row.id
        project.rates_confirmed_on = on
        project.updated_at = utcnow()
        session.add(project)
        after = {"rate_set_id": project.rate_set_id, "rates_confirmed_on": on}
        audit.record(session, "project", project_id, AuditAction.UPDATE, audit.diff(before, after))
        status = _status(session, project)
    return Result(status, Changes.of(Kind.PROJECT, project_id))


def unconfirm_rates(workspace: Workspace, project_id: int) -> Result[RatesStatus]:
    with workspace.session() as session:
        project = _project(session, project_id)
        before = project.rates_confirmed_on
        project.rates_confirmed_on = None
        project.updated_at = utcnow()
        session.add(project)
        audit.record(
            session, "project", project_id, AuditAction.UPDATE, {"rates_confirmed_on": [str(before), None]}
        )
        status = _status(session, project)
    return Result(status, Changes.of(Kind.PROJECT, project_id))
