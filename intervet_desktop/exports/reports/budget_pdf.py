"""The budget report of a project as a PDF: per budget item, per activity, the cash position."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from intervet_desktop.core.budget_figures import PartnershipReport, ProjectBudget
from intervet_desktop.core.budget_rules import ITEM_NAMES
from intervet_desktop.core.messages import render
from intervet_desktop.core.money import format_cents
from intervet_desktop.exports.reports.pdf_report import para, table, write_report_pdf


def _eur(cents: int | None) -> str:
    return "" if cents is None else format_cents(cents)


def _partnership(report: PartnershipReport) -> list[Flowable]:
    """KA220: the work packages with each partner's share, the partners and the transfers."""
    story: list[Flowable] = [para("Work packages (lump sums)", "heading")]
    rows: list[list[str]] = []
    for wp in report.packages:
        rows.append(
            [
                f"{wp.code} {wp.title}".strip(),
                _eur(wp.lump_sum_cents),
                f"{wp.completion_pct} %",
                _eur(wp.costs_cents),
                _eur(wp.at_risk_cents),
            ]
        )
        rows += [[f"    share: {name}", _eur(cents), "", "", ""] for name, cents in wp.shares]
    rows.append(
        [
            "Total",
            _eur(sum(w.lump_sum_cents for w in report.packages)),
            "",
            _eur(sum(w.costs_cents for w in report.packages)),
            _eur(sum(w.at_risk_cents for w in report.packages)),
        ]
    )
    story.append(
        table(
            ["Work package", "Lump sum", "Completion", "Costs recorded", "At risk"],
            rows,
            [64 * mm, 28 * mm, 24 * mm, 28 * mm, 28 * mm],
        )
    )
    story += [Spacer(1, 4 * mm), para("Partners", "heading")]
    story.append(
        table(
            ["Partner", "Role", "Lump share", "Transferred", "Still to transfer"],
            [
                [
                    p.organisation,
                    p.role.replace("_", " "),
                    _eur(p.share_cents),
                    _eur(p.transferred_cents),
                    _eur(p.share_cents - p.transferred_cents),
                ]
                for p in report.partners
            ],
            [58 * mm, 26 * mm, 28 * mm, 28 * mm, 32 * mm],
        )
    )
    if report.transfers:
        story += [Spacer(1, 4 * mm), para("Transfers to partners", "heading")]
        story.append(
            table(
                ["Partner", "Date", "Amount", "Reference"],
                [
                    [t.organisation, t.transferred_on.isoformat(), _eur(t.amount_cents), t.reference]
                    for t in report.transfers
                ],
                [64 * mm, 28 * mm, 30 * mm, 50 * mm],
            )
        )
    return story


def write_budget_pdf(
    target: Path, budget: ProjectBudget, today: date, partnership: PartnershipReport | None = None
) -> int:
    """Unit-cost projects: per budget item and activity; KA220 (``partnership``): work packages and
    transfers instead. Both: the cash position and the warnings."""
    story: list[Flowable] = [
        para(f"Budget report: {budget.code}", "title"),
        para(budget.title or "", "subtitle"),
    ]
    if not budget.rates_confirmed:
        story.append(
            para("RATES NOT CONFIRMED: the amounts use rates not yet confirmed from the grant agreement.")
        )
    if partnership is not None:
        story.append(para(f"{budget.action}, lump-sum partnership, in EUR, {today.isoformat()}"))
        story += _partnership(partnership)
        return _finish(target, budget, today, story, len(partnership.packages))
    story += [
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
    return _finish(target, budget, today, story, len(budget.items))


def _finish(target: Path, budget: ProjectBudget, today: date, story: list[Flowable], count: int) -> int:
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
    return count
