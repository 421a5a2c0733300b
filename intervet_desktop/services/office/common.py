"""Create, edit and delete of the office's small records: one transaction, audit rows, Changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from sqlmodel import Session, SQLModel

from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg
from intervet_desktop.db.models import Organisation, Person, Project, Row, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.record_errors import not_found

M = TypeVar("M", bound=Row)

Cleaner = Callable[[Session], tuple[dict[str, Any], list[Problem]]]


def save(
    workspace: Workspace,
    model: type[M],
    entity: Kind,
    row_id: int | None,
    clean: Cleaner,
    *,
    extra_kinds: tuple[Kind, ...] = (),
    after: Callable[[Session, M], None] | None = None,
) -> Result[int]:
    """Insert (``row_id`` None) or update one row from ``clean(session)``'s values; nothing is
    written when it reports a problem."""
    with workspace.session() as session:
        row: M | None = None
        if row_id is not None:
            row = session.get(model, row_id)
            if row is None:
                raise not_found(entity, row_id)
        values, problems = clean(session)
        if problems:
            raise ValidationError(problems)
        if row is None:
            row = model(**values)
            session.add(row)
            session.flush()
            new_id = row.id or 0
            audit.record(session, entity, new_id, AuditAction.CREATE, {})
        else:
            changed = audit.diff({k: getattr(row, k) for k in values}, values)
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_at = utcnow()
            session.add(row)
            new_id = row.id or 0
            if changed:
                audit.record(session, entity, new_id, AuditAction.UPDATE, changed)
        if after is not None:
            after(session, row)
    changes = Changes.of(entity, new_id)
    for kind in extra_kinds:
        changes.add(kind)
    return Result(new_id, changes)


def remove(workspace: Workspace, model: type[SQLModel], entity: Kind, row_id: int) -> Result[None]:
    with workspace.session() as session:
        row = session.get(model, row_id)
        if row is None:
            raise not_found(entity, row_id)
        session.delete(row)
        audit.record(session, entity, row_id, AuditAction.DELETE, {})
    return Result(None, Changes.of(entity, row_id))


def required_text(value: str, field: str, label: str, problems: list[Problem], max_length: int = 300) -> str:
    text = " ".join(value.split())
    if not text:
        problems.append(Problem(field, msg("field_required", field=label)))
    elif len(text) > max_length:
        problems.append(Problem(field, msg("field_too_long", field=label, max=max_length)))
    return text


def required_date(value: Any, field: str, label: str, problems: list[Problem]) -> Any:
    if value is None:
        problems.append(Problem(field, msg("field_required", field=label)))
    return value


def non_negative(value: int, field: str, label: str, problems: list[Problem]) -> int:
    if value < 0:
        problems.append(Problem(field, msg("value_negative", field=label)))
    return value


def exists(
    session: Session,
    model: type[SQLModel],
    row_id: int | None,
    field: str,
    label: str,
    problems: list[Problem],
) -> None:
    if row_id is not None and session.get(model, row_id) is None:
        problems.append(Problem(field, msg("not_found", entity=label, key="id", value=row_id)))


def must(
    session: Session,
    model: type[SQLModel],
    row_id: int | None,
    field: str,
    label: str,
    problems: list[Problem],
) -> None:
    if row_id is None:
        problems.append(Problem(field, msg("field_required", field=label)))
    else:
        exists(session, model, row_id, field, label, problems)


def organisation_name(session: Session, organisation_id: int | None) -> str:
    org = session.get(Organisation, organisation_id) if organisation_id else None
    return org.name if org else ""


def person_name(session: Session, person_id: int | None) -> str:
    person = session.get(Person, person_id) if person_id else None
    return f"{person.first_name} {person.last_name}".strip() if person else ""


def project_code(session: Session, project_id: int | None) -> str:
    project = session.get(Project, project_id) if project_id else None
    return project.code if project else ""


def choice_problem(value: str, choices: type[Any], field: str, label: str, problems: list[Problem]) -> str:
    allowed = [c.value for c in choices]
    if value not in allowed:
        problems.append(Problem(field, msg("unknown_choice", field=label, value=value, choices=allowed)))
    return value


# ---------------------------------------------------------------- pickers (id, label)
def person_search(workspace: Workspace, text: str, limit: int = 30) -> list[tuple[int, str]]:
    from intervet_desktop.services.people import person_choices

    return [(p.id, f"{p.first_name} {p.last_name}") for p in person_choices(workspace, text, limit)]


def organisation_search(workspace: Workspace, text: str, limit: int = 30) -> list[tuple[int, str]]:
    from intervet_desktop.services.organisations import organisation_choices

    return [(o.id, o.name) for o in organisation_choices(workspace, text, limit)]


def project_search(workspace: Workspace, text: str = "", limit: int = 50) -> list[tuple[int, str]]:
    from sqlmodel import col, select

    from intervet_desktop.core.text import like_pattern

    query = select(Project)
    for word in text.split():
        query = query.where(col(Project.search_key).like(like_pattern(word), escape="\\"))
    with workspace.read_session() as session:
        rows = session.exec(query.order_by(col(Project.code)).limit(limit)).all()
        return [(p.id or 0, p.code) for p in rows]


LinkKind = Literal["person", "organisation", "project"]


def label_of(workspace: Workspace, kind: LinkKind, row_id: int | None) -> tuple[int | None, str]:
    """(id, label) for a picker showing an existing link to a person, organisation or project."""
    if row_id is None:
        return None, ""
    with workspace.read_session() as session:
        if kind == "person":
            return row_id, person_name(session, row_id)
        if kind == "organisation":
            return row_id, organisation_name(session, row_id)
        return row_id, project_code(session, row_id)
