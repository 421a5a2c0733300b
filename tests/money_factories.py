"""Small builders for budget and payment tests: a project, people, mobilities with grant lines
written directly (the grant engine is another module's job)."""

from __future__ import annotations

from datetime import date

from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import GrantLine, Mobility, Organisation, Person, Project
from intervet_desktop.db.workspace import Workspace

PARTICIPANT_CODES = {
    "travel",
    "exceptional_travel",
    "individual_support",
    "inclusion_real_costs",
    "exceptional_other",
}


def make_project(workspace: Workspace, code: str = "2025-1-FI01-KA122-VET-000000001", **extra: object) -> int:
    values: dict[str, object] = {
        "code": code,
        "title": "Test project",
        "search_key": search_key(code),
        "action": "KA122-VET",
        "call_year": 2025,
        "start_date": date(2025, 9, 1),
        "end_date": date(2027, 2, 28),
    }
    values.update(extra)
    with workspace.session() as s:
        project = Project(**values)  # type: ignore[arg-type]
        s.add(project)
        s.flush()
        assert project.id
        return project.id


def make_org(workspace: Workspace, name: str, country: str = "FI") -> int:
    with workspace.session() as s:
        org = Organisation(
            name=name, country=country, city="X", search_key=search_key(name), sort_key=search_key(name)
        )
        s.add(org)
        s.flush()
        assert org.id
        return org.id


def make_mobility(
    workspace: Workspace,
    project_id: int,
    lines: dict[str, int],
    *,
    status: str = "planned",
    activity: str = "SM-JOB-SHDW",
    start: date = date(2026, 3, 1),
    end: date = date(2026, 3, 10),
    name: str = "Anna Virtanen",
    **extra: object,
) -> int:
    first, last = name.split(" ", 1)
    participant = sum(v for k, v in lines.items() if k in PARTICIPANT_CODES)
    total = sum(lines.values())
    with workspace.session() as s:
        person = Person(
            first_name=first,
            last_name=last,
            search_key=search_key(first, last),
            sort_key=search_key(last, first),
        )
        s.add(person)
        s.flush()
        assert person.id
        mobility = Mobility(
            project_id=project_id,
            person_id=person.id,
            activity_type=activity,
            destination_country="PT",
            planned_start=start,
            planned_end=end,
            status=status,
            grant_participant_cents=participant,
            grant_organisation_cents=total - participant,
            grant_total_cents=total,
            search_key=search_key(first, last),
            **extra,  # type: ignore[arg-type]
        )
        s.add(mobility)
        s.flush()
        assert mobility.id
        for position, (code, amount) in enumerate(lines.items()):
            s.add(
                GrantLine(
                    mobility_id=mobility.id,
                    position=position,
                    code=code,
                    label=code,
                    recipient="participant" if code in PARTICIPANT_CODES else "organisation",
                    amount_cents=amount,
                )
            )
        return mobility.id


def set_grant(workspace: Workspace, mobility_id: int, participant_cents: int, **extra: object) -> None:
    """What the grant engine does after a change: new participant figure (and status etc.)."""
    with workspace.session() as s:
        mobility = s.get(Mobility, mobility_id)
        assert mobility
        mobility.grant_participant_cents = participant_cents
        for key, value in extra.items():
            setattr(mobility, key, value)
        s.add(mobility)
