"""Small lookups for pickers and filters (projects, calls, countries in use)."""

from __future__ import annotations

from sqlalchemy import select

from intervet_desktop.db.models import Call, Mobility, Organisation, Project, table_of
from intervet_desktop.db.workspace import Workspace


def projects(workspace: Workspace) -> list[tuple[int, str]]:
    c = table_of(Project).c
    query = select(c.id, c.code).where(c.archived.is_(False)).order_by(c.call_year.desc(), c.code)
    with workspace.read_engine.connect() as conn:
        return [(int(i), str(code)) for i, code in conn.execute(query)]


def calls(workspace: Workspace) -> list[tuple[int, str]]:
    c = table_of(Call).c
    with workspace.read_engine.connect() as conn:
        return [(int(i), str(t)) for i, t in conn.execute(select(c.id, c.title).order_by(c.opens_on.desc()))]


def organisation_countries(workspace: Workspace) -> list[str]:
    c = table_of(Organisation).c
    with workspace.read_engine.connect() as conn:
        return [str(x) for (x,) in conn.execute(select(c.country).distinct().order_by(c.country))]


def destination_countries(workspace: Workspace) -> list[str]:
    c = table_of(Mobility).c
    query = select(c.destination_country).distinct().order_by(c.destination_country)
    with workspace.read_engine.connect() as conn:
        return [str(x) for (x,) in conn.execute(query)]
