"""Organisations list: own school, partners, hosts; search by name, city, OID."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, false, or_, true

from intervet_desktop.db.models import Organisation, table_of
from intervet_desktop.services.listing import Column, ListSpec

T = table_of(Organisation).c


def _role(value: Any) -> ColumnElement[bool]:
    return {
        "own": T.is_own == true(),
        "partner": T.is_partner == true(),
        "host": T.is_host == true(),
        "consortium": T.is_consortium_member == true(),
    }.get(str(value), false())


ROLE_TEXT = case(
    (T.is_own == true(), "Own school"),
    (T.is_partner == true(), "Partner"),
    (T.is_consortium_member == true(), "Consortium member"),
    (T.is_host == true(), "Host"),
    else_="",
)

ORGANISATIONS = ListSpec(
    name="organisations",
    source=table_of(Organisation),
    id_expr=T.id,
    columns=(
        Column("name", "Name", T.name, sort_expr=T.sort_key, width=280),
        Column("role", "Role", ROLE_TEXT, kind="enum", width=130),
        Column("kind", "Kind", T.kind, kind="enum", width=110),
        Column("city", "City", T.city, width=130),
        Column("country", "Country", T.country, kind="country", width=110),
        Column("oid", "OID", T.oid, width=100),
        Column("capacity", "Guests/year", T.guest_capacity, kind="int", width=90),
    ),
    search_expr=T.search_key,
    default_sort="name",
    base_where=(T.archived == false(),),
    filters={
        "kind": lambda v: T.kind == v,
        "country": lambda v: T.country == v,
        "role": _role,
        "no_oid": lambda v: or_(T.oid.is_(None), T.oid == "") if v else true(),
    },
)
