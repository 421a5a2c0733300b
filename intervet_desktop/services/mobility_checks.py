"""Mobilities: checking a form (every problem at once, against the project, its rate set, the
gazetteer and the other records) and the read-only session the checks run in."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from intervet_desktop.core.distance import estimate_km
from intervet_desktop.core.enums import Direction
from intervet_desktop.core.errors import Problem, UserError, ValidationError
from intervet_desktop.core.messages import Message, msg
from intervet_desktop.core.mobility_rules import FORM_FIELDS, MobilityForm, check_form
from intervet_desktop.core.places import Place, find_place
from intervet_desktop.core.rates import RateSet
from intervet_desktop.core.validation.result import by_field
from intervet_desktop.db.models import Contact, Mobility, Organisation, Person, Project
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import grants
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.grants import _RateBook
from intervet_desktop.services.learners.rules import form_problems_in as learner_form_problems_in

ENTITY = Kind.MOBILITY


def problem(where: str, code: str, /, **params: Any) -> Problem:
    """A problem of one form field (``field`` stays free as a message parameter)."""
    return Problem(where, msg(code, **params))


_reading = grants.reading  # forms validate on every keystroke without taking the write lock


def _project(session: Session, project_id: int | None) -> Project | None:
    return session.get(Project, project_id) if project_id is not None else None


def _rates(session: Session, project: Project) -> tuple[int, RateSet] | None:
    try:
        pr = _RateBook(session).for_project(
            {
                "rate_set_id": project.rate_set_id,
                "call_year": project.call_year,
                "start_date": project.start_date,
                "end_date": project.end_date,
            }
        )
    except (UserError, AssertionError):
        return None
    return pr.row_id, pr.rates


def _org_place(org: Organisation | None) -> str | None:
    if org is None:
        return None
    if org.latitude is not None and org.longitude is not None:
        return f"{org.latitude},{org.longitude},{org.country}"
    if org.city:
        return f"{org.city},{org.country}"
    return None


def _estimate(session: Session, form: MobilityForm) -> tuple[int | None, Problem | None]:
    """Great-circle km between the origin (typed, else the sending organisation) and the destination."""
    if form.origin_city.strip():
        origin_text: str | None = ",".join(
            x for x in (form.origin_city.strip(), form.origin_country.strip()) if x
        )
    else:
        sender = session.get(Organisation, form.sending_org_id) if form.sending_org_id else None
        origin_text = _org_place(sender)
    if not form.destination_city.strip() or not form.destination_country.strip() or origin_text is None:
        return None, None
    try:
        origin: Place = find_place(origin_text, field="origin_city")
        destination = find_place(
            f"{form.destination_city.strip()},{form.destination_country.strip()}", field="destination_city"
        )
    except ValidationError as exc:
        return None, exc.problems[0]
    return estimate_km(origin, destination), None


def _references(session: Session, form: MobilityForm, mobility_id: int | None) -> list[Problem]:
    found: list[Problem] = []
    if form.person_id is not None and session.get(Person, form.person_id) is None:
        found.append(problem("person_id", "not_found", entity="person", key="id", value=form.person_id))
    if form.sending_org_id is not None:
        sender = session.get(Organisation, form.sending_org_id)
        if sender is None:
            found.append(
                problem(
                    "sending_org_id", "not_found", entity="organisation", key="id", value=form.sending_org_id
                )
            )
        elif form.direction == Direction.OUTGOING and not (sender.is_own or sender.is_consortium_member):
            found.append(problem("sending_org_id", "mobility_sending_not_allowed"))
    if form.receiving_org_id is not None and session.get(Organisation, form.receiving_org_id) is None:
        found.append(
            problem(
                "receiving_org_id", "not_found", entity="organisation", key="id", value=form.receiving_org_id
            )
        )
    if form.host_tutor_id is not None:
        tutor = session.get(Contact, form.host_tutor_id)
        if tutor is None or tutor.organisation_id != form.receiving_org_id:
            found.append(problem("host_tutor_id", "mobility_tutor_not_of_host"))
    if form.is_accompanying and form.accompanies_id is not None:
        other = session.get(Mobility, form.accompanies_id)
        if (
            other is None
            or other.project_id != form.project_id
            or other.id == mobility_id
            or (form.activity_type.startswith("LM-") and other.is_accompanying)
        ):
            found.append(problem("accompanies_id", "mobility_accompanies_invalid"))
    bm_id = form.bm_activity_id.strip()
    if bm_id and form.project_id is not None:
        query = select(Mobility.id).where(
            Mobility.project_id == form.project_id, Mobility.bm_activity_id == bm_id
        )
        if mobility_id is not None:
            query = query.where(Mobility.id != mobility_id)
        if session.exec(query).first() is not None:
            found.append(problem("bm_activity_id", "mobility_bm_id_taken", value=bm_id))
    return found


def _check(
    session: Session, form: MobilityForm, mobility_id: int | None
) -> tuple[list[Problem], int | None, Problem | None]:
    project = _project(session, form.project_id)
    found: list[Problem] = []
    if form.project_id is not None and project is None:
        found.append(problem("project_id", "not_found", entity="project", key="id", value=form.project_id))
    rates = _rates(session, project) if project is not None else None
    estimate, place_problem = _estimate(session, form)
    found += check_form(
        form,
        project_period=(project.start_date, project.end_date) if project is not None else None,
        rates=rates[1] if rates else None,
        distance_estimate_km=estimate,
    )
    found += _references(session, form, mobility_id)
    found += learner_form_problems_in(session, form, rates[1] if rates else None)
    return found, estimate, place_problem


def validate_mobility(
    workspace: Workspace, form: MobilityForm, mobility_id: int | None = None
) -> dict[str, Message]:
    """Every problem of the form (field -> message); nothing saved."""
    with _reading(workspace) as session:
        return by_field(_check(session, form, mobility_id)[0])


def _form_of(mobility: Mobility) -> MobilityForm:
    data: dict[str, Any] = {"project_id": mobility.project_id}
    for name in FORM_FIELDS:
        if name == "project_id":
            continue
        value = getattr(mobility, name)
        if value is None and isinstance(getattr(MobilityForm, name, None), str):
            value = ""
        data[name] = value
    return MobilityForm(**data)
