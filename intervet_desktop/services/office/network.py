"""The network: experts and peer officers, and the contacts and meetings with them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.office import MeetingKind, NetworkKind
from intervet_desktop.core.text import search_key, sort_key
from intervet_desktop.core.validation import contact, countries, languages
from intervet_desktop.core.validation.result import Collector
from intervet_desktop.db.models import NetworkContact, NetworkMeeting, Organisation, Person, table_of
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.changes import Kind, Result
from intervet_desktop.services.listing import Column, ListSpec
from intervet_desktop.services.office.common import (
    choice_problem,
    exists,
    must,
    organisation_name,
    remove,
    required_date,
    required_text,
    save,
)
from intervet_desktop.services.record_errors import not_found

CONTACT, MEETING = Kind.NETWORK_CONTACT, Kind.NETWORK_MEETING


@dataclass(frozen=True)
class ContactForm:
    last_name: str
    first_name: str = ""
    kind: str = NetworkKind.EXPERT.value
    organisation_id: int | None = None
    person_id: int | None = None
    country: str = ""
    expertise: str = ""
    languages: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""


@dataclass(frozen=True)
class MeetingForm:
    contact_id: int | None
    met_on: date | None
    kind: str = MeetingKind.MEETING.value
    subject: str = ""
    notes: str = ""


def _tags(text: str) -> str:
    seen: list[str] = []
    for tag in text.replace(";", ",").split(","):
        tag = " ".join(tag.split())
        if tag and tag.casefold() not in {s.casefold() for s in seen}:
            seen.append(tag)
    return ", ".join(seen)


def save_contact(workspace: Workspace, row_id: int | None, form: ContactForm) -> Result[int]:
    def clean(session: Session) -> tuple[dict[str, Any], list[Problem]]:
        c = Collector()
        problems = c.problems
        exists(session, Organisation, form.organisation_id, "organisation_id", "organisation", problems)
        exists(session, Person, form.person_id, "person_id", "person", problems)
        country = c.take(countries.country(form.country)) if form.country.strip() else ""
        langs = c.take(languages.languages(form.languages))
        expertise = _tags(form.expertise)
        last = required_text(form.last_name, "last_name", "Last name", problems, 120)
        first = " ".join(form.first_name.split())
        org = organisation_name(session, form.organisation_id)
        values = {
            "kind": choice_problem(form.kind, NetworkKind, "kind", "Kind", problems),
            "first_name": first,
            "last_name": last,
            "search_key": search_key(first, last, org, expertise, country, form.email),
            "sort_key": sort_key(last, first),
            "organisation_id": form.organisation_id,
            "person_id": form.person_id,
            "country": country or "",
            "expertise": expertise,
            "languages": ",".join(langs or ()),
            "email": c.take(contact.email(form.email)),
            "phone": c.take(contact.phone(form.phone, region=country or None)),
            "notes": form.notes.strip(),
        }
        return values, problems

    return save(workspace, NetworkContact, CONTACT, row_id, clean)


def delete_contact(workspace: Workspace, row_id: int) -> Result[None]:
    """Removes the contact and its meetings; roadmap actions linked to it keep no expert."""
    from sqlmodel import update

    from intervet_desktop.db.models import RoadmapAction

    with workspace.session() as session:
        session.execute(
            update(RoadmapAction).where(col(RoadmapAction.expert_id) == row_id).values(expert_id=None)
        )
    return remove(workspace, NetworkContact, CONTACT, row_id)


def save_meeting(workspace: Workspace, row_id: int | None, form: MeetingForm) -> Result[int]:
    def clean(session: Session) -> tuple[dict[str, Any], list[Problem]]:
        problems: list[Problem] = []
        must(session, NetworkContact, form.contact_id, "contact_id", "Network contact", problems)
        values = {
            "contact_id": form.contact_id,
            "met_on": required_date(form.met_on, "met_on", "Date", problems),
            "kind": choice_problem(form.kind, MeetingKind, "kind", "Kind", problems),
            "subject": required_text(form.subject, "subject", "Subject", problems),
            "notes": form.notes.strip(),
        }
        return values, problems

    return save(workspace, NetworkMeeting, MEETING, row_id, clean, extra_kinds=(CONTACT,))


def delete_meeting(workspace: Workspace, row_id: int) -> Result[None]:
    return remove(workspace, NetworkMeeting, MEETING, row_id)


def get_contact(workspace: Workspace, row_id: int) -> ContactForm:
    with workspace.read_session() as session:
        row = session.get(NetworkContact, row_id)
        if row is None:
            raise not_found(CONTACT, row_id)
        return ContactForm(
            row.last_name,
            row.first_name,
            row.kind,
            row.organisation_id,
            row.person_id,
            row.country,
            row.expertise,
            row.languages,
            row.email or "",
            row.phone or "",
            row.notes,
        )


@dataclass(frozen=True)
class MeetingRow:
    id: int
    met_on: date
    kind: str
    subject: str
    notes: str


def meetings_of(workspace: Workspace, contact_id: int) -> list[MeetingRow]:
    with workspace.read_session() as session:
        rows = session.exec(
            select(NetworkMeeting)
            .where(col(NetworkMeeting.contact_id) == contact_id)
            .order_by(col(NetworkMeeting.met_on).desc())
        ).all()
        return [MeetingRow(r.id or 0, r.met_on, r.kind, r.subject, r.notes) for r in rows]


def contact_choices(workspace: Workspace, text: str, limit: int = 30) -> list[tuple[int, str]]:
    from intervet_desktop.core.text import like_pattern

    with workspace.read_session() as session:
        rows = session.exec(
            select(NetworkContact)
            .where(col(NetworkContact.search_key).like(like_pattern(text), escape="\\"))
            .order_by(col(NetworkContact.sort_key))
            .limit(limit)
        ).all()
        return [(r.id or 0, f"{r.first_name} {r.last_name} ({r.expertise})".strip()) for r in rows]


N = table_of(NetworkContact).c
ORG = table_of(Organisation).c
_source = table_of(NetworkContact).outerjoin(table_of(Organisation), N.organisation_id == ORG.id)

NETWORK = ListSpec(
    name="network",
    source=_source,
    id_expr=N.id,
    columns=(
        Column("name", "Name", (N.first_name + " " + N.last_name), sort_expr=N.sort_key, width=200),
        Column("kind", "Kind", N.kind, kind="enum", width=80),
        Column("expertise", "Expertise", N.expertise, width=260),
        Column("organisation", "Organisation", ORG.name, width=220),
        Column("country", "Country", N.country, kind="country", width=100),
        Column("languages", "Languages", N.languages, width=100),
    ),
    search_expr=N.search_key,
    default_sort="name",
    filters={"kind": lambda v: N.kind == v, "country": lambda v: N.country == v},
    count_source=table_of(NetworkContact),
)
