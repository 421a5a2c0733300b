"""The grant agreement's budget of a unit-cost project: the awarded amount per budget item and the
transfer rule, entered and corrected with an audit row per change.

An item's award is one ``BudgetLine`` without an activity type; entering it replaces any lines
of that item per activity type (the audit row keeps their old total). An amount of 0 removes
the item. The project's total award becomes the sum of its items. KA220 projects are funded
by work-package lump sums and have no items: they are refused here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, col, select

from intervet_desktop.core.budget_rules import AWARD_ITEMS, ITEM_NAMES
from intervet_desktop.core.enums import AuditAction, BudgetItem
from intervet_desktop.core.errors import Problem, UserError, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.money import MoneyError, parse_amount
from intervet_desktop.db.models import BudgetLine, Project, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.budget import is_lump_sum
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.payments import parse_share

register("award_lump_sum", "{project} is funded by work-package lump sums: enter its work packages instead.")
register("award_pair_invalid", "'{value}' is not ITEM=EUR (for example travel=12000).")
register("award_transfer_range", "The transfer rule must be between 0 and 100 % (it is {value}).")

UNCHANGED = object()


@dataclass(frozen=True)
class AwardForm:
    """Typed amounts per item (an item left out stays as it is); the transfer rule as a percentage
    ("" for no rule, None to leave it)."""

    amounts: Mapping[str, str]
    transfer_limit: str | None = None


@dataclass(frozen=True)
class Award:
    project_id: int
    items: dict[str, int]  # BudgetItem value -> cents (items with an award only)
    total_cents: int
    transfer_limit_bp: int | None


def item_key(name: str) -> BudgetItem | None:
    """``individual-support``, ``individual_support`` -> the budget item (None when unknown)."""
    cleaned = name.strip().lower().replace("_", "-")
    return AWARD_ITEMS.get(cleaned)


def parse_pairs(pairs: list[str]) -> dict[str, str]:
    """``["travel=12000", ...]`` -> {"travel": "12000"}; a malformed pair is refused by name."""
    problems: list[Problem] = []
    amounts: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            problems.append(Problem("item", msg("award_pair_invalid", value=pair)))
            continue
        amounts[name.strip()] = value.strip()
    if problems:
        raise ValidationError(problems)
    return amounts


def _check(form: AwardForm) -> tuple[list[Problem], dict[BudgetItem, int], int | None | object]:
    problems: list[Problem] = []
    cents_by_item: dict[BudgetItem, int] = {}
    for name, text in form.amounts.items():
        item = item_key(name)
        if item is None:
            problems.append(
                Problem(
                    "item", msg("unknown_choice", field="budget_item", value=name, choices=list(AWARD_ITEMS))
                )
            )
            continue
        label = ITEM_NAMES.get(item, name)
        try:
            cents = parse_amount(text)
        except MoneyError:
            problems.append(Problem(item.value, msg("value_not_an_amount", field=label, value=text)))
            continue
        if cents < 0:
            problems.append(Problem(item.value, msg("value_negative", field=label)))
            continue
        cents_by_item[item] = cents
    limit: int | None | object = UNCHANGED
    if form.transfer_limit is not None:
        text = form.transfer_limit.strip()
        if not text:
            limit = None
        else:
            bp = parse_share(text)
            if bp is None:
                problems.append(
                    Problem("transfer_limit", msg("value_not_a_number", field="transfer_rule", value=text))
                )
            elif not 0 <= bp <= 10_000:
                problems.append(Problem("transfer_limit", msg("award_transfer_range", value=text)))
            else:
                limit = bp
    return problems, cents_by_item, limit


def validate_award(form: AwardForm) -> list[Problem]:
    return _check(form)[0]


def _lines(session: Session, project_id: int) -> list[BudgetLine]:
    return list(session.exec(select(BudgetLine).where(col(BudgetLine.project_id) == project_id)).all())


def _award_of(project: Project, lines: list[BudgetLine]) -> Award:
    items: dict[str, int] = {}
    for line in lines:
        items[line.item] = items.get(line.item, 0) + line.awarded_cents
    return Award(project.id or 0, items, sum(items.values()), project.transfer_limit_bp)


def get_award(workspace: Workspace, project_id: int) -> Award:
    with workspace.read_session() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise UserError(msg("project_not_found", id=project_id))
        return _award_of(project, _lines(session, project_id))


def set_award(workspace: Workspace, project_id: int, form: AwardForm) -> Result[Award]:
    """Enter or correct the awarded amounts and the transfer rule: all or nothing."""
    with workspace.session() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise UserError(msg("project_not_found", id=project_id))
        award = apply_award_in(session, project, form)
    return Result(award, Changes.of(Kind.PROJECT, project_id))


def apply_award_in(session: Session, project: Project, form: AwardForm) -> Award:
    """Inside the caller's transaction (a new project saves its award with it)."""
    problems, cents_by_item, limit = _check(form)
    project_id = project.id or 0
    if is_lump_sum(project):
        raise ValidationError([Problem("project", msg("award_lump_sum", project=project.code))])
    if problems:
        raise ValidationError(problems)
    lines = _lines(session, project_id)
    now = utcnow()
    for item, cents in cents_by_item.items():
        of_item = [line for line in lines if line.item == item.value]
        before = sum(line.awarded_cents for line in of_item)
        plain = next((line for line in of_item if line.activity_type is None), None)
        for line in of_item:
            if line is not plain or cents == 0:
                session.delete(line)
        if cents and plain is not None:
            plain.awarded_cents = cents
            plain.updated_at = now
            session.add(plain)
        elif cents:
            plain = BudgetLine(project_id=project_id, item=item.value, awarded_cents=cents)
            session.add(plain)
        session.flush()
        if before != cents:
            if not cents:
                action, line_id = AuditAction.DELETE, of_item[0].id
            else:
                assert plain is not None
                action = AuditAction.UPDATE if of_item else AuditAction.CREATE
                line_id = plain.id
            audit.record(
                session,
                "budget_line",
                line_id or 0,
                action,
                {"project_id": project_id, "item": item.value, "awarded_cents": [before, cents]},
            )
    project_before = {
        "awarded_cents": project.awarded_cents,
        "transfer_limit_bp": project.transfer_limit_bp,
    }
    lines = _lines(session, project_id)
    project.awarded_cents = sum(line.awarded_cents for line in lines)
    if limit is not UNCHANGED:
        project.transfer_limit_bp = limit  # type: ignore[assignment]
    changed = audit.diff(
        project_before,
        {"awarded_cents": project.awarded_cents, "transfer_limit_bp": project.transfer_limit_bp},
    )
    if changed:
        project.updated_at = now
        session.add(project)
        audit.record(session, "project", project_id, AuditAction.UPDATE, changed)
    return _award_of(project, lines)
