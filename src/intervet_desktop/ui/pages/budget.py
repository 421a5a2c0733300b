"""Budget: per project, awarded against committed, realised and paid (issue "Budget and
payments" deepens this page with budget items, payment plans and transfers)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from intervet_desktop.services.overview import project_money
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import money
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.base import Page, page_layout
from intervet_desktop.ui.widgets.charts import Bar, BarChart

C = "BudgetPage"


class BudgetPage(Page):
    key = "budget"
    icon_name = "budget"
    watches = ("mobility", "payment", "project")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, self.title())
        headers = [
            tr(C, "Project"),
            tr(C, "Action"),
            tr(C, "Mobilities"),
            tr(C, "Awarded"),
            tr(C, "Committed"),
            tr(C, "Realised"),
            tr(C, "Paid"),
            tr(C, "Remaining"),
        ]
        self.table = QTableWidget(0, len(headers), self)
        self.table.setObjectName("budget-table")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 290)
        self.chart = BarChart(self)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.chart, 1)
        self.reload()

    def title(self) -> str:
        return tr("Pages", "Budget")

    def reload(self) -> None:
        rows = project_money(self.ctx.workspace)
        self.table.setRowCount(len(rows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, p in enumerate(rows):
            lump = p.action == "KA220-VET"
            values = [
                (p.code, False),
                (p.action, False),
                (str(p.mobilities), True),
                (money(p.awarded_cents), True),
                (money(p.committed_cents), True),
                (money(p.realised_cents), True),
                (money(p.paid_cents), True),
                (tr(C, "lump sums") if lump else money(p.remaining_cents), True),
            ]
            for c, (text, align_right) in enumerate(values):
                item = QTableWidgetItem(text)
                if align_right:
                    item.setTextAlignment(right)
                if c == 7 and not lump and p.remaining_cents < 0:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(r, c, item)
        self.chart.set_bars(
            [
                Bar(
                    p.project_id,
                    p.code,
                    p.committed_cents / 100,
                    f"{p.committed_cents * 100 // max(p.awarded_cents, 1)} %",
                    limit=p.awarded_cents / 100 or None,
                )
                for p in rows
                if p.action != "KA220-VET" and p.awarded_cents
            ]
        )
