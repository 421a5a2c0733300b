"""Internationalisation roadmaps: objectives, actions, indicators (some computed from the data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import distinct, func, or_
from sqlmodel import Session, col, select

from intervet_desktop.core.enums import CallStatus, Direction, MobilityStatus, PersonRole
from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import Message, msg, register
from intervet_desktop.core.office import (
    SUBMITTED_STATES,
    ActionStatus,
    IndicatorSource,
    IndicatorUnit,
    check_action_dates,
    check_indicator,
    progress_percent,
)
from intervet_desktop.db.models import (
    Call,
    FundingOpportunity,
    Mobility,
    NetworkContact,
    Organisation,
    Person,
    ProjectPartner,
    RoadmapAction,
    RoadmapIndicator,
    RoadmapObjective,
    StaffTraining,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.changes import Kind, Result
from intervet_desktop.services.office.common import (
    choice_problem,
    exists,
    must,
    remove,
    required_date,
    required_text,
    save,
)
from intervet_desktop.services.record_errors import not_found

register(
    "office_derived_staff_mobilities",
    "{count} outgoing staff mobilities of {school} starting in {year} (mobilities, not cancelled).",
)
register(
    "office_derived_learners_abroad",
    "{count} learners of {school} with an outgoing mobility starting in {year} (mobilities, not cancelled).",
)
register(
    "office_derived_language",
    (
        "{with_cert} of {staff} staff of {school} have a training with a language competence "
        "completed by the end of {year} (staff training): {share} %."
    ),
)
register(
    "office_derived_calls",
    "{count} calls for applications opened in {year} and published (calls, not drafts).",
)
register(
    "office_derived_applications",
    "{count} EU applications of {school} with a deadline in {year} submitted (programme register).",
)
register("office_manual_measured", "Entered by hand on {date}.")
register("office_manual_none", "Not measured yet.")

OBJECTIVE, ACTION, INDICATOR = Kind.ROADMAP_OBJECTIVE, Kind.ROADMAP_ACTION, Kind.ROADMAP_INDICATOR
STAFF_ROLES = [r.value for r in PersonRole if r.is_staff]
LEARNER_ROLES = [PersonRole.LEARNER.value, PersonRole.RECENT_GRADUATE.value]


@dataclass(frozen=True)
class ObjectiveForm:
    organisation_id: int | None
    title: str
    description: str = ""
    position: int = 0


@dataclass(frozen=True)
class ActionForm:
    objective_id: int | None
    title: str
    start_on: date | None
    due_on: date | None
    status: str = ActionStatus.PLANNED.value
    owner_id: int | None = None
    expert_id: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class IndicatorForm:
    objective_id: int | None
    name: str
    source: str = IndicatorSource.MANUAL.value
    unit: str = IndicatorUnit.COUNT.value
    year: int | None = None
    baseline: int = 0
    target: int = 0
    actual: int | None = None
    measured_on: date | None = None


def save_objective(workspace: Workspace, row_id: int | None, form: ObjectiveForm) -> Result[int]:
    def clean(session: Session) -> tuple[dict[str, Any], list[Problem]]:
        problems: list[Problem] = []
        must(session, Organisation, form.organisation_id, "organisation_id", "School", problems)
        values = {
            "organisation_id": form.organisation_id,
            "title": required_text(form.title, "title", "Objective", problems),
            "description": form.description.strip(),
            "position": form.position,
        }
        return values, problems

    return save(workspace, RoadmapObjective, OBJECTIVE, row_id, clean)


def delete_objective(workspace: Workspace, row_id: int) -> Result[None]:
    """Removes the objective with its actions and indicators."""
    return remove(workspace, RoadmapObjective, OBJECTIVE, row_id)


def save_action(workspace: Workspace, row_id: int | None, form: ActionForm) -> Result[int]:
    def clean(session: Session) -> tuple[dict[str, Any], list[Problem]]:
        problems: list[Problem] = []
        must(session, RoadmapObjective, form.objective_id, "objective_id", "Objective", problems)
        exists(session, Person, form.owner_id, "owner_id", "person", problems)
        exists(session, NetworkContact, form.expert_id, "expert_id", "network contact", problems)
        start = required_date(form.start_on, "start_on", "Start", problems)
        due = required_date(form.due_on, "due_on", "Due date", problems)
        if start is not None and due is not None:
            problems.extend(check_action_dates(start, due))
        values = {
            "objective_id": form.objective_id,
            "title": required_text(form.title, "title", "Action", problems),
            "start_on": start,
            "due_on": due,
            "status": choice_problem(form.status, ActionStatus, "status", "Status", problems),
            "owner_id": form.owner_id,
            "expert_id": form.expert_id,
            "notes": form.notes.strip(),
        }
        return values, problems

    return save(workspace, RoadmapAction, ACTION, row_id, clean, extra_kinds=(OBJECTIVE,))


def delete_action(workspace: Workspace, row_id: int) -> Result[None]:
    return remove(workspace, RoadmapAction, ACTION, row_id)


def save_indicator(workspace: Workspace, row_id: int | None, form: IndicatorForm) -> Result[int]:
    def clean(session: Session) -> tuple[dict[str, Any], list[Problem]]:
        problems: list[Problem] = []
        must(session, RoadmapObjective, form.objective_id, "objective_id", "Objective", problems)
        source = choice_problem(form.source, IndicatorSource, "source", "Source", problems)
        unit = choice_problem(form.unit, IndicatorUnit, "unit", "Unit", problems)
        if not problems:
            problems.extend(
                check_indicator(
                    IndicatorSource(source), IndicatorUnit(unit), form.target, form.baseline, form.year
                )
            )
        manual = source == IndicatorSource.MANUAL.value
        if manual and form.actual is not None and form.measured_on is None:
            problems.append(Problem("measured_on", msg("field_required", field="measured_on")))
        values = {
            "objective_id": form.objective_id,
            "name": required_text(form.name, "name", "Indicator", problems),
            "source": source,
            "unit": unit,
            "year": form.year,
            "baseline": form.baseline,
            "target": form.target,
            "actual": form.actual if manual else None,
            "measured_on": form.measured_on if manual else None,
        }
        return values, problems

    return save(workspace, RoadmapIndicator, INDICATOR, row_id, clean, extra_kinds=(OBJECTIVE,))


def delete_indicator(workspace: Workspace, row_id: int) -> Result[None]:
    return remove(workspace, RoadmapIndicator, INDICATOR, row_id)


# ---------------------------------------------------------------- computed indicators
@dataclass(frozen=True)
class Measured:
    value: int | None
    derivation: Message


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _outgoing(
    session: Session, organisation_id: int, year: int, roles: list[str], distinct_people: bool
) -> int:
    first, last = _year_bounds(year)
    counted = distinct(col(Mobility.person_id)) if distinct_people else col(Mobility.id)
    query = (
        select(func.count(counted))
        .join(Person, col(Person.id) == col(Mobility.person_id))
        .where(
            col(Mobility.direction) == Direction.OUTGOING.value,
            col(Mobility.status) != MobilityStatus.CANCELLED.value,
            col(Mobility.planned_start).between(first, last),
            col(Person.role).in_(roles),
            or_(
                col(Mobility.sending_org_id) == organisation_id,
                col(Mobility.sending_org_id).is_(None) & (col(Person.employer_id) == organisation_id),
            ),
        )
    )
    return int(session.exec(query).one())


def measure(session: Session, indicator: RoadmapIndicator, organisation: Organisation) -> Measured:
    """The indicator's actual value and how it was found."""
    source = IndicatorSource(indicator.source)
    school = organisation.name
    year = indicator.year
    if source == IndicatorSource.MANUAL or year is None:
        if indicator.measured_on is not None:
            return Measured(
                indicator.actual, msg("office_manual_measured", date=indicator.measured_on.isoformat())
            )
        return Measured(indicator.actual, msg("office_manual_none"))
    oid = organisation.id or 0
    if source == IndicatorSource.STAFF_MOBILITIES:
        n = _outgoing(session, oid, year, STAFF_ROLES, distinct_people=False)
        return Measured(n, msg("office_derived_staff_mobilities", count=n, school=school, year=year))
    if source == IndicatorSource.LEARNERS_ABROAD:
        n = _outgoing(session, oid, year, LEARNER_ROLES, distinct_people=True)
        return Measured(n, msg("office_derived_learners_abroad", count=n, school=school, year=year))
    if source == IndicatorSource.LANGUAGE_CERTIFICATES:
        staff_q = select(col(Person.id)).where(
            col(Person.employer_id) == oid,
            col(Person.role).in_(STAFF_ROLES),
            col(Person.archived).is_(False),
        )
        staff = int(session.exec(select(func.count()).select_from(staff_q.subquery())).one())
        with_cert = int(
            session.exec(
                select(func.count(distinct(col(StaffTraining.person_id)))).where(
                    col(StaffTraining.person_id).in_(staff_q),
                    func.lower(col(StaffTraining.competences)).contains("language"),
                    col(StaffTraining.end_on) <= date(year, 12, 31),
                )
            ).one()
        )
        share = with_cert * 100 // staff if staff else 0
        return Measured(
            share,
            msg(
                "office_derived_language",
                with_cert=with_cert,
                staff=staff,
                school=school,
                year=year,
                share=share,
            ),
        )
    if source == IndicatorSource.CALLS_PUBLISHED:
        first, last = _year_bounds(year)
        query = select(func.count(col(Call.id))).where(
            col(Call.opens_on).between(first, last), col(Call.status) != CallStatus.DRAFT.value
        )
        if not organisation.is_own:
            query = query.where(
                col(Call.project_id).in_(
                    select(col(ProjectPartner.project_id)).where(col(ProjectPartner.organisation_id) == oid)
                )
            )
        n = int(session.exec(query).one())
        return Measured(n, msg("office_derived_calls", count=n, year=year))
    first, last = _year_bounds(year)
    n = int(
        session.exec(
            select(func.count(col(FundingOpportunity.id))).where(
                col(FundingOpportunity.organisation_id) == oid,
                col(FundingOpportunity.deadline).between(first, last),
                col(FundingOpportunity.status).in_([s.value for s in SUBMITTED_STATES]),
            )
        ).one()
    )
    return Measured(n, msg("office_derived_applications", count=n, school=school, year=year))


# ---------------------------------------------------------------- reading a roadmap
@dataclass(frozen=True)
class IndicatorView:
    id: int
    objective_id: int
    name: str
    source: str
    unit: str
    year: int | None
    baseline: int
    target: int
    actual: int | None
    measured_on: date | None
    progress: int | None
    derivation: Message


@dataclass(frozen=True)
class ActionView:
    id: int
    objective_id: int
    title: str
    start_on: date
    due_on: date
    status: str
    owner_id: int | None
    owner: str
    expert_id: int | None
    expert: str
    notes: str
    overdue: bool


@dataclass(frozen=True)
class ObjectiveView:
    id: int
    title: str
    description: str
    position: int
    actions: tuple[ActionView, ...]
    indicators: tuple[IndicatorView, ...]

    @property
    def progress(self) -> int | None:
        known = [i.progress for i in self.indicators if i.progress is not None]
        return sum(known) // len(known) if known else None


@dataclass(frozen=True)
class Roadmap:
    organisation_id: int
    school: str
    country: str
    objectives: tuple[ObjectiveView, ...]


def own_and_member_schools(workspace: Workspace) -> list[tuple[int, str]]:
    with workspace.read_session() as session:
        rows = session.exec(
            select(Organisation)
            .where(
                or_(
                    col(Organisation.is_own),
                    col(Organisation.is_partner),
                    col(Organisation.is_consortium_member),
                )
            )
            .where(col(Organisation.archived).is_(False))
            .order_by(col(Organisation.is_own).desc(), col(Organisation.sort_key))
        ).all()
        return [(r.id or 0, r.name) for r in rows]


def organisation_by_ref(workspace: Workspace, ref: str) -> int:
    """An organisation by id or by (exact, case-insensitive) name."""
    from intervet_desktop.core.errors import UserError
    from intervet_desktop.core.text import search_key

    with workspace.read_session() as session:
        if ref.strip().isdigit():
            org = session.get(Organisation, int(ref))
            if org is not None:
                return org.id or 0
        key = search_key(ref)
        for org in session.exec(select(Organisation).where(col(Organisation.sort_key) == key)):
            return org.id or 0
        matches = session.exec(
            select(Organisation).where(col(Organisation.search_key).contains(key)).limit(2)
        ).all()
        if len(matches) == 1:
            return matches[0].id or 0
    raise UserError(msg("not_found", entity="organisation", key="id or name", value=ref))


def load_roadmap(workspace: Workspace, organisation_id: int, today: date | None = None) -> Roadmap:
    today = today or date.today()
    with workspace.read_session() as session:
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise not_found("organisation", organisation_id)
        objectives = session.exec(
            select(RoadmapObjective)
            .where(col(RoadmapObjective.organisation_id) == organisation_id)
            .order_by(col(RoadmapObjective.position), col(RoadmapObjective.id))
        ).all()
        views = []
        for obj in objectives:
            actions = session.exec(
                select(RoadmapAction)
                .where(col(RoadmapAction.objective_id) == obj.id)
                .order_by(col(RoadmapAction.start_on), col(RoadmapAction.id))
            ).all()
            indicators = session.exec(
                select(RoadmapIndicator)
                .where(col(RoadmapIndicator.objective_id) == obj.id)
                .order_by(col(RoadmapIndicator.id))
            ).all()
            action_views = []
            for a in actions:
                expert = session.get(NetworkContact, a.expert_id) if a.expert_id else None
                owner = session.get(Person, a.owner_id) if a.owner_id else None
                action_views.append(
                    ActionView(
                        a.id or 0,
                        obj.id or 0,
                        a.title,
                        a.start_on,
                        a.due_on,
                        a.status,
                        a.owner_id,
                        f"{owner.first_name} {owner.last_name}" if owner else "",
                        a.expert_id,
                        f"{expert.first_name} {expert.last_name}".strip() if expert else "",
                        a.notes,
                        a.due_on < today
                        and a.status not in (ActionStatus.DONE.value, ActionStatus.DROPPED.value),
                    )
                )
            indicator_views = []
            for i in indicators:
                m = measure(session, i, org)
                indicator_views.append(
                    IndicatorView(
                        i.id or 0,
                        obj.id or 0,
                        i.name,
                        i.source,
                        i.unit,
                        i.year,
                        i.baseline,
                        i.target,
                        m.value,
                        i.measured_on,
                        progress_percent(i.baseline, i.target, m.value),
                        m.derivation,
                    )
                )
            views.append(
                ObjectiveView(
                    obj.id or 0,
                    obj.title,
                    obj.description,
                    obj.position,
                    tuple(action_views),
                    tuple(indicator_views),
                )
            )
        return Roadmap(org.id or 0, org.name, org.country, tuple(views))
