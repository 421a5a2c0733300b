"""Money between the school and others: payments from the National Agency (pre-financing,
further pre-financing, balance; a recovery is stored negative) and, in a KA220 partnership,
transfers from the coordinator to each partner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import AuditAction, NaPaymentKind, PartnerRole
from intervet_desktop.core.errors import Problem, UserError, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.money_input import past_date, positive_amount
from intervet_desktop.db.models import NaPayment, Organisation, PartnerTransfer, Project, ProjectPartner
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result

register("na_payment_needs_date", "Enter the date the payment is due or the date it was received.")
register("transfer_not_partner", "{organisation} is not a partner of this project.")


@dataclass(frozen=True)
class NaPaymentForm:
    kind: str
    amount: str
    due_date: date | None = None
    received_on: date | None = None
    reference: str = ""


@dataclass(frozen=True)
class NaPaymentRow:
    id: int
    kind: str
    due_date: date | None
    amount_cents: int
    received_on: date | None
    reference: str


@dataclass(frozen=True)
class TransferForm:
    organisation_id: int
    amount: str
    transferred_on: date | None
    reference: str = ""


@dataclass(frozen=True)
class TransferRow:
    id: int
    organisation_id: int
    organisation: str
    transferred_on: date
    amount_cents: int
    reference: str


def _project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise UserError(msg("project_not_found", id=project_id))
    return project


def record_na_payment(
    workspace: Workspace, project_id: int, form: NaPaymentForm, today: date | None = None
) -> Result[NaPaymentRow]:
    today = today or date.today()
    problems: list[Problem] = []
    kinds = [k.value for k in NaPaymentKind]
    if form.kind not in kinds:
        problems.append(Problem("kind", msg("unknown_choice", field="kind", value=form.kind, choices=kinds)))
    cents = positive_amount("amount", "amount", form.amount, problems)
    past_date("received_on", "received_on", form.received_on, today, problems, required=False)
    if form.due_date is None and form.received_on is None:
        problems.append(Problem("received_on", msg("na_payment_needs_date")))
    with workspace.session() as session:
        _project(session, project_id)
        if problems:
            raise ValidationError(problems)
        assert cents is not None
        sign = -1 if form.kind == NaPaymentKind.RECOVERY.value else 1
        row = NaPayment(
            project_id=project_id,
            kind=form.kind,
            due_date=form.due_date,
            amount_cents=sign * cents,
            received_on=form.received_on,
            reference=form.reference.strip()[:120],
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        audit.record(session, "na_payment", row.id, AuditAction.CREATE, {"amount_cents": row.amount_cents})
        result = NaPaymentRow(
            row.id, row.kind, row.due_date, row.amount_cents, row.received_on, row.reference
        )
    return Result(result, Changes.of(Kind.NA_PAYMENT, result.id).add(Kind.PROJECT, [project_id]))


def na_payments(workspace: Workspace, project_id: int) -> list[NaPaymentRow]:
    with workspace.read_session() as session:
        rows = session.exec(
            select(NaPayment)
            .where(col(NaPayment.project_id) == project_id)
            .order_by(col(NaPayment.received_on), col(NaPayment.due_date), col(NaPayment.id))
        ).all()
        return [
            NaPaymentRow(r.id or 0, r.kind, r.due_date, r.amount_cents, r.received_on, r.reference)
            for r in rows
        ]


def record_partner_transfer(
    workspace: Workspace, project_id: int, form: TransferForm, today: date | None = None
) -> Result[TransferRow]:
    today = today or date.today()
    problems: list[Problem] = []
    cents = positive_amount("amount", "amount", form.amount, problems)
    past_date("transferred_on", "transferred_on", form.transferred_on, today, problems)
    with workspace.session() as session:
        _project(session, project_id)
        organisation = session.get(Organisation, form.organisation_id)
        partner = session.exec(
            select(ProjectPartner).where(
                col(ProjectPartner.project_id) == project_id,
                col(ProjectPartner.organisation_id) == form.organisation_id,
            )
        ).first()
        if organisation is None or partner is None or partner.role == PartnerRole.COORDINATOR.value:
            name = organisation.name if organisation else f"#{form.organisation_id}"
            problems.append(Problem("organisation", msg("transfer_not_partner", organisation=name)))
        if problems:
            raise ValidationError(problems)
        assert cents is not None and form.transferred_on is not None and organisation is not None
        row = PartnerTransfer(
            project_id=project_id,
            organisation_id=form.organisation_id,
            transferred_on=form.transferred_on,
            amount_cents=cents,
            reference=form.reference.strip()[:120],
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        audit.record(session, "partner_transfer", row.id, AuditAction.CREATE, {"amount_cents": cents})
        result = TransferRow(
            row.id,
            form.organisation_id,
            organisation.name,
            row.transferred_on,
            row.amount_cents,
            row.reference,
        )
    return Result(result, Changes.of(Kind.PARTNER_TRANSFER, result.id).add(Kind.PROJECT, [project_id]))


def partner_transfers(workspace: Workspace, project_id: int) -> list[TransferRow]:
    with workspace.read_session() as session:
        rows = session.exec(
            select(PartnerTransfer, Organisation.name)
            .join(Organisation, col(Organisation.id) == col(PartnerTransfer.organisation_id))
            .where(col(PartnerTransfer.project_id) == project_id)
            .order_by(col(PartnerTransfer.transferred_on), col(PartnerTransfer.id))
        ).all()
        return [
            TransferRow(t.id or 0, t.organisation_id, name, t.transferred_on, t.amount_cents, t.reference)
            for t, name in rows
        ]
