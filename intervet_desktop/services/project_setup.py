"""A new project from its grant agreement: number, action, call year, National Agency, title,
period, the beneficiary (the school or consortium coordinator that prints on its documents),
consortium members and partners. One transaction; every problem reported at once.

The grant agreement number carries the call year, the National Agency and the action
(``2025-1-FI01-KA122-VET-000123456``): what the user types must agree with it. The National
Agency defaults to the one in the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import Action, AuditAction, PartnerRole
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.db.models import Organisation, ProjectPartner
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.award import AwardForm, apply_award_in, validate_award
from intervet_desktop.services.budget import is_lump_sum
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.project_settings import ProjectForm, _check, _values, insert_project

register("project_na_invalid", "National Agency '{value}' is not a code like FI01 (two letters, two digits).")
register(
    "project_na_mismatch", "The grant agreement number is of the National Agency {expected}, not {value}."
)
register("project_action_mismatch", "The grant agreement number is for {expected}, not {value}.")
register("project_year_mismatch", "The grant agreement number is of the call year {expected}, not {value}.")
register("project_members_not_ka121", "Only a KA121 accreditation has consortium members.")
register("project_org_twice", "{organisation} is named twice.")
register(
    "project_needs_beneficiary", "Choose the beneficiary: the school whose name prints on the documents."
)

NA_RE = re.compile(r"^[A-Z]{2}\d{2}$")
PARTS_RE = re.compile(r"^(\d{4})-\d-([A-Z]{2}\d{2})-(KA\d{3})-([A-Z]{3,5})-\d{6,9}$")


@dataclass(frozen=True)
class NewProjectForm:
    code: str = ""
    action: str = Action.KA122_VET.value
    call_year: int = 2025
    start_date: date | None = None
    end_date: date | None = None
    national_agency: str = ""
    title: str = ""
    beneficiary_id: int | None = None
    members: tuple[int, ...] = field(default=())
    partners: tuple[int, ...] = field(default=())
    rate_set_id: int | None = None  # the starting point of the rates (None: built-in of the year)
    require_beneficiary: bool = False  # the wizard asks for one; the command may leave it for later
    award: AwardForm | None = None  # the grant agreement's budget, saved with the project


def parts_of_code(code: str) -> tuple[int, str, str] | None:
    """(call year, NA, action) read from a grant agreement number, or None."""
    found = PARTS_RE.match(code.strip())
    if not found:
        return None
    return int(found.group(1)), found.group(2), f"{found.group(3)}-{found.group(4)}"


def _project_form(form: NewProjectForm) -> ProjectForm:
    parts = parts_of_code(form.code)
    na = form.national_agency.strip().upper() or (parts[1] if parts else "")
    return ProjectForm(
        code=form.code,
        title=form.title,
        action=form.action,
        call_year=form.call_year,
        national_agency=na,
        start_date=form.start_date,
        end_date=form.end_date,
        rate_set_id=form.rate_set_id,
    )


def _check_new(session: Session, form: NewProjectForm) -> list[Problem]:
    base = _project_form(form)
    found = _check(session, base, None)
    na = base.national_agency
    if na and not NA_RE.match(na):
        found.append(Problem("national_agency", msg("project_na_invalid", value=na)))
    parts = parts_of_code(form.code)
    if parts and not any(p.field == "code" for p in found):
        year, code_na, code_action = parts
        if na and NA_RE.match(na) and na != code_na:
            found.append(Problem("national_agency", msg("project_na_mismatch", expected=code_na, value=na)))
        if (
            form.action in {a.value for a in Action}
            and form.action != Action.OTHER
            and code_action != form.action
        ):
            found.append(
                Problem("action", msg("project_action_mismatch", expected=code_action, value=form.action))
            )
        if year != form.call_year:
            found.append(
                Problem("call_year", msg("project_year_mismatch", expected=year, value=form.call_year))
            )
    if form.members and form.action != Action.KA121_VET.value:
        found.append(Problem("members", msg("project_members_not_ka121")))
    if form.award is not None and form.action not in {Action.KA220_VET.value, Action.KA210_VET.value}:
        found += validate_award(form.award)
    if form.require_beneficiary and form.beneficiary_id is None:
        found.append(Problem("beneficiary", msg("project_needs_beneficiary")))
    seen: set[int] = set()
    named = [form.beneficiary_id] if form.beneficiary_id is not None else []
    for where, ids in (("beneficiary", named), ("members", form.members), ("partners", form.partners)):
        for org_id in ids:
            org = session.get(Organisation, org_id)
            if org is None:
                found.append(Problem(where, msg("not_found", entity="organisation", key="id", value=org_id)))
            elif org_id in seen:
                found.append(Problem(where, msg("project_org_twice", organisation=org.name)))
            seen.add(org_id)
    return found


def validate_new_project(workspace: Workspace, form: NewProjectForm) -> list[Problem]:
    with workspace.read_session() as session:
        return _check_new(session, form)


def create_project(workspace: Workspace, form: NewProjectForm) -> Result[int]:
    """The project, its beneficiary (coordinator), members and partners: all or nothing."""
    with workspace.session() as session:
        problems = _check_new(session, form)
        if problems:
            raise ValidationError(problems)
        row = insert_project(session, _values(_project_form(form), None))
        assert row.id is not None
        roles = [(form.beneficiary_id, PartnerRole.COORDINATOR)] if form.beneficiary_id is not None else []
        roles += [(m, PartnerRole.CONSORTIUM_MEMBER) for m in form.members]
        roles += [(p, PartnerRole.PARTNER) for p in form.partners]
        for org_id, role in roles:
            assert org_id is not None
            link = ProjectPartner(project_id=row.id, organisation_id=org_id, role=role.value)
            session.add(link)
            session.flush()
            audit.record(
                session,
                "project_partner",
                link.id or 0,
                AuditAction.CREATE,
                {"project_id": row.id, "organisation_id": org_id, "role": role.value},
            )
        if form.award is not None and not is_lump_sum(row):
            apply_award_in(session, row, form.award)
        project_id = row.id
    return Result(project_id, Changes.of(Kind.PROJECT, project_id))


def organisation_choices(workspace: Workspace) -> list[tuple[int, str]]:
    """Organisations for the wizard's pickers: id and "name (country)", by name."""
    with workspace.read_session() as session:
        rows = session.exec(
            select(Organisation.id, Organisation.name, Organisation.country).order_by(
                col(Organisation.sort_key)
            )
        ).all()
    return [(int(i or 0), f"{n} ({c})" if c else str(n)) for i, n, c in rows]


def beneficiary_of(workspace: Workspace, project_id: int) -> int | None:
    with workspace.read_session() as session:
        return session.exec(
            select(ProjectPartner.organisation_id).where(
                col(ProjectPartner.project_id) == project_id,
                col(ProjectPartner.role) == PartnerRole.COORDINATOR.value,
            )
        ).first()


__all__ = ["NewProjectForm", "create_project", "parts_of_code", "validate_new_project"]
