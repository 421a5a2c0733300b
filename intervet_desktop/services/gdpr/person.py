"""Everything held about one person, and anonymising that person.

"Held about" follows the foreign keys: the person row, every row that points at it
(mobilities, applications, network contacts, team rows...), every row that points at those
(documents, evidence, scores...), the attachments those rows own and their audit entries.

Anonymising keeps what the final report's statistics need (gender, year of birth for the age
band, nationality, activity, dates, amounts) and removes names, contacts, bank data, sensitive
notes, attachments and the audit trail's old values. SQLite runs with ``secure_delete`` (see
db/engine.py), and the WAL is checkpointed afterwards, so the old bytes are gone from the
database file, its WAL, the attachment folder and every backup made afterwards.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import String, Table, bindparam, func, or_, select, update
from sqlmodel import Session, SQLModel

from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.errors import Problem, UserError, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import Person, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result

register("person_not_found", "There is no person with id {id}.")
register("person_already_anonymised", "Person {id} was already anonymised on {when}.")

ANONYMISED = "Anonymised"
#: columns whose text is about the person whatever table they are in: emptied on anonymising
PERSONAL_COLUMNS = frozenset(
    {
        "first_name",
        "last_name",
        "email",
        "phone",
        "iban",
        "bic",
        "account_holder",
        "special_needs_notes",
        "emergency_contact_name",
        "emergency_contact_phone",
        "notes",
        "motivation",
        "late_reason",
        "eligibility_reason",
        "address",
        "comment",
        "comments",
        "search_key",
        "sort_key",
    }
)
#: how far "rows that point at rows that point at the person" is followed
DEPTH = 3


@dataclass
class Holding:
    """Rows by table name (each a column -> value dict), attachments, audit entries."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)

    def ids(self, table: str) -> list[int]:
        return [int(r["id"]) for r in self.tables.get(table, []) if r.get("id") is not None]


def _tables() -> dict[str, Table]:
    return {name: table for name, table in SQLModel.metadata.tables.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def gather(session: Session, person_id: int) -> Holding:
    tables = _tables()
    holding = Holding()
    person = session.execute(select(tables["person"]).where(tables["person"].c.id == person_id)).first()
    if person is None:
        raise UserError(msg("person_not_found", id=person_id))
    holding.tables["person"] = [{k: _plain(v) for k, v in person._mapping.items()}]
    frontier = {"person": [person_id]}
    for _level in range(DEPTH):
        found: dict[str, list[int]] = {}
        for name, table in tables.items():
            if name in {"person", "audit_entry", "attachment"}:
                continue
            for column in table.columns:
                for fk in column.foreign_keys:
                    target = fk.column.table.name
                    ids = frontier.get(target)
                    if not ids or fk.column.name != "id":
                        continue
                    rows = session.execute(select(table).where(column.in_(ids))).all()
                    known = {r.get("id") for r in holding.tables.get(name, [])}
                    for row in rows:
                        data = {k: _plain(v) for k, v in row._mapping.items()}
                        if data.get("id") in known:
                            continue
                        known.add(data.get("id"))
                        holding.tables.setdefault(name, []).append(data)
                        if data.get("id") is not None:
                            found.setdefault(name, []).append(int(data["id"]))
        if not found:
            break
        frontier = found
    for name in holding.tables:
        ids = holding.ids(name)
        if not ids:
            continue
        att_table, audit_table = tables["attachment"], tables["audit_entry"]
        for att in session.execute(
            select(att_table).where(att_table.c.owner_kind == name, att_table.c.owner_id.in_(ids))
        ).all():
            holding.attachments.append({k: _plain(v) for k, v in att._mapping.items()})
        for entry in session.execute(
            select(audit_table).where(audit_table.c.entity == name, audit_table.c.entity_id.in_(ids))
        ).all():
            holding.audit.append({k: _plain(v) for k, v in entry._mapping.items()})
    return holding


def person_holding(workspace: Workspace, person_id: int) -> Holding:
    with workspace.read_session() as session:
        return gather(session, person_id)


def export_person(workspace: Workspace, person_id: int, target: Path) -> Path:
    """An access request's answer: everything held, sensitive fields included (JSON or xlsx)."""
    holding = person_holding(workspace, person_id)
    suffix = target.suffix.lower()
    if suffix not in {".json", ".xlsx"}:
        raise ValidationError([Problem("output", msg("person_export_format", path=target))])
    from intervet_desktop.exports.person_data import write_person_json, write_person_xlsx

    sections = {**holding.tables, "attachment": holding.attachments, "audit_entry": holding.audit}
    if suffix == ".json":
        return write_person_json(target, sections)
    return write_person_xlsx(target, sections, exported_on=date.today())


register("person_export_format", "{path}: a person's data is written as .json or .xlsx.")


def _identifying(person: dict[str, Any]) -> list[str]:
    """The person's own strings, longest first (so a full name goes before its parts)."""
    values = [person.get(k) for k in ("first_name", "last_name", "email", "phone", "iban", "account_holder")]
    values += [person.get("emergency_contact_name"), person.get("emergency_contact_phone")]
    full = [
        f"{person.get('first_name')} {person.get('last_name')}",
        f"{person.get('last_name')} {person.get('first_name')}",
    ]
    texts = {str(v).strip() for v in [*values, *full] if v and len(str(v).strip()) >= 3}
    texts |= {search_key(t) for t in list(texts)} - {""}
    return sorted(texts, key=len, reverse=True)


def anonymise_person(workspace: Workspace, person_id: int) -> Result[int]:
    """Anonymise one person in one transaction, then remove their attachment files and
    checkpoint the WAL so that no old page is left in it. The value is the rows touched."""
    with workspace.session() as session:
        changes, hashes, touched = _anonymise(session, person_id)
    from intervet_desktop.services.attachments import remove_unreferenced_files

    with workspace.read_session() as session:
        remove_unreferenced_files(session, workspace.files_dir, hashes)
    workspace.checkpoint()
    return Result(touched, changes)


def _anonymise(session: Session, person_id: int) -> tuple[Changes, list[str], int]:
    holding = gather(session, person_id)
    person = holding.tables["person"][0]
    if person.get("anonymised_at"):
        raise UserError(
            msg("person_already_anonymised", id=person_id, when=str(person["anonymised_at"])[:10])
        )
    tables = _tables()
    strings = _identifying(person)
    # 1. the person row: keep the statistics, blank the rest
    born = person.get("birth_date")
    year_only = date(int(str(born)[:4]), 7, 1) if born else None
    row = session.get(Person, person_id)
    assert row is not None
    row.first_name = ANONYMISED
    row.last_name = f"#{person_id}"
    row.search_key = search_key(ANONYMISED, str(person_id))
    row.sort_key = row.search_key
    row.birth_date = year_only
    for name in ("email", "phone", "iban", "bic", "account_holder", "special_needs_notes"):
        setattr(row, name, None)
    row.emergency_contact_name = None
    row.emergency_contact_phone = None
    row.notes = ""
    row.archived = True
    row.anonymised_at = utcnow()
    session.add(row)
    session.flush()
    # 2. rows that point at the person (and at those): their personal columns emptied
    for name, rows in holding.tables.items():
        if name == "person":
            continue
        table = tables[name]
        ids = [r["id"] for r in rows if r.get("id") is not None]
        values: dict[str, Any] = {}
        for column in table.columns:
            if column.name in PERSONAL_COLUMNS and _is_text(column):
                values[column.name] = None if column.nullable else ""
        if "last_name" in values:
            values["last_name"] = ANONYMISED
        if values and ids:
            session.execute(update(table).where(table.c.id.in_(ids)).values(**values))
    # 3. attachments: rows and files (a file shared by another owner stays)
    att_ids = [int(a["id"]) for a in holding.attachments]
    if att_ids:
        for table in tables.values():  # unlink the rows that point at them (evidence, documents)
            for column in table.columns:
                if column.nullable and any(
                    fk.column.table.name == "attachment" for fk in column.foreign_keys
                ):
                    session.execute(update(table).where(column.in_(att_ids)).values({column.name: None}))
        session.execute(tables["attachment"].delete().where(tables["attachment"].c.id.in_(att_ids)))
    # 4. the audit trail: which fields changed stays, the values go
    for entry in holding.audit:
        try:
            changed = json.loads(entry.get("changes") or "{}")
        except ValueError:
            changed = {}
        names = {k: None for k in changed} if isinstance(changed, dict) else {}
        session.execute(
            update(tables["audit_entry"])
            .where(tables["audit_entry"].c.id == entry["id"])
            .values(changes=json.dumps(names, sort_keys=True))
        )
    # 5. anywhere else the person's strings appear (a document title, another audit entry)
    _scrub_everywhere(session, tables, strings)
    audit.record(session, "person", person_id, AuditAction.ANONYMISE, {})
    session.flush()
    touched = sum(len(rows) for rows in holding.tables.values()) + len(holding.attachments)
    hashes = [str(a["sha256"]) for a in holding.attachments]
    changes = Changes.of(Kind.PERSON, person_id)
    for name in holding.tables:
        kind = Kind.of_table(name)
        if kind is not None:
            changes.add(kind, holding.ids(name))
    if holding.attachments:
        changes.add(Kind.ATTACHMENT, [int(a["id"]) for a in holding.attachments])
    return changes, hashes, touched


def _scrub_everywhere(session: Session, tables: dict[str, Table], strings: list[str]) -> None:
    """One pass per text column: every occurrence of the person's strings becomes an ellipsis."""
    if not strings:
        return
    patterns = {f"p{i}": "%" + _escape_like(text) + "%" for i, text in enumerate(strings)}
    for table in tables.values():
        for column in table.columns:
            if not _is_text(column):
                continue
            replaced: Any = column
            for text in strings:
                replaced = func.replace(replaced, text, "…")
            matches = or_(*(column.like(bindparam(key), escape="\\") for key in patterns))
            session.execute(update(table).where(matches).values({column.name: replaced}), patterns)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _is_text(column: Any) -> bool:
    kind = column.type
    return isinstance(kind, String) or isinstance(getattr(kind, "impl", None), String)
