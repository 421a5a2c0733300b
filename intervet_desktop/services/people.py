"""People: validate, create, update (languages included), archive, delete, pickers."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import Message, register
from intervet_desktop.core.person_rules import (
    COLUMN_FIELDS,
    SENSITIVE_FIELDS,
    LanguageSkill,
    PersonForm,
    clean_person,
)
from intervet_desktop.core.text import like_pattern
from intervet_desktop.core.validation.result import by_field, problem
from intervet_desktop.db.models import Organisation, Person, PersonLanguage, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.archiving import set_archived_flag
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.mobility_keys import refresh_mobility_keys
from intervet_desktop.services.record_errors import RecordInUseError, not_found
from intervet_desktop.services.references import count_uses

register("employer_not_found", "The employer #{id} does not exist any more.")

log = logging.getLogger(__name__)

ENTITY = Kind.PERSON
HIDDEN = "(hidden)"


@dataclass(frozen=True)
class PersonDetail:
    id: int
    form: PersonForm
    employer_name: str
    archived: bool
    anonymised: bool
    mobilities: int
    applications: int


@dataclass(frozen=True)
class PersonChoice:
    id: int
    first_name: str
    last_name: str
    email: str | None
    birth_date: date | None
    role: str


def _region(session: Session, employer_id: int | None) -> tuple[str | None, list[Problem]]:
    if employer_id is None:
        return None, []
    org = session.get(Organisation, employer_id)
    if org is None:
        return None, [problem("employer_id", "employer_not_found", id=employer_id)]
    return org.country, []


def _check(
    session: Session, form: PersonForm, today: date | None = None
) -> tuple[dict[str, Any], list[tuple[str, str]], list[Problem]]:
    region, problems = _region(session, form.employer_id)
    values, skills, found = clean_person(form, region=region, today=today)
    return values, skills, problems + found


def validate_person(
    workspace: Workspace, form: PersonForm, person_id: int | None = None
) -> dict[str, Message]:
    """Every problem of the form (field -> message), nothing saved. ``find_similar_people`` warns
    about likely duplicates separately (a warning, not a problem)."""
    with workspace.read_session() as session:
        return by_field(_check(session, form)[2])


def audit_changes(changed: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Sensitive values are recorded as changed, never with their content."""
    return {
        key: ([HIDDEN, HIDDEN] if key in SENSITIVE_FIELDS else value)
        for key, value in changed.items()
        if key not in ("search_key", "sort_key")
    }


def _form(person: Person, skills: list[PersonLanguage]) -> PersonForm:
    data: dict[str, Any] = {}
    for name in COLUMN_FIELDS:
        value = getattr(person, name)
        data[name] = (
            "" if value is None and name not in ("birth_date", "graduation_date", "employer_id") else value
        )
    data["languages"] = tuple(LanguageSkill(s.language, s.level) for s in skills)
    return PersonForm(**data)


def _skills(session: Session, person_id: int) -> list[PersonLanguage]:
    return list(
        session.exec(
            select(PersonLanguage)
            .where(PersonLanguage.person_id == person_id)
            .order_by(col(PersonLanguage.id))
        ).all()
    )


def _detail(session: Session, person: Person) -> PersonDetail:
    assert person.id is not None
    employer = session.get(Organisation, person.employer_id) if person.employer_id else None
    uses = count_uses(session, ENTITY, person.id)
    return PersonDetail(
        id=person.id,
        form=_form(person, _skills(session, person.id)),
        employer_name=employer.name if employer else "",
        archived=person.archived,
        anonymised=person.anonymised_at is not None,
        mobilities=uses.get("mobility", 0),
        applications=uses.get("application", 0),
    )


def get_person(workspace: Workspace, person_id: int) -> PersonDetail:
    with workspace.read_session() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise not_found(ENTITY, person_id)
        return _detail(session, person)


def _write_skills(session: Session, person_id: int, skills: list[tuple[str, str]]) -> None:
    session.execute(delete(PersonLanguage).where(col(PersonLanguage.person_id) == person_id))
    for language, level in skills:
        session.add(PersonLanguage(person_id=person_id, language=language, level=level))


def create_person(workspace: Workspace, form: PersonForm) -> Result[PersonDetail]:
    with workspace.session() as session:
        values, skills, problems = _check(session, form)
        if problems:
            raise ValidationError(problems)
        person = Person(**values)
        session.add(person)
        session.flush()
        assert person.id is not None
        _write_skills(session, person.id, skills)
        filled = sorted(
            k for k, v in values.items() if v not in (None, "") and k not in ("search_key", "sort_key")
        )
        audit.record(session, ENTITY, person.id, AuditAction.CREATE, {"fields": filled})
        session.flush()
        detail = _detail(session, person)
    log.info("created person %s", person.id)
    return Result(detail, Changes.of(ENTITY, person.id))


def update_person(workspace: Workspace, person_id: int, form: PersonForm) -> Result[PersonDetail]:
    with workspace.session() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise not_found(ENTITY, person_id)
        values, skills, problems = _check(session, form)
        if problems:
            raise ValidationError(problems)
        before = {k: getattr(person, k) for k in values}
        changed = audit.diff(before, values)
        old_skills = sorted((s.language, s.level) for s in _skills(session, person_id))
        if old_skills != sorted(skills):
            changed["languages"] = [
                ",".join(f"{a}:{b}" for a, b in old_skills),
                ",".join(f"{a}:{b}" for a, b in sorted(skills)),
            ]
            _write_skills(session, person_id, skills)
        changes = Changes.of(ENTITY, person_id)
        if changed:
            for key, value in values.items():
                setattr(person, key, value)
            person.updated_at = utcnow()
            session.add(person)
            audit.record(session, ENTITY, person_id, AuditAction.UPDATE, audit_changes(changed))
            if {"first_name", "last_name"} & changed.keys() and refresh_mobility_keys(
                session, person_ids=[person_id]
            ):
                changes.add(Kind.MOBILITY)
        session.flush()
        detail = _detail(session, person)
    log.info("updated person %s (%d fields)", person_id, len(changed))
    return Result(detail, changes)


def set_person_archived(workspace: Workspace, person_id: int, archived: bool = True) -> Result[None]:
    return set_archived_flag(workspace, Person, ENTITY, person_id, archived)


def archive_person(workspace: Workspace, person_id: int) -> Result[None]:
    return set_person_archived(workspace, person_id, True)


def delete_person(workspace: Workspace, person_id: int) -> Result[None]:
    """Deletes the person and their languages; refused (RecordInUseError) with a mobility,
    an application or any other record using them."""
    with workspace.session() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise not_found(ENTITY, person_id)
        uses = count_uses(session, ENTITY, person_id)
        if uses:
            raise RecordInUseError(ENTITY, person_id, uses)
        session.delete(person)
        audit.record(session, ENTITY, person_id, AuditAction.DELETE)
    log.info("deleted person %s", person_id)
    return Result(None, Changes.of(ENTITY, person_id))


def person_choices(workspace: Workspace, text: str = "", limit: int = 50) -> list[PersonChoice]:
    query = select(Person).where(col(Person.archived).is_(False))
    for word in text.split():
        query = query.where(col(Person.search_key).like(like_pattern(word), escape="\\"))
    with workspace.read_session() as session:
        rows = session.exec(query.order_by(col(Person.sort_key), col(Person.id)).limit(limit)).all()
    return [PersonChoice(p.id or 0, p.first_name, p.last_name, p.email, p.birth_date, p.role) for p in rows]


def count_people(workspace: Workspace) -> int:
    with workspace.read_session() as session:
        return int(session.exec(select(func.count()).select_from(Person)).one())
