"""Applications list: by call, status, rank."""

from __future__ import annotations

from sqlalchemy import select

from intervet_desktop.db.models import Application, Call, Person, table_of
from intervet_desktop.services.listing import Column, ListSpec

A = table_of(Application).c
P = table_of(Person).c
C = table_of(Call).c
_app = table_of(Application)

APPLICANT = (
    select(P.last_name + ", " + P.first_name).where(P.id == A.person_id).correlate(_app).scalar_subquery()
)
CALL = select(C.title).where(C.id == A.call_id).correlate(_app).scalar_subquery()

APPLICATIONS = ListSpec(
    name="applications",
    source=_app,
    id_expr=A.id,
    columns=(
        Column("number", "Number", A.number, width=110),
        Column("applicant", "Applicant", APPLICANT, sortable=False, width=220),
        Column("call", "Call", CALL, sortable=False, width=260),
        Column("submitted", "Submitted", A.submitted_at, kind="datetime", width=130),
        Column("status", "Status", A.status, kind="enum", width=150),
        Column("total", "Score", A.total_hundredths, kind="score", width=70),
        Column("rank", "Rank", A.rank, kind="int", width=60),
        Column("first_time", "First time", A.first_time, kind="bool", width=80),
    ),
    search_expr=A.search_key,
    default_sort="number",
    count_source=_app,
    filters={
        "call_id": lambda v: A.call_id == int(v),
        "status": lambda v: A.status == v,
    },
)
