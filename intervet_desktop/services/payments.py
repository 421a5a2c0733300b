"""Payments to participants: the plan (pre-financing and balance), the ledger, in-kind spending,
recoveries, and the list of payments due.

Payment rows with a ``paid_on`` date are the ledger and are never rewritten. Rows without one
are the open instalments of the plan (and recoveries to collect); ``replan`` replaces them from
the current grant, the in-kind spending and what was paid, so a grant change after payments
produces the balance or the recovery that follows. Other services that change a grant or a
mobility's status call ``replan(session, mobility_id)`` inside their own transaction.

In kind: what the school books itself (tickets, accommodation). The mobility's
``in_kind_travel_cents``/``in_kind_accommodation_cents`` are the estimate agreed with the
participant; once expenses of a kind are recorded, their sum replaces the estimate of that kind.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import and_, case, delete, func, insert, select
from sqlmodel import Session, col

from intervet_desktop.core.enums import AuditAction, InKindKind, MobilityStatus, PaymentKind
from intervet_desktop.core.errors import Problem, UserError, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.money import format_cents
from intervet_desktop.core.money_input import past_date, positive_amount
from intervet_desktop.core.payment_plan import Instalment, PlanFigures, compute_plan, entitlement
from intervet_desktop.db.models import (
    InKindExpense,
    Mobility,
    Payment,
    Person,
    Project,
    table_of,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.fx import Converted, convert_into

log = logging.getLogger(__name__)

register("payment_exceeds_owed", "{amount} is more than the {owed} still owed to this participant.")
register("recovery_exceeds_due", "{amount} is more than the {due} to recover from this participant.")
register("payment_terms_share", "The pre-financing share must be between 0 and 100 % (it is {value}).")
register("payment_terms_days", "The balance deadline must be between 0 and 365 days (it is {value}).")
register("mobility_not_found", "There is no mobility #{id}.")
register("project_not_found", "There is no project #{id}.")

METHODS = ("bank_transfer", "cash", "card", "other")

M = table_of(Mobility).c
PAY = table_of(Payment).c
P = table_of(Person).c
J = table_of(Project).c


@dataclass(frozen=True)
class PaymentForm:
    kind: str
    amount: str
    paid_on: date | None
    currency: str = "EUR"
    method: str = "bank_transfer"
    reference: str = ""
    note: str = ""


@dataclass(frozen=True)
class InKindForm:
    kind: str
    amount: str
    spent_on: date | None
    currency: str = "EUR"
    description: str = ""


@dataclass(frozen=True)
class PaymentRow:
    id: int
    kind: str
    due_date: date | None
    amount_cents: int
    currency: str
    amount_eur_cents: int
    fx_rate: str | None
    fx_date: date | None
    paid_on: date | None
    method: str | None
    reference: str
    note: str
    reverses_id: int | None = None  # a reversing entry: the ledger row it cancels
    reversed_by: int | None = None  # a reversed ledger row: the entry that cancels it


@dataclass(frozen=True)
class InKindRow:
    id: int
    kind: str
    spent_on: date
    description: str
    amount_cents: int
    currency: str
    amount_eur_cents: int
    fx_rate: str | None
    fx_date: date | None


@dataclass(frozen=True)
class MobilityPayments:
    mobility_id: int
    participant: str
    project_code: str
    status: str
    start: date
    end: date
    prefinancing_bp: int
    balance_days: int
    terms_are_defaults: bool
    participant_grant_cents: int
    in_kind_estimate_cents: int
    plan: PlanFigures
    ledger: tuple[PaymentRow, ...]
    open_rows: tuple[PaymentRow, ...]
    in_kind: tuple[InKindRow, ...]


@dataclass(frozen=True)
class DueRow:
    payment_id: int
    mobility_id: int
    participant: str
    project_code: str
    kind: str
    due_date: date
    amount_eur_cents: int
    days_overdue: int

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class DueList:
    rows: tuple[DueRow, ...]
    count: int
    total_cents: int
    overdue_count: int


# ---------------------------------------------------------------- reading
def _row(p: Payment, reversed_by: int | None = None) -> PaymentRow:
    return PaymentRow(
        p.id or 0,
        p.kind,
        p.due_date,
        p.amount_cents,
        p.currency,
        p.amount_eur_cents,
        p.fx_rate,
        p.fx_date,
        p.paid_on,
        p.method,
        p.reference,
        p.note,
        p.reverses_id,
        reversed_by,
    )


payment_row = _row


def _load(session: Session, mobility_id: int) -> tuple[Mobility, Project]:
    mobility = session.get(Mobility, mobility_id)
    if mobility is None:
        raise UserError(msg("mobility_not_found", id=mobility_id))
    project = session.get(Project, mobility.project_id)
    assert project is not None
    return mobility, project


def _in_kind_cents(session: Session, mobility: Mobility) -> int:
    recorded = dict(
        session.execute(
            select(col(InKindExpense.kind), func.sum(col(InKindExpense.amount_eur_cents)))
            .where(col(InKindExpense.mobility_id) == mobility.id)
            .group_by(col(InKindExpense.kind))
        ).all()
    )
    travel = recorded.get(InKindKind.TRAVEL.value, mobility.in_kind_travel_cents)
    accommodation = recorded.get(InKindKind.ACCOMMODATION.value, mobility.in_kind_accommodation_cents)
    return int(travel or 0) + int(accommodation or 0) + int(recorded.get(InKindKind.OTHER.value, 0) or 0)


def _paid_net(session: Session, mobility_id: int) -> int:
    value = session.execute(
        select(func.coalesce(func.sum(PAY.amount_eur_cents), 0)).where(
            PAY.mobility_id == mobility_id, PAY.paid_on.isnot(None)
        )
    ).scalar_one()
    return int(value)


def terms_of(mobility: Mobility, project: Project) -> tuple[int, int]:
    """Pre-financing share and balance days: the mobility's kept terms, else the project's."""
    bp = mobility.terms_prefinancing_bp
    days = mobility.terms_balance_days
    return (
        project.participant_prefinancing_bp if bp is None else bp,
        project.participant_balance_days if days is None else days,
    )


def _figures(
    session: Session,
    mobility: Mobility,
    project: Project,
    today: date,
    terms: tuple[int, int] | None = None,
) -> PlanFigures:
    bp, days = terms or terms_of(mobility, project)
    cancelled = mobility.status == MobilityStatus.CANCELLED.value
    return compute_plan(
        entitlement_cents=entitlement(mobility.grant_participant_cents, cancelled, mobility.force_majeure),
        in_kind_cents=_in_kind_cents(session, mobility),
        paid_cents=_paid_net(session, mobility.id or 0),
        prefinancing_bp=bp,
        balance_days=days,
        start=mobility.actual_start or mobility.planned_start,
        end=mobility.actual_end or mobility.planned_end,
        cancelled=cancelled,
        today=today,
    )


def payment_plan(workspace: Workspace, mobility_id: int, today: date | None = None) -> MobilityPayments:
    today = today or date.today()
    with workspace.read_session() as session:
        mobility, project = _load(session, mobility_id)
        person = session.get(Person, mobility.person_id)
        figures = _figures(session, mobility, project, today)
        rows = (
            session.execute(
                select(Payment)
                .where(col(Payment.mobility_id) == mobility_id)
                .order_by(col(Payment.paid_on), col(Payment.due_date), col(Payment.id))
            )
            .scalars()
            .all()
        )
        expenses = (
            session.execute(
                select(InKindExpense)
                .where(col(InKindExpense.mobility_id) == mobility_id)
                .order_by(col(InKindExpense.spent_on), col(InKindExpense.id))
            )
            .scalars()
            .all()
        )
        reversed_by = {r.reverses_id: r.id for r in rows if r.reverses_id is not None}
        payments = [_row(r, reversed_by.get(r.id)) for r in rows]
        return MobilityPayments(
            mobility_id=mobility_id,
            participant=f"{person.first_name} {person.last_name}" if person else "",
            project_code=project.code,
            status=mobility.status,
            start=mobility.actual_start or mobility.planned_start,
            end=mobility.actual_end or mobility.planned_end,
            prefinancing_bp=terms_of(mobility, project)[0],
            balance_days=terms_of(mobility, project)[1],
            terms_are_defaults=project.terms_are_defaults,
            participant_grant_cents=mobility.grant_participant_cents,
            in_kind_estimate_cents=mobility.in_kind_travel_cents + mobility.in_kind_accommodation_cents,
            plan=figures,
            ledger=tuple(p for p in payments if p.paid_on is not None),
            open_rows=tuple(p for p in payments if p.paid_on is None),
            in_kind=tuple(
                InKindRow(
                    e.id or 0,
                    e.kind,
                    e.spent_on,
                    e.description,
                    e.amount_cents,
                    e.currency,
                    e.amount_eur_cents,
                    e.fx_rate,
                    e.fx_date,
                )
                for e in expenses
            ),
        )


# ---------------------------------------------------------------- the plan
def replan(session: Session, mobility_id: int, today: date | None = None) -> PlanFigures:
    """Replace the open (unpaid) rows of a mobility from its current grant; paid rows stay."""
    today = today or date.today()
    mobility, project = _load(session, mobility_id)
    session.flush()
    figures = _figures(session, mobility, project, today)
    session.execute(delete(Payment).where(PAY.mobility_id == mobility_id, PAY.paid_on.is_(None)))
    now = utcnow()
    rows = [
        _open_row(mobility_id, i.kind, i.due_date, i.outstanding_cents, now)
        for i in figures.instalments
        if i.outstanding_cents > 0
    ]
    if figures.recovery_cents and figures.recovery_due:
        rows.append(
            _open_row(
                mobility_id, PaymentKind.RECOVERY.value, figures.recovery_due, -figures.recovery_cents, now
            )
        )
    if rows:
        session.execute(insert(Payment), rows)
    return figures


def _open_row(mobility_id: int, kind: str, due: date, cents: int, now: object) -> dict[str, object]:
    return {
        "mobility_id": mobility_id,
        "kind": kind,
        "due_date": due,
        "amount_cents": cents,
        "currency": "EUR",
        "amount_eur_cents": cents,
        "reference": "",
        "note": "",
        "created_at": now,
        "updated_at": now,
    }


def refresh_plan(workspace: Workspace, mobility_id: int, today: date | None = None) -> Result[PlanFigures]:
    with workspace.session() as session:
        figures = replan(session, mobility_id, today)
    return Result(figures, Changes.of(Kind.PAYMENT).add(Kind.MOBILITY, [mobility_id]))


def create_plans(workspace: Workspace, project_id: int, today: date | None = None) -> Result[int]:
    """(Re)plan every mobility of a project (after its terms change, or to start the plans)."""
    with workspace.session() as session:
        if session.get(Project, project_id) is None:
            raise UserError(msg("project_not_found", id=project_id))
        ids = [int(i) for (i,) in session.execute(select(M.id).where(M.project_id == project_id))]
        for mobility_id in ids:
            replan(session, mobility_id, today)
    log.info("replanned payments of project %s: %d mobilities", project_id, len(ids))
    return Result(len(ids), Changes.of(Kind.PAYMENT))


# ---------------------------------------------------------------- validation
def _check_payment(
    session: Session, mobility_id: int, form: PaymentForm, today: date
) -> tuple[list[Problem], Converted | None]:
    mobility, project = _load(session, mobility_id)
    problems: list[Problem] = []
    if form.kind not in {k.value for k in PaymentKind}:
        problems.append(
            Problem(
                "kind",
                msg("unknown_choice", field="kind", value=form.kind, choices=[k.value for k in PaymentKind]),
            )
        )
    if form.method and form.method not in METHODS:
        problems.append(
            Problem("method", msg("unknown_choice", field="method", value=form.method, choices=METHODS))
        )
    cents = positive_amount("amount", "amount", form.amount, problems)
    past_date("paid_on", "paid_on", form.paid_on, today, problems)
    converted = convert_into(session, "amount", form.currency, cents, form.paid_on, problems)
    if converted is not None and not any(p.field == "kind" for p in problems):
        figures = _figures(session, mobility, project, today)
        amount = format_cents(converted.amount_eur_cents, symbol="EUR")
        if form.kind == PaymentKind.RECOVERY.value:
            if converted.amount_eur_cents > figures.recovery_cents:
                due = format_cents(figures.recovery_cents, symbol="EUR")
                problems.append(Problem("amount", msg("recovery_exceeds_due", amount=amount, due=due)))
        elif converted.amount_eur_cents > figures.outstanding_cents:
            owed = format_cents(figures.outstanding_cents, symbol="EUR")
            problems.append(Problem("amount", msg("payment_exceeds_owed", amount=amount, owed=owed)))
    return problems, converted


def validate_payment(
    workspace: Workspace, mobility_id: int, form: PaymentForm, today: date | None = None
) -> list[Problem]:
    """What the record-payment form shows next to its fields while the user types."""
    with workspace.read_session() as session:
        return _check_payment(session, mobility_id, form, today or date.today())[0]


# ---------------------------------------------------------------- writes
def record_payment(
    workspace: Workspace, mobility_id: int, form: PaymentForm, today: date | None = None
) -> Result[PaymentRow]:
    """Add a payment to the ledger (a recovery is money coming back: stored negative), then replan."""
    today = today or date.today()
    with workspace.session() as session:
        problems, converted = _check_payment(session, mobility_id, form, today)
        if problems:
            raise ValidationError(problems)
        assert converted is not None
        sign = -1 if form.kind == PaymentKind.RECOVERY.value else 1
        payment = Payment(
            mobility_id=mobility_id,
            kind=form.kind,
            due_date=None,
            amount_cents=sign * converted.amount_cents,
            currency=converted.currency,
            amount_eur_cents=sign * converted.amount_eur_cents,
            fx_rate=converted.fx_rate,
            fx_date=converted.fx_date,
            paid_on=form.paid_on,
            method=form.method or None,
            reference=form.reference.strip()[:120],
            note=form.note.strip(),
        )
        session.add(payment)
        session.flush()
        assert payment.id is not None
        audit.record(
            session,
            "payment",
            payment.id,
            AuditAction.CREATE,
            {"mobility_id": mobility_id, "kind": form.kind, "amount_eur_cents": payment.amount_eur_cents},
        )
        replan(session, mobility_id, today)
        row = _row(payment)
    log.info("payment %s recorded for mobility %s", row.id, mobility_id)
    return Result(row, Changes.of(Kind.PAYMENT, row.id).add(Kind.MOBILITY, [mobility_id]))


def record_in_kind(
    workspace: Workspace, mobility_id: int, form: InKindForm, today: date | None = None
) -> Result[InKindRow]:
    """Record what the school spent itself for the participant; the cash plan shrinks by it."""
    today = today or date.today()
    with workspace.session() as session:
        _load(session, mobility_id)
        problems: list[Problem] = []
        if form.kind not in {k.value for k in InKindKind}:
            problems.append(
                Problem(
                    "kind",
                    msg(
                        "unknown_choice", field="kind", value=form.kind, choices=[k.value for k in InKindKind]
                    ),
                )
            )
        cents = positive_amount("amount", "amount", form.amount, problems)
        past_date("spent_on", "spent_on", form.spent_on, today, problems)
        converted = convert_into(session, "amount", form.currency, cents, form.spent_on, problems)
        if problems:
            raise ValidationError(problems)
        assert converted is not None and form.spent_on is not None
        expense = InKindExpense(
            mobility_id=mobility_id,
            kind=form.kind,
            spent_on=form.spent_on,
            description=form.description.strip()[:300],
            **converted.columns(),
        )
        session.add(expense)
        session.flush()
        assert expense.id is not None
        audit.record(
            session,
            "in_kind_expense",
            expense.id,
            AuditAction.CREATE,
            {"amount_eur_cents": expense.amount_eur_cents},
        )
        replan(session, mobility_id, today)
        row = InKindRow(
            expense.id,
            expense.kind,
            expense.spent_on,
            expense.description,
            expense.amount_cents,
            expense.currency,
            expense.amount_eur_cents,
            expense.fx_rate,
            expense.fx_date,
        )
    return Result(row, Changes.of(Kind.PAYMENT).add(Kind.IN_KIND, [row.id]).add(Kind.MOBILITY, [mobility_id]))


def parse_share(text: str) -> int | None:
    """'80', '80 %', '72,5' -> basis points; None when it is not a number."""
    cleaned = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return int((value * 100).to_integral_value())


def set_payment_terms(
    workspace: Workspace,
    project_id: int,
    prefinancing_share: str,
    balance_days: int,
    today: date | None = None,
) -> Result[None]:
    """The NA's model-agreement terms for the project's participants: they reach only unpaid
    instalments of mobilities not yet completed (``services.payment_terms``)."""
    from intervet_desktop.services.payment_terms import apply_terms

    result = apply_terms(workspace, project_id, prefinancing_share, balance_days, today)
    return Result(None, result.changes)


# ---------------------------------------------------------------- due list
def payments_due(
    workspace: Workspace, today: date | None = None, days: int = 30, limit: int = 500
) -> DueList:
    """Open rows due within ``days`` (and every overdue one), overdue first, then by due date."""
    today = today or date.today()
    window = and_(
        PAY.paid_on.is_(None), PAY.due_date.isnot(None), PAY.due_date <= today + timedelta(days=days)
    )
    participant = (P.first_name + " " + P.last_name).label("participant")
    query = (
        select(PAY.id, PAY.mobility_id, participant, J.code, PAY.kind, PAY.due_date, PAY.amount_eur_cents)
        .select_from(
            table_of(Payment)
            .join(table_of(Mobility), M.id == PAY.mobility_id)
            .join(table_of(Person), P.id == M.person_id)
            .join(table_of(Project), J.id == M.project_id)
        )
        .where(window)
        .order_by(PAY.due_date, PAY.id)
        .limit(limit)
    )
    with workspace.read_engine.connect() as conn:
        count, total, overdue = conn.execute(
            select(
                func.count(),
                func.coalesce(func.sum(PAY.amount_eur_cents), 0),
                func.coalesce(func.sum(case((PAY.due_date < today, 1), else_=0)), 0),
            ).where(window)
        ).one()
        rows = tuple(
            DueRow(
                int(r[0]),
                int(r[1]),
                str(r[2]),
                str(r[3]),
                str(r[4]),
                r[5],
                int(r[6]),
                max((today - r[5]).days, 0),
            )
            for r in conn.execute(query)
        )
    return DueList(rows, int(count), int(total), int(overdue))


__all__ = [
    "METHODS",
    "DueList",
    "DueRow",
    "InKindForm",
    "InKindRow",
    "Instalment",
    "MobilityPayments",
    "PaymentForm",
    "PaymentRow",
    "create_plans",
    "payment_plan",
    "payments_due",
    "record_in_kind",
    "record_payment",
    "refresh_plan",
    "replan",
    "set_payment_terms",
    "validate_payment",
]
