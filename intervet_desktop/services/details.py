"""Detail cards for the list pages' detail pane: sections of labelled raw values with a kind
(the UI formats them). Later issues replace these cards with full forms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import literal
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from intervet_desktop.db.models import (
    Application,
    Call,
    Contact,
    Document,
    EvidenceItem,
    GrantLine,
    Mobility,
    Organisation,
    Person,
    PersonLanguage,
    Project,
    table_of,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.lists.signatures import pending_summary


@dataclass(frozen=True)
class DetailField:
    label: str
    value: Any
    kind: str = "text"


@dataclass(frozen=True)
class DetailSection:
    title: str
    fields: list[DetailField] = field(default_factory=list)


@dataclass(frozen=True)
class DetailCard:
    title: str
    subtitle: str
    sections: list[DetailSection]


def _name(person: Person | None) -> str:
    return f"{person.first_name} {person.last_name}" if person else ""


def _org(session: Session, org_id: int | None) -> Organisation | None:
    return session.get(Organisation, org_id) if org_id else None


def mobility_card(session: Session, record_id: int) -> DetailCard | None:
    m = session.get(Mobility, record_id)
    if m is None:
        return None
    person = session.get(Person, m.person_id)
    project = session.get(Project, m.project_id)
    sending, receiving = _org(session, m.sending_org_id), _org(session, m.receiving_org_id)
    lines = session.exec(
        select(GrantLine).where(GrantLine.mobility_id == record_id).order_by(col(GrantLine.position))
    ).all()
    evidence = session.exec(select(EvidenceItem).where(EvidenceItem.mobility_id == record_id)).all()
    to_sign = session.execute(sa_select(pending_summary(literal(record_id), table_of(Mobility)))).scalar()
    return DetailCard(
        title=_name(person),
        subtitle=receiving.name if receiving else "",
        sections=[
            DetailSection(
                "Mobility",
                [
                    DetailField("Project", project.code if project else ""),
                    DetailField("Direction", m.direction, "enum"),
                    DetailField("Activity", m.activity_type, "enum"),
                    DetailField("Status", m.status, "enum"),
                    DetailField("Sending organisation", sending.name if sending else ""),
                    DetailField("Receiving organisation", receiving.name if receiving else ""),
                    DetailField("City", m.destination_city or ""),
                    DetailField("Country", m.destination_country, "country"),
                    DetailField("Planned start", m.planned_start, "date"),
                    DetailField("Planned end", m.planned_end, "date"),
                    DetailField("Travel days", m.travel_days, "int"),
                    DetailField("Green travel", m.green_travel, "bool"),
                    DetailField("Distance (km)", m.distance_km, "int"),
                    DetailField("BM activity ID", m.bm_activity_id),
                ],
            ),
            DetailSection(
                "Grant",
                [DetailField(line.label, line.amount_cents, "money") for line in lines]
                + [
                    DetailField("Participant's part", m.grant_participant_cents, "money"),
                    DetailField("Organisation's part", m.grant_organisation_cents, "money"),
                    DetailField("Total", m.grant_total_cents, "money"),
                ],
            ),
            DetailSection(
                "Evidence",
                [DetailField(item.kind, "done" if item.done else "missing", "evidence") for item in evidence],
            ),
            DetailSection(
                "Signatures", [DetailField("Still to sign", to_sign, "enum_pairs")] if to_sign else []
            ),
        ],
    )


def person_card(session: Session, record_id: int) -> DetailCard | None:
    p = session.get(Person, record_id)
    if p is None:
        return None
    employer = _org(session, p.employer_id)
    languages = session.exec(select(PersonLanguage).where(PersonLanguage.person_id == record_id)).all()
    mobilities = session.exec(select(Mobility).where(Mobility.person_id == record_id)).all()
    return DetailCard(
        title=_name(p),
        subtitle=employer.name if employer else "",
        sections=[
            DetailSection(
                "Person",
                [
                    DetailField("Role", p.role, "enum"),
                    DetailField("Gender", p.gender, "enum"),
                    DetailField("Date of birth", p.birth_date, "date"),
                    DetailField("Nationality", p.nationality, "country"),
                    DetailField("E-mail", p.email),
                    DetailField("Phone", p.phone),
                    DetailField(
                        "Languages", ", ".join(f"{lang.language.upper()} {lang.level}" for lang in languages)
                    ),
                ],
            ),
            DetailSection(
                "Mobilities",
                [
                    DetailField(f"{m.activity_type} {m.planned_start.isoformat()}", m.status, "enum")
                    for m in mobilities
                ],
            ),
        ],
    )


def organisation_card(session: Session, record_id: int) -> DetailCard | None:
    o = session.get(Organisation, record_id)
    if o is None:
        return None
    contacts = session.exec(select(Contact).where(Contact.organisation_id == record_id)).all()
    hosted = len(session.exec(select(Mobility.id).where(Mobility.receiving_org_id == record_id)).all())
    sent = len(session.exec(select(Mobility.id).where(Mobility.sending_org_id == record_id)).all())
    return DetailCard(
        title=o.name,
        subtitle=o.city or "",
        sections=[
            DetailSection(
                "Organisation",
                [
                    DetailField("Kind", o.kind, "enum"),
                    DetailField("OID", o.oid or ""),
                    DetailField("PIC", o.pic or ""),
                    DetailField("Country", o.country, "country"),
                    DetailField("Address", ", ".join(x for x in (o.address, o.postcode, o.city) if x)),
                    DetailField("Web", o.web or ""),
                    DetailField("E-mail", o.email or ""),
                    DetailField("Phone", o.phone or ""),
                    DetailField("Guests per year", o.guest_capacity, "int"),
                    DetailField("Mobilities hosted", hosted, "int"),
                    DetailField("Mobilities sent", sent, "int"),
                ],
            ),
            DetailSection(
                "Contacts",
                [DetailField(f"{c.first_name} {c.last_name}", c.role or c.email or "") for c in contacts],
            ),
        ],
    )


def application_card(session: Session, record_id: int) -> DetailCard | None:
    a = session.get(Application, record_id)
    if a is None:
        return None
    person = session.get(Person, a.person_id)
    call = session.get(Call, a.call_id)
    return DetailCard(
        title=f"{a.number} · {_name(person)}",
        subtitle=call.title if call else "",
        sections=[
            DetailSection(
                "Application",
                [
                    DetailField("Status", a.status, "enum"),
                    DetailField("Submitted", a.submitted_at, "datetime"),
                    DetailField("Score", a.total_hundredths, "score"),
                    DetailField("Rank", a.rank, "int"),
                    DetailField("First-time participant", a.first_time, "bool"),
                    DetailField("Preferred period", f"{a.preferred_start or ''} - {a.preferred_end or ''}"),
                    DetailField("Motivation", a.motivation),
                ],
            )
        ],
    )


def _document_owner(session: Session, d: Document) -> str:
    if d.mobility_id is not None:
        mobility = session.get(Mobility, d.mobility_id)
        if mobility is not None:
            return _name(session.get(Person, mobility.person_id))
    return d.file_name


def document_card(session: Session, record_id: int) -> DetailCard | None:
    d = session.get(Document, record_id)
    if d is None:
        return None
    return DetailCard(
        title=_document_owner(session, d),
        subtitle=d.file_name.replace("_", "_\u200b"),  # a zero-width space lets the long name wrap
        sections=[
            DetailSection(
                "Document",
                [
                    DetailField("Kind", d.kind, "enum"),
                    DetailField("Languages", d.languages),
                    DetailField("Version", d.version, "int"),
                    DetailField("Generated", d.generated_at, "datetime"),
                    DetailField("SHA-256", d.sha256[:16] + "…"),
                ],
            )
        ],
    )


CARDS: dict[str, Callable[[Session, int], DetailCard | None]] = {
    "mobilities": mobility_card,
    "people": person_card,
    "organisations": organisation_card,
    "applications": application_card,
    "documents": document_card,
}


def load_card(workspace: Workspace, list_name: str, record_id: int) -> DetailCard | None:
    with workspace.read_session() as session:
        return CARDS[list_name](session, record_id)
