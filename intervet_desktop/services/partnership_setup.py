"""Setting up a KA220 cooperation partnership: partners with their roles, work packages with each
partner's lump-sum share, activities, and the costs recorded against a work package. Created,
edited and deleted here (one transaction and an audit row each); progress, costs and transfers are
recorded by ``services.work_packages`` and ``services.project_cash``.

Guards: shares go only to the project's partners (coordinator included) and add up to the work
package's lump sum exactly; a partner with shares or transfers cannot be removed; a work package
with recorded costs cannot be deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from intervet_desktop.core.enums import AuditAction, PartnerRole
from intervet_desktop.core.errors import Problem, UserError, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.money import MoneyError, format_cents, parse_amount
from intervet_desktop.db.models import (
    Organisation,
    PartnerTransfer,
    Project,
    ProjectPartner,
    WorkPackage,
    WorkPackageActivity,
    WorkPackageCost,
    WorkPackageShare,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.work_packages import lump_sum_budget  # noqa: F401  (registers messages)

register("partner_already", "{organisation} is already a partner of this project.")
register("partner_in_use", "{organisation} has shares or transfers in this project: remove those first.")
register("shares_not_partner", "{organisation} is not a partner of this project.")
register("shares_sum", "The shares add up to {total}, but the work package's lump sum is {lump_sum}.")
register("work_package_code_taken", "The project already has a work package {package}.")
register("work_package_has_costs", "Work package {package} has recorded costs: delete them first.")

ROLES = tuple(r.value for r in PartnerRole)


def _project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise UserError(msg("project_not_found", id=project_id))
    return project


def _package(session: Session, work_package_id: int) -> WorkPackage:
    package = session.get(WorkPackage, work_package_id)
    if package is None:
        raise UserError(msg("work_package_not_found", id=work_package_id))
    return package


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# ------------------------------------------------------------------------------------ partners
def add_partner(workspace: Workspace, project_id: int, organisation_id: int, role: str) -> Result[int]:
    with workspace.session() as session:
        _project(session, project_id)
        organisation = session.get(Organisation, organisation_id)
        problems: list[Problem] = []
        if organisation is None:
            problems.append(
                Problem(
                    "organisation", msg("not_found", entity="organisation", key="id", value=organisation_id)
                )
            )
        if role not in ROLES:
            problems.append(Problem("role", msg("unknown_choice", field="role", value=role, choices=ROLES)))
        existing = session.exec(
            select(ProjectPartner).where(
                col(ProjectPartner.project_id) == project_id,
                col(ProjectPartner.organisation_id) == organisation_id,
            )
        ).first()
        if existing is not None and organisation is not None:
            problems.append(Problem("organisation", msg("partner_already", organisation=organisation.name)))
        if problems:
            raise ValidationError(problems)
        link = ProjectPartner(project_id=project_id, organisation_id=organisation_id, role=role)
        session.add(link)
        session.flush()
        assert link.id is not None
        audit.record(
            session,
            "project_partner",
            link.id,
            AuditAction.CREATE,
            {"project_id": project_id, "organisation_id": organisation_id, "role": role},
        )
        link_id = link.id
    return Result(link_id, Changes.of(Kind.PROJECT, project_id))


def _link(session: Session, project_id: int, organisation_id: int) -> ProjectPartner:
    link = session.exec(
        select(ProjectPartner).where(
            col(ProjectPartner.project_id) == project_id,
            col(ProjectPartner.organisation_id) == organisation_id,
        )
    ).first()
    if link is None:
        organisation = session.get(Organisation, organisation_id)
        name = organisation.name if organisation else f"#{organisation_id}"
        raise ValidationError([Problem("organisation", msg("shares_not_partner", organisation=name))])
    return link


def set_partner_role(workspace: Workspace, project_id: int, organisation_id: int, role: str) -> Result[None]:
    if role not in ROLES:
        raise ValidationError.single("role", "unknown_choice", field="role", value=role, choices=ROLES)
    with workspace.session() as session:
        link = _link(session, project_id, organisation_id)
        before = link.role
        link.role = role
        link.updated_at = utcnow()
        session.add(link)
        if before != role:
            audit.record(
                session, "project_partner", link.id or 0, AuditAction.UPDATE, {"role": [before, role]}
            )
    return Result(None, Changes.of(Kind.PROJECT, project_id))


def remove_partner(workspace: Workspace, project_id: int, organisation_id: int) -> Result[None]:
    with workspace.session() as session:
        link = _link(session, project_id, organisation_id)
        shares = session.exec(
            select(func.count())
            .select_from(WorkPackageShare)
            .join(WorkPackage, col(WorkPackage.id) == col(WorkPackageShare.work_package_id))
            .where(
                col(WorkPackage.project_id) == project_id,
                col(WorkPackageShare.organisation_id) == organisation_id,
            )
        ).one()
        transfers = session.exec(
            select(func.count()).where(
                col(PartnerTransfer.project_id) == project_id,
                col(PartnerTransfer.organisation_id) == organisation_id,
            )
        ).one()
        if shares or transfers:
            organisation = session.get(Organisation, organisation_id)
            name = organisation.name if organisation else f"#{organisation_id}"
            raise ValidationError([Problem("organisation", msg("partner_in_use", organisation=name))])
        audit.record(
            session,
            "project_partner",
            link.id or 0,
            AuditAction.DELETE,
            {"project_id": project_id, "organisation_id": organisation_id, "role": link.role},
        )
        session.delete(link)
    return Result(None, Changes.of(Kind.PROJECT, project_id))


# ------------------------------------------------------------------------------- work packages
@dataclass(frozen=True)
class WorkPackageForm:
    code: str
    title: str = ""
    lump_sum: str = "0"
    start_date: date | None = None
    end_date: date | None = None


def _check_package(
    session: Session, project_id: int, form: WorkPackageForm, package_id: int | None
) -> tuple[list[Problem], int | None]:
    problems: list[Problem] = []
    code = form.code.strip()
    cents: int | None = None
    if not code:
        problems.append(Problem("code", msg("field_required", field="code")))
    else:
        other = session.exec(
            select(WorkPackage.id).where(
                col(WorkPackage.project_id) == project_id, col(WorkPackage.code) == code
            )
        ).first()
        if other is not None and other != package_id:
            problems.append(Problem("code", msg("work_package_code_taken", package=code)))
    try:
        cents = parse_amount(form.lump_sum)
        if cents < 0:
            problems.append(Problem("lump_sum", msg("value_negative", field="lump_sum")))
    except MoneyError:
        problems.append(
            Problem("lump_sum", msg("value_not_an_amount", field="lump_sum", value=form.lump_sum))
        )
    if form.start_date and form.end_date and form.end_date < form.start_date:
        problems.append(
            Problem(
                "end_date",
                msg(
                    "date_order",
                    end_field="end",
                    end=form.end_date,
                    start_field="start",
                    start=form.start_date,
                ),
            )
        )
    return problems, cents


def _package_values(package: WorkPackage) -> dict[str, object]:
    return {
        "code": package.code,
        "title": package.title,
        "lump_sum_cents": package.lump_sum_cents,
        "start_date": _iso(package.start_date),
        "end_date": _iso(package.end_date),
    }


def save_work_package(
    workspace: Workspace, project_id: int, form: WorkPackageForm, work_package_id: int | None = None
) -> Result[int]:
    with workspace.session() as session:
        _project(session, project_id)
        problems, cents = _check_package(session, project_id, form, work_package_id)
        if problems:
            raise ValidationError(problems)
        assert cents is not None
        if work_package_id is None:
            package = WorkPackage(project_id=project_id, code=form.code.strip())
            before: dict[str, object] = {}
        else:
            package = _package(session, work_package_id)
            before = _package_values(package)
        package.code = form.code.strip()
        package.title = " ".join(form.title.split())[:300]
        package.lump_sum_cents = cents
        package.start_date, package.end_date = form.start_date, form.end_date
        package.updated_at = utcnow()
        session.add(package)
        session.flush()
        assert package.id is not None
        action = AuditAction.CREATE if work_package_id is None else AuditAction.UPDATE
        changed = audit.diff(before, _package_values(package))
        if changed:
            audit.record(session, "work_package", package.id, action, {"project_id": project_id, **changed})
        saved = package.id
    return Result(saved, Changes.of(Kind.WORK_PACKAGE, saved).add(Kind.PROJECT, [project_id]))


def delete_work_package(workspace: Workspace, work_package_id: int) -> Result[None]:
    with workspace.session() as session:
        package = _package(session, work_package_id)
        costs = session.exec(
            select(func.count()).where(col(WorkPackageCost.work_package_id) == work_package_id)
        ).one()
        if costs:
            raise ValidationError(
                [Problem("work_package", msg("work_package_has_costs", package=package.code))]
            )
        project_id = package.project_id
        audit.record(session, "work_package", work_package_id, AuditAction.DELETE, _package_values(package))
        session.delete(package)
    return Result(None, Changes.of(Kind.WORK_PACKAGE, work_package_id).add(Kind.PROJECT, [project_id]))


def set_shares(workspace: Workspace, work_package_id: int, shares: Mapping[int, str]) -> Result[None]:
    """Each partner's lump-sum share of a work package (replaces them all; 0 or '' removes one).
    The shares must add up to the lump sum exactly."""
    problems: list[Problem] = []
    with workspace.session() as session:
        package = _package(session, work_package_id)
        partners = {
            link.organisation_id
            for link in session.exec(
                select(ProjectPartner).where(col(ProjectPartner.project_id) == package.project_id)
            ).all()
        }
        cents_of: dict[int, int] = {}
        for org_id, text in shares.items():
            organisation = session.get(Organisation, org_id)
            name = organisation.name if organisation else f"#{org_id}"
            if org_id not in partners:
                problems.append(Problem(f"share_{org_id}", msg("shares_not_partner", organisation=name)))
                continue
            try:
                cents = parse_amount(text or "0")
            except MoneyError:
                problems.append(
                    Problem(f"share_{org_id}", msg("value_not_an_amount", field=name, value=text))
                )
                continue
            if cents < 0:
                problems.append(Problem(f"share_{org_id}", msg("value_negative", field=name)))
            elif cents:
                cents_of[org_id] = cents
        total = sum(cents_of.values())
        if not problems and total != package.lump_sum_cents:
            problems.append(
                Problem(
                    "shares",
                    msg(
                        "shares_sum",
                        total=format_cents(total, symbol="EUR"),
                        lump_sum=format_cents(package.lump_sum_cents, symbol="EUR"),
                    ),
                )
            )
        if problems:
            raise ValidationError(problems)
        existing = {
            s.organisation_id: s
            for s in session.exec(
                select(WorkPackageShare).where(col(WorkPackageShare.work_package_id) == work_package_id)
            ).all()
        }
        before = {str(k): v.amount_cents for k, v in existing.items()}
        for org_id, row in existing.items():
            if org_id not in cents_of:
                session.delete(row)
        for org_id, cents in cents_of.items():
            row = existing.get(org_id) or WorkPackageShare(
                work_package_id=work_package_id, organisation_id=org_id
            )
            row.amount_cents = cents
            row.updated_at = utcnow()
            session.add(row)
        changed = audit.diff(before, {str(k): v for k, v in cents_of.items()})
        if changed:
            audit.record(session, "work_package", work_package_id, AuditAction.UPDATE, {"shares": changed})
        project_id = package.project_id
    return Result(None, Changes.of(Kind.WORK_PACKAGE, work_package_id).add(Kind.PROJECT, [project_id]))


# ---------------------------------------------------------------------------------- activities
@dataclass(frozen=True)
class ActivityForm:
    title: str
    planned_start: date | None = None
    planned_end: date | None = None


def save_activity(
    workspace: Workspace, work_package_id: int, form: ActivityForm, activity_id: int | None = None
) -> Result[int]:
    problems: list[Problem] = []
    title = " ".join(form.title.split())
    if not title:
        problems.append(Problem("title", msg("field_required", field="title")))
    if form.planned_start and form.planned_end and form.planned_end < form.planned_start:
        problems.append(
            Problem(
                "planned_end",
                msg(
                    "date_order",
                    end_field="end",
                    end=form.planned_end,
                    start_field="start",
                    start=form.planned_start,
                ),
            )
        )
    with workspace.session() as session:
        _package(session, work_package_id)
        if problems:
            raise ValidationError(problems)
        if activity_id is None:
            activity = WorkPackageActivity(work_package_id=work_package_id, title=title)
            before: dict[str, object] = {}
        else:
            found = session.get(WorkPackageActivity, activity_id)
            if found is None:
                raise UserError(msg("activity_not_found", id=activity_id))
            activity = found
            before = {
                "title": activity.title,
                "planned_start": _iso(activity.planned_start),
                "planned_end": _iso(activity.planned_end),
            }
        activity.title = title[:300]
        activity.planned_start, activity.planned_end = form.planned_start, form.planned_end
        activity.updated_at = utcnow()
        session.add(activity)
        session.flush()
        assert activity.id is not None
        after = {
            "title": activity.title,
            "planned_start": _iso(activity.planned_start),
            "planned_end": _iso(activity.planned_end),
        }
        action = AuditAction.CREATE if activity_id is None else AuditAction.UPDATE
        audit.record(session, "work_package_activity", activity.id, action, audit.diff(before, after))
        saved = activity.id
    return Result(saved, Changes.of(Kind.WORK_PACKAGE, work_package_id))


def delete_activity(workspace: Workspace, activity_id: int) -> Result[None]:
    with workspace.session() as session:
        activity = session.get(WorkPackageActivity, activity_id)
        if activity is None:
            raise UserError(msg("activity_not_found", id=activity_id))
        package_id = activity.work_package_id
        audit.record(
            session, "work_package_activity", activity_id, AuditAction.DELETE, {"title": activity.title}
        )
        session.delete(activity)
    return Result(None, Changes.of(Kind.WORK_PACKAGE, package_id))


def delete_cost(workspace: Workspace, cost_id: int, reason: str) -> Result[None]:
    with workspace.session() as session:
        cost = session.get(WorkPackageCost, cost_id)
        if cost is None:
            raise UserError(msg("not_found", entity="cost", key="id", value=cost_id))
        if not reason.strip():
            raise ValidationError.single("reason", "field_required", field="reason")
        package_id = cost.work_package_id
        audit.record(
            session,
            "work_package_cost",
            cost_id,
            AuditAction.DELETE,
            {"amount_eur_cents": cost.amount_eur_cents, "reason": reason.strip()},
        )
        session.delete(cost)
    return Result(None, Changes.of(Kind.WORK_PACKAGE, package_id))
