"""Converting a selected application into a planned mobility."""

from __future__ import annotations

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import Direction
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg
from intervet_desktop.core.mobility_rules import MobilityForm
from intervet_desktop.db.models import (
    Application,
    ApplicationPreference,
    Mobility,
    Organisation,
    Person,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.applications.records import (
    ENTITY,
    SELECTED,
    _call,
    _events,
    _get,
    event_row,
)
from intervet_desktop.services.changes import Result
from intervet_desktop.services.mobilities import create_in_session


def convert_to_mobility(workspace: Workspace, application_id: int) -> Result[int]:
    """A planned mobility prefilled from a selected application (person, sending school, host,
    dates), created the same way as by hand (``mobilities.create_in_session``: evidence checklist,
    audit row, status event, Beneficiary Module id, grant snapshot), in one transaction with the
    application's history."""
    with workspace.session() as session:
        a = _get(session, application_id)
        form = mobility_form(session, a)
        mobility_id, changes = create_in_session(session, form, application_id=application_id)
        _events(session, [event_row(application_id, "converted", None, f"mobility #{mobility_id}", "")])
    return Result(mobility_id, changes.add(ENTITY, [application_id]))


def mobility_form(session: Session, a: Application) -> MobilityForm:
    """The mobility form a selected application fills in; refused when it is not selected, already
    converted, or has no dates or destination."""
    assert a.id is not None
    call = _call(session, a.call_id)
    if a.status not in SELECTED:
        raise ValidationError.single("status", "app_not_selected", number=a.number, status=a.status)
    existing = session.exec(select(Mobility.id).where(col(Mobility.application_id) == a.id)).first()
    if existing is not None:
        raise ValidationError.single(
            "application", "app_already_converted", number=a.number, mobility=existing
        )
    problems: list[Problem] = []
    if a.preferred_start is None or a.preferred_end is None:
        problems.append(Problem("preferred_start", msg("app_no_dates", number=a.number)))
    pref = session.exec(
        select(ApplicationPreference)
        .where(ApplicationPreference.application_id == a.id)
        .order_by(col(ApplicationPreference.position))
    ).first()
    host = session.get(Organisation, pref.host_id) if pref is not None and pref.host_id is not None else None
    country = host.country if host is not None else (pref.country if pref is not None else None)
    if not country:
        problems.append(Problem("preferences", msg("app_no_destination", number=a.number)))
    if problems:
        raise ValidationError(problems)
    person = session.get(Person, a.person_id)
    assert person is not None and country
    return MobilityForm(
        project_id=call.project_id,
        direction=Direction.OUTGOING.value,
        person_id=a.person_id,
        activity_type=call.activity_type,
        sending_org_id=person.employer_id,
        receiving_org_id=host.id if host is not None else None,
        destination_city=(host.city or "") if host is not None else "",
        destination_country=country,
        planned_start=a.preferred_start,
        planned_end=a.preferred_end,
        fewer_opportunities=a.fewer_opportunities,
    )
