"""Budget figures of one project, aggregated in SQL (fast on 100,000 mobilities).

Unit-cost projects (KA121/KA122), per budget item (``core.budget_rules`` maps grant lines to
items):
- awarded: the project's ``BudgetLine`` rows of the item (per activity type or not, summed);
- committed: grant lines of every mobility that is not cancelled (a force-majeure cancellation
  keeps the costs the rules allow: committed and realised);
- realised: grant lines of completed and reported mobilities;
- planned: committed - realised (still to happen);
- forecast: what the project will use at current plans = realised + planned = committed
  (cancelled mobilities drop out; a shortened one counts at its recomputed grant);
- remaining: awarded - committed; room: what the transfer rule still allows (see budget_rules).
Paid (to participants, net of recoveries, in EUR) and in kind are per project: a payment pays a
participant's whole part, not an item.

Lump-sum projects (KA220): see ``services.work_packages``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import case, func, or_, select

from intervet_desktop.core.budget_figures import ActivityFigures, CashPosition, ItemFigures, ProjectBudget
from intervet_desktop.core.budget_rules import ITEM_NAMES, item_of_line, share_of, transfer_room
from intervet_desktop.core.enums import Action, FundingModel, GrantLineCode, MobilityStatus
from intervet_desktop.core.errors import UserError
from intervet_desktop.core.messages import Message, msg, register
from intervet_desktop.core.money import format_cents
from intervet_desktop.db.models import (
    BudgetLine,
    GrantLine,
    InKindExpense,
    Mobility,
    NaPayment,
    PartnerTransfer,
    Payment,
    Project,
    table_of,
)
from intervet_desktop.db.workspace import Workspace

register(
    "budget_project_over",
    "Commitments ({committed}) exceed the project's award ({awarded}) by {over}.",
)
register(
    "budget_item_over_covered",
    "{item}: {over} above its award of {awarded}; the transfer rule ({limit} %) covers it from other items.",
)
register(
    "budget_item_over_uncovered",
    "{item}: {over} above its award of {awarded}; transfers can cover only {covered} of it.",
)
register(
    "budget_item_over_no_rule",
    "{item}: {over} above its award of {awarded}, and the project has no transfer rule.",
)
register(
    "budget_activity_exhausted",
    "{activity}: no budget left ({committed} committed of {awarded} awarded).",
)
register(
    "budget_activity_unbudgeted",
    "{activity}: {count} mobilities, but the project has no budget line for this activity.",
)
register(
    "budget_rates_not_confirmed",
    "Rates not confirmed: the amounts use a starting-point rate set, not yet checked against the "
    "grant agreement's annex.",
)
register("budget_no_lines", "No awarded amounts per budget item yet: enter the grant agreement's budget.")

M = table_of(Mobility).c
G = table_of(GrantLine).c
B = table_of(BudgetLine).c
PAY = table_of(Payment).c
IK = table_of(InKindExpense).c
NA = table_of(NaPayment).c
PT = table_of(PartnerTransfer).c

REALISED = (MobilityStatus.COMPLETED.value, MobilityStatus.REPORTED.value)
LINE_CODES = tuple(c.value for c in GrantLineCode)


def _code_sums() -> list[Any]:
    """One SUM per grant line code (conditional sums: no sort of the lines for a GROUP BY)."""
    return [
        func.coalesce(func.sum(case((G.code == code, G.amount_cents), else_=0)), 0).label(code)
        for code in LINE_CODES
    ]


CANCELLED = MobilityStatus.CANCELLED.value
# a mobility counts unless cancelled without force majeure (force majeure keeps the costs allowed)
COMMITTED = or_(M.status != CANCELLED, M.force_majeure.is_(True))


def _eur(cents: int) -> str:
    return format_cents(cents, symbol="EUR")


def is_lump_sum(project: Project) -> bool:
    if project.funding_model == FundingModel.LUMP_SUM.value:
        return True
    try:
        return Action(project.action).is_lump_sum
    except ValueError:
        return False


def project_budget(workspace: Workspace, project_id: int) -> ProjectBudget:
    with workspace.read_session() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise UserError(msg("project_not_found", id=project_id))
    with workspace.read_engine.connect() as conn:
        # one pass over the project's grant lines (covering indexes), one row per status
        line_rows = conn.execute(
            select(M.status, M.force_majeure, *_code_sums())
            .select_from(table_of(Mobility).join(table_of(GrantLine), G.mobility_id == M.id))
            .where(M.project_id == project_id)
            .group_by(M.status, M.force_majeure)
        ).all()
        count_rows = conn.execute(
            select(
                M.status,
                M.force_majeure,
                M.activity_type,
                func.count(),
                func.coalesce(func.sum(M.grant_total_cents), 0),
            )
            .where(M.project_id == project_id)
            .group_by(M.status, M.force_majeure, M.activity_type)
        ).all()
        budget_rows = conn.execute(
            select(B.item, B.activity_type, B.awarded_cents).where(B.project_id == project_id)
        ).all()
        budgeted = sorted({str(a) for _, a, _ in budget_rows if a})
        activity_line_rows = (
            conn.execute(
                select(M.activity_type, *_code_sums())
                .select_from(table_of(Mobility).join(table_of(GrantLine), G.mobility_id == M.id))
                .where(M.project_id == project_id, COMMITTED, M.activity_type.in_(budgeted))
                .group_by(M.activity_type)
            ).all()
            if budgeted
            else []
        )
        # driven from the payments (few) with the mobility found by its key
        project_of_payment = select(M.project_id).where(M.id == PAY.mobility_id).scalar_subquery()
        paid = conn.execute(
            select(func.coalesce(func.sum(PAY.amount_eur_cents), 0)).where(
                PAY.paid_on.isnot(None), project_of_payment == project_id
            )
        ).scalar_one()
        project_of_expense = select(M.project_id).where(M.id == IK.mobility_id).scalar_subquery()
        in_kind = conn.execute(
            select(func.coalesce(func.sum(IK.amount_eur_cents), 0)).where(project_of_expense == project_id)
        ).scalar_one()
        na_rows = conn.execute(
            select(NA.amount_cents, NA.received_on).where(NA.project_id == project_id)
        ).all()
        transferred = conn.execute(
            select(func.coalesce(func.sum(PT.amount_cents), 0)).where(PT.project_id == project_id)
        ).scalar_one()

    committed: dict[str, int] = defaultdict(int)
    realised: dict[str, int] = defaultdict(int)
    for status, force_majeure, *amounts in line_rows:
        if status == CANCELLED and not force_majeure:
            continue
        for code, amount in zip(LINE_CODES, amounts, strict=True):
            item = item_of_line(code)
            if item is None or not amount:
                continue
            committed[item.value] += int(amount)
            if status in REALISED or status == CANCELLED:  # force majeure: spent, reported as such
                realised[item.value] += int(amount)
    committed_by_activity: dict[tuple[str, str], int] = defaultdict(int)
    for activity, *amounts in activity_line_rows:
        for code, amount in zip(LINE_CODES, amounts, strict=True):
            item = item_of_line(code)
            if item is not None and amount:
                committed_by_activity[(str(activity), item.value)] += int(amount or 0)

    awarded: dict[str, int] = defaultdict(int)
    awarded_by_activity: dict[str, dict[str, int]] = defaultdict(dict)
    for item, activity, amount in budget_rows:
        awarded[str(item)] += int(amount)
        if activity:
            awarded_by_activity[str(activity)][str(item)] = int(amount)

    rooms = transfer_room(awarded, committed, project.transfer_limit_bp)
    items = tuple(
        ItemFigures(item, awarded.get(item, 0), committed.get(item, 0), realised.get(item, 0), rooms[item])
        for item in rooms
    )
    awarded_total = project.awarded_cents or sum(awarded.values())
    total = ItemFigures("total", awarded_total, sum(committed.values()), sum(realised.values()), None)
    counts: dict[str, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    for status, force_majeure, activity, n, total_cents in count_rows:
        if status != CANCELLED or force_majeure:
            counts[str(activity)] += int(n)
            totals[str(activity)] += int(total_cents)
    activities = []
    for activity in sorted(set(counts) | set(awarded_by_activity)):
        lines = awarded_by_activity.get(activity)
        if lines is None:
            activities.append(
                ActivityFigures(activity, counts.get(activity, 0), None, totals.get(activity, 0))
            )
        else:
            activities.append(
                ActivityFigures(
                    activity,
                    counts.get(activity, 0),
                    sum(lines.values()),
                    sum(committed_by_activity.get((activity, item), 0) for item in lines),
                )
            )

    na_received = sum(int(a) for a, on in na_rows if on is not None)
    na_outstanding = sum(int(a) for a, on in na_rows if on is None)
    cash = CashPosition(
        awarded_cents=awarded_total,
        na_prefinancing_expected_cents=share_of(awarded_total, project.na_prefinancing_bp),
        na_received_cents=na_received,
        na_outstanding_cents=na_outstanding,
        committed_cents=total.committed_cents,
        paid_to_participants_cents=int(paid),
        in_kind_cents=int(in_kind),
        transferred_to_partners_cents=int(transferred),
    )
    lump = is_lump_sum(project)
    warnings = [] if lump else _warnings(project, items, total, activities, bool(budget_rows))
    if lump:  # work packages and transfers (services.work_packages), not unit-cost items
        items = ()
    if not lump:
        from intervet_desktop.services.sequence_checks import sequence_warnings

        with workspace.read_session() as session:
            warnings += sequence_warnings(session, project)
    confirmed = project.rates_confirmed_on is not None
    if not confirmed and not lump:
        warnings.insert(0, msg("budget_rates_not_confirmed"))
    return ProjectBudget(
        project_id=project_id,
        code=project.code,
        title=project.title,
        action=project.action,
        lump_sum=lump,
        awarded_cents=awarded_total,
        transfer_limit_bp=project.transfer_limit_bp,
        items=items,
        total=total,
        activities=tuple(activities),
        mobilities=sum(counts.values()),
        cash=cash,
        warnings=tuple(warnings),
        interim_report_due=project.interim_report_due,
        final_report_due=project.final_report_due,
        participant_prefinancing_bp=project.participant_prefinancing_bp,
        participant_balance_days=project.participant_balance_days,
        terms_are_defaults=project.terms_are_defaults,
        rates_confirmed=confirmed or lump,
    )


def _warnings(
    project: Project,
    items: tuple[ItemFigures, ...],
    total: ItemFigures,
    activities: list[ActivityFigures],
    has_lines: bool,
) -> list[Message]:
    found: list[Message] = []
    if not has_lines:
        found.append(msg("budget_no_lines"))
    if total.awarded_cents and total.committed_cents > total.awarded_cents:
        found.append(
            msg(
                "budget_project_over",
                committed=_eur(total.committed_cents),
                awarded=_eur(total.awarded_cents),
                over=_eur(total.committed_cents - total.awarded_cents),
            )
        )
    if has_lines:
        for figures in items:
            room = figures.room
            if room is None or not room.overrun_cents:
                continue
            params = {
                "item": ITEM_NAMES.get(figures.item, figures.item),
                "over": _eur(room.overrun_cents),
                "awarded": _eur(room.awarded_cents),
            }
            if project.transfer_limit_bp is None:
                found.append(msg("budget_item_over_no_rule", **params))
            elif room.uncovered_cents:
                found.append(msg("budget_item_over_uncovered", covered=_eur(room.covered_cents), **params))
            else:
                limit = f"{project.transfer_limit_bp / 100:g}"
                found.append(msg("budget_item_over_covered", limit=limit, **params))
    budgeted_activities = any(a.awarded_cents is not None for a in activities)
    for activity in activities:
        if activity.awarded_cents is None:
            if budgeted_activities and activity.mobilities:
                found.append(
                    msg(
                        "budget_activity_unbudgeted",
                        activity=activity.activity_type,
                        count=activity.mobilities,
                    )
                )
        elif activity.committed_cents >= activity.awarded_cents:
            found.append(
                msg(
                    "budget_activity_exhausted",
                    activity=activity.activity_type,
                    committed=_eur(activity.committed_cents),
                    awarded=_eur(activity.awarded_cents),
                )
            )
    return found


def project_id_by_code(workspace: Workspace, code: str) -> int:
    """The id of the project with this grant agreement number (a clear error when there is none)."""
    with workspace.read_engine.connect() as conn:
        found = conn.execute(
            select(table_of(Project).c.id).where(table_of(Project).c.code == code.strip())
        ).first()
    if found is None:
        raise UserError(msg("not_found", entity="project", key="code", value=code))
    return int(found[0])
