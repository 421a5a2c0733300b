"""Converting a selected application into a planned mobility."""

from __future__ import annotations

from sqlmodel import col, select

from intervet_desktop.core.enums import MobilityStatus
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg
from intervet_desktop.db.models import (
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
from intervet_desktop.services.changes import Changes, Result
from intervet_desktop.services.mobility_keys import mobility_search_key

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
    return Result(mobility_id, Changes.of("mobility", mobility_id).add(ENTITY, [application_id]))
