"""The finance workbook: Summary (live formulas), Mobilities, Payments, Outstanding, National Agency.

The Summary's committed, realised, paid and outstanding figures are SUMIFS/SUM formulas over the
other sheets' whole columns, so they stay right when finance staff add, edit or delete rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from intervet_desktop.core.budget_figures import PartnershipReport
from intervet_desktop.core.budget_rules import ITEM_NAMES
from intervet_desktop.core.finance_rows import (
    ITEMS,
    LINE_CODES,
    FinanceHead,
    MobilityFinanceRow,
    NaPaymentLine,
    PaymentLedgerRow,
    lines_of_item,
)
from intervet_desktop.exports.xlsx.writer import INT_FORMAT, Column, Formula, XlsxBook, xlsx_book

Tick = Callable[[int, int], None]

MOBILITIES = "Mobilities"
PAYMENTS = "Payments"
OUTSTANDING = "Outstanding"
NA_SHEET = "National Agency"
PACKAGES = "Work packages"
TRANSFERS = "Transfers"
CANCELLED = "cancelled"
REALISED = ("completed", "reported")

LINE_HEADERS = {
    "travel": "Travel",
    "exceptional_travel": "Exceptional travel",
    "individual_support": "Individual support",
    "organisational_support": "Organisational support",
    "inclusion_organisation": "Inclusion support (organisation)",
    "inclusion_real_costs": "Inclusion support (real costs)",
    "course_fees": "Course fees",
    "exceptional_other": "Exceptional costs (other)",
}

MOBILITY_COLUMNS: tuple[Column, ...] = (
    Column("Mobility ID", "int", 11),
    Column("Participant", "text", 28),
    Column("Activity", "text", 14),
    Column("Direction", "text", 11),
    Column("Status", "text", 12),
    Column("Sending organisation", "text", 28),
    Column("Receiving organisation", "text", 28),
    Column("Country", "text", 8),
    Column("Start", "date", 11),
    Column("End", "date", 11),
    *(Column(LINE_HEADERS.get(code, code), "money", 15) for code in LINE_CODES),
    Column("Participant part", "money", 15),
    Column("Organisation part", "money", 15),
    Column("Total grant", "money", 15),
    Column("In kind", "money", 13),
)
STATUS_COL = "E"
FIRST_LINE_COL = 11  # K
IN_KIND_COL = get_column_letter(FIRST_LINE_COL + len(LINE_CODES) + 3)

PAYMENT_COLUMNS: tuple[Column, ...] = (
    Column("Payment ID", "int", 11),
    Column("Mobility ID", "int", 11),
    Column("Participant", "text", 28),
    Column("Kind", "text", 14),
    Column("Due date", "date", 11),
    Column("Paid on", "date", 11),
    Column("Amount", "money", 15),
    Column("Currency", "text", 9),
    Column("FX rate", "decimal", 10),
    Column("Amount EUR", "money", 15),
    Column("Method", "text", 14),
    Column("Reference", "text", 18),
    Column("Note", "text", 30),
)
OUTSTANDING_COLUMNS: tuple[Column, ...] = (
    Column("Payment ID", "int", 11),
    Column("Mobility ID", "int", 11),
    Column("Participant", "text", 28),
    Column("Kind", "text", 14),
    Column("Due date", "date", 11),
    Column("Amount EUR", "money", 15),
    Column("Days overdue", "int", 12),
)
NA_COLUMNS: tuple[Column, ...] = (
    Column("Kind", "text", 18),
    Column("Due date", "date", 11),
    Column("Amount", "money", 15),
    Column("Received on", "date", 12),
    Column("Reference", "text", 20),
)
SUMMARY_COLUMNS: tuple[Column, ...] = (
    Column("Budget item", "text", 32),
    Column("Awarded", "money", 16),
    Column("Committed", "money", 16),
    Column("Realised", "money", 16),
    Column("Remaining", "money", 16),
)

PACKAGE_SUMMARY_COLUMNS: tuple[Column, ...] = (
    Column("Work package", "text", 32),
    Column("Lump sum", "money", 16),
    Column("Costs recorded", "money", 16),
    Column("Completed (lump sum earned)", "money", 16),
    Column("At risk", "money", 16),
)
SHARE_COLUMNS: tuple[Column, ...] = (
    Column("Work package", "text", 14),
    Column("Title", "text", 32),
    Column("Completion %", "int", 12),
    Column("Completed on", "date", 12),
    Column("Partner", "text", 32),
    Column("Share", "money", 15),
)
TRANSFER_COLUMNS: tuple[Column, ...] = (
    Column("Partner", "text", 32),
    Column("Transferred on", "date", 14),
    Column("Amount", "money", 15),
    Column("Reference", "text", 24),
)

NO_MOBILITIES = "This project has no mobilities yet."


def _ref(sheet: str, col: str) -> str:
    return f"'{sheet}'!${col}:${col}"


def committed_formula(item: str) -> Formula:
    parts = [
        f'SUMIFS({_ref(MOBILITIES, _line_col(code))},{_ref(MOBILITIES, STATUS_COL)},"<>{CANCELLED}")'
        for code in lines_of_item(item)
    ]
    return Formula("=" + ("+".join(parts) if parts else "0"))


def realised_formula(item: str) -> Formula:
    parts = [
        f'SUMIFS({_ref(MOBILITIES, _line_col(code))},{_ref(MOBILITIES, STATUS_COL)},"{status}")'
        for code in lines_of_item(item)
        for status in REALISED
    ]
    return Formula("=" + ("+".join(parts) if parts else "0"))


def _line_col(code: str) -> str:
    return str(get_column_letter(FIRST_LINE_COL + LINE_CODES.index(code)))


def _rate(text: str | None) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _partnership_sheets(
    book: XlsxBook, intro: list[str], report: PartnershipReport, na_payments: Sequence[NaPaymentLine]
) -> None:
    """KA220: Summary per work package (live totals), each partner's share, the transfers, the NA."""
    intro.append("A lump-sum partnership: work packages and transfers, no unit-cost budget items.")
    summary = book.sheet("Summary", PACKAGE_SUMMARY_COLUMNS, intro=intro)
    first = summary.header_row + 1
    for wp in report.packages:
        earned = wp.lump_sum_cents if wp.completion_pct >= 100 else 0
        summary.row(
            [f"{wp.code} {wp.title}".strip(), wp.lump_sum_cents, wp.costs_cents, earned, wp.at_risk_cents]
        )
    last = first + summary.rows - 1
    if report.packages:
        summary.row(["Total", *(Formula(f"=SUM({c}{first}:{c}{last})") for c in "BCDE")])
    summary.note("")
    summary.row(
        [
            "Received from the National Agency",
            Formula(f'=SUMIFS({_ref(NA_SHEET, "C")},{_ref(NA_SHEET, "D")},"<>")'),
            None,
            None,
            None,
        ]
    )
    summary.row(["Transferred to partners", Formula(f"=SUM({_ref(TRANSFERS, 'C')})"), None, None, None])
    sheet = book.sheet(PACKAGES, SHARE_COLUMNS)
    for wp in report.packages:
        for partner, cents in wp.shares or (("", 0),):
            sheet.row([wp.code, wp.title, wp.completion_pct, wp.completed_on, partner, cents])
    sheet = book.sheet(TRANSFERS, TRANSFER_COLUMNS)
    for t in report.transfers:
        sheet.row([t.organisation, t.transferred_on, t.amount_cents, t.reference])
    sheet = book.sheet(NA_SHEET, NA_COLUMNS)
    for n in na_payments:
        sheet.row([n.kind, n.due_date, n.amount_cents, n.received_on, n.reference])


def write_finance_workbook(
    target: Path,
    head: FinanceHead,
    mobilities: Iterable[MobilityFinanceRow],
    payments: Iterable[PaymentLedgerRow],
    outstanding: Iterable[PaymentLedgerRow],
    na_payments: Sequence[NaPaymentLine],
    *,
    today: date,
    tick: Tick | None = None,
    partnership: PartnershipReport | None = None,
) -> int:
    """Write the workbook; returns the number of mobility rows. A KA220 partnership (``partnership``)
    has work packages and transfers instead of unit-cost budget items."""
    header = f"{head.code} {head.title}".strip()
    with xlsx_book(target, header, today) as book:
        intro = [f"Finance workbook: {head.code}", head.title or " ", f"Exported on {today.isoformat()}"]
        if partnership is not None:
            _partnership_sheets(book, intro, partnership, na_payments)
            return 0
        if head.mobilities == 0:
            intro.append(NO_MOBILITIES)
        summary = book.sheet("Summary", SUMMARY_COLUMNS, intro=intro)
        first = summary.header_row + 1
        for item in ITEMS:
            row = first + summary.rows
            summary.row(
                [
                    ITEM_NAMES.get(item, item),
                    head.awarded_by_item.get(item, 0),
                    committed_formula(item),
                    realised_formula(item),
                    Formula(f"=B{row}-C{row}"),
                ]
            )
        last = first + summary.rows - 1
        total_row = last + 1
        summary.row(
            [
                "Total",
                head.awarded_cents,
                Formula(f"=SUM(C{first}:C{last})"),
                Formula(f"=SUM(D{first}:D{last})"),
                Formula(f"=B{total_row}-C{total_row}"),
            ]
        )
        summary.note("")
        cash = [
            (
                "Paid to participants (net of recoveries)",
                f'=SUMIFS({_ref(PAYMENTS, "J")},{_ref(PAYMENTS, "F")},"<>")',
            ),
            ("Outstanding to participants", f"=SUM({_ref(OUTSTANDING, 'F')})"),
            ("In kind", f"=SUM({_ref(MOBILITIES, IN_KIND_COL)})"),
            (
                "Received from the National Agency",
                f'=SUMIFS({_ref(NA_SHEET, "C")},{_ref(NA_SHEET, "D")},"<>")',
            ),
            ("Expected from the National Agency", f'=SUMIFS({_ref(NA_SHEET, "C")},{_ref(NA_SHEET, "D")},"")'),
        ]
        for label, formula in cash:
            summary.row([label, Formula(formula), None, None, None])
        count_cell = WriteOnlyCell(
            summary.ws,
            value=f'=COUNTIFS({_ref(MOBILITIES, "A")},">0",{_ref(MOBILITIES, STATUS_COL)},"<>{CANCELLED}")',
        )
        count_cell.number_format = INT_FORMAT
        summary.ws.append(["Mobilities (not cancelled)", count_cell])
        summary.note("")
        summary.note("Paid, outstanding and in kind are per participant, not per budget item.")
        summary.note("Committed and realised are formulas over the Mobilities sheet: they follow its edits.")

        sheet = book.sheet(MOBILITIES, MOBILITY_COLUMNS)
        count = 0
        for m in mobilities:
            sheet.row(
                [
                    m.mobility_id,
                    m.participant,
                    m.activity_type,
                    m.direction,
                    m.status,
                    m.sending,
                    m.receiving,
                    m.destination_country,
                    m.start,
                    m.end,
                    *m.lines,
                    m.participant_cents,
                    m.organisation_cents,
                    m.total_cents,
                    m.in_kind_cents,
                ]
            )
            count += 1
            if tick is not None and count % 2000 == 0:
                tick(count, head.mobilities)
        if count == 0:
            sheet.note(NO_MOBILITIES)

        sheet = book.sheet(PAYMENTS, PAYMENT_COLUMNS)
        for p in payments:
            sheet.row(
                [
                    p.payment_id,
                    p.mobility_id,
                    p.participant,
                    p.kind,
                    p.due_date,
                    p.paid_on,
                    (p.amount_cents, p.currency),
                    p.currency,
                    _rate(p.fx_rate),
                    p.amount_eur_cents,
                    p.method,
                    p.reference,
                    p.note,
                ]
            )
        sheet = book.sheet(OUTSTANDING, OUTSTANDING_COLUMNS)
        for p in outstanding:
            overdue = (today - p.due_date).days if p.due_date is not None else 0
            sheet.row(
                [
                    p.payment_id,
                    p.mobility_id,
                    p.participant,
                    p.kind,
                    p.due_date,
                    p.amount_eur_cents,
                    max(0, overdue),
                ]
            )
        sheet = book.sheet(NA_SHEET, NA_COLUMNS)
        for n in na_payments:
            sheet.row([n.kind, n.due_date, n.amount_cents, n.received_on, n.reference])
        if tick is not None:
            tick(count, head.mobilities)
    return count
