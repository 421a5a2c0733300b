"""List specs for the Organisations and People pages (lazy, SQL-filtered and sorted)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select, true
from sqlmodel import col

from intervet_desktop.db.models import Mobility, Organisation, Person
from intervet_desktop.services.listing import Column, ListSpec

_org = Organisation.__table__  # type: ignore[attr-defined]
_person = Person.__table__  # type: ignore[attr-defined]


def _org_role(value: Any) -> ColumnElement[bool]:
    clauses: dict[str, ColumnElement[bool]] = {
        "own": _org.c.is_own.is_(True),
        "partner": _org.c.is_partner.is_(True),
        "host": _org.c.is_host.is_(True),
        "consortium": _org.c.is_consortium_member.is_(True),
    }
    return clauses.get(str(value), true())


def _archived(table: Any) -> Any:
    return lambda value: table.c.archived.is_(bool(value))


ORGANISATIONS = ListSpec(
    name="organisations",
    source=_org,
    id_expr=_org.c.id,
    columns=(
        Column("name", "Name", _org.c.name, sort_expr=_org.c.sort_key, width=260),
        Column("city", "City", _org.c.city),
        Column("country", "Country", _org.c.country, kind="country", width=70),
        Column("kind", "Type", _org.c.kind, kind="enum"),
        Column("oid", "OID", _org.c.oid, width=100),
        Column("is_host", "Host", _org.c.is_host, kind="bool", width=60),
        Column("is_partner", "Partner", _org.c.is_partner, kind="bool", width=60),
        Column("oid_requested_on", "OID requested", _org.c.oid_requested_on, kind="date", width=100),
    ),
    search_expr=_org.c.search_key,
    default_sort="name",
    filters={
        "kind": lambda value: _org.c.kind == value,
        "country": lambda value: _org.c.country == value,
        "role": _org_role,
        "archived": _archived(_org),
        "needs_oid": lambda value: and_(_org.c.is_host.is_(True), _org.c.oid.is_(None)) if value else true(),
    },
)

_employer = _org.alias("employer")
_mobility_counts = (
    select(col(Mobility.person_id).label("person_id"), func.count().label("n"))
    .group_by(col(Mobility.person_id))
    .subquery()
)
_people_source = _person.outerjoin(_employer, _employer.c.id == _person.c.employer_id).outerjoin(
    _mobility_counts, _mobility_counts.c.person_id == _person.c.id
)

PEOPLE = ListSpec(
    name="people",
    source=_people_source,
    id_expr=_person.c.id,
    columns=(
        Column(
            "name",
            "Name",
            (_person.c.last_name + ", " + _person.c.first_name),
            sort_expr=_person.c.sort_key,
            width=220,
        ),  # fmt: skip
        Column("email", "E-mail", _person.c.email, width=200),
        Column("role", "Role", _person.c.role, kind="enum"),
        Column("employer", "Employer", _employer.c.name, sort_expr=_employer.c.sort_key, width=200),
        Column("nationality", "Nationality", _person.c.nationality, kind="country", width=70),
        Column("birth_date", "Date of birth", _person.c.birth_date, kind="date", width=100),
        Column("mobilities", "Mobilities", func.coalesce(_mobility_counts.c.n, 0), kind="int", width=70),
    ),
    search_expr=_person.c.search_key,
    default_sort="name",
    filters={
        "role": lambda value: _person.c.role == value,
        "staff": lambda value: (
            _person.c.role.not_in(["learner", "recent_graduate"])
            if value
            else _person.c.role.in_(["learner", "recent_graduate"])
        ),
        "employer_id": lambda value: _person.c.employer_id == value,
        "archived": _archived(_person),
        "has_mobility": lambda value: (
            (_mobility_counts.c.n > 0) if value else or_(_mobility_counts.c.n.is_(None), false())
        ),
    },
)
