"""The figures of the finance workbook, read in a few SQL passes (fast on 100,000 mobilities).

Returns plain DTOs; ``exports.xlsx.finance`` writes them. Rows are generators over one read
connection so a large project is not held in memory twice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from intervet_desktop.core.errors import UserError
from intervet_desktop.core.finance_rows import (
    LINE_CODES,
    FinanceHead,
    MobilityFinanceRow,
    NaPaymentLine,
    PaymentLedgerRow,
)
from intervet_desktop.core.messages import msg
from intervet_desktop.db.models import (
    BudgetLine,
    GrantLine,
    InKindExpense,
    Mobility,
    NaPayment,
    Organisation,
    Payment,
    Person,
    Project,
    table_of,
)
from intervet_desktop.db.workspace import Workspace


def finance_head(workspace: Workspace, project_id: int) -> FinanceHead:
    with workspace.read_session() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise UserError(msg("project_not_found", id=project_id))
        code, title, currency, awarded = project.code, project.title, project.currency, project.awarded_cents
    b = table_of(BudgetLine).c
    m = table_of(Mobility).c
    with workspace.read_engine.connect() as conn:
        by_item: dict[str, int] = {}
        for item, cents in conn.execute(
            select(b.item, func.sum(b.awarded_cents)).where(b.project_id == project_id).group_by(b.item)
        ):
            by_item[str(item)] = int(cents or 0)
        count = conn.execute(select(func.count()).where(m.project_id == project_id)).scalar_one()
    return FinanceHead(
        project_id=project_id,
        code=code,
        title=title,
        currency=currency or "EUR",
        awarded_cents=int(awarded or 0) or sum(by_item.values()),
        awarded_by_item=by_item,
        mobilities=int(count),
    )


def _name(first: Any, last: Any) -> str:
    return f"{first or ''} {last or ''}".strip()


def mobility_rows(workspace: Workspace, project_id: int) -> Iterator[MobilityFinanceRow]:
    m = table_of(Mobility).c
    g = table_of(GrantLine).c
    p = table_of(Person).c
    ik = table_of(InKindExpense).c
    sending = aliased(table_of(Organisation))
    receiving = aliased(table_of(Organisation))
    line_sums = (
        select(
            g.mobility_id.label("mid"),
            *[func.sum(case((g.code == code, g.amount_cents), else_=0)).label(code) for code in LINE_CODES],
        )
        .where(g.mobility_id.in_(select(m.id).where(m.project_id == project_id)))
        .group_by(g.mobility_id)
        .subquery()
    )
    in_kind = (
        select(ik.mobility_id.label("mid"), func.sum(ik.amount_eur_cents).label("eur"))
        .where(ik.mobility_id.in_(select(m.id).where(m.project_id == project_id)))
        .group_by(ik.mobility_id)
        .subquery()
    )
    query = (
        select(
            m.id,
            p.first_name,
            p.last_name,
            m.activity_type,
            m.direction,
            m.status,
            sending.c.name,
            receiving.c.name,
            m.destination_country,
            func.coalesce(m.actual_start, m.planned_start),
            func.coalesce(m.actual_end, m.planned_end),
            m.grant_participant_cents,
            m.grant_organisation_cents,
            m.grant_total_cents,
            func.coalesce(in_kind.c.eur, 0),
            *[func.coalesce(line_sums.c[code], 0) for code in LINE_CODES],
        )
        .select_from(table_of(Mobility))
        .join(table_of(Person), p.id == m.person_id)
        .outerjoin(sending, sending.c.id == m.sending_org_id)
        .outerjoin(receiving, receiving.c.id == m.receiving_org_id)
        .outerjoin(line_sums, line_sums.c.mid == m.id)
        .outerjoin(in_kind, in_kind.c.mid == m.id)
        .where(m.project_id == project_id)
        .order_by(m.participant_sort_key, m.id)
    )
    with workspace.read_engine.connect() as conn:
        for r in conn.execute(query):
            yield MobilityFinanceRow(
                mobility_id=int(r[0]),
                participant=_name(r[1], r[2]),
                activity_type=str(r[3]),
                direction=str(r[4]),
                status=str(r[5]),
                sending=r[6] or "",
                receiving=r[7] or "",
                destination_country=r[8] or "",
                start=r[9],
                end=r[10],
                participant_cents=int(r[11] or 0),
                organisation_cents=int(r[12] or 0),
                total_cents=int(r[13] or 0),
                in_kind_cents=int(r[14] or 0),
                lines=tuple(int(v or 0) for v in r[15:]),
            )


def _coerce_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def payment_rows(
    workspace: Workspace, project_id: int, *, open_only: bool = False
) -> Iterator[PaymentLedgerRow]:
    m = table_of(Mobility).c
    pay = table_of(Payment).c
    p = table_of(Person).c
    query = (
        select(
            pay.id,
            pay.mobility_id,
            p.first_name,
            p.last_name,
            pay.kind,
            pay.due_date,
            pay.paid_on,
            pay.amount_cents,
            pay.currency,
            pay.fx_rate,
            pay.amount_eur_cents,
            pay.method,
            pay.reference,
            pay.note,
        )
        .select_from(table_of(Payment))
        .join(table_of(Mobility), m.id == pay.mobility_id)
        .join(table_of(Person), p.id == m.person_id)
        .where(m.project_id == project_id)
        .order_by(pay.due_date, pay.id)
    )
    if open_only:
        query = query.where(pay.paid_on.is_(None))
    with workspace.read_engine.connect() as conn:
        for r in conn.execute(query):
            yield PaymentLedgerRow(
                payment_id=int(r[0]),
                mobility_id=int(r[1]),
                participant=_name(r[2], r[3]),
                kind=str(r[4]),
                due_date=_coerce_date(r[5]),
                paid_on=_coerce_date(r[6]),
                amount_cents=int(r[7]),
                currency=str(r[8] or "EUR"),
                fx_rate=r[9],
                amount_eur_cents=int(r[10]),
                method=r[11] or "",
                reference=r[12] or "",
                note=r[13] or "",
            )


def na_payment_rows(workspace: Workspace, project_id: int) -> list[NaPaymentLine]:
    na = table_of(NaPayment).c
    with workspace.read_engine.connect() as conn:
        rows = conn.execute(
            select(na.kind, na.due_date, na.amount_cents, na.received_on, na.reference)
            .where(na.project_id == project_id)
            .order_by(na.due_date, na.id)
        ).all()
    return [
        NaPaymentLine(str(k), _coerce_date(d), int(a), _coerce_date(r), ref or "") for k, d, a, r, ref in rows
    ]
