"""Keep the mobility list's denormalised columns current when a person or host is renamed.

participant_sort_key = the person's sort key (last name, first name); receiving_sort_key = the
receiving organisation's sort key; search_key = participant name + receiving organisation name
+ destination city (``core.text.search_key``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from intervet_desktop.core.text import search_key, sort_key
from intervet_desktop.db.models import Application, Mobility, Organisation, Person, utcnow


def mobility_search_key(
    first_name: str | None, last_name: str | None, receiving_name: str | None, city: str | None
) -> str:
    return search_key(first_name, last_name, receiving_name, city)


def refresh_mobility_keys(
    session: Session,
    *,
    person_ids: Iterable[int] = (),
    organisation_ids: Iterable[int] = (),
) -> int:
    """Recompute the keys of every mobility of these people or received by these organisations."""
    people, orgs = list(person_ids), list(organisation_ids)
    if people:
        refresh_application_keys(session, people)
    if not people and not orgs:
        return 0
    session.flush()
    receiving = aliased(Organisation)
    clauses: list[ColumnElement[bool]] = []
    if people:
        clauses.append(col(Mobility.person_id).in_(people))
    if orgs:
        clauses.append(col(Mobility.receiving_org_id).in_(orgs))
    query = (
        select(
            col(Mobility.id),
            col(Person.first_name),
            col(Person.last_name),
            col(receiving.name),
            col(Mobility.destination_city),
        )
        .join(Person, col(Person.id) == col(Mobility.person_id))
        .outerjoin(receiving, col(receiving.id) == col(Mobility.receiving_org_id))
        .where(or_(*clauses))
    )
    now = utcnow()
    rows = [
        {
            "id": mobility_id,
            "participant_sort_key": sort_key(last, first),
            "receiving_sort_key": sort_key(org_name),
            "search_key": mobility_search_key(first, last, org_name, city),
            "updated_at": now,
        }
        for mobility_id, first, last, org_name, city in session.execute(query)
    ]
    if rows:
        session.execute(update(Mobility), rows)
    return len(rows)


def refresh_application_keys(session: Session, person_ids: Iterable[int]) -> int:
    """Applications' search key (number + applicant name) after a person is renamed or merged."""
    people = list(person_ids)
    if not people:
        return 0
    session.flush()
    query = (
        select(col(Application.id), col(Application.number), col(Person.first_name), col(Person.last_name))
        .join(Person, col(Person.id) == col(Application.person_id))
        .where(col(Application.person_id).in_(people))
    )
    now = utcnow()
    rows = [
        {"id": i, "search_key": search_key(number, first, last), "updated_at": now}
        for i, number, first, last in session.execute(query)
    ]
    if rows:
        session.execute(update(Application), rows)
    return len(rows)
