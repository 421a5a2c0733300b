"""KA220 lump sums: work packages with each partner's share, planned activities and their
completion, costs recorded against them (any currency, converted at the month's rate), and the
amount at risk.

A lump-sum work package is paid when it is completed: a work package below 100 % puts its whole
lump sum (and each partner's share of it) at risk. Costs are recorded for the partnership's own
follow-up; they do not change what the NA pays.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from intervet_desktop.core.budget_figures import PackageLine, PartnerLine, PartnershipReport, TransferLine
from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.errors import Problem, UserError, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.money_input import past_date, positive_amount
from intervet_desktop.db.models import (
    Organisation,
    PartnerTransfer,
    ProjectPartner,
    WorkPackage,
    WorkPackageActivity,
    WorkPackageCost,
    WorkPackageShare,
    table_of,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.fx import convert_into

register("work_package_not_found", "There is no work package #{id}.")
register("activity_not_found", "There is no work-package activity #{id}.")
register("completion_range", "Completion must be between 0 and 100 % (it is {value}).")

WP = table_of(WorkPackage).c
WS = table_of(WorkPackageShare).c
WA = table_of(WorkPackageActivity).c
WC = table_of(WorkPackageCost).c
O = table_of(Organisation).c  # noqa: E741
PP = table_of(ProjectPartner).c
PT = table_of(PartnerTransfer).c


@dataclass(frozen=True)
class ShareFigures:
    organisation_id: int
    organisation: str
    amount_cents: int


@dataclass(frozen=True)
class ActivityRow:
    id: int
    title: str
    planned_start: date | None
    planned_end: date | None
    completion_pct: int
    evidence: str


@dataclass(frozen=True)
class WorkPackageFigures:
    id: int
    code: str
    title: str
    lump_sum_cents: int
    start: date | None
    end: date | None
    completion_pct: int
    completed_on: date | None
    evidence: str
    shares: tuple[ShareFigures, ...]
    activities: tuple[ActivityRow, ...]
    costs_cents: int  # recorded costs in EUR

    @property
    def completed(self) -> bool:
        return self.completion_pct >= 100

    @property
    def at_risk_cents(self) -> int:
        return 0 if self.completed else self.lump_sum_cents

    @property
    def activities_pct(self) -> int | None:
        """Average completion of the planned activities (None without activities)."""
        if not self.activities:
            return None
        return round(sum(a.completion_pct for a in self.activities) / len(self.activities))


@dataclass(frozen=True)
class PartnerFigures:
    organisation_id: int
    organisation: str
    role: str
    lump_share_cents: int
    transferred_cents: int
    at_risk_cents: int

    @property
    def still_to_transfer_cents(self) -> int:
        return self.lump_share_cents - self.transferred_cents


@dataclass(frozen=True)
class LumpSumBudget:
    project_id: int
    work_packages: tuple[WorkPackageFigures, ...]
    partners: tuple[PartnerFigures, ...]

    @property
    def lump_sum_cents(self) -> int:
        return sum(w.lump_sum_cents for w in self.work_packages)

    @property
    def completed_cents(self) -> int:
        return sum(w.lump_sum_cents for w in self.work_packages if w.completed)

    @property
    def at_risk_cents(self) -> int:
        return sum(w.at_risk_cents for w in self.work_packages)

    @property
    def costs_cents(self) -> int:
        return sum(w.costs_cents for w in self.work_packages)


def lump_sum_budget(workspace: Workspace, project_id: int) -> LumpSumBudget:
    with workspace.read_engine.connect() as conn:
        wps = conn.execute(
            select(
                WP.id,
                WP.code,
                WP.title,
                WP.lump_sum_cents,
                WP.start_date,
                WP.end_date,
                WP.completion_pct,
                WP.completed_on,
                WP.evidence,
            )
            .where(WP.project_id == project_id)
            .order_by(WP.code)
        ).all()
        ids = [int(w[0]) for w in wps]
        shares = conn.execute(
            select(WS.work_package_id, WS.organisation_id, O.name, WS.amount_cents)
            .join(table_of(Organisation), O.id == WS.organisation_id)
            .where(WS.work_package_id.in_(ids))
            .order_by(O.sort_key)
        ).all()
        activities = conn.execute(
            select(
                WA.work_package_id,
                WA.id,
                WA.title,
                WA.planned_start,
                WA.planned_end,
                WA.completion_pct,
                WA.evidence,
            )
            .where(WA.work_package_id.in_(ids))
            .order_by(WA.planned_start, WA.id)
        ).all()
        costs = dict(
            conn.execute(
                select(WC.work_package_id, func.sum(WC.amount_eur_cents))
                .where(WC.work_package_id.in_(ids))
                .group_by(WC.work_package_id)
            ).all()
        )
        partners = conn.execute(
            select(PP.organisation_id, O.name, PP.role)
            .join(table_of(Organisation), O.id == PP.organisation_id)
            .where(PP.project_id == project_id)
            .order_by(O.sort_key)
        ).all()
        transfers = dict(
            conn.execute(
                select(PT.organisation_id, func.sum(PT.amount_cents))
                .where(PT.project_id == project_id)
                .group_by(PT.organisation_id)
            ).all()
        )
    shares_of: dict[int, list[ShareFigures]] = defaultdict(list)
    for wp_id, org_id, name, amount in shares:
        shares_of[int(wp_id)].append(ShareFigures(int(org_id), str(name), int(amount)))
    activities_of: dict[int, list[ActivityRow]] = defaultdict(list)
    for wp_id, a_id, title, start, end, pct, evidence in activities:
        activities_of[int(wp_id)].append(
            ActivityRow(int(a_id), str(title), start, end, int(pct), str(evidence))
        )
    packages = tuple(
        WorkPackageFigures(
            id=int(w[0]),
            code=str(w[1]),
            title=str(w[2]),
            lump_sum_cents=int(w[3]),
            start=w[4],
            end=w[5],
            completion_pct=int(w[6]),
            completed_on=w[7],
            evidence=str(w[8]),
            shares=tuple(shares_of[int(w[0])]),
            activities=tuple(activities_of[int(w[0])]),
            costs_cents=int(costs.get(w[0], 0) or 0),
        )
        for w in wps
    )
    share_total: dict[int, int] = defaultdict(int)
    risk_total: dict[int, int] = defaultdict(int)
    names: dict[int, str] = {}
    for package in packages:
        for share in package.shares:
            share_total[share.organisation_id] += share.amount_cents
            names[share.organisation_id] = share.organisation
            if not package.completed:
                risk_total[share.organisation_id] += share.amount_cents
    roles = {int(org_id): (str(name), str(role)) for org_id, name, role in partners}
    org_ids = list(dict.fromkeys([*roles, *share_total]))
    partner_rows = tuple(
        PartnerFigures(
            organisation_id=org_id,
            organisation=roles.get(org_id, (names.get(org_id, ""), ""))[0],
            role=roles.get(org_id, ("", "partner"))[1],
            lump_share_cents=share_total.get(org_id, 0),
            transferred_cents=int(transfers.get(org_id, 0) or 0),
            at_risk_cents=risk_total.get(org_id, 0),
        )
        for org_id in org_ids
    )
    return LumpSumBudget(project_id, packages, partner_rows)


def _pct(value: int, problems: list[Problem]) -> None:
    if not 0 <= value <= 100:
        problems.append(Problem("completion", msg("completion_range", value=value)))


def set_work_package_progress(
    workspace: Workspace,
    work_package_id: int,
    completion_pct: int,
    completed_on: date | None,
    evidence: str,
    today: date | None = None,
) -> Result[None]:
    """Completion of a work package; at 100 % the completion date is required."""
    today = today or date.today()
    problems: list[Problem] = []
    _pct(completion_pct, problems)
    past_date("completed_on", "Completed on", completed_on, today, problems, required=completion_pct >= 100)
    with workspace.session() as session:
        package = session.get(WorkPackage, work_package_id)
        if package is None:
            raise UserError(msg("work_package_not_found", id=work_package_id))
        if problems:
            raise ValidationError(problems)
        before = {"completion_pct": package.completion_pct, "completed_on": package.completed_on}
        package.completion_pct = completion_pct
        package.completed_on = completed_on if completion_pct >= 100 else None
        package.evidence = evidence.strip()
        package.updated_at = utcnow()
        session.add(package)
        after = {"completion_pct": package.completion_pct, "completed_on": package.completed_on}
        audit.record(session, "work_package", work_package_id, AuditAction.UPDATE, audit.diff(before, after))
    return Result(None, Changes.of(Kind.WORK_PACKAGE, work_package_id))


def set_activity_progress(
    workspace: Workspace, activity_id: int, completion_pct: int, evidence: str
) -> Result[None]:
    problems: list[Problem] = []
    _pct(completion_pct, problems)
    with workspace.session() as session:
        activity = session.get(WorkPackageActivity, activity_id)
        if activity is None:
            raise UserError(msg("activity_not_found", id=activity_id))
        if problems:
            raise ValidationError(problems)
        activity.completion_pct = completion_pct
        activity.evidence = evidence.strip()
        activity.updated_at = utcnow()
        session.add(activity)
        audit.record(
            session,
            "work_package_activity",
            activity_id,
            AuditAction.UPDATE,
            {"completion_pct": completion_pct},
        )
    return Result(None, Changes.of(Kind.WORK_PACKAGE, activity.work_package_id))


@dataclass(frozen=True)
class CostForm:
    amount: str
    spent_on: date | None
    currency: str = "EUR"
    organisation_id: int | None = None
    description: str = ""


def _cost_columns(session: Session, form: CostForm, today: date) -> dict[str, Any]:
    """The columns of a checked cost (its currency and the EUR figure beside it); refused as a whole."""
    problems: list[Problem] = []
    cents = positive_amount("amount", "amount", form.amount, problems)
    past_date("spent_on", "spent_on", form.spent_on, today, problems)
    converted = convert_into(session, "amount", form.currency, cents, form.spent_on, problems)
    if problems:
        raise ValidationError(problems)
    assert converted is not None and form.spent_on is not None
    return {
        "organisation_id": form.organisation_id,
        "spent_on": form.spent_on,
        "description": form.description.strip()[:300],
        **converted.columns(),
    }


def record_cost(
    workspace: Workspace, work_package_id: int, form: CostForm, today: date | None = None
) -> Result[int]:
    """A cost recorded against a work package, kept in its currency with the EUR figure beside it."""
    with workspace.session() as session:
        package = session.get(WorkPackage, work_package_id)
        if package is None:
            raise UserError(msg("work_package_not_found", id=work_package_id))
        columns = _cost_columns(session, form, today or date.today())
        cost = WorkPackageCost(work_package_id=work_package_id, **columns)
        session.add(cost)
        session.flush()
        assert cost.id is not None
        audit.record(
            session,
            "work_package_cost",
            cost.id,
            AuditAction.CREATE,
            {"amount_eur_cents": cost.amount_eur_cents},
        )
        cost_id = cost.id
    return Result(cost_id, Changes.of(Kind.WORK_PACKAGE, work_package_id))


def update_cost(
    workspace: Workspace, cost_id: int, work_package_id: int, form: CostForm, today: date | None = None
) -> Result[int]:
    """Correct a recorded cost (amount, currency, date, who spent it, work package); the audit row
    keeps the old values."""
    with workspace.session() as session:
        cost = session.get(WorkPackageCost, cost_id)
        if cost is None:
            raise UserError(msg("not_found", entity="cost", key="id", value=cost_id))
        if session.get(WorkPackage, work_package_id) is None:
            raise UserError(msg("work_package_not_found", id=work_package_id))
        values = {"work_package_id": work_package_id, **_cost_columns(session, form, today or date.today())}
        before = {key: getattr(cost, key) for key in values}
        for key, value in values.items():
            setattr(cost, key, value)
        session.add(cost)
        changed = audit.diff(before, values)
        if changed:
            audit.record(session, "work_package_cost", cost_id, AuditAction.UPDATE, changed)
        old_package = before["work_package_id"]
    return Result(cost_id, Changes.of(Kind.WORK_PACKAGE, work_package_id, old_package))


@dataclass(frozen=True)
class CostRow:
    id: int
    work_package_id: int
    work_package: str
    spent_on: date
    amount_cents: int
    currency: str
    amount_eur_cents: int
    description: str
    organisation_id: int | None


def costs_of(workspace: Workspace, project_id: int) -> list[CostRow]:
    """Every cost recorded against the project's work packages, oldest first."""
    with workspace.read_session() as session:
        rows = session.execute(
            select(
                WC.id,
                WC.work_package_id,
                WP.code,
                WC.spent_on,
                WC.amount_cents,
                WC.currency,
                WC.amount_eur_cents,
                WC.description,
                WC.organisation_id,
            )  # fmt: skip
            .join_from(table_of(WorkPackageCost), table_of(WorkPackage), WP.id == WC.work_package_id)
            .where(WP.project_id == project_id)
            .order_by(WC.spent_on, WC.id)
        ).all()
        return [CostRow(*row) for row in rows]


def partnership_report(workspace: Workspace, project_id: int) -> PartnershipReport:
    """Work packages, partners and transfers as plain rows for the reports."""
    from intervet_desktop.services.project_cash import partner_transfers

    lump = lump_sum_budget(workspace, project_id)
    return PartnershipReport(
        packages=tuple(
            PackageLine(
                wp.code,
                wp.title,
                wp.lump_sum_cents,
                wp.completion_pct,
                wp.completed_on,
                wp.costs_cents,
                wp.at_risk_cents,
                tuple((s.organisation, s.amount_cents) for s in wp.shares),
            )
            for wp in lump.work_packages
        ),
        partners=tuple(
            PartnerLine(p.organisation, p.role, p.lump_share_cents, p.transferred_cents)
            for p in lump.partners
        ),
        transfers=tuple(
            TransferLine(t.organisation, t.transferred_on, t.amount_cents, t.reference)
            for t in partner_transfers(workspace, project_id)
        ),
    )
