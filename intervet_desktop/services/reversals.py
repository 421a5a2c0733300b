"""Corrections without rewriting history: a wrong ledger payment is cancelled by a reversing
entry (the same amount with the opposite sign, pointing at the original, with a reason). The
original stays visible; the plan is recomputed, so the amount can then be recorded again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.errors import UserError, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.db.models import Payment
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.payments import PaymentRow, payment_row, replan

register("payment_not_found", "There is no payment #{id}.")
register(
    "reversal_not_paid", "Payment #{id} is a planned instalment, not a payment made: nothing to reverse."
)
register("reversal_of_reversal", "Payment #{id} is itself a reversal; record the payment again instead.")
register("reversal_twice", "Payment #{id} was already reversed by #{by}.")
register("reversal_date_before", "The reversal ({on}) cannot be dated before the payment ({paid}).")


@dataclass(frozen=True)
class Reversal:
    original: PaymentRow
    reversal: PaymentRow


def reverse_payment(
    workspace: Workspace, payment_id: int, reason: str, on_date: date | None = None
) -> Result[Reversal]:
    """Add the reversing entry of a ledger payment (one transaction), then replan the mobility."""
    on_date = on_date or date.today()
    reason = " ".join(reason.split())
    with workspace.session() as session:
        original = session.get(Payment, payment_id)
        if original is None:
            raise UserError(msg("payment_not_found", id=payment_id))
        if not reason:
            raise ValidationError.single("reason", "field_required", field="reason")
        if original.paid_on is None:
            raise ValidationError.single("payment", "reversal_not_paid", id=payment_id)
        if original.reverses_id is not None:
            raise ValidationError.single("payment", "reversal_of_reversal", id=payment_id)
        earlier = session.exec(select(Payment.id).where(col(Payment.reverses_id) == payment_id)).first()
        if earlier is not None:
            raise ValidationError.single("payment", "reversal_twice", id=payment_id, by=earlier)
        if on_date < original.paid_on:
            raise ValidationError.single("on_date", "reversal_date_before", on=on_date, paid=original.paid_on)
        row = Payment(
            mobility_id=original.mobility_id,
            kind=original.kind,
            amount_cents=-original.amount_cents,
            currency=original.currency,
            amount_eur_cents=-original.amount_eur_cents,
            fx_rate=original.fx_rate,
            fx_date=original.fx_date,
            paid_on=on_date,
            method=original.method,
            reference=f"reversal of #{payment_id}",
            note=reason,
            reverses_id=payment_id,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        audit.record(
            session,
            "payment",
            row.id,
            AuditAction.CREATE,
            {"reverses_id": payment_id, "amount_eur_cents": row.amount_eur_cents, "reason": reason},
        )
        replan(session, original.mobility_id)
        result = Reversal(payment_row(original), payment_row(row))
        mobility_id = original.mobility_id
    return Result(
        result, Changes.of(Kind.PAYMENT, payment_id, result.reversal.id).add(Kind.MOBILITY, [mobility_id])
    )
