"""The budget report of a project as a PDF: per budget item, per activity, the cash position."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from intervet_desktop.core.budget_figures import ProjectBudget
from intervet_desktop.core.budget_rules import ITEM_NAMES
from intervet_desktop.core.messages import render
from intervet_desktop.core.money import format_cents
from intervet_desktop.exports.reports.pdf_report import para, table, write_report_pdf


def _eur(cents: int | None) -> str:
    return "" if cents is None else format_cents(cents)


def write_budget_pdf(target: Path, budget: ProjectBudget, today: date) -> int:
    story: list[Flowable] = [
        para(f"Budget report: {budget.code}", "title"),
        para(budget.title or "", "subtitle"),
        para(f"{budget.action}, {budget.mobilities} mobilities (not cancelled), in EUR, {today.isoformat()}"),
        para("Per budget item", "heading"),
    ]
    rows = [
        [
            ITEM_NAMES.get(f.item, f.item) if f.room is not None else "Total",
            _eur(f.awarded_cents),
            _eur(f.committed_cents),
            _eur(f.realised_cents),
            _eur(f.remaining_cents),
        ]
        for f in (*budget.items, budget.total)
    ]
    story.append(
        table(
            ["Item", "Awarded", "Committed", "Realised", "Remaining"],
            rows,
            [54 * mm, 30 * mm, 30 * mm, 30 * mm, 30 * mm],
        )
    )
    if budget.activities:
        story += [Spacer(1, 4 * mm), para("Per activity", "heading")]
        rows = [
            [
                a.activity_type,
                str(a.mobilities),
                _eur(a.awarded_cents),
                _eur(a.committed_cents),
                _eur(a.remaining_cents),
            ]
            for a in budget.activities
        ]
        story.append(
            table(
                ["Activity", "Mobilities", "Awarded", "Committed", "Remaining"],
                rows,
                [54 * mm, 24 * mm, 32 * mm, 32 * mm, 32 * mm],
            )
        )
    c = budget.cash
    story += [Spacer(1, 4 * mm), para("Cash position", "heading")]
    cash_rows = [
        ["Received from the National Agency", _eur(c.na_received_cents)],
        ["Expected from the National Agency (entered, not received)", _eur(c.na_outstanding_cents)],
        ["Paid to participants (net of recoveries)", _eur(c.paid_to_participants_cents)],
        ["In kind", _eur(c.in_kind_cents)],
        ["Transferred to partners", _eur(c.transferred_to_partners_cents)],
        ["Cash (received minus spent)", _eur(c.cash_cents)],
        ["Still to receive from the award", _eur(c.to_receive_cents)],
    ]
    story.append(table(["", "EUR"], cash_rows, [120 * mm, 40 * mm]))
    if budget.warnings:
        story += [Spacer(1, 4 * mm), para("Warnings", "heading")]
        story += [para("• " + render(w)) for w in budget.warnings]
    write_report_pdf(target, f"Budget {budget.code}", f"{budget.code} {budget.title}".strip(), today, story)
    return len(budget.items)
