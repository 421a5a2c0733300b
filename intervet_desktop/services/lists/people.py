"""People list: staff, learners, experts; names in any script."""

from __future__ import annotations

from sqlalchemy import false, func, select

from intervet_desktop.db.models import Organisation, Person, table_of
from intervet_desktop.services.listing import Column, ListSpec

P = table_of(Person).c
O = table_of(Organisation).c  # noqa: E741

EMPLOYER = select(O.name).where(O.id == P.employer_id).correlate(table_of(Person)).scalar_subquery()

PEOPLE = ListSpec(
    name="people",
    source=table_of(Person),
    id_expr=P.id,
    columns=(
        Column("last_name", "Last name", P.last_name, sort_expr=P.sort_key, width=170),
        Column("first_name", "First name", P.first_name, sort_expr=func.lower(P.first_name), width=150),
        Column("role", "Role", P.role, kind="enum", width=150),
        Column("employer", "Employer", EMPLOYER, sortable=False, width=240),
        Column("nationality", "Nationality", P.nationality, kind="country", width=100),
        Column("email", "E-mail", P.email, width=220),
    ),
    search_expr=P.search_key,
    default_sort="last_name",
    base_where=(P.archived == false(),),
    filters={
        "role": lambda v: P.role == v,
        "employer_id": lambda v: P.employer_id == int(v),
    },
)
