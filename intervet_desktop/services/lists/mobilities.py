"""Mobilities list: lazy over 100,000 rows; every filter and sort on an indexed mobility column."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, select

from intervet_desktop.db.models import Mobility, Organisation, Person, Project, table_of
from intervet_desktop.services.listing import Column, ListSpec
from intervet_desktop.services.lists.signatures import pending_exists, pending_summary

M = table_of(Mobility).c
P = table_of(Person).c
O = table_of(Organisation).c  # noqa: E741
J = table_of(Project).c

_mob = table_of(Mobility)
PARTICIPANT = (
    select(P.last_name + ", " + P.first_name).where(P.id == M.person_id).correlate(_mob).scalar_subquery()
)
HOST = select(O.name).where(O.id == M.receiving_org_id).correlate(_mob).scalar_subquery()
PROJECT = select(J.code).where(J.id == M.project_id).correlate(_mob).scalar_subquery()


def _starts_from(value: Any) -> ColumnElement[bool]:
    return M.planned_start >= (value if isinstance(value, date) else date.fromisoformat(str(value)))


def _starts_until(value: Any) -> ColumnElement[bool]:
    return M.planned_start <= (value if isinstance(value, date) else date.fromisoformat(str(value)))


def _missing(value: Any) -> ColumnElement[bool]:
    """Missing evidence; ``"unsigned"``: a document still waits for a signature."""
    if value == "unsigned":
        return pending_exists(M.id, _mob)
    return and_(M.missing_evidence > 0, M.status != "cancelled") if value else M.id.isnot(None)


MOBILITIES = ListSpec(
    name="mobilities",
    source=_mob,
    id_expr=M.id,
    columns=(
        Column("participant", "Participant", PARTICIPANT, sort_expr=M.participant_sort_key, width=200),
        Column("activity", "Activity", M.activity_type, kind="enum", width=120),
        Column("direction", "Direction", M.direction, kind="enum", width=90),
        Column("host", "Receiving organisation", HOST, sort_expr=M.receiving_sort_key, width=230),
        Column("city", "City", M.destination_city, sortable=False, width=120),
        Column("country", "Country", M.destination_country, kind="country", width=100),
        Column("start", "Start", M.planned_start, kind="date", width=95),
        Column("end", "End", M.planned_end, kind="date", width=95),
        Column("status", "Status", M.status, kind="enum", width=130),
        Column("grant", "Grant", M.grant_total_cents, kind="money", width=95),
        Column("missing", "Missing evidence", M.missing_evidence, kind="int", width=115),
        Column("project", "Project", PROJECT, sortable=False, width=240),
        Column(
            "to_sign",
            "Still to sign",
            pending_summary(M.id, _mob),
            kind="enum_pairs",
            sortable=False,
            width=260,
        ),
    ),
    search_expr=M.search_key,
    default_sort="start",
    count_source=_mob,
    filters={
        "project_id": lambda v: M.project_id == int(v),
        "direction": lambda v: M.direction == v,
        "status": lambda v: M.status == v,
        "activity": lambda v: M.activity_type == v,
        "country": lambda v: M.destination_country == v,
        "from": _starts_from,
        "until": _starts_until,
        "unsigned": lambda v: pending_exists(M.id, _mob) if v else M.id.isnot(None),
        "missing": _missing,
    },
)
