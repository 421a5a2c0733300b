"""A project's settings: code, title, action, call year, National Agency, dates, rate set, payment
terms (defaults until changed) and report deadlines. Changing the rate set leaves stored grants as
they are; the mobilities page shows old versus new when a grant is recomputed."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from intervet_desktop.core.enums import Action, AuditAction, FundingModel
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import Message, msg, register
from intervet_desktop.core.text import search_key
from intervet_desktop.core.validation.result import by_field
from intervet_desktop.db.models import Project, RateSetRow, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.record_errors import not_found


def problem(where: str, code: str, /, **params: Any) -> Problem:
    """A problem of one form field (``field`` stays free as a message parameter)."""
    return Problem(where, msg(code, **params))


register("project_terms_range", "{field} must be between {min} and {max}.")

CODE_RE = re.compile(r"^\d{4}-\d-[A-Z]{2}\d{2}-KA\d{3}-[A-Z]{3,5}-\d{6,9}$")
TERM_FIELDS = ("participant_prefinancing_bp", "participant_balance_days", "na_prefinancing_bp")
ENTITY = Kind.PROJECT


@dataclass(frozen=True)
class ProjectForm:
    code: str = ""
    title: str = ""
    action: str = Action.KA122_VET.value
    call_year: int = 2025
    national_agency: str = ""
    start_date: date | None = None
    end_date: date | None = None
    rate_set_id: int | None = None  # None: the built-in set of the call year
    participant_prefinancing_bp: int = 8000
    participant_balance_days: int = 45
    na_prefinancing_bp: int = 8000
    terms_are_defaults: bool = True
    interim_report_due: date | None = None
    final_report_due: date | None = None
    rates_confirmed_on: date | None = None  # shown, changed only by confirming the rates


def _check(session: Session, form: ProjectForm, project_id: int | None) -> list[Problem]:
    found: list[Problem] = []
    code = form.code.strip()
    if not code:
        found.append(problem("code", "field_required", field="project_code"))
    elif not CODE_RE.match(code) and form.action != Action.OTHER:
        found.append(problem("code", "project_code_invalid", value=code))
    else:
        other = session.exec(select(Project.id).where(Project.code == code)).first()
        if other is not None and other != project_id:
            found.append(problem("code", "project_code_taken", value=code))
    if form.action not in {a.value for a in Action}:
        found.append(
            problem(
                "action",
                "unknown_choice",
                field="action",
                value=form.action,
                choices=", ".join(a.value for a in Action),
            )
        )
    if not 2014 <= form.call_year <= 2100:
        found.append(
            problem(
                "call_year", "value_out_of_range", field="call_year", min=2014, max=2100, value=form.call_year
            )
        )
    if form.start_date is None:
        found.append(problem("start_date", "field_required", field="start_date"))
    if form.end_date is None:
        found.append(problem("end_date", "field_required", field="end_date"))
    if form.start_date and form.end_date and form.end_date < form.start_date:
        found.append(
            problem(
                "end_date",
                "date_order",
                end_field="end_date",
                end=form.end_date,
                start_field="start_date",
                start=form.start_date,
            )
        )
    if form.rate_set_id is not None and session.get(RateSetRow, form.rate_set_id) is None:
        found.append(problem("rate_set_id", "not_found", entity="rate set", key="id", value=form.rate_set_id))
    for name, label, lo, hi in (
        ("participant_prefinancing_bp", "Pre-financing to participants", 0, 10000),
        ("na_prefinancing_bp", "Pre-financing from the National Agency", 0, 10000),
        ("participant_balance_days", "Days to pay the balance", 0, 365),
    ):
        value = getattr(form, name)
        if not lo <= value <= hi:
            found.append(problem(name, "project_terms_range", field=label, min=lo, max=hi))
    for name, label in (("interim_report_due", "Interim report"), ("final_report_due", "Final report")):
        value = getattr(form, name)
        if value is not None and form.start_date is not None and value < form.start_date:
            found.append(
                problem(
                    name,
                    "date_order",
                    end_field=label,
                    end=value,
                    start_field="project_start",
                    start=form.start_date,
                )
            )
    return found


def validate_project(
    workspace: Workspace, form: ProjectForm, project_id: int | None = None
) -> dict[str, Message]:
    with workspace.read_session() as session:
        return by_field(_check(session, form, project_id))


def get_project_form(workspace: Workspace, project_id: int) -> ProjectForm:
    with workspace.read_session() as session:
        row = session.get(Project, project_id)
        if row is None:
            raise not_found(ENTITY, project_id)
        return ProjectForm(
            code=row.code,
            title=row.title,
            action=row.action,
            call_year=row.call_year,
            national_agency=row.national_agency or "",
            start_date=row.start_date,
            end_date=row.end_date,
            rate_set_id=row.rate_set_id,
            participant_prefinancing_bp=row.participant_prefinancing_bp,
            participant_balance_days=row.participant_balance_days,
            na_prefinancing_bp=row.na_prefinancing_bp,
            terms_are_defaults=row.terms_are_defaults,
            interim_report_due=row.interim_report_due,
            final_report_due=row.final_report_due,
            rates_confirmed_on=row.rates_confirmed_on,
        )


def _values(form: ProjectForm, before: ProjectForm | None) -> dict[str, Any]:
    values = asdict(form)
    del values["rates_confirmed_on"]  # set only by confirming the rates (services.project_rates)
    values["code"] = form.code.strip()
    values["title"] = " ".join(form.title.split())
    values["national_agency"] = form.national_agency.strip().upper() or None
    # payment terms stay "defaults" until someone changes one of them
    if before is not None and any(getattr(before, f) != getattr(form, f) for f in TERM_FIELDS):
        values["terms_are_defaults"] = False
    elif before is None:
        values["terms_are_defaults"] = all(getattr(form, f) == getattr(ProjectForm(), f) for f in TERM_FIELDS)
    values["search_key"] = search_key(values["code"], values["title"])
    return values


def insert_project(session: Session, values: dict[str, Any]) -> Project:
    """A new project row from checked values (``_values``), with its audit row."""
    now = utcnow()
    if values["action"] in {Action.KA220_VET.value, Action.KA210_VET.value}:
        values["funding_model"] = FundingModel.LUMP_SUM.value
    row = Project(created_at=now, updated_at=now, **values)
    session.add(row)
    session.flush()
    assert row.id is not None
    audit.record(session, ENTITY, row.id, AuditAction.CREATE, {"code": row.code, "action": row.action})
    return row


def save_project(workspace: Workspace, form: ProjectForm, project_id: int | None = None) -> Result[int]:
    """Create (``project_id`` None) or update a project."""
    before = get_project_form(workspace, project_id) if project_id is not None else None
    with workspace.session() as session:
        problems = _check(session, form, project_id)
        if problems:
            raise ValidationError(problems)
        values = _values(form, before)
        now = utcnow()
        if project_id is None:
            row = insert_project(session, values)
        else:
            found = session.get(Project, project_id)
            assert found is not None and before is not None
            row = found
            old = {k: v for k, v in asdict(before).items() if k in values}
            changed = audit.diff(old, {k: values[k] for k in old})
            terms = {f: values.pop(f) for f in ("participant_prefinancing_bp", "participant_balance_days")}
            for key, value in values.items():
                setattr(row, key, value)
            if (row.participant_prefinancing_bp, row.participant_balance_days) != tuple(terms.values()):
                # new terms reach only unpaid instalments of mobilities not yet completed
                from intervet_desktop.services.payment_terms import apply_terms_in

                apply_terms_in(session, row, *terms.values())
            row.updated_at = now
            if "rate_set_id" in changed:  # another rate set: someone must confirm it again
                row.rates_confirmed_on = None
                changed["rates_confirmed_on"] = [str(before.rates_confirmed_on), None]
            session.add(row)
            if changed:
                audit.record(session, ENTITY, project_id, AuditAction.UPDATE, changed)
        saved_id = row.id
    assert saved_id is not None
    return Result(saved_id, Changes.of(ENTITY, saved_id))
