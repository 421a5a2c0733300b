"""Money between the school and others: payments from the National Agency (pre-financing,
further pre-financing, balance; a recovery is stored negative) and, in a KA220 partnership,
transfers from the coordinator to each partner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from intervet_desktop.core.enums import AuditAction, NaPaymentKind, PartnerRole
from intervet_desktop.core.errors import Problem, UserError, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.money import format_cents
from intervet_desktop.core.money_input import past_date, positive_amount
from intervet_desktop.db.models import (
    BudgetLine,
    NaPayment,
    Organisation,
    PartnerTransfer,
    Project,
    ProjectPartner,
    WorkPackage,
    WorkPackageShare,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result

register("na_payment_needs_date", "Enter the date the payment is due or the date it was received.")
register("transfer_not_partner", "{organisation} is not a partner of this project.")
register(
    "na_over_award",
    "Received from the National Agency would be {received}, {over} above the award of {award}. "
    "Give a reason to record it anyway.",
)
register(
    "transfer_over_share",
    "{organisation} has {remaining} left of its share of {share}. Give a reason to transfer more.",
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _eur(cents: int) -> str:
    return format_cents(cents, symbol="EUR")


@dataclass(frozen=True)
class NaPaymentForm:
    kind: str
    amount: str
    due_date: date | None = None
    received_on: date | None = None
    reference: str = ""
    over_limit_reason: str = ""  # given: record it although the award is exceeded


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
    over_limit_reason: str = ""  # given: record it although the partner's share is exceeded


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


def award_total(session: Session, project: Project) -> int:
    """The grant awarded: the project's figure, else its budget items, else its work packages."""
    if project.awarded_cents:
        return project.awarded_cents
    lines = session.exec(
        select(func.coalesce(func.sum(BudgetLine.awarded_cents), 0)).where(
            col(BudgetLine.project_id) == project.id
        )
    ).one()
    if lines:
        return int(lines)
    packages = session.exec(
        select(func.coalesce(func.sum(WorkPackage.lump_sum_cents), 0)).where(
            col(WorkPackage.project_id) == project.id
        )
    ).one()
    return int(packages or 0)


def _check_na(
    session: Session, project: Project, form: NaPaymentForm, today: date, exclude_id: int | None = None
) -> tuple[list[Problem], int | None]:
    problems: list[Problem] = []
    kinds = [k.value for k in NaPaymentKind]
    if form.kind not in kinds:
        problems.append(Problem("kind", msg("unknown_choice", field="kind", value=form.kind, choices=kinds)))
    cents = positive_amount("amount", "amount", form.amount, problems)
    past_date("received_on", "received_on", form.received_on, today, problems, required=False)
    if form.due_date is None and form.received_on is None:
        problems.append(Problem("received_on", msg("na_payment_needs_date")))
    if cents is None or problems:
        return problems, None
    signed = -cents if form.kind == NaPaymentKind.RECOVERY.value else cents
    if form.received_on is not None and signed > 0:
        query = select(func.coalesce(func.sum(NaPayment.amount_cents), 0)).where(
            col(NaPayment.project_id) == project.id, col(NaPayment.received_on).isnot(None)
        )
        if exclude_id is not None:
            query = query.where(col(NaPayment.id) != exclude_id)
        received = int(session.exec(query).one() or 0)
        award = award_total(session, project)
        if received + signed > award and not form.over_limit_reason.strip():
            problems.append(
                Problem(
                    "amount",
                    msg(
                        "na_over_award",
                        received=_eur(received + signed),
                        award=_eur(award),
                        over=_eur(received + signed - award),
                    ),
                )
            )
    return problems, signed


def validate_na_payment(
    workspace: Workspace, project_id: int, form: NaPaymentForm, today: date | None = None
) -> list[Problem]:
    with workspace.read_session() as session:
        return _check_na(session, _project(session, project_id), form, today or date.today())[0]


def _na_row(r: NaPayment) -> NaPaymentRow:
    return NaPaymentRow(r.id or 0, r.kind, r.due_date, r.amount_cents, r.received_on, r.reference)


def _na_values(row: NaPayment) -> dict[str, object]:
    return {
        "kind": row.kind,
        "due_date": _iso(row.due_date),
        "amount_cents": row.amount_cents,
        "received_on": _iso(row.received_on),
        "reference": row.reference,
    }


def record_na_payment(
    workspace: Workspace, project_id: int, form: NaPaymentForm, today: date | None = None
) -> Result[NaPaymentRow]:
    """A payment from (or recovery by) the National Agency; above the award only with a reason."""
    today = today or date.today()
    with workspace.session() as session:
        project = _project(session, project_id)
        problems, signed = _check_na(session, project, form, today)
        if problems:
            raise ValidationError(problems)
        assert signed is not None
        row = NaPayment(
            project_id=project_id,
            kind=form.kind,
            due_date=form.due_date,
            amount_cents=signed,
            received_on=form.received_on,
            reference=form.reference.strip()[:120],
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        changes: dict[str, object] = {"amount_cents": row.amount_cents}
        if form.over_limit_reason.strip():
            changes["over_award_reason"] = form.over_limit_reason.strip()
        audit.record(session, "na_payment", row.id, AuditAction.CREATE, changes)
        result = _na_row(row)
    return Result(result, Changes.of(Kind.NA_PAYMENT, result.id).add(Kind.PROJECT, [project_id]))


def update_na_payment(
    workspace: Workspace, payment_id: int, form: NaPaymentForm, today: date | None = None
) -> Result[NaPaymentRow]:
    today = today or date.today()
    with workspace.session() as session:
        row = session.get(NaPayment, payment_id)
        if row is None:
            raise UserError(msg("not_found", entity="National Agency payment", key="id", value=payment_id))
        project = _project(session, row.project_id)
        problems, signed = _check_na(session, project, form, today, exclude_id=payment_id)
        if problems:
            raise ValidationError(problems)
        assert signed is not None
        before = _na_values(row)
        row.kind, row.due_date, row.amount_cents = form.kind, form.due_date, signed
        row.received_on, row.reference = form.received_on, form.reference.strip()[:120]
        row.updated_at = utcnow()
        session.add(row)
        changed: dict[str, object] = dict(audit.diff(before, _na_values(row)))
        if form.over_limit_reason.strip():
            changed["over_award_reason"] = form.over_limit_reason.strip()
        if changed:
            audit.record(session, "na_payment", payment_id, AuditAction.UPDATE, changed)
        result, project_id = _na_row(row), row.project_id
    return Result(result, Changes.of(Kind.NA_PAYMENT, payment_id).add(Kind.PROJECT, [project_id]))


def delete_na_payment(workspace: Workspace, payment_id: int, reason: str) -> Result[None]:
    with workspace.session() as session:
        row = session.get(NaPayment, payment_id)
        if row is None:
            raise UserError(msg("not_found", entity="National Agency payment", key="id", value=payment_id))
        if not reason.strip():
            raise ValidationError.single("reason", "field_required", field="reason")
        project_id = row.project_id
        audit.record(
            session,
            "na_payment",
            payment_id,
            AuditAction.DELETE,
            {**_na_values(row), "reason": reason.strip()},
        )
        session.delete(row)
    return Result(None, Changes.of(Kind.NA_PAYMENT, payment_id).add(Kind.PROJECT, [project_id]))


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


def partner_share(session: Session, project_id: int, organisation_id: int) -> int:
    """The partner's lump-sum share over every work package of the project."""
    return int(
        session.exec(
            select(func.coalesce(func.sum(WorkPackageShare.amount_cents), 0))
            .join(WorkPackage, col(WorkPackage.id) == col(WorkPackageShare.work_package_id))
            .where(
                col(WorkPackage.project_id) == project_id,
                col(WorkPackageShare.organisation_id) == organisation_id,
            )
        ).one()
        or 0
    )


def _check_transfer(
    session: Session, project_id: int, form: TransferForm, today: date, exclude_id: int | None = None
) -> tuple[list[Problem], int | None, Organisation | None]:
    problems: list[Problem] = []
    cents = positive_amount("amount", "amount", form.amount, problems)
    past_date("transferred_on", "transferred_on", form.transferred_on, today, problems)
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
    elif cents is not None:
        query = select(func.coalesce(func.sum(PartnerTransfer.amount_cents), 0)).where(
            col(PartnerTransfer.project_id) == project_id,
            col(PartnerTransfer.organisation_id) == form.organisation_id,
        )
        if exclude_id is not None:
            query = query.where(col(PartnerTransfer.id) != exclude_id)
        sent = int(session.exec(query).one() or 0)
        share = partner_share(session, project_id, form.organisation_id)
        if sent + cents > share and not form.over_limit_reason.strip():
            problems.append(
                Problem(
                    "amount",
                    msg(
                        "transfer_over_share",
                        organisation=organisation.name,
                        remaining=_eur(max(share - sent, 0)),
                        share=_eur(share),
                    ),
                )
            )
    return problems, cents, organisation


def validate_partner_transfer(
    workspace: Workspace, project_id: int, form: TransferForm, today: date | None = None
) -> list[Problem]:
    with workspace.read_session() as session:
        return _check_transfer(session, project_id, form, today or date.today())[0]


def _transfer_values(row: PartnerTransfer) -> dict[str, object]:
    return {
        "organisation_id": row.organisation_id,
        "transferred_on": _iso(row.transferred_on),
        "amount_cents": row.amount_cents,
        "reference": row.reference,
    }


def record_partner_transfer(
    workspace: Workspace, project_id: int, form: TransferForm, today: date | None = None
) -> Result[TransferRow]:
    """Money sent to a partner; above its remaining share only with a reason."""
    today = today or date.today()
    with workspace.session() as session:
        problems, cents, organisation = _check_transfer(session, project_id, form, today)
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
        changes: dict[str, object] = {"amount_cents": cents, "organisation_id": form.organisation_id}
        if form.over_limit_reason.strip():
            changes["over_share_reason"] = form.over_limit_reason.strip()
        audit.record(session, "partner_transfer", row.id, AuditAction.CREATE, changes)
        result = TransferRow(
            row.id,
            form.organisation_id,
            organisation.name,
            row.transferred_on,
            row.amount_cents,
            row.reference,
        )
    return Result(result, Changes.of(Kind.PARTNER_TRANSFER, result.id).add(Kind.PROJECT, [project_id]))


def update_partner_transfer(
    workspace: Workspace, transfer_id: int, form: TransferForm, today: date | None = None
) -> Result[TransferRow]:
    today = today or date.today()
    with workspace.session() as session:
        row = session.get(PartnerTransfer, transfer_id)
        if row is None:
            raise UserError(msg("not_found", entity="transfer", key="id", value=transfer_id))
        problems, cents, organisation = _check_transfer(
            session, row.project_id, form, today, exclude_id=transfer_id
        )
        if problems:
            raise ValidationError(problems)
        assert cents is not None and form.transferred_on is not None and organisation is not None
        before = _transfer_values(row)
        row.organisation_id, row.transferred_on, row.amount_cents = (
            form.organisation_id,
            form.transferred_on,
            cents,
        )
        row.reference = form.reference.strip()[:120]
        row.updated_at = utcnow()
        session.add(row)
        changed: dict[str, object] = dict(audit.diff(before, _transfer_values(row)))
        if form.over_limit_reason.strip():
            changed["over_share_reason"] = form.over_limit_reason.strip()
        if changed:
            audit.record(session, "partner_transfer", transfer_id, AuditAction.UPDATE, changed)
        result = TransferRow(
            transfer_id,
            row.organisation_id,
            organisation.name,
            row.transferred_on,
            row.amount_cents,
            row.reference,
        )
        project_id = row.project_id
    return Result(result, Changes.of(Kind.PARTNER_TRANSFER, transfer_id).add(Kind.PROJECT, [project_id]))


def delete_partner_transfer(workspace: Workspace, transfer_id: int, reason: str) -> Result[None]:
    with workspace.session() as session:
        row = session.get(PartnerTransfer, transfer_id)
        if row is None:
            raise UserError(msg("not_found", entity="transfer", key="id", value=transfer_id))
        if not reason.strip():
            raise ValidationError.single("reason", "field_required", field="reason")
        project_id = row.project_id
        audit.record(
            session,
            "partner_transfer",
            transfer_id,
            AuditAction.DELETE,
            {**_transfer_values(row), "reason": reason.strip()},
        )
        session.delete(row)
    return Result(None, Changes.of(Kind.PARTNER_TRANSFER, transfer_id).add(Kind.PROJECT, [project_id]))


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
