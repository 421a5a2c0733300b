"""Budget: per project, awarded against committed, realised and paid (issue "Budget and
payments" deepens this page with budget items, payment plans and transfers)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from intervet_desktop.services.overview import project_money
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.dialogs.project_settings import ProjectSettingsDialog
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
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.new_project_button = QPushButton(tr(C, "New project…"), self)
        self.new_project_button.setObjectName("new-project")
        self.new_project_button.clicked.connect(lambda: self.open_project_settings(None))
        self.project_button = QPushButton(tr(C, "Project settings…"), self)
        self.project_button.setObjectName("project-settings-button")
        self.project_button.clicked.connect(self._settings_of_selected)
        self.table.itemDoubleClicked.connect(lambda _item: self._settings_of_selected())
        bar.addWidget(self.new_project_button)
        bar.addWidget(self.project_button)
        layout.addLayout(bar)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.chart, 1)
        self.reload()

    def title(self) -> str:
        return tr("Pages", "Budget")

    def extra_shots(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        def prepare() -> QWidget | None:
            if not self.project_ids:
                return None
            dialog = ProjectSettingsDialog(self.ctx, self.project_ids[0], self)
            dialog.show()
            return dialog

        return [("project-settings", prepare)]

    def _settings_of_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.project_ids):
            self.open_project_settings(self.project_ids[row])
        elif self.project_ids:
            self.open_project_settings(self.project_ids[0])

    def open_project_settings(self, project_id: int | None) -> ProjectSettingsDialog:
        dialog = ProjectSettingsDialog(self.ctx, project_id, self)
        dialog.exec()
        return dialog

    def reload(self) -> None:
        rows = project_money(self.ctx.workspace)
        self.project_ids = [p.project_id for p in rows]
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
